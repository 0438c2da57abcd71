package retention

import "math"

// RMST is a restricted mean survival time: the mean tenure up to a horizon
// Tau, the area under the survival curve from 0 to Tau.
type RMST struct {
	Tau float64 `json:"tau"`
	// Estimate is ∫₀^Tau Ŝ(u) du, in [0, Tau].
	Estimate float64 `json:"estimate"`
	// Variance is the sampling variance of Estimate.
	Variance float64 `json:"variance"`
	StdErr   float64 `json:"std_err"`
	// Interval is Estimate ± z·StdErr at the curve's confidence level.
	Interval Interval `json:"interval"`
}

// RMST returns the restricted mean survival time up to tau,
//
//	RMST(τ) = ∫₀^τ Ŝ(u) du
//	Var     = Σ_{tᵢ ≤ τ} Aᵢ² dᵢ / (nᵢ(nᵢ − dᵢ)),   Aᵢ = ∫_{tᵢ}^τ Ŝ(u) du
//
// the variance of the estimator (Klein and Moeschberger, Survival Analysis,
// 2nd ed., section 4.5, as R's survRM2 computes it), not the much larger
// variance of min(T, τ) across customers. A time where every subject at
// risk churned adds no term: Ŝ is 0 after it, so Aᵢ = 0. The interval is the
// normal one, Estimate ± z·StdErr, at the curve's confidence level.
//
// It returns an error wrapping ErrInvalidDuration when tau is not positive
// and finite, and ErrBeyondFollowUp when tau is after the last observed
// time while the curve is above 0.
func (c Curve) RMST(tau float64) (RMST, error) {
	if !(tau > 0) || math.IsInf(tau, 1) {
		return RMST{}, errorf(ErrInvalidDuration, "RMST horizon %v is not positive and finite", tau)
	}
	if len(c.Points) > 0 {
		last := c.Points[len(c.Points)-1]
		if tau > last.Time && last.Survival > 0 {
			return RMST{}, errorf(ErrBeyondFollowUp,
				"RMST horizon %v after the last observed time %v with survival %v", tau, last.Time, last.Survival)
		}
	}

	// Walk the steps from τ down so that Aᵢ, the area from tᵢ to τ, is a
	// running sum.
	end := len(c.Points)
	for end > 0 && c.Points[end-1].Time > tau {
		end--
	}
	var area, variance float64
	right := tau
	for i := end - 1; i >= 0; i-- {
		p := c.Points[i]
		area += p.Survival * (right - p.Time)
		right = p.Time
		if p.Events > 0 && p.Events < p.AtRisk {
			d, n := float64(p.Events), float64(p.AtRisk)
			variance += area * area * d / (n * (n - d))
		}
	}
	area += right // Ŝ = 1 from 0 to the first time

	r := RMST{Tau: tau, Estimate: area, Variance: variance, StdErr: math.Sqrt(variance)}
	z, err := c.z()
	if err != nil {
		return RMST{}, err
	}
	r.Interval = Interval{Lower: area - z*r.StdErr, Upper: area + z*r.StdErr, Confidence: c.Options.Confidence}
	return r, nil
}

// z returns the normal quantile of the curve's confidence level.
func (c Curve) z() (float64, error) {
	_, z, err := c.Options.resolve()
	return z, err
}
