package support

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors of the ticket metrics. Every error wraps one of them or
// one of the calendar errors.
var (
	// ErrNoTickets is returned for an empty slice of tickets.
	ErrNoTickets = errors.New("support: no tickets")
	// ErrMissingCreated is returned for a ticket without a creation time.
	ErrMissingCreated = errors.New("support: missing creation time")
	// ErrTimeOrder is returned for a response, resolution or reply dated
	// before the event it follows.
	ErrTimeOrder = errors.New("support: time before its start")
	// ErrNegativeContacts is returned for a negative contact count.
	ErrNegativeContacts = errors.New("support: negative contact count")
	// ErrNoDurations is returned when no ticket has the measured event, such
	// as no first response at all: the mean and percentiles are undefined.
	ErrNoDurations = errors.New("support: no measured durations")
	// ErrNegativeDuration is returned by Sample.Add for a negative duration.
	ErrNegativeDuration = errors.New("support: negative duration")
	// ErrNoResolved is returned by a first contact resolution rate whose
	// denominator is 0, such as no resolved tickets.
	ErrNoResolved = errors.New("support: no tickets in the denominator")
	// ErrInvalidBase is returned for a Base other than the declared ones.
	ErrInvalidBase = errors.New("support: invalid first contact resolution base")
	// ErrInvalidQuantile is returned for a quantile outside [0, 1].
	ErrInvalidQuantile = errors.New("support: quantile outside [0, 1]")
	// ErrInvalidCounts is returned for a Proportion, FCRTally or Sample
	// whose counts are negative, exceed the count they are part of, or
	// overflow int64 when summed or merged, as a value decoded from corrupt
	// JSON can have.
	ErrInvalidCounts = errors.New("support: invalid counts")
)

// Ticket is one support request. Zero times mean "not yet": a ticket with a
// zero FirstResponse has not been answered and one with a zero Resolved is
// open.
type Ticket struct {
	// ID names the ticket in error messages; it may be empty.
	ID string `json:"id"`
	// Created is when the customer opened the ticket. It is required.
	Created time.Time `json:"created"`
	// FirstResponse is the first public agent reply (not an automatic
	// acknowledgement).
	FirstResponse time.Time `json:"first_response"`
	// Resolved is when the ticket was (last) resolved.
	Resolved time.Time `json:"resolved"`
	// Contacts is the number of customer interactions until resolution: 1
	// means resolved at first contact, 0 means unknown.
	Contacts int `json:"contacts"`
	// Reopened reports whether the ticket was reopened after a resolution.
	Reopened bool `json:"reopened"`
	// Exchanges are the customer messages of the ticket, each with the
	// agent reply to it, for the response time across all replies. The
	// first exchange is usually the opening message.
	Exchanges []Exchange `json:"exchanges,omitempty"`
}

// Exchange is one customer message and the first agent reply after it; a
// zero Reply means the message still waits for one.
type Exchange struct {
	Message time.Time `json:"message"`
	Reply   time.Time `json:"reply"`
}

// validate checks every field of ticket i and returns an error naming it.
func validate(i int, t Ticket) error {
	switch {
	case t.Created.IsZero():
		return ticketError(i, t, ErrMissingCreated, "no creation time")
	case !t.FirstResponse.IsZero() && t.FirstResponse.Before(t.Created):
		return ticketError(i, t, ErrTimeOrder, "first response %s before creation %s", stamp(t.FirstResponse), stamp(t.Created))
	case !t.Resolved.IsZero() && t.Resolved.Before(t.Created):
		return ticketError(i, t, ErrTimeOrder, "resolution %s before creation %s", stamp(t.Resolved), stamp(t.Created))
	case t.Contacts < 0:
		return ticketError(i, t, ErrNegativeContacts, "contacts %d", t.Contacts)
	}
	for j, e := range t.Exchanges {
		switch {
		case e.Message.IsZero():
			return ticketError(i, t, ErrMissingCreated, "exchange %d has no message time", j)
		case !e.Reply.IsZero() && e.Reply.Before(e.Message):
			return ticketError(i, t, ErrTimeOrder, "exchange %d reply %s before message %s", j, stamp(e.Reply), stamp(e.Message))
		}
	}
	return nil
}

// TicketError reports an invalid ticket: its index in the slice, its ID
// and what is wrong. It unwraps to one of the package's sentinels.
type TicketError struct {
	Index  int
	ID     string
	Reason string
	Err    error
}

// Error returns the message, for example
// `support: ticket 3 (id "T7"): first response 2024-03-01T09:00:00Z before creation 2024-03-01T10:00:00Z`.
func (e *TicketError) Error() string {
	return fmt.Sprintf("support: ticket %d (id %q): %s", e.Index, e.ID, e.Reason)
}

// Unwrap returns the sentinel error.
func (e *TicketError) Unwrap() error { return e.Err }

func ticketError(i int, t Ticket, sentinel error, format string, args ...any) error {
	return &TicketError{Index: i, ID: t.ID, Reason: fmt.Sprintf(format, args...), Err: sentinel}
}

func stamp(t time.Time) string {
	return t.Format(time.RFC3339)
}
