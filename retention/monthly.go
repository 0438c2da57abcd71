package retention

import (
	"cmp"
	"errors"
	"slices"
	"time"
)

// PricedSubscription is a subscription with its recurring price. A change
// of price is a new subscription that starts when the old one ends.
type PricedSubscription struct {
	Subscription
	Price Price `json:"price"`
}

// monthEntry records that subscription sub is active at the end of month.
type monthEntry struct {
	sub   int
	month Month
}

// MonthlyMRR returns each customer's MRR at the end of every month from
// first to last in loc, the input of BuildBridge. A subscription counts in
// a month when it is active just before the month ends (start < end of
// month ≤ end), so a cancellation takes effect at once and a subscription
// that starts and ends inside one month counts in none. A customer's
// monthly amounts in one month are summed exactly and rounded once, half
// away from zero, to places decimals when their decimal expansion is
// longer (see Price.Monthly). Customers with no active subscription at a
// month end get no row for that month.
//
// It returns an error naming the index for a subscription that ends before
// it starts (ErrEndBeforeStart), an invalid price (ErrInvalidPrice,
// ErrNegativeAmount) or a currency that differs from the first
// subscription's (ErrCurrencyMismatch); ErrInvalidMonth for an invalid
// range, ErrNoLocation for a nil loc and ErrInvalidOptions for places
// outside 0..MaxPlaces.
func MonthlyMRR(subs []PricedSubscription, first, last Month, loc *time.Location, places int32) ([]CustomerMonth, error) {
	if err := errors.Join(validatePriced(subs, first, last, loc), checkPlaces("monthly MRR", places)); err != nil {
		return nil, err
	}

	var entries []monthEntry
	for i, s := range subs {
		entries = appendActiveMonths(entries, i, s.Subscription, first, last, loc)
	}
	slices.SortFunc(entries, func(a, b monthEntry) int {
		if c := cmp.Compare(subs[a.sub].Customer, subs[b.sub].Customer); c != 0 {
			return c
		}
		return a.month.Compare(b.month)
	})

	var rows []CustomerMonth
	for len(entries) > 0 {
		n := 1
		for n < len(entries) && entries[n].month == entries[0].month &&
			subs[entries[n].sub].Customer == subs[entries[0].sub].Customer {
			n++
		}
		var sum monthlySum
		for _, e := range entries[:n] {
			sum.add(&subs[e.sub].Price)
		}
		mrr, _ := sum.value(1, places)
		first := subs[entries[0].sub]
		rows = append(rows, CustomerMonth{Customer: first.Customer, Month: entries[0].month,
			MRR: mrr, Currency: first.Price.Currency})
		entries = entries[n:]
	}
	return rows, nil
}

func validatePriced(subs []PricedSubscription, first, last Month, loc *time.Location) error {
	if loc == nil {
		return errorf(ErrNoLocation, "monthly MRR: nil location")
	}
	if !first.valid() || !last.valid() || last.Compare(first) < 0 {
		return errorf(ErrInvalidMonth, "monthly MRR: invalid month range %s..%s", first, last)
	}
	for i, s := range subs {
		if err := s.Subscription.validate(i); err != nil {
			return err
		}
		if problem, kind := s.Price.problem(); kind != nil {
			return errorf(kind, "subscription %d (id %q): %s", i, s.ID, problem)
		}
		if s.Price.Currency != subs[0].Price.Currency {
			return errorf(ErrCurrencyMismatch, "subscription %d (id %q): currency %q differs from %q of subscription 0",
				i, s.ID, s.Price.Currency, subs[0].Price.Currency)
		}
	}
	return nil
}

// appendActiveMonths appends an entry for every month of first..last at
// whose end s is active.
func appendActiveMonths(entries []monthEntry, i int, s Subscription, first, last Month, loc *time.Location) []monthEntry {
	m, _ := MonthOf(s.Start, loc)
	if m.Compare(first) < 0 {
		m = first
	}
	// From the month of Start on, start < end of month always holds, so
	// the subscription counts until the first month end after its End.
	for ; m.Compare(last) <= 0; m = m.AddMonths(1) {
		if !s.End.IsZero() && s.End.Before(m.AddMonths(1).Start(loc)) {
			break
		}
		entries = append(entries, monthEntry{sub: i, month: m})
	}
	return entries
}
