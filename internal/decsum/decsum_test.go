package decsum

import (
	"encoding/json"
	"math"
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

func parseAll(values []string) []decimal.Decimal {
	ds := make([]decimal.Decimal, len(values))
	for i, v := range values {
		ds[i] = decimal.RequireFromString(v)
	}
	return ds
}

// ratSum returns the exact sum of values as a big.Rat, the reference every
// test compares with.
func ratSum(values []decimal.Decimal) *big.Rat {
	total := new(big.Rat)
	for _, v := range values {
		total.Add(total, v.Rat())
	}
	return total
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
		// 9223372036854775808 is 2⁶³: 19 digits, one past the int64 range.
		{"two to the 63", []string{"9223372036854775808", "9223372036854775808"}, "18446744073709551616"},
		{"minus two to the 63", []string{"-9223372036854775808", "-1"}, "-9223372036854775809"},
		{"largest 19 digits", []string{"9999999999999999999", "-9999999999999999999", "0.01"}, "0.01"},
		// 20 digits take the exact side total.
		{"20 digits", []string{"18446744073709551616", "1.5"}, "18446744073709551617.5"},
		{"40 digits", []string{"1234567890123456789012345678901234567890", "-1234567890123456789012345678901234567890", "7"}, "7"},
		// 8·10³⁷ is just below 2¹²⁶ ≈ 8.507·10³⁷; twice it is not.
		{"total past 2^126", []string{"0", "8e37", "8e37", "1"}, "160000000000000000000000000000000000001"},
		// Scaling 1 to exponent -2 gives 10⁴², past 2¹²⁶.
		{"scaled past 2^126", []string{"0.01", "1e40"}, "10000000000000000000000000000000000000000.01"},
		{"total rescaled past 2^126", []string{"8e37", "0.1"}, "80000000000000000000000000000000000000.1"},
		// 8507059173023461586·10¹⁹ is just below 2¹²⁶; six more values of
		// 18 nines at the same exponent carry the total past it.
		{"run past 2^126", []string{"0", "8507059173023461586e19",
			"999999999999999999", "999999999999999999", "999999999999999999",
			"999999999999999999", "999999999999999999", "999999999999999999"},
			"85070591730234615865999999999999999994"},
		{"far exponents", []string{"1e-30", "1e30"}, "1000000000000000000000000000000.000000000000000000000000000001"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := decimal.RequireFromString(tc.want)
			if got := sumOf(tc.values...); !got.Equal(want) {
				t.Errorf("Add over %v = %v, want %v", tc.values, got, want)
			}
			if got := SumSlice(parseAll(tc.values)); !got.Equal(want) {
				t.Errorf("SumSlice(%v) = %v, want %v", tc.values, got, want)
			}
		})
	}
}

func TestSumExponent(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   int32
	}{
		{"empty", nil, 0},
		{"cents", []string{"1.50", "2.50"}, -2},
		{"smallest wins", []string{"1", "0.001", "2.5"}, -3},
		{"positive exponents", []string{"1e3", "2e2"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SumSlice(parseAll(tc.values)).Exponent(); got != tc.want {
				t.Errorf("SumSlice(%v).Exponent() = %d, want %d", tc.values, got, tc.want)
			}
		})
	}
}

func TestSumMerge(t *testing.T) {
	var a, b, whole Sum
	values := []string{"1.5", "99999999999999999", "0.01", "-3", "50000000000000000.00", "1e45", "8e37"}
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
	empty.Merge(whole)
	if got, want := empty.Value(), whole.Value(); !got.Equal(want) {
		t.Errorf("empty sum merged with whole = %v, want %v", got, want)
	}
}

func TestSumAgainstBigRat(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := make([]decimal.Decimal, 10000)
	for i := range values {
		values[i] = randomDecimal(rng)
	}
	want := ratSum(values)

	var s Sum
	for _, v := range values {
		s.Add(v)
	}
	if got := s.Value().Rat(); got.Cmp(want) != 0 {
		t.Errorf("Add loop = %v, want %v", got.FloatString(6), want.FloatString(6))
	}
	if got := SumSlice(values).Rat(); got.Cmp(want) != 0 {
		t.Errorf("SumSlice = %v, want %v", got.FloatString(6), want.FloatString(6))
	}
}

// randomDecimal returns mostly small amounts at a few exponents, with some
// values near the 64-bit limits and some past them.
func randomDecimal(rng *rand.Rand) decimal.Decimal {
	e := int32(rng.IntN(8)) - 5
	switch rng.IntN(10) {
	case 0:
		return decimal.New(rng.Int64(), e)
	case 1:
		v := new(big.Int).Mul(big.NewInt(rng.Int64()), big.NewInt(rng.Int64()))
		return decimal.NewFromBigInt(v, e)
	case 2:
		return decimal.New(math.MinInt64+rng.Int64N(3), e)
	default:
		return decimal.New(rng.Int64N(2e9)-1e9, e)
	}
}

func TestSumSign(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   int
	}{
		{"empty", nil, 0},
		{"zero", []string{"0.00"}, 0},
		{"cancelled", []string{"1.50", "-1.5"}, 0},
		{"positive", []string{"0.01"}, 1},
		{"negative", []string{"-0.01", "0.001"}, -1},
		{"negative past int64", []string{"-9223372036854775808", "-9223372036854775808"}, -1},
		{"side total", []string{"1e45", "-1"}, 1},
		{"side total cancelled", []string{"1e45", "-1e45"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s Sum
			s.AddSlice(parseAll(tc.values))
			if got := s.Sign(); got != tc.want {
				t.Errorf("Sign() after %v = %d, want %d", tc.values, got, tc.want)
			}
		})
	}
}

func TestSumTextRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"empty", nil, "0"},
		{"cents kept", []string{"1.50", "1.50"}, "3.00"},
		{"negative", []string{"-0.25"}, "-0.25"},
		{"positive exponent", []string{"1e3"}, "1000"},
		{"past int64", []string{"50000000000000000.00", "50000000000000000.00"}, "100000000000000000.00"},
		{"side total", []string{"1e45", "0.5"}, "1000000000000000000000000000000000000000000000.5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s Sum
			s.AddSlice(parseAll(tc.values))
			text, err := s.MarshalText()
			if err != nil {
				t.Fatalf("MarshalText() error: %v", err)
			}
			if string(text) != tc.want {
				t.Errorf("MarshalText() = %q, want %q", text, tc.want)
			}
			var back Sum
			if err := back.UnmarshalText(text); err != nil {
				t.Fatalf("UnmarshalText(%q) error: %v", text, err)
			}
			if got, want := back.Value(), s.Value(); !got.Equal(want) {
				t.Errorf("round trip of %q = %v, want %v", text, got, want)
			}
		})
	}
}

func TestSumJSONField(t *testing.T) {
	// A Sum held by value in a struct encodes through its MarshalText.
	type holder struct {
		Total Sum `json:"total"`
	}
	var h holder
	h.Total.AddSlice(parseAll([]string{"10.25", "0.75"}))
	data, err := json.Marshal(h)
	if err != nil {
		t.Fatalf("json.Marshal error: %v", err)
	}
	if got, want := string(data), `{"total":"11.00"}`; got != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
	var back holder
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("json.Unmarshal(%s) error: %v", data, err)
	}
	if got, want := back.Total.Value(), h.Total.Value(); !got.Equal(want) {
		t.Errorf("round trip = %v, want %v", got, want)
	}
}

func TestSumUnmarshalInvalid(t *testing.T) {
	var s Sum
	if err := s.UnmarshalText([]byte("12,50")); err == nil {
		t.Errorf("UnmarshalText(%q) = nil error, want an error", "12,50")
	}
}

func TestSumAllocations(t *testing.T) {
	// Cents up to 5·10¹⁸ each, so that the total passes the int64 range.
	values := make([]decimal.Decimal, 1000)
	for i := range values {
		values[i] = decimal.New(int64(i*137+5)*1e15, -2)
	}
	// A few values one exponent coarser force the scaling path.
	for i := 0; i < len(values); i += 100 {
		values[i] = decimal.New(int64(i), -1)
	}
	addAllocs := testing.AllocsPerRun(10, func() {
		var s Sum
		for _, v := range values {
			s.Add(v)
		}
	})

	if addAllocs != 0 {
		t.Errorf("Sum.Add over 1000 values allocated %v times, want 0", addAllocs)
	}

	sliceAllocs := testing.AllocsPerRun(10, func() {
		var s Sum
		s.AddSlice(values)
	})
	if sliceAllocs != 0 {
		t.Errorf("Sum.AddSlice over 1000 values allocated %v times, want 0", sliceAllocs)
	}

	mergeAllocs := testing.AllocsPerRun(10, func() {
		var a, b Sum
		a.AddSlice(values[:500])
		b.AddSlice(values[500:])
		a.Merge(b)
	})
	if mergeAllocs != 0 {
		t.Errorf("Sum.Merge allocated %v times, want 0", mergeAllocs)
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
		for _, v := range values {
			s.Add(v)
		}
		want := ratSum(values)
		if got := s.Value().Rat(); got.Cmp(want) != 0 {
			t.Errorf("sum(%v) = %v, want %v", values, got, want)
		}
	})
}

// FuzzSumSlice checks SumSlice, Add, Merge at every split and the text round
// trip against a big.Rat sum of the decimals that decodeDecimals reads from
// data.
func FuzzSumSlice(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0x10, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0x20, 0, 0, 0, 0, 0, 0, 0, 0xfe})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x01})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0x80, 0x05, 1, 0, 0, 0, 0, 0, 0, 0, 0xf0})
	f.Fuzz(func(t *testing.T, data []byte) {
		values := decodeDecimals(data)
		want := ratSum(values)

		if got := SumSlice(values).Rat(); got.Cmp(want) != 0 {
			t.Fatalf("SumSlice(%v) = %v, want %v", values, got, want)
		}
		var one Sum
		for _, v := range values {
			one.Add(v)
		}
		if got := one.Value().Rat(); got.Cmp(want) != 0 {
			t.Fatalf("Add over %v = %v, want %v", values, got, want)
		}
		for split := range len(values) + 1 {
			var a, b Sum
			a.AddSlice(values[:split])
			b.AddSlice(values[split:])
			a.Merge(b)
			if got := a.Value().Rat(); got.Cmp(want) != 0 {
				t.Fatalf("Merge split at %d of %v = %v, want %v", split, values, got, want)
			}
		}
		text, err := one.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText() error: %v", err)
		}
		var back Sum
		if err := back.UnmarshalText(text); err != nil {
			t.Fatalf("UnmarshalText(%q) error: %v", text, err)
		}
		if got := back.Value().Rat(); got.Cmp(want) != 0 {
			t.Fatalf("text round trip %q = %v, want %v", text, got, want)
		}
	})
}

// decodeDecimals reads 9 bytes per decimal: a little-endian int64
// coefficient, then a flags byte whose low 5 bits give the exponent and whose
// top bit squares the coefficient, so that values pass 19 digits.
func decodeDecimals(data []byte) []decimal.Decimal {
	var values []decimal.Decimal
	for ; len(data) >= 9; data = data[9:] {
		c := int64(0)
		for i := 7; i >= 0; i-- {
			c = c<<8 | int64(data[i])
		}
		flags := data[8]
		// Exponents from -16 to 15 keep the big.Rat reference cheap.
		e := int32(flags&0x1f) - 16
		if flags&0x80 != 0 {
			v := new(big.Int).Mul(big.NewInt(c), big.NewInt(c))
			values = append(values, decimal.NewFromBigInt(v, e))
			continue
		}
		values = append(values, decimal.New(c, e))
	}
	return values
}
