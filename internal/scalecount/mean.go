package scalecount

import (
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Moments is the mean of a tally's rated answers with what its interval
// needs.
type Moments[S Scale] struct {
	Scale      S
	Responses  int64
	Mean       float64
	SumSquares float64
}

// Moments validates the tally and returns its resolved scale, the number
// of rated answers, their mean and their centred sum of squares. It
// returns the errors of [Tally.Check], and an error wrapping
// ErrNoResponses for a tally without rated answers.
func (t *Tally[S]) Moments(spec *Spec[S]) (Moments[S], error) {
	scale, err := t.Check(spec)
	if err != nil {
		return Moments[S]{}, err
	}
	if t.Responses() == 0 {
		return Moments[S]{}, fmt.Errorf("%s: mean of %d submissions without a rating: %w", spec.Name, t.Unanswered, spec.ErrNoResponses)
	}

	n, mean, sumSquares := stats.CountMoments(t.Counts[:])
	return Moments[S]{Scale: scale, Responses: n, Mean: mean, SumSquares: sumSquares}, nil
}

// Variance returns the sample variance sumSquares / (n − 1). It returns an
// error wrapping ErrTooFewResponses for n < 2 and ErrInvalidCounts for a
// sumSquares that is not a finite non-negative number.
func Variance[S Scale](sumSquares float64, n int64, spec *Spec[S]) (float64, error) {
	if n < 2 {
		return 0, fmt.Errorf("%s: variance of %d answers: %w", spec.Name, n, spec.ErrTooFewResponses)
	}
	if !(sumSquares >= 0) || math.IsInf(sumSquares, 0) {
		return 0, fmt.Errorf("%s: sum of squares %v is not a finite non-negative number: %w", spec.Name, sumSquares, spec.ErrInvalidCounts)
	}
	return sumSquares / float64(n-1), nil
}

// MeanInterval returns the t-interval of a mean of n answers with the given
// centred sum of squares. It returns the errors of [Variance], an error
// wrapping ErrInvalidCounts for a mean that is NaN or outside
// 0..MaxAnswer, and the error of stats.MeanInterval for a confidence level
// outside (0, 1).
func MeanInterval[S Scale](mean, sumSquares float64, n int64, confidence float64, spec *Spec[S]) (stats.Interval, error) {
	variance, err := Variance(sumSquares, n, spec)
	if err != nil {
		return stats.Interval{}, err
	}
	if !(mean >= 0 && mean <= MaxAnswer) {
		return stats.Interval{}, fmt.Errorf("%s: mean %v is not a number in 0..%d, the range of every scale: %w",
			spec.Name, mean, MaxAnswer, spec.ErrInvalidCounts)
	}
	interval, err := stats.MeanInterval(mean, variance, n, confidence)
	if err != nil {
		return stats.Interval{}, fmt.Errorf("%s: mean interval: %w", spec.Name, err)
	}
	return interval, nil
}
