package engagement_test

import (
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/engagement"
)

func ExampleActiveIn() {
	at := func(day int) time.Time { return time.Date(2024, time.March, day, 12, 0, 0, 0, time.UTC) }
	u := func(id string) engagement.User { return engagement.User{Customer: "acme", ID: id} }
	events := []engagement.Event{
		{User: u("ana"), Time: at(1)}, {User: u("ana"), Time: at(1)}, {User: u("bo"), Time: at(1)},
		{User: u("ana"), Time: at(2)}, {User: u("cy"), Time: at(3)},
	}
	w := engagement.Trailing(engagement.Date(2024, time.March, 4), 4) // 1..4 March
	r, err := engagement.ActiveIn(events, time.UTC, w)
	if err != nil {
		panic(err)
	}
	s, _ := r.Stickiness()
	meanDAU, _ := r.MeanDAU()
	fmt.Printf("active %d, mean DAU %.2f, stickiness %.4f\n", r.Active, meanDAU, s)
	// Output:
	// active 3, mean DAU 1.00, stickiness 0.3333
}

func ExampleActivity() {
	// Two shards of a stream, merged: the same users on the same day count
	// once.
	u := func(id string) engagement.User { return engagement.User{Customer: "acme", ID: id} }
	day := engagement.Date(2024, time.March, 1)
	var east, west engagement.Activity
	east.AddDay(u("ana"), day)
	east.AddDay(u("bo"), day)
	west.AddDay(u("ana"), day)
	west.AddDay(u("ana"), day+1)
	east.Merge(west)

	r, _ := east.Active(engagement.Window{Start: day, End: day + 2})
	fmt.Println("DAU", east.DAU(day), east.DAU(day+1), "active", r.Active)
	// Output:
	// DAU 2 1 active 2
}

func ExampleFeatureAdoption() {
	u := func(id string) engagement.User { return engagement.User{Customer: "acme", ID: id} }
	active := []engagement.User{u("ana"), u("bo"), u("cy")}
	events := []engagement.Event{
		{ID: "e1", User: u("ana"), Feature: "export"},
		{ID: "e1", User: u("ana"), Feature: "export"}, // delivered twice
		{ID: "e2", User: u("ana"), Feature: "export"},
		{ID: "e3", User: u("bo"), Feature: "export"},
		{ID: "e4", User: u("cy"), Feature: "api"},
	}
	adoption, err := engagement.FeatureAdoption(active, events)
	if err != nil {
		panic(err)
	}
	for _, a := range adoption {
		rate, _ := a.Rate()
		fmt.Printf("%s: %d of %d users (%.3f), %d events\n", a.Feature, a.Users, a.Active, rate, a.Events)
	}
	// Output:
	// api: 1 of 3 users (0.333), 1 events
	// export: 2 of 3 users (0.667), 3 events
}

func ExampleEngagementRate() {
	u := func(customer string) engagement.User { return engagement.User{Customer: customer, ID: "u1"} }
	events := []engagement.Event{{User: u("acme")}, {User: u("acme")}, {User: u("beta")}}
	for _, k := range []int{1, 2} {
		p, err := engagement.EngagementRate([]string{"acme", "beta", "core"}, events, k)
		if err != nil {
			panic(err)
		}
		v, _ := p.Value()
		fmt.Printf("at least %d events: %d of %d customers (%.3f)\n", k, p.Successes, p.Trials, v)
	}
	// Output:
	// at least 1 events: 2 of 3 customers (0.667)
	// at least 2 events: 1 of 3 customers (0.333)
}

// Example_edges prints the edge cases: a window without activity, a user
// outside the active set, an empty window and a threshold of 0.
func Example_edges() {
	w := engagement.Trailing(engagement.Date(2024, time.March, 30), 30)
	r, _ := engagement.ActiveIn(nil, time.UTC, w)
	_, err := r.Stickiness()
	fmt.Println("no activity:", err)

	ana := engagement.User{Customer: "acme", ID: "ana"}
	bo := engagement.User{Customer: "acme", ID: "bo"}
	_, err = engagement.FeatureAdoption([]engagement.User{ana}, []engagement.Event{{User: bo, Feature: "export"}})
	fmt.Println("outside the active set:", err)

	_, err = engagement.ActiveIn(nil, time.UTC, engagement.Trailing(w.End, 0))
	fmt.Println("empty window:", err)

	_, err = engagement.EngagementRate([]string{"acme"}, nil, 0)
	fmt.Println("threshold 0:", err)

	all, _ := engagement.EngagementRate([]string{"acme"}, []engagement.Event{{User: ana}}, 1)
	v, _ := all.Value()
	fmt.Println("everyone engaged:", v)
	// Output:
	// no activity: engagement: no active users: none in [2024-03-01, 2024-03-31)
	// outside the active set: engagement: event 0 (user acme/bo): user not in the active set
	// empty window: engagement: invalid window: [2024-04-01, 2024-04-01) has no days
	// threshold 0: engagement: invalid threshold: minimum events 0, want at least 1
	// everyone engaged: 1
}
