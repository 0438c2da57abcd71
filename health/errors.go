package health

import "errors"

// Sentinel errors. Every error the package returns wraps one of them, so
// callers test with errors.Is; the message adds the record, the signal and
// the offending value.
var (
	// ErrOutOfDomain reports a raw signal value that its normaliser does
	// not accept: NaN, ±Inf, below the minimum, above the maximum without
	// saturation, or in no tier. It also reports a normalised value outside
	// [0, 1].
	ErrOutOfDomain = errors.New("value outside the signal's domain")
	// ErrMissingSignal reports a signal without a value under MissingError.
	ErrMissingSignal = errors.New("signal has no value")
	// ErrNoSignals reports a scorecard without signals, or a record none of
	// whose signals has a value under MissingExclude.
	ErrNoSignals = errors.New("no signals to score")
	// ErrInvalidWeight reports a weight that is negative, NaN or ±Inf,
	// weights that sum to 0, or points that do not add up to the total.
	ErrInvalidWeight = errors.New("invalid weight")
	// ErrInvalidConfig reports an invalid normaliser, range, band, formula
	// setting or missing-signal policy.
	ErrInvalidConfig = errors.New("invalid configuration")
	// ErrInvalidScore reports a formula that returned a score outside
	// [0, 1], NaN, or a contribution that is NaN or ±Inf. Only a formula
	// written by the caller can do this.
	ErrInvalidScore = errors.New("formula returned an invalid score")
)
