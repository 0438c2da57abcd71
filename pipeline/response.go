package pipeline

import (
	"fmt"
	"time"
)

// ResponseOptions selects the leads of a response-time figure and how time
// is measured. The zero value uses every lead and calendar time.
type ResponseOptions struct {
	// Period restricts the leads to those created in [Start, End). The
	// zero Period counts all leads.
	Period Period
	// AsOf, when set, is the evaluation time: a lead created or answered
	// after it is an error, and RespondedWithin counts an unanswered lead
	// whose SLA has not yet run out at AsOf as pending rather than late.
	// The zero value sets no evaluation time, and every unanswered lead
	// counts as not answered within the SLA.
	AsOf time.Time
	// Calendar, when set, measures response times in its business hours:
	// a lead created at 17:00 on a Friday and answered at 09:00 on Monday
	// took 0 hours in a 09:00-17:00 weekday calendar. The default nil
	// measures elapsed time.
	Calendar *Calendar
}

// ResponseTimes is the distribution of lead response times.
type ResponseTimes struct {
	// Leads counts the leads of the cohort.
	Leads int64 `json:"leads"`
	// Unanswered counts the leads without a response. They are left out of
	// Times, never averaged in as 0.
	Unanswered int64 `json:"unanswered"`
	// Times summarises FirstResponseAt − CreatedAt over the answered leads.
	Times DurationStats `json:"times"`
}

// LeadResponseTimes returns the mean, median and quantiles of the time from
// a lead's creation to its first response, over the leads created in
// opts.Period that have a response, and counts the unanswered ones apart.
// Without a calendar the time is the elapsed time, so a response 4
// wall-clock hours after creation across a spring-forward change took 3
// hours. With opts.Calendar it is the business time in between. It makes
// one pass and allocates one slice of durations.
//
// Errors: ErrPeriod; ErrZeroCalendar for a calendar not built by
// NewCalendar; ErrDate for a lead without a creation time, with a response
// before it, or with either after opts.AsOf, and ErrOutOfRange for a lead
// outside the calendar's years 1 to 9999 or a response time longer than a
// time.Duration holds, named by index and id; ErrNoLeads
// when the cohort is empty; ErrNoResponses when no lead of the cohort has a
// response.
func LeadResponseTimes(leads []Lead, opts ResponseOptions) (ResponseTimes, error) {
	if err := opts.Period.validate(); err != nil {
		return ResponseTimes{}, err
	}
	if err := checkCalendar(opts.Calendar); err != nil {
		return ResponseTimes{}, err
	}
	var result ResponseTimes
	times := make([]time.Duration, 0, len(leads))
	for i := range leads {
		l := &leads[i]
		if err := validateLead(i, l, opts.AsOf); err != nil {
			return ResponseTimes{}, err
		}
		if !opts.Period.Contains(l.CreatedAt) {
			continue
		}
		result.Leads++
		if !l.answered() {
			result.Unanswered++
			continue
		}
		took, err := elapsed(i, l, l.CreatedAt, l.FirstResponseAt, opts.Calendar)
		if err != nil {
			return ResponseTimes{}, err
		}
		times = append(times, took)
	}

	if result.Leads == 0 {
		return ResponseTimes{}, undefined(ErrNoLeads, "lead response time needs leads, got none")
	}
	if len(times) == 0 {
		return ResponseTimes{}, undefined(ErrNoResponses, "lead response time: none of %d leads has a response", result.Leads)
	}
	result.Times = summarize(times)
	return result, nil
}

// SLA is the share of leads answered within a response-time target.
type SLA struct {
	// Within is the leads answered within the target over the leads whose
	// target has run out or that were answered: Leads − Pending.
	Within Rate `json:"within"`
	// Late counts leads answered after the target.
	Late int64 `json:"late"`
	// Unanswered counts unanswered leads whose target has run out (every
	// unanswered lead when no AsOf is set). They count as not within.
	Unanswered int64 `json:"unanswered"`
	// Pending counts unanswered leads whose target had not run out at
	// AsOf. They are left out of Within.
	Pending int64 `json:"pending"`
}

// RespondedWithin returns the share of the leads created in opts.Period that
// were answered within target, a lead answered exactly at the target
// included, with time measured as in LeadResponseTimes. An unanswered lead
// counts as not within, unless opts.AsOf is set and less than target had
// passed from its creation to AsOf, in which case it is pending and left
// out.
//
// Errors: ErrOption for a target ≤ 0; ErrPeriod; ErrZeroCalendar; ErrDate
// for a lead without a creation time, with a response before it, or with
// either after opts.AsOf, and ErrOutOfRange for a lead outside the
// calendar's years or a time to the response or to AsOf longer than a
// time.Duration holds, named by index and id; ErrNoLeads when no lead is
// counted.
func RespondedWithin(leads []Lead, target time.Duration, opts ResponseOptions) (SLA, error) {
	if target <= 0 {
		return SLA{}, fmt.Errorf("pipeline: %w: response target %s is not positive", ErrOption, target)
	}
	if err := opts.Period.validate(); err != nil {
		return SLA{}, err
	}
	if err := checkCalendar(opts.Calendar); err != nil {
		return SLA{}, err
	}

	var result SLA
	var within int64
	for i := range leads {
		l := &leads[i]
		if err := validateLead(i, l, opts.AsOf); err != nil {
			return SLA{}, err
		}
		if !opts.Period.Contains(l.CreatedAt) {
			continue
		}
		counter, err := result.counter(i, l, target, opts, &within)
		if err != nil {
			return SLA{}, err
		}
		*counter++
	}

	counted := within + result.Late + result.Unanswered
	if counted == 0 {
		return SLA{}, undefined(ErrNoLeads, "response-time share needs leads whose target has run out, got none (%d pending)", result.Pending)
	}
	result.Within = newRate(within, counted)
	return result, nil
}

// counter returns the count that the validated lead l belongs to: within,
// or one of s.Late, s.Pending and s.Unanswered.
func (s *SLA) counter(i int, l *Lead, target time.Duration, opts ResponseOptions, within *int64) (*int64, error) {
	end, answered := l.FirstResponseAt, l.answered()
	if !answered && opts.AsOf.IsZero() {
		return &s.Unanswered, nil
	}
	if !answered {
		end = opts.AsOf
	}
	took, err := elapsed(i, l, l.CreatedAt, end, opts.Calendar)
	if err != nil {
		return nil, err
	}

	switch {
	case answered && took <= target:
		return within, nil
	case answered:
		return &s.Late, nil
	case took < target:
		return &s.Pending, nil
	}
	return &s.Unanswered, nil
}
