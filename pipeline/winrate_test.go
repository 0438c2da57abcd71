package pipeline_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// reopenStages is a pipeline with two working stages and two closing ones.
var reopenStages = []pipeline.Stage{
	{Name: "New"},
	{Name: "Proposal"},
	{Name: "Won", Outcome: pipeline.Won},
	{Name: "Lost", Outcome: pipeline.Lost},
}

// at returns 2024-06-d at 09:00 UTC.
func at(d int) time.Time {
	return time.Date(2024, 6, d, 9, 0, 0, 0, time.UTC)
}

// reopenedDeals is a stage history in which L1 was won and then moved back
// to New, the fault of odoo PR 93704 (https://github.com/odoo/odoo/pull/93704):
// the dashboard kept counting L1 as won from its old close date.
var reopenedDeals = []pipeline.Deal{
	{ID: "L1", Amount: dec("100"), CreatedAt: at(1), History: []pipeline.StageEntry{
		{Stage: "New", EnteredAt: at(1)}, {Stage: "Won", EnteredAt: at(10)}, {Stage: "New", EnteredAt: at(12)}}},
	{ID: "L2", Amount: dec("200"), CreatedAt: at(3), History: []pipeline.StageEntry{
		{Stage: "New", EnteredAt: at(3)}, {Stage: "Proposal", EnteredAt: at(5)}, {Stage: "Lost", EnteredAt: at(20)}}},
	{ID: "L3", Amount: dec("300"), CreatedAt: at(1), History: []pipeline.StageEntry{
		{Stage: "New", EnteredAt: at(1)}, {Stage: "Won", EnteredAt: at(25)}}},
	{ID: "L4", Amount: dec("400"), CreatedAt: at(5), History: []pipeline.StageEntry{
		{Stage: "New", EnteredAt: at(5)}, {Stage: "Proposal", EnteredAt: at(8)}}},
}

// reopenedAsOf is the evaluation time of reopenedDeals, 2024-06-30 23:59 UTC.
var reopenedAsOf = time.Date(2024, 6, 30, 23, 59, 0, 0, time.UTC)

// dealsAt returns every deal as of asOf, failing the test on an error.
func dealsAt(t *testing.T, deals []pipeline.Deal, asOf time.Time) []pipeline.Deal {
	t.Helper()
	out := make([]pipeline.Deal, len(deals))
	for i, d := range deals {
		var err error
		if out[i], err = pipeline.DealAt(d, reopenStages, asOf); err != nil {
			t.Fatalf("DealAt(%s): %v", d.ID, err)
		}
	}
	return out
}

func TestDealAtLatestStage(t *testing.T) {
	deals := dealsAt(t, reopenedDeals, reopenedAsOf)
	tests := []struct {
		id      string
		stage   string
		outcome pipeline.Outcome
		closed  time.Time
	}{
		{"L1", "New", pipeline.Open, time.Time{}},
		{"L2", "Lost", pipeline.Lost, at(20)},
		{"L3", "Won", pipeline.Won, at(25)},
		{"L4", "Proposal", pipeline.Open, time.Time{}},
	}
	for i, tc := range tests {
		d := deals[i]
		if d.ID != tc.id || d.Stage != tc.stage || d.Outcome != tc.outcome || !d.ClosedAt.Equal(tc.closed) {
			t.Errorf("DealAt(%s) = stage %q, %v, closed %v; want %q, %v, closed %v",
				tc.id, d.Stage, d.Outcome, d.ClosedAt, tc.stage, tc.outcome, tc.closed)
		}
	}
}

func TestDealAtEarlierTime(t *testing.T) {
	// On 2024-06-11 L1 was still won, closed on 06-10; the later entries
	// are cut off.
	d, err := pipeline.DealAt(reopenedDeals[0], reopenStages, at(11))
	checkErr(t, err, nil)
	if d.Outcome != pipeline.Won || !d.ClosedAt.Equal(at(10)) || len(d.History) != 2 {
		t.Errorf("DealAt(L1, 06-11) = %v closed %v with %d entries, want won closed %v with 2",
			d.Outcome, d.ClosedAt, len(d.History), at(10))
	}
}

func TestDealAtErrors(t *testing.T) {
	entry := func(stage string, when time.Time) pipeline.StageEntry {
		return pipeline.StageEntry{Stage: stage, EnteredAt: when}
	}
	tests := []struct {
		name    string
		deal    pipeline.Deal
		stages  []pipeline.Stage
		wantErr error
	}{
		{"empty history", pipeline.Deal{ID: "A"}, reopenStages, pipeline.ErrHistory},
		{"out of order", pipeline.Deal{ID: "A", History: []pipeline.StageEntry{entry("New", at(5)), entry("Won", at(4))}}, reopenStages, pipeline.ErrHistory},
		{"before creation", pipeline.Deal{ID: "A", CreatedAt: at(5), History: []pipeline.StageEntry{entry("New", at(4))}}, reopenStages, pipeline.ErrHistory},
		{"zero entry time", pipeline.Deal{ID: "A", History: []pipeline.StageEntry{entry("New", time.Time{})}}, reopenStages, pipeline.ErrHistory},
		{"unknown stage", pipeline.Deal{ID: "A", History: []pipeline.StageEntry{entry("Demo", at(4))}}, reopenStages, pipeline.ErrStage},
		{"nothing by as-of", pipeline.Deal{ID: "A", History: []pipeline.StageEntry{entry("New", time.Date(2024, 7, 2, 0, 0, 0, 0, time.UTC))}}, reopenStages, pipeline.ErrHistory},
		{"invalid stage outcome", pipeline.Deal{ID: "A", History: []pipeline.StageEntry{entry("New", at(4))}}, []pipeline.Stage{{Name: "New", Outcome: 7}}, pipeline.ErrOutcome},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pipeline.DealAt(tc.deal, tc.stages, reopenedAsOf)
			checkErr(t, err, tc.wantErr)
		})
	}
}

func TestWinRateReopenedDeal(t *testing.T) {
	res, err := pipeline.WinRate(dealsAt(t, reopenedDeals, reopenedAsOf), pipeline.WinRateOptions{})
	checkErr(t, err, nil)
	// Closed as of 06-30: L3 won, L2 lost; L1 is open again. The naive
	// count of L1's old win gives 2/3.
	want := pipeline.Rate{Numerator: 1, Denominator: 2, Value: 0.5}
	if diff := cmp.Diff(want, res.ByCount); diff != "" {
		t.Errorf("WinRate mismatch (-want +got):\n%s", diff)
	}
}

func TestWinRateStaleCloseDate(t *testing.T) {
	// The same deals given without history, with L1's stale close time
	// still set on an open deal: it must not count.
	deals := []pipeline.Deal{
		{ID: "L1", Stage: "New", Amount: dec("100"), CreatedAt: at(1), ClosedAt: at(10)},
		lost("L2", "200", at(3), at(20)),
		won("L3", "300", at(1), at(25)),
		{ID: "L4", Stage: "Proposal", Amount: dec("400"), CreatedAt: at(5)},
	}
	res, err := pipeline.WinRate(deals, pipeline.WinRateOptions{})
	checkErr(t, err, nil)
	if res.ByCount.Value != 0.5 || res.Deals.Open != 0 {
		t.Errorf("WinRate = %v with %d open deals counted, want 0.5 with 0", res.ByCount.Value, res.Deals.Open)
	}

	cycle, err := pipeline.SalesCycle(deals, pipeline.CycleOptions{})
	checkErr(t, err, nil)
	// L3 only: 06-01 to 06-25 = 24 days = 576 h. The naive average over
	// L1's stale date and L3 is (9 + 24) / 2 = 16.5 days.
	if cycle.Length.N != 1 || cycle.Length.Mean != 576*time.Hour {
		t.Errorf("SalesCycle = %d deals, mean %v; want 1, 576h", cycle.Length.N, cycle.Length.Mean)
	}
}

func TestWinRate(t *testing.T) {
	q1 := pipeline.Period{Start: date(2024, 1, 1), End: date(2024, 4, 1)}
	deals := []pipeline.Deal{
		won("A", "100", date(2023, 12, 1), date(2024, 1, 10)),
		won("B", "200", date(2024, 1, 5), date(2024, 3, 31)),
		lost("C", "300", date(2024, 2, 1), date(2024, 4, 1)), // closed on End: outside
		lost("D", "400", date(2024, 2, 2), date(2024, 2, 20)),
		lost("E", "500", date(2024, 3, 1), date(2024, 3, 5)),
		open("F", "New", "600", date(2024, 3, 2)),
		open("G", "New", "700", date(2024, 4, 2)),
	}
	tests := []struct {
		name    string
		deals   []pipeline.Deal
		opts    pipeline.WinRateOptions
		want    pipeline.Rate
		wantErr error
		source  string
	}{
		{"closed all time", deals, pipeline.WinRateOptions{}, pipeline.Rate{Numerator: 2, Denominator: 5, Value: 0.4}, nil,
			"won A, B of closed A..E"},
		{"closed in period", deals, pipeline.WinRateOptions{Period: q1}, pipeline.Rate{Numerator: 2, Denominator: 4, Value: 0.5}, nil,
			"A, B won, D, E lost in Q1; C closed on the period's end"},
		{"created in period", deals, pipeline.WinRateOptions{Basis: pipeline.BasisCreated, Period: q1}, pipeline.Rate{Numerator: 1, Denominator: 5, Value: 0.2}, nil,
			"created in Q1: B (won), C, D, E, F; A created in 2023, G in April"},
		{"created all time", deals, pipeline.WinRateOptions{Basis: pipeline.BasisCreated}, pipeline.Rate{Numerator: 2, Denominator: 7, Value: 2.0 / 7}, nil,
			"won A, B of all seven deals"},
		{"no closed deals", deals[5:], pipeline.WinRateOptions{}, pipeline.Rate{}, pipeline.ErrNoClosedDeals,
			"only open deals: 0/0"},
		{"no deals created", deals, pipeline.WinRateOptions{Basis: pipeline.BasisCreated, Period: pipeline.Period{Start: date(2025, 1, 1)}}, pipeline.Rate{}, pipeline.ErrNoDeals,
			"no deal created in 2025: 0/0"},
		{"empty input", nil, pipeline.WinRateOptions{}, pipeline.Rate{}, pipeline.ErrNoClosedDeals,
			"no deals at all"},
		{"unknown basis", deals, pipeline.WinRateOptions{Basis: 9}, pipeline.Rate{}, pipeline.ErrOption,
			"basis 9 does not exist"},
		{"period reversed", deals, pipeline.WinRateOptions{Period: pipeline.Period{Start: date(2024, 2, 1), End: date(2024, 1, 1)}}, pipeline.Rate{}, pipeline.ErrPeriod,
			"end before start"},
		{"created basis needs creation time", []pipeline.Deal{{ID: "X", Stage: "New"}}, pipeline.WinRateOptions{Basis: pipeline.BasisCreated, Period: q1}, pipeline.Rate{}, pipeline.ErrDate,
			"a deal without CreatedAt cannot be placed in a bounded period"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pipeline.WinRate(tc.deals, tc.opts)
			if !checkErr(t, err, tc.wantErr) {
				return
			}
			if diff := cmp.Diff(tc.want, got.ByCount); diff != "" {
				t.Errorf("WinRate mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWinRateByValueErrors(t *testing.T) {
	tests := []struct {
		name    string
		tally   pipeline.Tally
		basis   pipeline.Basis
		want    float64
		wantErr error
	}{
		{"closed", pipeline.Tally{Open: 1, Won: 1, Lost: 1, WonAmount: dec("1"), LostAmount: dec("3"), OpenAmount: dec("100")}, pipeline.BasisClosed, 0.25, nil},
		{"created includes open", pipeline.Tally{Open: 1, Won: 1, Lost: 1, WonAmount: dec("1"), LostAmount: dec("3"), OpenAmount: dec("4")}, pipeline.BasisCreated, 0.125, nil},
		{"zero total", pipeline.Tally{Won: 1, Lost: 1, WonAmount: dec("0"), LostAmount: dec("0")}, pipeline.BasisClosed, 0, pipeline.ErrZeroAmount},
		{"no deals", pipeline.Tally{}, pipeline.BasisClosed, 0, pipeline.ErrZeroAmount},
		{"missing amount", pipeline.Tally{Won: 2, WonWithoutAmount: 1, WonAmount: dec("5")}, pipeline.BasisClosed, 0, pipeline.ErrAmount},
		{"missing open amount", pipeline.Tally{Open: 1, Won: 1, OpenWithoutAmount: 1, WonAmount: dec("5")}, pipeline.BasisCreated, 0, pipeline.ErrAmount},
		{"unknown basis", pipeline.Tally{Won: 1, WonAmount: dec("5")}, 4, 0, pipeline.ErrOption},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.tally.WinRateByValue(tc.basis)
			if !checkErr(t, err, tc.wantErr) {
				return
			}
			if got != tc.want {
				t.Errorf("WinRateByValue = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRateInterval(t *testing.T) {
	tests := []struct {
		name       string
		rate       pipeline.Rate
		confidence float64
		want       pipeline.Interval
		wantErr    error
	}{
		// Wilson bounds computed in Python from the formula centre ± half,
		// centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·√(p(1−p)/n + z²/4n²),
		// z = 1.959963984540054: 74 of 107 gives [0.598715, 0.771183].
		{"74 of 107", pipeline.Rate{Numerator: 74, Denominator: 107, Value: 74.0 / 107}, 0.95,
			pipeline.Interval{Lower: 0.598715, Upper: 0.771183, Confidence: 0.95}, nil},
		// k = 0: centre = half = (z²/2n)/(1 + z²/n), so the interval is
		// [0, z²/(n + z²)] = [0, 3.841459/13.841459] = [0, 0.277533].
		{"0 of 10", pipeline.Rate{Numerator: 0, Denominator: 10, Value: 0}, 0.95,
			pipeline.Interval{Lower: 0, Upper: 0.277533, Confidence: 0.95}, nil},
		{"empty rate", pipeline.Rate{}, 0.95, pipeline.Interval{}, pipeline.ErrNoDeals},
		{"numerator above denominator", pipeline.Rate{Numerator: 5, Denominator: 3}, 0.95, pipeline.Interval{}, pipeline.ErrInvalidCounts},
		{"negative numerator", pipeline.Rate{Numerator: -1, Denominator: 3}, 0.95, pipeline.Interval{}, pipeline.ErrInvalidCounts},
		{"negative denominator", pipeline.Rate{Numerator: 0, Denominator: -3}, 0.95, pipeline.Interval{}, pipeline.ErrInvalidCounts},
		{"confidence one", pipeline.Rate{Numerator: 1, Denominator: 2, Value: 0.5}, 1, pipeline.Interval{}, pipeline.ErrConfidence},
		{"confidence NaN", pipeline.Rate{Numerator: 1, Denominator: 2, Value: 0.5}, math.NaN(), pipeline.Interval{}, pipeline.ErrConfidence},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.rate.Interval(tc.confidence)
			if !checkErr(t, err, tc.wantErr) {
				return
			}
			// The expected bounds are printed to 6 decimals.
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
				t.Errorf("Interval mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
