package main

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// sampleReport builds the report of the embedded sample.
func sampleReport(t *testing.T) (*Dataset, *Report) {
	t.Helper()
	d := Sample()
	r, err := Build("sample", d, sections)
	if err != nil {
		t.Fatalf("Build(sample): %v", err)
	}
	return d, r
}

// checkClose fails the test unless got is within 1e-12 relative of want:
// both are computed from the same exact counts or durations.
func checkClose(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12*math.Abs(want) {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

// median returns the median of values, the mean of the two middle values
// for an even count.
func median(values []float64) float64 {
	s := slices.Clone(values)
	slices.Sort(s)
	n := len(s)
	return (s[(n-1)/2] + s[n/2]) / 2
}

// TestLeadsFiguresOnSample recomputes the leads figures of the embedded
// sample with plain loops over the rows.
func TestLeadsFiguresOnSample(t *testing.T) {
	d, r := sampleReport(t)
	p := PeriodEndingOn(d.AsOf)

	var count, qualified, converted, within int
	var minutes []float64
	for _, l := range d.Leads {
		if !p.Contains(l.CreatedAt) {
			continue
		}
		count++
		qualified += boolToInt(l.Qualified)
		converted += boolToInt(l.Converted)
		if l.FirstResponseAt.IsZero() {
			continue
		}
		took := l.FirstResponseAt.Sub(l.CreatedAt)
		minutes = append(minutes, took.Minutes())
		within += boolToInt(took <= 24*time.Hour)
	}
	if count == 0 || len(minutes) == 0 || len(minutes) == count {
		t.Fatalf("sample has %d leads in the period, %d answered: the checks need both answered and unanswered leads", count, len(minutes))
	}

	if v, _ := r.Figure("leads.count"); v != int64(count) {
		t.Errorf("leads.count = %v, want %d", v, count)
	}
	checkClose(t, "leads.qualification_rate", figureFloat(t, r, "leads.qualification_rate"), float64(qualified)/float64(count))
	checkClose(t, "leads.conversion_rate", figureFloat(t, r, "leads.conversion_rate"), float64(converted)/float64(count))
	checkClose(t, "leads.response_minutes_median", figureFloat(t, r, "leads.response_minutes_median"), median(minutes))
	// Unanswered leads count as not within 24 h.
	checkClose(t, "leads.responded_within_24h_share", figureFloat(t, r, "leads.responded_within_24h_share"), float64(within)/float64(count))
}

// TestPipelineFiguresOnSample recomputes the pipeline figures of the
// embedded sample with plain loops over the rows.
func TestPipelineFiguresOnSample(t *testing.T) {
	d, r := sampleReport(t)
	p := PeriodEndingOn(d.AsOf)

	var open, won, lost int64
	var openValue, wonValue decimal.Decimal
	var cycles []float64
	for _, deal := range d.Deals {
		switch {
		case deal.Outcome == OutcomeOpen:
			open++
			openValue = openValue.Add(deal.Amount.Decimal)
		case !p.Contains(deal.ClosedOn):
		case deal.Outcome == OutcomeLost:
			lost++
		default:
			won++
			wonValue = wonValue.Add(deal.Amount.Decimal)
			cycles = append(cycles, deal.ClosedOn.Sub(deal.CreatedOn).Hours()/24)
		}
	}

	wantInts := map[string]int64{"pipeline.open_deals": open, "pipeline.won_deals": won, "pipeline.lost_deals": lost}
	for name, want := range wantInts {
		if v, _ := r.Figure(name); v != want {
			t.Errorf("%s = %v, want %d", name, v, want)
		}
	}
	if v, _ := r.Figure("pipeline.open_value"); !v.(decimal.Decimal).Equal(openValue) {
		t.Errorf("pipeline.open_value = %v, want %s", v, openValue)
	}
	average := wonValue.DivRound(decimal.NewFromInt(won), 16)
	if v, _ := r.Figure("pipeline.average_won_amount"); !v.(decimal.Decimal).Equal(average) {
		t.Errorf("pipeline.average_won_amount = %v, want %s", v, average)
	}
	checkClose(t, "pipeline.win_rate", figureFloat(t, r, "pipeline.win_rate"), float64(won)/float64(won+lost))

	var total float64
	for _, c := range cycles {
		total += c
	}
	mean := total / float64(len(cycles))
	checkClose(t, "pipeline.sales_cycle_days_mean", figureFloat(t, r, "pipeline.sales_cycle_days_mean"), mean)
	checkClose(t, "pipeline.sales_cycle_days_median", figureFloat(t, r, "pipeline.sales_cycle_days_median"), median(cycles))

	// Velocity from the float inputs agrees to 1e-9 relative; the report's
	// value is the exact quotient rounded once.
	velocity, _ := r.Figure("pipeline.sales_velocity_per_day")
	got := velocity.(decimal.Decimal).InexactFloat64()
	want := float64(open) * float64(won) / float64(won+lost) * average.InexactFloat64() / mean
	if math.Abs(got-want) > 1e-9*want {
		t.Errorf("pipeline.sales_velocity_per_day = %v, want %v", got, want)
	}
}

// TestWinRateBySegmentAddsUp checks that the owner and product tables
// partition the deals closed in the period.
func TestWinRateBySegmentAddsUp(t *testing.T) {
	_, r := sampleReport(t)
	won, _ := r.Figure("pipeline.won_deals")
	lost, _ := r.Figure("pipeline.lost_deals")
	for _, key := range []string{"pipeline_win_rate_by_owner", "pipeline_win_rate_by_product"} {
		var rows []SegmentWinRate
		for _, tb := range r.Tables {
			if tb.Key == key {
				rows = tb.Value.([]SegmentWinRate)
			}
		}
		if len(rows) < 2 {
			t.Fatalf("%s has %d segments, want several", key, len(rows))
		}
		var sumWon, sumLost int64
		for i, row := range rows {
			sumWon += row.Won
			sumLost += row.Lost
			if i > 0 && rows[i-1].Segment >= row.Segment {
				t.Errorf("%s not in ascending order at %q", key, row.Segment)
			}
			if row.WinRate != nil && (*row.WinRate < row.Lower || *row.WinRate > row.Upper) {
				t.Errorf("%s %s: rate %v outside [%v, %v]", key, row.Segment, *row.WinRate, row.Lower, row.Upper)
			}
		}
		if sumWon != won.(int64) || sumLost != lost.(int64) {
			t.Errorf("%s adds up to %d won, %d lost; want %v, %v", key, sumWon, sumLost, won, lost)
		}
	}
}

func TestPipelineSectionErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"as_of.txt": "2024-12-31\n",
		"deals.csv": "deal_id,account,owner,stage,amount,created_on,closed_on,outcome\n" +
			"D1,A,Ann,Won,100.00,2024-01-02,2024-02-01,won\n" +
			"D2,A,Ann,Won,100.00,2024-03-02,,won\n",
	})
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(dir, d, sections)
	if !errors.Is(err, pipeline.ErrDate) || !strings.Contains(err.Error(), "deals.csv line 3") {
		t.Errorf("Build with a won deal without closed_on: %v, want pipeline.ErrDate naming deals.csv line 3", err)
	}
}

func TestPipelineSectionUndefined(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"as_of.txt": "2024-12-31\n",
		"deals.csv": "deal_id,account,owner,stage,amount,created_on,closed_on,outcome\n" +
			"D1,A,Ann,Proposal,100.00,2024-01-02,,open\n",
		"leads.csv": "lead_id,created_at,first_response_at,qualified,converted,source\n" +
			"L1,2023-01-02T10:00:00Z,,false,false,web\n",
	})
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(dir, d, sections)
	if err != nil {
		t.Fatal(err)
	}
	// No closed deal and no lead in the period: counts are 0, ratios absent.
	for _, name := range []string{"pipeline.win_rate", "pipeline.average_won_amount", "pipeline.sales_cycle_days_mean",
		"pipeline.sales_velocity_per_day", "leads.qualification_rate", "leads.response_minutes_median", "leads.responded_within_24h_share"} {
		if v, ok := r.Figure(name); ok {
			t.Errorf("figure %s = %v, want it absent", name, v)
		}
		if !slices.ContainsFunc(r.Absent, func(a Absence) bool { return a.Name == name }) {
			t.Errorf("figure %s not listed as absent", name)
		}
	}
	if v, _ := r.Figure("leads.count"); v != int64(0) {
		t.Errorf("leads.count = %v, want 0", v)
	}
	if v, _ := r.Figure("pipeline.won_deals"); v != int64(0) {
		t.Errorf("pipeline.won_deals = %v, want 0", v)
	}
}

// boolToInt returns 1 for true and 0 for false.
func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestFunnelOnSample checks the funnel table of the sample against counts
// taken directly from its rows.
func TestFunnelOnSample(t *testing.T) {
	d, r := sampleReport(t)
	p := PeriodEndingOn(d.AsOf)
	var rows []StageStep
	for _, tb := range r.Tables {
		if tb.Key == "pipeline_funnel" {
			rows = tb.Value.([]StageStep)
		}
	}

	var created, won int64
	for _, deal := range d.Deals {
		if p.Contains(deal.CreatedOn) {
			created++
			if deal.Outcome == OutcomeWon {
				won++
			}
		}
	}
	// The stage order is inferred from the histories; the sample's is fixed.
	wantStages := append(slices.Clone(sampleStages), "Won")
	var gotStages []string
	for _, row := range rows {
		gotStages = append(gotStages, row.Stage)
	}
	if !slices.Equal(gotStages, wantStages) {
		t.Fatalf("funnel stages = %v, want %v", gotStages, wantStages)
	}
	if rows[0].Reached != created || rows[len(rows)-1].Reached != won {
		t.Errorf("funnel reached %d first and %d won, want %d deals created and %d of them won",
			rows[0].Reached, rows[len(rows)-1].Reached, created, won)
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Reached > rows[i-1].Reached {
			t.Errorf("step %s reached by more deals than %s", rows[i].Stage, rows[i-1].Stage)
		}
	}
	if rows[len(rows)-1].MedianDays != nil || rows[0].MedianDays == nil {
		t.Errorf("median days: first %v, won %v; want a value for the working stage only", rows[0].MedianDays, rows[len(rows)-1].MedianDays)
	}
}
