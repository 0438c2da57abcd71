// Package decsum sums decimal.Decimal values exactly without allocating per
// value.
//
// decimal.Decimal.Add allocates about twice per call. A Sum instead keeps the
// running total as an int64 coefficient at a shared exponent (the smallest
// exponent seen so far), which covers money amounts of up to 18 significant
// digits, and switches to exact decimal arithmetic the first time a value or
// the total no longer fits. Both paths give the exact sum.
package decsum

import (
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// maxFastDigits is the largest coefficient, in decimal digits, that the int64
// path accepts; 18 digits always fit in an int64.
const maxFastDigits = 18

var pow10 = [...]int64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// Sum is an exact running total of decimals. The zero value is an empty sum
// whose Value is 0.
type Sum struct {
	coefficient int64
	exponent    int32
	started     bool
	// slow is the exact total once the int64 path has overflowed.
	slow     decimal.Decimal
	overflow bool
}

// Add adds d to the sum. It allocates only on the overflow path.
func (s *Sum) Add(d decimal.Decimal) {
	if s.overflow || !s.addFast(d) {
		s.addSlow(d)
	}
}

// Merge adds the total of other to s.
func (s *Sum) Merge(other Sum) {
	if other.overflow {
		s.addSlow(other.slow)
		return
	}
	if other.started {
		s.Add(decimal.New(other.coefficient, other.exponent))
	}
}

// Value returns the exact total.
func (s *Sum) Value() decimal.Decimal {
	if s.overflow {
		return s.slow
	}
	return decimal.New(s.coefficient, s.exponent)
}

func (s *Sum) addSlow(d decimal.Decimal) {
	if !s.overflow {
		s.slow = decimal.New(s.coefficient, s.exponent)
		s.overflow = true
	}
	s.slow = s.slow.Add(d)
}

// addFast adds d on the int64 path and reports whether it could.
func (s *Sum) addFast(d decimal.Decimal) bool {
	if d.NumDigits() > maxFastDigits {
		return false
	}
	c, e := d.CoefficientInt64(), d.Exponent()
	if !s.started {
		s.coefficient, s.exponent, s.started = c, e, true
		return true
	}

	// Bring both operands to the smaller exponent.
	switch {
	case e > s.exponent:
		scaled, ok := scale(c, e-s.exponent)
		if !ok {
			return false
		}
		c = scaled
	case e < s.exponent:
		scaled, ok := scale(s.coefficient, s.exponent-e)
		if !ok {
			return false
		}
		s.coefficient, s.exponent = scaled, e
	}

	sum, ok := add(s.coefficient, c)
	if !ok {
		return false
	}
	s.coefficient = sum
	return true
}

// scale returns c·10^k and reports whether it fits in an int64.
func scale(c int64, k int32) (int64, bool) {
	if k >= int32(len(pow10)) {
		return 0, c == 0
	}
	hi, lo := bits.Mul64(uint64(abs(c)), uint64(pow10[k]))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if c < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

// add returns a+b and reports whether it did not overflow.
func add(a, b int64) (int64, bool) {
	sum := a + b
	if (a >= 0) == (b >= 0) && (sum >= 0) != (a >= 0) {
		return 0, false
	}
	return sum, true
}

// abs returns |c|; math.MinInt64 cannot occur because coefficients have at
// most 18 digits.
func abs(c int64) int64 {
	if c < 0 {
		return -c
	}
	return c
}
