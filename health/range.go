package health

import (
	"fmt"
	"math"
	"strconv"
)

// Range is an interval of real numbers whose ends are each stated as
// inclusive or exclusive, so that two ranges meeting at a boundary never
// both claim it. An unbounded end is math.Inf(-1) or math.Inf(1).
//
// The zero Range is (0, 0), which is empty and therefore invalid: every
// range states its bounds.
type Range struct {
	// Min is the lower bound.
	Min float64 `json:"min"`
	// Max is the upper bound.
	Max float64 `json:"max"`
	// MinInclusive reports whether Min itself belongs to the range.
	MinInclusive bool `json:"min_inclusive"`
	// MaxInclusive reports whether Max itself belongs to the range.
	MaxInclusive bool `json:"max_inclusive"`
}

// Contains reports whether x lies in r. NaN lies in no range.
func (r Range) Contains(x float64) bool {
	aboveMin := x > r.Min || (r.MinInclusive && x == r.Min)
	belowMax := x < r.Max || (r.MaxInclusive && x == r.Max)
	return aboveMin && belowMax
}

// String returns r in interval notation, for example "(0.5, 0.75]".
func (r Range) String() string {
	open, closing := "(", ")"
	if r.MinInclusive {
		open = "["
	}
	if r.MaxInclusive {
		closing = "]"
	}
	return open + formatFloat(r.Min) + ", " + formatFloat(r.Max) + closing
}

// Validate returns an error wrapping ErrInvalidConfig when a bound is NaN,
// Min > Max, or the range is empty.
func (r Range) Validate() error {
	if math.IsNaN(r.Min) || math.IsNaN(r.Max) {
		return fmt.Errorf("health: range %v has a NaN bound: %w", r, ErrInvalidConfig)
	}
	if r.Min > r.Max {
		return fmt.Errorf("health: range %v has min above max: %w", r, ErrInvalidConfig)
	}
	if r.Min == r.Max && !(r.MinInclusive && r.MaxInclusive) {
		return fmt.Errorf("health: range %v is empty: %w", r, ErrInvalidConfig)
	}
	return nil
}

// below reports whether every point of r lies below every point of s.
func (r Range) below(s Range) bool {
	return r.Max < s.Min || (r.Max == s.Min && !(r.MaxInclusive && s.MinInclusive))
}

// overlaps reports whether r and s share a point.
func (r Range) overlaps(s Range) bool {
	return !r.below(s) && !s.below(r)
}

func formatFloat(x float64) string {
	return strconv.FormatFloat(x, 'g', -1, 64)
}
