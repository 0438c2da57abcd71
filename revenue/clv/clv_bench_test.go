package clv_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/revenue/clv"
	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/stat/distuv"
)

// simulate draws n customers from the BG/NBD model with the published CDNOW
// parameters, first purchases spread over 12 weeks and a 39-week
// calibration period, in whole days as Purchases.Summarize produces them.
func simulate(n int) []clv.Customer {
	src := rand.New(rand.NewPCG(1, 2))
	rate := distuv.Gamma{Alpha: 0.243, Beta: 4.414 * 7, Src: src} // per day
	dropout := distuv.Beta{Alpha: 0.793, Beta: 2.426, Src: src}
	customers := make([]clv.Customer, n)
	for i := range customers {
		age := 273 - src.IntN(84)
		lambda, p := rate.Rand(), dropout.Rand()
		x, last, t := 0, 0, 0.0
		for {
			t += src.ExpFloat64() / lambda
			if t >= float64(age) {
				break
			}
			if day := int(t); day > last {
				x, last = x+1, day
			}
			if src.Float64() < p {
				break
			}
		}
		customers[i] = clv.Customer{Frequency: x, Recency: time.Duration(last) * clv.Day, Age: time.Duration(age) * clv.Day}
	}
	return customers
}

// BenchmarkFitBGNBD times a whole fit against one plain per-customer
// evaluation of the log-likelihood (BGNBD.LogLikelihood) on the same data.
// The fit also reports the process CPU time per fit (cpu-ns/op), which
// includes the garbage collector's work on the other core.
func BenchmarkFitBGNBD(b *testing.B) {
	sets := []struct {
		name      string
		customers func(testing.TB) []clv.Customer
	}{
		{"cdnow=2357", cdnowSummary},
		{"master=23570", func(tb testing.TB) []clv.Customer { return crmSummaries(tb, "crm_master") }},
		{"n=1000", func(testing.TB) []clv.Customer { return simulate(1000) }},
		{"n=1000000", func(testing.TB) []clv.Customer { return simulate(1_000_000) }},
	}
	for _, set := range sets {
		customers := set.customers(b)
		b.Run(set.name+"/fit", func(b *testing.B) {
			b.ReportAllocs()
			start, ok := processCPUTime()
			for b.Loop() {
				if _, err := clv.FitBGNBD(customers, clv.Week); err != nil {
					b.Fatal(err)
				}
			}
			if end, endOK := processCPUTime(); ok && endOK {
				b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
			}
		})
		b.Run(set.name+"/baseline-one-likelihood", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := published.LogLikelihood(customers); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFitGammaGamma times the spend fit on the 946 CDNOW repeat buyers.
func BenchmarkFitGammaGamma(b *testing.B) {
	customers := cdnowSummary(b)
	b.ReportAllocs()
	start, ok := processCPUTime()
	for b.Loop() {
		if _, err := clv.FitGammaGamma(customers); err != nil {
			b.Fatal(err)
		}
	}
	if end, endOK := processCPUTime(); ok && endOK {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkConditionalExpectedPurchases times one prediction for a typical
// customer and for a heavy buyer.
func BenchmarkConditionalExpectedPurchases(b *testing.B) {
	for _, c := range []clv.Customer{
		{Frequency: 2, Recency: weeks(30.43), Age: weeks(38.86)},
		{Frequency: 700, Recency: weeks(51.5), Age: weeks(52)},
	} {
		b.Run(fmt.Sprintf("x=%d", c.Frequency), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := published.ConditionalExpectedPurchases(c, weeks(52)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPurchasesAdd times adding purchases for 1,000 customers against
// a plain map from customer to purchase days.
func BenchmarkPurchasesAdd(b *testing.B) {
	for _, n := range []int{1000, 1_000_000} {
		ids := make([]string, 1000)
		for i := range ids {
			ids[i] = fmt.Sprintf("C%04d", i)
		}
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		amount := decimal.RequireFromString("12.34")
		b.Run(fmt.Sprintf("n=%d/purchases", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var p clv.Purchases
				for i := range n {
					if err := p.Add(ids[i%1000], start.AddDate(0, 0, i/1000), amount, time.UTC); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(fmt.Sprintf("n=%d/baseline-map", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				days := make(map[string][]int64)
				for i := range n {
					y, m, d := start.AddDate(0, 0, i/1000).Date()
					day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
					days[ids[i%1000]] = append(days[ids[i%1000]], day)
				}
			}
		})
	}
}
