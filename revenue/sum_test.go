package revenue_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/revenue"
)

// TestSumNamedByCaller builds a tally from outside the package, the way a
// host that restores a Purchases from its own store does, which needs the
// name of the Revenue fields' type.
func TestSumNamedByCaller(t *testing.T) {
	var total, customer revenue.Sum
	total.Add(decimal.RequireFromString("12.50"))
	total.Add(decimal.RequireFromString("0.75"))
	customer.Merge(total)

	p := revenue.Purchases{
		Orders:    2,
		Revenue:   total,
		Customers: map[string]revenue.CustomerPurchases{"A": {Orders: 2, Revenue: customer}},
	}
	s, err := p.Summary()
	if err != nil {
		t.Fatal(err)
	}
	// 12.50 + 0.75 = 13.25, all of it from customer A.
	if want := decimal.RequireFromString("13.25"); !s.Revenue.Equal(want) || !s.CustomerRevenue.Equal(want) {
		t.Errorf("Revenue, CustomerRevenue = %s, %s, want 13.25 and 13.25", s.Revenue, s.CustomerRevenue)
	}

	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back revenue.Purchases
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("Unmarshal(%s): %v", data, err)
	}
	var revenueOf revenue.Sum = back.Customers["A"].Revenue
	if got := revenueOf.Value(); !got.Equal(decimal.RequireFromString("13.25")) || got.StringFixed(2) != "13.25" {
		t.Errorf("round-tripped customer revenue = %s, want 13.25", got)
	}
}
