package decsum

import (
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// pow10 holds 10^0 through 10^19, every power of ten that fits in a uint64.
var pow10 = [...]uint64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// wide is a signed 128-bit integer in two's complement: hi·2⁶⁴ + lo.
type wide struct {
	hi int64
	lo uint64
}

// wideOf returns c as a wide.
func wideOf(c int64) wide {
	return wide{hi: c >> 63, lo: uint64(c)}
}

// wideOfMagnitude returns w, negated when neg is true.
func wideOfMagnitude(w uint64, neg bool) wide {
	if neg {
		return wide{}.sub(wide{lo: w})
	}
	return wide{lo: w}
}

// add returns x+y. It wraps on overflow, so callers keep both operands
// within ±2¹²⁶.
func (x wide) add(y wide) wide {
	lo, carry := bits.Add64(x.lo, y.lo, 0)
	hi := x.hi + y.hi + int64(carry)
	return wide{hi: hi, lo: lo}
}

// sub returns x−y under the same limits as add.
func (x wide) sub(y wide) wide {
	lo, borrow := bits.Sub64(x.lo, y.lo, 0)
	hi := x.hi - y.hi - int64(borrow)
	return wide{hi: hi, lo: lo}
}

// bounded reports whether −2¹²⁶ ≤ x < 2¹²⁶. Adding fewer than 2⁶³ values
// below 2⁶³ in magnitude to such a total cannot overflow 128 bits.
func (x wide) bounded() bool {
	return uint64(x.hi+1<<62) < 1<<63
}

// negative reports whether x < 0.
func (x wide) negative() bool {
	return x.hi < 0
}

// magnitude returns |x| as an unsigned 128-bit integer hi·2⁶⁴ + lo.
func (x wide) magnitude() (hi, lo uint64) {
	if x.negative() {
		x = wide{}.sub(x)
	}
	return uint64(x.hi), x.lo
}

// scale returns x·10^k and reports whether the result stays bounded.
func (x wide) scale(k int64) (wide, bool) {
	if x == (wide{}) {
		return x, true
	}
	hi, lo := x.magnitude()
	for ; k > 0; k -= 19 {
		m := pow10[min(k, 19)]
		h1, l1 := bits.Mul64(lo, m)
		h2, l2 := bits.Mul64(hi, m)
		var carry uint64
		hi, carry = bits.Add64(h1, l2, 0)
		if h2 != 0 || carry != 0 {
			return wide{}, false
		}
		lo = l1
	}
	scaled := wide{hi: int64(hi), lo: lo}
	if hi >= 1<<63 || !scaled.bounded() {
		return wide{}, false
	}
	if x.negative() {
		scaled = wide{}.sub(scaled)
	}
	return scaled, true
}

// decimal returns x·10^exp as a decimal. It allocates.
func (x wide) decimal(exp int32) decimal.Decimal {
	if x.hi == int64(x.lo)>>63 {
		return decimal.New(int64(x.lo), exp)
	}
	hi, lo := x.magnitude()
	v := new(big.Int).SetUint64(hi)
	v.Lsh(v, 64)
	v.Or(v, new(big.Int).SetUint64(lo))
	if x.negative() {
		v.Neg(v)
	}
	return decimal.NewFromBigInt(v, exp)
}
