package revenue

import (
	"fmt"
	"math"
	"math/big"

	"github.com/shopspring/decimal"
)

// checkCurrency returns an error wrapping ErrMixedCurrency when code differs
// from want, naming both codes.
func checkCurrency(want, code string) error {
	if code != want {
		return errorf(ErrMixedCurrency, "mixed currencies %q and %q", want, code)
	}
	return nil
}

// checkNonNegative returns an error wrapping ErrNegativeAmount when amount
// is below zero. name says what the amount is, as in "cac".
func checkNonNegative(name string, amount decimal.Decimal) error {
	if amount.Sign() < 0 {
		return errorf(ErrNegativeAmount, "negative %s %s", name, amount)
	}
	return nil
}

// checkFraction returns an error wrapping ErrInvalidRate unless lo ≤ x ≤ hi
// and x is finite.
func checkFraction(name string, x, lo, hi float64) error {
	if math.IsNaN(x) || x < lo || x > hi {
		return errorf(ErrInvalidRate, "%s %v outside [%v, %v]", name, x, lo, hi)
	}
	return nil
}

// rateDecimal returns the float64 rate x as the shortest decimal that reads
// back as x, so that a rate written 0.05 is the decimal 0.05.
func rateDecimal(x float64) decimal.Decimal {
	return decimal.NewFromFloat(x)
}

// ratio returns a/b as a float64, computed exactly and rounded once to the
// nearest float64. b must not be zero. It returns an error wrapping
// ErrOutOfRange, naming the quotient as what, when a/b exceeds the largest
// float64 (about 1.8e308), where the rounding would give ±Inf.
func ratio(what string, a, b decimal.Decimal) (float64, error) {
	f, _ := new(big.Rat).Quo(a.Rat(), b.Rat()).Float64()
	if math.IsInf(f, 0) {
		return 0, errorf(ErrOutOfRange, "%s %s / %s exceeds the largest float64", what, scientific(a), scientific(b))
	}
	return f, nil
}

// scientific writes d as its coefficient and exponent, such as 125e-1 for
// 12.5, which stays short for the extreme values an out-of-range error
// names.
func scientific(d decimal.Decimal) string {
	return fmt.Sprintf("%se%d", d.Coefficient(), d.Exponent())
}
