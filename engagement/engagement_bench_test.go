package engagement

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchmarkStream returns n events as indexes into a pool of 100,000 users
// (in 5,000 customers) and Unix seconds spread over 30 days of March 2024,
// so that the benchmark measures the accumulator, not the event storage.
func benchmarkStream(n int) (pool []User, users []int32, seconds []int64) {
	rng := rand.New(rand.NewPCG(1, 1))
	pool = make([]User, 100000)
	for i := range pool {
		pool[i] = User{Customer: fmt.Sprintf("C%04d", i%5000), ID: fmt.Sprintf("U%06d", i)}
	}
	start := time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC).Unix()
	users = make([]int32, n)
	seconds = make([]int64, n)
	for i := range users {
		users[i] = int32(rng.IntN(len(pool)))
		seconds[i] = start + rng.Int64N(30*secondsPerDay)
	}
	return pool, users, seconds
}

func BenchmarkDAUMAU(b *testing.B) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	w := Trailing(Date(2024, time.March, 30), 30)
	for _, n := range []int{1000, 10000000} {
		pool, users, seconds := benchmarkStream(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var a Activity
				for i, u := range users {
					if err := a.Add(pool[u], time.Unix(seconds[i], 0), berlin); err != nil {
						b.Fatal(err)
					}
				}
				r, err := a.Active(w)
				if err != nil {
					b.Fatal(err)
				}
				sinkFloat, _ = r.Stickiness()
			}
		})
		// Baseline: the same counts in plain Go with UTC days, without
		// validation or a location.
		b.Run(fmt.Sprintf("n=%d/baseline", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				days := make(map[int64]map[User]struct{})
				for i, u := range users {
					d := seconds[i] / secondsPerDay
					set := days[d]
					if set == nil {
						set = make(map[User]struct{})
						days[d] = set
					}
					set[pool[u]] = struct{}{}
				}
				all := make(map[User]struct{})
				var sum int
				for d := int64(w.Start); d < int64(w.End); d++ {
					sum += len(days[d])
					for u := range days[d] {
						all[u] = struct{}{}
					}
				}
				sinkFloat = float64(sum) / 30 / float64(len(all))
			}
		})
	}
}

var sinkFloat float64
