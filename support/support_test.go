package support

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func loadLocation(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

// officeCalendar returns Monday to Friday 09:00-17:00 in loc, no holidays.
func officeCalendar(t testing.TB, loc *time.Location) *Calendar {
	t.Helper()
	var week Week
	for wd := time.Monday; wd <= time.Friday; wd++ {
		week[wd] = []Span{{Open: 9 * time.Hour, Close: 17 * time.Hour}}
	}
	c, err := NewCalendar(loc, week, nil)
	if err != nil {
		t.Fatalf("NewCalendar: %v", err)
	}
	return c
}

func local(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, loc)
	if err != nil {
		t.Fatalf("ParseInLocation(%q): %v", s, err)
	}
	return v
}

// TestFirstResponseBusinessHours checks that the clock runs only inside
// business hours, that a ticket created outside them starts at the next
// opening minute, and that an unanswered ticket is counted apart.
// Source: frappe/helpdesk issue 2075 (https://github.com/frappe/helpdesk/issues/2075),
// values worked out by hand below.
func TestFirstResponseBusinessHours(t *testing.T) {
	berlin := loadLocation(t, "Europe/Berlin")
	tickets := []Ticket{
		// Saturday: the clock starts Monday 09:00, so 30 min.
		{ID: "T1", Created: local(t, berlin, "2024-03-09 14:00:00"), FirstResponse: local(t, berlin, "2024-03-11 09:30:00")},
		// Friday 16:30-17:00 plus Monday 09:00-09:15 = 45 min.
		{ID: "T2", Created: local(t, berlin, "2024-03-08 16:30:00"), FirstResponse: local(t, berlin, "2024-03-11 09:15:00")},
		// Tuesday 10:00-10:20 = 20 min.
		{ID: "T3", Created: local(t, berlin, "2024-03-12 10:00:00"), FirstResponse: local(t, berlin, "2024-03-12 10:20:00")},
		// No reply yet.
		{ID: "T4", Created: local(t, berlin, "2024-03-12 18:00:00")},
	}
	tests := []struct {
		name string
		opts Options
		want Summary
	}{
		{
			name: "business hours",
			opts: Options{Calendar: officeCalendar(t, berlin), SLA: 30 * time.Minute},
			// Mean (30 + 45 + 20) / 3 = 31 min 40 s; median of 20, 30, 45 = 30.
			// P90: h = 2·0.9 = 1.8, 30 + 0.8·15 = 42 min; P95: 30 + 0.9·15 = 43.5 min.
			// Within 30 min: 20 and 30 of 3.
			want: Summary{
				Count: 3, Missing: 1,
				Mean: 31*time.Minute + 40*time.Second, Median: 30 * time.Minute,
				P90: 42 * time.Minute, P95: 43*time.Minute + 30*time.Second,
				Min: 20 * time.Minute, Max: 45 * time.Minute,
				SLA:       30 * time.Minute,
				WithinSLA: Proportion{Successes: 2, Trials: 3, Excluded: 1},
			},
		},
		{
			name: "calendar time",
			opts: Options{},
			// Wall clock: 2,610, 3,885 and 20 min; mean 6,515 / 3 = 2,171 min 40 s.
			want: Summary{
				Count: 3, Missing: 1,
				Mean: 2171*time.Minute + 40*time.Second, Median: 2610 * time.Minute,
				P90: 3630 * time.Minute, P95: 3757*time.Minute + 30*time.Second,
				Min: 20 * time.Minute, Max: 3885 * time.Minute,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FirstResponseTimes(tickets, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("FirstResponseTimes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestElapsedAcrossDST checks wall-clock and business-hours durations
// across the 2024 offset changes in Europe/Berlin, worked out by hand:
// 23:00 CET to 03:00 CEST is 3 h and 23:00 CEST to 03:00 CET is 5 h.
func TestElapsedAcrossDST(t *testing.T) {
	berlin := loadLocation(t, "Europe/Berlin")
	office := officeCalendar(t, berlin)
	tests := []struct {
		name     string
		from, to string
		calendar *Calendar
		want     time.Duration
	}{
		{"spring forward", "2024-03-30 23:00:00", "2024-03-31 03:00:00", nil, 3 * time.Hour},
		{"fall back", "2024-10-26 23:00:00", "2024-10-27 03:00:00", nil, 5 * time.Hour},
		{"closing to opening", "2024-03-08 17:00:00", "2024-03-11 09:00:00", office, 0},
		{"second before opening", "2024-03-11 08:59:59", "2024-03-11 09:00:00", office, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Elapsed(local(t, berlin, tc.from), local(t, berlin, tc.to), tc.calendar)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Elapsed(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

func TestSummaryErrors(t *testing.T) {
	created := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		tickets []Ticket
		opts    Options
		wantErr error
	}{
		{"no tickets", nil, Options{}, ErrNoTickets},
		{"no responses", []Ticket{{ID: "A", Created: created}, {ID: "B", Created: created}}, Options{}, ErrNoDurations},
		{"no creation time", []Ticket{{ID: "A", FirstResponse: created}}, Options{}, ErrMissingCreated},
		{"response before creation", []Ticket{{ID: "A", Created: created, FirstResponse: created.Add(-time.Second)}}, Options{}, ErrTimeOrder},
		{"resolution before creation", []Ticket{{ID: "A", Created: created, Resolved: created.Add(-time.Hour)}}, Options{}, ErrTimeOrder},
		{"negative contacts", []Ticket{{ID: "A", Created: created, Contacts: -1}}, Options{}, ErrNegativeContacts},
		{"negative SLA", []Ticket{{ID: "A", Created: created, FirstResponse: created}}, Options{SLA: -time.Minute}, ErrNegativeDuration},
		{"zero calendar", []Ticket{{ID: "A", Created: created, FirstResponse: created}}, Options{Calendar: &Calendar{}}, ErrZeroCalendar},
		{"year 10000", []Ticket{{ID: "A", Created: created, FirstResponse: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}},
			Options{Calendar: officeCalendar(t, time.UTC)}, ErrOutOfRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FirstResponseTimes(tc.tickets, tc.opts)
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("FirstResponseTimes() error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestTicketErrorNamesTicket(t *testing.T) {
	created := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
	tickets := []Ticket{
		{ID: "A", Created: created, FirstResponse: created},
		{ID: "B", Created: created, FirstResponse: created.Add(-time.Minute)},
	}
	_, err := FirstResponseTimes(tickets, Options{})
	var te *TicketError
	if !errors.As(err, &te) {
		t.Fatalf("error %v is not a *TicketError", err)
	}
	if te.Index != 1 || te.ID != "B" || !errors.Is(err, ErrTimeOrder) {
		t.Errorf("TicketError = %+v, want index 1, id B, ErrTimeOrder", te)
	}
}

func TestResolutionAndReplyTimes(t *testing.T) {
	base := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
	at := func(minutes int) time.Time { return base.Add(time.Duration(minutes) * time.Minute) }
	tickets := []Ticket{
		{ID: "A", Created: at(0), FirstResponse: at(10), Resolved: at(100), Exchanges: []Exchange{
			{Message: at(0), Reply: at(10)}, {Message: at(50), Reply: at(90)},
		}},
		{ID: "B", Created: at(0), FirstResponse: at(30), Resolved: at(300), Exchanges: []Exchange{
			{Message: at(0), Reply: at(30)}, {Message: at(200)},
		}},
		{ID: "C", Created: at(0)},
	}

	// Resolution: 100 and 300 min, C open. Mean 200, median 200.
	res, err := ResolutionTimes(tickets, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count != 2 || res.Missing != 1 || res.Mean != 200*time.Minute || res.Median != 200*time.Minute {
		t.Errorf("ResolutionTimes = %+v, want count 2, missing 1, mean and median 200m", res)
	}

	// Replies: 10, 40 and 30 min, one message waiting. Mean 80 / 3 = 26 min 40 s.
	rep, err := ReplyTimes(tickets, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Count != 3 || rep.Missing != 1 || rep.Mean != 26*time.Minute+40*time.Second || rep.Median != 30*time.Minute {
		t.Errorf("ReplyTimes = %+v, want count 3, missing 1, mean 26m40s, median 30m", rep)
	}

	bad := []Ticket{{ID: "D", Created: at(0), Exchanges: []Exchange{{Message: at(10), Reply: at(5)}}}}
	if _, err := ReplyTimes(bad, Options{}); !errors.Is(err, ErrTimeOrder) {
		t.Errorf("ReplyTimes(reply before message) error = %v, want ErrTimeOrder", err)
	}
}

func TestSampleQuantile(t *testing.T) {
	// Expected values: type 7 by hand. For 1, 2, 3, 4 minutes, q = 0.25 gives
	// h = 0.75, 1 + 0.75·1 = 1 min 45 s. One nanosecond and two: the median
	// 1.5 ns rounds to 2 ns.
	tests := []struct {
		name    string
		values  []time.Duration
		q       float64
		want    time.Duration
		wantErr error
	}{
		{"quartile", []time.Duration{4 * time.Minute, time.Minute, 3 * time.Minute, 2 * time.Minute}, 0.25, time.Minute + 45*time.Second, nil},
		{"half nanosecond", []time.Duration{1, 2}, 0.5, 2, nil},
		{"max", []time.Duration{1, 2}, 1, 2, nil},
		{"single", []time.Duration{time.Hour}, 0.9, time.Hour, nil},
		{"q above 1", []time.Duration{1}, 1.5, 0, ErrInvalidQuantile},
		{"q NaN", []time.Duration{1}, nan(), 0, ErrInvalidQuantile},
		{"empty", nil, 0.5, 0, ErrNoDurations},
		// Summary rejects this sample, so Quantile must too.
		{"negative duration", []time.Duration{5, -3, 7}, 0, 0, ErrNegativeDuration},
		{"negative duration at max", []time.Duration{5, -3, 7}, 1, 0, ErrNegativeDuration},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Sample{Durations: tc.values}.Quantile(tc.q)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Quantile(%v) error = %v, want %v", tc.q, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("Quantile(%v) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

func TestMeanLargeDurations(t *testing.T) {
	// Three durations of about 292 years overflow an int64 sum; the mean of
	// MaxInt64, MaxInt64 and MaxInt64 − 2 is MaxInt64 − 2/3, rounded to MaxInt64 − 1.
	const top = time.Duration(1<<63 - 1)
	got := mean([]time.Duration{top, top, top - 2})
	if got != top-1 {
		t.Errorf("mean = %d, want %d", got, top-1)
	}
}

func TestSampleInvalidMissing(t *testing.T) {
	var decoded Sample
	if err := json.Unmarshal([]byte(`{"durations":[5,7],"missing":-2}`), &decoded); err != nil {
		t.Fatal(err)
	}
	merged := Sample{Durations: []time.Duration{1}, Missing: math.MaxInt64}
	merged.Merge(Sample{Missing: 1})
	for name, s := range map[string]Sample{"decoded": decoded, "merged past int64": merged} {
		if got, err := s.Summary(0); !errors.Is(err, ErrInvalidCounts) {
			t.Errorf("%s: Summary() = %+v, %v, want ErrInvalidCounts", name, got, err)
		}
		if got, err := s.Quantile(0.5); !errors.Is(err, ErrInvalidCounts) {
			t.Errorf("%s: Quantile(0.5) = %v, %v, want ErrInvalidCounts", name, got, err)
		}
	}
}

func TestSampleMergeAndJSON(t *testing.T) {
	var a, b, all Sample
	for i, d := range []time.Duration{5, 1, 9, 3, 7} {
		target := &a
		if i%2 == 1 {
			target = &b
		}
		if err := target.Add(d * time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := all.Add(d * time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	b.AddMissing()
	all.AddMissing()
	if err := a.Add(-time.Second); !errors.Is(err, ErrNegativeDuration) {
		t.Errorf("Add(-1s) error = %v, want ErrNegativeDuration", err)
	}

	var merged Sample
	merged.Merge(b)
	merged.Merge(a)
	want, err := all.Summary(5 * time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got, err := merged.Summary(5 * time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged summary mismatch (-want +got):\n%s", diff)
	}

	data, err := json.Marshal(merged)
	if err != nil {
		t.Fatal(err)
	}
	var back Sample
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(merged, back); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestFirstResponseAllocations(t *testing.T) {
	// Allocations do not grow with the number of tickets: the sample and
	// its sorted copy are allocated once.
	counts := map[int]float64{}
	for _, n := range []int{10, 1000} {
		tickets := make([]Ticket, n)
		base := time.Date(2024, time.March, 12, 10, 0, 0, 0, time.UTC)
		for i := range tickets {
			tickets[i] = Ticket{Created: base, FirstResponse: base.Add(time.Duration(i) * time.Minute)}
		}
		counts[n] = testing.AllocsPerRun(20, func() {
			if _, err := FirstResponseTimes(tickets, Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
	if counts[1000] != counts[10] || counts[10] > 3 {
		t.Errorf("allocations: %v for 10 tickets, %v for 1000, want the same and at most 3", counts[10], counts[1000])
	}
}

func TestWithinSLAInterval(t *testing.T) {
	// 74 of 107 within target: Wilson 95% [0.598715, 0.771183], the
	// Delighted vector recomputed with the Wilson formula.
	p := Proportion{Successes: 74, Trials: 107}
	got, err := p.Interval(0.95)
	if err != nil {
		t.Fatal(err)
	}
	want := Interval{Lower: 0.598715, Upper: 0.771183, Confidence: 0.95}
	// Tolerance: the reference is printed to 6 decimals.
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
		t.Errorf("Interval mismatch (-want +got):\n%s", diff)
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}
