package decsum

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

func amounts(n int) ([]decimal.Decimal, []float64) {
	rng := rand.New(rand.NewPCG(3, 4))
	ds := make([]decimal.Decimal, n)
	fs := make([]float64, n)
	for i := range ds {
		cents := rng.Int64N(1_000_000)
		ds[i] = decimal.New(cents, -2)
		fs[i] = float64(cents) / 100
	}
	return ds, fs
}

// sumFloats is the float64 baseline as a function of its own, where the
// compiler keeps the running total in a register.
//
//go:noinline
func sumFloats(fs []float64) float64 {
	total := 0.0
	for _, f := range fs {
		total += f
	}
	return total
}

var sinkFloat float64

// BenchmarkSum compares Sum with two float64 baselines over the same amounts.
// "float64" is the loop written inline in the benchmark, as the earlier
// measurements used, and the compiler keeps its total in memory there.
// "float64-func" is the same loop in a function of its own, which keeps the
// total in a register and is the fastest plain float64 sum.
func BenchmarkSum(b *testing.B) {
	for _, n := range []int{1000, 1_000_000} {
		ds, fs := amounts(n)
		size := "n=" + strconv.Itoa(n)
		b.Run(size+"/SumSlice", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = SumSlice(ds)
			}
		})
		b.Run(size+"/Add", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var s Sum
				for _, d := range ds {
					s.Add(d)
				}
				_ = s.Value()
			}
		})
		b.Run(size+"/float64", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				total := 0.0
				for _, f := range fs {
					total += f
				}
				_ = total
			}
		})
		b.Run(size+"/float64-func", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkFloat = sumFloats(fs)
			}
		})
		b.Run(size+"/decimal.Add", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				total := decimal.Zero
				for _, d := range ds {
					total = total.Add(d)
				}
			}
		})
	}
}

// BenchmarkSumPastInt64 adds amounts whose total passes the int64 range at
// their exponent (10¹⁸ cents and more each).
func BenchmarkSumPastInt64(b *testing.B) {
	ds := make([]decimal.Decimal, 1_000_000)
	for i := range ds {
		ds[i] = decimal.New(int64(i%9+1)*1e17, -2)
	}
	b.Run("n=1000000/SumSlice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = SumSlice(ds)
		}
	})
}
