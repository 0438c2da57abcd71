package clv

import (
	"cmp"
	"fmt"
	"math"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/mathext"
)

// GammaGamma holds the parameters of the Gamma-Gamma spend model: a
// customer's transaction values are Gamma(P, ν) with ν ~ Gamma(Q, Gamma)
// across customers, independent of the purchase process.
type GammaGamma struct {
	P     float64 `json:"p"`
	Q     float64 `json:"q"`
	Gamma float64 `json:"gamma"`
}

func (m GammaGamma) validate() error {
	for _, p := range []struct {
		name  string
		value float64
	}{{"p", m.P}, {"q", m.Q}, {"gamma", m.Gamma}} {
		if err := checkParameter("Gamma-Gamma", p.name, p.value); err != nil {
			return err
		}
	}
	return nil
}

// PopulationMeanSpend returns the mean transaction value of the population,
// p·γ/(q−1), the expected spend of a customer without repeat purchases. It
// returns an error wrapping ErrInvalidParameter for invalid parameters and
// for q ≤ 1, where the mean is infinite, or ErrOverflow when p·γ/(q−1)
// exceeds the float64 range.
func (m GammaGamma) PopulationMeanSpend() (decimal.Decimal, error) {
	if err := m.validate(); err != nil {
		return decimal.Decimal{}, err
	}
	if m.Q <= 1 {
		return decimal.Decimal{}, fmt.Errorf("%w: Gamma-Gamma q = %v: the population mean spend p·γ/(q−1) needs q > 1",
			ErrInvalidParameter, m.Q)
	}
	return moneyFromFloat(m.P*m.Gamma/(m.Q-1), "Gamma-Gamma population mean spend p·γ/(q−1) with p %v, q %v, gamma %v",
		m.P, m.Q, m.Gamma)
}

// ExpectedSpend returns E[M | x, m̄], the customer's expected value per
// transaction (Fader and Hardie 2013, "The Gamma-Gamma Model of Monetary
// Value"):
//
//	E[M | x, m̄] = p·(γ + x·m̄) / (p·x + q − 1),
//
// a weighted mean of the population mean p·γ/(q−1) and the customer's mean
// repeat value m̄. For a customer with Frequency 0 it is the population
// mean. It returns an error wrapping ErrInvalidParameter (also when
// p·x + q ≤ 1, so for q ≤ 1 and Frequency 0), ErrInvalidCustomer, or
// ErrOverflow naming the customer when the result exceeds the float64
// range.
func (m GammaGamma) ExpectedSpend(c Customer) (decimal.Decimal, error) {
	spend, err := m.expectedSpend(c)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return decimal.NewFromFloat(spend), nil
}

// expectedSpend returns E[M | x, m̄] as a finite float64, or an error
// wrapping ErrOverflow when it is not.
func (m GammaGamma) expectedSpend(c Customer) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if err := c.validateSpend(0); err != nil {
		return 0, err
	}
	// Dividing numerator and denominator by p keeps p·x from overflowing
	// to +Inf, which made a huge p give 0 or NaN. The quotient overflows
	// only when γ + x·m̄ or the spend itself exceeds the float64 range.
	x := float64(c.Frequency)
	denominator := x + (m.Q-1)/m.P // (p·x + q − 1)/p
	if !(denominator > 0) {
		return 0, fmt.Errorf("%w: Gamma-Gamma q = %v: the expected spend for frequency %d needs p·x + q > 1",
			ErrInvalidParameter, m.Q, c.Frequency)
	}
	spend := (m.Gamma + x*c.MeanValue.InexactFloat64()) / denominator
	if math.IsInf(spend, 0) || math.IsNaN(spend) {
		return 0, fmt.Errorf("%w: customer %q: expected spend p·(γ + x·m̄)/(p·x + q − 1) is %v with p %v, q %v, gamma %v, frequency %d, mean value %s",
			ErrOverflow, c.ID, spend, m.P, m.Q, m.Gamma, c.Frequency, shortDecimal(c.MeanValue))
	}
	return spend, nil
}

// LogLikelihood returns the Gamma-Gamma log-likelihood of the customers
// with Frequency ≥ 1 and a positive mean value, with every constant term
// (Fader and Hardie 2013):
//
//	ℓ = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ + (px−1)·ln m̄ + px·ln x
//	    − (px+q)·ln(x·m̄ + γ).
//
// Customers outside the model (Frequency 0, or mean value 0) add nothing;
// FitGammaGamma lists them. It returns an error wrapping
// ErrInvalidParameter, ErrInvalidCustomer or ErrNoCustomers when no
// customer is in the model.
func (m GammaGamma) LogLikelihood(customers []Customer) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	data, _, err := newSpendData(customers)
	if err != nil {
		return 0, err
	}
	theta := []float64{math.Log(m.P), math.Log(m.Q), math.Log(m.Gamma)}
	return -data.totalWeight * data.evaluate(theta, make([]float64, 3)), nil
}

// GammaGammaFit is the result of FitGammaGamma.
type GammaGammaFit struct {
	// Model holds the maximum-likelihood parameters.
	Model GammaGamma `json:"model"`
	// StandardErrors holds the asymptotic standard errors of P, Q and Gamma;
	// nil when the observed information matrix is not positive definite.
	StandardErrors *GammaGamma `json:"standard_errors"`
	// LogLikelihood is the total log-likelihood with every constant term.
	LogLikelihood float64 `json:"log_likelihood"`
	// Customers is the number of customers fitted.
	Customers int `json:"customers"`
	// Excluded lists the customers left out of the fit, in input order.
	Excluded []Exclusion `json:"excluded"`
	// Convergence reports how the optimisation ended.
	Convergence Convergence `json:"convergence"`
}

// Exclusion names a customer that a fit left out and why.
type Exclusion struct {
	// Index is the customer's position in the input slice.
	Index int `json:"index"`
	// ID is the customer's ID.
	ID string `json:"id"`
	// Reason is ReasonNoRepeatPurchases or ReasonZeroMeanValue.
	Reason string `json:"reason"`
}

// Reasons for an Exclusion.
const (
	// ReasonNoRepeatPurchases marks a one-time buyer (Frequency 0): the
	// spend model is defined on repeat transactions only.
	ReasonNoRepeatPurchases = "no repeat purchases"
	// ReasonZeroMeanValue marks a repeat buyer whose repeat purchases are
	// all worth 0: the gamma distribution has no mass at 0.
	ReasonZeroMeanValue = "mean repeat value is 0"
)

// FitGammaGamma fits the Gamma-Gamma model by maximum likelihood to the
// customers with at least one repeat purchase and a positive mean repeat
// value. The others are left out and listed in Excluded. The search is that
// of FitBGNBD over ln p, ln q and ln γ, from p = 1, q = 2 and γ = the mean
// of the mean values. The fit does not constrain q; a fitted q ≤ 1 makes
// PopulationMeanSpend return an error.
//
// It returns an error wrapping ErrInvalidCustomer naming the first invalid
// customer, or ErrNoCustomers when no customer is in the model. When the
// fit is not converged, by the three tests of Convergence, it returns the
// best parameters found together with an error wrapping ErrNotConverged
// that gives Convergence.Reason.
func FitGammaGamma(customers []Customer) (GammaGammaFit, error) {
	data, excluded, err := newSpendData(customers)
	if err != nil {
		return GammaGammaFit{}, err
	}
	start := data.start()
	logParams, conv, earlyStop := maximize(data, start)
	params := expAll(logParams)
	fit := GammaGammaFit{
		Model:         GammaGamma{P: params[0], Q: params[1], Gamma: params[2]},
		LogLikelihood: -data.totalWeight * data.evaluate(logParams, make([]float64, 3)),
		Customers:     int(data.totalWeight),
		Excluded:      excluded,
	}
	se := standardErrors(data, params, data.totalWeight)
	if se != nil {
		fit.StandardErrors = &GammaGamma{P: se[0], Q: se[1], Gamma: se[2]}
	}
	conv.judge([]string{"p", "q", "gamma"}, logParams, start, se != nil, earlyStop)
	fit.Convergence = conv
	if !conv.Converged {
		return fit, fmt.Errorf("%w: Gamma-Gamma on %d customers: %s; after %s (status %s) at p %.4g, q %.4g, gamma %.4g",
			ErrNotConverged, fit.Customers, conv.Reason, conv.Method, conv.Status,
			fit.Model.P, fit.Model.Q, fit.Model.Gamma)
	}
	return fit, nil
}

// spendRow is one distinct (x, m̄) with the number of customers sharing it.
type spendRow struct {
	frequency          int32
	logMean, logX, mxM float64 // ln m̄, ln x, x·m̄
	weight             float64
}

// spendData is the fitting data of the Gamma-Gamma model.
type spendData struct {
	frequencies     []float64
	frequencyWeight []float64
	// logMeanSum is Σ w·ln m̄ per distinct frequency.
	logMeanSum  []float64
	rows        []spendRow
	totalWeight float64
	meanValue   float64
}

// spendKey identifies customers that share a likelihood term.
type spendKey struct {
	frequency int
	mean      float64
}

func newSpendData(customers []Customer) (*spendData, []Exclusion, error) {
	counts, excluded, err := countSpendRows(customers)
	if err != nil {
		return nil, excluded, err
	}
	keys := sortedKeys(counts, func(p, q spendKey) int {
		return cmp.Or(cmp.Compare(p.frequency, q.frequency), cmp.Compare(p.mean, q.mean))
	})

	d := &spendData{}
	for _, w := range counts {
		d.totalWeight += w // a count of customers, exact in any order
	}
	index := indexer(func(k spendKey) float64 { return float64(k.frequency) }, &d.frequencies)
	for _, k := range keys {
		w, x := counts[k], float64(k.frequency)
		d.rows = append(d.rows, spendRow{index(k), math.Log(k.mean), math.Log(x), x * k.mean, w})
		// Dividing each term first keeps the mean finite for mean values
		// near the float64 maximum.
		d.meanValue += w * (k.mean / d.totalWeight)
	}
	d.frequencyWeight = make([]float64, len(d.frequencies))
	d.logMeanSum = make([]float64, len(d.frequencies))
	for _, row := range d.rows {
		d.frequencyWeight[row.frequency] += row.weight
		d.logMeanSum[row.frequency] += row.weight * row.logMean
	}
	return d, excluded, nil
}

// countSpendRows validates the customers, lists those outside the model
// and counts the others sharing each (x, m̄).
func countSpendRows(customers []Customer) (map[spendKey]float64, []Exclusion, error) {
	counts := make(map[spendKey]float64)
	var excluded []Exclusion
	for i, c := range customers {
		if err := c.validateSpend(i); err != nil {
			return nil, nil, err
		}
		switch {
		case c.Frequency == 0:
			excluded = append(excluded, Exclusion{i, c.ID, ReasonNoRepeatPurchases})
		case c.MeanValue.IsZero():
			excluded = append(excluded, Exclusion{i, c.ID, ReasonZeroMeanValue})
		default:
			counts[spendKey{c.Frequency, c.MeanValue.InexactFloat64()}]++
		}
	}
	if len(counts) == 0 {
		return nil, excluded, fmt.Errorf("%w: Gamma-Gamma fit: none of %d customers has a repeat purchase with a positive value",
			ErrNoCustomers, len(customers))
	}
	return counts, excluded, nil
}

// start returns p = 1, q = 2 and γ = the mean of the mean values, where the
// population mean p·γ/(q−1) equals the data's mean.
func (d *spendData) start() []float64 {
	return []float64{0, math.Log(2), math.Log(d.meanValue)}
}

// evaluate returns −ℓ/W at θ = (ln p, ln q, ln γ) and stores the gradient
// with respect to θ in gradient. Per customer:
//
//	∂ℓ/∂p = x·[ψ(px+q) − ψ(px) + ln m̄ + ln x − ln(x·m̄ + γ)]
//	∂ℓ/∂q = ψ(px+q) − ψ(q) + ln γ − ln(x·m̄ + γ)
//	∂ℓ/∂γ = q/γ − (px+q)/(x·m̄ + γ)
func (d *spendData) evaluate(theta, gradient []float64) float64 {
	p, q, gamma := math.Exp(theta[0]), math.Exp(theta[1]), math.Exp(theta[2])
	logGamma := math.Log(gamma)
	ll := d.totalWeight * (q*logGamma - lgamma(q))
	gq := d.totalWeight * (logGamma - mathext.Digamma(q))
	gGamma := d.totalWeight * q / gamma
	gp := 0.0
	for i, x := range d.frequencies {
		w, px := d.frequencyWeight[i], p*x
		psiPXQ := mathext.Digamma(px + q)
		ll += w*(lgamma(px+q)-lgamma(px)) - d.logMeanSum[i]
		gp += w * x * (psiPXQ - mathext.Digamma(px))
		gq += w * psiPXQ
	}
	for _, row := range d.rows {
		x := d.frequencies[row.frequency]
		px := p * x
		logTotal := math.Log(row.mxM + gamma)
		ll += row.weight * (px*row.logMean + px*row.logX - (px+q)*logTotal)
		gp += row.weight * x * (row.logMean + row.logX - logTotal)
		gq -= row.weight * logTotal
		gGamma -= row.weight * (px + q) / (row.mxM + gamma)
	}

	scale := -1 / d.totalWeight
	gradient[0] = scale * gp * p
	gradient[1] = scale * gq * q
	gradient[2] = scale * gGamma * gamma
	return scale * ll
}
