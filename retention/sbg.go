package retention

import (
	"math"

	"gonum.org/v1/gonum/optimize"
)

// SBG is a shifted-beta-geometric model of contractual renewals (Fader and
// Hardie, "How to Project Customer Retention", Journal of Interactive
// Marketing 21(1), 2007). Each customer churns at each renewal with a
// fixed probability θ, and θ varies across customers as Beta(Alpha, Beta).
// Periods are renewal periods, counted from 1.
type SBG struct {
	Alpha float64 `json:"alpha"`
	Beta  float64 `json:"beta"`
	// LogLikelihood is the maximised log-likelihood, constants included.
	LogLikelihood float64 `json:"log_likelihood"`
	// Customers is the cohort size and Periods the number of periods
	// observed in the fit.
	Customers int64 `json:"customers"`
	Periods   int   `json:"periods"`
}

// Survival returns S(t) = B(α, β + t)/B(α, β), the share of the cohort
// still active after t periods; S(0) = 1. It projects beyond the fitted
// periods. A negative t gives 1. It returns an error wrapping
// ErrInvalidModel when Alpha or Beta is not positive and finite, as in
// the zero SBG.
func (m SBG) Survival(t int) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if t <= 0 {
		return 1, nil
	}
	return math.Exp(logBeta(m.Alpha, m.Beta+float64(t)) - logBeta(m.Alpha, m.Beta)), nil
}

// ChurnProbability returns P(T = t) = B(α + 1, β + t − 1)/B(α, β), the
// share of the cohort that churns at period t (t ≥ 1); 0 for t < 1. It
// returns an error wrapping ErrInvalidModel as Survival does.
func (m SBG) ChurnProbability(t int) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if t < 1 {
		return 0, nil
	}
	return math.Exp(logBeta(m.Alpha+1, m.Beta+float64(t)-1) - logBeta(m.Alpha, m.Beta)), nil
}

// Retention returns the retention rate of period t, r_t = S(t)/S(t − 1) =
// (β + t − 1)/(α + β + t − 1), which rises with t because the customers
// most likely to churn leave first (t ≥ 1; 1 for t < 1). It returns an
// error wrapping ErrInvalidModel as Survival does.
func (m SBG) Retention(t int) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if t < 1 {
		return 1, nil
	}
	return (m.Beta + float64(t) - 1) / (m.Alpha + m.Beta + float64(t) - 1), nil
}

// validate returns an error wrapping ErrInvalidModel unless α and β are
// positive and finite.
func (m SBG) validate() error {
	if !(m.Alpha > 0 && m.Beta > 0) || math.IsInf(m.Alpha, 1) || math.IsInf(m.Beta, 1) {
		return errorf(ErrInvalidModel, "sBG: α = %v and β = %v must be positive and finite", m.Alpha, m.Beta)
	}
	return nil
}

func logBeta(a, b float64) float64 {
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}

// sbgLogLikelihood returns Σ_{t=1..K} n_t ln P(T = t) + s_K ln S(K), with
// n_t the customers lost in period t and s_K those left after K periods.
func sbgLogLikelihood(alpha, beta float64, survivors []int64) float64 {
	lb := logBeta(alpha, beta)
	ll := 0.0
	for t := 1; t < len(survivors); t++ {
		if lost := survivors[t-1] - survivors[t]; lost > 0 {
			ll += float64(lost) * (logBeta(alpha+1, beta+float64(t)-1) - lb)
		}
	}
	k := len(survivors) - 1
	if left := survivors[k]; left > 0 {
		ll += float64(left) * (logBeta(alpha, beta+float64(k)) - lb)
	}
	return ll
}

// FitSBG fits the shifted-beta-geometric model by maximum likelihood to a
// cohort's survivor counts: survivors[0] is the cohort size and
// survivors[t] the customers still active after t renewal periods. It
// maximises over ln α and ln β with gonum's Nelder-Mead simplex.
//
// It returns an error wrapping ErrInvalidCounts for fewer than three
// counts, because with one period only α/(α + β) is identified and any α,
// β with that ratio fits equally well. A first count that is not positive
// or above 2⁵³ gives the same error, since the likelihood is computed in
// float64, which holds larger counts inexactly. So do a negative count and
// a count above the one before, named by index. It returns
// ErrNoConvergence when no customer or every customer churned (the
// likelihood has no finite maximum), the optimiser fails, or the fit is
// numerically meaningless (parameters outside 1e-8..1e8 or a positive
// log-likelihood).
func FitSBG(survivors []int64) (SBG, error) {
	if err := validateSurvivors(survivors); err != nil {
		return SBG{}, err
	}
	k := len(survivors) - 1
	if survivors[k] == survivors[0] || survivors[k] == 0 {
		return SBG{}, errorf(ErrNoConvergence,
			"sBG fit: %d of %d customers left after %d periods: the likelihood has no finite maximum",
			survivors[k], survivors[0], k)
	}

	problem := optimize.Problem{Func: func(x []float64) float64 {
		ll := sbgLogLikelihood(math.Exp(x[0]), math.Exp(x[1]), survivors)
		if math.IsNaN(ll) {
			return math.Inf(1)
		}
		return -ll
	}}
	settings := &optimize.Settings{Converger: &optimize.FunctionConverge{Absolute: 1e-12, Iterations: 200}}
	result, err := optimize.Minimize(problem, []float64{0, 0}, settings, &optimize.NelderMead{})
	if err != nil {
		return SBG{}, errorf(ErrNoConvergence, "sBG fit: %v", err)
	}
	alpha, beta := math.Exp(result.X[0]), math.Exp(result.X[1])
	if !isUsable(alpha) || !isUsable(beta) {
		return SBG{}, errorf(ErrNoConvergence, "sBG fit: parameters α = %v, β = %v out of range", alpha, beta)
	}
	if ll := -result.F; !(ll <= 0) {
		return SBG{}, errorf(ErrNoConvergence, "sBG fit: log-likelihood %v of probabilities is not at most 0", ll)
	}
	return SBG{Alpha: alpha, Beta: beta, LogLikelihood: -result.F, Customers: survivors[0], Periods: k}, nil
}

// isUsable reports whether a fitted parameter is finite and within a range
// where the likelihood is numerically meaningful.
func isUsable(x float64) bool { return x > 1e-8 && x < 1e8 }

func validateSurvivors(survivors []int64) error {
	if len(survivors) < 3 {
		return errorf(ErrInvalidCounts,
			"sBG fit: %d survivor counts, need the cohort size and at least two periods to identify α and β",
			len(survivors))
	}
	if survivors[0] <= 0 || survivors[0] > 1<<53 {
		return errorf(ErrInvalidCounts, "sBG fit: cohort size %d outside 1..2^53", survivors[0])
	}
	for t := 1; t < len(survivors); t++ {
		if survivors[t] < 0 || survivors[t] > survivors[t-1] {
			return errorf(ErrInvalidCounts, "sBG fit: survivors[%d] = %d outside 0..%d (survivors[%d])",
				t, survivors[t], survivors[t-1], t-1)
		}
	}
	return nil
}
