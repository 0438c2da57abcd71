package revenue

import (
	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Interval is a two-sided confidence interval for a share, with bounds in
// [0, 1].
type Interval = stats.Interval

// Rate is a share of customers given by its counts: Count of Total.
type Rate struct {
	Count int64 `json:"count"`
	Total int64 `json:"total"`
}

// Value returns Count / Total, a fraction in [0, 1]. A Rate with Total 0
// returns an error wrapping ErrNoCustomers.
func (r Rate) Value() (float64, error) {
	if err := r.validate(); err != nil {
		return 0, err
	}
	return float64(r.Count) / float64(r.Total), nil
}

// Interval returns the Wilson score interval of the share at the given
// confidence, for example 0.95. It returns an error wrapping ErrNoCustomers
// for Total 0 and ErrConfidence for a confidence outside (0, 1).
func (r Rate) Interval(confidence float64) (Interval, error) {
	if err := r.validate(); err != nil {
		return Interval{}, err
	}
	if !(confidence > 0 && confidence < 1) {
		return Interval{}, errorf(ErrConfidence, "confidence level %v outside (0, 1)", confidence)
	}
	return stats.Wilson(r.Count, r.Total, confidence)
}

func (r Rate) validate() error {
	if r.Count < 0 || r.Count > r.Total {
		return errorf(ErrInvalidCount, "count %d of %d out of range", r.Count, r.Total)
	}
	if r.Total == 0 {
		return errorf(ErrNoCustomers, "no customers in the share's denominator")
	}
	return nil
}
