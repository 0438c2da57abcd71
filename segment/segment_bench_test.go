package segment

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// benchValues returns n customers with CDNOW-like skew: most buy once or
// twice, spend in cents up to a few hundred, recency up to 540 days.
func benchValues(n int) []RFM[int] {
	rng := rand.New(rand.NewPCG(1, 1))
	values := make([]RFM[int], n)
	for i := range values {
		values[i] = RFM[int]{
			Customer:    i,
			RecencyDays: rng.IntN(540),
			Frequency:   1 + int(rng.ExpFloat64()*1.5),
			Monetary:    decimal.New(int64(rng.ExpFloat64()*10000), -2),
		}
	}
	return values
}

// BenchmarkScore compares RFM scoring with sorting as many float64 values,
// the cost of ranking one dimension in plain Go.
func BenchmarkScore(b *testing.B) {
	for _, n := range []int{1000, 1000000} {
		values := benchValues(n)
		floats := make([]float64, n)
		for i, v := range values {
			floats[i] = v.Monetary.InexactFloat64()
		}
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Score(values, ScoreOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline=sort-float64", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sorted := slices.Clone(floats)
				slices.Sort(sorted)
			}
		})
	}
}

type benchRecord struct {
	Key   int
	Value float64
}

func benchRecords(n int) []benchRecord {
	rng := rand.New(rand.NewPCG(2, 2))
	records := make([]benchRecord, n)
	for i := range records {
		records[i] = benchRecord{Key: rng.IntN(1000), Value: rng.Float64()}
	}
	return records
}

func benchKey(r benchRecord) int { return r.Key }

// BenchmarkGroupBy compares GroupBy with the map-of-slices loop a Go
// programmer writes by hand, including sorting its keys for a stable
// order.
func BenchmarkGroupBy(b *testing.B) {
	for _, n := range []int{1000, 10000000} {
		records := benchRecords(n)
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				GroupBy(records, benchKey)
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline=map-append", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				groups := map[int][]benchRecord{}
				for _, r := range records {
					k := benchKey(r)
					groups[k] = append(groups[k], r)
				}
				keys := make([]int, 0, len(groups))
				for k := range groups {
					keys = append(keys, k)
				}
				slices.Sort(keys)
			}
		})
	}
}

// BenchmarkAccumulate compares a per-segment sum with a hand-written map
// loop of the same sums.
func BenchmarkAccumulate(b *testing.B) {
	for _, n := range []int{1000, 10000000} {
		records := benchRecords(n)
		add := func(s *float64, r benchRecord) error { *s += r.Value; return nil }
		merge := func(s *float64, o float64) { *s += o }
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Accumulate(records, benchKey, add, merge); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline=map-sum", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sums := map[int]float64{}
				for _, r := range records {
					sums[benchKey(r)] += r.Value
				}
				keys := make([]int, 0, len(sums))
				for k := range sums {
					keys = append(keys, k)
				}
				slices.Sort(keys)
			}
		})
	}
}

// BenchmarkSummarise compares RFM values from orders with a hand-written
// map loop that keeps the last day, count and decimal.Add total.
func BenchmarkSummarise(b *testing.B) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{1000, 1000000} {
		rng := rand.New(rand.NewPCG(3, 3))
		orders := make([]Order[int], n)
		for i := range orders {
			orders[i] = Order[int]{
				Customer: rng.IntN(n/3 + 1),
				Time:     at.Add(-time.Duration(1+rng.IntN(540*24)) * time.Hour),
				Amount:   decimal.New(int64(rng.IntN(50000)), -2),
			}
		}
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Summarise(orders, at, time.UTC, RFMOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline=map-decimal-add", func(b *testing.B) {
			b.ReportAllocs()
			type totals struct {
				last  time.Time
				count int
				spend decimal.Decimal
			}
			for b.Loop() {
				m := map[int]*totals{}
				for _, o := range orders {
					t := m[o.Customer]
					if t == nil {
						t = &totals{}
						m[o.Customer] = t
					}
					if o.Time.After(t.last) {
						t.last = o.Time
					}
					t.count++
					t.spend = t.spend.Add(o.Amount)
				}
			}
		})
	}
}
