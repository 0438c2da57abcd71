package retention

import (
	"math"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Interval is a two-sided confidence interval with Lower ≤ Upper, in the unit
// of the estimate it surrounds (a fraction for rates).
type Interval = stats.Interval

// Rate is a share Count/Total of a count of customers or contracts, kept
// with its counts so that it can give a confidence interval and be pooled
// with other samples.
type Rate struct {
	// Value is Count/Total, a fraction in [0, 1].
	Value float64 `json:"value"`
	// Count is the numerator.
	Count int64 `json:"count"`
	// Total is the denominator, always positive.
	Total int64 `json:"total"`
}

// newRate returns count/total; the caller guarantees 0 ≤ count ≤ total and
// total > 0.
func newRate(count, total int64) Rate {
	return Rate{Value: float64(count) / float64(total), Count: count, Total: total}
}

// Interval returns the Wilson score interval of the rate at the given
// confidence level (for example 0.95). It returns an error wrapping
// ErrConfidence for a level outside (0, 1), ErrNoCustomers when Total is 0
// (the zero Rate: 0 of 0 has no interval), and ErrInvalidCounts when
// Count is outside [0, Total] or Total is negative.
func (r Rate) Interval(confidence float64) (Interval, error) {
	if err := checkConfidence(confidence); err != nil {
		return Interval{}, err
	}
	if err := checkCounts("rate interval", r.Count, r.Total); err != nil {
		return Interval{}, err
	}
	return stats.Wilson(r.Count, r.Total, confidence)
}

// checkCounts returns an error for a share count/total that is undefined
// (ErrNoCustomers for total 0) or impossible (ErrInvalidCounts).
func checkCounts(what string, count, total int64) error {
	switch {
	case total == 0 && count == 0:
		return errorf(ErrNoCustomers, "%s: 0 of 0", what)
	case total < 0 || count < 0 || count > total:
		return errorf(ErrInvalidCounts, "%s: %d of %d is not a share", what, count, total)
	}
	return nil
}

func checkConfidence(confidence float64) error {
	if !(confidence > 0 && confidence < 1) {
		return errorf(ErrConfidence, "confidence level %v outside (0, 1)", confidence)
	}
	return nil
}

// CompoundRate converts a churn rate measured over one period into the rate
// over k such periods, assuming the same rate applies in each period:
//
//	rate over k periods = 1 − (1 − rate)^k
//
// A monthly churn rate of 0.05 gives 1 − 0.95¹² = 0.4596 a year, not
// 12 × 0.05 = 0.6. k may be fractional: k = 1/12 turns an annual rate into a
// monthly one. It returns an error wrapping ErrInvalidRate when rate is
// outside [0, 1] or NaN, or k is not positive and finite.
func CompoundRate(rate, k float64) (float64, error) {
	if !(rate >= 0 && rate <= 1) {
		return 0, errorf(ErrInvalidRate, "rate %v outside [0, 1]", rate)
	}
	if !(k > 0) || math.IsInf(k, 1) {
		return 0, errorf(ErrInvalidRate, "period count %v is not positive and finite", k)
	}
	// 1 − (1 − r)^k = −expm1(k · log1p(−r)) keeps small rates accurate.
	if rate == 1 {
		return 1, nil
	}
	return -math.Expm1(k * math.Log1p(-rate)), nil
}
