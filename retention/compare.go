package retention

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// compareDecimals returns −1, 0 or +1 as a < b, a = b or a > b. Unlike
// decimal.Decimal.Cmp it does not allocate when the exponents differ and
// both coefficients fit in 18 digits.
func compareDecimals(a, b decimal.Decimal) int {
	if a.Exponent() == b.Exponent() || a.NumDigits() > 18 || b.NumDigits() > 18 {
		return a.Cmp(b)
	}
	ca, cb := a.CoefficientInt64(), b.CoefficientInt64()
	ea, eb := a.Exponent(), b.Exponent()
	// Bring the operand with the larger exponent down to the smaller one.
	if ea > eb {
		scaled, ok := scaleInt64(ca, ea-eb)
		if !ok {
			return a.Cmp(b)
		}
		ca = scaled
	} else {
		scaled, ok := scaleInt64(cb, eb-ea)
		if !ok {
			return a.Cmp(b)
		}
		cb = scaled
	}
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return 0
}

var powersOfTen = [...]uint64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// scaleInt64 returns c·10^k and reports whether it fits in an int64.
func scaleInt64(c int64, k int32) (int64, bool) {
	if k < 0 || k >= int32(len(powersOfTen)) {
		return 0, c == 0
	}
	u := uint64(c)
	if c < 0 {
		u = uint64(-c)
	}
	hi, lo := bits.Mul64(u, powersOfTen[k])
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if c < 0 {
		return -int64(lo), true
	}
	return int64(lo), true
}

// ratio returns a/b as the float64 nearest to the exact quotient. The
// caller guarantees b ≠ 0.
func ratio(a, b decimal.Decimal) float64 {
	f, _ := new(big.Rat).Quo(a.Rat(), b.Rat()).Float64()
	return f
}
