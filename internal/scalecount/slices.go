package scalecount

import (
	"fmt"

	"github.com/crmmetrics/crmmetrics/internal/num"
)

// FromScores returns the tally of scores on scale, where the zero scale
// stands for spec.Default. It returns the error of scale.Validate for an
// invalid scale and an error wrapping ErrScoreOutOfRange, naming the value
// and its index, for the first score outside the scale. It makes one pass
// and allocates only on error.
func FromScores[S Scale, T num.Integer](scores []T, scale S, spec *Spec[S]) (Tally[S], error) {
	if err := scale.Validate(); err != nil {
		return Tally[S]{}, err
	}
	lo, hi := spec.Bounds(scale)
	low, span := T(lo), uint64(hi-lo)

	// counts[v − lo] counts answer v. The difference v − low, converted to
	// uint64, exceeds span for every v outside lo..hi, even where the
	// subtraction wraps, so one comparison checks the range. Masking the
	// index with 15 lets the compiler drop its bounds check.
	var counts [16]int64
	for i, v := range scores {
		offset := uint64(v - low)
		if offset > span {
			return Tally[S]{}, fmt.Errorf("%s: answer %d at index %d outside the scale %v: %w",
				spec.Name, v, i, scale, spec.ErrScoreOutOfRange)
		}
		counts[offset&15]++
	}

	t := Tally[S]{Scale: spec.resolve(scale)}
	copy(t.Counts[lo:hi+1], counts[:])
	return t, nil
}

// FromAnswers returns the tally of answers on scale, where a nil entry is a
// submission without a rating and is counted in Unanswered. It returns the
// errors of [FromScores].
func FromAnswers[S Scale, T num.Integer](answers []*T, scale S, spec *Spec[S]) (Tally[S], error) {
	if err := scale.Validate(); err != nil {
		return Tally[S]{}, err
	}
	lo, hi := spec.Bounds(scale)
	low, high := T(lo), T(hi)

	t := Tally[S]{Scale: spec.resolve(scale)}
	for i, p := range answers {
		if p == nil {
			t.Unanswered++
			continue
		}
		if v := *p; v < low || v > high {
			return Tally[S]{}, fmt.Errorf("%s: answer %d at index %d outside the scale %v: %w",
				spec.Name, v, i, scale, spec.ErrScoreOutOfRange)
		}
		t.Counts[int(*p)]++
	}
	return t, nil
}
