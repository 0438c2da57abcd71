package health

import (
	"fmt"
	"math"
	"strings"
)

// Input is one signal as a Formula sees it.
type Input struct {
	// Name is the signal's name, for error messages.
	Name string
	// Value is the normalised value in [0, 1]; 1 is the healthiest.
	Value float64
	// Weight is the signal's weight, ≥ 0 and finite.
	Weight float64
	// Excluded reports that the signal has no value and the missing-signal
	// policy is MissingExclude: the formula must leave it out. Under
	// MissingZero a signal without a value arrives with Value 0 and
	// Excluded false.
	Excluded bool
}

// Formula combines normalised signals into a health score.
//
// Combine returns the score in [0, 1], where 1 is the healthiest, and
// writes into contributions[i] the part of the score that inputs[i]
// accounts for (0 for an excluded signal). The built-in formulas make the
// contributions add up to the score; a formula written by the caller should
// too, so that a score can be explained signal by signal. len(contributions)
// equals len(inputs). Combine must not keep either slice.
//
// A Formula may also implement Validate() error, which Scorecard.Validate
// calls to check its settings once before scoring.
type Formula interface {
	Combine(inputs []Input, contributions []float64) (float64, error)
}

// Weighted is the weighted mean of normalised signals with normalised
// weights, as in Gainsight Scorecards:
//
//	score = Σ wᵢ·sᵢ / Σ wᵢ    contributionᵢ = wᵢ·sᵢ / Σ wᵢ
//
// over the signals that are not excluded. Weights need not sum to 1 or 100;
// only their ratios matter. Excluding a signal therefore renormalises the
// weights of the others. The zero Weighted is ready to use.
type Weighted struct{}

// Combine returns Σ wᵢ·sᵢ / Σ wᵢ over the inputs not excluded. It returns an
// error wrapping ErrOutOfDomain for a value outside [0, 1] or NaN,
// ErrInvalidWeight for a weight that is negative, NaN or ±Inf or when the
// weights of the inputs in use sum to 0, ErrNoSignals when every input is
// excluded, and ErrInvalidConfig when the slices differ in length.
func (w Weighted) Combine(inputs []Input, contributions []float64) (float64, error) {
	if err := checkInputs(inputs, contributions); err != nil {
		return 0, fmt.Errorf("health: %w", err)
	}
	return prefixed(w.combine(inputs, contributions))
}

func (Weighted) combine(inputs []Input, contributions []float64) (float64, error) {
	return weightedMean(inputs, contributions, 0)
}

// weightedMean is Weighted's formula. With total > 0 the weights must also
// add up to total (Points). Each weight is divided by the largest weight in
// use before multiplying, so the sum cannot overflow and a tiny weight does
// not underflow in wᵢ·sᵢ: only the ratios of the weights matter.
func weightedMean(inputs []Input, contributions []float64, total float64) (float64, error) {
	// Check the points total and find the largest weight in use.
	if total > 0 {
		if err := checkPointsTotal(inputs, total); err != nil {
			return 0, err
		}
	}
	var maxWeight float64
	used := 0
	for _, in := range inputs {
		if !in.Excluded {
			maxWeight = max(maxWeight, in.Weight)
			used++
		}
	}
	if used == 0 {
		return 0, fmt.Errorf("every signal is excluded: %w", ErrNoSignals)
	}
	if maxWeight == 0 {
		return 0, fmt.Errorf("weights of signals %s sum to 0: %w", names(inputs, true), ErrInvalidWeight)
	}

	// Sum the scaled weights: 1 ≤ Σ wᵢ/max ≤ the number of inputs.
	var sumScaled float64
	for _, in := range inputs {
		if !in.Excluded {
			sumScaled += in.Weight / maxWeight
		}
	}

	// Accumulate. Σ vᵢ·sᵢ ≤ Σ vᵢ holds in floating point too, because
	// each vᵢ·sᵢ ≤ vᵢ and rounded addition is monotone, so score ≤ 1.
	var sum float64
	for i, in := range inputs {
		contributions[i] = 0
		if in.Excluded {
			continue
		}
		part := in.Weight / maxWeight * in.Value
		sum += part
		contributions[i] = part / sumScaled
	}
	return sum / sumScaled, nil
}

// checkPointsTotal returns an error wrapping ErrInvalidWeight unless the
// weights of all inputs, excluded or not, add up to total to 1e-9 relative.
func checkPointsTotal(inputs []Input, total float64) error {
	var allWeights float64
	for _, in := range inputs {
		allWeights += in.Weight
	}
	if !closeTo(allWeights, total) {
		return fmt.Errorf("points of signals %s add up to %v, not %v: %w", names(inputs, false), allWeights, total, ErrInvalidWeight)
	}
	return nil
}

// checkInputs validates inputs given to a built-in formula directly; a
// Scorecard has already checked them.
func checkInputs(inputs []Input, contributions []float64) error {
	if len(contributions) != len(inputs) {
		return fmt.Errorf("%d contributions for %d inputs: %w", len(contributions), len(inputs), ErrInvalidConfig)
	}
	for _, in := range inputs {
		if !(in.Weight >= 0) || math.IsInf(in.Weight, 0) {
			return fmt.Errorf("signal %q: weight %v is not a finite number ≥ 0: %w", in.Name, in.Weight, ErrInvalidWeight)
		}
		if !in.Excluded && !(in.Value >= 0 && in.Value <= 1) {
			return fmt.Errorf("signal %q: normalised value %v outside [0, 1]: %w", in.Name, in.Value, ErrOutOfDomain)
		}
	}
	return nil
}

// closeTo reports whether a equals b to 1e-9 relative, which absorbs the
// rounding of summing fractional points.
func closeTo(a, b float64) bool {
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return false
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// names lists the names of the inputs, only those in use when usedOnly is
// set, for error messages.
func names(inputs []Input, usedOnly bool) string {
	var b strings.Builder
	for _, in := range inputs {
		if usedOnly && in.Excluded {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", in.Name)
	}
	return b.String()
}

// Points is a points system in the style of ChurnZero's ChurnScore: each
// signal's Weight is the number of points it can earn, the weights must add
// up to Total, and a signal earns Weight × Value points, where Value usually
// comes from a Thresholds normaliser whose tiers give the share of the
// points earned. The score is the points earned over the points available:
//
//	score = Σ wᵢ·sᵢ / Σ wᵢ    contributionᵢ = wᵢ·sᵢ / Σ wᵢ
//
// With every signal present the denominator is Total. Under MissingExclude
// an excluded signal's points leave the denominator, as in Weighted.
//
// ChurnZero documents its direction inconsistently (one page calls 100 the
// highest churn risk, another awards points for healthy behaviour). Here,
// as everywhere in this package, points reward health: a risk score is
// 1 − score.
type Points struct {
	// Total is the number of points the weights must add up to, to 1e-9
	// relative; 0 means 100, as in ChurnZero.
	Total float64 `json:"total"`
}

// Combine returns the points earned over the points available. Besides the
// errors of Weighted.Combine, it returns one wrapping ErrInvalidWeight when
// the weights do not add up to Total and one wrapping ErrInvalidConfig when
// Total is negative, NaN or ±Inf.
func (p Points) Combine(inputs []Input, contributions []float64) (float64, error) {
	if err := p.validate(); err != nil {
		return 0, fmt.Errorf("health: %w", err)
	}
	if err := checkInputs(inputs, contributions); err != nil {
		return 0, fmt.Errorf("health: %w", err)
	}
	return prefixed(p.combine(inputs, contributions))
}

// Validate returns an error wrapping ErrInvalidConfig when Total is
// negative, NaN or ±Inf.
func (p Points) Validate() error {
	if err := p.validate(); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	return nil
}

func (p Points) validate() error {
	if !(p.Total >= 0) || math.IsInf(p.Total, 0) {
		return fmt.Errorf("points total %v is not a finite number ≥ 0: %w", p.Total, ErrInvalidConfig)
	}
	return nil
}

func (p Points) combine(inputs []Input, contributions []float64) (float64, error) {
	return weightedMean(inputs, contributions, p.total())
}

// total returns the points the weights must add up to: Total, or 100.
func (p Points) total() float64 {
	if p.Total == 0 {
		return 100
	}
	return p.Total
}
