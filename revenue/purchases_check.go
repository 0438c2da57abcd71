package revenue

// checkCounts returns an error unless the tally's own counts and revenue
// are non-negative and Anonymous ≤ Orders.
func (p *Purchases) checkCounts() error {
	counts := [...]struct {
		name  string
		count int64
	}{
		{"Purchases.Orders", p.Orders},
		{"Purchases.Anonymous", p.Anonymous},
		{"Purchases.Before", p.Before},
		{"Purchases.After", p.After},
	}
	for _, c := range counts {
		if c.count < 0 {
			return errorf(ErrInvalidCount, "%s %d is negative", c.name, c.count)
		}
	}
	if p.Anonymous > p.Orders {
		return errorf(ErrInvalidCount, "Purchases.Anonymous %d is above Orders %d", p.Anonymous, p.Orders)
	}
	if p.Revenue.Sign() < 0 {
		return errorf(ErrNegativeAmount, "Purchases.Revenue %s is negative", p.Revenue.Value())
	}
	return nil
}

// checkCustomer returns an error unless the customer with this id has a
// non-empty id, a non-negative order count and revenue, and no revenue
// without orders.
func checkCustomer(id string, c CustomerPurchases) error {
	switch {
	case id == "":
		return errorf(ErrMissingCustomer, "Purchases.Customers has an entry with an empty customer id")
	case c.Orders < 0:
		return errorf(ErrInvalidCount, "Purchases.Customers[%q].Orders %d is negative", id, c.Orders)
	case c.Revenue.Sign() < 0:
		return errorf(ErrNegativeAmount, "Purchases.Customers[%q].Revenue %s is negative", id, c.Revenue.Value())
	case c.Orders == 0 && c.Revenue.Sign() != 0:
		return errorf(ErrInvalidCount, "Purchases.Customers[%q].Revenue is %s without orders", id, c.Revenue.Value())
	}
	return nil
}

// customerError keeps the error of the customer with the smallest id, so
// that the error Summary returns does not depend on map order.
type customerError struct {
	id  string
	err error
}

// keep records err for id unless an error for a smaller id is recorded.
func (e *customerError) keep(id string, err error) {
	if e.err == nil || id < e.id {
		e.id, e.err = id, err
	}
}

// check returns an error unless the summary is one that Summary can give:
// every count and amount non-negative, Anonymous ≤ Orders, at least one
// order per customer, paying, repeat and new customers at most Customers,
// and NewBusinessRevenue ≤ CustomerRevenue ≤ Revenue.
func (s PurchaseSummary) check() error {
	counts := [...]struct {
		name  string
		count int64
	}{
		{"Orders", s.Orders}, {"Customers", s.Customers}, {"PayingCustomers", s.PayingCustomers},
		{"RepeatCustomers", s.RepeatCustomers}, {"NewCustomers", s.NewCustomers},
		{"Anonymous", s.Anonymous}, {"Before", s.Before}, {"After", s.After},
	}
	for _, c := range counts {
		if c.count < 0 {
			return errorf(ErrInvalidCount, "PurchaseSummary.%s %d is negative", c.name, c.count)
		}
	}
	switch {
	case s.Anonymous > s.Orders || s.Customers > s.Orders-s.Anonymous:
		return errorf(ErrInvalidCount, "PurchaseSummary has %d customers and %d anonymous orders in %d orders",
			s.Customers, s.Anonymous, s.Orders)
	case max(s.PayingCustomers, s.RepeatCustomers, s.NewCustomers) > s.Customers:
		return errorf(ErrInvalidCount, "PurchaseSummary has %d paying, %d repeat and %d new customers of %d",
			s.PayingCustomers, s.RepeatCustomers, s.NewCustomers, s.Customers)
	case s.NewBusinessRevenue.Sign() < 0:
		return errorf(ErrNegativeAmount, "PurchaseSummary.NewBusinessRevenue %s is negative", s.NewBusinessRevenue)
	case s.NewBusinessRevenue.GreaterThan(s.CustomerRevenue) || s.CustomerRevenue.GreaterThan(s.Revenue):
		return errorf(ErrInvalidCount, "PurchaseSummary revenues must satisfy NewBusinessRevenue %s ≤ CustomerRevenue %s ≤ Revenue %s",
			s.NewBusinessRevenue, s.CustomerRevenue, s.Revenue)
	}
	return nil
}
