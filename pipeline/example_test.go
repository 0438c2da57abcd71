package pipeline_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// exampleDeals are a small pipeline of one quarter.
func exampleDeals() []pipeline.Deal {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	amount := decimal.RequireFromString
	return []pipeline.Deal{
		{ID: "D1", Stage: "Discovery", Amount: amount("10000.00"), CreatedAt: d(2024, 1, 8)},
		{ID: "D2", Stage: "Proposal", Amount: amount("20000.00"), CreatedAt: d(2024, 1, 15)},
		{ID: "D3", Stage: "Negotiation", Amount: amount("5000.00"), CreatedAt: d(2024, 2, 1), Probability: 0.9, HasProbability: true},
		{ID: "D4", Stage: "Closed Won", Outcome: pipeline.Won, Amount: amount("30000.00"), CreatedAt: d(2024, 1, 2), ClosedAt: d(2024, 2, 21)},
		{ID: "D5", Stage: "Closed Won", Outcome: pipeline.Won, Amount: amount("12000.00"), CreatedAt: d(2024, 2, 5), ClosedAt: d(2024, 3, 6)},
		{ID: "D6", Stage: "Closed Lost", Outcome: pipeline.Lost, Amount: amount("15000.00"), CreatedAt: d(2024, 1, 10), ClosedAt: d(2024, 3, 1)},
	}
}

func ExamplePipelineValue() {
	t, err := pipeline.PipelineValue(exampleDeals())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("open: %d deals, %s\n", t.Open, t.OpenAmount.StringFixed(2))
	fmt.Printf("won apart: %d deals, %s\n", t.Won, t.WonAmount.StringFixed(2))
	// Output:
	// open: 3 deals, 35000.00
	// won apart: 2 deals, 42000.00
}

func ExampleWeightedPipeline() {
	probabilities := map[string]float64{
		"Discovery": 0.1, "Proposal": 0.5, "Negotiation": 0.8,
		"Closed Won": 1, "Closed Lost": 0,
	}
	w, err := pipeline.WeightedPipeline(exampleDeals(), probabilities)
	if err != nil {
		fmt.Println(err)
		return
	}
	// D3 uses its own 0.9: 1,000 + 10,000 + 4,500.
	fmt.Println(w.Value.StringFixed(2), w.OpenDeals, w.Overridden)

	_, err = pipeline.WeightedPipeline(exampleDeals(), map[string]float64{"Discovery": 0.1})
	fmt.Println(errors.Is(err, pipeline.ErrStage), err)
	// Output:
	// 15500.00 3 1
	// true pipeline: deal 1 (id "D2"): unknown stage: stage "Proposal" has no probability
}

func ExampleWinRate() {
	q1 := pipeline.Period{
		Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		End:   time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC),
	}
	res, err := pipeline.WinRate(exampleDeals(), pipeline.WinRateOptions{Period: q1})
	if err != nil {
		fmt.Println(err)
		return
	}
	interval, _ := res.ByCount.Interval(0.95)
	byValue, _ := res.ByValue()
	fmt.Printf("win rate %d/%d = %.3f, 95%% [%.3f, %.3f]\n", res.ByCount.Numerator,
		res.ByCount.Denominator, res.ByCount.Value, interval.Lower, interval.Upper)
	fmt.Printf("by value %.3f\n", byValue)

	created, _ := pipeline.WinRate(exampleDeals(), pipeline.WinRateOptions{Basis: pipeline.BasisCreated, Period: q1})
	fmt.Printf("close rate of the Q1 cohort %d/%d\n", created.ByCount.Numerator, created.ByCount.Denominator)
	// Output:
	// win rate 2/3 = 0.667, 95% [0.208, 0.939]
	// by value 0.737
	// close rate of the Q1 cohort 2/6
}

func ExampleSalesCycle() {
	c, err := pipeline.SalesCycle(exampleDeals(), pipeline.CycleOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	days := func(d time.Duration) float64 { return d.Hours() / 24 }
	fmt.Printf("%d won deals: mean %.1f days, median %.1f days, max %.0f days\n",
		c.Length.N, days(c.Length.Mean), days(c.Length.Median), days(c.Length.Max))
	// Output:
	// 2 won deals: mean 40.0 days, median 40.0 days, max 50 days
}

func ExampleSalesVelocity() {
	v, err := pipeline.SalesVelocity(exampleDeals(), pipeline.VelocityOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// 3 open × 2/3 × 21,000 / 40 days.
	fmt.Println(v.OpenDeals, v.WinRate.Value, v.AverageWonAmount.StringFixed(2),
		v.Cycle.Length.Mean, v.PerDay.StringFixed(2))
	// Output:
	// 3 0.6666666666666666 21000.00 960h0m0s 1050.00
}

func ExampleVelocityOf() {
	// 40 opportunities × £25,000 × 0.25 / 90 days.
	v, err := pipeline.VelocityOf(40, 0.25, decimal.NewFromInt(25000), 90*24*time.Hour)
	fmt.Println(v.StringFixed(2), err)
	_, err = pipeline.VelocityOf(40, 0.25, decimal.NewFromInt(25000), 0)
	fmt.Println(errors.Is(err, pipeline.ErrZeroCycle))
	// Output:
	// 2777.78 <nil>
	// true
}

func ExampleDealAt() {
	stages := []pipeline.Stage{
		{Name: "New"}, {Name: "Won", Outcome: pipeline.Won}, {Name: "Lost", Outcome: pipeline.Lost},
	}
	day := func(d int) time.Time { return time.Date(2024, 6, d, 0, 0, 0, 0, time.UTC) }
	deal := pipeline.Deal{ID: "L1", CreatedAt: day(1), History: []pipeline.StageEntry{
		{Stage: "New", EnteredAt: day(1)},
		{Stage: "Won", EnteredAt: day(10)},
		{Stage: "New", EnteredAt: day(12)}, // moved back out of Won
	}}
	for _, asOf := range []time.Time{day(11), day(30)} {
		d, err := pipeline.DealAt(deal, stages, asOf)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s, %v, closed %v\n", asOf.Format(time.DateOnly), d.Stage, d.Outcome, !d.ClosedAt.IsZero())
	}
	// Output:
	// 2024-06-11: Won, won, closed true
	// 2024-06-30: New, open, closed false
}

func ExampleTimeInStage() {
	day := func(d int) time.Time { return time.Date(2024, 6, d, 0, 0, 0, 0, time.UTC) }
	deal := pipeline.Deal{ID: "R", History: []pipeline.StageEntry{
		{Stage: "New", EnteredAt: day(1)},
		{Stage: "Proposal", EnteredAt: day(3)},
		{Stage: "New", EnteredAt: day(5)},
		{Stage: "Proposal", EnteredAt: day(6)},
	}}
	times, err := pipeline.TimeInStage(deal, day(10))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range times {
		fmt.Printf("%s: %d visits, latest %v, cumulative %v\n", st.Stage, st.Visits, st.Latest, st.Cumulative)
	}
	// Output:
	// New: 2 visits, latest 24h0m0s, cumulative 72h0m0s
	// Proposal: 2 visits, latest 96h0m0s, cumulative 144h0m0s
}

func ExampleStageTimes() {
	stages := []pipeline.Stage{{Name: "New"}, {Name: "Demo"}, {Name: "Won", Outcome: pipeline.Won}}
	day := func(d int) time.Time { return time.Date(2024, 6, d, 0, 0, 0, 0, time.UTC) }
	deals := []pipeline.Deal{
		{ID: "A", History: []pipeline.StageEntry{{Stage: "New", EnteredAt: day(1)}, {Stage: "Demo", EnteredAt: day(3)}, {Stage: "Won", EnteredAt: day(9)}}},
		{ID: "B", History: []pipeline.StageEntry{{Stage: "New", EnteredAt: day(2)}, {Stage: "Demo", EnteredAt: day(8)}}},
	}
	stats, err := pipeline.StageTimes(deals, stages, day(10))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range stats[:2] {
		fmt.Printf("%s: %d deals, median %v\n", s.Stage, s.Deals, s.Cumulative.Median)
	}
	// Output:
	// New: 2 deals, median 96h0m0s
	// Demo: 2 deals, median 96h0m0s
}

func ExampleFunnel() {
	stages := []pipeline.Stage{
		{Name: "New"}, {Name: "Demo"}, {Name: "Proposal"},
		{Name: "Won", Outcome: pipeline.Won}, {Name: "Lost", Outcome: pipeline.Lost},
	}
	deals := []pipeline.Deal{
		{ID: "A", Stage: "Won"}, {ID: "B", Stage: "Proposal"}, {ID: "C", Stage: "Demo"},
		{ID: "D", Stage: "Demo"}, {ID: "E", Stage: "New"},
	}
	steps, err := pipeline.Funnel(deals, stages)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range steps {
		c, _ := s.Conversion()
		fmt.Printf("%-8s reached %d, %d of %d from the step before\n", s.Stage, s.Reached, c.Numerator, c.Denominator)
	}
	// Output:
	// New      reached 5, 5 of 5 from the step before
	// Demo     reached 4, 4 of 5 from the step before
	// Proposal reached 2, 2 of 4 from the step before
	// Won      reached 1, 1 of 2 from the step before
}

func ExampleCountLeads() {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	leads := []pipeline.Lead{
		{ID: "1", CreatedAt: day(1), Qualified: true, Converted: true},
		{ID: "2", CreatedAt: day(2), Qualified: true},
		{ID: "3", CreatedAt: day(3)},
		{ID: "4", CreatedAt: day(4)},
	}
	t, err := pipeline.CountLeads(leads, pipeline.Period{Start: day(1), End: day(31)})
	if err != nil {
		fmt.Println(err)
		return
	}
	q, _ := t.QualificationRate()
	c, _ := t.ConversionRate()
	fmt.Println(t.Leads, q.Value, c.Value)
	// Output:
	// 4 0.5 0.25
}

func ExampleLeadResponseTimes() {
	created := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	leads := []pipeline.Lead{
		{ID: "1", CreatedAt: created, FirstResponseAt: created.Add(4 * time.Minute)},
		{ID: "2", CreatedAt: created, FirstResponseAt: created.Add(30 * time.Minute)},
		{ID: "3", CreatedAt: created, FirstResponseAt: created.Add(2 * time.Hour)},
		{ID: "4", CreatedAt: created}, // unanswered: counted apart, not as 0
	}
	r, err := pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Leads, r.Unanswered, r.Times.Median, r.Times.Mean)
	// Output:
	// 4 1 30m0s 51m20s
}

func ExampleRespondedWithin() {
	created := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	leads := []pipeline.Lead{
		{ID: "1", CreatedAt: created, FirstResponseAt: created.Add(time.Hour)},
		{ID: "2", CreatedAt: created, FirstResponseAt: created.Add(24 * time.Hour)}, // at the target: within
		{ID: "3", CreatedAt: created, FirstResponseAt: created.Add(25 * time.Hour)},
		{ID: "4", CreatedAt: created},
	}
	s, err := pipeline.RespondedWithin(leads, 24*time.Hour, pipeline.ResponseOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Within.Numerator, s.Within.Denominator, s.Late, s.Unanswered)
	// Output:
	// 2 4 1 1
}

func ExampleNewCalendar() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		fmt.Println(err)
		return
	}
	var week pipeline.Week
	for wd := time.Monday; wd <= time.Friday; wd++ {
		week[wd] = []pipeline.Span{{Open: 9 * time.Hour, Close: 17 * time.Hour}}
	}
	calendar, err := pipeline.NewCalendar(berlin, week, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	friday := time.Date(2024, 3, 8, 16, 0, 0, 0, berlin)
	leads := []pipeline.Lead{{ID: "1", CreatedAt: friday, FirstResponseAt: friday.Add(66 * time.Hour)}}
	business, _ := pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{Calendar: calendar})
	elapsed, _ := pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{})
	fmt.Println(business.Times.Median, elapsed.Times.Median)
	// Output:
	// 2h0m0s 66h0m0s
}

func ExampleTally_Merge() {
	// Tally each owner's deals in its own goroutine or process, then merge.
	deals := exampleDeals()
	var alice, bob pipeline.Tally
	for _, d := range deals[:3] {
		_ = alice.Add(d)
	}
	for _, d := range deals[3:] {
		_ = bob.Add(d)
	}
	alice.Merge(bob)
	rate, _ := alice.WinRate(pipeline.BasisClosed)
	fmt.Println(alice.OpenAmount.StringFixed(2), rate.Numerator, rate.Denominator)
	// Output:
	// 35000.00 2 3
}

// Example_edges prints the edge cases: an empty denominator is an error,
// not 0 or NaN; all won and none won are real rates; a configured 0%
// probability is kept while a missing one is an error; a response exactly
// at the target is within it; money quotients round half away from zero at
// 16 places.
func Example_edges() {
	d := func(day int) time.Time { return time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC) }
	won := pipeline.Deal{ID: "W", Outcome: pipeline.Won, Amount: decimal.NewFromInt(1), CreatedAt: d(1), ClosedAt: d(2)}
	lost := pipeline.Deal{ID: "L", Outcome: pipeline.Lost, Amount: decimal.NewFromInt(1), CreatedAt: d(1), ClosedAt: d(2)}
	rate := func(deals ...pipeline.Deal) string {
		r, err := pipeline.WinRate(deals, pipeline.WinRateOptions{})
		if err != nil {
			return fmt.Sprintf("error (%v)", errors.Is(err, pipeline.ErrNoClosedDeals))
		}
		return fmt.Sprint(r.ByCount.Value)
	}
	fmt.Println("no closed deals:", rate())
	fmt.Println("all won:", rate(won, won))
	fmt.Println("none won:", rate(lost, lost))

	parked := []pipeline.Deal{{ID: "P", Stage: "Parked", Amount: decimal.NewFromInt(100)}}
	w, err := pipeline.WeightedPipeline(parked, map[string]float64{"Parked": 0})
	fmt.Println("stage at 0%:", w.Value, err)
	_, err = pipeline.WeightedPipeline(parked, map[string]float64{})
	fmt.Println("stage missing:", errors.Is(err, pipeline.ErrStage))

	lead := pipeline.Lead{ID: "1", CreatedAt: d(1), FirstResponseAt: d(2)}
	s, _ := pipeline.RespondedWithin([]pipeline.Lead{lead}, 24*time.Hour, pipeline.ResponseOptions{})
	fmt.Println("answered at 24 h, target 24 h:", s.Within.Value)

	half := pipeline.Tally{Won: 2, WonAmount: decimal.RequireFromString("0.0000000000000001")}
	avg, _ := half.AverageWonAmount()
	fmt.Println("half of 1e-16:", avg)
	// Output:
	// no closed deals: error (true)
	// all won: 1
	// none won: 0
	// stage at 0%: 0 <nil>
	// stage missing: true
	// answered at 24 h, target 24 h: 1
	// half of 1e-16: 0.0000000000000001
}
