package ces

import (
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/internal/scalecount"
	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Interval is a two-sided confidence interval: Lower ≤ Upper, in the unit
// of the estimate it surrounds, at confidence level Confidence in (0, 1).
type Interval = stats.Interval

// Mean is the mean answer of a tally, in scale points, with what its
// interval needs.
type Mean struct {
	// Value is the mean answer, within Scale.Min..Scale.Max.
	Value float64 `json:"value"`
	// SumSquares is Σ (x − Value)² over the answers, the numerator of the
	// sample variance.
	SumSquares float64 `json:"sum_squares"`
	// Responses is the number of rated answers.
	Responses int64 `json:"responses"`
	// Unanswered is the number of submissions without a rating.
	Unanswered int64 `json:"unanswered"`
	// Scale is the scale of the answers; its direction says whether a
	// higher mean is easier.
	Scale Scale `json:"scale"`
}

// Mean returns the mean answer. It returns an error wrapping
// [ErrNoResponses] when the tally holds no rated answers, and the errors of
// an invalid tally ([ErrInvalidScale], [ErrInvalidCounts]).
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
		Scale:      moments.Scale,
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
// given confidence level. Identical answers give the zero-width interval
// at their value. It returns an error wrapping [ErrTooFewResponses] for
// fewer than two answers and [ErrConfidence] for a level outside (0, 1).
// It returns [ErrInvalidCounts] for a Value that is NaN, infinite or
// outside 0..10, or a SumSquares that is not a finite non-negative number,
// as a Mean decoded from corrupt JSON can have.
func (m Mean) Interval(confidence float64) (Interval, error) {
	return scalecount.MeanInterval(m.Value, m.SumSquares, m.Responses, confidence, &spec)
}

// Share is a share of rated answers, such as the share of easy answers,
// with the counts behind it.
type Share struct {
	// Value is Count / Responses, a fraction in [0, 1].
	Value float64 `json:"value"`
	// Count is the number of answers in the band.
	Count int64 `json:"count"`
	// Responses is the number of rated answers, the denominator.
	Responses int64 `json:"responses"`
	// Unanswered is the number of submissions without a rating, which are
	// not in Responses.
	Unanswered int64 `json:"unanswered"`
}

// EasyShare returns the share of rated answers in the easy band of bands.
// The zero Bands value gives the default bands of [Agreement7] (easy 5..7)
// and is an error wrapping [ErrBandsRequired] on any other scale. It
// returns an error wrapping [ErrInvalidBands] for bands that do not fit
// the scale and its direction, [ErrNoResponses] for a tally without rated
// answers, and the errors of an invalid tally.
func (t Tally) EasyShare(bands Bands) (Share, error) {
	net, err := t.Net(bands)
	if err != nil {
		return Share{}, err
	}
	return Share{
		Value:      float64(net.Easy) / float64(net.Responses),
		Count:      net.Easy,
		Responses:  net.Responses,
		Unanswered: net.Unanswered,
	}, nil
}

// Interval returns the Wilson score interval of the share at the given
// confidence level. It returns an error wrapping [ErrNoResponses] when
// Responses is 0, [ErrInvalidCounts] unless 0 ≤ Count ≤ Responses, and
// [ErrConfidence] for a level outside (0, 1).
func (s Share) Interval(confidence float64) (Interval, error) {
	if s.Responses == 0 {
		return Interval{}, fmt.Errorf("ces: interval of a share of 0 answers: %w", ErrNoResponses)
	}
	if s.Count < 0 || s.Count > s.Responses {
		return Interval{}, fmt.Errorf("ces: share of %d in %d answers: %w", s.Count, s.Responses, ErrInvalidCounts)
	}
	interval, err := stats.Wilson(s.Count, s.Responses, confidence)
	if err != nil {
		return Interval{}, fmt.Errorf("ces: share interval: %w", err)
	}
	return interval, nil
}

// Net is the net form of CES: the share of easy answers minus the share of
// difficult answers, with the counts behind it.
type Net struct {
	// Value is (Easy − Difficult) / Responses, a fraction in [−1, 1].
	Value float64 `json:"value"`
	// Easy is the number of answers in the easy band.
	Easy int64 `json:"easy"`
	// Difficult is the number of answers in the difficult band.
	Difficult int64 `json:"difficult"`
	// Responses is the number of rated answers, neutral ones included.
	Responses int64 `json:"responses"`
	// Unanswered is the number of submissions without a rating.
	Unanswered int64 `json:"unanswered"`
}

// Net returns the net form over bands, with the defaults and errors of
// [Tally.EasyShare].
func (t Tally) Net(bands Bands) (Net, error) {
	scale, err := t.check()
	if err != nil {
		return Net{}, err
	}
	bands, err = resolveBands(bands, scale)
	if err != nil {
		return Net{}, err
	}
	n := t.Responses()
	if n == 0 {
		return Net{}, fmt.Errorf("ces: share of %d submissions without a rating: %w", t.Unanswered, ErrNoResponses)
	}

	result := Net{Responses: n, Unanswered: t.Unanswered}
	for v, c := range t.Counts {
		switch {
		case bands.Easy.contains(v):
			result.Easy += c
		case bands.Difficult.contains(v):
			result.Difficult += c
		}
	}
	result.Value = float64(result.Easy-result.Difficult) / float64(n)
	return result, nil
}

// Interval returns the Wald interval Value ± z·SE of the net form at the
// given confidence level, where each answer scores +1 (easy), 0 (neutral)
// or −1 (difficult), so that with e and d the easy and difficult shares
// SE = √(((e + d) − (e − d)²) / n), the trinomial standard error used for
// NPS. Bounds beyond [−1, 1] are clipped to it. It returns an error
// wrapping [ErrNoResponses] when Responses is 0, [ErrInvalidCounts] for
// counts that are negative or exceed Responses together, and
// [ErrConfidence] for a level outside (0, 1).
func (n Net) Interval(confidence float64) (Interval, error) {
	if n.Responses == 0 {
		return Interval{}, fmt.Errorf("ces: interval of a net score of 0 answers: %w", ErrNoResponses)
	}
	if n.Easy < 0 || n.Difficult < 0 || n.Easy > n.Responses-n.Difficult {
		return Interval{}, fmt.Errorf("ces: %d easy and %d difficult in %d answers: %w", n.Easy, n.Difficult, n.Responses, ErrInvalidCounts)
	}
	z, err := stats.Z(confidence)
	if err != nil {
		return Interval{}, fmt.Errorf("ces: net interval: %w", err)
	}

	size := float64(n.Responses)
	easy, difficult := float64(n.Easy)/size, float64(n.Difficult)/size
	centre := easy - difficult
	half := z * math.Sqrt(math.Max(0, easy+difficult-centre*centre)/size)
	return Interval{
		Lower:      math.Max(-1, centre-half),
		Upper:      math.Min(1, centre+half),
		Confidence: confidence,
	}, nil
}
