package nps

import (
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Method selects how an interval or a comparison treats the counts.
type Method int

const (
	// Wald uses the observed shares: NPS ± z·SE.
	Wald Method = iota
	// AdjustedWald adds ¾ of an answer to the promoter and detractor counts
	// and 3 to the total first (Rocks 2016), which keeps the interval sound
	// for small samples and for scores near ±100.
	AdjustedWald
)

// String returns the method's name.
func (m Method) String() string {
	switch m {
	case Wald:
		return "wald"
	case AdjustedWald:
		return "adjusted-wald"
	default:
		return fmt.Sprintf("Method(%d)", int(m))
	}
}

// Shares holds the fractions of answers in each bucket; they sum to 1.
type Shares struct {
	Promoters  float64 `json:"promoters"`
	Passives   float64 `json:"passives"`
	Detractors float64 `json:"detractors"`
}

// Shares returns the fraction of answers in each bucket, or an error wrapping
// ErrNoResponses for a tally without answers or ErrInvalidCounts for one
// that fails Validate.
func (t Tally) Shares() (Shares, error) {
	if err := t.Validate(); err != nil {
		return Shares{}, err
	}
	n := t.Responses()
	if n == 0 {
		return Shares{}, ErrNoResponses
	}
	total := float64(n)
	return Shares{
		Promoters:  float64(t.Promoters()) / total,
		Passives:   float64(t.Passives()) / total,
		Detractors: float64(t.Detractors()) / total,
	}, nil
}

// Score returns the Net Promoter Score in points, 100·(P − D)/n, unrounded,
// or an error wrapping ErrNoResponses for a tally without answers or
// ErrInvalidCounts for one that fails Validate.
func (t Tally) Score() (float64, error) {
	if err := t.Validate(); err != nil {
		return 0, err
	}
	n := t.Responses()
	if n == 0 {
		return 0, ErrNoResponses
	}
	return 100 * float64(t.Promoters()-t.Detractors()) / float64(n), nil
}

// estimate is a score and its standard error, both in points.
type estimate struct {
	centre, se float64
}

// estimate returns the centre and standard error under method m.
func (t Tally) estimate(m Method) (estimate, error) {
	if err := t.Validate(); err != nil {
		return estimate{}, err
	}
	n := float64(t.Responses())
	promoters, detractors := float64(t.Promoters()), float64(t.Detractors())
	switch m {
	case Wald:
	case AdjustedWald:
		n += 3
		promoters += 0.75
		detractors += 0.75
	default:
		return estimate{}, fmt.Errorf("%w: %v", ErrMethod, m)
	}
	if t.Responses() == 0 {
		return estimate{}, ErrNoResponses
	}

	p, d := promoters/n, detractors/n
	variance := math.Max(0, (p+d)-(p-d)*(p-d))
	return estimate{centre: 100 * (p - d), se: 100 * math.Sqrt(variance/n)}, nil
}

// StandardError returns the standard error of the score in points,
// 100·√(((p + d) − (p − d)²)/n), or an error wrapping ErrNoResponses.
func (t Tally) StandardError() (float64, error) {
	e, err := t.estimate(Wald)
	return e.se, err
}

// MarginOfError returns the half-width of the Wald interval at the given
// confidence, z·SE, in points.
func (t Tally) MarginOfError(confidence float64) (float64, error) {
	z, err := zFor(confidence)
	if err != nil {
		return 0, err
	}
	e, err := t.estimate(Wald)
	return z * e.se, err
}

// Interval returns the two-sided confidence interval of the score in points
// under method m. The Wald interval can reach past ±100 when nearly every
// answer is in one bucket; the adjusted-Wald interval is the better choice
// for small samples. Errors wrap ErrNoResponses, ErrConfidence or ErrMethod.
func (t Tally) Interval(confidence float64, m Method) (Interval, error) {
	z, err := zFor(confidence)
	if err != nil {
		return Interval{}, err
	}
	e, err := t.estimate(m)
	if err != nil {
		return Interval{}, err
	}
	return Interval{Lower: e.centre - z*e.se, Upper: e.centre + z*e.se, Confidence: confidence}, nil
}

func zFor(confidence float64) (float64, error) {
	z, err := stats.Z(confidence)
	if err != nil {
		return 0, fmt.Errorf("%w: got %v", ErrConfidence, confidence)
	}
	return z, nil
}

// Comparison is the two-sample test of a difference between two scores.
type Comparison struct {
	// Difference is score(a) − score(b) in points, signed; under
	// AdjustedWald it is the difference of the adjusted centres.
	Difference float64 `json:"difference"`
	// StandardError is √(SEa² + SEb²) in points.
	StandardError float64 `json:"standard_error"`
	// Z is Difference / StandardError; 0 when the scores are equal and both
	// standard errors are 0.
	Z float64 `json:"z"`
	// P is the two-sided p-value of Z; 1 when Z is 0.
	P float64 `json:"p"`
	// Method is the method the estimates used.
	Method Method `json:"method"`
}

// Compare tests whether the scores of two independent samples differ, with
// a two-sided z-test on their difference under method m. It returns an error
// wrapping ErrNoResponses, naming the sample, when either tally is empty, and
// one wrapping ErrZeroVariance when the scores differ but neither varies
// (possible only under Wald).
func Compare(a, b Tally, m Method) (Comparison, error) {
	ea, err := a.estimate(m)
	if err != nil {
		return Comparison{}, fmt.Errorf("nps: sample a: %w", err)
	}
	eb, err := b.estimate(m)
	if err != nil {
		return Comparison{}, fmt.Errorf("nps: sample b: %w", err)
	}

	c := Comparison{
		Difference:    ea.centre - eb.centre,
		StandardError: math.Hypot(ea.se, eb.se),
		P:             1,
		Method:        m,
	}
	switch {
	case c.StandardError > 0:
		c.Z = c.Difference / c.StandardError
		c.P = stats.TwoSidedP(c.Z)
	case c.Difference != 0:
		// Under Wald, samples with every answer in one bucket have no
		// variance, so z is unbounded.
		return Comparison{}, fmt.Errorf("%w: scores %v and %v differ with standard error 0; use AdjustedWald",
			ErrZeroVariance, ea.centre, eb.centre)
	}
	return c, nil
}
