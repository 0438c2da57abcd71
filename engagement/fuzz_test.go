package engagement

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fuzzEvents decodes events from data, 3 bytes each: user (of 8, in 2
// customers), hour offset over 20 days, and feature plus ID (0 = no ID).
func fuzzEvents(data []byte) []Event {
	base := time.Date(2024, time.March, 25, 0, 0, 0, 0, time.UTC)
	var events []Event
	for i := 0; i+3 <= len(data) && len(events) < 300; i += 3 {
		e := Event{
			User:    User{Customer: string(rune('A' + data[i]%2)), ID: string(rune('a' + data[i]%8))},
			Time:    base.Add(time.Duration(data[i+1]) * 2 * time.Hour),
			Feature: []string{"export", "api", "search"}[data[i+2]%3],
		}
		if id := data[i+2] / 3; id != 0 {
			e.ID = string(rune('0' + id%40))
		}
		events = append(events, e)
	}
	return events
}

func FuzzActiveIn(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2}, uint8(4), uint8(7))
	f.Add([]byte{1, 200, 0}, uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, split, days uint8) {
		events := fuzzEvents(data)
		berlin, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			t.Fatal(err)
		}
		w := Trailing(Date(2024, time.April, 10), 1+int(days%30))
		got, err := ActiveIn(events, berlin, w)
		if err != nil {
			t.Fatal(err)
		}

		// Range: no day has more users than the window, so stickiness
		// lies in [1/days, 1].
		if got.Active > 0 {
			s, err := got.Stickiness()
			if err != nil || s < 1/float64(w.Days())-1e-12 || s > 1 {
				t.Fatalf("stickiness %v, %v outside [1/%d, 1] for %+v", s, err, w.Days(), got)
			}
		}

		// Order independence.
		reversed := slices.Clone(events)
		slices.Reverse(reversed)
		again, err := ActiveIn(reversed, berlin, w)
		if err != nil || again != got {
			t.Fatalf("reversed input: %+v, %v, want %+v", again, err, got)
		}

		// Merge of two shards equals one pass.
		var left, right Activity
		for i, e := range events {
			shard := &left
			if i >= int(split) {
				shard = &right
			}
			if err := shard.Add(e.User, e.Time, berlin); err != nil {
				t.Fatal(err)
			}
		}
		left.Merge(right)
		merged, err := left.Active(w)
		if err != nil {
			t.Fatal(err)
		}
		merged.Outside = got.Outside
		if merged != got {
			t.Fatalf("merged %+v, one pass %+v", merged, got)
		}
	})
}

func FuzzFeatureAdoption(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2}, uint8(4), uint8(0xff))
	f.Add([]byte{1, 200, 0, 1, 200, 0}, uint8(1), uint8(0x0f))
	f.Fuzz(func(t *testing.T, data []byte, split, mask uint8) {
		events := fuzzEvents(data)
		var active []User
		for i := range 8 {
			if mask&(1<<i) != 0 {
				active = append(active, User{Customer: string(rune('A' + i%2)), ID: string(rune('a' + i))})
			}
		}
		got, err := FeatureAdoption(active, events)
		if err != nil {
			return // an event of an inactive user, or no active users
		}
		for _, a := range got {
			rate, err := a.Rate()
			if err != nil || rate < 0 || rate > 1 || a.Events < 1 {
				t.Fatalf("adoption %+v: rate %v, %v", a, rate, err)
			}
		}

		var left, right Usage
		for i, e := range events {
			shard := &left
			if i >= int(split) {
				shard = &right
			}
			if err := shard.Add(e); err != nil {
				t.Fatal(err)
			}
		}
		right.Merge(left)
		merged, err := right.Adoption(active)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, merged); diff != "" {
			t.Fatalf("merged adoption mismatch (-want +got):\n%s", diff)
		}
	})
}

func FuzzEngagementRate(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8}, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		events := fuzzEvents(data)
		p, err := EngagementRate([]string{"A", "B"}, events, 1+int(k%5))
		if err != nil {
			t.Fatal(err)
		}
		v, err := p.Value()
		if err != nil || v < 0 || v > 1 || p.Trials != 2 {
			t.Fatalf("rate %+v: %v, %v", p, v, err)
		}
		slices.Reverse(events)
		if again, err := EngagementRate([]string{"B", "A"}, events, 1+int(k%5)); err != nil || again != p {
			t.Fatalf("reordered: %+v, %v, want %+v", again, err, p)
		}
	})
}

// FuzzAccumulatorJSON decodes Activity and Usage from untrusted JSON, then
// adds to them, merges them both ways and reads their results: nothing may
// panic, and every result is an error or in range.
func FuzzAccumulatorJSON(f *testing.F) {
	f.Add([]byte(`{"days":{"2025-03-01":null}}`), []byte(`{"users":{"f":null},"ids":{"f":null}}`))
	f.Add([]byte(`{"days":{"2025-03-01":{"1:A1":{}}}}`), []byte(`{"unidentified":{"f":-5},"users":{"f":{"1:A1":{}}}}`))
	f.Add([]byte(`{}`), []byte(`{"users":{"f":{"1:A1":{}}},"unidentified":{"f":9223372036854775807}}`))
	f.Fuzz(func(t *testing.T, activityJSON, usageJSON []byte) {
		u := User{Customer: "A", ID: "1"}
		day := Date(2025, time.March, 1)
		var activity Activity
		if json.Unmarshal(activityJSON, &activity) == nil {
			fresh := Activity{}
			fresh.AddDay(u, day)
			fresh.Merge(activity)
			activity.Merge(fresh)
			activity.AddDay(u, day)
			if r, err := activity.Active(Trailing(day, 30)); err == nil {
				checkActiveUsers(t, r)
			}
		}

		var usage Usage
		if json.Unmarshal(usageJSON, &usage) == nil {
			fresh := Usage{}
			if err := fresh.Add(Event{ID: "x", User: u, Feature: "f"}); err != nil {
				t.Fatal(err)
			}
			fresh.Merge(usage)
			usage.Merge(fresh)
			_ = usage.Add(Event{User: u, Feature: "f"})
			adoption, err := usage.Adoption([]User{u})
			for _, a := range adoption {
				if err == nil {
					checkAdoption(t, a)
				}
			}
		}
	})
}

// checkActiveUsers fails the test when a result of r comes with no error
// but is out of range.
func checkActiveUsers(t *testing.T, r ActiveUsers) {
	t.Helper()
	if s, err := r.Stickiness(); err == nil && !(s >= 0 && s <= 1) {
		t.Fatalf("Stickiness of %+v = %v", r, s)
	}
}

// checkAdoption fails the test when a result of a comes with no error but
// is out of range.
func checkAdoption(t *testing.T, a Adoption) {
	t.Helper()
	v, err := a.Rate()
	if err == nil && (a.Events < 0 || !(v >= 0 && v <= 1)) {
		t.Fatalf("Rate of %+v = %v", a, v)
	}
}

// FuzzResultCounts feeds ActiveUsers, Proportion and Adoption values with
// arbitrary fields, as decoded from untrusted JSON: each result is an error
// or in range.
func FuzzResultCounts(f *testing.F) {
	f.Add(int64(0), int64(0), int64(3), int64(5), int64(0))
	f.Add(int64(19783), int64(19786), int64(2), int64(7), int64(0))
	f.Add(int64(19783), int64(19786), int64(2), int64(6), int64(1))
	f.Add(int64(-9223372036854775800), int64(9223372036854775800), int64(1), int64(1), int64(0))
	f.Fuzz(func(t *testing.T, start, end, active, dailySum, outside int64) {
		r := ActiveUsers{Window: Window{Start: Day(start), End: Day(end)}, Active: active, DailySum: dailySum, Outside: outside}
		checkActiveUsers(t, r)
		if m, err := r.MeanDAU(); err == nil && !(m >= 0 && m <= float64(active)) {
			t.Fatalf("MeanDAU of %+v = %v", r, m)
		}

		p := Proportion{Successes: dailySum, Trials: active}
		if v, err := p.Value(); err == nil && !(v >= 0 && v <= 1) {
			t.Fatalf("%+v.Value() = %v", p, v)
		}
		checkAdoption(t, Adoption{Feature: "f", Users: dailySum, Active: active, Events: outside})
	})
}

// FuzzDayText checks that MarshalText writes only text that UnmarshalText
// reads back as the same day, and that String never panics.
func FuzzDayText(f *testing.F) {
	f.Add(int64(0))
	f.Add(int64(math.MaxInt64))
	f.Add(int64(-1e12))
	f.Add(int64(-719528))
	f.Add(int64(2932897))
	f.Fuzz(func(t *testing.T, n int64) {
		d := Day(n)
		_ = d.String()
		text, err := d.MarshalText()
		if err != nil {
			return
		}
		var back Day
		if err := back.UnmarshalText(text); err != nil || back != d {
			t.Fatalf("Day(%d) wrote %q, which reads back as %d, %v", n, text, int64(back), err)
		}
	})
}

// FuzzTrailing checks that a window from Trailing is either rejected or
// holds exactly the n days that end with last.
func FuzzTrailing(f *testing.F) {
	f.Add(int64(math.MinInt64+5), 30)
	f.Add(int64(0), math.MinInt)
	f.Add(int64(19783), 30)
	f.Add(int64(2932896), 3652425)
	f.Fuzz(func(t *testing.T, last int64, n int) {
		w := Trailing(Day(last), n)
		if _, err := ActiveIn(nil, time.UTC, w); err != nil {
			return
		}
		if w.End-1 != Day(last) || w.Days() != int64(n) {
			t.Fatalf("Trailing(%d, %d) = [%d, %d), a valid window of %d days", last, n, int64(w.Start), int64(w.End), w.Days())
		}
	})
}
