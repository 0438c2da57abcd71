package ces

import (
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/internal/num"
	"github.com/crmmetrics/crmmetrics/internal/scalecount"
)

// MaxResponses is the largest number of rated answers a Tally may hold:
// the sum of that many answers of up to 10 points still fits in an int64,
// which the mean needs. Results return [ErrInvalidCounts] for a tally
// above it, and AddN rejects counts that would pass it.
const MaxResponses = scalecount.MaxResponses

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
		return &scalecount.Rejected[Scale, packageSpec]{Score: score, Scale: t.Scale}
	}
	t.Counts[score]++
	return nil
}

// AddN counts n answers equal to score, for input already aggregated as
// (answer, count) pairs. It returns the errors of [Tally.Add], and an error
// wrapping [ErrInvalidCounts] for a negative n, for a tally with invalid
// counts, or when the tally would hold more than [MaxResponses] answers,
// which its results reject. It then leaves the tally unchanged.
func (t *Tally) AddN(score int, n int64) error {
	return scalecount.AddN[Scale, packageSpec]((*scalecount.Tally[Scale])(t), score, n)
}

// AddUnanswered counts one submission without a rating.
func (t *Tally) AddUnanswered() { t.Unanswered++ }

// Responses returns the number of rated answers in the tally.
func (t Tally) Responses() int64 {
	return (*scalecount.Tally[Scale])(&t).Responses()
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
	return (*scalecount.Tally[Scale])(t).Merge((*scalecount.Tally[Scale])(&other), &spec)
}

// check validates the scale and the counts and returns the resolved scale.
// Counts must be non-negative, zero outside the scale, and small enough
// that the number and the sum of the answers fit in int64.
func (t Tally) check() (Scale, error) {
	return (*scalecount.Tally[Scale])(&t).Check(&spec)
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
	t, err := scalecount.FromScores([]T(scores), scale, &spec)
	return Tally(t), err
}

// FromAnswers returns the tally of answers on scale (the zero Scale is
// [Agreement7]), where a nil entry is a submission without a rating: it is
// counted in Unanswered and enters no denominator. It returns the errors of
// [FromScores].
func FromAnswers[S ~[]*T, T num.Integer](answers S, scale Scale) (Tally, error) {
	t, err := scalecount.FromAnswers([]*T(answers), scale, &spec)
	return Tally(t), err
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
