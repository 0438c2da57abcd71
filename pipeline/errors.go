package pipeline

import (
	"errors"
	"fmt"
)

// Errors for invalid input. Every error the package returns wraps one of
// these sentinels, one of the undefined-ratio sentinels below or one of the
// calendar errors (ErrZeroCalendar and the others next to NewCalendar), so
// callers can tell them apart with errors.Is.
var (
	// ErrOutcome is returned for an Outcome other than Open, Won or Lost.
	ErrOutcome = errors.New("invalid outcome")
	// ErrAmount is returned for a negative amount, or for a won or lost
	// deal without an amount where a figure needs it.
	ErrAmount = errors.New("invalid amount")
	// ErrProbability is returned for a probability outside [0, 1] or NaN.
	ErrProbability = errors.New("invalid probability")
	// ErrStage is returned for a stage that the caller's configuration does
	// not list, or a stage without a probability in a weighted pipeline.
	ErrStage = errors.New("unknown stage")
	// ErrDate is returned for a missing timestamp that a figure needs, an
	// end before its start, or an event after the evaluation time.
	ErrDate = errors.New("invalid date")
	// ErrHistory is returned for a stage history that is missing where a
	// function needs one, out of time order, or starts before the deal was
	// created.
	ErrHistory = errors.New("invalid stage history")
	// ErrPeriod is returned for a Period whose End is before its Start.
	ErrPeriod = errors.New("invalid period")
	// ErrOption is returned for an option value outside its documented
	// range, such as an unknown Basis or a response target that is not
	// positive.
	ErrOption = errors.New("invalid option")
	// ErrConfidence is returned for a confidence level outside (0, 1).
	ErrConfidence = errors.New("confidence level must be in (0, 1)")
	// ErrInvalidCounts is returned for a Tally, LeadTally, Rate or
	// FunnelStep whose counts are negative, exceed the count they are part of, or overflow
	// int64 when summed or merged, as a tally decoded from corrupt JSON
	// can have.
	ErrInvalidCounts = errors.New("invalid counts")
)

// Errors for undefined results: a ratio whose denominator is zero. The
// package returns one of these instead of NaN, Inf or 0.
var (
	// ErrNoClosedDeals is returned for a win rate with no won or lost deals.
	ErrNoClosedDeals = errors.New("no closed deals")
	// ErrNoDeals is returned when a ratio over deals has no deals in its
	// denominator: a close rate over an empty cohort, or a funnel step that
	// no deal reached.
	ErrNoDeals = errors.New("no deals")
	// ErrNoWonDeals is returned for an average won amount or a sales cycle
	// with no won (or, for cycles that include them, lost) deals to average.
	ErrNoWonDeals = errors.New("no won deals")
	// ErrZeroAmount is returned for a win rate by value whose deals have a
	// total amount of zero.
	ErrZeroAmount = errors.New("total amount is zero")
	// ErrZeroCycle is returned for a sales velocity whose average sales
	// cycle is zero, which would make the velocity unbounded.
	ErrZeroCycle = errors.New("average sales cycle is zero")
	// ErrNoLeads is returned for a lead rate over a cohort with no leads.
	ErrNoLeads = errors.New("no leads")
	// ErrNoResponses is returned for response-time statistics when no lead
	// of the cohort has a response.
	ErrNoResponses = errors.New("no answered leads")
)

// dealError returns an error that names the deal by its index in the
// caller's slice and its id. An index below 0 (a deal given to an
// accumulator's Add) is left out.
func dealError(i int, d *Deal, sentinel error, format string, args ...any) error {
	if i < 0 {
		return fmt.Errorf("pipeline: deal (id %q): %w: %s", d.ID, sentinel, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("pipeline: deal %d (id %q): %w: %s", i, d.ID, sentinel, fmt.Sprintf(format, args...))
}

// leadError returns an error that names the lead by its index in the
// caller's slice and its id, or by id alone for an index below 0.
func leadError(i int, l *Lead, sentinel error, format string, args ...any) error {
	if i < 0 {
		return fmt.Errorf("pipeline: lead (id %q): %w: %s", l.ID, sentinel, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("pipeline: lead %d (id %q): %w: %s", i, l.ID, sentinel, fmt.Sprintf(format, args...))
}

// undefined returns an error for a ratio whose denominator is empty.
func undefined(sentinel error, format string, args ...any) error {
	return fmt.Errorf("pipeline: %w: %s", sentinel, fmt.Sprintf(format, args...))
}
