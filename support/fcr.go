package support

import (
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Interval is a two-sided confidence interval for a rate, in [0, 1].
type Interval = stats.Interval

// Proportion is a rate from counts: Successes of Trials, with Excluded
// counting the items left out of both and named by the function that made
// it.
type Proportion struct {
	Successes int64 `json:"successes"`
	Trials    int64 `json:"trials"`
	Excluded  int64 `json:"excluded"`
}

// Value returns Successes / Trials, a fraction in [0, 1]. It returns an
// error wrapping ErrNoResolved when Trials is 0, and ErrInvalidCounts for a
// negative count or Successes above Trials.
func (p Proportion) Value() (float64, error) {
	if err := p.check(); err != nil {
		return 0, err
	}
	if p.Trials == 0 {
		return 0, fmt.Errorf("%w: 0 trials (%d excluded)", ErrNoResolved, p.Excluded)
	}
	return float64(p.Successes) / float64(p.Trials), nil
}

// Interval returns the Wilson score interval of the proportion at the given
// confidence (for example 0.95). It returns an error wrapping ErrNoResolved
// when Trials is 0, ErrInvalidCounts for a negative count or Successes
// above Trials, and stats.ErrConfidence for a confidence outside (0, 1).
func (p Proportion) Interval(confidence float64) (Interval, error) {
	if err := p.check(); err != nil {
		return Interval{}, err
	}
	if p.Trials == 0 {
		return Interval{}, fmt.Errorf("%w: 0 trials (%d excluded)", ErrNoResolved, p.Excluded)
	}
	return stats.Wilson(p.Successes, p.Trials, confidence)
}

// check returns an error wrapping ErrInvalidCounts unless every count is
// non-negative and Successes ≤ Trials.
func (p Proportion) check() error {
	if err := checkCount("Proportion.Trials", p.Trials, math.MaxInt64); err != nil {
		return err
	}
	if err := checkCount("Proportion.Successes", p.Successes, p.Trials); err != nil {
		return err
	}
	return checkCount("Proportion.Excluded", p.Excluded, math.MaxInt64)
}

// Base is the denominator of first contact resolution.
type Base int

const (
	// OverResolved divides by the resolved tickets, as Freshservice defines
	// the metric. It is the default.
	OverResolved Base = iota
	// OverHandled divides by every handled ticket: resolved, or answered
	// but still open. Tickets with neither a response nor a resolution are
	// not handled.
	OverHandled
)

// String returns "resolved" or "handled".
func (b Base) String() string {
	switch b {
	case OverResolved:
		return "resolved"
	case OverHandled:
		return "handled"
	}
	return fmt.Sprintf("Base(%d)", int(b))
}

// FCRTally counts tickets by first contact outcome. The zero value is an
// empty tally; Merge adds another tally, so shards combine to exactly the
// tally of one pass. An FCRTally is not safe for concurrent use: give each
// goroutine its own and combine them with Merge.
type FCRTally struct {
	// FirstContact counts resolved tickets with one contact, not reopened.
	FirstContact int64 `json:"first_contact"`
	// Reopened counts resolved tickets that were reopened, whatever their
	// contact count: they are not resolved at first contact.
	Reopened int64 `json:"reopened"`
	// LaterContact counts resolved tickets with two or more contacts.
	LaterContact int64 `json:"later_contact"`
	// UnknownContacts counts resolved tickets with Contacts = 0 (unknown),
	// left out of both counts of the rate.
	UnknownContacts int64 `json:"unknown_contacts"`
	// Unresolved counts handled tickets that are not resolved.
	Unresolved int64 `json:"unresolved"`
	// Unhandled counts tickets with neither a response nor a resolution.
	Unhandled int64 `json:"unhandled"`
}

// Add counts ticket t, the i-th of its input for error messages. It returns
// a *TicketError for an invalid ticket, and an error wrapping
// ErrInvalidCounts for a tally with invalid counts or one that already
// counts math.MaxInt64 tickets, and then leaves the tally unchanged.
func (f *FCRTally) Add(i int, t Ticket) error {
	if err := validate(i, t); err != nil {
		return err
	}
	total, err := f.total()
	if err != nil {
		return err
	}
	if total == math.MaxInt64 {
		return fmt.Errorf("%w: FCRTally already counts %d tickets, the maximum of an int64", ErrInvalidCounts, total)
	}

	switch {
	case t.Resolved.IsZero() && t.FirstResponse.IsZero():
		f.Unhandled++
	case t.Resolved.IsZero():
		f.Unresolved++
	case t.Reopened:
		f.Reopened++
	case t.Contacts == 0:
		f.UnknownContacts++
	case t.Contacts == 1:
		f.FirstContact++
	default:
		f.LaterContact++
	}
	return nil
}

// Merge adds the counts of other to f. Merge returns no error. When a count
// would pass math.MaxInt64, or either tally has invalid counts, Merge
// stores math.MinInt64 in that count (in FirstContact for an invalid
// tally), and Rate and Add then return an error wrapping ErrInvalidCounts.
func (f *FCRTally) Merge(other FCRTally) {
	_, errF := f.total()
	_, errOther := other.total()
	f.FirstContact = mergeCount(f.FirstContact, other.FirstContact)
	f.Reopened = mergeCount(f.Reopened, other.Reopened)
	f.LaterContact = mergeCount(f.LaterContact, other.LaterContact)
	f.UnknownContacts = mergeCount(f.UnknownContacts, other.UnknownContacts)
	f.Unresolved = mergeCount(f.Unresolved, other.Unresolved)
	f.Unhandled = mergeCount(f.Unhandled, other.Unhandled)
	if errF != nil || errOther != nil {
		f.FirstContact = overflowed
	}
}

// total returns the number of tickets in the tally. It returns an error
// wrapping ErrInvalidCounts for a negative count or a total past int64.
func (f FCRTally) total() (int64, error) {
	counts := [...]struct {
		name  string
		count int64
	}{
		{"FCRTally.FirstContact", f.FirstContact},
		{"FCRTally.Reopened", f.Reopened},
		{"FCRTally.LaterContact", f.LaterContact},
		{"FCRTally.UnknownContacts", f.UnknownContacts},
		{"FCRTally.Unresolved", f.Unresolved},
		{"FCRTally.Unhandled", f.Unhandled},
	}
	var total int64
	for _, c := range counts {
		if err := checkCount(c.name, c.count, math.MaxInt64); err != nil {
			return 0, err
		}
		if total > math.MaxInt64-c.count {
			return 0, fmt.Errorf("%w: FCRTally counts sum past int64 at %s %d", ErrInvalidCounts, c.name, c.count)
		}
		total += c.count
	}
	return total, nil
}

// Rate returns first contact resolution over base. Successes are the
// tickets resolved at first contact. Trials are the resolved tickets with a
// known contact count, plus the unresolved ones over handled tickets.
// Excluded are the resolved tickets with an unknown contact count. It
// returns an error wrapping ErrInvalidBase for an undeclared base and
// ErrInvalidCounts for a tally with invalid counts, such as one decoded
// from corrupt JSON; call Proportion.Value for the rate, which fails with
// ErrNoResolved when Trials is 0.
func (f FCRTally) Rate(base Base) (Proportion, error) {
	if _, err := f.total(); err != nil {
		return Proportion{}, err
	}
	p := Proportion{
		Successes: f.FirstContact,
		Trials:    f.FirstContact + f.Reopened + f.LaterContact,
		Excluded:  f.UnknownContacts,
	}
	switch base {
	case OverResolved:
	case OverHandled:
		p.Trials += f.Unresolved
	default:
		return Proportion{}, fmt.Errorf("%w: %v", ErrInvalidBase, base)
	}
	return p, nil
}

// FirstContactResolution returns the first contact resolution of tickets
// over base (OverResolved by default): the share resolved with a single
// customer contact and never reopened. Resolved tickets with an unknown
// contact count are left out of both counts and reported in Excluded.
//
// It returns an error wrapping ErrNoTickets for no tickets, a *TicketError
// for an invalid ticket, ErrInvalidBase for an undeclared base, and
// ErrNoResolved when the denominator is 0.
func FirstContactResolution(tickets []Ticket, base Base) (Proportion, error) {
	if len(tickets) == 0 {
		return Proportion{}, ErrNoTickets
	}
	var f FCRTally
	for i, t := range tickets {
		if err := f.Add(i, t); err != nil {
			return Proportion{}, err
		}
	}
	p, err := f.Rate(base)
	if err != nil {
		return Proportion{}, err
	}
	if p.Trials == 0 {
		return Proportion{}, fmt.Errorf("%w: no %s tickets with a known contact count (%d excluded)", ErrNoResolved, base, p.Excluded)
	}
	return p, nil
}
