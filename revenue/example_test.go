package revenue_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/revenue"
	"github.com/shopspring/decimal"
)

func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

func ExampleSummarizeOrders() {
	orders := []revenue.Order{
		{ID: "O1", CustomerID: "A", At: day("2024-02-10"), Amount: decimal.RequireFromString("99.00")},
		{ID: "O2", CustomerID: "A", At: day("2024-03-02"), Amount: decimal.RequireFromString("10.00")},
		{ID: "O3", CustomerID: "B", At: day("2024-03-05"), Amount: decimal.RequireFromString("20.00")},
		{ID: "O4", CustomerID: "B", At: day("2024-03-31"), Amount: decimal.RequireFromString("5.50")},
		{ID: "O5", CustomerID: "C", At: day("2024-03-10"), Amount: decimal.RequireFromString("0.00")},
	}
	march := revenue.Period{Start: day("2024-03-01"), End: day("2024-04-01")}
	s, err := revenue.SummarizeOrders(orders, march)
	if err != nil {
		fmt.Println(err)
		return
	}
	apv, _ := s.AveragePurchaseValue(2)
	arpu, _ := s.ARPU(2)
	repeat, _ := s.RepeatCustomerShare().Value()
	fmt.Println("orders:", s.Orders, "revenue:", s.Revenue.StringFixed(2), "before the period:", s.Before)
	fmt.Println("average purchase value:", apv.StringFixed(2))
	fmt.Println("ARPU over", s.PayingCustomers, "paying customers:", arpu.StringFixed(2))
	fmt.Printf("repeat customers: %d of %d (%.3f)\n", s.RepeatCustomers, s.Customers, repeat)
	fmt.Println("new customers:", s.NewCustomers, "new business revenue:", s.NewBusinessRevenue.StringFixed(2))
	// Output:
	// orders: 4 revenue: 35.50 before the period: 1
	// average purchase value: 8.88
	// ARPU over 2 paying customers: 17.75
	// repeat customers: 1 of 3 (0.333)
	// new customers: 2 new business revenue: 25.50
}

// Tallies built separately, for example one per day or per worker, merge
// into the tally of one pass over all the orders.
func ExamplePurchases_Merge() {
	var monday, tuesday revenue.Purchases
	_ = monday.Add(revenue.Order{CustomerID: "A", Amount: decimal.RequireFromString("12.50")})
	_ = tuesday.Add(revenue.Order{CustomerID: "A", Amount: decimal.RequireFromString("7.50")})
	_ = tuesday.Add(revenue.Order{CustomerID: "B", Amount: decimal.RequireFromString("30.00")})
	if err := monday.Merge(tuesday); err != nil {
		fmt.Println(err)
		return
	}
	s, err := monday.Summary()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Orders, "orders,", s.Customers, "customers,", s.RepeatCustomers, "repeat, revenue", s.Revenue.StringFixed(2))
	// Output:
	// 3 orders, 2 customers, 1 repeat, revenue 50.00
}

func ExampleARPA() {
	charges := []revenue.Charge{
		{CustomerID: "A", Amount: decimal.RequireFromString("30.00")},
		{CustomerID: "B", Amount: decimal.RequireFromString("0.00")}, // free plan
		{CustomerID: "C", Amount: decimal.RequireFromString("20.00")},
		{CustomerID: "C", Amount: decimal.RequireFromString("10.00")},
	}
	r, err := revenue.ARPA(charges, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ARPA", r.ARPA.StringFixed(2), "over", r.PayingCustomers, "paying;", r.FreeCustomers, "free")
	// Output:
	// ARPA 30.00 over 2 paying; 1 free
}

func ExampleNetNewMRR() {
	net, _ := revenue.NetNewMRR(revenue.MRRMovements{
		New:          decimal.RequireFromString("500.00"),
		Expansion:    decimal.RequireFromString("120.00"),
		Reactivation: decimal.RequireFromString("30.00"),
		Contraction:  decimal.RequireFromString("45.50"),
		Churned:      decimal.RequireFromString("200.00"),
	})
	fmt.Println(net.StringFixed(2))
	// Output:
	// 404.50
}

func ExampleSummarizeOffers() {
	s, _ := revenue.SummarizeOffers([]revenue.Offer{
		{CustomerID: "A", Kind: revenue.Upsell, Accepted: true, Revenue: decimal.RequireFromString("50.00")},
		{CustomerID: "B", Kind: revenue.Upsell},
		{CustomerID: "C", Kind: revenue.Upsell},
		{CustomerID: "D", Kind: revenue.Upsell, Accepted: true, Revenue: decimal.RequireFromString("25.00")},
	})
	uptake, _ := s.Upsell.Uptake().Value()
	share, _ := s.Upsell.RevenueShare(decimal.RequireFromString("300.00"))
	fmt.Printf("upsell: %d of %d customers took it (%.2f), %.2f of revenue\n", s.Upsell.Accepted, s.Upsell.Offered, uptake, share)
	// Output:
	// upsell: 2 of 4 customers took it (0.50), 0.25 of revenue
}

func ExampleCAC() {
	cac, _ := revenue.CAC(decimal.RequireFromString("12000.00"), 10, 2)
	fmt.Println(cac.StringFixed(2))
	// Output:
	// 1200.00
}

// Each month's new customers pair with the previous month's spend.
func ExampleCACWithLag() {
	spend := []revenue.MonthlySpend{
		{Month: revenue.Month{Year: 2024, Month: time.January}, Amount: decimal.RequireFromString("1000.00")},
		{Month: revenue.Month{Year: 2024, Month: time.February}, Amount: decimal.RequireFromString("1000.00")},
		{Month: revenue.Month{Year: 2024, Month: time.March}, Amount: decimal.RequireFromString("3000.00")},
	}
	acquired := []revenue.MonthlyAcquisitions{
		{Month: revenue.Month{Year: 2024, Month: time.February}, Customers: 4},
		{Month: revenue.Month{Year: 2024, Month: time.March}, Customers: 6},
	}
	r, _ := revenue.CACWithLag(spend, acquired, 1, 2)
	fmt.Println("CAC", r.CAC.StringFixed(2), "from", r.Spend.StringFixed(2), "unpaired", r.UnpairedSpend.StringFixed(2))
	// Output:
	// CAC 200.00 from 2000.00 unpaired 3000.00
}

func ExamplePaybackMonths() {
	months, _ := revenue.PaybackMonths(decimal.RequireFromString("600.00"), decimal.RequireFromString("100.00"), 0.75)
	fmt.Println(months)
	// Output:
	// 8
}

// With margin earned evenly within each month, payback falls inside the
// month in which the margin total passes the CAC.
func ExamplePaybackFromSchedule() {
	margins := []decimal.Decimal{
		decimal.RequireFromString("10.00"), decimal.RequireFromString("13.00"),
		decimal.RequireFromString("16.00"), decimal.RequireFromString("19.00"),
		decimal.RequireFromString("22.00"),
	}
	months, _ := revenue.PaybackFromSchedule(decimal.RequireFromString("50.00"), margins)
	fmt.Printf("%.6f months\n", months)
	_, err := revenue.PaybackFromSchedule(decimal.RequireFromString("500.00"), margins)
	fmt.Println(err)
	// Output:
	// 3.578947 months
	// revenue: cac 500.00 not paid back within the 5 months given (margin total 80.00)
}

func ExampleLTVToCAC() {
	ratio, _ := revenue.LTVToCAC(decimal.RequireFromString("3600.00"), decimal.RequireFromString("1200.00"))
	fmt.Println(ratio)
	// Output:
	// 3
}

func ExampleSimpleCLV() {
	clv, _ := revenue.SimpleCLV(decimal.RequireFromString("100.00"), 0.05, 2)
	fmt.Println(clv.StringFixed(2))
	_, err := revenue.SimpleCLV(decimal.RequireFromString("100.00"), 0, 2)
	fmt.Println(err)
	// Output:
	// 2000.00
	// revenue: churn rate 0, so the lifetime is unbounded
}

func ExampleDiscountedCLV() {
	in := revenue.DiscountedCLVInput{
		Margin:       decimal.RequireFromString("100"),
		Retention:    0.9,
		DiscountRate: 0.01,
	}
	gross, _ := revenue.DiscountedCLV(in, 2)
	in.AcquisitionCost = decimal.RequireFromString("300.00")
	net, _ := revenue.DiscountedCLV(in, 2)
	fmt.Println("gross", gross.StringFixed(2), "net", net.StringFixed(2))
	// Output:
	// gross 818.18 net 518.18
}

func ExampleHistoricalCLV() {
	values, _ := revenue.HistoricalCLV([]revenue.Order{
		{CustomerID: "B", Amount: decimal.RequireFromString("20.00")},
		{CustomerID: "A", Amount: decimal.RequireFromString("10.00")},
		{CustomerID: "B", Amount: decimal.RequireFromString("5.50")},
	})
	for _, v := range values {
		fmt.Println(v.CustomerID, v.Orders, v.Revenue.StringFixed(2))
	}
	// Output:
	// A 1 10.00
	// B 2 25.50
}

// Edge values: payback and lifetime value at the margins and churn rates
// where they stop being defined, and rounding of money quotients half away
// from zero.
func Example_edgeValues() {
	cac := decimal.RequireFromString("600.00")
	arpa := decimal.RequireFromString("100.00")
	for _, margin := range []float64{1, 0.75, 0.000001, 0, -0.10} {
		months, err := revenue.PaybackMonths(cac, arpa, margin)
		fmt.Printf("payback at margin %v: %v %v\n", margin, months, errors.Is(err, revenue.ErrMarginNotPositive))
	}
	for _, churn := range []float64{1, 0.5, 0} {
		clv, err := revenue.SimpleCLV(arpa, churn, 2)
		fmt.Printf("CLV at churn %v: %s %v\n", churn, clv.StringFixed(2), errors.Is(err, revenue.ErrUnboundedLifetime))
	}
	for _, spend := range []string{"0.05", "0.15", "0.25", "0.35"} {
		cac, _ := revenue.CAC(decimal.RequireFromString(spend), 10, 2)
		fmt.Printf("CAC %s / 10 = %s\n", spend, cac.StringFixed(2))
	}
	_, err := revenue.CAC(cac, 0, 2)
	fmt.Println(err)
	// Output:
	// payback at margin 1: 6 false
	// payback at margin 0.75: 8 false
	// payback at margin 1e-06: 6e+06 false
	// payback at margin 0: 0 true
	// payback at margin -0.1: 0 true
	// CLV at churn 1: 100.00 false
	// CLV at churn 0.5: 200.00 false
	// CLV at churn 0: 0.00 true
	// CAC 0.05 / 10 = 0.01
	// CAC 0.15 / 10 = 0.02
	// CAC 0.25 / 10 = 0.03
	// CAC 0.35 / 10 = 0.04
	// revenue: no new customers, so no CAC
}
