package retention

import "github.com/shopspring/decimal"

// RevenueCohort follows the MRR of a fixed set of customers, those paying
// at the start of a period, from the start to the end of the period.
// Customers who join later are not in it, so its rates stay within their
// bounds whatever happens inside the period.
//
// Fields decoded from JSON that Add and Merge cannot give (a negative
// count or amount, Retained above Start or End, or MRR without customers)
// make the rates return an error wrapping ErrInvalidCounts.
//
// A RevenueCohort, like Movements, holds no currency: the caller must not
// Add or Merge amounts of different currencies into one. Bridge keeps the
// currency of its rows and checks it in Merge.
//
// The zero value is an empty cohort. Cohorts of disjoint customers combine
// with Merge to exactly the cohort of one pass. Add uses decimal arithmetic
// and so allocates; BuildBridge fills a cohort without allocating per row.
type RevenueCohort struct {
	// Customers is the number of customers with MRR at the start.
	Customers int64 `json:"customers"`
	// Start is their MRR at the start.
	Start decimal.Decimal `json:"start"`
	// End is their MRR at the end, 0 for those who left.
	End decimal.Decimal `json:"end"`
	// Retained is Σ min(start, end) over the customers: their MRR at the
	// end, counting none of it above their MRR at the start.
	Retained decimal.Decimal `json:"retained"`
}

// Add adds one customer's MRR at the start and at the end of the period.
// It returns an error wrapping ErrNegativeAmount when either is negative,
// and then leaves c unchanged.
func (c *RevenueCohort) Add(start, end decimal.Decimal) error {
	if start.Sign() < 0 || end.Sign() < 0 {
		return errorf(ErrNegativeAmount, "revenue cohort: negative MRR (start %s, end %s)", start, end)
	}
	c.Customers++
	c.Start = c.Start.Add(start)
	c.End = c.End.Add(end)
	c.Retained = c.Retained.Add(decimal.Min(start, end))
	return nil
}

// Merge adds the cohort of other customers. A customer count that is
// negative or whose sum overflows int64 becomes math.MinInt64, which the
// rates reject with ErrInvalidCounts.
func (c *RevenueCohort) Merge(other RevenueCohort) {
	c.Customers = mergeCount(c.Customers, other.Customers)
	c.Start = c.Start.Add(other.Start)
	c.End = c.End.Add(other.End)
	c.Retained = c.Retained.Add(other.Retained)
}

// NRR returns the net revenue retention End / Start, at least 0 and above 1
// when expansion outweighs churn and contraction. Customers who left count
// with 0 and customers who joined later are not in the cohort, so
// reactivations of earlier customers do not count. It returns an error
// wrapping ErrNoRevenue when Start is 0, and ErrInvalidCounts
// for fields that Add and Merge cannot give (see RevenueCohort).
func (c RevenueCohort) NRR() (float64, error) {
	if err := c.check("NRR"); err != nil {
		return 0, err
	}
	return ratio(c.End, c.Start), nil
}

// GRR returns the gross revenue retention Retained / Start, Σ min(start,
// end) / Σ start, in [0, 1]: expansion does not count. It returns an error
// wrapping ErrNoRevenue when Start is 0, and ErrInvalidCounts
// for fields that Add and Merge cannot give (see RevenueCohort).
func (c RevenueCohort) GRR() (float64, error) {
	if err := c.check("GRR"); err != nil {
		return 0, err
	}
	return ratio(c.Retained, c.Start), nil
}

// GrossChurn returns the gross revenue churn (Start − Retained) / Start =
// Σ max(0, start − end) / Σ start = 1 − GRR, in [0, 1]. Churn is measured
// against each customer's starting MRR, never the MRR at the moment they
// left. It returns an error wrapping ErrNoRevenue when Start is 0, and ErrInvalidCounts
// for fields that Add and Merge cannot give (see RevenueCohort).
func (c RevenueCohort) GrossChurn() (float64, error) {
	if err := c.check("gross revenue churn"); err != nil {
		return 0, err
	}
	return ratio(c.Start.Sub(c.Retained), c.Start), nil
}

// NetChurn returns the net revenue churn (Start − End) / Start = 1 − NRR,
// at most 1 and negative when expansion outweighs losses. It returns an
// error wrapping ErrNoRevenue when Start is 0, and ErrInvalidCounts
// for fields that Add and Merge cannot give (see RevenueCohort).
func (c RevenueCohort) NetChurn() (float64, error) {
	if err := c.check("net revenue churn"); err != nil {
		return 0, err
	}
	return ratio(c.Start.Sub(c.End), c.Start), nil
}

// check returns an error wrapping ErrInvalidCounts for a cohort that no
// set of customers gives, such as one decoded from JSON. It returns one
// wrapping ErrNoRevenue when Start is 0.
func (c RevenueCohort) check(name string) error {
	switch {
	case c.Customers < 0 || c.Start.Sign() < 0 || c.End.Sign() < 0 || c.Retained.Sign() < 0:
		return errorf(ErrInvalidCounts, "%s: negative count or MRR (%d customers, start %s, end %s, retained %s)",
			name, c.Customers, c.Start, c.End, c.Retained)
	case c.Retained.GreaterThan(c.Start) || c.Retained.GreaterThan(c.End):
		return errorf(ErrInvalidCounts, "%s: retained MRR %s above start %s or end %s", name, c.Retained, c.Start, c.End)
	case c.Customers == 0 && !c.Start.Add(c.End).IsZero():
		return errorf(ErrInvalidCounts, "%s: MRR without customers (start %s, end %s)", name, c.Start, c.End)
	}
	if c.Start.IsZero() {
		return errorf(ErrNoRevenue, "%s: starting MRR of the cohort is 0 (%d customers)", name, c.Customers)
	}
	return nil
}
