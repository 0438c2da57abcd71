package revenue

import (
	"math"
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
	Revenue Sum `json:"revenue"`
	// Earlier reports whether the customer ordered before the period, which
	// makes them an existing customer rather than a new one.
	Earlier bool `json:"earlier"`
}

// Purchases tallies orders for purchase-value figures: orders, revenue,
// customers, repeat customers, and new customers with their revenue. The zero
// value is an empty tally over all time. Set Period before the first Add to
// count only the orders placed in it; earlier orders then tell new customers
// from existing ones. Its fields are exported so that it encodes to
// JSON and back without loss. A Purchases tally is not safe for concurrent
// use: give each goroutine its own and combine them with Merge.
type Purchases struct {
	// Period selects the orders counted: those with At in [Start, End). The
	// zero Period counts every order, and a zero Start or End leaves that
	// side unbounded.
	Period Period `json:"period"`
	// Currency is the currency code of the orders seen so far.
	Currency string `json:"currency"`
	// Orders counts the orders in the period.
	Orders int64 `json:"orders"`
	// Revenue is the total of the orders in the period.
	Revenue Sum `json:"revenue"`
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

// Add counts one order. On error it leaves the tally unchanged. The errors
// are ErrInvalidPeriod for an invalid Period or, when Period is set, a zero
// At; ErrNegativeAmount for a negative amount; ErrMixedCurrency for a
// currency other than the tally's; and ErrInvalidCount for a count of the
// tally that is negative or already math.MaxInt64.
func (p *Purchases) Add(o Order) error {
	if err := p.Period.validate(); err != nil {
		return err
	}
	if err := p.check(o); err != nil {
		return locate(err, "order (id %q)", o.ID)
	}
	if err := p.checkRoom(o); err != nil {
		return locate(err, "order (id %q)", o.ID)
	}
	p.add(o)
	return nil
}

// checkRoom returns an error wrapping ErrInvalidCount unless every count
// that adding o increments is non-negative and below math.MaxInt64. It
// reads only those counts and allocates only on error, so Add stays O(1)
// however many customers the tally holds.
func (p *Purchases) checkRoom(o Order) error {
	full := func(n int64) bool { return n < 0 || n == math.MaxInt64 }
	switch {
	case full(p.Orders), full(p.Anonymous), full(p.Before), full(p.After):
		return errorf(ErrInvalidCount, "Purchases counts orders %d, anonymous %d, before %d and after %d, so it cannot count another order",
			p.Orders, p.Anonymous, p.Before, p.After)
	case o.CustomerID != "" && full(p.Customers[o.CustomerID].Orders):
		return errorf(ErrInvalidCount, "Purchases.Customers[%q].Orders is %d, so it cannot count another order",
			o.CustomerID, p.Customers[o.CustomerID].Orders)
	}
	return nil
}

// check validates o against the tally, whose Period the caller has
// validated, without changing it.
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
	case p.Period.before(o.At):
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
// sets of orders. On error it leaves p unchanged. The errors are
// ErrInvalidPeriod when the two periods differ, ErrMixedCurrency when the
// currencies differ, and the errors of Summary when other is invalid. It
// returns ErrInvalidCount when p has a negative count that other's counts
// could hide, or when a merged count would pass math.MaxInt64. Merge reads
// only those customers of p that other holds, so an invalid p that it
// accepts stays invalid, and Summary reports it.
func (p *Purchases) Merge(other Purchases) error {
	if _, err := other.Summary(); err != nil {
		return locate(err, "merged tally")
	}
	if err := p.checkTouched(&other); err != nil {
		return err
	}
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
	if err := p.checkMergedCounts(&other); err != nil {
		return err
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

// checkTouched returns the error of an invalid p that a Merge of other
// could hide. That is a negative count of p itself, or of a customer of p
// that other also holds, because other's counts could bring it back to
// zero or more. The other invariants of Summary are sums, so a Merge keeps
// a violation of them, and Summary still reports it. checkTouched costs
// O(1) plus O(other's customers), not O(p's customers).
func (p *Purchases) checkTouched(other *Purchases) error {
	if err := p.checkCounts(); err != nil {
		return err
	}
	var bad customerError
	for id := range other.Customers {
		if c, ok := p.Customers[id]; ok {
			if err := checkCustomer(id, c); err != nil {
				bad.keep(id, err)
			}
		}
	}
	return bad.err
}

// checkMergedCounts returns an error wrapping ErrInvalidCount when a count
// of p plus the same count of other, both valid tallies, would pass
// math.MaxInt64. A customer's orders are part of Orders, so checking
// Orders covers them.
func (p *Purchases) checkMergedCounts(other *Purchases) error {
	counts := [...]struct {
		name        string
		mine, yours int64
	}{
		{"Purchases.Orders", p.Orders, other.Orders},
		{"Purchases.Before", p.Before, other.Before},
		{"Purchases.After", p.After, other.After},
	}
	for _, c := range counts {
		if c.mine > math.MaxInt64-c.yours {
			return errorf(ErrInvalidCount, "%s %d plus %d overflows int64", c.name, c.mine, c.yours)
		}
	}
	return nil
}

// SummarizeOrders tallies orders over the period p and returns the summary.
// The zero Period counts every order, and a zero Start or End leaves that
// side of p unbounded. Orders before p mark their customers as existing;
// orders after it are counted in After and enter no other figure. It
// returns an error wrapping ErrInvalidPeriod for a p whose End is not
// after its Start, and an error naming the order's index and id for the
// other errors of Purchases.Add.
func SummarizeOrders(orders []Order, p Period) (PurchaseSummary, error) {
	if err := p.validate(); err != nil {
		return PurchaseSummary{}, err
	}
	t := Purchases{Period: p}
	for i, o := range orders {
		if err := t.check(o); err != nil {
			return PurchaseSummary{}, locate(err, "order %d (id %q)", i, o.ID)
		}
		t.add(o)
	}
	return t.Summary()
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

// Summary returns the tally's totals. It returns an error for a tally that
// no sequence of Add and Merge can give, such as one decoded from corrupt
// JSON: a negative count or revenue (ErrInvalidCount, ErrNegativeAmount),
// Anonymous above Orders, Orders other than Anonymous plus the customers'
// orders, a customer with revenue but no orders, or customers' revenue
// above Revenue (ErrInvalidCount), or an empty customer id
// (ErrMissingCustomer). The error names the field and, for a customer, the
// smallest such id.
func (p *Purchases) Summary() (PurchaseSummary, error) {
	if err := p.checkCounts(); err != nil {
		return PurchaseSummary{}, err
	}
	s := PurchaseSummary{
		Currency: p.Currency, Orders: p.Orders, Revenue: p.Revenue.Value(),
		Anonymous: p.Anonymous, Before: p.Before, After: p.After,
	}

	// Accumulate the customers, checking each.
	var customerRevenue, newRevenue decsum.Sum
	var customerOrders int64
	var bad customerError
	overflow := false
	for id, c := range p.Customers {
		if err := checkCustomer(id, c); err != nil {
			bad.keep(id, err)
			continue
		}
		overflow = overflow || c.Orders > math.MaxInt64-customerOrders
		customerOrders += c.Orders
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
	if bad.err != nil {
		return PurchaseSummary{}, bad.err
	}
	if overflow {
		return PurchaseSummary{}, errorf(ErrInvalidCount, "the orders of Purchases.Customers sum past int64")
	}
	s.CustomerRevenue = customerRevenue.Value()
	s.NewBusinessRevenue = newRevenue.Value()

	// Check the totals against the customers.
	if customerOrders != p.Orders-p.Anonymous {
		return PurchaseSummary{}, errorf(ErrInvalidCount, "Purchases.Orders %d is not Anonymous %d plus the customers' %d orders",
			p.Orders, p.Anonymous, customerOrders)
	}
	if s.CustomerRevenue.GreaterThan(s.Revenue) || (p.Anonymous == 0 && !s.CustomerRevenue.Equal(s.Revenue)) {
		return PurchaseSummary{}, errorf(ErrInvalidCount, "Purchases.Revenue %s does not cover the customers' revenue %s and %d anonymous orders",
			s.Revenue, s.CustomerRevenue, p.Anonymous)
	}
	return s, nil
}

// AveragePurchaseValue returns Revenue / Orders rounded half away from zero
// to places decimal places. A summary without orders returns an error
// wrapping ErrNoOrders, and one that no tally gives returns the errors of
// an invalid summary (ErrInvalidCount, ErrNegativeAmount).
func (s PurchaseSummary) AveragePurchaseValue(places int32) (decimal.Decimal, error) {
	if err := s.check(); err != nil {
		return decimal.Decimal{}, err
	}
	if s.Orders == 0 {
		return decimal.Decimal{}, errorf(ErrNoOrders, "no orders, so no average purchase value")
	}
	return s.Revenue.DivRound(decimal.NewFromInt(s.Orders), places), nil
}

// ARPU returns the average revenue per paying customer, CustomerRevenue /
// PayingCustomers, rounded half away from zero to places decimal places.
// Customers whose orders total zero, such as those on a free plan, are not
// paying and stay out of the denominator. Without paying customers it
// returns an error wrapping ErrNoPayingCustomers, and for a summary that no
// tally gives the errors of an invalid summary (ErrInvalidCount,
// ErrNegativeAmount).
func (s PurchaseSummary) ARPU(places int32) (decimal.Decimal, error) {
	if err := s.check(); err != nil {
		return decimal.Decimal{}, err
	}
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
// all time. It returns the errors of Summary for an invalid tally.
func (p *Purchases) CustomerValues() ([]CustomerValue, error) {
	if _, err := p.Summary(); err != nil {
		return nil, err
	}
	values := make([]CustomerValue, 0, len(p.Customers))
	for id, c := range p.Customers {
		if c.Orders > 0 {
			values = append(values, CustomerValue{CustomerID: id, Orders: c.Orders, Revenue: c.Revenue.Value()})
		}
	}
	slices.SortFunc(values, func(a, b CustomerValue) int {
		return strings.Compare(a.CustomerID, b.CustomerID)
	})
	return values, nil
}
