package health

import (
	"fmt"
	"math"
)

// Level is a Totango-style health level.
type Level int

const (
	// Poor is the lowest level.
	Poor Level = iota + 1
	// Average is the middle level.
	Average
	// Good is the highest level.
	Good
)

// String returns "poor", "average", "good" or "Level(n)".
func (l Level) String() string {
	switch l {
	case Poor:
		return "poor"
	case Average:
		return "average"
	case Good:
		return "good"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Score returns the level's numeric score in [0, 1]: 1.0 for Good, 0.6 for
// Average and 0.4 for Poor, the values Totango uses to average account
// health over a portfolio (100, 60 and 40 points). Any other Level gives 0.
func (l Level) Score() float64 {
	switch l {
	case Poor:
		return 0.4
	case Average:
		return 0.6
	case Good:
		return 1
	}
	return 0
}

// WorstOf is the worst-of rule of Totango's account health: a customer is
// Good when every signal is good, Poor when any signal is poor, and Average
// otherwise; signals without a value are left out under MissingExclude.
// Each normalised value v is graded on its own:
//
//	v < PoorBelow            poor
//	PoorBelow ≤ v < GoodFrom average
//	v ≥ GoodFrom             good
//
// The score is the level's Score (1.0, 0.6 or 0.4). Weights play no part.
// The signals at the worst level decide the score and share it equally as
// their contributions; the others contribute 0.
//
// The zero WorstOf is invalid: both cut-offs must be set, with
// 0 < PoorBelow ≤ GoodFrom ≤ 1.
type WorstOf struct {
	// PoorBelow is the normalised value below which a signal is poor.
	PoorBelow float64 `json:"poor_below"`
	// GoodFrom is the normalised value from which a signal is good.
	GoodFrom float64 `json:"good_from"`
}

// Grade returns the level of a normalised value v in [0, 1].
func (w WorstOf) Grade(v float64) Level {
	switch {
	case v < w.PoorBelow:
		return Poor
	case v >= w.GoodFrom:
		return Good
	}
	return Average
}

// Combine returns the Score of the worst level among the inputs not
// excluded. It returns an error wrapping ErrInvalidConfig when w is invalid
// (see Validate) or the slices differ in length, ErrOutOfDomain for a value
// outside [0, 1] or NaN, ErrInvalidWeight for a weight that is negative,
// NaN or ±Inf, and ErrNoSignals when every input is excluded.
func (w WorstOf) Combine(inputs []Input, contributions []float64) (float64, error) {
	if err := w.validate(); err != nil {
		return 0, fmt.Errorf("health: %w", err)
	}
	if err := checkInputs(inputs, contributions); err != nil {
		return 0, fmt.Errorf("health: %w", err)
	}
	return prefixed(w.combine(inputs, contributions))
}

// Validate returns an error wrapping ErrInvalidConfig unless
// 0 < PoorBelow ≤ GoodFrom ≤ 1.
func (w WorstOf) Validate() error {
	if err := w.validate(); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	return nil
}

func (w WorstOf) validate() error {
	if !(w.PoorBelow > 0 && w.PoorBelow <= w.GoodFrom && w.GoodFrom <= 1) {
		return fmt.Errorf("worst-of cut-offs poor below %v, good from %v need 0 < poor below ≤ good from ≤ 1: %w",
			w.PoorBelow, w.GoodFrom, ErrInvalidConfig)
	}
	return nil
}

func (w WorstOf) combine(inputs []Input, contributions []float64) (float64, error) {
	// Find the worst level and how many signals reach it.
	worst, count := Level(math.MaxInt), 0
	for _, in := range inputs {
		if in.Excluded {
			continue
		}
		switch level := w.Grade(in.Value); {
		case level < worst:
			worst, count = level, 1
		case level == worst:
			count++
		}
	}
	if count == 0 {
		return 0, fmt.Errorf("every signal is excluded: %w", ErrNoSignals)
	}

	// Share the score among the deciding signals.
	score := worst.Score()
	for i, in := range inputs {
		contributions[i] = 0
		if !in.Excluded && w.Grade(in.Value) == worst {
			contributions[i] = score / float64(count)
		}
	}
	return score, nil
}
