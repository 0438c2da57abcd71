package clv

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/mathext"
)

// BGNBDFit is the result of FitBGNBD.
type BGNBDFit struct {
	// Model holds the maximum-likelihood parameters.
	Model BGNBD `json:"model"`
	// StandardErrors holds the asymptotic standard errors of R, Alpha, A
	// and B from the inverse observed information matrix. It is nil when
	// that matrix is not positive definite at the returned parameters.
	StandardErrors *BGNBDStandardErrors `json:"standard_errors"`
	// LogLikelihood is the total log-likelihood with every constant term.
	LogLikelihood float64 `json:"log_likelihood"`
	// Customers is the number of customers fitted; DistinctRows is the
	// number of distinct (x, tₓ, T) rows the likelihood was evaluated on.
	Customers    int `json:"customers"`
	DistinctRows int `json:"distinct_rows"`
	// Convergence reports how the optimisation ended.
	Convergence Convergence `json:"convergence"`
}

// BGNBDStandardErrors holds standard errors of the BG/NBD parameters, in the
// units of the parameters.
type BGNBDStandardErrors struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	A     float64 `json:"a"`
	B     float64 `json:"b"`
}

// FitBGNBD fits the BG/NBD model to the customers by maximum likelihood,
// with time measured in unit (Week for the published CDNOW fits).
//
// Customers with the same (x, tₓ, T) are compressed into one weighted row.
// The search runs over the logarithms of r, α, a and b with gonum's BFGS and
// the analytic gradient, from r = a = b = 1 and α = the mean age. If BFGS
// does not reach GradientTolerance, Nelder-Mead restarts from BFGS's best
// point and BFGS polishes its result.
//
// It returns an error wrapping ErrNoCustomers (also when no customer has a
// repeat purchase, where the likelihood has no maximum), ErrInvalidHorizon for a
// non-positive unit, or ErrInvalidCustomer naming the index and id of the
// first invalid customer. When the fit is not converged, by the three
// tests of Convergence, it returns the best parameters found together with
// an error wrapping ErrNotConverged that gives Convergence.Reason. That
// includes a gradient that meets the tolerance only because the parameters
// ran off to a boundary, as when no interior maximum exists.
func FitBGNBD(customers []Customer, unit time.Duration) (BGNBDFit, error) {
	if err := checkUnit(unit); err != nil {
		return BGNBDFit{}, err
	}
	data, err := newBGNBDData(customers, unit)
	if err != nil {
		return BGNBDFit{}, err
	}

	start := data.start()
	logParams, conv, earlyStop := maximize(data, start)
	params := expAll(logParams)
	model := BGNBD{R: params[0], Alpha: params[1], A: params[2], B: params[3], Unit: unit}
	fit := BGNBDFit{
		Model:         model,
		LogLikelihood: -data.totalWeight * data.evaluate(logParams, make([]float64, 4)),
		Customers:     len(customers),
		DistinctRows:  len(data.rows),
	}
	se := standardErrors(data, params, data.totalWeight)
	if se != nil {
		fit.StandardErrors = &BGNBDStandardErrors{R: se[0], Alpha: se[1], A: se[2], B: se[3]}
	}
	conv.judge([]string{"r", "alpha", "a", "b"}, logParams, start, se != nil, earlyStop)
	fit.Convergence = conv
	if !conv.Converged {
		return fit, fmt.Errorf("%w: BG/NBD on %d customers: %s; after %s (status %s) at r %.4g, alpha %.4g, a %.4g, b %.4g%s",
			ErrNotConverged, len(customers), conv.Reason, conv.Method, conv.Status,
			model.R, model.Alpha, model.A, model.B, boundaryHint(model))
	}
	return fit, nil
}

// boundaryHint explains the common case of a likelihood without a maximum:
// a and b growing together, so that the dropout probability a/(a+b) is the
// same for every customer and the beta distribution degenerates.
func boundaryHint(m BGNBD) string {
	if m.A < 1e4 || m.B < 1e4 {
		return ""
	}
	return fmt.Sprintf("; a and b grow without bound with a/(a+b) near %.4g, as when every customer shares one dropout probability", m.A/(m.A+m.B))
}

// bgnbdRow is one distinct (x, tₓ, T) with the number of customers sharing
// it. The indexes point into bgnbdData's tables of distinct values, so each
// evaluation takes one logarithm per distinct value rather than per row.
type bgnbdRow struct {
	frequency, recency, age int32
	weight                  float64
}

// bgnbdData is the compressed fitting data and the scratch space of one
// likelihood evaluation.
type bgnbdData struct {
	frequencies, recencies, ages []float64
	// frequencyWeight[i] is the number of customers with frequencies[i].
	frequencyWeight []float64
	rows            []bgnbdRow
	totalWeight     float64
	meanAge         float64

	// Per-evaluation tables, indexed like the distinct values.
	logRecency, invRecency, logAge, invAge []float64
	logC, invBX                            []float64
}

// bgnbdKey identifies customers that share a likelihood term.
type bgnbdKey struct {
	frequency    int
	recency, age time.Duration
}

func newBGNBDData(customers []Customer, unit time.Duration) (*bgnbdData, error) {
	counts, ageSum, err := countBGNBDRows(customers, unit)
	if err != nil {
		return nil, err
	}
	keys := sortedKeys(counts, func(p, q bgnbdKey) int {
		return cmp.Or(cmp.Compare(p.frequency, q.frequency), cmp.Compare(p.age, q.age), cmp.Compare(p.recency, q.recency))
	})

	d := &bgnbdData{totalWeight: float64(len(customers)), meanAge: ageSum / float64(len(customers))}
	frequencyIndex := indexer(func(k bgnbdKey) float64 { return float64(k.frequency) }, &d.frequencies)
	recencyIndex := indexer(func(k bgnbdKey) float64 { return inUnit(k.recency, unit) }, &d.recencies)
	ageIndex := indexer(func(k bgnbdKey) float64 { return inUnit(k.age, unit) }, &d.ages)
	for _, k := range keys {
		d.rows = append(d.rows, bgnbdRow{frequencyIndex(k), recencyIndex(k), ageIndex(k), counts[k]})
	}
	d.frequencyWeight = make([]float64, len(d.frequencies))
	for _, row := range d.rows {
		d.frequencyWeight[row.frequency] += row.weight
	}
	d.allocateScratch()
	return d, nil
}

// countBGNBDRows validates the customers and counts those sharing each
// (x, tₓ, T). It also returns the sum of the ages in unit.
func countBGNBDRows(customers []Customer, unit time.Duration) (map[bgnbdKey]float64, float64, error) {
	if len(customers) == 0 {
		return nil, 0, fmt.Errorf("%w: BG/NBD fit", ErrNoCustomers)
	}
	counts := make(map[bgnbdKey]float64)
	ageSum, repeatBuyers := 0.0, 0
	for i, c := range customers {
		if err := c.validate(i); err != nil {
			return nil, 0, err
		}
		counts[bgnbdKey{c.Frequency, c.Recency, c.Age}]++
		ageSum += inUnit(c.Age, unit)
		if c.Frequency > 0 {
			repeatBuyers++
		}
	}
	if repeatBuyers == 0 {
		// Without a repeat purchase the likelihood r·ln(α/(α+T)) grows
		// towards r = 0 and does not depend on a and b: no maximum exists.
		return nil, 0, fmt.Errorf("%w: BG/NBD fit: none of %d customers has a repeat purchase", ErrNoCustomers, len(customers))
	}
	return counts, ageSum, nil
}

// sortedKeys returns the keys of counts in the order of compare, so that
// the likelihood sums its rows in the same order on every run.
func sortedKeys[K comparable](counts map[K]float64, compare func(K, K) int) []K {
	keys := make([]K, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compare)
	return keys
}

// indexer returns a function that maps a key to the index of its value in
// *values, appending values not seen before.
func indexer[K any](value func(K) float64, values *[]float64) func(K) int32 {
	index := make(map[float64]int32)
	return func(k K) int32 {
		v := value(k)
		i, ok := index[v]
		if !ok {
			i = int32(len(*values))
			index[v] = i
			*values = append(*values, v)
		}
		return i
	}
}

func (d *bgnbdData) allocateScratch() {
	d.logRecency = make([]float64, len(d.recencies))
	d.invRecency = make([]float64, len(d.recencies))
	d.logAge = make([]float64, len(d.ages))
	d.invAge = make([]float64, len(d.ages))
	d.logC = make([]float64, len(d.frequencies))
	d.invBX = make([]float64, len(d.frequencies))
}

// start returns the initial log-parameters: r = a = b = 1 and α = the mean
// age, so that the start does not depend on the time unit.
func (d *bgnbdData) start() []float64 {
	alpha := d.meanAge
	if !(alpha > 0) {
		alpha = 1
	}
	return []float64{0, math.Log(alpha), 0, 0}
}

// evaluate returns −ℓ/W, the mean negative log-likelihood per customer, at
// log-parameters θ = (ln r, ln α, ln a, ln b), and stores its gradient with
// respect to θ in gradient.
//
// Per customer, with L = ln[(α+T)^−(r+x) + 1{x>0}·a/(b+x−1)·(α+tₓ)^−(r+x)]
// and w the share of the second term in the bracket:
//
//	∂ℓ/∂r = ψ(r+x) − ψ(r) + ln α − (1−w)·ln(α+T) − w·ln(α+tₓ)
//	∂ℓ/∂α = r/α − (r+x)·[(1−w)/(α+T) + w/(α+tₓ)]
//	∂ℓ/∂a = ψ(a+b) − ψ(a+b+x) + w/a
//	∂ℓ/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − w/(b+x−1)
func (d *bgnbdData) evaluate(theta, gradient []float64) float64 {
	r, alpha, a, b := math.Exp(theta[0]), math.Exp(theta[1]), math.Exp(theta[2]), math.Exp(theta[3])
	ll, gr, gAlpha, ga, gb := d.frequencyTerms(r, alpha, a, b)
	d.fillTables(alpha, a, b)

	for _, row := range d.rows {
		x := d.frequencies[row.frequency]
		rx := r + x
		first := -rx * d.logAge[row.age]
		if x == 0 {
			ll += row.weight * first
			gr -= row.weight * d.logAge[row.age]
			gAlpha -= row.weight * rx * d.invAge[row.age]
			continue
		}
		second := d.logC[row.frequency] - rx*d.logRecency[row.recency]
		share, logSum := shareAndLogSum(first, second)
		ll += row.weight * logSum
		gr -= row.weight * ((1-share)*d.logAge[row.age] + share*d.logRecency[row.recency])
		gAlpha -= row.weight * rx * ((1-share)*d.invAge[row.age] + share*d.invRecency[row.recency])
		ga += row.weight * share / a
		gb -= row.weight * share * d.invBX[row.frequency]
	}

	scale := -1 / d.totalWeight
	gradient[0] = scale * gr * r
	gradient[1] = scale * gAlpha * alpha
	gradient[2] = scale * ga * a
	gradient[3] = scale * gb * b
	return scale * ll
}

// frequencyTerms returns the log-likelihood terms that depend on x only
// (the gamma and beta functions and r·ln α), summed over customers, with
// their partial derivatives.
func (d *bgnbdData) frequencyTerms(r, alpha, a, b float64) (ll, gr, gAlpha, ga, gb float64) {
	lgR, lgB, lgAB := lgamma(r), lgamma(b), lgamma(a+b)
	psiR, psiB, psiAB := mathext.Digamma(r), mathext.Digamma(b), mathext.Digamma(a+b)
	for i, x := range d.frequencies {
		w := d.frequencyWeight[i]
		if x == 0 {
			continue
		}
		ll += w * (lgamma(r+x) - lgR + lgamma(b+x) - lgB + lgAB - lgamma(a+b+x))
		psiABX := mathext.Digamma(a + b + x)
		gr += w * (mathext.Digamma(r+x) - psiR)
		ga += w * (psiAB - psiABX)
		gb += w * (psiAB + mathext.Digamma(b+x) - psiB - psiABX)
	}
	ll += d.totalWeight * r * math.Log(alpha)
	gr += d.totalWeight * math.Log(alpha)
	gAlpha += d.totalWeight * r / alpha
	return ll, gr, gAlpha, ga, gb
}

// fillTables computes the logarithms and reciprocals that the rows share.
func (d *bgnbdData) fillTables(alpha, a, b float64) {
	for i, t := range d.recencies {
		d.logRecency[i] = math.Log(alpha + t)
		d.invRecency[i] = 1 / (alpha + t)
	}
	for i, t := range d.ages {
		d.logAge[i] = math.Log(alpha + t)
		d.invAge[i] = 1 / (alpha + t)
	}
	logA := math.Log(a)
	for i, x := range d.frequencies {
		if x > 0 {
			d.logC[i] = logA - math.Log(b+(x-1)) // not (b+x)−1, which rounds b away
			d.invBX[i] = 1 / (b + (x - 1))
		}
	}
}

// shareAndLogSum returns w = eʸ/(eˣ + eʸ) and ln(eˣ + eʸ) without overflow.
func shareAndLogSum(x, y float64) (share, logSum float64) {
	if x >= y {
		e := math.Exp(y - x)
		return e / (1 + e), x + math.Log1p(e)
	}
	e := math.Exp(x - y)
	return 1 / (1 + e), y + math.Log1p(e)
}
