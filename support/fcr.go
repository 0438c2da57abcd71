package support

import (
	"fmt"

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
// error wrapping ErrNoResolved when Trials is 0.
func (p Proportion) Value() (float64, error) {
	if p.Trials == 0 {
		return 0, fmt.Errorf("%w: 0 trials (%d excluded)", ErrNoResolved, p.Excluded)
	}
	return float64(p.Successes) / float64(p.Trials), nil
}

// Interval returns the Wilson score interval of the proportion at the given
// confidence (for example 0.95). It returns an error wrapping ErrNoResolved
// when Trials is 0, and stats.ErrConfidence for a confidence outside (0, 1).
func (p Proportion) Interval(confidence float64) (Interval, error) {
	if p.Trials == 0 {
		return Interval{}, fmt.Errorf("%w: 0 trials (%d excluded)", ErrNoResolved, p.Excluded)
	}
	return stats.Wilson(p.Successes, p.Trials, confidence)
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
// tally of one pass.
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
// a *TicketError for an invalid ticket and leaves the tally unchanged.
func (f *FCRTally) Add(i int, t Ticket) error {
	if err := validate(i, t); err != nil {
		return err
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

// Merge adds the counts of other to f.
func (f *FCRTally) Merge(other FCRTally) {
	f.FirstContact += other.FirstContact
	f.Reopened += other.Reopened
	f.LaterContact += other.LaterContact
	f.UnknownContacts += other.UnknownContacts
	f.Unresolved += other.Unresolved
	f.Unhandled += other.Unhandled
}

// Rate returns first contact resolution over base. Successes are the
// tickets resolved at first contact. Trials are the resolved tickets with a
// known contact count, plus the unresolved ones over handled tickets.
// Excluded are the resolved tickets with an unknown contact count. It
// returns an error wrapping ErrInvalidBase for an undeclared base; call
// Proportion.Value for the rate, which fails with ErrNoResolved when
// Trials is 0.
func (f FCRTally) Rate(base Base) (Proportion, error) {
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
