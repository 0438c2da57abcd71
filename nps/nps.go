package nps

import (
	"errors"
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/internal/num"
	"github.com/crmmetrics/crmmetrics/internal/stats"
)

var (
	// ErrScoreOutOfRange reports an answer that is not a whole number in 0..10.
	ErrScoreOutOfRange = errors.New("nps: score out of range [0,10]")
	// ErrNoResponses reports a result asked of a tally without answers.
	ErrNoResponses = errors.New("nps: no responses")
	// ErrConfidence reports a confidence level outside (0, 1).
	ErrConfidence = errors.New("nps: confidence level must be in (0, 1)")
	// ErrMethod reports an unknown interval method.
	ErrMethod = errors.New("nps: unknown interval method")
	// ErrInvalidCounts reports a tally with a negative count or counts whose
	// sum overflows int64, as a tally decoded from corrupt JSON or merged
	// past 2⁶³ − 1 answers can have.
	ErrInvalidCounts = errors.New("nps: invalid counts")
	// ErrZeroVariance reports a comparison of different scores whose
	// standard errors are both 0.
	ErrZeroVariance = errors.New("nps: zero variance")
)

// Interval is a two-sided confidence interval in points.
type Interval = stats.Interval

// Tally counts answers by score. The zero value is an empty tally, ready to
// use. Its fields are exported so that it encodes to JSON and to the coders
// of distributed engines without loss.
type Tally struct {
	// Counts[s] is the number of answers equal to s, for s in 0..10.
	Counts [11]int64 `json:"counts"`
	// Unanswered counts submissions without an answer; they enter no result.
	Unanswered int64 `json:"unanswered"`
}

// Add counts one answer. An answer outside 0..10 returns an error wrapping
// ErrScoreOutOfRange and leaves the tally unchanged.
func (t *Tally) Add(score int) error {
	if uint(score) > 10 {
		return rangeError(score, -1)
	}
	t.Counts[score]++
	return nil
}

// AddN counts n answers equal to score, for input already aggregated as
// (score, count) pairs. A score outside 0..10 returns an error wrapping
// ErrScoreOutOfRange. A negative n, or one that would overflow the count,
// returns an error wrapping ErrInvalidCounts. Neither changes the tally.
func (t *Tally) AddN(score int, n int64) error {
	if uint(score) > 10 {
		return rangeError(score, -1)
	}
	if n < 0 {
		return fmt.Errorf("%w: negative count %d for score %d", ErrInvalidCounts, n, score)
	}
	if t.Counts[score] > math.MaxInt64-n {
		return fmt.Errorf("%w: adding %d answers of score %d to %d overflows int64", ErrInvalidCounts, n, score, t.Counts[score])
	}
	t.Counts[score] += n
	return nil
}

// AddUnanswered counts one submission without an answer.
func (t *Tally) AddUnanswered() {
	t.Unanswered++
}

// Merge adds the counts of other to t. Counts that overflow int64 are not
// detected here but by every result, which then returns an error wrapping
// ErrInvalidCounts.
func (t *Tally) Merge(other Tally) {
	for s, n := range other.Counts {
		t.Counts[s] += n
	}
	t.Unanswered += other.Unanswered
}

// Promoters returns the number of answers 9 and 10.
func (t Tally) Promoters() int64 {
	return t.Counts[9] + t.Counts[10]
}

// Passives returns the number of answers 7 and 8.
func (t Tally) Passives() int64 {
	return t.Counts[7] + t.Counts[8]
}

// Detractors returns the number of answers 0 to 6.
func (t Tally) Detractors() int64 {
	var n int64
	for _, c := range t.Counts[:7] {
		n += c
	}
	return n
}

// Validate returns an error wrapping ErrInvalidCounts, naming the field,
// when a count is negative or the counts sum past int64. A tally built only
// with Add, AddN and Merge from valid tallies is valid unless it holds more
// than 2⁶³ − 1 answers. A tally decoded from JSON may not be valid.
func (t Tally) Validate() error {
	var sum int64
	for s, c := range t.Counts {
		if c < 0 {
			return fmt.Errorf("%w: Counts[%d] = %d is negative", ErrInvalidCounts, s, c)
		}
		if sum > math.MaxInt64-c {
			return fmt.Errorf("%w: counts sum past %d", ErrInvalidCounts, int64(math.MaxInt64))
		}
		sum += c
	}
	if t.Unanswered < 0 {
		return fmt.Errorf("%w: Unanswered = %d is negative", ErrInvalidCounts, t.Unanswered)
	}
	return nil
}

// Responses returns the number of answers, without unanswered submissions.
// It is meaningful only for a tally that passes Validate.
func (t Tally) Responses() int64 {
	var n int64
	for _, c := range t.Counts {
		n += c
	}
	return n
}

// FromScores counts a slice of answers of any integer type. The first answer
// outside 0..10 returns an error wrapping ErrScoreOutOfRange that names the
// value and its index. It runs in one pass and does not allocate.
func FromScores[S ~[]E, E num.Integer](scores S) (Tally, error) {
	var t Tally
	for i, s := range scores {
		// Converting through int64 maps every value outside 0..10, including
		// unsigned values above the int64 range, outside 0..10.
		v := uint64(int64(s))
		if v > 10 {
			return Tally{}, rangeError(s, i)
		}
		t.Counts[v]++
	}
	return t, nil
}

// rangeError returns the error for an answer outside 0..10, naming its
// index unless index is negative. It is a separate function so that Add
// stays small enough to inline.
func rangeError(score any, index int) error {
	if index < 0 {
		return fmt.Errorf("%w: score %v", ErrScoreOutOfRange, score)
	}
	return fmt.Errorf("%w: score %v at index %d", ErrScoreOutOfRange, score, index)
}

// FromFloats counts answers given as float64, as survey tools often export
// them. An answer that is not a whole number in 0..10 (6.5, −1, NaN, ±Inf)
// returns an error wrapping ErrScoreOutOfRange that names the value and its
// index.
func FromFloats(scores []float64) (Tally, error) {
	var t Tally
	for i, s := range scores {
		if !(s >= 0 && s <= 10) || s != math.Trunc(s) {
			return Tally{}, rangeError(s, i)
		}
		t.Counts[int(s)]++
	}
	return t, nil
}
