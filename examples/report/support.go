package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/support"
)

// supportSection reports the support.* figures over the tickets of
// tickets.csv created in the period. Durations are calendar time, and a
// ticket without a response or resolution is counted apart, never as 0.
var supportSection = Section{
	Name:  "support",
	Title: "Support",
	Needs: []string{"tickets.csv"},
	Run:   runSupport,
}

func runSupport(d *Dataset, p Period, out *SectionOutput) error {
	tickets, lines, err := periodTickets(d, p)
	if err != nil {
		return err
	}
	out.Figure("support.tickets", len(tickets))

	if err := durationFigure(out, "support.first_response_minutes_median", "first response", tickets,
		support.FirstResponseTimes, time.Minute); err != nil {
		return ticketLineError(err, lines)
	}
	if err := durationFigure(out, "support.resolution_hours_median", "resolution", tickets,
		support.ResolutionTimes, time.Hour); err != nil {
		return ticketLineError(err, lines)
	}
	return ticketLineError(fcrFigure(out, tickets), lines)
}

// periodTickets converts the tickets created in the period. A contact count
// below 1 is invalid in tickets.csv (1 means resolved at first contact), so
// it is an error rather than "unknown".
func periodTickets(d *Dataset, p Period) (tickets []support.Ticket, lines []int, err error) {
	for _, r := range d.Tickets {
		if !p.Contains(r.CreatedAt) {
			continue
		}
		t := support.Ticket{ID: r.ID, Created: r.CreatedAt, FirstResponse: r.FirstResponseAt, Resolved: r.ResolvedAt}
		if r.Contacts != nil {
			if *r.Contacts < 1 {
				return nil, nil, fmt.Errorf("tickets.csv line %d, ticket %q: contacts %d, want at least 1", r.Line, r.ID, *r.Contacts)
			}
			t.Contacts = *r.Contacts
		}
		tickets = append(tickets, t)
		lines = append(lines, r.Line)
	}
	return tickets, lines, nil
}

// durationFigure records the median of one duration metric in unit, or
// its absence when no ticket has the event.
func durationFigure(out *SectionOutput, name, label string, tickets []support.Ticket,
	metric func([]support.Ticket, support.Options) (support.Summary, error), unit time.Duration) error {
	s, err := metric(tickets, support.Options{})
	switch {
	case errors.Is(err, support.ErrNoTickets):
		out.Absent(name, "no tickets created in the period")
		return nil
	case errors.Is(err, support.ErrNoDurations):
		out.Absent(name, "no ticket created in the period has a "+label)
		return nil
	case err != nil:
		return err
	}
	out.Figure(name, float64(s.Median)/float64(unit))
	out.Line("%s: %d measured, %d without one; mean %s, p90 %s, p95 %s",
		label, s.Count, s.Missing, roundDuration(s.Mean), roundDuration(s.P90), roundDuration(s.P95))
	return nil
}

// fcrFigure records first contact resolution over resolved tickets with a
// known contact count, and its absence when there is none.
func fcrFigure(out *SectionOutput, tickets []support.Ticket) error {
	var tally support.FCRTally
	for i, t := range tickets {
		if err := tally.Add(i, t); err != nil {
			return err
		}
	}
	p, err := tally.Rate(support.OverResolved)
	if err != nil {
		return err
	}
	rate, err := p.Value()
	if errors.Is(err, support.ErrNoResolved) {
		out.Absent("support.fcr_rate", fmt.Sprintf("no resolved ticket in the period has a contact count (%d resolved without one)", p.Excluded))
		return nil
	}
	ci, err := p.Interval(0.95)
	if err != nil {
		return err
	}
	out.Figure("support.fcr_rate", rate)
	out.Line("first contact resolution: %d of %d resolved tickets (95%% Wilson interval %.3f to %.3f); %d resolved without a contact count left out",
		p.Successes, p.Trials, ci.Lower, ci.Upper, p.Excluded)

	// The other common base: every handled (answered or resolved) ticket.
	handled, err := tally.Rate(support.OverHandled)
	if err != nil {
		return err
	}
	if v, err := handled.Value(); err == nil {
		out.Line("over handled tickets: %d of %d (%.6f); %d tickets never handled", handled.Successes, handled.Trials, v, tally.Unhandled)
	}
	return nil
}

// ticketLineError adds the tickets.csv line to a library error about one
// ticket; lines holds the line of each ticket passed to the library.
func ticketLineError(err error, lines []int) error {
	var te *support.TicketError
	if errors.As(err, &te) && te.Index < len(lines) {
		return fmt.Errorf("tickets.csv line %d: %w", lines[te.Index], err)
	}
	return err
}

func roundDuration(d time.Duration) time.Duration {
	return d.Round(time.Second)
}
