package retention

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Sentinel errors. Every error the package returns wraps one of them, so
// callers can test the class with errors.Is. The message names the value
// and, for slices, the index and the id.
var (
	// ErrEndBeforeStart is returned for an interval whose end comes before
	// its start, or a period whose end is not after its start.
	ErrEndBeforeStart = errors.New("retention: end before start")
	// ErrNoCustomers is returned when a rate's denominator counts no
	// customers, even when its numerator is 0 as well.
	ErrNoCustomers = errors.New("retention: no customers in the denominator")
	// ErrNoRevenue is returned when a revenue rate's denominator (the
	// starting MRR) is zero.
	ErrNoRevenue = errors.New("retention: no starting revenue")
	// ErrNoLosses is returned for a quick ratio whose denominator
	// (contraction plus churn) is zero.
	ErrNoLosses = errors.New("retention: no contraction or churn")
	// ErrNoRenewals is returned when no contract came up for renewal.
	ErrNoRenewals = errors.New("retention: no contracts up for renewal")
	// ErrNegativeAmount is returned for a negative price, MRR or cost.
	ErrNegativeAmount = errors.New("retention: negative amount")
	// ErrCurrencyMismatch is returned when one total would mix currencies.
	ErrCurrencyMismatch = errors.New("retention: currencies differ")
	// ErrInvalidPrice is returned for a billing interval that is unknown or
	// has a negative count, or a negative quantity.
	ErrInvalidPrice = errors.New("retention: invalid billing interval")
	// ErrInvalidMonth is returned for a calendar month outside 1..12, a
	// year outside 0..9999 (the years that "2006-01" can write), or a
	// month range whose last month comes before its first.
	ErrInvalidMonth = errors.New("retention: invalid month")
	// ErrNoLocation is returned when a computation that needs calendar
	// boundaries gets a nil *time.Location.
	ErrNoLocation = errors.New("retention: nil location")
	// ErrMonthOutOfRange is returned for a monthly MRR row after the last
	// month of a computation.
	ErrMonthOutOfRange = errors.New("retention: month out of range")
	// ErrAfterEnd is returned for a record dated at or after the end of
	// observation.
	ErrAfterEnd = errors.New("retention: record after the end of observation")
	// ErrInvalidOptions is returned for an option value outside its
	// documented set, a combination of options that cannot give a rate in
	// [0, 1], or decimal places outside 0..MaxPlaces.
	ErrInvalidOptions = errors.New("retention: invalid options")
	// ErrConfidence is returned for a confidence level outside (0, 1).
	ErrConfidence = errors.New("retention: confidence level outside (0, 1)")
	// ErrNotProportion is returned when a confidence interval is asked of a
	// ratio that is not a share of its denominator.
	ErrNotProportion = errors.New("retention: ratio is not a proportion")
	// ErrInvalidRate is returned for a rate outside [0, 1] or NaN, or a
	// period count that is not positive and finite.
	ErrInvalidRate = errors.New("retention: invalid rate")
	// ErrNoSubjects is returned for a survival estimate without subjects.
	ErrNoSubjects = errors.New("retention: no subjects")
	// ErrInvalidDuration is returned for a survival time or entry time that
	// is negative, NaN or infinite, or an entry time not before its exit.
	ErrInvalidDuration = errors.New("retention: invalid duration")
	// ErrInvalidStatus is returned for a survival status other than
	// Churned or Censored.
	ErrInvalidStatus = errors.New("retention: invalid status")
	// ErrRiskSetEmpty is returned when, with late entry, every subject has
	// left the risk set before later subjects enter it, so the product-limit
	// estimate after that time is not defined.
	ErrRiskSetEmpty = errors.New("retention: risk set empty before the last time")
	// ErrBeyondFollowUp is returned for a survival value asked at a time
	// after the last observed time while the curve is still above 0.
	ErrBeyondFollowUp = errors.New("retention: time beyond follow-up")
	// ErrInvalidCounts is returned for counts that are negative, that
	// exceed their total, that overflow int64 when added, or that increase
	// from one period to the next, such as the fields of an accumulator
	// decoded from JSON or renewal survivor counts.
	ErrInvalidCounts = errors.New("retention: invalid counts")
	// ErrInvalidModel is returned for model parameters that are not
	// positive and finite, such as those of the zero SBG.
	ErrInvalidModel = errors.New("retention: invalid model parameters")
	// ErrNoConvergence is returned when a model fit does not converge.
	ErrNoConvergence = errors.New("retention: fit did not converge")
)

// dataError is an error whose message names the offending value and whose
// class is one of the sentinels above.
type dataError struct {
	msg  string
	kind error
}

func (e *dataError) Error() string { return e.msg }

func (e *dataError) Unwrap() error { return e.kind }

// errorf returns an error that reads "retention: " followed by the formatted
// text and wraps kind.
func errorf(kind error, format string, args ...any) error {
	return &dataError{msg: "retention: " + fmt.Sprintf(format, args...), kind: kind}
}

// formatTime writes a time as a date when it falls on midnight, and in RFC
// 3339 otherwise, so that messages stay short for date-only data.
func formatTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// addCounts returns a + b for non-negative counts, or false when the sum
// overflows int64.
func addCounts(a, b int64) (int64, bool) {
	if b > math.MaxInt64-a {
		return 0, false
	}
	return a + b, true
}

// mergeCount returns a + b, or math.MinInt64 when either is negative or
// the sum overflows, so that a Merge without an error result leaves a
// value that the results reject with ErrInvalidCounts.
func mergeCount(a, b int64) int64 {
	if a < 0 || b < 0 {
		return math.MinInt64
	}
	if sum, ok := addCounts(a, b); ok {
		return sum
	}
	return math.MinInt64
}

// MaxPlaces is the largest number of decimal places a money result may be
// rounded to; more would only cost memory and time.
const MaxPlaces = 1000

// checkPlaces returns an error wrapping ErrInvalidOptions for places
// outside 0..MaxPlaces: a negative count would round 10 a month to 0.
func checkPlaces(what string, places int32) error {
	if places < 0 || places > MaxPlaces {
		return errorf(ErrInvalidOptions, "%s: %d decimal places outside 0..%d", what, places, MaxPlaces)
	}
	return nil
}
