package csat

import (
	"fmt"

	"github.com/crmmetrics/crmmetrics/internal/scalecount"
	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Interval is a two-sided confidence interval: Lower ≤ Upper, in the unit
// of the estimate it surrounds, at confidence level Confidence in (0, 1).
type Interval = stats.Interval

// Share is a share of rated answers, such as the CSAT score, with the
// counts behind it.
type Share struct {
	// Value is Count / Responses, a fraction in [0, 1].
	Value float64 `json:"value"`
	// Count is the number of satisfied answers.
	Count int64 `json:"count"`
	// Responses is the number of rated answers, the denominator.
	Responses int64 `json:"responses"`
	// Unanswered is the number of submissions without a rating, which are
	// not in Responses.
	Unanswered int64 `json:"unanswered"`
}

// Score returns the CSAT score: the share of rated answers in the top two
// boxes, 4 and 5 on the default 1..5 scale. Only 5-point scales have this
// default; on any other scale Score returns an error wrapping
// [ErrCutRequired], and the caller names the cut with [Tally.TopBox]. It
// returns the other errors of TopBox.
func (t Tally) Score() (Share, error) {
	scale, err := t.check()
	if err != nil {
		return Share{}, err
	}
	cut, err := defaultCut(scale)
	if err != nil {
		return Share{}, err
	}
	return t.TopBox(cut)
}

// TopBox returns the share of rated answers at or above cut, the lowest
// answer counted as satisfied: TopBox(9) on a 1..10 scale counts 9 and 10.
// It returns an error wrapping [ErrInvalidCut] unless Min < cut ≤ Max,
// [ErrNoResponses] for a tally without rated answers, and
// [ErrInvalidScale] or [ErrInvalidCounts] for an invalid tally.
func (t Tally) TopBox(cut int) (Share, error) {
	scale, err := t.check()
	if err != nil {
		return Share{}, err
	}
	if cut <= scale.Min || cut > scale.Max {
		return Share{}, fmt.Errorf("csat: cut %d on scale %v must satisfy min < cut <= max: %w", cut, scale, ErrInvalidCut)
	}
	n := t.Responses()
	if n == 0 {
		return Share{}, fmt.Errorf("csat: share of %d submissions without a rating: %w", t.Unanswered, ErrNoResponses)
	}

	var satisfied int64
	for _, c := range t.Counts[cut:] {
		satisfied += c
	}
	return Share{Value: float64(satisfied) / float64(n), Count: satisfied, Responses: n, Unanswered: t.Unanswered}, nil
}

// Interval returns the Wilson score interval of the share at the given
// confidence level. It returns an error wrapping [ErrNoResponses] when
// Responses is 0, [ErrInvalidCounts] unless 0 ≤ Count ≤ Responses, and
// [ErrConfidence] for a level outside (0, 1).
func (s Share) Interval(confidence float64) (Interval, error) {
	if err := s.check("share"); err != nil {
		return Interval{}, err
	}
	interval, err := stats.Wilson(s.Count, s.Responses, confidence)
	if err != nil {
		return Interval{}, fmt.Errorf("csat: share interval: %w", err)
	}
	return interval, nil
}

// check returns an error, naming the share as name, unless
// 0 ≤ Count ≤ Responses and Responses > 0.
func (s Share) check(name string) error {
	if s.Responses == 0 {
		return fmt.Errorf("csat: %s of 0 answers: %w", name, ErrNoResponses)
	}
	if s.Count < 0 || s.Count > s.Responses {
		return fmt.Errorf("csat: %s of %d in %d answers: %w", name, s.Count, s.Responses, ErrInvalidCounts)
	}
	return nil
}

// Mean is the mean answer of a tally, in scale points, with what its
// interval needs.
type Mean struct {
	// Value is the mean answer, within the scale's Min..Max.
	Value float64 `json:"value"`
	// SumSquares is Σ (x − Value)² over the answers, the numerator of the
	// sample variance.
	SumSquares float64 `json:"sum_squares"`
	// Responses is the number of rated answers.
	Responses int64 `json:"responses"`
	// Unanswered is the number of submissions without a rating.
	Unanswered int64 `json:"unanswered"`
}

// Mean returns the mean rated answer. It returns an error wrapping
// [ErrNoResponses] when the tally holds no rated answers, and
// [ErrInvalidScale] or [ErrInvalidCounts] for an invalid tally.
func (t Tally) Mean() (Mean, error) {
	moments, err := (*scalecount.Tally[Scale])(&t).Moments(&spec)
	if err != nil {
		return Mean{}, err
	}
	return Mean{
		Value:      moments.Mean,
		SumSquares: moments.SumSquares,
		Responses:  moments.Responses,
		Unanswered: t.Unanswered,
	}, nil
}

// Variance returns the sample variance SumSquares / (Responses − 1). It
// returns an error wrapping [ErrTooFewResponses] for fewer than two answers
// and [ErrInvalidCounts] for a SumSquares that is not a finite
// non-negative number.
func (m Mean) Variance() (float64, error) {
	return scalecount.Variance(m.SumSquares, m.Responses, &spec)
}

// Interval returns the t-interval Value ± t_{n−1}·s/√n of the mean at the
// given confidence level; it is not clipped to the scale. Identical answers
// give the zero-width interval at their value. It returns an error
// wrapping [ErrTooFewResponses] for fewer than two answers and
// [ErrConfidence] for a level outside (0, 1). It returns
// [ErrInvalidCounts] for a Value that is NaN, infinite or outside 0..10,
// or a SumSquares that is not a finite non-negative number, as a Mean
// decoded from corrupt JSON can have.
func (m Mean) Interval(confidence float64) (Interval, error) {
	return scalecount.MeanInterval(m.Value, m.SumSquares, m.Responses, confidence, &spec)
}
