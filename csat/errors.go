package csat

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

	// ErrInvalidScale is returned for a scale with Min ≥ Max or with
	// answers outside 0..10.
	ErrInvalidScale = errors.New("invalid scale")

	// ErrScaleMismatch is returned when merging tallies on different scales.
	ErrScaleMismatch = errors.New("scales differ")

	// ErrCutRequired is returned by [Tally.Score] on a scale other than a
	// 5-point one, where no top-box cut is standard: name it with
	// [Tally.TopBox].
	ErrCutRequired = errors.New("top-box cut required for this scale")

	// ErrInvalidCut is returned for a top-box cut that leaves no answer
	// below or none at or above it.
	ErrInvalidCut = errors.New("invalid top-box cut")

	// ErrInvalidCounts is returned for a tally or result whose counts are
	// negative, lie outside its scale, or overflow int64 when summed, as a
	// tally decoded from corrupt JSON can have.
	ErrInvalidCounts = errors.New("invalid counts")

	// ErrConfidence is returned for a confidence level outside (0, 1).
	ErrConfidence = stats.ErrConfidence
)
