package pipeline

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Outcome is the state of a deal: still open, closed won or closed lost.
// The zero value is Open.
type Outcome uint8

// The outcomes of a deal.
const (
	Open Outcome = iota
	Won
	Lost
)

// String returns "open", "won" or "lost", the spelling of the outcome column
// in CRM exports, or "Outcome(n)" for an invalid value.
func (o Outcome) String() string {
	switch o {
	case Open:
		return "open"
	case Won:
		return "won"
	case Lost:
		return "lost"
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// valid reports whether o is one of the three outcomes.
func (o Outcome) valid() bool {
	return o <= Lost
}

// Deal is one sales opportunity.
//
// Stage, Outcome and ClosedAt describe the deal as it is now, and every
// function except DealAt, TimeInStage, StageTimes and Funnel reads them.
// DealAt derives them from History as of a given time.
type Deal struct {
	// ID identifies the deal in error messages; it may be empty.
	ID string
	// Stage is the deal's current stage name, as the CRM spells it.
	Stage string
	// Outcome is Open, Won or Lost.
	Outcome Outcome
	// Amount is the deal's value in the caller's currency. It must not be
	// negative.
	Amount decimal.Decimal
	// AmountUnknown marks a deal without an amount; Amount is then ignored.
	// The zero value false means Amount is known, 0 included.
	AmountUnknown bool
	// Probability is the deal's own win probability as a fraction in
	// [0, 1]. It is used only when HasProbability is true, and then
	// replaces the probability of the deal's stage in WeightedPipeline.
	Probability float64
	// HasProbability marks Probability as set for this deal. A set
	// probability of 0 is a real 0, not a missing value.
	HasProbability bool
	// CreatedAt is when the deal was created. The zero time means unknown.
	// The sales cycle leaves such a deal out and counts it, and a close
	// rate over a bounded period rejects it.
	CreatedAt time.Time
	// ClosedAt is when a won or lost deal was closed. It is required for
	// won and lost deals and ignored for open deals, because CRMs keep an
	// expected close date there and a reopened deal may keep a stale one.
	ClosedAt time.Time
	// History lists the stages the deal entered, oldest first. It is
	// optional; DealAt, TimeInStage, StageTimes and Funnel read it.
	History []StageEntry
}

// StageEntry records that a deal entered a stage at a time.
type StageEntry struct {
	Stage     string
	EnteredAt time.Time
}

// Stage is one stage of a sales pipeline as the CRM configures it: its name
// and the outcome a deal in it has. Working stages are Open; closing stages
// are Won or Lost (Salesforce's IsClosed and IsWon flags).
type Stage struct {
	Name    string
	Outcome Outcome
}

// Period is the half-open time interval [Start, End). A zero Start or End
// leaves that side unbounded, so the zero Period covers all time.
type Period struct {
	Start time.Time
	End   time.Time
}

// Contains reports whether t lies in [Start, End).
func (p Period) Contains(t time.Time) bool {
	if !p.Start.IsZero() && t.Before(p.Start) {
		return false
	}
	return p.End.IsZero() || t.Before(p.End)
}

// bounded reports whether either side of p is set.
func (p Period) bounded() bool {
	return !p.Start.IsZero() || !p.End.IsZero()
}

// validate returns an error wrapping ErrPeriod if End is before Start.
func (p Period) validate() error {
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start) {
		return fmt.Errorf("pipeline: %w: end %s before start %s",
			ErrPeriod, formatTime(p.End), formatTime(p.Start))
	}
	return nil
}

// validateDeal checks the fields every deal function relies on: a known
// outcome, a non-negative amount, a probability in [0, 1] when set, and for
// closed deals a close time not before the creation time.
func validateDeal(i int, d *Deal) error {
	if !d.Outcome.valid() {
		return dealError(i, d, ErrOutcome, "outcome %d is not Open, Won or Lost", uint8(d.Outcome))
	}
	if !d.AmountUnknown && d.Amount.Sign() < 0 {
		return dealError(i, d, ErrAmount, "amount %s is negative", d.Amount)
	}
	if d.HasProbability && !validProbability(d.Probability) {
		return dealError(i, d, ErrProbability, "probability %v is outside [0, 1]", d.Probability)
	}
	if d.Outcome == Open {
		return nil
	}

	if d.ClosedAt.IsZero() {
		return dealError(i, d, ErrDate, "%s deal has no close time", d.Outcome)
	}
	if !d.CreatedAt.IsZero() && d.ClosedAt.Before(d.CreatedAt) {
		return dealError(i, d, ErrDate, "closed %s before created %s",
			formatTime(d.ClosedAt), formatTime(d.CreatedAt))
	}
	return nil
}

// validProbability reports whether p is a fraction in [0, 1]. NaN fails
// both comparisons and so is not valid.
func validProbability(p float64) bool {
	return p >= 0 && p <= 1
}

// formatTime formats t for error messages, to the nanosecond when needed.
func formatTime(t time.Time) string {
	return t.Format(time.RFC3339Nano)
}
