package retention

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

var benchSizes = []int{1000, 1_000_000}

// benchPrices returns n monthly prices of 0.00 to 9,999.99 and the same
// amounts as float64.
func benchPrices(n int) ([]Price, []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	prices := make([]Price, n)
	floats := make([]float64, n)
	for i := range prices {
		cents := rng.Int64N(1_000_000)
		prices[i] = Price{Amount: decimal.New(cents, -2), Currency: "USD", Cycle: Cycle{Unit: IntervalMonth}}
		floats[i] = float64(cents) / 100
	}
	return prices, floats
}

func BenchmarkTotalMRR(b *testing.B) {
	for _, n := range benchSizes {
		prices, floats := benchPrices(n)
		b.Run("n="+strconv.Itoa(n)+"/TotalMRR", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := TotalMRR(prices, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
		// The shared exact sum alone over the same amounts, to show how much
		// of TotalMRR's time is the decimal sum itself.
		b.Run("n="+strconv.Itoa(n)+"/decsum", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var s decsum.Sum
				for i := range prices {
					s.Add(prices[i].Amount)
				}
				_ = s.Value()
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/float64", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				total := 0.0
				for _, f := range floats {
					total += f
				}
				_ = total
			}
		})
	}
}

// benchSubjects returns n subjects with whole-month tenures 1..72 (tied)
// or continuous tenures (distinct), a third of them censored.
func benchSubjects(n int, tied bool) []Subject {
	rng := rand.New(rand.NewPCG(3, 4))
	s := make([]Subject, n)
	for i := range s {
		t := rng.ExpFloat64() * 40
		if tied {
			t = float64(1 + rng.IntN(72))
		}
		s[i] = Subject{Time: t, Status: Churned}
		if rng.IntN(3) == 0 {
			s[i].Status = Censored
		}
	}
	return s
}

// plainKaplanMeier is the baseline: sort the subjects by time, then one
// pass that multiplies the survival at each event time, without standard
// errors or intervals.
func plainKaplanMeier(subjects []Subject) []float64 {
	sorted := make([]Subject, len(subjects))
	copy(sorted, subjects)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Time < sorted[j].Time })
	var curve []float64
	s, atRisk := 1.0, len(sorted)
	for i := 0; i < len(sorted); {
		j, events := i, 0
		for j < len(sorted) && sorted[j].Time == sorted[i].Time {
			if sorted[j].Status == Churned {
				events++
			}
			j++
		}
		s *= 1 - float64(events)/float64(atRisk)
		curve = append(curve, s)
		atRisk -= j - i
		i = j
	}
	return curve
}

func BenchmarkKaplanMeier(b *testing.B) {
	for _, n := range benchSizes {
		for _, times := range []string{"tied", "distinct"} {
			subjects := benchSubjects(n, times == "tied")
			name := "n=" + strconv.Itoa(n) + "/" + times
			b.Run(name+"/KaplanMeier", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := KaplanMeier(subjects, SurvivalOptions{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/plain", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_ = plainKaplanMeier(subjects)
				}
			})
		}
	}
}
