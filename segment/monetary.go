package segment

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"
)

// maxKeyDigits is the largest number of significant digits a monetary
// value may have, at the smallest exponent among the values, for binning on
// int64 keys; 18 digits always fit.
const maxKeyDigits = 18

// binMonetary sets the M scores by cuts, or by quantiles without cuts.
// It compares int64 keys when every value fits 18 digits at a shared
// exponent and decimals otherwise; both orders are exact.
func binMonetary[K cmp.Ordered](values []RFM[K], k int, cuts []decimal.Decimal, scores []Scores) {
	if keys, ok := monetaryKeys(values, cuts); ok {
		edges := keys[len(values):]
		if len(cuts) == 0 {
			edges = orderStatistics(slices.Clone(keys[:len(values)]), quantileRanks(len(values), k))
		}
		for i := range values {
			scores[i].M = binOf(edges, keys[i])
		}
		return
	}

	// Exact decimal comparison for values past the int64 keys.
	edges := cuts
	if len(cuts) == 0 {
		sorted := make([]decimal.Decimal, len(values))
		for i, v := range values {
			sorted[i] = v.Monetary
		}
		slices.SortFunc(sorted, compareDecimal)
		edges = quantileEdges(sorted, k)
	}
	for i, v := range values {
		j, _ := slices.BinarySearchFunc(edges, v.Monetary, compareDecimal)
		scores[i].M = j + 1
	}
}

// monetaryKeys returns the values followed by the cut points as int64
// coefficients at their smallest shared exponent, and reports whether all
// of them fit.
func monetaryKeys[K cmp.Ordered](values []RFM[K], cuts []decimal.Decimal) ([]int64, bool) {
	// Find the shared exponent.
	exp := int32(0)
	for _, v := range values {
		exp = min(exp, v.Monetary.Exponent())
	}
	for _, c := range cuts {
		exp = min(exp, c.Exponent())
	}

	// Scale every coefficient to it.
	keys := make([]int64, len(values)+len(cuts))
	for i, v := range values {
		key, ok := scaledKey(v.Monetary, exp)
		if !ok {
			return nil, false
		}
		keys[i] = key
	}
	for i, c := range cuts {
		key, ok := scaledKey(c, exp)
		if !ok {
			return nil, false
		}
		keys[len(values)+i] = key
	}
	return keys, true
}

var powersOf10 = [...]int64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// scaledKey returns d's coefficient at exponent exp ≤ d.Exponent() and
// reports whether it has at most 18 digits. The shift is computed in int64
// because the difference of two int32 exponents can overflow int32.
func scaledKey(d decimal.Decimal, exp int32) (int64, bool) {
	shift := int64(d.Exponent()) - int64(exp)
	if shift > maxKeyDigits || int64(d.NumDigits())+shift > maxKeyDigits {
		return 0, false
	}
	return d.CoefficientInt64() * powersOf10[shift], true
}

// compareDecimal returns a.Cmp(b) without scaling a coefficient by a power
// of ten larger than the digits of a and b. decimal.Decimal.Cmp multiplies by
// 10^(exponent difference), which for exponents 2³¹ apart needs a number
// of two billion digits. Values of one sign whose magnitudes (digits plus
// exponent) differ are ordered by magnitude alone.
func compareDecimal(a, b decimal.Decimal) int {
	sa, sb := a.Sign(), b.Sign()
	if sa != sb || sa == 0 {
		return cmp.Compare(sa, sb)
	}
	ma := int64(a.NumDigits()) + int64(a.Exponent())
	mb := int64(b.NumDigits()) + int64(b.Exponent())
	if ma != mb {
		return sa * cmp.Compare(ma, mb)
	}
	return a.Cmp(b)
}
