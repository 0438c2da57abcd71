package segment

import "errors"

// Sentinel errors. Every error the package returns wraps one of them (or,
// from Measure and Accumulate, the error of the caller's metric), so
// callers test with errors.Is; the message adds the index, the key or
// customer, and the offending value.
var (
	// ErrNoRecords reports empty input where the result would be
	// undefined: no values to bin, no orders, no customers to score.
	ErrNoRecords = errors.New("no records")
	// ErrInvalidValue reports a bad input value: a NaN to bin, a negative
	// order amount, an order not before the analysis time, or RFM values
	// out of their domain.
	ErrInvalidValue = errors.New("invalid value")
	// ErrInvalidOptions reports invalid settings: a bin count out of
	// range, cut points not strictly ascending or of the wrong number, a
	// nil location, an unknown frequency basis.
	ErrInvalidOptions = errors.New("invalid options")
	// ErrInvalidRule reports a rule or named segment without a name, with
	// a duplicate name, without a Match function, or with a score range
	// outside the bins.
	ErrInvalidRule = errors.New("invalid rule")
	// ErrShadowedSegment reports a named segment that can never be
	// assigned, because earlier segments cover every score it covers.
	ErrShadowedSegment = errors.New("segment is shadowed by earlier segments")
	// ErrNoMatch reports a record that no rule matches when there is no
	// default segment.
	ErrNoMatch = errors.New("no rule matches")
)
