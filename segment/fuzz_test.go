package segment

import (
	"errors"
	"math"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// checkSentinel fails unless err wraps one of the package's sentinels.
func checkSentinel(t *testing.T, err error) {
	t.Helper()
	for _, s := range []error{ErrNoRecords, ErrInvalidValue, ErrInvalidOptions, ErrInvalidRule, ErrShadowedSegment, ErrNoMatch} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %v wraps no sentinel", err)
}

func FuzzGroupBy(f *testing.F) {
	f.Add([]byte{3, 1, 3, 2, 0, 1})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		type rec struct{ key, pos int }
		records := make([]rec, len(data))
		for i, b := range data {
			records[i] = rec{int(b % 7), i}
		}
		groups := GroupBy(records, func(r rec) int { return r.key })
		total := 0
		for gi, g := range groups {
			if gi > 0 && !(groups[gi-1].Key < g.Key) {
				t.Fatalf("keys not ascending: %d then %d", groups[gi-1].Key, g.Key)
			}
			for ri, r := range g.Records {
				if r.key != g.Key || (ri > 0 && g.Records[ri-1].pos >= r.pos) {
					t.Fatalf("group %d holds %+v out of key or input order", g.Key, r)
				}
			}
			total += len(g.Records)
		}
		if total != len(records) {
			t.Fatalf("groups hold %d records, want %d", total, len(records))
		}
	})
}

func FuzzAccumulate(f *testing.F) {
	f.Add([]byte{1, 200, 2, 7, 1, 9, 3, 255}, uint8(3))
	f.Add([]byte{0, 0}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		// Records: pairs of (key, amount in cents); some amounts are huge so
		// the exact sum leaves the int64 path.
		var records []sale
		for i := 0; i+1 < len(data); i += 2 {
			amount := decimal.New(int64(data[i+1])-100, -2)
			if data[i+1] > 250 {
				amount = decimal.New(int64(data[i+1]), 20)
			}
			records = append(records, sale{string(rune('a' + data[i]%5)), amount})
		}
		add := func(s *decsum.Sum, r sale) error { s.Add(r.Amount); return nil }
		whole, err := Accumulate(records, region, add, (*decsum.Sum).Merge)
		if err != nil {
			t.Fatal(err)
		}

		// The total equals a big.Rat sum of every amount.
		want := new(big.Rat)
		for _, r := range records {
			want.Add(want, r.Amount.Rat())
		}
		if whole.Total.Value().Rat().Cmp(want) != 0 {
			t.Fatalf("total %s, big.Rat sum %s", whole.Total.Value(), want.FloatString(20))
		}

		// Two shards merged per key equal the one pass.
		cut := 0
		if len(records) > 0 {
			cut = int(split) % (len(records) + 1)
		}
		left, _ := Accumulate(records[:cut], region, add, (*decsum.Sum).Merge)
		right, _ := Accumulate(records[cut:], region, add, (*decsum.Sum).Merge)
		merged := map[string]*decsum.Sum{}
		for _, part := range []Table[string, decsum.Sum]{left, right} {
			for _, row := range part.Segments {
				if merged[row.Key] == nil {
					merged[row.Key] = new(decsum.Sum)
				}
				merged[row.Key].Merge(row.Value)
			}
		}
		for _, row := range whole.Segments {
			if got := merged[row.Key].Value(); !got.Equal(row.Value.Value()) {
				t.Fatalf("segment %s: shards merge to %s, one pass %s", row.Key, got, row.Value.Value())
			}
		}
	})
}

func FuzzQuantiles(f *testing.F) {
	f.Add([]byte{5, 1, 1, 9, 200, 3}, uint8(4))
	f.Add([]byte{7}, uint8(1))
	f.Add([]byte{}, uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		values := make([]int, len(data))
		for i, b := range data {
			values[i] = int(b)
		}
		bins, err := Quantiles(values, int(k))
		if err != nil {
			checkSentinel(t, err)
			return
		}
		checkBinned(t, values, bins, int(k))

		// Reversing the input reverses the bins.
		reversed := slices.Clone(values)
		slices.Reverse(reversed)
		again, err := Quantiles(reversed, int(k))
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(again)
		if !slices.Equal(bins, again) {
			t.Fatalf("bins depend on input order: %v vs %v", bins, again)
		}
	})
}

// checkBinned fails unless every bin is in 1..k, equal values share a bin
// and bins never fall as values rise.
func checkBinned(t *testing.T, values, bins []int, k int) {
	t.Helper()
	for i := range values {
		if bins[i] < 1 || bins[i] > k {
			t.Fatalf("bin %d of value %d outside 1..%d", bins[i], values[i], k)
		}
		for j := range values {
			if values[i] == values[j] && bins[i] != bins[j] {
				t.Fatalf("equal values %d in bins %d and %d", values[i], bins[i], bins[j])
			}
			if values[i] < values[j] && bins[i] > bins[j] {
				t.Fatalf("value %d in bin %d above value %d in bin %d", values[i], bins[i], values[j], bins[j])
			}
		}
	}
}

func FuzzCut(f *testing.F) {
	f.Add([]byte{0, 30, 31, 90, 91}, []byte{30, 90})
	f.Add([]byte{1}, []byte{5, 5})
	f.Fuzz(func(t *testing.T, data, cutData []byte) {
		values, cuts := make([]int, len(data)), make([]int, len(cutData))
		for i, b := range data {
			values[i] = int(b)
		}
		for i, b := range cutData {
			cuts[i] = int(b)
		}
		bins, err := Cut(values, cuts)
		if err != nil {
			checkSentinel(t, err)
			return
		}
		checkBinned(t, values, bins, len(cuts)+1)
		for i, v := range values {
			if b := bins[i]; (b > 1 && !(v > cuts[b-2])) || (b <= len(cuts) && !(v <= cuts[b-1])) {
				t.Fatalf("value %d in bin %d of cuts %v", v, b, cuts)
			}
		}
	})
}

// fuzzOrders turns bytes into orders: customer, day offset, amount.
func fuzzOrders(data []byte) []Order[int] {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var orders []Order[int]
	for i := 0; i+2 < len(data); i += 3 {
		orders = append(orders, Order[int]{
			Customer: int(data[i] % 9),
			Time:     base.Add(time.Duration(data[i+1]) * 7 * time.Hour),
			Amount:   decimal.New(int64(data[i+2])*137, -2),
		})
	}
	return orders
}

func FuzzSummariseAndScore(f *testing.F) {
	f.Add([]byte{1, 2, 3, 1, 50, 4, 2, 200, 0, 3, 3, 3, 4, 255, 9}, uint8(5), false)
	f.Add([]byte{1, 2, 3}, uint8(1), true)
	f.Add([]byte{}, uint8(5), false)
	f.Fuzz(func(t *testing.T, data []byte, k uint8, days bool) {
		orders := fuzzOrders(data)
		at := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
		opts := RFMOptions{}
		if days {
			opts.Frequency = FrequencyDays
		}
		values, err := Summarise(orders, at, time.UTC, opts)
		if err != nil {
			checkSentinel(t, err)
			return
		}

		// Frequencies add up to the orders (or at most to them, by day),
		// and spends to the total.
		var orderCount int
		var spend decsum.Sum
		for _, v := range values {
			orderCount += v.Frequency
			spend.Add(v.Monetary)
		}
		var all decsum.Sum
		for _, o := range orders {
			all.Add(o.Amount)
		}
		if (!days && orderCount != len(orders)) || orderCount > len(orders) || !spend.Value().Equal(all.Value()) {
			t.Fatalf("customers hold %d orders and %s, want %d and %s", orderCount, spend.Value(), len(orders), all.Value())
		}

		// Reordering orders changes nothing.
		reversed := slices.Clone(orders)
		slices.Reverse(reversed)
		again, err := Summarise(reversed, at, time.UTC, opts)
		if err != nil || len(again) != len(values) {
			t.Fatalf("reversed orders: %v", err)
		}
		for i := range values {
			if values[i].Customer != again[i].Customer || values[i].RecencyDays != again[i].RecencyDays ||
				values[i].Frequency != again[i].Frequency || !values[i].Monetary.Equal(again[i].Monetary) {
				t.Fatalf("order-dependent values: %+v vs %+v", values[i], again[i])
			}
		}

		// Scores are in range, tied and monotone, and independent of order.
		scores, err := Score(values, ScoreOptions{Bins: int(k)})
		if err != nil {
			checkSentinel(t, err)
			return
		}
		bins := int(k)
		if bins == 0 {
			bins = 5 // the documented default
		}
		for _, s := range scores {
			if min(s.R, s.F, s.M) < 1 || max(s.R, s.F, s.M) > bins {
				t.Fatalf("scores %v outside 1..%d", s, bins)
			}
		}
		checkScoreProperties(t, values, scores)
		reversedValues := slices.Clone(values)
		slices.Reverse(reversedValues)
		reversedScores, err := Score(reversedValues, ScoreOptions{Bins: int(k)})
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(reversedScores)
		if !slices.Equal(scores, reversedScores) {
			t.Fatalf("scores depend on input order")
		}
	})
}

func FuzzSegmentMap(f *testing.F) {
	f.Add([]byte{4, 5, 4, 5, 4, 5, 2, 5, 3, 5, 3, 5}, uint8(5))
	f.Add([]byte{1, 5, 1, 5, 1, 5, 5, 5, 5, 5, 5, 5}, uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		bins := int(k%12) + 1
		var m SegmentMap
		for i := 0; i+5 < len(data); i += 6 {
			r := func(j int) ScoreRange { return ScoreRange{int(data[i+j]) % (bins + 2), int(data[i+j+1]) % (bins + 2)} }
			m.Segments = append(m.Segments, NamedSegment{Name: string(rune('A' + i/6)), R: r(0), F: r(2), M: r(4)})
		}
		coverage, err := m.Coverage(bins)
		if err != nil {
			checkSentinel(t, err)
			return
		}
		assigned := 0
		for i, c := range coverage {
			if c.Assigned > c.Covered {
				t.Fatalf("%s receives %d of %d cells", c.Name, c.Assigned, c.Covered)
			}
			if i < len(m.Segments) && c.Assigned == 0 && !errors.Is(m.Validate(bins), ErrShadowedSegment) {
				t.Fatalf("%s receives nothing but Validate accepts the map", c.Name)
			}
			assigned += c.Assigned
		}
		if assigned != bins*bins*bins {
			t.Fatalf("cells assigned %d, want %d", assigned, bins*bins*bins)
		}
	})
}

func FuzzMeasure(f *testing.F) {
	f.Add([]byte{1, 200, 2, 7, 1, 9, 3, 255})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var records []sale
		for i := 0; i+1 < len(data); i += 2 {
			records = append(records, sale{string(rune('a' + data[i]%4)), decimal.New(int64(data[i+1])-128, -2)})
		}
		table, err := Measure(records, region, total)
		if err != nil {
			t.Fatal(err)
		}
		count, sum := 0, decimal.Zero
		for _, row := range table.Segments {
			count += row.Count
			sum = sum.Add(row.Value)
		}
		if count != len(records) || count != table.Count || !sum.Equal(table.Total) {
			t.Fatalf("segments hold %d records and %s, total %d and %s", count, sum, table.Count, table.Total)
		}
	})
}

// FuzzScoreMonetaryExponents scores monetary values with arbitrary
// exponents, including pairs whose difference overflows int32. It checks
// the scores against an order found with math/big, never with
// decimal.Decimal.Cmp, which would need 10^(2³¹) for such pairs.
func FuzzScoreMonetaryExponents(f *testing.F) {
	f.Add(uint64(2), int32(math.MinInt32), uint64(10), int32(0), uint8(2))
	f.Add(uint64(14), int32(math.MaxInt32), uint64(6), int32(math.MinInt32), uint8(3))
	f.Add(uint64(123), int32(-2), uint64(45), int32(-1), uint8(5))
	f.Fuzz(func(t *testing.T, c1 uint64, e1 int32, c2 uint64, e2 int32, k uint8) {
		// Coefficients are non-negative: Score rejects negative spend with
		// a message that prints the value, and printing 10^(2³¹) is slow.
		values := []RFM[int]{
			{Customer: 1, RecencyDays: 1, Frequency: 1, Monetary: decimal.New(int64(c1>>1), e1)},
			{Customer: 2, RecencyDays: 2, Frequency: 2, Monetary: decimal.New(int64(c2>>1), e2)},
			{Customer: 3, RecencyDays: 3, Frequency: 3, Monetary: decimal.Zero},
		}
		scores, err := Score(values, ScoreOptions{Bins: int(k % 8)})
		if err != nil {
			checkSentinel(t, err)
			return
		}
		for i := range values {
			for j := range values {
				want := referenceCompare(values[i].Monetary, values[j].Monetary)
				if (want == 0 && scores[i].M != scores[j].M) || (want > 0 && scores[i].M < scores[j].M) {
					t.Fatalf("%v scored M %d, %v scored M %d", values[i].Monetary, scores[i].M, values[j].Monetary, scores[j].M)
				}
			}
		}
	})
}

// referenceCompare compares c·10^e values through big.Float with a wide
// exponent range: coefficients of up to 64 bits are exact in 64-bit
// mantissas, and the decimal exponents stay small after taking
// the power of ten out of both.
func referenceCompare(a, b decimal.Decimal) int {
	if a.Sign() != b.Sign() || a.Sign() == 0 {
		return a.Sign() - b.Sign()
	}
	ea, eb := int64(a.Exponent()), int64(b.Exponent())
	base := min(ea, eb)
	if max(ea, eb)-base > 40 {
		// Coefficients have at most 19 digits, so a gap of 40 decides.
		if ea > eb {
			return a.Sign()
		}
		return -a.Sign()
	}
	scale := func(d decimal.Decimal) *big.Int {
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Exponent())-base), nil)
		return p.Mul(p, d.Coefficient())
	}
	return scale(a).Cmp(scale(b))
}
