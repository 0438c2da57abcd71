package support

import "time"

// Options selects how the duration metrics measure time. The zero value
// measures calendar time with no SLA target.
type Options struct {
	// Calendar measures durations in its business hours; nil measures
	// calendar (elapsed, 24/7) time.
	Calendar *Calendar
	// SLA is the target for Summary.WithinSLA (durations ≤ SLA); 0 means
	// no target.
	SLA time.Duration
}

// FirstResponseTimes returns the summary of the time from creation to the
// first agent response of each ticket, in calendar or business time as opts
// selects. With a calendar, a ticket created outside business hours counts
// from the next opening instant. Tickets without a response are counted in
// Summary.Missing and kept out of the mean, percentiles and SLA share.
//
// It returns an error wrapping ErrNoTickets for no tickets, a *TicketError
// for an invalid ticket (ErrMissingCreated, ErrTimeOrder,
// ErrNegativeContacts), ErrNoDurations when no ticket has a response, and
// the calendar's errors.
func FirstResponseTimes(tickets []Ticket, opts Options) (Summary, error) {
	return summarize(tickets, opts, func(t Ticket) (time.Time, time.Time, bool) {
		return t.Created, t.FirstResponse, !t.FirstResponse.IsZero()
	})
}

// ResolutionTimes returns the summary of the time from creation to
// resolution of each ticket, in calendar or business time. Open tickets are
// counted in Summary.Missing and kept out of the statistics. Errors are
// those of FirstResponseTimes, with ErrNoDurations when no ticket is
// resolved.
func ResolutionTimes(tickets []Ticket, opts Options) (Summary, error) {
	return summarize(tickets, opts, func(t Ticket) (time.Time, time.Time, bool) {
		return t.Created, t.Resolved, !t.Resolved.IsZero()
	})
}

// ReplyTimes returns the summary of the time from each customer message to
// the agent reply to it, over the exchanges of all tickets. This is the
// average response time across replies, which differs from the first
// response time when tickets have several exchanges. Messages still waiting for a reply
// are counted in Summary.Missing. Errors are those of FirstResponseTimes,
// with ErrNoDurations when no exchange has a reply.
func ReplyTimes(tickets []Ticket, opts Options) (Summary, error) {
	if len(tickets) == 0 {
		return Summary{}, ErrNoTickets
	}
	var s Sample
	for i, t := range tickets {
		if err := validate(i, t); err != nil {
			return Summary{}, err
		}
		for j, e := range t.Exchanges {
			if err := s.addPair(e.Message, e.Reply, !e.Reply.IsZero(), opts.Calendar); err != nil {
				return Summary{}, ticketError(i, t, err, "exchange %d: %v", j, err)
			}
		}
	}
	return s.Summary(opts.SLA)
}

// summarize measures one duration per ticket, from the pair that measure
// returns, and summarizes them.
func summarize(tickets []Ticket, opts Options, measure func(Ticket) (from, to time.Time, ok bool)) (Summary, error) {
	if len(tickets) == 0 {
		return Summary{}, ErrNoTickets
	}
	s := Sample{Durations: make([]time.Duration, 0, len(tickets))}
	for i, t := range tickets {
		if err := validate(i, t); err != nil {
			return Summary{}, err
		}
		from, to, ok := measure(t)
		if err := s.addPair(from, to, ok, opts.Calendar); err != nil {
			return Summary{}, ticketError(i, t, err, "%v", err)
		}
	}
	return s.Summary(opts.SLA)
}

// addPair adds the duration from from to to, or counts a missing one when
// ok is false.
func (s *Sample) addPair(from, to time.Time, ok bool, c *Calendar) error {
	if !ok {
		s.AddMissing()
		return nil
	}
	d, err := Elapsed(from, to, c)
	if err != nil {
		return err
	}
	return s.Add(d)
}
