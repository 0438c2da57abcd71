package segment

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// Order is one purchase, the input of Summarise.
type Order[K cmp.Ordered] struct {
	// Customer identifies the buyer.
	Customer K
	// Time is when the order was placed; it must be before the analysis
	// time.
	Time time.Time
	// Amount is the order's value, ≥ 0, in one currency for all orders.
	// Zero-value orders count as purchases.
	Amount decimal.Decimal
}

// FrequencyBasis says what RFM frequency counts.
type FrequencyBasis int

const (
	// FrequencyOrders counts orders: two orders on one day count twice.
	// This is the default, the number of transactions of the segmentation
	// literature and of the R package rfm.
	FrequencyOrders FrequencyBasis = iota
	// FrequencyDays counts distinct purchase days in the location passed
	// to Summarise, merging orders of the same day.
	FrequencyDays
)

// RFMOptions are the settings of Summarise. The zero value counts orders.
type RFMOptions struct {
	// Frequency says what frequency counts; the zero value is
	// FrequencyOrders.
	Frequency FrequencyBasis
}

// RFM is one customer's raw recency, frequency and monetary values.
type RFM[K cmp.Ordered] struct {
	// Customer identifies the customer.
	Customer K `json:"customer"`
	// RecencyDays is the number of calendar days from the day of the last
	// order to the day of the analysis time, ≥ 0: 0 for an order earlier
	// on the same day.
	RecencyDays int `json:"recency_days"`
	// Frequency is the number of orders or of purchase days, ≥ 1.
	Frequency int `json:"frequency"`
	// Monetary is the exact total spend, ≥ 0. Replace it with the mean
	// spend or a margin before Score if that is the value to rank by.
	Monetary decimal.Decimal `json:"monetary"`
}

// Summarise returns the recency, frequency and monetary values of every
// customer with orders, in ascending customer order. at is the analysis
// time: every order must be strictly before it, and recency counts
// calendar days in loc from the last order's date to at's date. This is
// the segmentation RFM, not the one of BG/NBD models (where frequency
// excludes the first purchase and recency runs from the first to the last
// purchase); do not mix the two.
//
// It returns an error wrapping ErrNoRecords for no orders,
// ErrInvalidOptions for a nil loc or an unknown frequency basis, and
// ErrInvalidValue for an order at or after at or with a negative amount,
// naming the order's index and customer. Monetary sums are exact decimal
// sums that allocate only past 18 significant digits. With FrequencyDays
// it sorts one slice of n (customer, day) pairs.
func Summarise[K cmp.Ordered](orders []Order[K], at time.Time, loc *time.Location, opts RFMOptions) ([]RFM[K], error) {
	// Validate the settings.
	if loc == nil {
		return nil, fmt.Errorf("segment: nil location for calendar days: %w", ErrInvalidOptions)
	}
	if opts.Frequency != FrequencyOrders && opts.Frequency != FrequencyDays {
		return nil, fmt.Errorf("segment: frequency basis %d is unknown: %w", opts.Frequency, ErrInvalidOptions)
	}
	if len(orders) == 0 {
		return nil, fmt.Errorf("segment: no orders: %w", ErrNoRecords)
	}

	// Accumulate per customer.
	atDay := civilDay(at, loc)
	ix := newIndex[K](0)
	var customers []customerTotals
	for i, o := range orders {
		if err := checkOrder(i, o, at); err != nil {
			return nil, err
		}
		g, added := ix.lookup(o.Customer)
		if added {
			customers = append(customers, customerTotals{lastDay: minDay})
		}
		c := &customers[g]
		c.lastDay = max(c.lastDay, civilDay(o.Time, loc))
		c.orders++
		c.spend.Add(o.Amount)
	}
	if opts.Frequency == FrequencyDays {
		countDays(orders, ix, customers, loc)
	}

	// Derive the values in customer order.
	out := make([]RFM[K], len(customers))
	for rank, g := range ix.sorted() {
		c := customers[g]
		out[rank] = RFM[K]{Customer: ix.keys[g], RecencyDays: atDay - c.lastDay, Frequency: c.orders, Monetary: c.spend.Value()}
		if opts.Frequency == FrequencyDays {
			out[rank].Frequency = c.days
		}
	}
	return out, nil
}

// minDay is below any civil day number of a time.Time.
const minDay = -1 << 62

type customerTotals struct {
	lastDay int
	orders  int
	days    int
	spend   decsum.Sum
}

func checkOrder[K cmp.Ordered](i int, o Order[K], at time.Time) error {
	if isNaN(o.Customer) {
		return fmt.Errorf("segment: order %d: customer is NaN: %w", i, ErrInvalidValue)
	}
	if !o.Time.Before(at) {
		return fmt.Errorf("segment: order %d (customer %v): time %s not before the analysis time %s: %w",
			i, o.Customer, o.Time.Format(time.RFC3339), at.Format(time.RFC3339), ErrInvalidValue)
	}
	if o.Amount.IsNegative() {
		return fmt.Errorf("segment: order %d (customer %v): negative amount %s: %w", i, o.Customer, o.Amount, ErrInvalidValue)
	}
	return nil
}

// countDays sets each customer's number of distinct purchase days.
func countDays[K cmp.Ordered](orders []Order[K], ix *index[K], customers []customerTotals, loc *time.Location) {
	type customerDay struct{ customer, day int }
	pairs := make([]customerDay, len(orders))
	for i, o := range orders {
		g, _ := ix.lookup(o.Customer)
		pairs[i] = customerDay{g, civilDay(o.Time, loc)}
	}
	slices.SortFunc(pairs, func(a, b customerDay) int {
		return cmp.Or(cmp.Compare(a.customer, b.customer), cmp.Compare(a.day, b.day))
	})
	for i, p := range pairs {
		if i == 0 || p != pairs[i-1] {
			customers[p.customer].days++
		}
	}
}

// civilDay returns the number of days from 1970-01-01 to t's date in loc.
func civilDay(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
