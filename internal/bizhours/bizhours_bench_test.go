package bizhours

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchmarkPairs returns n (created, replied) pairs: creation uniform over
// 2024 in Europe/Berlin, reply 0 to 72 hours later, so that the pairs cross
// nights, weekends and both offset changes.
func benchmarkPairs(n int) (from, to []time.Time) {
	rng := rand.New(rand.NewPCG(1, 1))
	start := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	from = make([]time.Time, n)
	to = make([]time.Time, n)
	for i := range n {
		from[i] = start.Add(time.Duration(rng.Int64N(int64(366 * day))))
		to[i] = from[i].Add(time.Duration(rng.Int64N(int64(72 * time.Hour))))
	}
	return from, to
}

func BenchmarkElapsed(b *testing.B) {
	c := mustNew(b, loadLocation(b, "Europe/Berlin"), officeWeek(hours(9, 17)),
		[]Date{{2024, time.January, 1}, {2024, time.March, 29}, {2024, time.April, 1}, {2024, time.December, 25}})
	for _, n := range []int{1000, 1000000} {
		from, to := benchmarkPairs(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var total time.Duration
				for i := range from {
					d, err := c.Elapsed(from[i], to[i])
					if err != nil {
						b.Fatal(err)
					}
					total += d
				}
				sinkDuration = total
			}
		})
		// Baseline: wall-clock time, the cheapest possible result.
		b.Run(fmt.Sprintf("n=%d/baseline=Sub", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var total time.Duration
				for i := range from {
					total += to[i].Sub(from[i])
				}
				sinkDuration = total
			}
		})
	}
}

func BenchmarkNextOpen(b *testing.B) {
	c := mustNew(b, loadLocation(b, "Europe/Berlin"), officeWeek(hours(9, 17)), nil)
	from, _ := benchmarkPairs(1000)
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range from {
			u, err := c.NextOpen(t)
			if err != nil {
				b.Fatal(err)
			}
			sinkTime = u
		}
	}
}

var (
	sinkDuration time.Duration
	sinkTime     time.Time
)
