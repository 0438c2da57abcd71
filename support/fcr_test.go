package support

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFirstContactResolution(t *testing.T) {
	created := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
	resolved := created.Add(time.Hour)
	answered := created.Add(time.Minute)
	tickets := []Ticket{
		{ID: "A", Created: created, FirstResponse: answered, Resolved: resolved, Contacts: 1},
		{ID: "B", Created: created, FirstResponse: answered, Resolved: resolved, Contacts: 1},
		{ID: "C", Created: created, FirstResponse: answered, Resolved: resolved, Contacts: 1, Reopened: true},
		{ID: "D", Created: created, FirstResponse: answered, Resolved: resolved, Contacts: 3},
		{ID: "E", Created: created, FirstResponse: answered, Resolved: resolved},
		{ID: "F", Created: created, FirstResponse: answered},
		{ID: "G", Created: created},
	}
	tests := []struct {
		name    string
		tickets []Ticket
		base    Base
		want    Proportion
		wantErr error
		source  string
	}{
		{"over resolved", tickets, OverResolved, Proportion{Successes: 2, Trials: 4, Excluded: 1},
			nil, "A and B of A-D; C was reopened; E has no contact count"},
		{"over handled", tickets, OverHandled, Proportion{Successes: 2, Trials: 5, Excluded: 1},
			nil, "A-D plus the answered open F; G was never handled"},
		{"no resolved tickets", tickets[5:], OverResolved, Proportion{},
			ErrNoResolved, "F and G are not resolved: 0/0"},
		{"only unknown contacts", tickets[4:5], OverResolved, Proportion{},
			ErrNoResolved, "E is left out of both counts: 0/0"},
		{"no tickets", nil, OverResolved, Proportion{}, ErrNoTickets, "empty input"},
		{"invalid base", tickets, Base(7), Proportion{}, ErrInvalidBase, "undeclared base"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FirstContactResolution(tc.tickets, tc.base)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("FirstContactResolution() error = %v, want %v (%s)", err, tc.wantErr, tc.source)
			}
			if got != tc.want {
				t.Errorf("FirstContactResolution() = %+v, want %+v (%s)", got, tc.want, tc.source)
			}
		})
	}
}

func TestProportionZeroTrials(t *testing.T) {
	// An undefined rate is an error, never NaN or 0.
	p := Proportion{Excluded: 3}
	if _, err := p.Value(); !errors.Is(err, ErrNoResolved) {
		t.Errorf("Value() error = %v, want ErrNoResolved", err)
	}
	if _, err := p.Interval(0.95); !errors.Is(err, ErrNoResolved) {
		t.Errorf("Interval() error = %v, want ErrNoResolved", err)
	}
	// Boundaries that are valid: all or none resolved at first contact.
	for _, tc := range []struct {
		p    Proportion
		want float64
	}{{Proportion{Successes: 4, Trials: 4}, 1}, {Proportion{Trials: 4}, 0}} {
		got, err := tc.p.Value()
		if err != nil || got != tc.want {
			t.Errorf("%+v.Value() = %v, %v, want %v", tc.p, got, err, tc.want)
		}
	}
}

func TestFCRTallyMergeAndJSON(t *testing.T) {
	created := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
	tickets := []Ticket{
		{Created: created, Resolved: created, Contacts: 1},
		{Created: created, Resolved: created, Contacts: 2},
		{Created: created, Resolved: created, Contacts: 1, Reopened: true},
		{Created: created, Resolved: created},
		{Created: created, FirstResponse: created},
		{Created: created},
	}
	var one, left, right FCRTally
	for i, tk := range tickets {
		if err := one.Add(i, tk); err != nil {
			t.Fatal(err)
		}
		half := &left
		if i >= 3 {
			half = &right
		}
		if err := half.Add(i, tk); err != nil {
			t.Fatal(err)
		}
	}
	want := FCRTally{FirstContact: 1, Reopened: 1, LaterContact: 1, UnknownContacts: 1, Unresolved: 1, Unhandled: 1}
	if one != want {
		t.Errorf("tally = %+v, want %+v", one, want)
	}
	right.Merge(left)
	if right != one {
		t.Errorf("merged tally = %+v, want %+v", right, one)
	}
	data, err := json.Marshal(one)
	if err != nil {
		t.Fatal(err)
	}
	var back FCRTally
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(one, back); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
	if err := one.Add(9, Ticket{ID: "bad", Created: created, Contacts: -2}); !errors.Is(err, ErrNegativeContacts) {
		t.Errorf("Add(negative contacts) error = %v, want ErrNegativeContacts", err)
	}
}

func TestProportionInvalidCounts(t *testing.T) {
	for _, p := range []Proportion{
		{Successes: 5, Trials: 2},
		{Successes: -1, Trials: 2},
		{Successes: 0, Trials: -2},
		{Successes: 1, Trials: 2, Excluded: -1},
	} {
		if got, err := p.Value(); !errors.Is(err, ErrInvalidCounts) {
			t.Errorf("%+v.Value() = %v, %v, want ErrInvalidCounts", p, got, err)
		}
		if got, err := p.Interval(0.95); !errors.Is(err, ErrInvalidCounts) {
			t.Errorf("%+v.Interval(0.95) = %+v, %v, want ErrInvalidCounts", p, got, err)
		}
	}
}

func TestFCRTallyInvalidCounts(t *testing.T) {
	created := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
	ticket := Ticket{Created: created, Resolved: created, Contacts: 1}
	for _, data := range []string{
		`{"first_contact":5,"later_contact":-4}`,
		`{"unhandled":-1}`,
		`{"first_contact":9223372036854775807,"reopened":1}`,
	} {
		var f FCRTally
		if err := json.Unmarshal([]byte(data), &f); err != nil {
			t.Fatal(err)
		}
		for _, base := range []Base{OverResolved, OverHandled} {
			if got, err := f.Rate(base); !errors.Is(err, ErrInvalidCounts) {
				t.Errorf("Rate(%v) of %s = %+v, %v, want ErrInvalidCounts", base, data, got, err)
			}
		}
		before := f
		if err := f.Add(0, ticket); !errors.Is(err, ErrInvalidCounts) {
			t.Errorf("Add to %s error = %v, want ErrInvalidCounts", data, err)
		}
		if f != before {
			t.Errorf("Add to %s changed the tally to %+v", data, f)
		}
	}
}

func TestFCRTallyMergeOverflow(t *testing.T) {
	f := FCRTally{FirstContact: math.MaxInt64}
	f.Merge(FCRTally{FirstContact: 1})
	if _, err := f.Rate(OverResolved); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Rate after an overflowing Merge: error = %v, want ErrInvalidCounts", err)
	}
	// The mark survives later merges of valid tallies.
	f.Merge(FCRTally{FirstContact: math.MaxInt64})
	if _, err := f.Rate(OverResolved); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Rate after a second Merge: error = %v, want ErrInvalidCounts", err)
	}

	// Merging a tally with a negative count marks the result even where
	// the sums look valid: 2 + (-2) = 0.
	g := FCRTally{FirstContact: 1, LaterContact: 2}
	g.Merge(FCRTally{LaterContact: -2})
	if _, err := g.Rate(OverResolved); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Rate after merging a negative count: error = %v, want ErrInvalidCounts", err)
	}
}
