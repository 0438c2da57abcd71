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

func BenchmarkSum(b *testing.B) {
	for _, n := range []int{1000, 1_000_000} {
		ds, fs := amounts(n)
		b.Run("n="+strconv.Itoa(n)+"/decsum", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var s Sum
				for _, d := range ds {
					s.Add(d)
				}
				_ = s.Value()
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/float64", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				total := 0.0
				for _, f := range fs {
					total += f
				}
				_ = total
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/decimal.Add", func(b *testing.B) {
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
