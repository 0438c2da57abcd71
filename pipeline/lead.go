package pipeline

import (
	"math"
	"time"
)

// Lead is one inbound lead.
type Lead struct {
	// ID identifies the lead in error messages; it may be empty.
	ID string
	// CreatedAt is when the lead was created. It is required.
	CreatedAt time.Time
	// FirstResponseAt is the first outreach by a sales rep, or the zero time
	// while the lead is unanswered. Automated messages should not count as
	// a response.
	FirstResponseAt time.Time
	// Qualified marks a lead that became sales-qualified.
	Qualified bool
	// Converted marks a lead that became an opportunity or a customer, as
	// the caller defines conversion.
	Converted bool
}

// answered reports whether the lead has a response.
func (l *Lead) answered() bool {
	return !l.FirstResponseAt.IsZero()
}

// validateLead checks that l has a creation time, that its response, if
// any, is not before it, and, when asOf is not zero, that neither is after
// asOf.
func validateLead(i int, l *Lead, asOf time.Time) error {
	if l.CreatedAt.IsZero() {
		return leadError(i, l, ErrDate, "no creation time")
	}
	if l.answered() && l.FirstResponseAt.Before(l.CreatedAt) {
		return leadError(i, l, ErrDate, "first response %s before creation %s",
			formatTime(l.FirstResponseAt), formatTime(l.CreatedAt))
	}
	if asOf.IsZero() {
		return nil
	}
	if l.CreatedAt.After(asOf) {
		return leadError(i, l, ErrDate, "created %s, after as-of time %s", formatTime(l.CreatedAt), formatTime(asOf))
	}
	if l.FirstResponseAt.After(asOf) {
		return leadError(i, l, ErrDate, "first response %s, after as-of time %s", formatTime(l.FirstResponseAt), formatTime(asOf))
	}
	return nil
}

// LeadTally counts leads and how many were qualified, converted and
// answered. The zero value is an empty tally; Merge combines tallies of
// disjoint sets of leads into exactly the tally of one pass. A LeadTally is
// not safe for concurrent use: give each goroutine its own and combine
// them with Merge.
type LeadTally struct {
	Leads     int64 `json:"leads"`
	Qualified int64 `json:"qualified"`
	Converted int64 `json:"converted"`
	Answered  int64 `json:"answered"`
}

// Add counts l. It returns an error, and leaves the tally unchanged, for a
// lead without a creation time or with a response before it (ErrDate), for
// a tally whose counts are invalid, and for a tally that already counts
// math.MaxInt64 leads (ErrInvalidCounts).
func (t *LeadTally) Add(l Lead) error {
	if err := validateLead(-1, &l, time.Time{}); err != nil {
		return err
	}
	if err := t.check(); err != nil {
		return err
	}
	if t.Leads == math.MaxInt64 {
		return countError("LeadTally already counts %d leads, the maximum of an int64", t.Leads)
	}
	t.add(&l)
	return nil
}

// add counts the validated lead l.
func (t *LeadTally) add(l *Lead) {
	t.Leads++
	t.Qualified += b2i(l.Qualified)
	t.Converted += b2i(l.Converted)
	t.Answered += b2i(l.answered())
}

// Merge adds the counts of other to t. Merge returns no error. When a count
// would pass math.MaxInt64, or either tally has invalid counts, Merge
// stores math.MinInt64 in that count (in Leads for an invalid tally), and
// every result of t then returns an error wrapping ErrInvalidCounts.
func (t *LeadTally) Merge(other LeadTally) {
	valid := t.check() == nil && other.check() == nil
	t.Leads = mergeCount(t.Leads, other.Leads)
	t.Qualified = mergeCount(t.Qualified, other.Qualified)
	t.Converted = mergeCount(t.Converted, other.Converted)
	t.Answered = mergeCount(t.Answered, other.Answered)
	if !valid {
		t.Leads = overflowed
	}
}

// check returns an error wrapping ErrInvalidCounts unless Leads ≥ 0 and
// each other count lies in [0, Leads].
func (t LeadTally) check() error {
	if err := checkCount("LeadTally.Leads", t.Leads, math.MaxInt64); err != nil {
		return err
	}
	if err := checkCount("LeadTally.Qualified", t.Qualified, t.Leads); err != nil {
		return err
	}
	if err := checkCount("LeadTally.Converted", t.Converted, t.Leads); err != nil {
		return err
	}
	return checkCount("LeadTally.Answered", t.Answered, t.Leads)
}

// ConversionRate returns converted / leads.
//
// Errors: ErrNoLeads when the tally has no leads; ErrInvalidCounts for a
// tally with invalid counts, such as one decoded from corrupt JSON.
func (t LeadTally) ConversionRate() (Rate, error) {
	if err := t.check(); err != nil {
		return Rate{}, err
	}
	if t.Leads == 0 {
		return Rate{}, undefined(ErrNoLeads, "lead conversion rate needs leads, got none")
	}
	return newRate(t.Converted, t.Leads), nil
}

// QualificationRate returns qualified / leads.
//
// Errors: ErrNoLeads when the tally has no leads; ErrInvalidCounts for a
// tally with invalid counts.
func (t LeadTally) QualificationRate() (Rate, error) {
	if err := t.check(); err != nil {
		return Rate{}, err
	}
	if t.Leads == 0 {
		return Rate{}, undefined(ErrNoLeads, "lead qualification rate needs leads, got none")
	}
	return newRate(t.Qualified, t.Leads), nil
}

// CountLeads tallies the cohort of leads created in period, whose
// conversion and qualification rates are then the tally's methods. Counting
// a cohort by creation time, rather than the period's conversions over the
// period's new leads, keeps each rate a share of one set of leads.
//
// Errors: ErrPeriod for a period that ends before it starts; ErrDate for a
// lead without a creation time or with a response before it, named by index
// and id.
func CountLeads(leads []Lead, period Period) (LeadTally, error) {
	if err := period.validate(); err != nil {
		return LeadTally{}, err
	}
	var t LeadTally
	for i := range leads {
		l := &leads[i]
		if err := validateLead(i, l, time.Time{}); err != nil {
			return LeadTally{}, err
		}
		if period.Contains(l.CreatedAt) {
			t.add(l)
		}
	}
	return t, nil
}

// b2i returns 1 for true and 0 for false.
func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
