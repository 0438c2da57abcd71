package engagement

import "fmt"

// EngagementRate returns the share of customers that are engaged: those
// with at least minEvents events, where events of one customer that share
// a non-empty ID count once. customers is the denominator, for example the customers
// active at the end of the period, and events are that period's events.
// The threshold has no vendor standard, so the caller states it.
//
// It returns an error wrapping ErrInvalidThreshold for minEvents < 1,
// ErrNoActiveUsers for no customers, an *InputError for an empty or
// repeated customer (ErrMissingUser, ErrDuplicate), and an *InputError
// naming the event for an event without a user or whose customer is not
// listed (ErrNotActive).
func EngagementRate(customers []string, events []Event, minEvents int) (Proportion, error) {
	// Validate.
	if minEvents < 1 {
		return Proportion{}, fmt.Errorf("%w: minimum events %d, want at least 1", ErrInvalidThreshold, minEvents)
	}
	if len(customers) == 0 {
		return Proportion{}, fmt.Errorf("%w: no customers", ErrNoActiveUsers)
	}
	counts := make(map[string]int, len(customers))
	for i, c := range customers {
		if c == "" {
			return Proportion{}, &InputError{Kind: "customer", Index: i, Name: `""`, Reason: "empty customer ID", Err: ErrMissingUser}
		}
		if _, dup := counts[c]; dup {
			return Proportion{}, &InputError{Kind: "customer", Index: i, Name: c, Reason: "listed twice", Err: ErrDuplicate}
		}
		counts[c] = 0
	}

	// Accumulate events per customer, each ID of a customer once.
	type eventKey struct{ customer, id string }
	seen := make(map[eventKey]struct{})
	for i, e := range events {
		if e.User.ID == "" {
			return Proportion{}, eventError(i, e, ErrMissingUser, "no user ID")
		}
		if _, ok := counts[e.User.Customer]; !ok {
			return Proportion{}, eventError(i, e, ErrNotActive, "customer not in the active set")
		}
		if e.ID != "" {
			key := eventKey{e.User.Customer, e.ID}
			if _, dup := seen[key]; dup {
				continue
			}
			seen[key] = struct{}{}
		}
		counts[e.User.Customer]++
	}

	// Derive.
	p := Proportion{Trials: int64(len(counts))}
	for _, n := range counts {
		if n >= minEvents {
			p.Successes++
		}
	}
	return p, nil
}
