package revenue

import (
	"slices"
	"strings"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// Order is one purchase.
type Order struct {
	// ID names the order in errors; it may be empty.
	ID string
	// CustomerID is empty for an order without a known customer: it counts
	// in orders and revenue but in no per-customer result.
	CustomerID string
	// At is when the order was placed. It may be zero when no period is set.
	At time.Time
	// Amount is the order's value, zero or more.
	Amount decimal.Decimal
	// Currency is a currency code such as "EUR". Every order of one tally
	// has the same code, which may be empty for data in a single currency.
	Currency string
}

// CustomerPurchases is one customer's part of a Purchases tally.
type CustomerPurchases struct {
	// Orders counts the customer's orders in the period.
	Orders int64 `json:"orders"`
	// Revenue is the total of those orders.
	Revenue decsum.Sum `json:"revenue"`
	// Earlier reports whether the customer ordered before the period, which
	// makes them an existing customer rather than a new one.
	Earlier bool `json:"earlier"`
}

// Purchases tallies orders for purchase-value figures: orders, revenue,
// customers, repeat customers, and new customers with their revenue. The zero
// value is an empty tally over all time. Set Period before the first Add to
// count only the orders placed in it; earlier orders then tell new customers
// from existing ones. Its fields are exported so that it encodes to
// JSON and back without loss.
type Purchases struct {
	// Period selects the orders counted: those with At in [Start, End). The
	// zero Period counts every order.
	Period Period `json:"period"`
	// Currency is the currency code of the orders seen so far.
	Currency string `json:"currency"`
	// Orders counts the orders in the period.
	Orders int64 `json:"orders"`
	// Revenue is the total of the orders in the period.
	Revenue decsum.Sum `json:"revenue"`
	// Anonymous counts the orders in the period without a customer id.
	Anonymous int64 `json:"anonymous"`
	// Before counts orders placed before the period. They enter no total and
	// mark their customers as existing.
	Before int64 `json:"before"`
	// After counts orders placed at or after the period's end. They enter no
	// result.
	After int64 `json:"after"`
	// Customers holds each identified customer's orders, by customer id.
	Customers map[string]CustomerPurchases `json:"customers"`
}

// Add counts one order. It returns an error, and leaves the tally unchanged,
// for a negative amount (ErrNegativeAmount), a currency other than the
// tally's (ErrMixedCurrency), or, when Period is set, an invalid period or a
// zero At (ErrInvalidPeriod).
func (p *Purchases) Add(o Order) error {
	if err := p.check(o); err != nil {
		return locate(err, "order (id %q)", o.ID)
	}
	p.add(o)
	return nil
}

// check validates o against the tally without changing it.
func (p *Purchases) check(o Order) error {
	if err := checkNonNegative("amount", o.Amount); err != nil {
		return err
	}
	if p.seen() {
		if err := checkCurrency(p.Currency, o.Currency); err != nil {
			return err
		}
	}
	if p.Period.IsZero() {
		return nil
	}
	if err := p.Period.validate(); err != nil {
		return err
	}
	if o.At.IsZero() {
		return errorf(ErrInvalidPeriod, "order date missing, so the order cannot be placed in the period")
	}
	return nil
}

// add counts a checked order.
func (p *Purchases) add(o Order) {
	if !p.seen() {
		p.Currency = o.Currency
	}

	// Orders outside the period only mark earlier customers.
	switch {
	case p.Period.IsZero() || p.Period.Contains(o.At):
	case o.At.Before(p.Period.Start):
		p.Before++
		if o.CustomerID != "" {
			c := p.Customers[o.CustomerID]
			c.Earlier = true
			p.customers()[o.CustomerID] = c
		}
		return
	default:
		p.After++
		return
	}

	p.Orders++
	p.Revenue.Add(o.Amount)
	if o.CustomerID == "" {
		p.Anonymous++
		return
	}
	c := p.Customers[o.CustomerID]
	c.Orders++
	c.Revenue.Add(o.Amount)
	p.customers()[o.CustomerID] = c
}

// seen reports whether the tally has counted any order, and so has a
// currency.
func (p *Purchases) seen() bool {
	return p.Orders > 0 || p.Before > 0 || p.After > 0
}

func (p *Purchases) customers() map[string]CustomerPurchases {
	if p.Customers == nil {
		p.Customers = make(map[string]CustomerPurchases)
	}
	return p.Customers
}

// Merge adds the tally other to p, giving the tally of one pass over both
// sets of orders. It returns an error, and leaves p unchanged, when the two
// periods differ (ErrInvalidPeriod) or the currencies differ
// (ErrMixedCurrency).
func (p *Purchases) Merge(other Purchases) error {
	if !other.seen() {
		return nil
	}
	if !p.Period.Start.Equal(other.Period.Start) || !p.Period.End.Equal(other.Period.End) {
		return errorf(ErrInvalidPeriod, "cannot merge tallies of different periods")
	}
	if p.seen() {
		if err := checkCurrency(p.Currency, other.Currency); err != nil {
			return err
		}
	}

	p.Currency = other.Currency
	p.Orders += other.Orders
	p.Revenue.Merge(other.Revenue)
	p.Anonymous += other.Anonymous
	p.Before += other.Before
	p.After += other.After
	for id, o := range other.Customers {
		c := p.Customers[id]
		c.Orders += o.Orders
		c.Revenue.Merge(o.Revenue)
		c.Earlier = c.Earlier || o.Earlier
		p.customers()[id] = c
	}
	return nil
}

// SummarizeOrders tallies orders over the period p and returns the summary.
// The zero Period counts every order. Orders before p mark their customers
// as existing; orders after it are counted in After and enter no other
// figure. It returns an error naming the order's index and id for the
// errors of Purchases.Add.
func SummarizeOrders(orders []Order, p Period) (PurchaseSummary, error) {
	t := Purchases{Period: p}
	for i, o := range orders {
		if err := t.check(o); err != nil {
			return PurchaseSummary{}, locate(err, "order %d (id %q)", i, o.ID)
		}
		t.add(o)
	}
	return t.Summary(), nil
}

// PurchaseSummary holds the totals of a Purchases tally, from which the
// purchase-value figures derive.
type PurchaseSummary struct {
	Currency string `json:"currency"`
	// Orders counts the orders in the period and Revenue is their total.
	Orders  int64           `json:"orders"`
	Revenue decimal.Decimal `json:"revenue"`
	// CustomerRevenue is the part of Revenue from identified customers.
	CustomerRevenue decimal.Decimal `json:"customer_revenue"`
	// Customers counts the identified customers with an order in the period.
	Customers int64 `json:"customers"`
	// PayingCustomers counts those whose orders total more than zero.
	PayingCustomers int64 `json:"paying_customers"`
	// RepeatCustomers counts those with two or more orders in the period.
	RepeatCustomers int64 `json:"repeat_customers"`
	// NewCustomers counts those without an order before the period, and
	// NewBusinessRevenue is their revenue in the period. Over all time (the
	// zero Period) every customer is new.
	NewCustomers       int64           `json:"new_customers"`
	NewBusinessRevenue decimal.Decimal `json:"new_business_revenue"`
	// Anonymous, Before and After are the tally's counts of orders without
	// a customer, before the period and after it.
	Anonymous int64 `json:"anonymous"`
	Before    int64 `json:"before"`
	After     int64 `json:"after"`
}

// Summary returns the tally's totals.
func (p *Purchases) Summary() PurchaseSummary {
	var customerRevenue, newRevenue decsum.Sum
	s := PurchaseSummary{
		Currency: p.Currency, Orders: p.Orders, Revenue: p.Revenue.Value(),
		Anonymous: p.Anonymous, Before: p.Before, After: p.After,
	}
	for _, c := range p.Customers {
		if c.Orders == 0 {
			continue
		}
		s.Customers++
		customerRevenue.Merge(c.Revenue)
		if c.Revenue.Sign() > 0 {
			s.PayingCustomers++
		}
		if c.Orders >= 2 {
			s.RepeatCustomers++
		}
		if !c.Earlier {
			s.NewCustomers++
			newRevenue.Merge(c.Revenue)
		}
	}
	s.CustomerRevenue = customerRevenue.Value()
	s.NewBusinessRevenue = newRevenue.Value()
	return s
}

// AveragePurchaseValue returns Revenue / Orders rounded half away from zero
// to places decimal places. A summary without orders returns an error
// wrapping ErrNoOrders.
func (s PurchaseSummary) AveragePurchaseValue(places int32) (decimal.Decimal, error) {
	if s.Orders == 0 {
		return decimal.Decimal{}, errorf(ErrNoOrders, "no orders, so no average purchase value")
	}
	return s.Revenue.DivRound(decimal.NewFromInt(s.Orders), places), nil
}

// ARPU returns the average revenue per paying customer, CustomerRevenue /
// PayingCustomers, rounded half away from zero to places decimal places.
// Customers whose orders total zero, such as those on a free plan, are not
// paying and stay out of the denominator. Without paying customers it
// returns an error wrapping ErrNoPayingCustomers.
func (s PurchaseSummary) ARPU(places int32) (decimal.Decimal, error) {
	if s.PayingCustomers == 0 {
		return decimal.Decimal{}, errorf(ErrNoPayingCustomers, "no paying customers among %d customers, so no ARPU", s.Customers)
	}
	return s.CustomerRevenue.DivRound(decimal.NewFromInt(s.PayingCustomers), places), nil
}

// RepeatCustomerShare returns the share of customers with two or more orders
// in the period among the customers with any: RepeatCustomers of Customers.
func (s PurchaseSummary) RepeatCustomerShare() Rate {
	return Rate{Count: s.RepeatCustomers, Total: s.Customers}
}

// CustomerValue is one customer's realised revenue.
type CustomerValue struct {
	CustomerID string          `json:"customer_id"`
	Orders     int64           `json:"orders"`
	Revenue    decimal.Decimal `json:"revenue"`
}

// CustomerValues returns each customer's orders and revenue in the period,
// sorted by customer id: the historical lifetime value when the tally covers
// all time.
func (p *Purchases) CustomerValues() []CustomerValue {
	values := make([]CustomerValue, 0, len(p.Customers))
	for id, c := range p.Customers {
		if c.Orders > 0 {
			values = append(values, CustomerValue{CustomerID: id, Orders: c.Orders, Revenue: c.Revenue.Value()})
		}
	}
	slices.SortFunc(values, func(a, b CustomerValue) int {
		return strings.Compare(a.CustomerID, b.CustomerID)
	})
	return values
}
