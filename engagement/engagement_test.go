package engagement

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func user(customer, id string) User { return User{Customer: customer, ID: id} }

// TestFeatureAdoptionDuplicates checks that repeated events count once and
// that a feature user outside the active set is an error. Hand count:
// U1 and U2 of {U1, U2, U3} used the feature, so adoption is 2/3; the
// event IDs e1, e2 and e3 make 3 usage events.
func TestFeatureAdoptionDuplicates(t *testing.T) {
	active := []User{user("A", "U1"), user("A", "U2"), user("A", "U3")}
	events := []Event{
		{ID: "e1", User: user("A", "U1"), Feature: "export"},
		{ID: "e1", User: user("A", "U1"), Feature: "export"},
		{ID: "e2", User: user("A", "U1"), Feature: "export"},
		{ID: "e3", User: user("A", "U2"), Feature: "export"},
		{ID: "e3", User: user("A", "U2"), Feature: "export"},
	}
	got, err := FeatureAdoption(active, events)
	if err != nil {
		t.Fatal(err)
	}
	want := []Adoption{{Feature: "export", Users: 2, Active: 3, Events: 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("FeatureAdoption mismatch (-want +got):\n%s", diff)
	}
	rate, err := got[0].Rate()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(2.0/3.0, rate, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
		t.Errorf("Rate mismatch (-want +got):\n%s", diff)
	}

	outsider := append(events, Event{ID: "e4", User: user("A", "U4"), Feature: "export"})
	_, err = FeatureAdoption(active, outsider)
	var ie *InputError
	if !errors.Is(err, ErrNotActive) || !errors.As(err, &ie) || ie.Index != 5 {
		t.Errorf("FeatureAdoption(outsider) error = %v, want ErrNotActive at event 5", err)
	}
}

func TestFeatureAdoptionErrors(t *testing.T) {
	u1 := user("A", "U1")
	tests := []struct {
		name    string
		active  []User
		events  []Event
		wantErr error
	}{
		{"empty active set", nil, nil, ErrNoActiveUsers},
		{"duplicate active user", []User{u1, u1}, nil, ErrDuplicate},
		{"active user without ID", []User{user("A", "")}, nil, ErrMissingUser},
		{"event without feature", []User{u1}, []Event{{User: u1}}, ErrMissingFeature},
		{"event without user", []User{u1}, []Event{{Feature: "x"}}, ErrMissingUser},
		{"same ID, other customer", []User{u1}, []Event{{User: user("B", "U1"), Feature: "x"}}, ErrNotActive},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := FeatureAdoption(tc.active, tc.events); !errors.Is(err, tc.wantErr) {
				t.Errorf("FeatureAdoption() error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestStickiness(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, hour int) time.Time { return time.Date(2024, time.March, day, hour, 0, 0, 0, loc) }
	events := []Event{
		{User: user("A", "U1"), Time: at(1, 9)},
		{User: user("A", "U1"), Time: at(1, 10)}, // same user and day
		{User: user("A", "U2"), Time: at(1, 23)},
		{User: user("A", "U1"), Time: at(2, 9)},
		{User: user("B", "U1"), Time: at(3, 0)},  // another customer's U1
		{User: user("A", "U3"), Time: at(5, 9)},  // outside the window
		{User: user("A", "U2"), Time: at(29, 9)}, // after the window
	}
	w := Window{Start: Date(2024, time.March, 1), End: Date(2024, time.March, 5)}
	got, err := ActiveIn(events, loc, w)
	if err != nil {
		t.Fatal(err)
	}
	// Hand count: DAU 2, 1, 1, 0 over 4 days; 3 distinct users.
	want := ActiveUsers{Window: w, Active: 3, DailySum: 4, Outside: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("ActiveIn mismatch (-want +got):\n%s", diff)
	}
	// Mean DAU 4/4 = 1; stickiness 1/3.
	stickiness, err := got.Stickiness()
	if err != nil {
		t.Fatal(err)
	}
	meanDAU, err := got.MeanDAU()
	if err != nil {
		t.Fatal(err)
	}
	if meanDAU != 1 || stickiness != 1.0/3.0 {
		t.Errorf("MeanDAU, Stickiness = %v, %v, want 1, 1/3", meanDAU, stickiness)
	}

	// 23:00 in New York on 1 March is 04:00 UTC on 2 March: read in UTC,
	// U2 moves to 2 March, so the daily counts become 1, 2, 1, 0.
	var a Activity
	for _, e := range events[:5] {
		if err := a.Add(e.User, e.Time, time.UTC); err != nil {
			t.Fatal(err)
		}
	}
	first := Date(2024, time.March, 1)
	if a.DAU(first) != 1 || a.DAU(first+1) != 2 || a.DAU(first+2) != 1 {
		t.Errorf("DAU in UTC = %d, %d, %d, want 1, 2, 1", a.DAU(first), a.DAU(first+1), a.DAU(first+2))
	}
}

func TestActiveErrors(t *testing.T) {
	w := Trailing(Date(2024, time.March, 30), 30)
	if _, err := ActiveIn(nil, time.UTC, w); err != nil {
		t.Fatalf("ActiveIn(no events) error = %v", err)
	}
	tests := []struct {
		name    string
		events  []Event
		loc     *time.Location
		w       Window
		wantErr error
	}{
		{"empty window", nil, time.UTC, Trailing(Date(2024, time.March, 30), 0), ErrInvalidWindow},
		{"nil location", nil, nil, w, ErrNilLocation},
		{"missing user", []Event{{Time: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}}, time.UTC, w, ErrMissingUser},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ActiveIn(tc.events, tc.loc, tc.w); !errors.Is(err, tc.wantErr) {
				t.Errorf("ActiveIn() error = %v, want %v", err, tc.wantErr)
			}
		})
	}
	empty, _ := ActiveIn(nil, time.UTC, w)
	if _, err := empty.Stickiness(); !errors.Is(err, ErrNoActiveUsers) {
		t.Errorf("Stickiness(no users) error = %v, want ErrNoActiveUsers", err)
	}
}

func TestTrailingWindow(t *testing.T) {
	// 30 days ending 2024-12-31 start on 2024-12-02 (31 − 29).
	w := Trailing(Date(2024, time.December, 31), 30)
	if w.Start.String() != "2024-12-02" || w.End.String() != "2025-01-01" || w.Days() != 30 {
		t.Errorf("Trailing = [%s, %s) with %d days, want [2024-12-02, 2025-01-01) with 30", w.Start, w.End, w.Days())
	}
}

func TestEngagementRate(t *testing.T) {
	customers := []string{"A", "B", "C", "D"}
	events := []Event{
		{ID: "1", User: user("A", "U1")},
		{ID: "2", User: user("A", "U2")},
		{ID: "3", User: user("B", "U1")},
		{ID: "3", User: user("B", "U1")}, // repeated ID
		{User: user("C", "U1")},
		{User: user("C", "U1")}, // no ID: each counts
	}
	tests := []struct {
		name      string
		customers []string
		events    []Event
		minEvents int
		want      Proportion
		wantErr   error
	}{
		// Counts: A 2, B 1, C 2, D 0.
		{"at least one", customers, events, 1, Proportion{Successes: 3, Trials: 4}, nil},
		{"at least two", customers, events, 2, Proportion{Successes: 2, Trials: 4}, nil},
		{"at least three", customers, events, 3, Proportion{Successes: 0, Trials: 4}, nil},
		{"threshold 0", customers, events, 0, Proportion{}, ErrInvalidThreshold},
		{"no customers", nil, events, 1, Proportion{}, ErrNoActiveUsers},
		{"duplicate customer", []string{"A", "A"}, nil, 1, Proportion{}, ErrDuplicate},
		{"unknown customer", []string{"A"}, events, 1, Proportion{}, ErrNotActive},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EngagementRate(tc.customers, tc.events, tc.minEvents)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("EngagementRate() error = %v, want %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("EngagementRate() = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestActivityMergeAndJSON(t *testing.T) {
	day := Date(2024, time.March, 1)
	var one, left, right Activity
	for i, u := range []User{user("A", "U1"), user("A:1", "U"), user("A", ":1U"), user("A", "U1"), user("B", "U2")} {
		d := day + Day(i%3)
		one.AddDay(u, d)
		if i%2 == 0 {
			left.AddDay(u, d)
		} else {
			right.AddDay(u, d)
		}
	}
	right.Merge(left)
	if diff := cmp.Diff(one, right); diff != "" {
		t.Errorf("merged activity mismatch (-want +got):\n%s", diff)
	}

	data, err := json.Marshal(one)
	if err != nil {
		t.Fatal(err)
	}
	var back Activity
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("Unmarshal(%s): %v", data, err)
	}
	if diff := cmp.Diff(one, back); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}

	one.Prune(day + 2)
	if len(one.Days) != 1 || one.DAU(day+2) != 1 {
		t.Errorf("after Prune: %d days, DAU %d, want 1 day with 1 user", len(one.Days), one.DAU(day+2))
	}
}

func TestUsageMergeAndJSON(t *testing.T) {
	events := []Event{
		{ID: "e1", User: user("A", "U1"), Feature: "export"},
		{ID: "e1", User: user("A", "U1"), Feature: "export"},
		{User: user("A", "U2"), Feature: "export"},
		{ID: "e9", User: user("A", "U2"), Feature: "import"},
	}
	var one, left, right Usage
	for i, e := range events {
		shard := &right
		if i < 2 {
			shard = &left
		}
		if err := one.Add(e); err != nil {
			t.Fatal(err)
		}
		if err := shard.Add(e); err != nil {
			t.Fatal(err)
		}
	}

	left.Merge(right)
	active := []User{user("A", "U1"), user("A", "U2")}
	want, err := one.Adoption(active)
	if err != nil {
		t.Fatal(err)
	}
	got, err := left.Adoption(active)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged adoption mismatch (-want +got):\n%s", diff)
	}
	data, err := json.Marshal(one)
	if err != nil {
		t.Fatal(err)
	}
	var back Usage
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(one, back); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
	if err := one.Add(Event{User: user("A", "U1")}); !errors.Is(err, ErrMissingFeature) {
		t.Errorf("Add(no feature) error = %v, want ErrMissingFeature", err)
	}
}

func TestNullSetsFromJSON(t *testing.T) {
	// null is valid JSON for an inner set, and decodes to a nil map.
	u1 := user("A", "1")
	day := Date(2025, time.March, 1)
	var decoded Activity
	if err := json.Unmarshal([]byte(`{"days":{"2025-03-01":null}}`), &decoded); err != nil {
		t.Fatal(err)
	}
	decoded.AddDay(u1, day)
	if err := decoded.Add(user("A", "2"), time.Date(2025, time.March, 1, 12, 0, 0, 0, time.UTC), time.UTC); err != nil {
		t.Fatal(err)
	}
	if got := decoded.DAU(day); got != 2 {
		t.Errorf("DAU after adding to a null set = %d, want 2", got)
	}

	var nullDay Activity
	if err := json.Unmarshal([]byte(`{"days":{"2025-03-01":null}}`), &nullDay); err != nil {
		t.Fatal(err)
	}
	var other Activity
	other.AddDay(u1, day)
	nullDay.Merge(other)
	other.Merge(nullDay)
	if nullDay.DAU(day) != 1 || other.DAU(day) != 1 {
		t.Errorf("DAU after merges with a null set = %d and %d, want 1 and 1", nullDay.DAU(day), other.DAU(day))
	}

	var usage Usage
	if err := json.Unmarshal([]byte(`{"users":{"f":null},"ids":{"f":null}}`), &usage); err != nil {
		t.Fatal(err)
	}
	if err := usage.Add(Event{ID: "x", User: u1, Feature: "f"}); err != nil {
		t.Fatal(err)
	}
	var nullUsage Usage
	if err := json.Unmarshal([]byte(`{"users":{"f":null},"ids":{"f":null},"unidentified":null}`), &nullUsage); err != nil {
		t.Fatal(err)
	}
	nullUsage.Merge(usage)
	usage.Merge(nullUsage)
	for name, u := range map[string]Usage{"added": usage, "merged": nullUsage} {
		got, err := u.Adoption([]User{u1})
		if err != nil {
			t.Fatalf("%s: Adoption: %v", name, err)
		}
		want := []Adoption{{Feature: "f", Users: 1, Active: 1, Events: 1}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: Adoption mismatch (-want +got):\n%s", name, diff)
		}
	}
}

func TestProportionInvalidCounts(t *testing.T) {
	for _, p := range []Proportion{{Successes: 3, Trials: 2}, {Successes: -1, Trials: 2}, {Successes: 0, Trials: -1}} {
		if got, err := p.Value(); !errors.Is(err, ErrInvalidCounts) {
			t.Errorf("%+v.Value() = %v, %v, want ErrInvalidCounts", p, got, err)
		}
		if got, err := p.Interval(0.95); !errors.Is(err, ErrInvalidCounts) {
			t.Errorf("%+v.Interval(0.95) = %+v, %v, want ErrInvalidCounts", p, got, err)
		}
	}
	for _, a := range []Adoption{{Feature: "f", Users: 3, Active: 2}, {Feature: "f", Users: 1, Active: 2, Events: -5}, {Feature: "f", Users: -1, Active: 2}} {
		if got, err := a.Rate(); !errors.Is(err, ErrInvalidCounts) {
			t.Errorf("%+v.Rate() = %v, %v, want ErrInvalidCounts", a, got, err)
		}
		if got, err := a.Interval(0.95); !errors.Is(err, ErrInvalidCounts) {
			t.Errorf("%+v.Interval(0.95) = %+v, %v, want ErrInvalidCounts", a, got, err)
		}
	}
}

func TestActiveUsersInvalid(t *testing.T) {
	w := Window{Start: Date(2024, time.March, 1), End: Date(2024, time.March, 4)} // 3 days
	tests := []struct {
		name    string
		r       ActiveUsers
		wantErr error
	}{
		// The zero window gave a stickiness of +Inf and a mean DAU of NaN.
		{"zero window", ActiveUsers{Active: 3, DailySum: 5}, ErrInvalidWindow},
		{"zero value", ActiveUsers{}, ErrInvalidWindow},
		{"negative active", ActiveUsers{Window: w, Active: -1}, ErrInvalidCounts},
		{"negative daily sum", ActiveUsers{Window: w, Active: 1, DailySum: -1}, ErrInvalidCounts},
		{"negative outside", ActiveUsers{Window: w, Active: 1, DailySum: 1, Outside: -1}, ErrInvalidCounts},
		// 2 users over 3 days count at most 6 user-days and at least 2.
		{"daily sum above active times days", ActiveUsers{Window: w, Active: 2, DailySum: 7}, ErrInvalidCounts},
		{"daily sum below active", ActiveUsers{Window: w, Active: 2, DailySum: 1}, ErrInvalidCounts},
		{"daily sum without active users", ActiveUsers{Window: w, DailySum: 1}, ErrInvalidCounts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := tc.r.MeanDAU(); !errors.Is(err, tc.wantErr) {
				t.Errorf("MeanDAU() = %v, %v, want %v", got, err, tc.wantErr)
			}
			if got, err := tc.r.Stickiness(); !errors.Is(err, tc.wantErr) {
				t.Errorf("Stickiness() = %v, %v, want %v", got, err, tc.wantErr)
			}
		})
	}

	// The bounds themselves are valid: every user active every day gives a
	// stickiness of exactly 1, and each user on one day only gives 1/3.
	for _, tc := range []struct {
		r    ActiveUsers
		want float64
	}{{ActiveUsers{Window: w, Active: 2, DailySum: 6}, 1}, {ActiveUsers{Window: w, Active: 2, DailySum: 2}, 1.0 / 3}} {
		if got, err := tc.r.Stickiness(); err != nil || got != tc.want {
			t.Errorf("%+v.Stickiness() = %v, %v, want %v", tc.r, got, err, tc.want)
		}
	}
	if got, err := (ActiveUsers{Window: w}).MeanDAU(); err != nil || got != 0 {
		t.Errorf("MeanDAU of a window without activity = %v, %v, want 0", got, err)
	}
}

func TestUsageUnidentifiedCounts(t *testing.T) {
	u1 := user("A", "1")
	active := []User{u1}
	var decoded Usage
	if err := json.Unmarshal([]byte(`{"users":{"f":{"1:A1":{}}},"unidentified":{"f":-5}}`), &decoded); err != nil {
		t.Fatal(err)
	}
	if got, err := decoded.Adoption(active); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Adoption of a negative Unidentified count = %+v, %v, want ErrInvalidCounts", got, err)
	}
	if err := decoded.Add(Event{User: u1, Feature: "f"}); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Add to a negative Unidentified count: error = %v, want ErrInvalidCounts", err)
	}

	full := Usage{Users: map[string]map[User]struct{}{"f": {u1: {}}}, Unidentified: map[string]int64{"f": math.MaxInt64}}
	if err := full.Add(Event{User: u1, Feature: "f"}); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Add past int64: error = %v, want ErrInvalidCounts", err)
	}
	full.Merge(Usage{Unidentified: map[string]int64{"f": 1}})
	if got, err := full.Adoption(active); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Adoption after a Merge past int64 = %+v, %v, want ErrInvalidCounts", got, err)
	}
	// The mark survives a later Merge.
	full.Merge(Usage{Unidentified: map[string]int64{"f": math.MaxInt64}})
	if got, err := full.Adoption(active); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Adoption after a second Merge = %+v, %v, want ErrInvalidCounts", got, err)
	}

	withIDs := Usage{
		Users:        map[string]map[User]struct{}{"f": {u1: {}}},
		IDs:          map[string]map[string]struct{}{"f": {"e1": {}}},
		Unidentified: map[string]int64{"f": math.MaxInt64},
	}
	if got, err := withIDs.Adoption(active); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Adoption with events past int64 = %+v, %v, want ErrInvalidCounts", got, err)
	}
}

func TestDayRange(t *testing.T) {
	// Hand check: 0000-01-01 is 719528 days before 1970-01-01 (1970 × 365
	// days plus 478 leap days of the proleptic Gregorian calendar), and
	// 9999-12-31 is 2932896 days after it.
	if first := Date(0, time.January, 1); first != -719528 {
		t.Errorf("Date(0, 1, 1) = %d, want -719528", first)
	}
	if last := Date(9999, time.December, 31); last != 2932896 {
		t.Errorf("Date(9999, 12, 31) = %d, want 2932896", last)
	}
	if firstDay != Date(0, time.January, 1) || lastDay != Date(9999, time.December, 31) {
		t.Errorf("firstDay, lastDay = %d, %d, want the days of 0000-01-01 and 9999-12-31", firstDay, lastDay)
	}
}

func TestDayText(t *testing.T) {
	for _, tc := range []struct {
		day  Day
		text string
	}{{firstDay, "0000-01-01"}, {0, "1970-01-01"}, {lastDay, "9999-12-31"}} {
		text, err := tc.day.MarshalText()
		if err != nil || string(text) != tc.text {
			t.Errorf("Day(%d).MarshalText() = %q, %v, want %q", int64(tc.day), text, err, tc.text)
		}
		var back Day
		if err := back.UnmarshalText(text); err != nil || back != tc.day {
			t.Errorf("UnmarshalText(%q) = %d, %v, want %d", text, int64(back), err, int64(tc.day))
		}
	}

	// Days that YYYY-MM-DD cannot write: MarshalText used to write
	// 1969-12-31 for math.MaxInt64, which decodes to another day.
	for _, d := range []Day{math.MaxInt64, math.MinInt64, -1e12, firstDay - 1, lastDay + 1} {
		if text, err := d.MarshalText(); !errors.Is(err, ErrDayOutOfRange) {
			t.Errorf("Day(%d).MarshalText() = %q, %v, want ErrDayOutOfRange", int64(d), text, err)
		}
	}
	if got := Day(-1e12).String(); got != "Day(-1000000000000)" {
		t.Errorf("Day(-1e12).String() = %q, want Day(-1000000000000)", got)
	}
	var d Day
	if err := d.UnmarshalText([]byte("10000-01-01")); !errors.Is(err, ErrInvalidText) {
		t.Errorf("UnmarshalText(10000-01-01) error = %v, want ErrInvalidText", err)
	}

	// An Activity holding such a day cannot be encoded, rather than be
	// encoded as a wrong date.
	var a Activity
	a.AddDay(user("A", "1"), lastDay+1)
	if data, err := json.Marshal(a); err == nil {
		t.Errorf("json.Marshal of an Activity with day %d = %s, want an error", int64(lastDay+1), data)
	}
}

func TestDayOfOutOfRange(t *testing.T) {
	late := time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC)
	if d, err := DayOf(late, time.UTC); !errors.Is(err, ErrDayOutOfRange) {
		t.Errorf("DayOf(year 10000) = %d, %v, want ErrDayOutOfRange", int64(d), err)
	}
	var a Activity
	if err := a.Add(user("A", "1"), late, time.UTC); !errors.Is(err, ErrDayOutOfRange) {
		t.Errorf("Activity.Add(year 10000) error = %v, want ErrDayOutOfRange", err)
	}

	// ActiveIn counts such an event outside the window, as it does every
	// event on a day the window does not contain.
	w := Trailing(Date(2024, time.March, 30), 30)
	events := []Event{{User: user("A", "1"), Time: late}, {User: user("A", "2"), Time: time.Date(2024, time.March, 29, 0, 0, 0, 0, time.UTC)}}
	got, err := ActiveIn(events, time.UTC, w)
	if err != nil || got.Active != 1 || got.Outside != 1 {
		t.Errorf("ActiveIn = %+v, %v, want 1 active and 1 outside", got, err)
	}
}

func TestTrailingOutOfRange(t *testing.T) {
	tests := []struct {
		name string
		last Day
		n    int
	}{
		// Trailing(MinInt64+5, 30) used to wrap to [1969-12-08, 1970-01-07).
		{"last near min int64", math.MinInt64 + 5, 30},
		{"last at max int64", math.MaxInt64, 30},
		{"last after 9999", lastDay + 1, 1},
		// n = MinInt used to give a window of almost every int64 day.
		{"min int days", 0, math.MinInt},
		{"zero days", 0, 0},
		{"start before year 0", Date(0, time.January, 10), 30},
		{"max int days", lastDay, math.MaxInt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := Trailing(tc.last, tc.n)
			if got, err := ActiveIn(nil, time.UTC, w); !errors.Is(err, ErrInvalidWindow) {
				t.Errorf("ActiveIn over Trailing(%d, %d) = %+v, %v, want ErrInvalidWindow", int64(tc.last), tc.n, got, err)
			}
			var a Activity
			if _, err := a.Active(w); !errors.Is(err, ErrInvalidWindow) {
				t.Errorf("Active over Trailing(%d, %d): error = %v, want ErrInvalidWindow", int64(tc.last), tc.n, err)
			}
		})
	}

	// The widest valid windows end on the last day and start on the first.
	for _, w := range []Window{Trailing(lastDay, 1), Trailing(firstDay, 1), Trailing(lastDay, int(lastDay-firstDay+1))} {
		if _, err := ActiveIn(nil, time.UTC, w); err != nil {
			t.Errorf("ActiveIn over [%s, %s): %v", w.Start, w.End, err)
		}
	}
}

func TestUserText(t *testing.T) {
	for _, u := range []User{user("", "x"), user("A:1", "U"), user("A", ":1U"), user("日本", "ü")} {
		text, _ := u.MarshalText()
		var back User
		if err := back.UnmarshalText(text); err != nil || back != u {
			t.Errorf("UnmarshalText(%q) = %+v, %v, want %+v", text, back, err, u)
		}
	}
	for _, bad := range []string{"", "x", "-1:a", "5:ab"} {
		var u User
		if err := u.UnmarshalText([]byte(bad)); !errors.Is(err, ErrInvalidText) {
			t.Errorf("UnmarshalText(%q) error = %v, want ErrInvalidText", bad, err)
		}
	}
}

func TestActivityAddAllocations(t *testing.T) {
	// Once a user is recorded for a day, recording them again allocates
	// nothing.
	var a Activity
	u := user("A", "U1")
	at := time.Date(2024, time.March, 1, 9, 0, 0, 0, time.UTC)
	if err := a.Add(u, at, time.UTC); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := a.Add(u, at, time.UTC); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Activity.Add allocates %v times per repeated event, want 0", allocs)
	}
}

func TestWindowsDAUWAUMAU(t *testing.T) {
	// One user active every day of March 2024 and another only on 1 March.
	// Hand count at 31 March: DAU 1; WAU 1 (25-31 March); MAU over the 30
	// days 2-31 March 1, over all 31 days of March 2.
	var a Activity
	first := Date(2024, time.March, 1)
	for d := first; d < first+31; d++ {
		a.AddDay(user("A", "daily"), d)
	}
	a.AddDay(user("A", "once"), first)
	last := Date(2024, time.March, 31)
	tests := []struct {
		name       string
		w          Window
		wantActive int64
		wantSum    int64
	}{
		{"DAU", Trailing(last, 1), 1, 1},
		{"WAU", Trailing(last, 7), 1, 7},
		{"MAU 30 days", Trailing(last, 30), 1, 30},
		{"calendar month", Window{Start: first, End: first + 31}, 2, 32},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := a.Active(tc.w)
			if err != nil {
				t.Fatal(err)
			}
			if got.Active != tc.wantActive || got.DailySum != tc.wantSum {
				t.Errorf("Active(%v) = %d users, daily sum %d, want %d, %d", tc.w, got.Active, got.DailySum, tc.wantActive, tc.wantSum)
			}
		})
	}
}
