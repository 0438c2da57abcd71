package csat

import (
	"fmt"

	"github.com/crmmetrics/crmmetrics/internal/scalecount"
)

// maxAnswer is the largest answer any scale may hold. Answers are counted
// in a fixed array indexed by the answer, so a scale lies within
// 0..maxAnswer, which covers the 2-, 3-, 5-, 7-, 10- and 11-point scales in
// use.
const maxAnswer = scalecount.MaxAnswer

// Scale is an answer scale: the integer answers Min..Max, where a higher
// answer is more satisfied. Min and Max lie within 0..10 and Min < Max.
//
// The zero Scale stands for the default scale, 1..5 (1 = very
// dissatisfied, 5 = very satisfied).
type Scale struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// String returns the scale as "1..5".
func (s Scale) String() string {
	s = s.resolve()
	return fmt.Sprintf("%d..%d", s.Min, s.Max)
}

// Validate returns an error wrapping [ErrInvalidScale] unless s is the zero
// Scale or 0 ≤ Min < Max ≤ 10.
func (s Scale) Validate() error {
	s = s.resolve()
	if s.Min < 0 || s.Max > maxAnswer || s.Min >= s.Max {
		return fmt.Errorf("csat: scale %d..%d must satisfy 0 <= min < max <= %d: %w", s.Min, s.Max, maxAnswer, ErrInvalidScale)
	}
	return nil
}

// resolve returns the default scale for the zero Scale and s otherwise.
func (s Scale) resolve() Scale {
	if s == (Scale{}) {
		return Scale{Min: 1, Max: 5}
	}
	return s
}

// bounds returns the answers s accepts, or the empty range 1..0 when s is
// invalid, so that a caller's range check rejects every answer.
func (s Scale) bounds() (lo, hi int) {
	s = s.resolve()
	if s.Validate() != nil {
		return 1, 0
	}
	return s.Min, s.Max
}

// accepts reports whether s is a valid scale other than the zero Scale and
// v lies on it. Add calls it for every answer, so it takes three
// comparisons: uint(Min) < uint(Max) ≤ 10 also rules out Min < 0.
func (s Scale) accepts(v int) bool {
	return uint(s.Max) <= maxAnswer && uint(s.Min) < uint(s.Max) && uint(v-s.Min) <= uint(s.Max-s.Min)
}

// defaultCut returns the lowest satisfied answer of the default top-two
// box on a 5-point scale.
func defaultCut(s Scale) (int, error) {
	if s.Max-s.Min != 4 {
		return 0, fmt.Errorf("csat: scale %v has no default top-box cut, so name one with TopBox: %w", s, ErrCutRequired)
	}
	return s.Max - 1, nil
}

// packageSpec gives spec to the generic code of internal/scalecount.
type packageSpec struct{}

// Spec returns the description of this package that internal/scalecount
// uses.
func (packageSpec) Spec() *scalecount.Spec[Scale] { return &spec }

// spec describes this package to the tally code it shares through
// internal/scalecount. It is set once here and never changed.
var spec = scalecount.Spec[Scale]{
	Name:               "csat",
	Default:            Scale{Min: 1, Max: 5},
	Bounds:             Scale.bounds,
	ErrScoreOutOfRange: ErrScoreOutOfRange,
	ErrInvalidScale:    ErrInvalidScale,
	ErrInvalidCounts:   ErrInvalidCounts,
	ErrScaleMismatch:   ErrScaleMismatch,
	ErrNoResponses:     ErrNoResponses,
	ErrTooFewResponses: ErrTooFewResponses,
}
