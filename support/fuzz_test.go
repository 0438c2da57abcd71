package support

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fuzzTickets decodes tickets from data, 4 bytes each: creation offset in
// steps of 79 minutes over two weeks, response delay in minutes (0xff = none), resolution
// delay in hours (0 = open), and flags (contacts in the low two bits,
// reopened in bit 2).
func fuzzTickets(data []byte) []Ticket {
	base := time.Date(2024, time.March, 25, 0, 0, 0, 0, time.UTC)
	var tickets []Ticket
	for i := 0; i+4 <= len(data) && len(tickets) < 200; i += 4 {
		created := base.Add(time.Duration(data[i]) * 79 * time.Minute).Add(time.Duration(data[i+3]) * time.Second)
		t := Ticket{ID: string(rune('a' + len(tickets)%26)), Created: created}
		if data[i+1] != 0xff {
			t.FirstResponse = created.Add(time.Duration(data[i+1]) * 37 * time.Minute)
		}
		if data[i+2] != 0 {
			t.Resolved = created.Add(time.Duration(data[i+2]) * time.Hour)
		}
		t.Contacts = int(data[i+3] & 3)
		t.Reopened = data[i+3]&4 != 0
		t.Exchanges = []Exchange{{Message: created, Reply: t.FirstResponse}}
		tickets = append(tickets, t)
	}
	return tickets
}

func FuzzFirstResponseTimes(f *testing.F) {
	f.Add([]byte{0, 10, 5, 1, 40, 0xff, 0, 2, 100, 200, 30, 7}, true)
	f.Add([]byte{1, 0xff, 0, 0}, false)
	f.Add([]byte{150, 3, 0, 5, 151, 3, 0, 5, 152, 90, 20, 1}, true)
	f.Fuzz(func(t *testing.T, data []byte, business bool) {
		tickets := fuzzTickets(data)
		berlin := loadLocation(t, "Europe/Berlin")
		var opts Options
		if business {
			opts.Calendar = officeCalendar(t, berlin)
		}
		opts.SLA = 45 * time.Minute

		got, err := FirstResponseTimes(tickets, opts)
		if err != nil {
			return // no tickets, or none answered
		}

		// Range and order of the statistics.
		if !(0 <= got.Min && got.Min <= got.Median && got.Median <= got.P90 && got.P90 <= got.P95 && got.P95 <= got.Max) {
			t.Fatalf("statistics out of order: %+v", got)
		}
		if got.Mean < got.Min || got.Mean > got.Max {
			t.Fatalf("mean %v outside [%v, %v]", got.Mean, got.Min, got.Max)
		}
		if got.Count+got.Missing != int64(len(tickets)) {
			t.Fatalf("count %d + missing %d != %d tickets", got.Count, got.Missing, len(tickets))
		}
		if w := got.WithinSLA; w.Successes < 0 || w.Successes > w.Trials {
			t.Fatalf("within SLA %+v out of range", w)
		}

		// Business time never exceeds calendar time.
		if business {
			wall, err := FirstResponseTimes(tickets, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Max > wall.Max || got.Mean > wall.Mean {
				t.Fatalf("business %+v exceeds calendar %+v", got, wall)
			}
		}

		// Reordering changes nothing, and the reply times of single
		// exchanges equal the first response times.
		reversed := slices.Clone(tickets)
		slices.Reverse(reversed)
		again, err := FirstResponseTimes(reversed, opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Fatalf("reversed input mismatch (-want +got):\n%s", diff)
		}
		replies, err := ReplyTimes(tickets, opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, replies); diff != "" {
			t.Fatalf("reply times differ from first response times (-want +got):\n%s", diff)
		}
	})
}

func FuzzFirstContactResolution(f *testing.F) {
	f.Add([]byte{0, 10, 5, 1, 40, 0xff, 0, 2, 100, 200, 30, 7}, uint8(3))
	f.Add([]byte{1, 0xff, 0, 0}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		tickets := fuzzTickets(data)
		var one, left, right FCRTally
		for i, tk := range tickets {
			if err := one.Add(i, tk); err != nil {
				t.Fatal(err)
			}
			half := &left
			if i >= int(split) {
				half = &right
			}
			if err := half.Add(i, tk); err != nil {
				t.Fatal(err)
			}
		}
		left.Merge(right)
		if left != one {
			t.Fatalf("merged %+v, one pass %+v", left, one)
		}
		for _, base := range []Base{OverResolved, OverHandled} {
			p, err := FirstContactResolution(tickets, base)
			if err != nil {
				continue
			}
			v, err := p.Value()
			if err != nil || v < 0 || v > 1 {
				t.Fatalf("rate %v, %v out of [0, 1] for %+v", v, err, p)
			}
			ci, err := p.Interval(0.95)
			if err != nil || ci.Lower > v || ci.Upper < v {
				t.Fatalf("interval %+v, %v does not contain %v", ci, err, v)
			}
		}
	})
}

func FuzzSample(f *testing.F) {
	f.Add([]byte{1, 2, 3, 250, 7}, uint8(2), int64(5))
	f.Fuzz(func(t *testing.T, data []byte, split uint8, sla int64) {
		var one, left, right Sample
		for i, b := range data {
			d := time.Duration(b) * time.Duration(1+i%7) * time.Second
			half := &left
			if i >= int(split) {
				half = &right
			}
			if err := one.Add(d); err != nil {
				t.Fatal(err)
			}
			if err := half.Add(d); err != nil {
				t.Fatal(err)
			}
		}
		right.Merge(left)
		want, errWant := one.Summary(time.Duration(sla))
		got, errGot := right.Summary(time.Duration(sla))
		if (errWant == nil) != (errGot == nil) {
			t.Fatalf("errors differ: %v, %v", errWant, errGot)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("merged summary mismatch (-want +got):\n%s", diff)
		}
	})
}

// FuzzCounts feeds a Proportion and an FCRTally with arbitrary counts, as
// decoded from untrusted JSON, to their results and to Merge: each result
// is either an error or a rate in [0, 1].
func FuzzCounts(f *testing.F) {
	f.Add(int64(5), int64(2), int64(0), int64(-4), int64(0), int64(1))
	f.Add(int64(1), int64(3), int64(1), int64(2), int64(1), int64(0))
	f.Add(int64(math.MaxInt64), int64(1), int64(0), int64(0), int64(0), int64(1))
	f.Add(int64(-1), int64(2), int64(3), int64(0), int64(-5), int64(2))
	f.Fuzz(func(t *testing.T, first, reopened, later, unknown, unresolved, extra int64) {
		checkProportion(t, Proportion{Successes: first, Trials: reopened, Excluded: unknown})

		tally := FCRTally{FirstContact: first, Reopened: reopened, LaterContact: later, UnknownContacts: unknown, Unresolved: unresolved}
		tally.Merge(FCRTally{FirstContact: extra, Unhandled: extra})
		for _, base := range []Base{OverResolved, OverHandled} {
			if p, err := tally.Rate(base); err == nil {
				checkProportion(t, p)
			}
		}
	})
}

// checkProportion fails the test when a result of p comes with no error
// but is out of range.
func checkProportion(t *testing.T, p Proportion) {
	t.Helper()
	if v, err := p.Value(); err == nil && !(v >= 0 && v <= 1) {
		t.Fatalf("%+v.Value() = %v", p, v)
	}
	if ci, err := p.Interval(0.95); err == nil && !(ci.Lower >= 0 && ci.Lower <= ci.Upper && ci.Upper <= 1) {
		t.Fatalf("%+v.Interval(0.95) = %+v", p, ci)
	}
}

// FuzzSampleDecoded feeds samples with arbitrary durations and missing
// counts, as decoded from untrusted JSON: Summary and Quantile agree on
// what they reject, and a quantile lies within the sample.
func FuzzSampleDecoded(f *testing.F) {
	f.Add(int64(5), int64(-3), int64(7), int64(0), 0.0)
	f.Add(int64(1), int64(2), int64(3), int64(-1), 0.5)
	f.Add(int64(1), int64(2), int64(3), int64(4), 1.0)
	f.Fuzz(func(t *testing.T, a, b, c, missing int64, q float64) {
		s := Sample{Durations: []time.Duration{time.Duration(a), time.Duration(b), time.Duration(c)}, Missing: missing}
		_, errSummary := s.Summary(0)
		got, errQuantile := s.Quantile(q)
		if errSummary != nil && errQuantile == nil {
			t.Fatalf("Quantile(%v) = %v, but Summary rejects the sample: %v", q, got, errSummary)
		}
		if errQuantile == nil && (got < min(time.Duration(a), time.Duration(b), time.Duration(c)) || got > max(time.Duration(a), time.Duration(b), time.Duration(c)) || got < 0) {
			t.Fatalf("Quantile(%v) of %v = %v, outside the sample", q, s.Durations, got)
		}
	})
}
