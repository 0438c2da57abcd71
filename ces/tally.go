package ces

import (
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/internal/num"
)

// MaxResponses is the largest number of rated answers a Tally may hold:
// the sum of that many answers of up to 10 points still fits in an int64,
// which the mean needs. Results return [ErrInvalidCounts] for a tally
// above it, and AddN rejects counts that would pass it.
const MaxResponses = math.MaxInt64 / maxAnswer

// Tally counts CES answers on one scale. It is the accumulator behind every
// result of this package: add answers one at a time or build it from a
// slice, merge tallies of separate shards, and read results from it.
//
// The zero Tally is ready to use: it holds no answers, and its first Add
// sets Scale to the default, [Agreement7]. Set Scale before the first Add
// to count on another scale. All fields are exported with JSON tags, so a Tally
// encodes to JSON and back, and through a distributed engine's row coder,
// without loss. A Tally is not safe for concurrent use: give each
// goroutine its own and combine them with Merge.
type Tally struct {
	// Scale is the scale the answers are on. The zero Scale is Agreement7.
	Scale Scale `json:"scale"`
	// Counts[v] is the number of answers equal to v, for v in 0..10.
	// Entries outside the scale stay 0.
	Counts [11]int64 `json:"counts"`
	// Unanswered is the number of submissions without a rating. They are
	// reported with every result and enter no denominator.
	Unanswered int64 `json:"unanswered"`
}

// Add counts one answer. On a tally with the zero Scale, the first call
// sets Scale to the default, [Agreement7]. Add returns an error wrapping
// [ErrScoreOutOfRange] if score lies outside the tally's scale, or
// [ErrInvalidScale] if the scale is invalid, and then counts nothing. Add
// does not allocate unless it returns an error.
func (t *Tally) Add(score int) error {
	if t.Scale == (Scale{}) {
		t.Scale = Agreement7()
	}
	if !t.Scale.accepts(score) {
		// A composite literal rather than a call keeps Add small enough
		// to inline, which the per-answer cost depends on.
		return &rejectedAnswer{score: score, scale: t.Scale}
	}
	t.Counts[score]++
	return nil
}

// rejectedAnswer is the error of an answer that Add does not accept.
type rejectedAnswer struct {
	score int
	scale Scale
}

// Error names the answer and the scale, or the reason the scale is
// invalid.
func (e *rejectedAnswer) Error() string {
	if err := e.scale.Validate(); err != nil {
		return fmt.Sprintf("ces: answer %d not counted: %v", e.score, err)
	}
	return fmt.Sprintf("ces: answer %d outside the scale %v: %v", e.score, e.scale, ErrScoreOutOfRange)
}

// Unwrap returns ErrInvalidScale for an invalid scale and
// ErrScoreOutOfRange otherwise.
func (e *rejectedAnswer) Unwrap() error {
	if e.scale.Validate() != nil {
		return ErrInvalidScale
	}
	return ErrScoreOutOfRange
}

// AddN counts n answers equal to score, for input already aggregated as
// (answer, count) pairs. It returns the errors of [Tally.Add], and an error
// wrapping [ErrInvalidCounts] for a negative n, for a tally with invalid
// counts, or when the tally would hold more than [MaxResponses] answers,
// which its results reject. It then leaves the tally unchanged.
func (t *Tally) AddN(score int, n int64) error {
	scale := t.Scale.resolve()
	if !scale.accepts(score) {
		return &rejectedAnswer{score: score, scale: scale}
	}
	if n < 0 {
		return fmt.Errorf("ces: count %d of answer %d is negative: %w", n, score, ErrInvalidCounts)
	}
	if _, err := t.check(); err != nil {
		return err
	}
	if n > MaxResponses-t.Responses() {
		return fmt.Errorf("ces: %d more answers of %d on top of %d would exceed the maximum of %d answers: %w",
			n, score, t.Responses(), int64(MaxResponses), ErrInvalidCounts)
	}
	t.Scale = scale
	t.Counts[score] += n
	return nil
}

// AddUnanswered counts one submission without a rating.
func (t *Tally) AddUnanswered() { t.Unanswered++ }

// Responses returns the number of rated answers in the tally.
func (t Tally) Responses() int64 {
	var n int64
	for _, c := range t.Counts {
		n += c
	}
	return n
}

// Merge adds the counts of other to t, so that merging the tallies of any
// split of the answers gives exactly the tally of one pass over all of
// them.
//
// Both tallies must be on the same scale. A tally whose Scale is the zero
// value and that holds no rated answers (such as the zero Tally) takes on
// the other's scale, so merging shards into a zero Tally works on every
// scale. Merge returns an error wrapping [ErrScaleMismatch] for different
// scales and [ErrInvalidCounts] for corrupt counts or a sum that overflows
// int64; on error t is unchanged.
func (t *Tally) Merge(other Tally) error {
	scale, err := mergedScale(*t, other)
	if err != nil {
		return err
	}
	if _, err := t.check(); err != nil {
		return err
	}
	if _, err := other.check(); err != nil {
		return err
	}

	merged := Tally{Scale: scale, Unanswered: t.Unanswered + other.Unanswered}
	for v := range merged.Counts {
		merged.Counts[v] = t.Counts[v] + other.Counts[v]
	}
	if _, err := merged.check(); err != nil {
		return err
	}
	*t = merged
	return nil
}

// mergedScale returns the scale of the merge of a and b.
func mergedScale(a, b Tally) (Scale, error) {
	switch {
	case a.Scale == b.Scale:
		return a.Scale, nil
	case a.Scale == (Scale{}) && a.Responses() == 0:
		return b.Scale, nil
	case b.Scale == (Scale{}) && b.Responses() == 0:
		return a.Scale, nil
	case a.Scale.resolve() == b.Scale.resolve():
		return a.Scale.resolve(), nil
	}
	return Scale{}, fmt.Errorf("ces: cannot merge a tally on scale %v with one on scale %v: %w", a.Scale, b.Scale, ErrScaleMismatch)
}

// check validates the scale and the counts and returns the resolved scale.
// Counts must be non-negative, zero outside the scale, and small enough
// that the number and the sum of the answers fit in int64.
func (t Tally) check() (Scale, error) {
	scale := t.Scale.resolve()
	if err := scale.Validate(); err != nil {
		return Scale{}, err
	}
	if t.Unanswered < 0 {
		return Scale{}, fmt.Errorf("ces: unanswered count %d is negative: %w", t.Unanswered, ErrInvalidCounts)
	}

	var n int64
	for v, c := range t.Counts {
		switch {
		case c < 0:
			return Scale{}, fmt.Errorf("ces: count %d of answer %d is negative: %w", c, v, ErrInvalidCounts)
		case c > 0 && (v < scale.Min || v > scale.Max):
			return Scale{}, fmt.Errorf("ces: count %d of answer %d outside the scale %v: %w", c, v, scale, ErrInvalidCounts)
		case c > MaxResponses-n:
			return Scale{}, fmt.Errorf("ces: more than the maximum %d answers: %w", int64(MaxResponses), ErrInvalidCounts)
		}
		n += c
	}
	return scale, nil
}

// FromScores returns the tally of scores on scale. The zero Scale stands
// for [Agreement7], which the tally then holds as its Scale. Scores may be
// of any integer type.
//
// It returns an error wrapping [ErrInvalidScale] for an invalid scale and
// [ErrScoreOutOfRange], naming the value and its index, for the first score
// outside the scale. An empty slice gives an empty tally, whose results
// return [ErrNoResponses]. FromScores makes one pass and allocates only on
// error.
func FromScores[S ~[]T, T num.Integer](scores S, scale Scale) (Tally, error) {
	if err := scale.Validate(); err != nil {
		return Tally{}, err
	}
	lo, hi := scale.bounds()
	low, span := T(lo), uint64(hi-lo)

	// counts[v − lo] counts answer v. The difference v − low, converted to
	// uint64, exceeds span for every v outside lo..hi, even where the
	// subtraction wraps, so one comparison checks the range. Masking the
	// index with 15 lets the compiler drop its bounds check.
	var counts [16]int64
	for i, v := range scores {
		offset := uint64(v - low)
		if offset > span {
			return Tally{}, fmt.Errorf("ces: answer %d at index %d outside the scale %v: %w", v, i, scale, ErrScoreOutOfRange)
		}
		counts[offset&15]++
	}

	t := Tally{Scale: scale.resolve()}
	copy(t.Counts[lo:hi+1], counts[:])
	return t, nil
}

// FromAnswers returns the tally of answers on scale (the zero Scale is
// [Agreement7]), where a nil entry is a submission without a rating: it is
// counted in Unanswered and enters no denominator. It returns the errors of
// [FromScores].
func FromAnswers[S ~[]*T, T num.Integer](answers S, scale Scale) (Tally, error) {
	if err := scale.Validate(); err != nil {
		return Tally{}, err
	}
	lo, hi := scale.bounds()
	low, high := T(lo), T(hi)

	t := Tally{Scale: scale.resolve()}
	for i, p := range answers {
		if p == nil {
			t.Unanswered++
			continue
		}
		if v := *p; v < low || v > high {
			return Tally{}, fmt.Errorf("ces: answer %d at index %d outside the scale %v: %w", v, i, scale, ErrScoreOutOfRange)
		}
		t.Counts[int(*p)]++
	}
	return t, nil
}

// FromFloats returns the tally of scores given as float64, such as answers
// read from a data frame. Each score must be a whole number: NaN, ±Inf and
// fractional values return an error wrapping [ErrNotInteger] that names the
// value and its index. It returns the other errors of [FromScores].
func FromFloats(scores []float64, scale Scale) (Tally, error) {
	if err := scale.Validate(); err != nil {
		return Tally{}, err
	}
	lo, hi := scale.bounds()

	var counts [maxAnswer + 1]int64
	for i, v := range scores {
		if math.IsInf(v, 0) || v != math.Trunc(v) {
			return Tally{}, fmt.Errorf("ces: answer %v at index %d: %w", v, i, ErrNotInteger)
		}
		if v < float64(lo) || v > float64(hi) {
			return Tally{}, fmt.Errorf("ces: answer %v at index %d outside the scale %v: %w", v, i, scale, ErrScoreOutOfRange)
		}
		counts[int(v)]++
	}
	return Tally{Scale: scale.resolve(), Counts: counts}, nil
}
