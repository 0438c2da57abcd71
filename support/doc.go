// Package support computes help-desk metrics: first response time, response
// time across replies, resolution time, SLA attainment and first contact
// resolution, in calendar time or in business hours.
//
// # Formulas
//
// For each ticket, with times measured by Elapsed (calendar time, or the
// open time of a Calendar in between):
//
//	first response time = Elapsed(created, first agent response)
//	resolution time     = Elapsed(created, resolved)
//	reply time          = Elapsed(customer message, next agent reply), per exchange
//	within SLA          = #{d ≤ SLA} / #{measured}
//	FCR over resolved   = #{resolved, 1 contact, not reopened} / #{resolved}
//	FCR over handled    = #{resolved, 1 contact, not reopened} / #{resolved or answered}
//
// Summaries give the mean, the median, the 0.9 and 0.95 quantiles, the
// minimum and the maximum. Quantiles interpolate linearly between order
// statistics (Hyndman and Fan 1996, type 7, R's default), so the median of
// an even count is the mean of the two middle values. Medians and upper quantiles are the
// figures to watch, because a few very late tickets move the mean.
//
// Sources: first response time runs from creation to the first agent
// response (Zoho Desk, "Response and resolution times glossary"); the
// response time across replies averages every customer message to agent
// reply interval (Zoho Desk, "Understanding the agent performance report");
// FCR divides by resolved tickets by default (Freshservice, "How do you
// calculate FCR?", article 50000004904), and some teams divide by all
// handled tickets instead. A reopened ticket was not resolved at the first
// contact, whatever its contact count. Business hours follow Zendesk's
// schedules: weekly intervals in a time zone, with holidays that count as
// outside business hours; a ticket created outside business hours starts
// its clock at the next opening instant.
//
// # Units
//
// Durations are time.Duration. Rates are float64 fractions in [0, 1] with
// their counts (Proportion) and a Wilson score interval at a caller-chosen
// confidence.
//
// # Invariants
//
// 0 ≤ Min ≤ Median ≤ P90 ≤ P95 ≤ Max and Min ≤ Mean ≤ Max. In business time
// every duration is at most its calendar duration. Successes ≤ Trials for
// every Proportion, so every rate lies in [0, 1].
//
// # Empty and invalid input
//
// No tickets is ErrNoTickets. A ticket without a creation time, a response,
// resolution or reply before what it answers, or a negative contact count is
// a *TicketError naming the index and ID, wrapping ErrMissingCreated,
// ErrTimeOrder or ErrNegativeContacts. Tickets without the measured event
// (no response yet, still open) are counted in Summary.Missing and never
// averaged in as 0; when no ticket has it, the summary is ErrNoDurations. A
// first contact resolution rate without tickets in its denominator is
// ErrNoResolved. Resolved tickets with an unknown contact count (Contacts =
// 0) are left out of both counts of FCR and reported in Excluded. A
// Proportion, FCRTally or Sample with invalid counts, such as one decoded
// from corrupt JSON, is ErrInvalidCounts: a negative count, Successes
// above Trials, or counts whose sum passes int64. A negative duration put
// into Sample.Durations directly is ErrNegativeDuration from Summary and
// Quantile alike.
//
// # Rounding
//
// The mean is exact and rounded half up to the nanosecond; interpolated
// quantiles are rounded to the nearest nanosecond. Rates are not rounded.
package support
