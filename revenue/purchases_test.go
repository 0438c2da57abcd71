package revenue

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// The period of these tests is March 2024.
var march = Period{Start: day("2024-03-01"), End: day("2024-04-01")}

func TestSummarizeOrders(t *testing.T) {
	tests := []struct {
		name   string
		orders []Order
		period Period
		want   PurchaseSummary
		// wantAPV and wantARPU are at 2 places.
		wantAPV, wantARPU string
		source            string
	}{
		{
			name: "new, repeat, free and anonymous",
			orders: []Order{
				{ID: "O1", CustomerID: "A", At: day("2024-02-10"), Amount: dec("99.00")},
				{ID: "O2", CustomerID: "A", At: day("2024-03-02"), Amount: dec("10.00")},
				{ID: "O3", CustomerID: "B", At: day("2024-03-05"), Amount: dec("20.00")},
				{ID: "O4", CustomerID: "B", At: day("2024-03-31"), Amount: dec("5.50")},
				{ID: "O5", CustomerID: "C", At: day("2024-03-10"), Amount: dec("0.00")},
				{ID: "O6", CustomerID: "", At: day("2024-03-11"), Amount: dec("4.50")},
				{ID: "O7", CustomerID: "B", At: day("2024-04-01"), Amount: dec("1000.00")},
			},
			period: march,
			want: PurchaseSummary{
				Orders: 5, Revenue: dec("40.00"), CustomerRevenue: dec("35.50"),
				Customers: 3, PayingCustomers: 2, RepeatCustomers: 1,
				NewCustomers: 2, NewBusinessRevenue: dec("25.50"),
				Anonymous: 1, Before: 1, After: 1,
			},
			// 10.00 + 20.00 + 5.50 + 0.00 + 4.50 = 40.00 over 5 orders = 8.00.
			// ARPU: (10.00 + 25.50 + 0.00) / 2 paying (A, B; C is free) = 17.75.
			// B and C have no earlier order: 25.50 + 0.00.
			wantAPV: "8.00", wantARPU: "17.75",
			source: "hand calculation in the comments",
		},
		{
			name: "all time",
			orders: []Order{
				{CustomerID: "A", Amount: dec("1")},
				{CustomerID: "A", Amount: dec("2")},
				{CustomerID: "B", Amount: dec("3.333")},
			},
			want: PurchaseSummary{
				Orders: 3, Revenue: dec("6.333"), CustomerRevenue: dec("6.333"),
				Customers: 2, PayingCustomers: 2, RepeatCustomers: 1,
				NewCustomers: 2, NewBusinessRevenue: dec("6.333"),
			},
			// 6.333 / 3 = 2.111 → 2.11; 6.333 / 2 = 3.1665 → 3.17 (half away from zero).
			wantAPV: "2.11", wantARPU: "3.17",
			source: "hand calculation in the comments",
		},
		{
			// Two orders of 5·10¹⁸ cents each: each fits in an int64, their
			// total of 10¹⁹ cents does not.
			name: "total past int64",
			orders: []Order{
				{CustomerID: "A", Amount: dec("50000000000000000.00")},
				{CustomerID: "B", Amount: dec("50000000000000000.00")},
			},
			want: PurchaseSummary{
				Orders: 2, Revenue: dec("100000000000000000.00"), CustomerRevenue: dec("100000000000000000.00"),
				Customers: 2, PayingCustomers: 2,
				NewCustomers: 2, NewBusinessRevenue: dec("100000000000000000.00"),
			},
			wantAPV: "50000000000000000.00", wantARPU: "50000000000000000.00",
			source: "exact decimal addition by hand",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SummarizeOrders(tc.orders, tc.period)
			checkErr(t, err, nil)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("SummarizeOrders mismatch (-want +got):\n%s", diff)
			}
			apv, err := got.AveragePurchaseValue(2)
			checkErr(t, err, nil)
			checkDecimal(t, "AveragePurchaseValue(2)", apv, tc.wantAPV)
			arpu, err := got.ARPU(2)
			checkErr(t, err, nil)
			checkDecimal(t, "ARPU(2)", arpu, tc.wantARPU)
		})
	}
}

func TestRepeatCustomerShare(t *testing.T) {
	// A has 2 orders, B 1, C 3: 2 of 3 customers repeat.
	orders := []Order{
		{CustomerID: "A", Amount: dec("1")}, {CustomerID: "A", Amount: dec("1")},
		{CustomerID: "B", Amount: dec("1")},
		{CustomerID: "C", Amount: dec("1")}, {CustomerID: "C", Amount: dec("1")}, {CustomerID: "C", Amount: dec("1")},
	}
	s, err := SummarizeOrders(orders, Period{})
	checkErr(t, err, nil)
	share, err := s.RepeatCustomerShare().Value()
	checkErr(t, err, nil)
	if share != 2.0/3 {
		t.Errorf("RepeatCustomerShare() = %v, want 2/3", share)
	}
}

func TestSummarizeOrdersEmpty(t *testing.T) {
	s, err := SummarizeOrders(nil, march)
	checkErr(t, err, nil)
	_, err = s.AveragePurchaseValue(2)
	checkErr(t, err, ErrNoOrders)
	_, err = s.ARPU(2)
	checkErr(t, err, ErrNoPayingCustomers)
	_, err = s.RepeatCustomerShare().Value()
	checkErr(t, err, ErrNoCustomers)
	checkDecimal(t, "Revenue", s.Revenue, "0")
}

func TestSummarizeOrdersInvalid(t *testing.T) {
	ok := Order{ID: "O1", CustomerID: "A", At: day("2024-03-02"), Amount: dec("1.00"), Currency: "EUR"}
	tests := []struct {
		name     string
		orders   []Order
		period   Period
		wantErr  error
		wantText []string
	}{
		{
			name:     "negative amount",
			orders:   []Order{ok, {ID: "O2", CustomerID: "A", At: day("2024-03-02"), Amount: dec("-10.00"), Currency: "EUR"}},
			period:   march,
			wantErr:  ErrNegativeAmount,
			wantText: []string{`order 1 (id "O2")`, "-10.00"},
		},
		{
			name:     "mixed currencies",
			orders:   []Order{ok, {ID: "O2", CustomerID: "B", At: day("2024-03-02"), Amount: dec("1.00"), Currency: "USD"}},
			period:   march,
			wantErr:  ErrMixedCurrency,
			wantText: []string{`order 1 (id "O2")`, `"EUR"`, `"USD"`},
		},
		{
			name:     "missing date",
			orders:   []Order{{ID: "O9", Amount: dec("1.00")}},
			period:   march,
			wantErr:  ErrInvalidPeriod,
			wantText: []string{`order 0 (id "O9")`},
		},
		{
			name:     "end before start",
			orders:   []Order{ok},
			period:   Period{Start: march.End, End: march.Start},
			wantErr:  ErrInvalidPeriod,
			wantText: []string{"2024-03-01", "2024-04-01"},
		},
		{
			name:     "end equals start",
			orders:   []Order{ok},
			period:   Period{Start: march.Start, End: march.Start},
			wantErr:  ErrInvalidPeriod,
			wantText: []string{"period end 2024-03-01"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SummarizeOrders(tc.orders, tc.period)
			checkErr(t, err, tc.wantErr)
			for _, part := range tc.wantText {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not name %s", err, part)
				}
			}
		})
	}
}

func TestPeriodErrorNamesNoOrder(t *testing.T) {
	// The period is wrong, not the order, so the error names no order.
	inverted := Period{Start: march.End, End: march.Start}
	_, err := SummarizeOrders([]Order{{ID: "O1", At: day("2024-03-02"), Amount: dec("1")}}, inverted)
	checkErr(t, err, ErrInvalidPeriod)
	if strings.Contains(err.Error(), "order") {
		t.Errorf("SummarizeOrders error %q names an order", err)
	}
	p := Purchases{Period: inverted}
	err = p.Add(Order{ID: "O1", At: day("2024-03-02"), Amount: dec("1")})
	checkErr(t, err, ErrInvalidPeriod)
	if strings.Contains(err.Error(), "order") {
		t.Errorf("Add error %q names an order", err)
	}
}

func TestPeriodUnboundedSides(t *testing.T) {
	orders := []Order{
		{ID: "1", CustomerID: "A", At: day("2024-02-10"), Amount: dec("1")},
		{ID: "2", CustomerID: "A", At: day("2024-03-10"), Amount: dec("10")},
		{ID: "3", CustomerID: "B", At: day("2024-04-10"), Amount: dec("100")},
	}
	tests := []struct {
		name                  string
		period                Period
		orders, before, after int64
		revenue               string
		source                string
	}{
		// A zero End used to be an error; it now leaves the end open, as
		// pipeline.Period does.
		{"start only", Period{Start: march.Start}, 2, 1, 0, "110", "orders 2 and 3 from March on; order 1 before"},
		{"end only", Period{End: march.End}, 2, 0, 1, "11", "orders 1 and 2 before April; order 3 after"},
		{"zero period", Period{}, 3, 0, 0, "111", "every order"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SummarizeOrders(orders, tc.period)
			checkErr(t, err, nil)
			if got.Orders != tc.orders || got.Before != tc.before || got.After != tc.after {
				t.Errorf("orders, before, after = %d, %d, %d, want %d, %d, %d (%s)",
					got.Orders, got.Before, got.After, tc.orders, tc.before, tc.after, tc.source)
			}
			checkDecimal(t, "Revenue", got.Revenue, tc.revenue)
		})
	}
	// Customer A ordered before a period that starts in March, so only B is new.
	got, err := SummarizeOrders(orders, Period{Start: march.Start})
	checkErr(t, err, nil)
	if got.NewCustomers != 1 {
		t.Errorf("NewCustomers = %d, want 1 (B)", got.NewCustomers)
	}
}

func TestPurchasesAddLeavesTallyUnchanged(t *testing.T) {
	var p Purchases
	checkErr(t, p.Add(Order{CustomerID: "A", Amount: dec("5"), Currency: "EUR"}), nil)
	before := summary(t, &p)
	checkErr(t, p.Add(Order{CustomerID: "A", Amount: dec("5"), Currency: "USD"}), ErrMixedCurrency)
	checkErr(t, p.Add(Order{CustomerID: "A", Amount: dec("-5"), Currency: "EUR"}), ErrNegativeAmount)
	if diff := cmp.Diff(before, summary(t, &p)); diff != "" {
		t.Errorf("tally changed by rejected orders (-want +got):\n%s", diff)
	}
}

func TestPurchasesMerge(t *testing.T) {
	orders := []Order{
		{CustomerID: "A", At: day("2024-02-10"), Amount: dec("99.00")},
		{CustomerID: "A", At: day("2024-03-02"), Amount: dec("10.00")},
		{CustomerID: "B", At: day("2024-03-05"), Amount: dec("20.00")},
		{CustomerID: "B", At: day("2024-03-31"), Amount: dec("5.5")},
		{CustomerID: "", At: day("2024-03-11"), Amount: dec("4.50")},
		{CustomerID: "C", At: day("2024-05-01"), Amount: dec("1")},
	}
	whole, err := SummarizeOrders(orders, march)
	checkErr(t, err, nil)

	// Split so that A's earlier order and its March order land in
	// different shards, then merge through JSON as a distributed job would.
	for split := range len(orders) + 1 {
		a, b := Purchases{Period: march}, Purchases{Period: march}
		for i, o := range orders {
			shard := &a
			if i >= split {
				shard = &b
			}
			checkErr(t, shard.Add(o), nil)
		}
		data, err := json.Marshal(b)
		checkErr(t, err, nil)
		var decoded Purchases
		checkErr(t, json.Unmarshal(data, &decoded), nil)
		checkErr(t, a.Merge(decoded), nil)
		if diff := cmp.Diff(whole, summary(t, &a)); diff != "" {
			t.Errorf("split %d: merged summary mismatch (-want +got):\n%s", split, diff)
		}
	}
}

func TestPurchasesMergeRejects(t *testing.T) {
	a := Purchases{Period: march}
	checkErr(t, a.Add(Order{At: day("2024-03-02"), Amount: dec("1"), Currency: "EUR"}), nil)
	b := Purchases{Period: Period{Start: day("2024-01-01"), End: day("2024-02-01")}}
	checkErr(t, b.Add(Order{At: day("2024-01-02"), Amount: dec("1"), Currency: "EUR"}), nil)
	checkErr(t, a.Merge(b), ErrInvalidPeriod)
	c := Purchases{Period: march}
	checkErr(t, c.Add(Order{At: day("2024-03-02"), Amount: dec("1"), Currency: "USD"}), nil)
	checkErr(t, a.Merge(c), ErrMixedCurrency)
	checkDecimal(t, "Revenue after rejected merges", a.Revenue.Value(), "1")
	var empty Purchases
	checkErr(t, a.Merge(empty), nil)
}

func TestPurchasesJSONRoundTrip(t *testing.T) {
	var p Purchases
	for _, o := range []Order{
		{ID: "1", CustomerID: "A", Amount: dec("1.50")},
		{ID: "2", CustomerID: "A", Amount: dec("2.25")},
		{ID: "3", Amount: dec("50000000000000000.00")},
	} {
		checkErr(t, p.Add(o), nil)
	}
	data, err := json.Marshal(p)
	checkErr(t, err, nil)
	var back Purchases
	checkErr(t, json.Unmarshal(data, &back), nil)
	if diff := cmp.Diff(summary(t, &p), summary(t, &back)); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
	var zero, zeroBack Purchases
	data, err = json.Marshal(zero)
	checkErr(t, err, nil)
	checkErr(t, json.Unmarshal(data, &zeroBack), nil)
	if diff := cmp.Diff(summary(t, &zero), summary(t, &zeroBack)); diff != "" {
		t.Errorf("zero tally JSON round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestPurchasesAllocations(t *testing.T) {
	orders := make([]Order, 1000)
	for i := range orders {
		orders[i] = Order{CustomerID: []string{"A", "B", "C"}[i%3], Amount: decimal.New(int64(i)*37+1, -2)}
	}
	var p Purchases
	for _, o := range orders[:3] {
		checkErr(t, p.Add(o), nil)
	}
	allocs := testing.AllocsPerRun(10, func() {
		for _, o := range orders {
			_ = p.Add(o)
		}
	})
	if allocs != 0 {
		t.Errorf("Purchases.Add over 1000 orders of known customers allocated %v times, want 0", allocs)
	}
}

func TestHistoricalCLV(t *testing.T) {
	orders := []Order{
		{CustomerID: "B", Amount: dec("20.00")},
		{CustomerID: "A", Amount: dec("10.00")},
		{CustomerID: "B", Amount: dec("5.50")},
		{CustomerID: "", Amount: dec("4.50")},
	}
	got, err := HistoricalCLV(orders)
	checkErr(t, err, nil)
	// A: 10.00; B: 20.00 + 5.50 = 25.50; the anonymous order has no customer.
	want := []CustomerValue{
		{CustomerID: "A", Orders: 1, Revenue: dec("10.00")},
		{CustomerID: "B", Orders: 2, Revenue: dec("25.50")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("HistoricalCLV mismatch (-want +got):\n%s", diff)
	}
	_, err = HistoricalCLV([]Order{{ID: "X", Amount: dec("-1")}})
	checkErr(t, err, ErrNegativeAmount)
}

func TestPurchasesInvalidJSON(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantErr error
	}{
		{"negative counts and revenue", `{"orders":-5,"revenue":"-100","customers":{"x":{"orders":-2,"revenue":"-50"}}}`, ErrInvalidCount},
		{"negative revenue", `{"orders":1,"revenue":"-100","customers":{"x":{"orders":1,"revenue":"-100"}}}`, ErrNegativeAmount},
		{"negative customer revenue", `{"orders":1,"revenue":"0","customers":{"x":{"orders":1,"revenue":"-1"}}}`, ErrNegativeAmount},
		{"negative customer orders", `{"orders":0,"revenue":"0","customers":{"x":{"orders":-1,"revenue":"0"}}}`, ErrInvalidCount},
		{"anonymous above orders", `{"orders":1,"anonymous":2,"revenue":"1"}`, ErrInvalidCount},
		{"negative before", `{"before":-1}`, ErrInvalidCount},
		{"orders without customers", `{"orders":3,"revenue":"3","customers":{"x":{"orders":1,"revenue":"1"}}}`, ErrInvalidCount},
		{"customer revenue above total", `{"orders":1,"revenue":"1","customers":{"x":{"orders":1,"revenue":"5"}}}`, ErrInvalidCount},
		{"revenue without anonymous orders", `{"orders":1,"revenue":"9","customers":{"x":{"orders":1,"revenue":"5"}}}`, ErrInvalidCount},
		{"revenue without orders", `{"orders":0,"revenue":"5","customers":{"x":{"orders":0,"revenue":"5"}}}`, ErrInvalidCount},
		{"empty customer id", `{"orders":1,"revenue":"1","customers":{"":{"orders":1,"revenue":"1"}}}`, ErrMissingCustomer},
		{"customer orders past int64", `{"orders":9223372036854775807,"revenue":"2","customers":{"x":{"orders":9223372036854775807,"revenue":"1"},"y":{"orders":1,"revenue":"1"}}}`, ErrInvalidCount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p Purchases
			checkErr(t, json.Unmarshal([]byte(tc.json), &p), nil)
			_, err := p.Summary()
			checkErr(t, err, tc.wantErr)
			_, err = p.CustomerValues()
			checkErr(t, err, tc.wantErr)

			var into Purchases
			checkErr(t, into.Add(Order{CustomerID: "A", Amount: dec("1")}), nil)
			checkErr(t, into.Merge(p), tc.wantErr)

			// Merging into an invalid tally may succeed, because Merge
			// reads only the customers that the other tally holds, but
			// the result stays invalid.
			err = p.Merge(into)
			if err == nil {
				_, err = p.Summary()
			}
			checkErr(t, err, tc.wantErr)
		})
	}
}

func TestPurchasesMergeCannotHideNegative(t *testing.T) {
	// Customer A's -1 orders plus the other tally's 1 would sum to 0.
	var p Purchases
	checkErr(t, json.Unmarshal([]byte(`{"orders":-1,"customers":{"A":{"orders":-1}}}`), &p), nil)
	var other Purchases
	checkErr(t, other.Add(Order{CustomerID: "A", Amount: dec("0")}), nil)
	checkErr(t, p.Merge(other), ErrInvalidCount)

	var q Purchases
	checkErr(t, json.Unmarshal([]byte(`{"orders":1,"revenue":"0","customers":{"A":{"orders":-1},"B":{"orders":2}}}`), &q), nil)
	checkErr(t, q.Merge(other), ErrInvalidCount)
}

func TestPurchasesErrorNamesSmallestID(t *testing.T) {
	// Map order varies between runs; the error names the smallest bad id.
	data := `{"orders":0,"revenue":"0","customers":{"m":{"orders":-1},"b":{"orders":-2},"x":{"orders":-3}}}`
	for range 20 {
		var p Purchases
		checkErr(t, json.Unmarshal([]byte(data), &p), nil)
		_, err := p.Summary()
		if err == nil || !strings.Contains(err.Error(), `Customers["b"]`) {
			t.Fatalf("Summary error %v does not name customer \"b\"", err)
		}
	}
}

func TestPurchasesOverflow(t *testing.T) {
	full := Purchases{Orders: math.MaxInt64, Anonymous: math.MaxInt64}
	checkErr(t, full.Add(Order{Amount: dec("1")}), ErrInvalidCount)
	checkErr(t, full.Add(Order{CustomerID: "A", Amount: dec("1")}), ErrInvalidCount)

	one := Purchases{}
	checkErr(t, one.Add(Order{Amount: dec("1")}), nil)
	big := Purchases{Orders: math.MaxInt64, Anonymous: math.MaxInt64}
	big.Revenue.Add(dec("1"))
	checkErr(t, one.Merge(big), ErrInvalidCount)
	checkDecimal(t, "Revenue after a rejected merge", summary(t, &one).Revenue, "1")

	customer := Purchases{Orders: math.MaxInt64, Customers: map[string]CustomerPurchases{"A": {Orders: math.MaxInt64}}}
	customer.Revenue.Add(dec("0"))
	checkErr(t, customer.Add(Order{CustomerID: "A", Amount: dec("0")}), ErrInvalidCount)
}

func TestPurchaseSummaryInvalid(t *testing.T) {
	tests := []struct {
		name    string
		summary PurchaseSummary
		wantErr error
	}{
		{"negative orders", PurchaseSummary{Orders: -5, Revenue: dec("-100")}, ErrInvalidCount},
		{"negative revenue", PurchaseSummary{Orders: 1, Revenue: dec("-100"), CustomerRevenue: dec("-100"), NewBusinessRevenue: dec("-100")}, ErrNegativeAmount},
		{"paying above customers", PurchaseSummary{Orders: 1, Customers: 1, PayingCustomers: 2, Revenue: dec("1"), CustomerRevenue: dec("1")}, ErrInvalidCount},
		{"customers above orders", PurchaseSummary{Orders: 1, Customers: 2, PayingCustomers: 2, Revenue: dec("1"), CustomerRevenue: dec("1")}, ErrInvalidCount},
		{"customer revenue above revenue", PurchaseSummary{Orders: 1, Customers: 1, PayingCustomers: 1, Revenue: dec("1"), CustomerRevenue: dec("2")}, ErrInvalidCount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.summary.AveragePurchaseValue(2)
			checkErr(t, err, tc.wantErr)
			_, err = tc.summary.ARPU(2)
			checkErr(t, err, tc.wantErr)
		})
	}
}
