package support_test

import (
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/support"
)

func ExampleFirstResponseTimes() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	var week support.Week
	for wd := time.Monday; wd <= time.Friday; wd++ {
		week[wd] = []support.Span{{Open: 9 * time.Hour, Close: 17 * time.Hour}}
	}
	hours, err := support.NewCalendar(berlin, week, nil)
	if err != nil {
		panic(err)
	}
	at := func(day, hour, minute int) time.Time {
		return time.Date(2024, time.March, day, hour, minute, 0, 0, berlin)
	}
	tickets := []support.Ticket{
		{ID: "T1", Created: at(9, 14, 0), FirstResponse: at(11, 9, 30)}, // Saturday
		{ID: "T2", Created: at(8, 16, 30), FirstResponse: at(11, 9, 15)},
		{ID: "T3", Created: at(12, 10, 0), FirstResponse: at(12, 10, 20)},
		{ID: "T4", Created: at(12, 18, 0)}, // not answered yet
	}

	s, err := support.FirstResponseTimes(tickets, support.Options{Calendar: hours, SLA: 30 * time.Minute})
	if err != nil {
		panic(err)
	}
	within, _ := s.WithinSLA.Value()
	fmt.Printf("answered %d, waiting %d\n", s.Count, s.Missing)
	fmt.Printf("mean %v, median %v, p90 %v\n", s.Mean, s.Median, s.P90)
	fmt.Printf("within 30 min: %d of %d (%.3f)\n", s.WithinSLA.Successes, s.WithinSLA.Trials, within)
	// Output:
	// answered 3, waiting 1
	// mean 31m40s, median 30m0s, p90 42m0s
	// within 30 min: 2 of 3 (0.667)
}

func ExampleFirstContactResolution() {
	created := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
	done := created.Add(2 * time.Hour)
	tickets := []support.Ticket{
		{ID: "A", Created: created, Resolved: done, Contacts: 1},
		{ID: "B", Created: created, Resolved: done, Contacts: 1, Reopened: true},
		{ID: "C", Created: created, Resolved: done, Contacts: 2},
		{ID: "D", Created: created, FirstResponse: created.Add(time.Minute)},
	}
	for _, base := range []support.Base{support.OverResolved, support.OverHandled} {
		p, err := support.FirstContactResolution(tickets, base)
		if err != nil {
			panic(err)
		}
		rate, _ := p.Value()
		ci, _ := p.Interval(0.95)
		fmt.Printf("over %s: %d/%d = %.3f, 95%% CI [%.3f, %.3f]\n", base, p.Successes, p.Trials, rate, ci.Lower, ci.Upper)
	}
	// Output:
	// over resolved: 1/3 = 0.333, 95% CI [0.061, 0.792]
	// over handled: 1/4 = 0.250, 95% CI [0.046, 0.699]
}

// Example_ticketCSAT shows how a host combines ticket metrics with CSAT:
// the support package measures the tickets, and the ticket ratings go to a
// CSAT computation of the host's choice (the csat package in this module),
// grouped the same way. Here the top-two-box share is computed by hand so
// that the example needs only this package.
func Example_ticketCSAT() {
	created := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
	type rated struct {
		ticket support.Ticket
		rating int // 1..5, 0 = not rated
	}
	rows := []rated{
		{support.Ticket{ID: "A", Created: created, FirstResponse: created.Add(5 * time.Minute)}, 5},
		{support.Ticket{ID: "B", Created: created, FirstResponse: created.Add(50 * time.Minute)}, 2},
		{support.Ticket{ID: "C", Created: created, FirstResponse: created.Add(15 * time.Minute)}, 4},
		{support.Ticket{ID: "D", Created: created}, 0},
	}

	tickets := make([]support.Ticket, 0, len(rows))
	var ratings []int
	for _, r := range rows {
		tickets = append(tickets, r.ticket)
		if r.rating > 0 {
			ratings = append(ratings, r.rating)
		}
	}
	s, err := support.FirstResponseTimes(tickets, support.Options{})
	if err != nil {
		panic(err)
	}
	top := 0
	for _, r := range ratings {
		if r >= 4 {
			top++
		}
	}
	fmt.Printf("median first response %v; CSAT %d of %d rated tickets rated 4 or 5\n", s.Median, top, len(ratings))
	// Output:
	// median first response 15m0s; CSAT 2 of 3 rated tickets rated 4 or 5
}

// Example_edges prints the edge cases: a ticket answered exactly at the
// SLA target, no answered ticket, a reversed ticket and no resolved one.
func Example_edges() {
	created := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
	onTarget := []support.Ticket{{ID: "A", Created: created, FirstResponse: created.Add(time.Hour)}}
	s, err := support.FirstResponseTimes(onTarget, support.Options{SLA: time.Hour})
	fmt.Println("exactly at target:", s.WithinSLA.Successes, "of", s.WithinSLA.Trials, err)

	_, err = support.FirstResponseTimes([]support.Ticket{{ID: "B", Created: created}}, support.Options{})
	fmt.Println("none answered:", err)

	_, err = support.FirstResponseTimes([]support.Ticket{{ID: "C", Created: created, FirstResponse: created.Add(-time.Minute)}}, support.Options{})
	fmt.Println("reversed:", err)

	_, err = support.FirstContactResolution([]support.Ticket{{ID: "D", Created: created}}, support.OverResolved)
	fmt.Println("no resolved:", err)
	// Output:
	// exactly at target: 1 of 1 <nil>
	// none answered: support: no measured durations: 1 tickets without the event
	// reversed: support: ticket 0 (id "C"): first response 2024-03-12T09:59:00Z before creation 2024-03-12T10:00:00Z
	// no resolved: support: no tickets in the denominator: no resolved tickets with a known contact count (0 excluded)
}
