package retention

import "time"

// Subscription is one subscription of a customer, active over the half-open
// interval [Start, End): End is the first instant it is no longer active. A
// zero End means it is still active. A customer with no subscription data
// can be passed as one Subscription spanning their whole relationship.
type Subscription struct {
	// ID names the subscription in error messages; it may be empty.
	ID string `json:"id"`
	// Customer identifies the customer; a customer's subscriptions share it.
	Customer string `json:"customer"`
	// Start is the first instant the subscription is active.
	Start time.Time `json:"start"`
	// End is the first instant it is no longer active; zero while active.
	End time.Time `json:"end"`
}

// Period is the half-open interval [Start, End).
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

func (p Period) validate() error {
	if !p.End.After(p.Start) {
		return errorf(ErrEndBeforeStart, "period end %s not after start %s",
			formatTime(p.End), formatTime(p.Start))
	}
	return nil
}

func (s Subscription) validate(i int) error {
	if !s.End.IsZero() && s.End.Before(s.Start) {
		return errorf(ErrEndBeforeStart, "subscription %d (id %q): end %s before start %s",
			i, s.ID, formatTime(s.End), formatTime(s.Start))
	}
	return nil
}

// activeBefore reports whether [start, end) covers the instants just before
// t, that is start < t ≤ end, with a zero end meaning open-ended.
func activeBefore(start, end, t time.Time) bool {
	return start.Before(t) && (end.IsZero() || !end.Before(t))
}

// within reports whether t lies in the period [p.Start, p.End).
func (p Period) within(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.End)
}
