package retention_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/retention"
	"github.com/shopspring/decimal"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ExampleCountCustomers() {
	subs := []retention.Subscription{
		{Customer: "A", Start: date("2024-01-15")},
		{Customer: "B", Start: date("2024-02-01"), End: date("2024-04-10")},
		// C ends exactly on 1 April: active just before April, so it
		// churns in April, not in March.
		{Customer: "C", Start: date("2024-03-05"), End: date("2024-04-01")},
		{Customer: "D", Start: date("2024-04-05"), End: date("2024-04-20")},
	}
	april := retention.Period{Start: date("2024-04-01"), End: date("2024-05-01")}
	counts, err := retention.CountCustomers(subs, april)
	if err != nil {
		panic(err)
	}
	churn, err := counts.LogoChurn(retention.ChurnOptions{})
	if err != nil {
		panic(err)
	}
	interval, err := churn.Interval(0.95)
	if err != nil {
		panic(err)
	}
	stripe, err := counts.LogoChurn(retention.ChurnOptions{
		Denominator: retention.StartPlusNew, NewChurn: retention.IncludeNewChurn})
	if err != nil {
		panic(err)
	}
	fmt.Printf("at start %d, churned %d, new %d (left again %d)\n", counts.AtStart, counts.Churned, counts.New, counts.NewChurned)
	fmt.Printf("churn %.4f, 95%% interval [%.4f, %.4f]\n", churn.Value, interval.Lower, interval.Upper)
	fmt.Printf("churn counting new customers %.4f\n", stripe.Value)
	// Output:
	// at start 3, churned 2, new 1 (left again 1)
	// churn 0.6667, 95% interval [0.2077, 0.9385]
	// churn counting new customers 0.7500
}

func ExampleTotalMRR() {
	usd := func(amount string, unit retention.IntervalUnit, count int64) retention.Price {
		return retention.Price{Amount: decimal.RequireFromString(amount), Currency: "USD",
			Cycle: retention.Cycle{Unit: unit, Count: count}}
	}
	prices := []retention.Price{
		usd("30.00", retention.IntervalMonth, 1),
		usd("1200.00", retention.IntervalYear, 1),
		usd("90.00", retention.IntervalMonth, 3),
		usd("2400.00", retention.IntervalYear, 2),
		usd("12.00", retention.IntervalWeek, 1),
	}
	total, err := retention.TotalMRR(prices, 2)
	if err != nil {
		panic(err)
	}
	fmt.Println("MRR", total.MRR.StringFixed(2), "ARR", total.ARR.StringFixed(2), "exact", total.Exact)
	// Output:
	// MRR 312.00 ARR 3744.00 exact true
}

func ExampleBuildBridge() {
	m := func(s string) retention.Month {
		month, err := retention.ParseMonth(s)
		if err != nil {
			panic(err)
		}
		return month
	}
	row := func(customer, month, mrr string) retention.CustomerMonth {
		return retention.CustomerMonth{Customer: customer, Month: m(month), MRR: decimal.RequireFromString(mrr)}
	}
	rows := []retention.CustomerMonth{
		row("A", "2024-01", "100.00"), row("A", "2024-02", "150.00"), // A upgrades, leaves in March
		row("B", "2024-01", "50.00"), row("B", "2024-02", "50.00"), row("B", "2024-03", "30.00"),
		row("A", "2024-05", "80.00"), // A returns: a reactivation, not new
		row("B", "2024-04", "30.00"), row("B", "2024-05", "30.00"),
	}
	bridge, err := retention.BuildBridge(rows, m("2024-01"), m("2024-05"))
	if err != nil {
		panic(err)
	}
	for _, mv := range bridge.Months {
		fmt.Printf("%s start %6s new %6s exp %5s react %5s contr %5s churn %6s end %6s\n", mv.From,
			mv.Start.StringFixed(2), mv.New.StringFixed(2), mv.Expansion.StringFixed(2), mv.Reactivation.StringFixed(2),
			mv.Contraction.StringFixed(2), mv.Churn.StringFixed(2), mv.End.StringFixed(2))
	}
	quick, err := bridge.Total().QuickRatio(false)
	if err != nil {
		panic(err)
	}
	fmt.Printf("quick ratio %.4f\n", quick)
	// Output:
	// 2024-01 start   0.00 new 150.00 exp  0.00 react  0.00 contr  0.00 churn   0.00 end 150.00
	// 2024-02 start 150.00 new   0.00 exp 50.00 react  0.00 contr  0.00 churn   0.00 end 200.00
	// 2024-03 start 200.00 new   0.00 exp  0.00 react  0.00 contr 20.00 churn 150.00 end  30.00
	// 2024-04 start  30.00 new   0.00 exp  0.00 react  0.00 contr  0.00 churn   0.00 end  30.00
	// 2024-05 start  30.00 new   0.00 exp  0.00 react 80.00 contr  0.00 churn   0.00 end 110.00
	// quick ratio 1.1765
}

func ExampleRevenueCohort() {
	var cohort retention.RevenueCohort
	// A: 500.00 at the start, upgraded to 1,379.00 and then cancelled.
	// B: 200.00 at the start, 300.00 at the end.
	for _, p := range [][2]string{{"500.00", "0"}, {"200.00", "300.00"}} {
		if err := cohort.Add(decimal.RequireFromString(p[0]), decimal.RequireFromString(p[1])); err != nil {
			panic(err)
		}
	}
	grr, _ := cohort.GRR()
	nrr, _ := cohort.NRR()
	churn, _ := cohort.GrossChurn()
	fmt.Printf("GRR %.4f NRR %.4f gross revenue churn %.4f\n", grr, nrr, churn)
	// Output:
	// GRR 0.2857 NRR 0.4286 gross revenue churn 0.7143
}

func ExampleKaplanMeier() {
	tenure := []float64{2, 3, 3, 3, 5, 6, 6, 8}
	churned := []bool{true, true, true, false, false, true, false, true}
	subjects := make([]retention.Subject, len(tenure))
	for i := range tenure {
		subjects[i] = retention.Subject{Time: tenure[i], Status: retention.Censored}
		if churned[i] {
			subjects[i].Status = retention.Churned
		}
	}
	curve, err := retention.KaplanMeier(subjects, retention.SurvivalOptions{Interval: retention.Log})
	if err != nil {
		panic(err)
	}
	for _, p := range curve.Points {
		fmt.Printf("t=%v at risk %d churned %d censored %d S=%.4f\n", p.Time, p.AtRisk, p.Events, p.Censored, p.Survival)
	}
	median := curve.Median()
	fmt.Printf("median %v, 95%% interval from %v, upper reached %v\n",
		median.Estimate.Time, median.Lower.Time, median.Upper.Reached)
	rmst, err := curve.RMST(8)
	if err != nil {
		panic(err)
	}
	fmt.Printf("RMST(8) %.4f ± %.4f\n", rmst.Estimate, rmst.StdErr)
	// Output:
	// t=2 at risk 8 churned 1 censored 0 S=0.8750
	// t=3 at risk 7 churned 2 censored 1 S=0.6250
	// t=5 at risk 4 churned 0 censored 1 S=0.6250
	// t=6 at risk 3 churned 1 censored 1 S=0.4167
	// t=8 at risk 1 churned 1 censored 0 S=0.0000
	// median 6, 95% interval from 3, upper reached false
	// RMST(8) 5.5833 ± 0.8742
}

func ExampleSurvivalTable() {
	// Two shards counted apart, for example in two processes, merge into
	// the curve of one pass.
	var a, b retention.SurvivalTable
	for i, tenure := range []float64{1, 2, 2, 3, 4, 4, 5, 6, 6, 7} {
		s := retention.Subject{Time: tenure, Status: retention.Churned}
		if i%3 == 2 {
			s.Status = retention.Censored
		}
		shard := &a
		if i%2 == 1 {
			shard = &b
		}
		if err := shard.Add(s); err != nil {
			panic(err)
		}
	}
	a.Merge(b)
	curve, err := a.Curve(retention.SurvivalOptions{})
	if err != nil {
		panic(err)
	}
	at, err := curve.At(4.5)
	if err != nil {
		panic(err)
	}
	fmt.Printf("S(4.5) = %.4f, 95%% log-log interval [%.4f, %.4f]\n", at.Survival, at.Lower, at.Upper)
	// Output:
	// S(4.5) = 0.5714, 95% log-log interval [0.2172, 0.8146]
}

func ExampleCohortsFromActivity() {
	orders := []retention.Activity{
		{Customer: "A", At: date("2024-01-05")}, {Customer: "A", At: date("2024-02-10")},
		{Customer: "B", At: date("2024-01-20")}, {Customer: "B", At: date("2024-03-02")},
		{Customer: "C", At: date("2024-02-14")},
	}
	// Observation ends on 15 March: March is still in progress.
	table, err := retention.CohortsFromActivity(orders, date("2024-03-15"), time.UTC)
	if err != nil {
		panic(err)
	}
	for _, c := range table.Cohorts {
		fmt.Printf("%s (%d):", c.Month, c.Size)
		for _, cell := range c.Cells {
			if cell.State == retention.NotObservable {
				fmt.Print("      -")
				continue
			}
			fmt.Printf(" %5.1f%%", 100*cell.Share)
			if cell.State == retention.InProgress {
				fmt.Print("*")
			}
		}
		fmt.Println()
	}
	// Output:
	// 2024-01 (2): 100.0%  50.0%  50.0%*
	// 2024-02 (1): 100.0%   0.0%*      -
}

func ExampleFitSBG() {
	// Fader and Hardie (2007), "Regular" customers: survivors of 1,000
	// after each of 7 years.
	model, err := retention.FitSBG([]int64{1000, 631, 468, 382, 326, 289, 262, 241})
	if err != nil {
		panic(err)
	}
	fmt.Printf("alpha %.3f beta %.3f\n", model.Alpha, model.Beta)
	for _, year := range []int{8, 10, 12} {
		s, err := model.Survival(year)
		if err != nil {
			panic(err)
		}
		r, err := model.Retention(year)
		if err != nil {
			panic(err)
		}
		fmt.Printf("year %d: survival %.3f, retention %.3f\n", year, s, r)
	}
	// Output:
	// alpha 0.704 beta 1.182
	// year 8: survival 0.220, retention 0.921
	// year 10: survival 0.191, retention 0.935
	// year 12: survival 0.170, retention 0.945
}

func ExampleCycle_Renewal() {
	yearly := retention.Cycle{Unit: retention.IntervalYear}
	monthly := retention.Cycle{Unit: retention.IntervalMonth}
	for n := 1; n <= 4; n++ {
		y, _ := yearly.Renewal(date("2024-02-29"), n, time.UTC)
		m, _ := monthly.Renewal(date("2024-01-31"), n, time.UTC)
		fmt.Println(y.Format(time.DateOnly), m.Format(time.DateOnly))
	}
	// Output:
	// 2025-02-28 2024-02-29
	// 2026-02-28 2024-03-31
	// 2027-02-28 2024-04-30
	// 2028-02-29 2024-05-31
}

// Example_edges prints the edge values: empty and zero denominators are
// errors, a period boundary belongs to one period, and rounding to cents
// happens once.
func Example_edges() {
	none := retention.CustomerCounts{}
	_, err := none.LogoChurn(retention.ChurnOptions{})
	fmt.Println("no customers at start:", errors.Is(err, retention.ErrNoCustomers))

	all := retention.CustomerCounts{AtStart: 4, Churned: 4}
	c, _ := all.LogoChurn(retention.ChurnOptions{})
	fmt.Println("all churned:", c.Value)

	_, err = retention.RevenueCohort{}.NRR()
	fmt.Println("NRR of no revenue:", errors.Is(err, retention.ErrNoRevenue))

	_, err = retention.KaplanMeier(nil, retention.SurvivalOptions{})
	fmt.Println("no subjects:", errors.Is(err, retention.ErrNoSubjects))

	censored := []retention.Subject{{Time: 1, Status: retention.Censored}, {Time: 3, Status: retention.Censored}}
	curve, _ := retention.KaplanMeier(censored, retention.SurvivalOptions{})
	fmt.Println("median reached with no churn:", curve.Median().Estimate.Reached)

	boundary := []retention.Subscription{{Customer: "C", Start: date("2024-03-05"), End: date("2024-04-01")}}
	for _, p := range []retention.Period{
		{Start: date("2024-03-01"), End: date("2024-04-01")},
		{Start: date("2024-04-01"), End: date("2024-05-01")},
	} {
		counts, _ := retention.CountCustomers(boundary, p)
		fmt.Printf("ends 2024-04-01, churned in period from %s: %d\n", p.Start.Format(time.DateOnly), counts.Churned)
	}

	thirds := retention.Price{Amount: decimal.RequireFromString("100.00"), Currency: "USD",
		Cycle: retention.Cycle{Unit: retention.IntervalMonth, Count: 3}}
	one, exact, _ := thirds.Monthly(2)
	three, _ := retention.TotalMRR([]retention.Price{thirds, thirds, thirds}, 2)
	fmt.Println("100.00 per quarter:", one, exact, "three of them:", three.MRR.StringFixed(2), three.Exact)

	// Output:
	// no customers at start: true
	// all churned: 1
	// NRR of no revenue: true
	// no subjects: true
	// median reached with no churn: false
	// ends 2024-04-01, churned in period from 2024-03-01: 0
	// ends 2024-04-01, churned in period from 2024-04-01: 1
	// 100.00 per quarter: 33.33 false three of them: 100.00 true
}

func ExampleMonthlyMRR() {
	usd := func(amount string) retention.Price {
		return retention.Price{Amount: decimal.RequireFromString(amount), Currency: "USD",
			Cycle: retention.Cycle{Unit: retention.IntervalMonth}}
	}
	subs := []retention.PricedSubscription{
		// An upgrade is a new subscription that starts when the old ends.
		{Subscription: retention.Subscription{ID: "A1", Customer: "A", Start: date("2024-01-10"), End: date("2024-02-15")}, Price: usd("100.00")},
		{Subscription: retention.Subscription{ID: "A2", Customer: "A", Start: date("2024-02-15"), End: date("2024-03-20")}, Price: usd("150.00")},
		{Subscription: retention.Subscription{ID: "B1", Customer: "B", Start: date("2024-01-12")}, Price: usd("30.00")},
	}
	first, _ := retention.ParseMonth("2024-01")
	last, _ := retention.ParseMonth("2024-03")
	rows, err := retention.MonthlyMRR(subs, first, last, time.UTC, 2)
	if err != nil {
		panic(err)
	}
	for _, r := range rows {
		fmt.Println(r.Customer, r.Month, r.MRR.StringFixed(2))
	}
	// Output:
	// A 2024-01 100.00
	// A 2024-02 150.00
	// B 2024-01 30.00
	// B 2024-02 30.00
	// B 2024-03 30.00
}

func ExampleCountRenewals() {
	contract := func(id, value string, renewedAt string) retention.Contract {
		c := retention.Contract{ID: id, Due: date("2024-03-01"), Value: decimal.RequireFromString(value), Currency: "EUR"}
		if renewedAt != "" {
			c.Renewed, c.RenewedValue = true, decimal.RequireFromString(renewedAt)
		}
		return c
	}
	contracts := []retention.Contract{
		contract("K1", "1000.00", "1000.00"),
		contract("K2", "1000.00", "700.00"),  // downgraded
		contract("K3", "1000.00", "1500.00"), // upgraded: counts at 1,000.00
		contract("K4", "1000.00", ""),        // not renewed
	}
	q1 := retention.Period{Start: date("2024-01-01"), End: date("2024-04-01")}
	r, err := retention.CountRenewals(contracts, q1)
	if err != nil {
		panic(err)
	}
	logo, _ := r.LogoRate()
	value, _ := r.ValueRate()
	fmt.Printf("logo renewal %d of %d = %.3f, value renewal %.3f\n", logo.Count, logo.Total, logo.Value, value)
	// Output:
	// logo renewal 3 of 4 = 0.750, value renewal 0.675
}

func ExampleCompoundRate() {
	annual, _ := retention.CompoundRate(0.05, 12)
	monthly, _ := retention.CompoundRate(annual, 1.0/12)
	fmt.Printf("5%% a month is %.4f a year (not 0.6); back to a month: %.4f\n", annual, monthly)
	// Output:
	// 5% a month is 0.4596 a year (not 0.6); back to a month: 0.0500
}
