package support

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// benchmarkTickets returns n tickets created uniformly over 2024 with a
// first response 0 to 72 hours later.
func benchmarkTickets(n int) []Ticket {
	rng := rand.New(rand.NewPCG(1, 1))
	start := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	tickets := make([]Ticket, n)
	for i := range tickets {
		created := start.Add(time.Duration(rng.Int64N(int64(366 * 24 * time.Hour))))
		tickets[i] = Ticket{Created: created, FirstResponse: created.Add(time.Duration(rng.Int64N(int64(72 * time.Hour))))}
	}
	return tickets
}

func BenchmarkFirstResponseTimes(b *testing.B) {
	office := officeCalendar(b, loadLocation(b, "Europe/Berlin"))
	for _, n := range []int{1000, 1000000} {
		tickets := benchmarkTickets(n)
		b.Run(fmt.Sprintf("n=%d/business", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FirstResponseTimes(tickets, Options{Calendar: office}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("n=%d/calendar", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FirstResponseTimes(tickets, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		// Baseline: wall-clock durations, their mean and sorted median in
		// plain Go, without validation or business hours.
		b.Run(fmt.Sprintf("n=%d/baseline", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				durations := make([]time.Duration, 0, len(tickets))
				var sum time.Duration
				for _, t := range tickets {
					d := t.FirstResponse.Sub(t.Created)
					durations = append(durations, d)
					sum += d
				}
				slices.Sort(durations)
				sinkDuration = sum/time.Duration(len(durations)) + durations[len(durations)/2]
			}
		})
	}
}

var sinkDuration time.Duration
