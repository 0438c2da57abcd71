package retention

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// CustomerCounts holds the customer counts of one period [Start, End) from
// which logo churn and retention rates are derived. A customer is active at
// an instant when one of their subscriptions covers it, and churns only when
// the last of their overlapping or back-to-back subscriptions ends.
//
// The zero value is an empty count. Counts of disjoint sets of customers
// over the same period combine with Merge to exactly the counts of one pass
// over all of them.
type CustomerCounts struct {
	// AtStart counts customers active just before the period starts
	// (a subscription with start < Start ≤ end).
	AtStart int64 `json:"at_start"`
	// AtEnd counts customers active just before the period ends
	// (start < End ≤ end).
	AtEnd int64 `json:"at_end"`
	// New counts customers whose first subscription starts in the period.
	New int64 `json:"new"`
	// Churned counts customers of AtStart whose activity ends in the period.
	Churned int64 `json:"churned"`
	// NewChurned counts customers of New not active just before the
	// period ends: they joined and left inside it. A new customer who
	// leaves and returns within the period and is active at the end is
	// not in it.
	NewChurned int64 `json:"new_churned"`
	// Reactivated counts customers who start a subscription in the period
	// after a gap in their activity, whether the earlier activity ended
	// before the period or inside it. A new customer who leaves and
	// returns within the period counts in New and in Reactivated. A
	// customer of AtStart who leaves and returns counts in Churned,
	// Retained and Reactivated.
	Reactivated int64 `json:"reactivated"`
	// Retained counts customers of AtStart still active just before the
	// period ends, including any who left and came back within it.
	Retained int64 `json:"retained"`
}

// Merge adds the counts of other, which must cover other customers over the
// same period. A count that is negative or whose sum overflows int64
// becomes math.MinInt64, which LogoChurn and RetentionRate reject.
func (c *CustomerCounts) Merge(other CustomerCounts) {
	c.AtStart = mergeCount(c.AtStart, other.AtStart)
	c.AtEnd = mergeCount(c.AtEnd, other.AtEnd)
	c.New = mergeCount(c.New, other.New)
	c.Churned = mergeCount(c.Churned, other.Churned)
	c.NewChurned = mergeCount(c.NewChurned, other.NewChurned)
	c.Reactivated = mergeCount(c.Reactivated, other.Reactivated)
	c.Retained = mergeCount(c.Retained, other.Retained)
}

// validate returns an error wrapping ErrInvalidCounts for counts that one
// pass cannot give, such as counts decoded from JSON. It rejects negative
// counts, a part above its whole (Churned or Retained above AtStart,
// Retained above AtEnd, NewChurned above New), and AtStart + New or
// AtStart + AtEnd past int64.
func (c CustomerCounts) validate() error {
	switch {
	case min(c.AtStart, c.AtEnd, c.New, c.Churned, c.NewChurned, c.Reactivated, c.Retained) < 0:
		return errorf(ErrInvalidCounts, "customer counts %+v: negative count", c)
	case c.Churned > c.AtStart || c.Retained > c.AtStart || c.Retained > c.AtEnd || c.NewChurned > c.New:
		return errorf(ErrInvalidCounts, "customer counts %+v: a part exceeds its whole", c)
	case c.New > math.MaxInt64-c.AtStart || c.AtEnd > math.MaxInt64-c.AtStart:
		return errorf(ErrInvalidCounts, "customer counts %+v: sums overflow int64", c)
	}
	return nil
}

// AddCustomer adds one customer, given by all of their subscriptions, to
// the counts of period p. The Customer field of subs is not read. It
// returns an error wrapping ErrEndBeforeStart for an invalid period or a
// subscription that ends before it starts, and then leaves c unchanged.
func (c *CustomerCounts) AddCustomer(subs []Subscription, p Period) error {
	if err := validateSubscriptions(subs, p); err != nil {
		return err
	}
	order := make([]int, len(subs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return subs[a].Start.Compare(subs[b].Start) })
	c.add(classify(subs, order, p))
	return nil
}

// CountCustomers counts the customers of subs over period p, grouping
// subscriptions by their Customer field. A subscription whose End equals its
// Start covers no instant and so never makes its customer active. It
// returns an error wrapping ErrEndBeforeStart for an invalid period or a
// subscription that ends before it starts, naming the index and id.
//
// It sorts an index of subs once, O(n log n), and allocates only that index.
func CountCustomers(subs []Subscription, p Period) (CustomerCounts, error) {
	if err := validateSubscriptions(subs, p); err != nil {
		return CustomerCounts{}, err
	}
	order := make([]int, len(subs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(subs[a].Customer, subs[b].Customer); c != 0 {
			return c
		}
		return subs[a].Start.Compare(subs[b].Start)
	})

	var counts CustomerCounts
	for len(order) > 0 {
		n := 1
		for n < len(order) && subs[order[n]].Customer == subs[order[0]].Customer {
			n++
		}
		counts.add(classify(subs, order[:n], p))
		order = order[n:]
	}
	return counts, nil
}

func validateSubscriptions(subs []Subscription, p Period) error {
	if err := p.validate(); err != nil {
		return err
	}
	for i, s := range subs {
		if err := s.validate(i); err != nil {
			return err
		}
	}
	return nil
}

// customerClass is what one customer contributes to CustomerCounts.
type customerClass struct {
	atStart, atEnd, isNew, churned, newChurned, reactivated bool
}

func (c *CustomerCounts) add(k customerClass) {
	c.AtStart += b2i(k.atStart)
	c.AtEnd += b2i(k.atEnd)
	c.New += b2i(k.isNew)
	c.Churned += b2i(k.churned)
	// A new customer who left and came back is active at the end: they
	// count in the StartPlusNew denominator, not as having left.
	c.NewChurned += b2i(k.newChurned && !k.atEnd)
	c.Reactivated += b2i(k.reactivated)
	c.Retained += b2i(k.atStart && k.atEnd)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// classify merges one customer's subscriptions, given in order of start,
// into spans of continuous activity and classifies the customer for p.
func classify(subs []Subscription, order []int, p Period) customerClass {
	var k customerClass
	spans := 0
	var start, end time.Time
	for _, i := range order {
		s := subs[i]
		if s.Start.Equal(s.End) {
			continue
		}
		if spans > 0 && !end.IsZero() && s.Start.After(end) {
			k.observe(start, end, spans, p)
			spans++
			start, end = s.Start, s.End
			continue
		}
		if spans == 0 {
			spans, start, end = 1, s.Start, s.End
			continue
		}
		if s.End.IsZero() || (!end.IsZero() && s.End.After(end)) {
			end = s.End
		}
	}
	if spans > 0 {
		k.observe(start, end, spans, p)
	}
	return k
}

// observe classifies the span [start, end) of continuous activity, the
// ordinal-th (from 1) of its customer.
func (k *customerClass) observe(start, end time.Time, ordinal int, p Period) {
	endsInPeriod := !end.IsZero() && p.within(end)
	if ordinal == 1 && p.within(start) {
		k.isNew = true
	}
	if k.isNew && endsInPeriod {
		k.newChurned = true
	}
	if ordinal > 1 && p.within(start) {
		k.reactivated = true
	}
	if activeBefore(start, end, p.Start) {
		k.atStart = true
		k.churned = endsInPeriod
	}
	if activeBefore(start, end, p.End) {
		k.atEnd = true
	}
}
