// Package decsum sums decimal.Decimal values exactly without allocating per
// value.
//
// decimal.Decimal.Add allocates about twice per call. A Sum instead keeps the
// running total as a 128-bit integer coefficient at a shared exponent (the
// smallest exponent seen so far). A value whose coefficient has at most 19
// digits joins that total without allocating. A larger value, or a total that
// would pass ±2¹²⁶, goes to an exact decimal.Decimal side total instead. Both
// parts are exact, so the sum is exact for any input, and money totals far
// past the int64 range (10¹⁹ cents and more) still take the allocation-free
// path.
//
// Sum.Add and SumSlice cost one call to decimal.Decimal.NumDigits per value:
// the decimal API offers no cheaper exact test that a coefficient fits in 64
// bits. SumSlice keeps the total in registers across a run of values that share
// the total's exponent, which makes it the fastest way to add a slice.
package decsum

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// maxFastDigits is the largest coefficient, in decimal digits, that the
// inner loop of AddSlice accepts: 18 digits always fit in an int64.
const maxFastDigits = 18

// maxWideDigits is the largest coefficient, in decimal digits, that joins the
// 128-bit total: 19 digits always fit in a uint64.
const maxWideDigits = 19

// Sum is an exact running total of decimals. The zero value is an empty sum
// whose Value is 0. A Sum encodes to text (and so to JSON) as its exact total.
type Sum struct {
	// fast is the total of the values that fit, as a coefficient at exponent
	// exp. It stays within ±2¹²⁶.
	fast    wide
	exp     int32
	started bool
	// rest is the exact total of what did not fit fast.
	rest    decimal.Decimal
	hasRest bool
}

// SumSlice returns the exact sum of values, 0 for none. Its exponent is the
// smallest exponent among values (0 for none), as with decimal.Decimal.Add.
// It allocates only for the result and for values of more than 19 digits.
func SumSlice(values []decimal.Decimal) decimal.Decimal {
	var s Sum
	s.AddSlice(values)
	return s.Value()
}

// Add adds d to the sum. It allocates only when d has more than 19 digits or
// the total passes ±2¹²⁶ at its exponent.
func (s *Sum) Add(d decimal.Decimal) {
	if s.started && d.Exponent() == s.exp && d.NumDigits() <= maxFastDigits {
		s.fast = s.fast.add(wideOf(d.CoefficientInt64()))
		if !s.fast.bounded() {
			s.spill()
		}
		return
	}
	s.addGeneral(d)
}

// AddSlice adds every value of values to the sum, with the same result as
// calling Add for each in turn but faster.
func (s *Sum) AddSlice(values []decimal.Decimal) {
	for len(values) > 0 {
		if s.started {
			values = values[s.addRun(values):]
			if len(values) == 0 {
				return
			}
		}
		s.addGeneral(values[0])
		values = values[1:]
	}
}

// Merge adds the total of other to s.
func (s *Sum) Merge(other Sum) {
	if other.started {
		s.addWide(other.fast, other.exp)
	}
	if other.hasRest {
		s.addRest(other.rest)
	}
}

// Value returns the exact total. Its exponent is the smallest exponent among
// the values added (0 for an empty sum).
func (s *Sum) Value() decimal.Decimal {
	switch {
	case s.started && s.hasRest:
		return s.fast.decimal(s.exp).Add(s.rest)
	case s.hasRest:
		return s.rest
	case s.started:
		return s.fast.decimal(s.exp)
	}
	return decimal.New(0, 0)
}

// Sign returns -1, 0 or +1 as the total is negative, zero or positive. It
// allocates only when the sum holds values of more than 19 digits.
func (s *Sum) Sign() int {
	if s.hasRest {
		return s.Value().Sign()
	}
	switch {
	case s.fast.negative():
		return -1
	case s.fast == (wide{}):
		return 0
	}
	return 1
}

// MarshalText returns the exact total as a plain decimal string that keeps
// every digit of its exponent, such as "12.50", and never uses exponent
// notation.
func (s Sum) MarshalText() ([]byte, error) {
	v := s.Value()
	return []byte(v.StringFixed(max(0, -v.Exponent()))), nil
}

// UnmarshalText sets the sum to the total written in text, a decimal string
// as MarshalText writes it. It returns an error for text that is not a
// decimal.
func (s *Sum) UnmarshalText(text []byte) error {
	d, err := decimal.NewFromString(string(text))
	if err != nil {
		return fmt.Errorf("decsum: total %q: %w", text, err)
	}
	*s = Sum{}
	s.Add(d)
	return nil
}

// addRun adds the leading values that share the sum's exponent and have at
// most 18 digits, and returns how many it added. The total stays in locals
// across the loop. A slice holds fewer than 2⁶⁰ values, so from a total
// within ±2¹²⁶ adding values below 2⁶⁰ cannot overflow 128 bits.
func (s *Sum) addRun(values []decimal.Decimal) int {
	acc, exp := s.fast, s.exp
	n := 0
	for _, d := range values {
		if d.Exponent() != exp || d.NumDigits() > maxFastDigits {
			break
		}
		acc = acc.add(wideOf(d.CoefficientInt64()))
		n++
	}
	s.fast = acc
	if !acc.bounded() {
		s.spill()
	}
	return n
}

// addGeneral adds d at any exponent and of any size.
func (s *Sum) addGeneral(d decimal.Decimal) {
	c, ok := coefficientOf(d)
	if !ok {
		s.addRest(d)
		return
	}
	s.addWide(c, d.Exponent())
}

// addWide adds c·10^e, where |c| < 2¹²⁶.
func (s *Sum) addWide(c wide, e int32) {
	// An empty sum takes the first value's exponent.
	if !s.started {
		s.fast, s.exp, s.started = c, e, true
		return
	}

	// Bring both operands to the smaller exponent; what cannot be scaled
	// within bounds moves to the exact side total.
	if e < s.exp {
		scaled, ok := s.fast.scale(int64(s.exp) - int64(e))
		if !ok {
			s.spill()
		}
		s.fast, s.exp = scaled, e
	}
	if e > s.exp {
		scaled, ok := c.scale(int64(e) - int64(s.exp))
		if !ok {
			s.addRest(c.decimal(e))
			return
		}
		c = scaled
	}

	s.fast = s.fast.add(c)
	if !s.fast.bounded() {
		s.spill()
	}
}

// spill moves the 128-bit total to the exact side total and clears it,
// keeping its exponent.
func (s *Sum) spill() {
	s.addRest(s.fast.decimal(s.exp))
	s.fast = wide{}
}

// addRest adds d to the exact side total. It allocates.
func (s *Sum) addRest(d decimal.Decimal) {
	if !s.hasRest {
		s.rest, s.hasRest = d, true
		return
	}
	s.rest = s.rest.Add(d)
}

// coefficientOf returns the coefficient of d and reports whether it has at
// most 19 digits. Such a coefficient is below 2⁶⁴, so CoefficientInt64
// holds its magnitude exactly, wrapped to int64 with the sign applied.
func coefficientOf(d decimal.Decimal) (wide, bool) {
	if d.NumDigits() > maxWideDigits {
		return wide{}, false
	}
	c := d.CoefficientInt64()
	if d.Sign() < 0 {
		return wideOfMagnitude(uint64(-c), true), true
	}
	return wideOfMagnitude(uint64(c), false), true
}
