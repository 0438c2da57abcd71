package revenue

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// benchOrders returns n orders of up to 10,000.00 by n/4 customers, all in
// the test period, and the same amounts in cents as float64 dollars.
func benchOrders(n int) ([]Order, []float64, []string) {
	rng := rand.New(rand.NewPCG(5, 6))
	orders := make([]Order, n)
	amounts := make([]float64, n)
	customers := make([]string, max(1, n/4))
	for i := range customers {
		customers[i] = "C" + strconv.Itoa(i)
	}
	ids := make([]string, n)
	for i := range orders {
		cents := rng.Int64N(1_000_000)
		ids[i] = customers[rng.IntN(len(customers))]
		orders[i] = Order{CustomerID: ids[i], At: day("2024-03-15"), Amount: decimal.New(cents, -2)}
		amounts[i] = float64(cents) / 100
	}
	return orders, amounts, ids
}

// baselineOrders is the plain-Go version of SummarizeOrders: a float64 sum
// and a count per customer in a map, with no validation and no decimals.
//
//go:noinline
func baselineOrders(amounts []float64, ids []string) (float64, int, int) {
	counts := make(map[string]int)
	total := 0.0
	for i, a := range amounts {
		total += a
		counts[ids[i]]++
	}
	repeat := 0
	for _, c := range counts {
		if c >= 2 {
			repeat++
		}
	}
	return total, len(counts), repeat
}

func BenchmarkSummarizeOrders(b *testing.B) {
	for _, n := range []int{1000, 1_000_000} {
		orders, amounts, ids := benchOrders(n)
		size := "n=" + strconv.Itoa(n)
		b.Run(size+"/SummarizeOrders", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SummarizeOrders(orders, march); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(size+"/baseline", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				baselineOrders(amounts, ids)
			}
		})
	}
}

func BenchmarkARPA(b *testing.B) {
	for _, n := range []int{1000, 1_000_000} {
		orders, amounts, ids := benchOrders(n)
		charges := make([]Charge, n)
		for i, o := range orders {
			charges[i] = Charge{CustomerID: o.CustomerID, Amount: o.Amount}
		}
		size := "n=" + strconv.Itoa(n)
		b.Run(size+"/ARPA", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ARPA(charges, 6); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(size+"/baseline", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				baselineOrders(amounts, ids)
			}
		})
	}
}
