// Package scalecount holds the mechanics shared by the tallies of answers
// on a bounded integer scale (the ces and csat packages): validation of
// counts, AddN, Merge, and tallies built from slices. Each public package
// keeps its own exported Tally, whose fields match [Tally] so that one
// converts to the other, and passes a [Spec] that names the package in
// error messages and supplies its scale defaults and sentinel errors.
package scalecount

import (
	"fmt"
	"math"
)

// MaxAnswer is the largest answer any scale may hold. Answers are counted
// in a fixed array indexed by the answer, so a scale lies within
// 0..MaxAnswer.
const MaxAnswer = 10

// MaxResponses is the largest number of rated answers a tally may hold:
// the sum of that many answers of up to MaxAnswer points still fits in an
// int64, which the mean needs.
const MaxResponses = math.MaxInt64 / MaxAnswer

// Scale is the constraint on a public package's scale type. Validate
// returns nil for the zero value, which stands for the package's default
// scale.
type Scale interface {
	comparable
	Validate() error
}

// Spec describes the public package that uses a tally: the prefix of its
// error messages, its default scale, the answers a scale accepts and the
// sentinel errors its errors wrap. A package declares one Spec and never
// changes it.
type Spec[S Scale] struct {
	// Name is the package name that starts every error message.
	Name string
	// Default is the scale that the zero S stands for.
	Default S
	// Bounds returns the answers lo..hi that a scale accepts, the default
	// scale's for the zero S and the empty range 1..0 for an invalid one.
	Bounds func(S) (lo, hi int)

	ErrScoreOutOfRange error
	ErrInvalidScale    error
	ErrInvalidCounts   error
	ErrScaleMismatch   error
	ErrNoResponses     error
	ErrTooFewResponses error
}

// resolve returns the default scale for the zero S and s otherwise.
func (spec *Spec[S]) resolve(s S) S {
	var zero S
	if s == zero {
		return spec.Default
	}
	return s
}

// Tally has the fields of the public packages' Tally types, so that a
// public Tally converts to a Tally and back.
type Tally[S Scale] struct {
	Scale      S
	Counts     [MaxAnswer + 1]int64
	Unanswered int64
}

// Package gives a package's [Spec] to [Rejected]. A public package
// implements it with an empty struct type, so that Rejected needs no field
// for the Spec and Add, which builds a Rejected, stays small enough to
// inline.
type Package[S Scale] interface {
	Spec() *Spec[S]
}

// Rejected is the error of an answer that a tally does not accept. It
// wraps the package's ErrInvalidScale for an invalid scale and its
// ErrScoreOutOfRange otherwise.
type Rejected[S Scale, P Package[S]] struct {
	Score int
	Scale S
}

// Error names the answer and the scale, or the reason the scale is
// invalid.
func (e *Rejected[S, P]) Error() string {
	var p P
	spec := p.Spec()
	if err := e.Scale.Validate(); err != nil {
		return fmt.Sprintf("%s: answer %d not counted: %v", spec.Name, e.Score, err)
	}
	return fmt.Sprintf("%s: answer %d outside the scale %v: %v", spec.Name, e.Score, e.Scale, spec.ErrScoreOutOfRange)
}

// Unwrap returns the package's ErrInvalidScale for an invalid scale and
// its ErrScoreOutOfRange otherwise.
func (e *Rejected[S, P]) Unwrap() error {
	var p P
	if e.Scale.Validate() != nil {
		return p.Spec().ErrInvalidScale
	}
	return p.Spec().ErrScoreOutOfRange
}

// Responses returns the number of rated answers in the tally.
func (t *Tally[S]) Responses() int64 {
	var n int64
	for _, c := range t.Counts {
		n += c
	}
	return n
}

// AddN counts n answers equal to score in t. It returns a [Rejected] error for
// an answer the scale does not accept, and an error wrapping
// ErrInvalidCounts for a negative n, for a tally with invalid counts, or
// when the tally would hold more than [MaxResponses] answers. It then
// leaves the tally unchanged.
func AddN[S Scale, P Package[S]](t *Tally[S], score int, n int64) error {
	var p P
	spec := p.Spec()
	scale := spec.resolve(t.Scale)
	if lo, hi := spec.Bounds(scale); score < lo || score > hi {
		return &Rejected[S, P]{Score: score, Scale: scale}
	}
	if n < 0 {
		return fmt.Errorf("%s: count %d of answer %d is negative: %w", spec.Name, n, score, spec.ErrInvalidCounts)
	}
	if _, err := t.Check(spec); err != nil {
		return err
	}
	if n > MaxResponses-t.Responses() {
		return fmt.Errorf("%s: %d more answers of %d on top of %d would exceed the maximum of %d answers: %w",
			spec.Name, n, score, t.Responses(), int64(MaxResponses), spec.ErrInvalidCounts)
	}
	t.Scale = scale
	t.Counts[score] += n
	return nil
}

// Merge adds the counts of other to t. Both tallies must be on the same
// scale, except that a tally with the zero scale and no rated answers
// takes on the other's. Merge returns an error wrapping ErrScaleMismatch
// for different scales and ErrInvalidCounts for corrupt counts or a sum
// that overflows int64; on error t is unchanged.
func (t *Tally[S]) Merge(other *Tally[S], spec *Spec[S]) error {
	scale, err := mergedScale(t, other, spec)
	if err != nil {
		return err
	}
	if _, err := t.Check(spec); err != nil {
		return err
	}
	if _, err := other.Check(spec); err != nil {
		return err
	}

	merged := Tally[S]{Scale: scale, Unanswered: t.Unanswered + other.Unanswered}
	for v := range merged.Counts {
		merged.Counts[v] = t.Counts[v] + other.Counts[v]
	}
	if _, err := merged.Check(spec); err != nil {
		return err
	}
	*t = merged
	return nil
}

// mergedScale returns the scale of the merge of a and b.
func mergedScale[S Scale](a, b *Tally[S], spec *Spec[S]) (S, error) {
	var zero S
	switch {
	case a.Scale == b.Scale:
		return a.Scale, nil
	case a.Scale == zero && a.Responses() == 0:
		return b.Scale, nil
	case b.Scale == zero && b.Responses() == 0:
		return a.Scale, nil
	case spec.resolve(a.Scale) == spec.resolve(b.Scale):
		return spec.resolve(a.Scale), nil
	}
	return zero, fmt.Errorf("%s: cannot merge a tally on scale %v with one on scale %v: %w",
		spec.Name, a.Scale, b.Scale, spec.ErrScaleMismatch)
}

// Check validates the scale and the counts and returns the resolved scale.
// Counts must be non-negative, zero outside the scale, and small enough
// that the number and the sum of the answers fit in int64.
func (t *Tally[S]) Check(spec *Spec[S]) (S, error) {
	var zero S
	scale := spec.resolve(t.Scale)
	if err := scale.Validate(); err != nil {
		return zero, err
	}
	if t.Unanswered < 0 {
		return zero, fmt.Errorf("%s: unanswered count %d is negative: %w", spec.Name, t.Unanswered, spec.ErrInvalidCounts)
	}

	lo, hi := spec.Bounds(scale)
	var n int64
	for v, c := range t.Counts {
		switch {
		case c < 0:
			return zero, fmt.Errorf("%s: count %d of answer %d is negative: %w", spec.Name, c, v, spec.ErrInvalidCounts)
		case c > 0 && (v < lo || v > hi):
			return zero, fmt.Errorf("%s: count %d of answer %d outside the scale %v: %w", spec.Name, c, v, scale, spec.ErrInvalidCounts)
		case c > MaxResponses-n:
			return zero, fmt.Errorf("%s: more than the maximum %d answers: %w", spec.Name, int64(MaxResponses), spec.ErrInvalidCounts)
		}
		n += c
	}
	return scale, nil
}
