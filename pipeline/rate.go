package pipeline

import (
	"fmt"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Interval is a two-sided confidence interval with Lower ≤ Upper, in the unit
// of the estimate it surrounds (a fraction in [0, 1] for a Rate).
type Interval = stats.Interval

// Rate is a share of counted items: Numerator of Denominator, with Value =
// Numerator / Denominator as a fraction in [0, 1]. Functions return a Rate
// only with Denominator > 0, and an empty denominator is an error instead.
type Rate struct {
	Numerator   int64   `json:"numerator"`
	Denominator int64   `json:"denominator"`
	Value       float64 `json:"value"`
}

// newRate returns k of n. The caller guarantees 0 ≤ k ≤ n and n > 0.
func newRate(k, n int64) Rate {
	return Rate{Numerator: k, Denominator: n, Value: float64(k) / float64(n)}
}

// Interval returns the Wilson score interval of the rate at the given
// confidence (for example 0.95). It works at Value 0 and 1, where the Wald
// interval collapses.
//
// Errors: ErrConfidence for a confidence outside (0, 1); ErrNoDeals for a
// Rate with Denominator 0, which no function of this package returns;
// ErrInvalidCounts unless 0 ≤ Numerator ≤ Denominator.
func (r Rate) Interval(confidence float64) (Interval, error) {
	if !(confidence > 0 && confidence < 1) {
		return Interval{}, fmt.Errorf("pipeline: %w: got %v", ErrConfidence, confidence)
	}
	if r.Denominator == 0 {
		return Interval{}, undefined(ErrNoDeals, "rate %d of 0 has no interval", r.Numerator)
	}
	if r.Numerator < 0 || r.Numerator > r.Denominator {
		return Interval{}, countError("Rate.Numerator %d outside [0, Rate.Denominator %d]", r.Numerator, r.Denominator)
	}
	return stats.Wilson(r.Numerator, r.Denominator, confidence)
}
