package pipeline_test

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// closedInPipelineDeals are five EUR deals, three open, one won and one
// lost. Summing all of them gives 80,000.00, the fault of counting closed
// deals as pipeline (open-mercato issue 4621,
// https://github.com/open-mercato/open-mercato/issues/4621).
var closedInPipelineDeals = []pipeline.Deal{
	open("D1", "Discovery", "10000.00", date(2024, 1, 2)),
	open("D2", "Proposal", "20000.00", date(2024, 1, 3)),
	open("D3", "Negotiation", "5000.00", date(2024, 1, 4)),
	won("D4", "30000.00", date(2024, 1, 5), date(2024, 2, 1)),
	lost("D5", "15000.00", date(2024, 1, 6), date(2024, 2, 2)),
}

// stageProbabilities are the stage probabilities of the deals above. The
// closing stages carry their real probabilities 1 and 0; weighing the lost
// deal at 0.5 instead was the fault of printing-press-library PR 549
// (https://github.com/mvanhorn/printing-press-library/pull/549).
var stageProbabilities = map[string]float64{
	"Discovery":   0.10,
	"Proposal":    0.50,
	"Negotiation": 0.80,
	"Won":         1.00,
	"Lost":        0.00,
}

func TestPipelineValueOpenDealsOnly(t *testing.T) {
	got, err := pipeline.PipelineValue(closedInPipelineDeals)
	checkErr(t, err, nil)

	// Hand sums: open 10,000 + 20,000 + 5,000; won and lost apart.
	want := pipeline.Tally{
		Open: 3, Won: 1, Lost: 1,
		OpenAmount: dec("35000.00"), WonAmount: dec("30000.00"), LostAmount: dec("15000.00"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PipelineValue mismatch (-want +got):\n%s", diff)
	}
}

func TestPipelineValueWithoutAmount(t *testing.T) {
	deals := append([]pipeline.Deal(nil), closedInPipelineDeals...)
	deals = append(deals, pipeline.Deal{ID: "D6", Stage: "Discovery", AmountUnknown: true, Amount: dec("-1")})
	got, err := pipeline.PipelineValue(deals)
	checkErr(t, err, nil)

	// The deal without an amount counts as open and adds nothing; its
	// Amount field, even negative, is ignored.
	if got.Open != 4 || got.OpenWithoutAmount != 1 {
		t.Errorf("Open, OpenWithoutAmount = %d, %d, want 4, 1", got.Open, got.OpenWithoutAmount)
	}
	checkDecimal(t, "OpenAmount", got.OpenAmount, "35000.00")
}

func TestPipelineValueEmpty(t *testing.T) {
	got, err := pipeline.PipelineValue(nil)
	checkErr(t, err, nil)
	// A sum over no deals is a real 0, not an undefined ratio.
	checkDecimal(t, "OpenAmount", got.OpenAmount, "0")
}

func TestWeightedPipeline(t *testing.T) {
	legacy := pipeline.Deal{ID: "D6", Stage: "Legacy", Amount: dec("8000.00")}
	withOverride := func(d pipeline.Deal, p float64) pipeline.Deal {
		d.Probability, d.HasProbability = p, true
		return d
	}
	tests := []struct {
		name    string
		deals   []pipeline.Deal
		probs   map[string]float64
		want    pipeline.Weighted
		wantErr error
		source  string
	}{
		{
			name:   "open deals only",
			deals:  closedInPipelineDeals,
			probs:  stageProbabilities,
			want:   pipeline.Weighted{Value: dec("15000"), OpenDeals: 3},
			source: "10,000 × 0.1 + 20,000 × 0.5 + 5,000 × 0.8 = 1,000 + 10,000 + 4,000",
		},
		{
			name:    "stage without probability",
			deals:   append(append([]pipeline.Deal(nil), closedInPipelineDeals...), legacy),
			probs:   stageProbabilities,
			wantErr: pipeline.ErrStage,
			source:  "no default probability is filled in for Legacy",
		},
		{
			name:   "deal override",
			deals:  []pipeline.Deal{withOverride(closedInPipelineDeals[0], 0.5), closedInPipelineDeals[1]},
			probs:  stageProbabilities,
			want:   pipeline.Weighted{Value: dec("15000"), OpenDeals: 2, Overridden: 1},
			source: "10,000 × 0.5 + 20,000 × 0.5",
		},
		{
			name:   "override of zero is real",
			deals:  []pipeline.Deal{withOverride(closedInPipelineDeals[1], 0), closedInPipelineDeals[2]},
			probs:  stageProbabilities,
			want:   pipeline.Weighted{Value: dec("4000"), OpenDeals: 2, Overridden: 1},
			source: "20,000 × 0 + 5,000 × 0.8",
		},
		{
			name:   "override on unlisted stage",
			deals:  []pipeline.Deal{withOverride(legacy, 0.25)},
			probs:  stageProbabilities,
			want:   pipeline.Weighted{Value: dec("2000"), OpenDeals: 1, Overridden: 1},
			source: "8,000 × 0.25; the deal's own probability needs no stage entry",
		},
		{
			name:   "open stage at zero",
			deals:  []pipeline.Deal{open("A", "Parked", "500", date(2024, 1, 1))},
			probs:  map[string]float64{"Parked": 0},
			want:   pipeline.Weighted{Value: dec("0"), OpenDeals: 1},
			source: "a configured 0 is a real 0, not a missing probability",
		},
		{
			name:   "tenths stay exact",
			deals:  []pipeline.Deal{open("A", "S", "3", date(2024, 1, 1)), open("B", "S", "6", date(2024, 1, 1))},
			probs:  map[string]float64{"S": 0.1},
			want:   pipeline.Weighted{Value: dec("0.9"), OpenDeals: 2},
			source: "0.1 enters as the decimal 0.1: (3 + 6) × 0.1 = 0.9 exactly, not 0.9000000000000000222",
		},
		{
			name:   "without amount",
			deals:  []pipeline.Deal{{ID: "A", Stage: "Proposal", AmountUnknown: true}, closedInPipelineDeals[1]},
			probs:  stageProbabilities,
			want:   pipeline.Weighted{Value: dec("10000"), OpenDeals: 2, WithoutAmount: 1},
			source: "20,000 × 0.5; the deal without an amount is counted and adds nothing",
		},
		{
			name:    "stage probability above one",
			deals:   closedInPipelineDeals[:1],
			probs:   map[string]float64{"Discovery": 10},
			wantErr: pipeline.ErrProbability,
			source:  "a percentage given where a fraction is expected",
		},
		{
			name:    "override NaN",
			deals:   []pipeline.Deal{withOverride(closedInPipelineDeals[0], math.NaN())},
			probs:   stageProbabilities,
			wantErr: pipeline.ErrProbability,
			source:  "NaN is not a probability",
		},
		{
			name:   "closed deals need no probability",
			deals:  closedInPipelineDeals[3:],
			probs:  map[string]float64{},
			want:   pipeline.Weighted{Value: dec("0")},
			source: "won and lost deals never enter the weighted pipeline",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pipeline.WeightedPipeline(tc.deals, tc.probs)
			if !checkErr(t, err, tc.wantErr) {
				return
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("WeightedPipeline mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWeightedPipelineNamesStageAndDeal(t *testing.T) {
	deals := append(append([]pipeline.Deal(nil), closedInPipelineDeals...),
		pipeline.Deal{ID: "D6", Stage: "Legacy", Amount: dec("8000.00")})
	_, err := pipeline.WeightedPipeline(deals, stageProbabilities)
	if err == nil {
		t.Fatal("WeightedPipeline with an unlisted stage returned no error")
	}
	for _, name := range []string{`"Legacy"`, `"D6"`, "deal 5"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}

func TestWeightedPipelineAtMostValue(t *testing.T) {
	weighted, err := pipeline.WeightedPipeline(closedInPipelineDeals, stageProbabilities)
	checkErr(t, err, nil)
	value, err := pipeline.PipelineValue(closedInPipelineDeals)
	checkErr(t, err, nil)
	if weighted.Value.GreaterThan(value.OpenAmount) {
		t.Errorf("weighted %s > pipeline value %s", weighted.Value, value.OpenAmount)
	}
}

func TestWinRateByValue(t *testing.T) {
	res, err := pipeline.WinRate(closedInPipelineDeals, pipeline.WinRateOptions{})
	checkErr(t, err, nil)
	got, err := res.ByValue()
	checkErr(t, err, nil)
	// 30,000 won of 30,000 + 15,000 closed = 2/3.
	if diff := cmp.Diff(2.0/3.0, got, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
		t.Errorf("ByValue mismatch (-want +got):\n%s", diff)
	}
}
