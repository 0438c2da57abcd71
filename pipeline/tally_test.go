package pipeline_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

func TestDealValidation(t *testing.T) {
	good := won("OK", "1", date(2024, 1, 1), date(2024, 1, 2))
	tests := []struct {
		name    string
		deal    pipeline.Deal
		wantErr error
	}{
		{"invalid outcome", pipeline.Deal{ID: "X", Outcome: 3}, pipeline.ErrOutcome},
		{"negative amount", open("X", "New", "-0.01", date(2024, 1, 1)), pipeline.ErrAmount},
		{"probability above one", pipeline.Deal{ID: "X", Probability: 1.5, HasProbability: true}, pipeline.ErrProbability},
		{"probability negative", pipeline.Deal{ID: "X", Probability: -0.1, HasProbability: true}, pipeline.ErrProbability},
		{"probability infinite", pipeline.Deal{ID: "X", Probability: math.Inf(1), HasProbability: true}, pipeline.ErrProbability},
		{"won without close", pipeline.Deal{ID: "X", Outcome: pipeline.Won, CreatedAt: date(2024, 1, 1)}, pipeline.ErrDate},
		{"lost before created", lost("X", "1", date(2024, 1, 2), date(2024, 1, 1)), pipeline.ErrDate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			deals := []pipeline.Deal{good, good, tc.deal}
			_, err := pipeline.PipelineValue(deals)
			checkErr(t, err, tc.wantErr)
			// The error names the index and id of the deal.
			if !strings.Contains(err.Error(), `deal 2 (id "X")`) {
				t.Errorf("error %q does not name deal 2 (id \"X\")", err)
			}

			var tally pipeline.Tally
			checkErr(t, tally.Add(tc.deal), tc.wantErr)
			if tally != (pipeline.Tally{}) {
				t.Errorf("Tally.Add of an invalid deal changed the tally to %+v", tally)
			}
		})
	}
}

func TestLeadValidation(t *testing.T) {
	var tally pipeline.LeadTally
	err := tally.Add(pipeline.Lead{ID: "L", CreatedAt: date(2024, 1, 2), FirstResponseAt: date(2024, 1, 1)})
	checkErr(t, err, pipeline.ErrDate)
	checkErr(t, tally.Add(pipeline.Lead{ID: "L"}), pipeline.ErrDate)
	if tally != (pipeline.LeadTally{}) {
		t.Errorf("LeadTally.Add of invalid leads changed the tally to %+v", tally)
	}

	_, err = pipeline.CountLeads([]pipeline.Lead{{ID: "A", CreatedAt: date(2024, 1, 1)}, {ID: "B"}}, pipeline.Period{})
	checkErr(t, err, pipeline.ErrDate)
	if !strings.Contains(err.Error(), `lead 1 (id "B")`) {
		t.Errorf("error %q does not name lead 1 (id \"B\")", err)
	}
}

// segmentDeals are deals of two owners, for per-segment checks.
func segmentDeals() (all []pipeline.Deal, owners [][]pipeline.Deal) {
	alice := []pipeline.Deal{
		won("A1", "100.10", date(2024, 1, 1), date(2024, 1, 5)),
		lost("A2", "50", date(2024, 1, 2), date(2024, 1, 9)),
		open("A3", "New", "70.5", date(2024, 1, 3)),
	}
	bob := []pipeline.Deal{
		won("B1", "10", date(2024, 1, 1), date(2024, 1, 20)),
		won("B2", "0.01", date(2024, 1, 4), date(2024, 1, 6)),
		{ID: "B3", Stage: "New", AmountUnknown: true},
	}
	all = append(append(all, alice...), bob...)
	return all, [][]pipeline.Deal{alice, bob}
}

func TestTallyMergeBySegment(t *testing.T) {
	all, owners := segmentDeals()
	whole, err := pipeline.PipelineValue(all)
	checkErr(t, err, nil)

	var merged pipeline.Tally
	for _, deals := range owners {
		part, err := pipeline.PipelineValue(deals)
		checkErr(t, err, nil)
		merged.Merge(part)
	}
	if diff := cmp.Diff(whole, merged); diff != "" {
		t.Errorf("merged segments differ from one pass (-want +got):\n%s", diff)
	}

	var added pipeline.Tally
	for _, d := range all {
		checkErr(t, added.Add(d), nil)
	}
	if diff := cmp.Diff(whole, added); diff != "" {
		t.Errorf("Tally.Add differs from PipelineValue (-want +got):\n%s", diff)
	}
}

func TestTallyJSONRoundTrip(t *testing.T) {
	all, _ := segmentDeals()
	want, err := pipeline.PipelineValue(all)
	checkErr(t, err, nil)
	for _, tally := range []pipeline.Tally{want, {}} {
		data, err := json.Marshal(tally)
		checkErr(t, err, nil)
		var got pipeline.Tally
		checkErr(t, json.Unmarshal(data, &got), nil)
		if diff := cmp.Diff(tally, got); diff != "" {
			t.Errorf("JSON round trip of %s mismatch (-want +got):\n%s", data, diff)
		}
	}

	// A decoded zero tally merges with a non-empty one to exactly that one.
	var zero pipeline.Tally
	checkErr(t, json.Unmarshal([]byte(`{}`), &zero), nil)
	zero.Merge(want)
	if diff := cmp.Diff(want, zero); diff != "" {
		t.Errorf("zero tally merged mismatch (-want +got):\n%s", diff)
	}
}

func TestLeadTallyMergeAndJSON(t *testing.T) {
	leads := []pipeline.Lead{
		{ID: "A", CreatedAt: date(2024, 1, 1), Qualified: true},
		{ID: "B", CreatedAt: date(2024, 1, 2), Converted: true, Qualified: true, FirstResponseAt: date(2024, 1, 3)},
		{ID: "C", CreatedAt: date(2024, 1, 3)},
	}
	whole, err := pipeline.CountLeads(leads, pipeline.Period{})
	checkErr(t, err, nil)
	first, err := pipeline.CountLeads(leads[:1], pipeline.Period{})
	checkErr(t, err, nil)
	rest, err := pipeline.CountLeads(leads[1:], pipeline.Period{})
	checkErr(t, err, nil)
	first.Merge(rest)
	if first != whole {
		t.Errorf("merged %+v, want %+v", first, whole)
	}

	data, err := json.Marshal(whole)
	checkErr(t, err, nil)
	var got pipeline.LeadTally
	checkErr(t, json.Unmarshal(data, &got), nil)
	if got != whole {
		t.Errorf("JSON round trip %s = %+v, want %+v", data, got, whole)
	}
}

func TestWinRatePerSegment(t *testing.T) {
	all, owners := segmentDeals()
	whole, err := pipeline.WinRate(all, pipeline.WinRateOptions{})
	checkErr(t, err, nil)

	// Per owner: Alice 1 of 2, Bob 2 of 2; together 3 of 4.
	wants := []float64{0.5, 1}
	var merged pipeline.Tally
	for i, deals := range owners {
		res, err := pipeline.WinRate(deals, pipeline.WinRateOptions{})
		checkErr(t, err, nil)
		if res.ByCount.Value != wants[i] {
			t.Errorf("segment %d win rate = %v, want %v", i, res.ByCount.Value, wants[i])
		}
		merged.Merge(res.Deals)
	}
	rate, err := merged.WinRate(pipeline.BasisClosed)
	checkErr(t, err, nil)
	if rate != whole.ByCount || rate.Value != 0.75 {
		t.Errorf("merged win rate = %+v, want %+v = 0.75", rate, whole.ByCount)
	}
}

func TestAverageWonAmount(t *testing.T) {
	tests := []struct {
		name    string
		tally   pipeline.Tally
		want    string
		wantErr error
	}{
		{"thirds", pipeline.Tally{Won: 3, WonAmount: dec("100")}, "33.3333333333333333", nil},                                    // 100/3 to 16 places
		{"halves round away from zero", pipeline.Tally{Won: 2, WonAmount: dec("0.0000000000000001")}, "0.0000000000000001", nil}, // 5e-17 rounds up to 1e-16,
		{"no won deals", pipeline.Tally{Lost: 2}, "", pipeline.ErrNoWonDeals},
		{"missing amount", pipeline.Tally{Won: 2, WonWithoutAmount: 1, WonAmount: dec("5")}, "", pipeline.ErrAmount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.tally.AverageWonAmount()
			if !checkErr(t, err, tc.wantErr) {
				return
			}
			checkDecimal(t, "AverageWonAmount", got, tc.want)
		})
	}
}

func TestAllocationsPerDeal(t *testing.T) {
	small, large := manyDeals(100), manyDeals(10000)
	probs := map[string]float64{"New": 0.1, "Proposal": 0.5}
	funcs := []struct {
		name string
		run  func([]pipeline.Deal)
	}{
		{"PipelineValue", func(d []pipeline.Deal) { _, _ = pipeline.PipelineValue(d) }},
		{"WinRate", func(d []pipeline.Deal) { _, _ = pipeline.WinRate(d, pipeline.WinRateOptions{}) }},
		{"WeightedPipeline", func(d []pipeline.Deal) { _, _ = pipeline.WeightedPipeline(d, probs) }},
		{"SalesCycle", func(d []pipeline.Deal) { _, _ = pipeline.SalesCycle(d, pipeline.CycleOptions{}) }},
		{"SalesVelocity", func(d []pipeline.Deal) { _, _ = pipeline.SalesVelocity(d, pipeline.VelocityOptions{}) }},
	}
	for _, f := range funcs {
		a := testing.AllocsPerRun(5, func() { f.run(small) })
		b := testing.AllocsPerRun(5, func() { f.run(large) })
		// A fixed number of allocations, whatever the number of deals: any
		// per-deal allocation would add thousands. The decimal quotients
		// allocate a few more big.Int words for larger sums.
		if b > a+8 || b > 50 {
			t.Errorf("%s allocates %v times for 100 deals and %v for 10,000, want a small number independent of the count", f.name, a, b)
		}
	}
}

// manyDeals returns n deals cycling through open, won and lost, with cent
// amounts.
func manyDeals(n int) []pipeline.Deal {
	deals := make([]pipeline.Deal, n)
	start := date(2024, 1, 1)
	for i := range deals {
		created := start.Add(time.Duration(i%97) * time.Hour)
		amount := dec("1000.00").Add(dec("0.01").Mul(dec(string(rune('0' + i%10)))))
		switch i % 3 {
		case 0:
			deals[i] = pipeline.Deal{ID: "O", Stage: []string{"New", "Proposal"}[i%2], Amount: amount, CreatedAt: created}
		case 1:
			deals[i] = pipeline.Deal{ID: "W", Stage: "Won", Outcome: pipeline.Won, Amount: amount, CreatedAt: created, ClosedAt: created.Add(time.Duration(1+i%60) * day)}
		default:
			deals[i] = pipeline.Deal{ID: "L", Stage: "Lost", Outcome: pipeline.Lost, Amount: amount, CreatedAt: created, ClosedAt: created.Add(time.Duration(1+i%30) * day)}
		}
	}
	return deals
}

func TestTallyInvalidCounts(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantErr error
	}{
		{"negative lost", `{"won":5,"lost":-3,"won_amount":"200","lost_amount":"0"}`, pipeline.ErrInvalidCounts},
		{"negative won", `{"won":-1,"won_amount":"100"}`, pipeline.ErrInvalidCounts},
		{"negative open", `{"open":-1}`, pipeline.ErrInvalidCounts},
		{"without amount above count", `{"won":1,"won_without_amount":2}`, pipeline.ErrInvalidCounts},
		{"negative without amount", `{"lost":1,"lost_without_amount":-1,"lost_amount":"1"}`, pipeline.ErrInvalidCounts},
		{"counts sum past int64", `{"open":9223372036854775807,"won":1,"won_amount":"1"}`, pipeline.ErrInvalidCounts},
		{"amount without deals", `{"won":1,"lost":0,"won_amount":"10","lost_amount":"5"}`, pipeline.ErrInvalidCounts},
		{"negative amount", `{"won":1,"lost":1,"won_amount":"10","lost_amount":"-5"}`, pipeline.ErrAmount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var tally pipeline.Tally
			checkErr(t, json.Unmarshal([]byte(tc.json), &tally), nil)

			_, err := tally.WinRate(pipeline.BasisClosed)
			checkErr(t, err, tc.wantErr)
			_, err = tally.WinRate(pipeline.BasisCreated)
			checkErr(t, err, tc.wantErr)
			_, err = tally.WinRateByValue(pipeline.BasisClosed)
			checkErr(t, err, tc.wantErr)
			_, err = tally.AverageWonAmount()
			checkErr(t, err, tc.wantErr)

			before := tally
			checkErr(t, tally.Add(won("W", "1", date(2024, 1, 1), date(2024, 1, 2))), tc.wantErr)
			if diff := cmp.Diff(before, tally); diff != "" {
				t.Errorf("Add to an invalid tally changed it (-before +after):\n%s", diff)
			}
		})
	}
}

func TestTallyMergeOverflow(t *testing.T) {
	// Merging Won = MaxInt64 with Won = 1 used to wrap to MinInt64 and give
	// a win rate of MinInt64 / MinInt64 = 1.
	tally := pipeline.Tally{Won: math.MaxInt64}
	tally.Merge(pipeline.Tally{Won: 1})
	_, err := tally.WinRate(pipeline.BasisClosed)
	checkErr(t, err, pipeline.ErrInvalidCounts)

	// Later merges of valid tallies never bring the count back into range.
	for range 3 {
		tally.Merge(pipeline.Tally{Won: math.MaxInt64})
		_, err = tally.WinRate(pipeline.BasisClosed)
		checkErr(t, err, pipeline.ErrInvalidCounts)
	}

	// A valid tally that merges an invalid one becomes invalid, even where
	// the sums look valid: Lost 2 + Lost -2 = 0.
	valid := pipeline.Tally{Won: 1, Lost: 2, WonAmount: dec("1"), LostAmount: dec("2")}
	valid.Merge(pipeline.Tally{Lost: -2})
	_, err = valid.WinRate(pipeline.BasisClosed)
	checkErr(t, err, pipeline.ErrInvalidCounts)

	// Adding one deal to a tally that counts MaxInt64 deals fails.
	full := pipeline.Tally{Open: math.MaxInt64 - 1, Lost: 1, LostAmount: dec("1"), OpenAmount: dec("1")}
	checkErr(t, full.Add(won("W", "1", date(2024, 1, 1), date(2024, 1, 2))), pipeline.ErrInvalidCounts)
}

func TestLeadTallyInvalidCounts(t *testing.T) {
	tests := []struct {
		name  string
		tally pipeline.LeadTally
	}{
		{"converted above leads", pipeline.LeadTally{Leads: 2, Converted: 5}},
		{"qualified above leads", pipeline.LeadTally{Leads: 2, Qualified: 3}},
		{"answered above leads", pipeline.LeadTally{Leads: 2, Answered: 3}},
		{"negative leads", pipeline.LeadTally{Leads: -2}},
		{"negative converted", pipeline.LeadTally{Leads: 2, Converted: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.tally.ConversionRate()
			checkErr(t, err, pipeline.ErrInvalidCounts)
			_, err = tc.tally.QualificationRate()
			checkErr(t, err, pipeline.ErrInvalidCounts)
			tally := tc.tally
			checkErr(t, tally.Add(pipeline.Lead{ID: "L", CreatedAt: date(2024, 1, 1)}), pipeline.ErrInvalidCounts)
			if tally != tc.tally {
				t.Errorf("Add to an invalid tally changed it to %+v", tally)
			}
		})
	}

	// Merge past int64 leaves a count that every result rejects.
	tally := pipeline.LeadTally{Leads: math.MaxInt64}
	tally.Merge(pipeline.LeadTally{Leads: 1})
	_, err := tally.ConversionRate()
	checkErr(t, err, pipeline.ErrInvalidCounts)
	tally.Merge(pipeline.LeadTally{Leads: math.MaxInt64})
	_, err = tally.QualificationRate()
	checkErr(t, err, pipeline.ErrInvalidCounts)
}

func TestTallyAddAllocations(t *testing.T) {
	// Add allocates for its decimal sum only: checking the tally on every
	// call must not add allocations of its own.
	d := won("W", "12.50", date(2024, 1, 1), date(2024, 1, 2))
	var tally pipeline.Tally
	add := testing.AllocsPerRun(100, func() { _ = tally.Add(d) })
	sum := d.Amount
	decimalAdd := testing.AllocsPerRun(100, func() { sum = sum.Add(d.Amount) })
	if add > decimalAdd {
		t.Errorf("Tally.Add allocates %v times per deal, decimal.Decimal.Add %v", add, decimalAdd)
	}
}
