package ces

import (
	"errors"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Sentinel errors. Every error this package returns wraps one of them and
// names the offending value, and for slices its index.
var (
	// ErrNoResponses is returned when a result needs at least one rated
	// answer and there is none. Submissions without a rating do not count.
	ErrNoResponses = errors.New("no rated answers")

	// ErrTooFewResponses is returned by a mean interval over fewer than two
	// rated answers, whose sample variance is undefined.
	ErrTooFewResponses = errors.New("too few rated answers for an interval")

	// ErrScoreOutOfRange is returned for an answer outside the scale.
	ErrScoreOutOfRange = errors.New("score out of range")

	// ErrNotInteger is returned for a float answer that is NaN, infinite or
	// has a fractional part.
	ErrNotInteger = errors.New("score is not an integer")

	// ErrInvalidScale is returned for a scale without a direction, with
	// Min ≥ Max, or with answers outside 0..10.
	ErrInvalidScale = errors.New("invalid scale")

	// ErrScaleMismatch is returned when merging tallies on different scales.
	ErrScaleMismatch = errors.New("scales differ")

	// ErrBandsRequired is returned when the zero Bands value is passed for
	// a scale that has no default bands (every scale but Agreement7).
	ErrBandsRequired = errors.New("easy and difficult bands required for this scale")

	// ErrInvalidBands is returned for bands that leave the scale, overlap,
	// or put the easy band at the difficult end of the scale.
	ErrInvalidBands = errors.New("invalid bands")

	// ErrInvalidCounts is returned for a tally or result whose counts are
	// negative, lie outside its scale, or overflow int64 when summed, as a
	// tally decoded from corrupt JSON can have.
	ErrInvalidCounts = errors.New("invalid counts")

	// ErrConfidence is returned for a confidence level outside (0, 1).
	ErrConfidence = stats.ErrConfidence
)
