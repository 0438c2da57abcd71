// Package pipeline computes sales pipeline and lead metrics: pipeline value,
// weighted pipeline, win rate, sales cycle length, sales velocity, time in
// stage, stage-to-stage funnel conversion, and lead qualification,
// conversion and response times.
//
// Every function takes a slice of Deal or Lead values and works on whatever
// subset the caller passes, so a host computes a figure per owner, region or
// product by grouping its records and calling the function once per group.
// Tally and LeadTally are zero-value-ready accumulators whose Merge combines
// groups or shards into exactly the result of one pass.
//
// # Formulas
//
// Deals are open, won or lost (Outcome). Periods are half-open [Start, End).
//
//	pipeline value    = Σ amount over open deals
//	weighted pipeline = Σ amount × probability over open deals
//	win rate          = won / (won + lost)            over deals closed in the period (BasisClosed)
//	close rate        = won / (open + won + lost)     over deals created in the period (BasisCreated)
//	win rate by value = Σ won amount / Σ amount of the same deals
//	sales cycle       = ClosedAt − CreatedAt          over won deals (optionally lost ones too)
//	sales velocity    = open deals × win rate × average won amount / mean sales cycle in days
//	stage conversion  = deals that reached step k / deals that reached step k − 1
//	conversion rate   = converted leads / leads created in the period
//	qualification     = qualified leads / leads created in the period
//	response time     = FirstResponseAt − CreatedAt   over answered leads, or the
//	                    business time in [CreatedAt, FirstResponseAt) with a Calendar
//	within target     = leads answered within the target / leads answered or past the target
//
// Sources. The weighted pipeline is Salesforce's Expected Revenue, "based on
// the Amount and Probability fields" of an opportunity (Salesforce Object
// Reference, Opportunity and OpportunityHistory); the probability comes from
// the stage, and Salesforce lets a user edit it per deal, which
// Deal.Probability models. The default win rate is HubSpot's, won / (won +
// lost) (kpitree.co/integrations/hubspot/win-rate); the close rate over all
// opportunities of a cohort is the alternative that HubSpot's close-rate
// research uses (summarised at consultevo.com/hubspot-sales-close-rate-benchmarks).
// The sales cycle is the average of close date − create date over won deals
// (kpitree.co/integrations/hubspot/sales-cycle-length). Sales velocity
// follows www.mavenlb.com/blog/sales-velocity-formula, whose worked example
// is 40 × £25,000 × 0.25 / 90 days = £2,777.78 per day. Time in stage
// follows HubSpot's stage calculated properties, latest time in a stage and
// cumulative time over re-entries
// (knowledge.hubspot.com/properties/stage-calculated-properties), except
// that HubSpot leaves the latest time empty while a deal is in the stage,
// and TimeInStage counts that visit up to the evaluation time. Lead response
// time is the first rep outreach minus the lead's creation
// (kpitree.co/glossary/sales-metrics/lead-response-time), in calendar time
// or in the business hours of a Calendar, which is shared with the support
// package: the length of the instants in between at which the calendar's
// local clock shows an open, non-holiday time. Proportions carry
// the Wilson score interval (Wilson 1927, J. Amer. Statist. Assoc. 22(158));
// duration quantiles are Hyndman and Fan's type 7 (The American Statistician
// 50(4), 1996), the default of R and NumPy.
//
// A deal's state is its latest stage. DealAt derives Stage, Outcome and
// ClosedAt from a stage history as of a time, so a deal moved back out of a
// won stage is open and its old win time is not a close time. The other
// functions read Outcome and ClosedAt, and ignore ClosedAt on open deals.
//
// # Units
//
// Rates and shares are float64 fractions in [0, 1], carried in a Rate with
// their numerator and denominator. Money (amounts, pipeline values, average
// won amount, velocity) is decimal.Decimal in the caller's single currency,
// never converted to float64 on the way to a result. Durations are
// time.Duration; a sales cycle measured with CycleOptions.Location is a
// whole number of 24-hour days. Sales velocity is money per 24-hour day.
// Probabilities are fractions in [0, 1], not percentages.
//
// # Invariants
//
//   - 0 ≤ Rate.Value ≤ 1 and Rate.Numerator ≤ Rate.Denominator, Denominator > 0.
//   - Pipeline value and weighted pipeline never include won or lost deals;
//     the weighted pipeline is at most the pipeline value.
//   - Tally.Open + Won + Lost counts every deal added; Merge of the tallies
//     of a partition equals the tally of the whole, unless a count passes
//     math.MaxInt64, which Merge marks so that every result of the tally
//     returns ErrInvalidCounts.
//   - DurationStats has Min ≤ P25 ≤ Median ≤ P75 ≤ P90 ≤ P95 ≤ Max and
//     Min ≤ Mean ≤ Max.
//   - Results do not depend on the order of deals or leads, except the
//     first invalid record named by an error.
//
// # Empty and invalid input
//
// An undefined ratio is an error, never NaN, Inf or 0: a win rate without
// closed deals (ErrNoClosedDeals), a close rate or funnel step without deals
// (ErrNoDeals), an average won amount or sales cycle without won deals
// (ErrNoWonDeals), a win rate by value over a zero total (ErrZeroAmount), a
// sales velocity whose mean cycle is zero (ErrZeroCycle), lead rates over no
// leads (ErrNoLeads), response times with no answered lead
// (ErrNoResponses). Sums over no deals are 0, a real value.
//
// Invalid records return an error that wraps a sentinel and names the
// record's index in the caller's slice and its ID: an unknown Outcome
// (ErrOutcome); a negative amount (ErrAmount); a probability outside [0, 1]
// or NaN (ErrProbability); a won or lost deal without ClosedAt, a close or
// response before creation, an event after the evaluation time (ErrDate); a
// stage history out of time order (ErrHistory); a stage the configuration
// does not list, or an open deal whose stage has no probability in a
// weighted pipeline (ErrStage). No default probability is filled in for an
// unlisted stage, and a configured probability of 0 is a real 0. Business
// hours add ErrZeroCalendar for a calendar not built by NewCalendar and
// ErrOutOfRange for a lead outside years 1 to 9999. A sales cycle, time in
// stage or response time longer than a time.Duration holds (about 292
// years, as from a zero or year-1 date to today) is ErrOutOfRange too,
// never the maximum Duration that time.Time.Sub saturates at.
//
// A Tally, LeadTally, Rate or FunnelStep with invalid counts, such as one decoded from
// corrupt JSON, returns ErrInvalidCounts from every result: a negative
// count, a part above its whole (Converted above Leads, Numerator above
// Denominator, Reached above Previous, WonWithoutAmount above Won), or counts whose sum passes
// int64. A negative amount in a Tally is ErrAmount.
//
// Records a figure cannot use are never dropped silently: open deals
// without an amount add nothing to the pipeline value and are counted
// (Tally.OpenWithoutAmount, Weighted.WithoutAmount); closed deals without
// CreatedAt have no cycle and are counted (Cycle.WithoutCreated); unanswered
// leads are counted apart (ResponseTimes.Unanswered) and never averaged in
// as 0.
//
// # Rounding
//
// Sums of money are exact. The weighted pipeline is exact: each probability
// enters as the shortest decimal that converts back to the same float64, so
// 0.1 is exactly 0.1. Money quotients (average won amount, sales velocity)
// are rounded once, half away from zero, to 16 decimal places, the default
// division precision of shopspring/decimal; round them for display with
// Decimal.StringFixed or RoundBank. Rates are float64 quotients of exact
// counts; the win rate by value is the exact quotient rounded once to the
// nearest float64. Duration means are exact sums divided and rounded half up
// to the nanosecond; quantiles interpolate in nanoseconds and round to the
// nearest one.
package pipeline
