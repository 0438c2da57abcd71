package health

import (
	"fmt"
	"math"
	"reflect"
)

// MissingPolicy says what a Scorecard does with a signal that has no value.
type MissingPolicy int

const (
	// MissingExclude leaves the signal out; Weighted and Points renormalise
	// the remaining weights and WorstOf ignores it. This is the default,
	// and what Gainsight (NA measures) and Totango (attributes without a
	// value) do.
	MissingExclude MissingPolicy = iota
	// MissingZero scores the signal as normalised value 0, the unhealthiest.
	MissingZero
	// MissingError makes the record an error wrapping ErrMissingSignal.
	MissingError
)

// String returns "exclude", "zero", "error" or "MissingPolicy(n)".
func (p MissingPolicy) String() string {
	switch p {
	case MissingExclude:
		return "exclude"
	case MissingZero:
		return "zero"
	case MissingError:
		return "error"
	}
	return fmt.Sprintf("MissingPolicy(%d)", int(p))
}

// Signal is one input of a scorecard for records of type R.
type Signal[R any] struct {
	// Name identifies the signal in results and errors; non-empty and
	// unique within the scorecard.
	Name string
	// Weight is the signal's weight (points, for Points), ≥ 0 and finite.
	Weight float64
	// Normaliser maps the raw value to [0, 1]; nil means Unit, for raw
	// values that are already fractions in [0, 1].
	Normaliser Normaliser
	// Value returns the record's raw value and whether it has one.
	Value func(R) (raw float64, ok bool)
}

// Scorecard scores records of any type R: it reads each Signal from the
// record, normalises it, applies the missing-signal policy, combines the
// signals with Formula, and places the score in a band.
//
// The zero Scorecard has no signals and is invalid. A Scorecard holds no
// state and may be used by several goroutines at once if its Formula,
// normalisers and Value functions can.
type Scorecard[R any] struct {
	// Signals lists the signals in the order results report them.
	Signals []Signal[R]
	// Formula combines the signals; nil means Weighted.
	Formula Formula
	// Missing is the policy for signals without a value; the zero value is
	// MissingExclude.
	Missing MissingPolicy
	// Bands places scores in named bands; nil means results carry no band.
	// See ValidateBands.
	Bands []Band
	// ID returns a record's identifier for error messages; nil leaves it
	// out.
	ID func(R) string
}

// Result is the health score of one record and its explanation.
type Result struct {
	// Score is the health score in [0, 1]; 1 is the healthiest.
	Score float64 `json:"score"`
	// Band is the name of the band containing Score, or "" without bands.
	Band string `json:"band,omitempty"`
	// Signals explains the score signal by signal, in the scorecard's
	// order.
	Signals []Contribution `json:"signals"`
}

// Contribution is one signal's part in a Result.
type Contribution struct {
	// Name is the signal's name.
	Name string `json:"name"`
	// Missing reports that the signal had no value; Raw and Value are then
	// 0.
	Missing bool `json:"missing,omitempty"`
	// Raw is the value read from the record.
	Raw float64 `json:"raw"`
	// Value is the normalised value in [0, 1].
	Value float64 `json:"value"`
	// Weight is the signal's configured weight.
	Weight float64 `json:"weight"`
	// Contribution is the part of Score the signal accounts for, in
	// score units; for the built-in formulas the contributions add up to
	// Score.
	Contribution float64 `json:"contribution"`
}

// Validate returns an error when c cannot score any record: no signals
// (ErrNoSignals); a signal without a name, with a duplicate name or without
// a Value function, an invalid normaliser, formula, policy or bands
// (ErrInvalidConfig, also for a nil pointer as normaliser or formula); or
// a weight that is negative, NaN or ±Inf, and, for Weighted or Points,
// weights that are all 0 or points that do not add up to the total
// (ErrInvalidWeight).
func (c Scorecard[R]) Validate() error {
	if err := c.validate(); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	return nil
}

func (c Scorecard[R]) validate() error {
	if len(c.Signals) == 0 {
		return fmt.Errorf("scorecard has no signals: %w", ErrNoSignals)
	}
	for i, s := range c.Signals {
		if err := c.validateSignal(i, s); err != nil {
			return err
		}
	}
	if c.Missing < MissingExclude || c.Missing > MissingError {
		return fmt.Errorf("missing-signal policy %v is unknown: %w", c.Missing, ErrInvalidConfig)
	}
	if err := validateFormula(c.Formula); err != nil {
		return err
	}
	if err := c.validateWeights(); err != nil {
		return err
	}
	return checkBands(c.Bands)
}

func (c Scorecard[R]) validateSignal(i int, s Signal[R]) error {
	if s.Name == "" {
		return fmt.Errorf("signal %d has no name: %w", i, ErrInvalidConfig)
	}
	for _, other := range c.Signals[:i] {
		if other.Name == s.Name {
			return fmt.Errorf("signal name %q used twice: %w", s.Name, ErrInvalidConfig)
		}
	}
	if s.Value == nil {
		return fmt.Errorf("signal %q has no Value function: %w", s.Name, ErrInvalidConfig)
	}
	if !(s.Weight >= 0) || math.IsInf(s.Weight, 0) {
		return fmt.Errorf("signal %q: weight %v is not a finite number ≥ 0: %w", s.Name, s.Weight, ErrInvalidWeight)
	}
	if isNilPointer(s.Normaliser) {
		return fmt.Errorf("signal %q: normaliser is a nil %T: %w", s.Name, s.Normaliser, ErrInvalidConfig)
	}
	if n, ok := s.Normaliser.(normaliser); ok {
		if err := n.validate(); err != nil {
			return fmt.Errorf("signal %q: %w", s.Name, err)
		}
	}
	return nil
}

// validateFormula checks a formula's settings: the unprefixed validate of
// a built-in formula, or the Validate method of a caller's formula.
func validateFormula(f Formula) error {
	if isNilPointer(f) {
		return fmt.Errorf("formula is a nil %T: %w", f, ErrInvalidConfig)
	}
	switch v := f.(type) {
	case interface{ validate() error }:
		return v.validate()
	case interface{ Validate() error }:
		return v.Validate()
	}
	return nil
}

// validateWeights rejects weights with which Weighted or Points cannot
// score any record: weights that are all 0, or points that do not add up
// to the total. Both formulas sum the weights in signal order, as here.
func (c Scorecard[R]) validateWeights() error {
	var total float64
	switch f := c.Formula.(type) {
	case nil, Weighted, *Weighted:
	case Points:
		total = f.total()
	case *Points:
		total = f.total()
	default:
		return nil
	}
	var sum, maxWeight float64
	for _, s := range c.Signals {
		sum += s.Weight
		maxWeight = max(maxWeight, s.Weight)
	}
	if total > 0 && !closeTo(sum, total) {
		return fmt.Errorf("points of the %d signals add up to %v, not %v: %w", len(c.Signals), sum, total, ErrInvalidWeight)
	}
	if maxWeight == 0 {
		return fmt.Errorf("every signal has weight 0: %w", ErrInvalidWeight)
	}
	return nil
}

// isNilPointer reports whether v holds a nil pointer, whose value methods
// would panic when called.
func isNilPointer(v any) bool {
	r := reflect.ValueOf(v)
	return r.Kind() == reflect.Pointer && r.IsNil()
}

// Score returns the health score of one record. Its errors are those of
// Validate and those of ScoreAll for a single record.
func (c Scorecard[R]) Score(record R) (Result, error) {
	results, err := c.ScoreAll([]R{record})
	if err != nil {
		return Result{}, err
	}
	return results[0], nil
}

// ScoreAll returns the health score of every record, in input order. It
// validates c once (see Validate) and then returns the first error among
// the records, naming the record's index, its ID when c.ID is set, and the
// signal: a raw value its normaliser rejects or a normalised value outside
// [0, 1] (ErrOutOfDomain), a signal without a value under MissingError
// (ErrMissingSignal), every signal missing under MissingExclude
// (ErrNoSignals), weights in use that sum to 0 or points that miss their
// total (ErrInvalidWeight), or a Formula of the caller's that broke its
// contract (ErrInvalidScore). An empty records slice returns an empty
// result.
//
// ScoreAll allocates a fixed number of slices whatever the number of
// records: the results share one backing array for their contributions.
func (c Scorecard[R]) ScoreAll(records []R) ([]Result, error) {
	// Validate the scorecard once.
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("health: %w", err)
	}

	// Score each record into shared buffers.
	k := len(c.Signals)
	results := make([]Result, len(records))
	contributions := make([]Contribution, len(records)*k)
	s := scorer[R]{card: c, inputs: make([]Input, k), shares: make([]float64, k)}
	for i, record := range records {
		out := contributions[i*k : (i+1)*k : (i+1)*k]
		score, err := s.score(record, out)
		if err != nil {
			return nil, fmt.Errorf("health: %s: %w", c.describe(i, record), err)
		}
		results[i] = Result{Score: score, Band: bandOf(c.Bands, score), Signals: out}
	}
	return results, nil
}

func (c Scorecard[R]) describe(i int, record R) string {
	if c.ID == nil {
		return fmt.Sprintf("record %d", i)
	}
	return fmt.Sprintf("record %d (id %q)", i, c.ID(record))
}

// scorer holds the buffers that ScoreAll reuses from record to record.
type scorer[R any] struct {
	card   Scorecard[R]
	inputs []Input
	shares []float64
}

func (s *scorer[R]) score(record R, out []Contribution) (float64, error) {
	// Read and normalise each signal.
	for j, sig := range s.card.Signals {
		if err := s.read(j, sig, record, &out[j]); err != nil {
			return 0, fmt.Errorf("signal %q: %w", sig.Name, err)
		}
	}

	// Combine.
	score, err := combine(s.card.Formula, s.inputs, s.shares)
	if err != nil {
		return 0, err
	}
	if !(score >= 0 && score <= 1) {
		return 0, fmt.Errorf("score %v outside [0, 1]: %w", score, ErrInvalidScore)
	}
	for j := range out {
		if math.IsNaN(s.shares[j]) || math.IsInf(s.shares[j], 0) {
			return 0, fmt.Errorf("signal %q: contribution %v is not a finite number: %w", out[j].Name, s.shares[j], ErrInvalidScore)
		}
		out[j].Contribution = s.shares[j]
	}
	return score, nil
}

// read fills input j and its contribution from the record.
func (s *scorer[R]) read(j int, sig Signal[R], record R, out *Contribution) error {
	*out = Contribution{Name: sig.Name, Weight: sig.Weight}
	s.inputs[j] = Input{Name: sig.Name, Weight: sig.Weight}
	raw, ok := sig.Value(record)
	if !ok {
		out.Missing = true
		switch s.card.Missing {
		case MissingError:
			return ErrMissingSignal
		case MissingExclude:
			s.inputs[j].Excluded = true
		}
		return nil
	}
	value, err := normalise(sig.Normaliser, raw)
	if err != nil {
		return err
	}
	out.Raw, out.Value = raw, value
	s.inputs[j].Value = value
	return nil
}

// normalise applies n, or Unit when n is nil, and checks the result of a
// normaliser written by the caller.
func normalise(n Normaliser, raw float64) (float64, error) {
	switch n := n.(type) {
	case nil:
		return Unit{}.apply(raw)
	case normaliser:
		return n.apply(raw)
	}
	value, err := n.Normalise(raw)
	if err != nil {
		return 0, err
	}
	if !(value >= 0 && value <= 1) {
		return 0, fmt.Errorf("normaliser returned %v for raw value %v, outside [0, 1]: %w", value, raw, ErrOutOfDomain)
	}
	return value, nil
}

// combine applies f, or Weighted when f is nil, using the unprefixed errors
// of the built-in formulas.
func combine(f Formula, inputs []Input, shares []float64) (float64, error) {
	switch f := f.(type) {
	case nil:
		return Weighted{}.combine(inputs, shares)
	case Weighted:
		return f.combine(inputs, shares)
	case Points:
		return f.combine(inputs, shares)
	case WorstOf:
		return f.combine(inputs, shares)
	case *Weighted:
		return f.combine(inputs, shares)
	case *Points:
		return f.combine(inputs, shares)
	case *WorstOf:
		return f.combine(inputs, shares)
	}
	return f.Combine(inputs, shares)
}
