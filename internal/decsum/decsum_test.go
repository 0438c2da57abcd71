package decsum

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

func sumOf(values ...string) decimal.Decimal {
	var s Sum
	for _, v := range values {
		s.Add(decimal.RequireFromString(v))
	}
	return s.Value()
}

func TestSumExact(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"empty", nil, "0"},
		{"cents", []string{"0.10", "0.20"}, "0.30"},
		{"mixed exponents", []string{"1", "0.5", "0.25", "100"}, "101.75"},
		{"negative", []string{"10.00", "-12.50"}, "-2.50"},
		// Two amounts of 5·10¹⁸ cents each: every term fits in an int64,
		// the sum (10¹⁹ cents) does not.
		{"past int64", []string{"50000000000000000.00", "50000000000000000.00"}, "100000000000000000.00"},
		{"19 digits", []string{"1234567890123456789", "1"}, "1234567890123456790"},
		{"scale overflow", []string{"9000000000000000", "0.001"}, "9000000000000000.001"},
		{"large exponent", []string{"1e30", "1"}, "1000000000000000000000000000001"},
		{"zero large exponent", []string{"0e30", "1"}, "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := sumOf(tc.values...)
			if !got.Equal(decimal.RequireFromString(tc.want)) {
				t.Errorf("sum(%v) = %v, want %v", tc.values, got, tc.want)
			}
		})
	}
}

func TestSumMerge(t *testing.T) {
	var a, b, whole Sum
	values := []string{"1.5", "99999999999999999", "0.01", "-3", "50000000000000000.00"}
	for i, v := range values {
		d := decimal.RequireFromString(v)
		whole.Add(d)
		if i%2 == 0 {
			a.Add(d)
		} else {
			b.Add(d)
		}
	}
	a.Merge(b)
	var empty Sum
	a.Merge(empty)
	if got, want := a.Value(), whole.Value(); !got.Equal(want) {
		t.Errorf("merged sum = %v, want %v", got, want)
	}
}

func TestSumAgainstBigRat(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var s Sum
	want := new(big.Rat)
	for range 10000 {
		c := rng.Int64N(1e15) - 5e14
		e := int32(rng.IntN(6)) - 4
		d := decimal.New(c, e)
		s.Add(d)
		want.Add(want, d.Rat())
	}
	if got := s.Value().Rat(); got.Cmp(want) != 0 {
		t.Errorf("sum = %v, want %v", got.FloatString(4), want.FloatString(4))
	}
}

func TestSumAllocations(t *testing.T) {
	values := make([]decimal.Decimal, 1000)
	for i := range values {
		values[i] = decimal.New(int64(i*137+5), -2)
	}
	allocs := testing.AllocsPerRun(10, func() {
		var s Sum
		for _, v := range values {
			s.Add(v)
		}
	})
	if allocs != 0 {
		t.Errorf("Sum.Add over 1000 values allocated %v times, want 0", allocs)
	}
}

func FuzzSum(f *testing.F) {
	f.Add(int64(1), int32(-2), int64(2), int32(0), int64(3), int32(5))
	f.Add(int64(5e18), int32(-2), int64(5e18), int32(-2), int64(0), int32(0))
	f.Fuzz(func(t *testing.T, c1 int64, e1 int32, c2 int64, e2 int32, c3 int64, e3 int32) {
		// Exponents are kept small so that the big.Rat reference stays cheap.
		values := []decimal.Decimal{
			decimal.New(c1, e1%40), decimal.New(c2, e2%40), decimal.New(c3, e3%40),
		}
		var s Sum
		want := new(big.Rat)
		for _, v := range values {
			s.Add(v)
			want.Add(want, v.Rat())
		}
		if got := s.Value().Rat(); got.Cmp(want) != 0 {
			t.Errorf("sum(%v) = %v, want %v", values, got, want)
		}
	})
}
