package health

import (
	"fmt"
	"math"
)

// Direction states which end of a raw signal is healthy. It has no default:
// the zero Direction is invalid, so that "lower is better" is never assumed.
type Direction int

const (
	// HigherIsBetter maps larger raw values to larger normalised values
	// (usage, NPS answer).
	HigherIsBetter Direction = iota + 1
	// LowerIsBetter maps smaller raw values to larger normalised values
	// (open tickets, days of payment delay, days since the last login).
	LowerIsBetter
)

// String returns "higher is better", "lower is better" or "Direction(n)".
func (d Direction) String() string {
	switch d {
	case HigherIsBetter:
		return "higher is better"
	case LowerIsBetter:
		return "lower is better"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

func (d Direction) validate() error {
	if d != HigherIsBetter && d != LowerIsBetter {
		return fmt.Errorf("direction %v is neither HigherIsBetter nor LowerIsBetter: %w", d, ErrInvalidConfig)
	}
	return nil
}

// Normaliser maps a raw signal value to a normalised value in [0, 1], where
// 1 is the healthiest. Normalise returns an error wrapping ErrOutOfDomain for
// a raw value it does not accept, and must never return a value outside
// [0, 1] without an error. A Scorecard checks that and rejects the value.
type Normaliser interface {
	Normalise(raw float64) (float64, error)
}

// normaliser is implemented by the built-in normalisers, so that a
// Scorecard validates their settings once and then maps values without
// validating again.
type normaliser interface {
	Normaliser
	validate() error
	apply(raw float64) (float64, error)
}

// Unit is the identity normaliser for signals that are already fractions
// in [0, 1]; any other raw value is an error. A Signal with a nil
// Normaliser uses Unit.
type Unit struct{}

// Normalise returns raw unchanged when it lies in [0, 1], and otherwise an
// error wrapping ErrOutOfDomain.
func (u Unit) Normalise(raw float64) (float64, error) {
	return prefixed(u.apply(raw))
}

// Validate returns nil: Unit has no settings.
func (Unit) Validate() error { return nil }

func (Unit) validate() error { return nil }

func (Unit) apply(raw float64) (float64, error) {
	if !(raw >= 0 && raw <= 1) {
		return 0, fmt.Errorf("normalised value %v outside [0, 1]: %w", raw, ErrOutOfDomain)
	}
	return raw, nil
}

// Linear maps raw values between Min and Max linearly onto [0, 1]. With
// HigherIsBetter, Min maps to 0 and Max to 1; with LowerIsBetter, Min maps
// to 1 and Max to 0.
//
// Raw values below Min are always an error. Raw values above Max are an
// error unless Saturate is set, in which case they map to the same value as
// Max. This suits counts with a natural floor of 0 and an open top, such as
// logins per month (saturating at a target) or days since the last login
// (saturating at a cut-off beyond which the customer counts as lost).
type Linear struct {
	// Min is the smallest accepted raw value.
	Min float64 `json:"min"`
	// Max is the raw value at the far end of the scale; Min < Max.
	Max float64 `json:"max"`
	// Direction states which end is healthy; it must be set.
	Direction Direction `json:"direction"`
	// Saturate maps raw values above Max to Max's normalised value
	// instead of returning an error.
	Saturate bool `json:"saturate"`
}

// Normalise returns the normalised value of raw: (raw − Min)/(Max − Min)
// for HigherIsBetter and (Max − raw)/(Max − Min) for LowerIsBetter. It
// returns an error wrapping ErrInvalidConfig when l is invalid (see
// Validate), and one wrapping ErrOutOfDomain when raw is NaN, ±Inf, below
// Min, or above Max without Saturate.
func (l Linear) Normalise(raw float64) (float64, error) {
	if err := l.validate(); err != nil {
		return 0, fmt.Errorf("health: %w", err)
	}
	return prefixed(l.apply(raw))
}

// Validate returns an error wrapping ErrInvalidConfig unless Min and Max
// are finite with Min < Max and a finite width, and Direction is set.
func (l Linear) Validate() error {
	if err := l.validate(); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	return nil
}

func (l Linear) validate() error {
	if !(l.Min < l.Max) || math.IsInf(l.Max-l.Min, 0) {
		return fmt.Errorf("linear bounds [%v, %v] need finite min < max: %w", l.Min, l.Max, ErrInvalidConfig)
	}
	return l.Direction.validate()
}

func (l Linear) apply(raw float64) (float64, error) {
	// Validate the raw value.
	if math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 0, fmt.Errorf("raw value %v is not a finite number: %w", raw, ErrOutOfDomain)
	}
	if raw < l.Min {
		return 0, fmt.Errorf("raw value %v below minimum %v: %w", raw, l.Min, ErrOutOfDomain)
	}
	if raw > l.Max {
		if !l.Saturate {
			return 0, fmt.Errorf("raw value %v above maximum %v: %w", raw, l.Max, ErrOutOfDomain)
		}
		raw = l.Max
	}

	// Map. Both quotients lie in [0, 1] because rounding is monotone:
	// Min ≤ raw ≤ Max gives 0 ≤ raw − Min ≤ Max − Min.
	width := l.Max - l.Min
	if l.Direction == LowerIsBetter {
		return (l.Max - raw) / width, nil
	}
	return (raw - l.Min) / width, nil
}

// Tier maps the raw values in Range to the normalised value Value.
type Tier struct {
	// Range holds the raw values of the tier, each end inclusive or
	// exclusive as stated.
	Range Range `json:"range"`
	// Value is the normalised value in [0, 1] given to the tier.
	Value float64 `json:"value"`
}

// Thresholds maps raw values to normalised values by tiers, such as "0 open
// tickets → 1; 1 to 3 → 0.5; more than 3 → 0". Tiers must not overlap and
// may be listed in any order; a raw value in no tier is an error, so gaps
// mark values that cannot occur.
//
// Direction is checked against the tier values: with HigherIsBetter a tier
// of larger raw values never has a smaller Value, and with LowerIsBetter
// never a larger one. This catches a scale written backwards.
type Thresholds struct {
	// Tiers lists the tiers; at least one.
	Tiers []Tier `json:"tiers"`
	// Direction states which end is healthy; it must be set.
	Direction Direction `json:"direction"`
}

// Normalise returns the Value of the tier whose Range contains raw. It
// returns an error wrapping ErrInvalidConfig when t is invalid (see
// Validate), and one wrapping ErrOutOfDomain when raw is NaN, ±Inf or in
// no tier. It costs O(len(Tiers)²) for validation; a Scorecard validates
// once per call instead of once per value.
func (t Thresholds) Normalise(raw float64) (float64, error) {
	if err := t.validate(); err != nil {
		return 0, fmt.Errorf("health: %w", err)
	}
	return prefixed(t.apply(raw))
}

// Validate returns an error wrapping ErrInvalidConfig when there are no
// tiers, a range is invalid, a value lies outside [0, 1], two tiers
// overlap, Direction is unset, or the values run against Direction.
func (t Thresholds) Validate() error {
	if err := t.validate(); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	return nil
}

func (t Thresholds) validate() error {
	// Check each tier on its own.
	if len(t.Tiers) == 0 {
		return fmt.Errorf("thresholds have no tiers: %w", ErrInvalidConfig)
	}
	if err := t.Direction.validate(); err != nil {
		return err
	}
	for i, tier := range t.Tiers {
		if err := tier.Range.Validate(); err != nil {
			return fmt.Errorf("tier %d: %w", i, err)
		}
		if !(tier.Value >= 0 && tier.Value <= 1) {
			return fmt.Errorf("tier %d %v: value %v outside [0, 1]: %w", i, tier.Range, tier.Value, ErrInvalidConfig)
		}
	}

	// Check each pair of tiers for overlap and direction.
	for i, a := range t.Tiers {
		for j := i + 1; j < len(t.Tiers); j++ {
			if err := t.checkPair(i, a, j, t.Tiers[j]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t Thresholds) checkPair(i int, a Tier, j int, b Tier) error {
	if a.Range.overlaps(b.Range) {
		return fmt.Errorf("tiers %d %v and %d %v overlap: %w", i, a.Range, j, b.Range, ErrInvalidConfig)
	}
	low, high := a, b
	if b.Range.below(a.Range) {
		low, high = b, a
	}
	if (t.Direction == HigherIsBetter && low.Value > high.Value) ||
		(t.Direction == LowerIsBetter && low.Value < high.Value) {
		return fmt.Errorf("tiers %v → %v and %v → %v run against %v: %w",
			low.Range, low.Value, high.Range, high.Value, t.Direction, ErrInvalidConfig)
	}
	return nil
}

func (t Thresholds) apply(raw float64) (float64, error) {
	if math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 0, fmt.Errorf("raw value %v is not a finite number: %w", raw, ErrOutOfDomain)
	}
	for _, tier := range t.Tiers {
		if tier.Range.Contains(raw) {
			return tier.Value, nil
		}
	}
	return 0, fmt.Errorf("raw value %v in no tier: %w", raw, ErrOutOfDomain)
}

// prefixed adds the package prefix to an error of a built-in normaliser
// called directly by the caller.
func prefixed(v float64, err error) (float64, error) {
	if err != nil {
		return 0, fmt.Errorf("health: %w", err)
	}
	return v, nil
}
