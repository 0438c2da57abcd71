package ces

import (
	"fmt"

	"github.com/crmmetrics/crmmetrics/internal/scalecount"
)

// maxAnswer is the largest answer any scale may hold. Answers are counted
// in a fixed array indexed by the answer, so a scale lies within
// 0..maxAnswer, which covers the 5-, 7-, 10- and 11-point scales in use.
const maxAnswer = scalecount.MaxAnswer

// Direction states which end of a scale means "easy". It has no valid zero
// value: a scale must name its direction, because the two CES conventions
// run in opposite directions on the same numbers.
type Direction uint8

const (
	// HighIsEasy is the agreement wording of CES 2.0 (CEB, now Gartner,
	// 2013): "The company made it easy for me to handle my issue", from 1
	// (strongly disagree) to 7 (strongly agree). High answers are easy.
	HighIsEasy Direction = 1

	// LowIsEasy is the effort wording of CES 1.0 (CEB, 2010): "How much
	// effort did you personally have to put forth to handle your request?",
	// from 1 (very low effort) to 5 (very high effort), and its 7-point
	// variants. Low answers are easy.
	LowIsEasy Direction = 2
)

// String returns "high-is-easy", "low-is-easy", or "Direction(n)" for an
// invalid value.
func (d Direction) String() string {
	switch d {
	case HighIsEasy:
		return "high-is-easy"
	case LowIsEasy:
		return "low-is-easy"
	}
	return fmt.Sprintf("Direction(%d)", uint8(d))
}

// Scale is an answer scale: the integer answers Min..Max and the direction
// in which they run. Min and Max lie within 0..10 and Min < Max.
//
// The zero Scale stands for the default scale, [Agreement7]. Any other
// scale must set all three fields: a scale with Min and Max but no
// Direction is invalid, never read as either wording.
type Scale struct {
	Min       int       `json:"min"`
	Max       int       `json:"max"`
	Direction Direction `json:"direction"`
}

// Agreement7 returns the CES 2.0 scale and the package default: 1..7
// agreement answers, 7 = strongly agree that the task was easy.
func Agreement7() Scale { return Scale{Min: 1, Max: 7, Direction: HighIsEasy} }

// Effort5 returns the CES 1.0 scale: 1..5 effort answers, 1 = very low
// effort.
func Effort5() Scale { return Scale{Min: 1, Max: 5, Direction: LowIsEasy} }

// Effort7 returns the 7-point variant of the effort wording: 1..7, 1 = very
// low effort.
func Effort7() Scale { return Scale{Min: 1, Max: 7, Direction: LowIsEasy} }

// String returns the scale as "1..7 high-is-easy".
func (s Scale) String() string {
	s = s.resolve()
	return fmt.Sprintf("%d..%d %v", s.Min, s.Max, s.Direction)
}

// Validate returns an error wrapping [ErrInvalidScale] if s is neither the
// zero Scale nor a scale with a direction and 0 ≤ Min < Max ≤ 10.
func (s Scale) Validate() error {
	s = s.resolve()
	if s.Direction != HighIsEasy && s.Direction != LowIsEasy {
		return fmt.Errorf("ces: scale %d..%d has invalid direction %v: set HighIsEasy (agreement wording) or LowIsEasy (effort wording): %w",
			s.Min, s.Max, s.Direction, ErrInvalidScale)
	}
	if s.Min < 0 || s.Max > maxAnswer || s.Min >= s.Max {
		return fmt.Errorf("ces: scale %d..%d must satisfy 0 <= min < max <= %d: %w", s.Min, s.Max, maxAnswer, ErrInvalidScale)
	}
	return nil
}

// resolve returns the default scale for the zero Scale and s otherwise.
func (s Scale) resolve() Scale {
	if s == (Scale{}) {
		return Agreement7()
	}
	return s
}

// bounds returns the answers s accepts, or the empty range 1..0 when s is
// invalid, so that a caller's range check rejects every answer.
func (s Scale) bounds() (lo, hi int) {
	if s == (Scale{}) {
		return 1, 7
	}
	if s.Validate() != nil {
		return 1, 0
	}
	return s.Min, s.Max
}

// accepts reports whether s is a valid scale other than the zero Scale and
// v lies on it. Add calls it for every answer, so it takes four
// comparisons: uint(Min) < uint(Max) ≤ 10 also rules out Min < 0.
func (s Scale) accepts(v int) bool {
	return s.Direction-1 <= 1 && uint(s.Max) <= maxAnswer && uint(s.Min) < uint(s.Max) &&
		uint(v-s.Min) <= uint(s.Max-s.Min)
}

// easyEnd returns the answer at the easy end of a valid scale.
func (s Scale) easyEnd() int {
	if s.Direction == HighIsEasy {
		return s.Max
	}
	return s.Min
}

// Band is an inclusive range of answers, Min..Max.
type Band struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// contains reports whether v lies in the band.
func (b Band) contains(v int) bool { return v >= b.Min && v <= b.Max }

// Bands splits a scale into easy, neutral and difficult answers. Easy
// holds the answers counted as easy and Difficult those counted as
// difficult; answers in neither band are neutral and stay in the
// denominator.
//
// The zero Bands value stands for the default bands, which exist only for
// the default scale [Agreement7]: easy 5..7 (at least "somewhat agree"),
// difficult 1..3, neutral 4. Every other scale must name its bands.
type Bands struct {
	Easy      Band `json:"easy"`
	Difficult Band `json:"difficult"`
}

// defaultBands returns the bands of the 1..7 agreement scale.
func defaultBands() Bands {
	return Bands{Easy: Band{Min: 5, Max: 7}, Difficult: Band{Min: 1, Max: 3}}
}

// resolveBands returns the bands to use on the valid scale s: b itself, or
// the default bands when b is zero and s is Agreement7.
func resolveBands(b Bands, s Scale) (Bands, error) {
	if b == (Bands{}) {
		if s != Agreement7() {
			return Bands{}, fmt.Errorf("ces: scale %v: %w", s, ErrBandsRequired)
		}
		return defaultBands(), nil
	}
	return b, validateBands(b, s)
}

// validateBands checks that each band lies within s and is not empty, that
// the bands do not overlap, and that the easy band reaches the easy end of
// s and the difficult band the other end.
func validateBands(b Bands, s Scale) error {
	for _, band := range []Band{b.Easy, b.Difficult} {
		if band.Min > band.Max || band.Min < s.Min || band.Max > s.Max {
			return fmt.Errorf("ces: band %d..%d is empty or leaves the scale %v: %w", band.Min, band.Max, s, ErrInvalidBands)
		}
	}
	if b.Easy.Max >= b.Difficult.Min && b.Difficult.Max >= b.Easy.Min {
		return fmt.Errorf("ces: easy band %d..%d overlaps difficult band %d..%d: %w",
			b.Easy.Min, b.Easy.Max, b.Difficult.Min, b.Difficult.Max, ErrInvalidBands)
	}
	easy, difficult := s.easyEnd(), s.Min+s.Max-s.easyEnd()
	if !b.Easy.contains(easy) || !b.Difficult.contains(difficult) {
		return fmt.Errorf("ces: on scale %v the easy band must hold %d and the difficult band %d, got easy %d..%d and difficult %d..%d: %w",
			s, easy, difficult, b.Easy.Min, b.Easy.Max, b.Difficult.Min, b.Difficult.Max, ErrInvalidBands)
	}
	return nil
}

// packageSpec gives spec to the generic code of internal/scalecount.
type packageSpec struct{}

// Spec returns the description of this package that internal/scalecount
// uses.
func (packageSpec) Spec() *scalecount.Spec[Scale] { return &spec }

// spec describes this package to the tally code it shares through
// internal/scalecount. It is set once here and never changed.
var spec = scalecount.Spec[Scale]{
	Name:               "ces",
	Default:            Agreement7(),
	Bounds:             Scale.bounds,
	ErrScoreOutOfRange: ErrScoreOutOfRange,
	ErrInvalidScale:    ErrInvalidScale,
	ErrInvalidCounts:   ErrInvalidCounts,
	ErrScaleMismatch:   ErrScaleMismatch,
	ErrNoResponses:     ErrNoResponses,
	ErrTooFewResponses: ErrTooFewResponses,
}
