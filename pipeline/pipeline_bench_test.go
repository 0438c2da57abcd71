package pipeline_test

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

var benchSizes = []int{1_000, 1_000_000}

// benchDeals returns n seeded deals: 30% open, 40% won, 30% lost, amounts
// in cents up to 100,000.00, created over a year and closed 1 to 180 days
// later.
func benchDeals(n int) []pipeline.Deal {
	rng := rand.New(rand.NewPCG(1, 1))
	deals := make([]pipeline.Deal, n)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range deals {
		d := &deals[i]
		d.Amount = decimal.New(rng.Int64N(10_000_000), -2)
		d.CreatedAt = start.Add(time.Duration(rng.IntN(365*24)) * time.Hour)
		switch r := rng.IntN(10); {
		case r < 3:
			d.Stage = "Proposal"
		case r < 7:
			d.Stage, d.Outcome = "Won", pipeline.Won
		default:
			d.Stage, d.Outcome = "Lost", pipeline.Lost
		}
		if d.Outcome != pipeline.Open {
			d.ClosedAt = d.CreatedAt.Add(time.Duration(1+rng.IntN(180*24)) * time.Hour)
		}
	}
	return deals
}

// benchPeriod is the second half of 2024, so that the period test matters.
var benchPeriod = pipeline.Period{
	Start: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC),
	End:   time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
}

// BenchmarkPipelineValue compares PipelineValue, which validates every deal
// and tallies counts and exact sums by outcome, with a plain loop that does
// the same tally without validation, summing with decimal.Decimal.Add.
func BenchmarkPipelineValue(b *testing.B) {
	for _, n := range benchSizes {
		deals := benchDeals(n)
		b.Run("n="+strconv.Itoa(n)+"/PipelineValue", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pipeline.PipelineValue(deals); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var counts [3]int64
				var sums [3]decimal.Decimal
				for i := range deals {
					o := deals[i].Outcome
					counts[o]++
					sums[o] = sums[o].Add(deals[i].Amount)
				}
			}
		})
	}
}

// BenchmarkWinRate compares WinRate over a period with two plain loops:
// one that only counts won and lost deals closed in the period, and one
// that also sums their amounts with decimal.Decimal.Add, as WinRate does
// for the rate by value.
func BenchmarkWinRate(b *testing.B) {
	for _, n := range benchSizes {
		deals := benchDeals(n)
		b.Run("n="+strconv.Itoa(n)+"/WinRate", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pipeline.WinRate(deals, pipeline.WinRateOptions{Period: benchPeriod}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline-counts", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var won, lost int64
				for i := range deals {
					d := &deals[i]
					if d.Outcome == pipeline.Open || !benchPeriod.Contains(d.ClosedAt) {
						continue
					}
					if d.Outcome == pipeline.Won {
						won++
					} else {
						lost++
					}
				}
				_ = float64(won) / float64(won+lost)
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline-decimal", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var won, lost int64
				var wonAmount, lostAmount decimal.Decimal
				for i := range deals {
					d := &deals[i]
					if d.Outcome == pipeline.Open || !benchPeriod.Contains(d.ClosedAt) {
						continue
					}
					if d.Outcome == pipeline.Won {
						won++
						wonAmount = wonAmount.Add(d.Amount)
					} else {
						lost++
						lostAmount = lostAmount.Add(d.Amount)
					}
				}
				_ = float64(won) / float64(won+lost)
			}
		})
	}
}

// BenchmarkSalesCycle compares SalesCycle (mean, five quantiles, extremes)
// with a plain loop that collects the won deals' cycles, sorts them and
// takes an int64 mean and the middle element.
func BenchmarkSalesCycle(b *testing.B) {
	for _, n := range benchSizes {
		deals := benchDeals(n)
		b.Run("n="+strconv.Itoa(n)+"/SalesCycle", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pipeline.SalesCycle(deals, pipeline.CycleOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				cycles := make([]time.Duration, 0, len(deals))
				var total time.Duration
				for i := range deals {
					if deals[i].Outcome == pipeline.Won {
						c := deals[i].ClosedAt.Sub(deals[i].CreatedAt)
						cycles = append(cycles, c)
						total += c
					}
				}
				slices.Sort(cycles)
				_ = total / time.Duration(len(cycles))
				_ = cycles[len(cycles)/2]
			}
		})
	}
}
