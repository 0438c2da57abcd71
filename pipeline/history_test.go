package pipeline_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// reentryDeal enters New on 06-01, Proposal on 06-03, goes back to New on
// 06-05 and to Proposal again on 06-06 (all 09:00 UTC).
var reentryDeal = pipeline.Deal{ID: "R", CreatedAt: at(1), History: []pipeline.StageEntry{
	{Stage: "New", EnteredAt: at(1)},
	{Stage: "Proposal", EnteredAt: at(3)},
	{Stage: "New", EnteredAt: at(5)},
	{Stage: "Proposal", EnteredAt: at(6)},
}}

func TestTimeInStageReentries(t *testing.T) {
	got, err := pipeline.TimeInStage(reentryDeal, at(10))
	checkErr(t, err, nil)

	// New: 06-01..06-03 (2 d) and 06-05..06-06 (1 d): cumulative 3 d,
	// latest 1 d. Proposal: 06-03..06-05 (2 d) and 06-06..as-of 06-10
	// (4 d, still in it): cumulative 6 d, latest 4 d.
	want := []pipeline.StageTime{
		{Stage: "New", Visits: 2, FirstEntered: at(1), LastEntered: at(5), LastExited: at(6), Latest: day, Cumulative: 3 * day},
		{Stage: "Proposal", Visits: 2, FirstEntered: at(3), LastEntered: at(6), Latest: 4 * day, Cumulative: 6 * day},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TimeInStage mismatch (-want +got):\n%s", diff)
	}
}

func TestTimeInStageErrors(t *testing.T) {
	tests := []struct {
		name    string
		deal    pipeline.Deal
		asOf    time.Time
		wantErr error
	}{
		{"entry after as-of", reentryDeal, at(5), pipeline.ErrDate},
		{"no history", pipeline.Deal{ID: "A"}, at(5), pipeline.ErrHistory},
		{"out of order", pipeline.Deal{ID: "A", History: []pipeline.StageEntry{{Stage: "New", EnteredAt: at(3)}, {Stage: "Won", EnteredAt: at(2)}}}, at(5), pipeline.ErrHistory},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pipeline.TimeInStage(tc.deal, tc.asOf)
			checkErr(t, err, tc.wantErr)
		})
	}
}

func TestStageTimes(t *testing.T) {
	other := pipeline.Deal{ID: "S", CreatedAt: at(2), History: []pipeline.StageEntry{
		{Stage: "New", EnteredAt: at(2)},
		{Stage: "Lost", EnteredAt: at(9)},
	}}
	got, err := pipeline.StageTimes([]pipeline.Deal{reentryDeal, other}, reopenStages, at(10))
	checkErr(t, err, nil)

	// New: R cumulative 3 d, latest 1 d; S 7 d both. Proposal: R only.
	// Lost: S from 06-09 to as-of 06-10, 1 d. Won: entered by no deal, so
	// left out. Two values: h = q, so P25 = a + 0.25(b − a) and so on.
	two := func(a, b time.Duration) pipeline.DurationStats {
		at := func(q float64) time.Duration { return a + time.Duration(q*float64(b-a)) }
		return pipeline.DurationStats{N: 2, Mean: (a + b) / 2, Min: a, P25: at(0.25), Median: at(0.5), P75: at(0.75), P90: at(0.9), P95: at(0.95), Max: b}
	}
	want := []pipeline.StageTimeStats{
		{Stage: "New", Deals: 2, Latest: two(day, 7*day), Cumulative: two(3*day, 7*day)},
		{Stage: "Proposal", Deals: 1, Latest: flat(4 * day), Cumulative: flat(6 * day)},
		{Stage: "Lost", Deals: 1, Latest: flat(day), Cumulative: flat(day)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("StageTimes mismatch (-want +got):\n%s", diff)
	}
}

func TestStageTimesUnknownStage(t *testing.T) {
	d := pipeline.Deal{ID: "X", History: []pipeline.StageEntry{{Stage: "Demo", EnteredAt: at(1)}}}
	_, err := pipeline.StageTimes([]pipeline.Deal{d}, reopenStages, at(2))
	checkErr(t, err, pipeline.ErrStage)
}

func TestFunnel(t *testing.T) {
	stages := []pipeline.Stage{
		{Name: "New"}, {Name: "Qualified"}, {Name: "Proposal"},
		{Name: "Won", Outcome: pipeline.Won}, {Name: "Lost", Outcome: pipeline.Lost},
	}
	path := func(id string, names ...string) pipeline.Deal {
		d := pipeline.Deal{ID: id}
		for i, n := range names {
			d.History = append(d.History, pipeline.StageEntry{Stage: n, EnteredAt: at(i + 1)})
		}
		return d
	}
	deals := []pipeline.Deal{
		path("A", "New", "Qualified", "Proposal", "Won"),
		path("B", "New", "Qualified", "Lost"),
		path("C", "New", "Proposal"),   // skipped Qualified: counts as passed
		path("D", "New", "Won", "New"), // reopened: its old win is not a win
		{ID: "E", Stage: "Qualified"},  // no history: in its current stage
	}
	got, err := pipeline.Funnel(deals, stages)
	checkErr(t, err, nil)

	// Furthest steps: A Won (3), B Qualified (1), C Proposal (2), D New
	// (0), E Qualified (1). Reached: New 5, Qualified 4, Proposal 2, Won 1.
	want := []pipeline.FunnelStep{
		{Stage: "New", Reached: 5, Previous: 5},
		{Stage: "Qualified", Reached: 4, Previous: 5},
		{Stage: "Proposal", Reached: 2, Previous: 4},
		{Stage: "Won", Reached: 1, Previous: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Funnel mismatch (-want +got):\n%s", diff)
	}
	conversion, err := got[2].Conversion()
	checkErr(t, err, nil)
	if conversion != (pipeline.Rate{Numerator: 2, Denominator: 4, Value: 0.5}) {
		t.Errorf("Conversion to Proposal = %+v, want 2 of 4", conversion)
	}
}

func TestFunnelEmptyStep(t *testing.T) {
	stages := []pipeline.Stage{{Name: "New"}, {Name: "Demo"}, {Name: "Won", Outcome: pipeline.Won}}
	got, err := pipeline.Funnel([]pipeline.Deal{{ID: "A", Stage: "New"}}, stages)
	checkErr(t, err, nil)
	// Nobody reached Demo, so the conversion from Demo to Won is 0/0.
	_, err = got[2].Conversion()
	checkErr(t, err, pipeline.ErrNoDeals)

	none, err := pipeline.Funnel(nil, stages)
	checkErr(t, err, nil)
	_, err = none[0].Conversion()
	checkErr(t, err, pipeline.ErrNoDeals)
}

func TestFunnelStepInvalidCounts(t *testing.T) {
	for _, step := range []pipeline.FunnelStep{
		{Stage: "Demo", Reached: 5, Previous: 2},
		{Stage: "Demo", Reached: -1, Previous: 2},
		{Stage: "Demo", Reached: 0, Previous: -2},
	} {
		_, err := step.Conversion()
		checkErr(t, err, pipeline.ErrInvalidCounts)
	}
}

func TestFunnelErrors(t *testing.T) {
	tests := []struct {
		name    string
		deals   []pipeline.Deal
		stages  []pipeline.Stage
		wantErr error
	}{
		{"unknown current stage", []pipeline.Deal{{ID: "A", Stage: "Legacy"}}, reopenStages, pipeline.ErrStage},
		{"only lost stages", nil, []pipeline.Stage{{Name: "Lost", Outcome: pipeline.Lost}}, pipeline.ErrStage},
		{"invalid outcome", nil, []pipeline.Stage{{Name: "X", Outcome: 3}}, pipeline.ErrOutcome},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pipeline.Funnel(tc.deals, tc.stages)
			checkErr(t, err, tc.wantErr)
		})
	}
}
