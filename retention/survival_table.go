package retention

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Status is the outcome observed at the end of a subject's time. The zero
// value is not a valid status, so every subject must state its outcome.
type Status uint8

const (
	// Censored means the customer was still active when observation ended.
	Censored Status = iota + 1
	// Churned means the customer churned at Time: an event.
	Churned
)

// String returns the Status's name, or Status(n) for an unknown value.
func (s Status) String() string {
	switch s {
	case Censored:
		return "censored"
	case Churned:
		return "churned"
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Subject is one customer's observed tenure for survival analysis. Times
// are float64 in one unit the caller picks for all subjects, such as days
// (d.Hours()/24 for a time.Duration) or whole months. Results come back in
// the same unit.
type Subject struct {
	// Time is the tenure at churn or at the end of observation; at least 0.
	Time float64 `json:"time"`
	// Status is Churned when the customer churned at Time, Censored when
	// observation ended then.
	Status Status `json:"status"`
	// Entry is the tenure at which observation began, for customers who
	// were already customers when records start (left truncation, late
	// entry). The subject is at risk at times t with Entry < t ≤ Time.
	// Zero means observed from the start, at risk from time 0 on.
	Entry float64 `json:"entry"`
}

// validate checks the subject at index i of a slice; i < 0 means a subject
// given alone, whose message has no index.
func (s Subject) validate(i int) error {
	switch {
	case s.Status != Churned && s.Status != Censored:
		return errorf(ErrInvalidStatus, "%s: status %d is neither Churned nor Censored", subjectLabel(i), s.Status)
	case !(s.Time >= 0) || math.IsInf(s.Time, 1):
		return errorf(ErrInvalidDuration, "%s: time %v is not a finite number ≥ 0", subjectLabel(i), s.Time)
	case !(s.Entry >= 0) || math.IsInf(s.Entry, 1):
		return errorf(ErrInvalidDuration, "%s: entry %v is not a finite number ≥ 0", subjectLabel(i), s.Entry)
	case s.Entry > 0 && !(s.Entry < s.Time):
		return errorf(ErrInvalidDuration, "%s: entry %v not before time %v", subjectLabel(i), s.Entry, s.Time)
	}
	return nil
}

func subjectLabel(i int) string {
	if i < 0 {
		return "subject"
	}
	return fmt.Sprintf("subject %d", i)
}

// TimeCount counts, at one time, the subjects who churned, who were
// censored, and who entered observation late.
type TimeCount struct {
	Time     float64 `json:"time"`
	Events   int64   `json:"events"`
	Censored int64   `json:"censored"`
	Entered  int64   `json:"entered"`
}

// SurvivalTable is a mergeable accumulator of survival data: the number of
// events, censorings and late entries at each time, which is all a
// Kaplan-Meier estimate needs.
//
// The zero value is an empty table. Tables of disjoint sets of subjects
// combine with Merge to exactly the table, and the curve, of one pass over
// all of them. Rows may hold a time more than once and in any order until
// the table is compacted; Add compacts from time to time so that the
// memory grows with the number of distinct times, not of subjects.
type SurvivalTable struct {
	Rows []TimeCount `json:"rows"`
	// compacted is the length of Rows after the last compaction, a hint
	// for when to compact next. A coder that keeps only exported fields
	// loses it, which costs time but not correctness.
	compacted int
}

// minCompaction is the number of rows added before a table compacts for
// the first time.
const minCompaction = 1024

// Add adds one subject. It returns an error naming the value for an
// invalid status (ErrInvalidStatus) or a time or entry that is negative,
// NaN, infinite, or an entry not before the time (ErrInvalidDuration), and
// then leaves t unchanged. It allocates only when Rows grows.
func (t *SurvivalTable) Add(s Subject) error {
	if err := s.validate(-1); err != nil {
		return err
	}
	t.add(s)
	if len(t.Rows) >= 2*t.compacted+minCompaction {
		t.compact()
	}
	return nil
}

func (t *SurvivalTable) add(s Subject) {
	exit := TimeCount{Time: s.Time + 0} // + 0 turns −0 into +0
	if s.Status == Churned {
		exit.Events = 1
	} else {
		exit.Censored = 1
	}
	t.push(exit)
	if s.Entry > 0 {
		t.push(TimeCount{Time: s.Entry, Entered: 1})
	}
}

// push adds c to the last row when it has the same time, as happens for
// sorted input, and appends it otherwise.
func (t *SurvivalTable) push(c TimeCount) {
	if n := len(t.Rows); n > 0 && t.Rows[n-1].Time == c.Time {
		t.Rows[n-1].Events = mergeCount(t.Rows[n-1].Events, c.Events)
		t.Rows[n-1].Censored = mergeCount(t.Rows[n-1].Censored, c.Censored)
		t.Rows[n-1].Entered = mergeCount(t.Rows[n-1].Entered, c.Entered)
		return
	}
	t.Rows = append(t.Rows, c)
}

// Merge adds the subjects of other. Rows are not checked here; a count
// that is negative or whose sum overflows int64 becomes math.MinInt64,
// and Curve rejects such rows with ErrInvalidCounts or ErrInvalidDuration.
func (t *SurvivalTable) Merge(other SurvivalTable) {
	t.Rows = append(t.Rows, other.Rows...)
	if len(t.Rows) >= 2*t.compacted+minCompaction {
		t.compact()
	}
}

// compact sorts the rows by time and merges rows of the same time.
func (t *SurvivalTable) compact() {
	slices.SortFunc(t.Rows, func(a, b TimeCount) int { return cmp.Compare(a.Time, b.Time) })
	out := t.Rows[:0]
	for _, c := range t.Rows {
		if n := len(out); n > 0 && out[n-1].Time == c.Time {
			out[n-1].Events = mergeCount(out[n-1].Events, c.Events)
			out[n-1].Censored = mergeCount(out[n-1].Censored, c.Censored)
			out[n-1].Entered = mergeCount(out[n-1].Entered, c.Entered)
			continue
		}
		out = append(out, c)
	}
	clear(t.Rows[len(out):])
	t.Rows = out
	t.compacted = len(out)
}
