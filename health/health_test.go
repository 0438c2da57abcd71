package health

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// tol is the tolerance for scores: a handful of float64 operations on
// values in [0, 1] stay within a few ulps of the exact result.
const tol = 1e-12

// values is a record type for tests: signal j reads element j, and NaN
// marks a missing value.
type values []float64

func readAt(j int) func(values) (float64, bool) {
	return func(r values) (float64, bool) {
		if math.IsNaN(r[j]) {
			return 0, false
		}
		return r[j], true
	}
}

// card returns a scorecard over values with the given weights and
// normaliser, one signal per weight, named s0, s1, ...
func card(weights []float64, n Normaliser, f Formula) Scorecard[values] {
	c := Scorecard[values]{Formula: f}
	for j, w := range weights {
		c.Signals = append(c.Signals, Signal[values]{
			Name: "s" + string(rune('0'+j)), Weight: w, Normaliser: n, Value: readAt(j),
		})
	}
	return c
}

func TestWeightedScore(t *testing.T) {
	tests := []struct {
		name      string
		weights   []float64
		normalise Normaliser
		record    values
		want      float64
		wantParts []float64
		source    string
	}{
		{
			name:      "gainsight example",
			weights:   []float64{20, 15, 22},
			normalise: Linear{Min: 0, Max: 100, Direction: HigherIsBetter},
			record:    values{47, 59, 21},
			// (20·47 + 15·59 + 22·21) / (20 + 15 + 22) / 100 = 2287/5700.
			want:      2287.0 / 5700,
			wantParts: []float64{940.0 / 5700, 885.0 / 5700, 462.0 / 5700},
			source:    "Gainsight, Calculation of Group Scores and Overall Scores: 40.122 on 0..100",
		},
		{
			name:    "normalised signals",
			weights: []float64{0.5, 0.3, 0.2},
			record:  values{0.8, 0.5, 1.0},
			// 0.5·0.8 + 0.3·0.5 + 0.2·1.0 = 0.40 + 0.15 + 0.20 = 0.75.
			want:      0.75,
			wantParts: []float64{0.40, 0.15, 0.20},
			source:    "hand calculation in the comment",
		},
		{
			name:    "weights not summing to one",
			weights: []float64{5, 3, 2},
			record:  values{0.8, 0.5, 1.0},
			// Same ratios as above: (4 + 1.5 + 2) / 10 = 0.75.
			want:      0.75,
			wantParts: []float64{0.40, 0.15, 0.20},
			source:    "hand calculation in the comment",
		},
		{
			name:    "missing signal excluded and weights renormalised",
			weights: []float64{0.5, 0.3, 0.2},
			record:  values{0.8, math.NaN(), 1.0},
			// (0.5·0.8 + 0.2·1.0) / 0.7 = 0.6/0.7 = 6/7.
			want:      6.0 / 7,
			wantParts: []float64{0.4 / 0.7, 0, 0.2 / 0.7},
			source:    "hand calculation in the comment",
		},
		{
			name:    "zero weight signal kept out of the score",
			weights: []float64{1, 0},
			record:  values{0.25, 1},
			want:    0.25, wantParts: []float64{0.25, 0},
			source: "hand calculation: 1·0.25 / 1",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := card(tc.weights, tc.normalise, nil).Score(tc.record)
			if err != nil {
				t.Fatalf("Score(%v) error: %v", tc.record, err)
			}
			if diff := cmp.Diff(tc.want, got.Score, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Score(%v) mismatch (-want +got):\n%s", tc.record, diff)
			}
			var parts []float64
			for _, c := range got.Signals {
				parts = append(parts, c.Contribution)
			}
			if diff := cmp.Diff(tc.wantParts, parts, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("contributions mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGainsightDisplayedScore(t *testing.T) {
	// Gainsight shows 40.122 and 40 on its 0..100 scale. The exact value is
	// 2287/57 = 40.1228..., so its three decimals are truncated, not rounded.
	c := card([]float64{20, 15, 22}, Linear{Min: 0, Max: 100, Direction: HigherIsBetter}, Weighted{})
	c.Bands = GainsightBands()
	got, err := c.Score(values{47, 59, 21})
	if err != nil {
		t.Fatal(err)
	}
	if math.Floor(got.Score*100000)/1000 != 40.122 || math.Round(got.Score*100) != 40 {
		t.Errorf("Score = %v, want 40.122 and 40 on 0..100", got.Score*100)
	}
	if got.Band != "red" {
		t.Errorf("Band = %q, want red for 40 (0-50)", got.Band)
	}
}

func TestScoreErrors(t *testing.T) {
	unit := func(c Scorecard[values]) Scorecard[values] { return c }
	tests := []struct {
		name    string
		card    Scorecard[values]
		record  values
		wantErr error
	}{
		{"signal above one", unit(card([]float64{0.5, 0.3, 0.2}, nil, nil)), values{0.8, 1.5, 1.0}, ErrOutOfDomain},
		{"signal below zero", unit(card([]float64{0.5, 0.3, 0.2}, nil, nil)), values{-0.1, 0.5, 1.0}, ErrOutOfDomain},
		{"signal infinite", unit(card([]float64{0.5, 0.5}, nil, nil)), values{math.Inf(1), 0.5}, ErrOutOfDomain},
		{"negative weight", card([]float64{0.5, -0.3, 0.2}, nil, nil), values{0.8, 0.5, 1.0}, ErrInvalidWeight},
		{"NaN weight", card([]float64{0.5, math.NaN()}, nil, nil), values{0.8, 0.5}, ErrInvalidWeight},
		{"infinite weight", card([]float64{math.Inf(1), 1}, nil, nil), values{0.8, 0.5}, ErrInvalidWeight},
		{"weights sum to zero", card([]float64{0, 0, 0}, nil, nil), values{0.8, 0.5, 1.0}, ErrInvalidWeight},
		{"weights in use sum to zero", card([]float64{0, 1}, nil, nil), values{0.8, math.NaN()}, ErrInvalidWeight},
		{"every signal missing", card([]float64{1, 1}, nil, nil), values{math.NaN(), math.NaN()}, ErrNoSignals},
		{"no signals", Scorecard[values]{}, values{}, ErrNoSignals},
		{"raw below linear minimum", card([]float64{1}, Linear{Min: 0, Max: 10, Direction: HigherIsBetter}, nil), values{-1}, ErrOutOfDomain},
		{"raw above linear maximum", card([]float64{1}, Linear{Min: 0, Max: 10, Direction: HigherIsBetter}, nil), values{11}, ErrOutOfDomain},
		{"linear without direction", card([]float64{1}, Linear{Min: 0, Max: 10}, nil), values{1}, ErrInvalidConfig},
		{"unknown formula setting", card([]float64{1}, nil, WorstOf{}), values{1}, ErrInvalidConfig},
		{"points not adding up", card([]float64{20, 30}, nil, Points{}), values{1, 1}, ErrInvalidWeight},
		{"points overflowing", card([]float64{math.MaxFloat64, math.MaxFloat64}, nil, Points{Total: math.MaxFloat64}), values{1, 1}, ErrInvalidWeight},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.card.Score(tc.record)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Score(%v) error = %v, want %v", tc.record, err, tc.wantErr)
			}
		})
	}
}

func TestErrorNamesSignalAndRecord(t *testing.T) {
	c := card([]float64{0.5, 0.3, 0.2}, nil, nil)
	c.ID = func(values) string { return "C7" }
	_, err := c.ScoreAll([]values{{0.8, 0.5, 1.0}, {0.8, math.NaN(), 1.0}, {0.8, 2, 1.0}})
	if !errors.Is(err, ErrOutOfDomain) {
		t.Fatalf("ScoreAll error = %v, want ErrOutOfDomain", err)
	}
	const want = `health: record 2 (id "C7"): signal "s1": normalised value 2 outside [0, 1]: value outside the signal's domain`
	if err.Error() != want {
		t.Errorf("ScoreAll error text = %q, want %q", err, want)
	}
}

func TestMissingPolicies(t *testing.T) {
	record := values{0.8, math.NaN(), 1.0}
	tests := []struct {
		name    string
		policy  MissingPolicy
		want    float64
		wantErr error
		source  string
	}{
		// (0.5·0.8 + 0.2·1.0) / 0.7 = 6/7.
		{"exclude", MissingExclude, 6.0 / 7, nil, "hand calculation in the comment"},
		// 0.5·0.8 + 0.3·0 + 0.2·1.0 = 0.6.
		{"zero", MissingZero, 0.6, nil, "hand calculation in the comment"},
		{"error", MissingError, 0, ErrMissingSignal, "policy"},
		{"unknown policy", MissingPolicy(7), 0, ErrInvalidConfig, "policy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := card([]float64{0.5, 0.3, 0.2}, nil, nil)
			c.Missing = tc.policy
			got, err := c.Score(record)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Score(%v) error = %v, want %v", record, err, tc.wantErr)
			}
			if tc.wantErr != nil {
				return
			}
			if diff := cmp.Diff(tc.want, got.Score, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Score(%v) mismatch (-want +got):\n%s", record, diff)
			}
			if !got.Signals[1].Missing {
				t.Errorf("Signals[1].Missing = false, want true")
			}
		})
	}
}

func TestWeightedCombineDirect(t *testing.T) {
	tests := []struct {
		name    string
		inputs  []Input
		want    float64
		wantErr error
	}{
		{"regression weights", []Input{{"a", 0.8, 0.5, false}, {"b", 0.5, 0.3, false}, {"c", 1, 0.2, false}}, 0.75, nil},
		{"NaN signal", []Input{{"a", math.NaN(), 1, false}}, 0, ErrOutOfDomain},
		{"signal above one", []Input{{"a", 1.01, 1, false}}, 0, ErrOutOfDomain},
		{"negative weight", []Input{{"a", 0.5, -1, false}, {"b", 0.5, 2, false}}, 0, ErrInvalidWeight},
		{"weights sum to zero", []Input{{"a", 0.5, 0, false}}, 0, ErrInvalidWeight},
		{"all excluded", []Input{{"a", 0, 1, true}}, 0, ErrNoSignals},
		{"no inputs", nil, 0, ErrNoSignals},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Weighted{}.Combine(tc.inputs, make([]float64, len(tc.inputs)))
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Combine(%v) error = %v, want %v", tc.inputs, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Combine(%v) mismatch (-want +got):\n%s", tc.inputs, diff)
			}
		})
	}
	if _, err := (Weighted{}).Combine([]Input{{"a", 0.5, 1, false}}, nil); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("Combine with short contributions error = %v, want ErrInvalidConfig", err)
	}
}

func TestWorstOf(t *testing.T) {
	w := WorstOf{PoorBelow: 0.4, GoodFrom: 0.7}
	tests := []struct {
		name      string
		record    values
		want      float64
		wantParts []float64
		source    string
	}{
		// Every signal ≥ 0.7: good, 1.0 shared by all three.
		{"all good", values{0.7, 0.9, 1}, 1, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, "Totango: good if every attribute is good"},
		// One poor signal decides: 0.4, all of it from s1.
		{"one poor", values{0.9, 0.39, 0.6}, 0.4, []float64{0, 0.4, 0}, "Totango: poor if any attribute is poor"},
		// No poor, two average: 0.6 shared by s0 and s2.
		{"average", values{0.4, 0.9, 0.69}, 0.6, []float64{0.3, 0, 0.3}, "Totango: else average"},
		// The missing signal would be poor but is excluded.
		{"missing excluded", values{0.9, math.NaN(), 0.8}, 1, []float64{0.5, 0, 0.5}, "Totango: attributes without a value are excluded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := card([]float64{1, 1, 1}, nil, w).Score(tc.record)
			if err != nil {
				t.Fatalf("Score(%v) error: %v", tc.record, err)
			}
			if diff := cmp.Diff(tc.want, got.Score, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Score(%v) mismatch (-want +got):\n%s", tc.record, diff)
			}
			var parts []float64
			for _, c := range got.Signals {
				parts = append(parts, c.Contribution)
			}
			if diff := cmp.Diff(tc.wantParts, parts, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("contributions mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWorstOfIgnoresWeights(t *testing.T) {
	// Totango's rule has no weights, so zero weights are not an error.
	got, err := card([]float64{0, 0}, nil, WorstOf{PoorBelow: 0.5, GoodFrom: 0.5}).Score(values{0.2, 0.9})
	if err != nil || got.Score != 0.4 {
		t.Errorf("Score = %v, %v, want 0.4, nil", got.Score, err)
	}
}

func TestPoints(t *testing.T) {
	// ChurnZero-style: three factors worth 50, 30 and 20 points, each with
	// tiers whose top is inclusive and bottom exclusive.
	logins := Thresholds{Direction: HigherIsBetter, Tiers: []Tier{
		{Range{Min: math.Inf(-1), Max: 5, MaxInclusive: true}, 0},
		{Range{Min: 5, Max: 10, MaxInclusive: true}, 0.5},
		{Range{Min: 10, Max: math.Inf(1)}, 1},
	}}
	tickets := Thresholds{Direction: LowerIsBetter, Tiers: []Tier{
		{Range{Min: 0, Max: 0, MinInclusive: true, MaxInclusive: true}, 1},
		{Range{Min: 0, Max: 3, MaxInclusive: true}, 0.5},
		{Range{Min: 3, Max: math.Inf(1)}, 0},
	}}
	c := Scorecard[values]{
		Formula: Points{},
		Signals: []Signal[values]{
			{Name: "logins", Weight: 50, Normaliser: logins, Value: readAt(0)},
			{Name: "tickets", Weight: 30, Normaliser: tickets, Value: readAt(1)},
			{Name: "nps", Weight: 20, Normaliser: Linear{Min: 0, Max: 10, Direction: HigherIsBetter}, Value: readAt(2)},
		},
	}
	tests := []struct {
		name   string
		record values
		want   float64
		source string
	}{
		// 10 logins is the top of (5, 10]: 25 points; 3 tickets the top of
		// (0, 3]: 15; NPS 8: 16. (25 + 15 + 16) / 100 = 0.56.
		{"tier tops inclusive", values{10, 3, 8}, 0.56, "hand calculation in the comment"},
		// 10.5 logins: 50; 0 tickets: 30; NPS 10: 20. 100/100.
		{"full marks", values{10.5, 0, 10}, 1, "hand calculation in the comment"},
		// 5 logins is the top of (−∞, 5]: 0; 3.5 tickets: 0; NPS 0: 0.
		{"nothing earned", values{5, 3.5, 0}, 0, "hand calculation in the comment"},
		// Tickets missing: (25 + 16) / (50 + 20) = 41/70.
		{"missing factor excluded", values{7, math.NaN(), 8}, 41.0 / 70, "hand calculation in the comment"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Score(tc.record)
			if err != nil {
				t.Fatalf("Score(%v) error: %v", tc.record, err)
			}
			if diff := cmp.Diff(tc.want, got.Score, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Score(%v) mismatch (-want +got):\n%s", tc.record, diff)
			}
		})
	}
}

func TestLinear(t *testing.T) {
	tests := []struct {
		name    string
		l       Linear
		raw     float64
		want    float64
		wantErr error
	}{
		{"higher is better middle", Linear{Min: 0, Max: 10, Direction: HigherIsBetter}, 2.5, 0.25, nil},
		{"lower is better middle", Linear{Min: 0, Max: 10, Direction: LowerIsBetter}, 2.5, 0.75, nil},
		{"lower is better at min", Linear{Min: 0, Max: 30, Direction: LowerIsBetter}, 0, 1, nil},
		{"lower is better at max", Linear{Min: 0, Max: 30, Direction: LowerIsBetter}, 30, 0, nil},
		{"saturated above max", Linear{Min: 0, Max: 20, Direction: HigherIsBetter, Saturate: true}, 45, 1, nil},
		{"saturated lower is better", Linear{Min: 0, Max: 90, Direction: LowerIsBetter, Saturate: true}, 400, 0, nil},
		{"below min even saturated", Linear{Min: 0, Max: 90, Direction: LowerIsBetter, Saturate: true}, -1, 0, ErrOutOfDomain},
		{"NaN", Linear{Min: 0, Max: 1, Direction: HigherIsBetter}, math.NaN(), 0, ErrOutOfDomain},
		{"minus infinity", Linear{Min: 0, Max: 1, Direction: HigherIsBetter, Saturate: true}, math.Inf(-1), 0, ErrOutOfDomain},
		{"min equals max", Linear{Min: 1, Max: 1, Direction: HigherIsBetter}, 1, 0, ErrInvalidConfig},
		{"unbounded width", Linear{Min: -math.MaxFloat64, Max: math.MaxFloat64, Direction: HigherIsBetter}, 0, 0, ErrInvalidConfig},
		{"no direction", Linear{Min: 0, Max: 1}, 0.5, 0, ErrInvalidConfig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.l.Normalise(tc.raw)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("%+v.Normalise(%v) error = %v, want %v", tc.l, tc.raw, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("%+v.Normalise(%v) = %v, want %v", tc.l, tc.raw, got, tc.want)
			}
		})
	}
}

func TestThresholds(t *testing.T) {
	// NPS answer tiers: detractors 0-6, passives 7-8, promoters 9-10.
	nps := Thresholds{Direction: HigherIsBetter, Tiers: []Tier{
		{Range{Min: 9, Max: 10, MinInclusive: true, MaxInclusive: true}, 1},
		{Range{Min: 0, Max: 7, MinInclusive: true}, 0},
		{Range{Min: 7, Max: 9, MinInclusive: true}, 0.5},
	}}
	tests := []struct {
		name    string
		t       Thresholds
		raw     float64
		want    float64
		wantErr error
	}{
		{"bottom of tier included", nps, 7, 0.5, nil},
		{"top of tier excluded", nps, 9, 1, nil},
		{"just below a tier", nps, 6.99, 0, nil},
		{"top of the scale", nps, 10, 1, nil},
		{"above every tier", nps, 11, 0, ErrOutOfDomain},
		{"below every tier", nps, -1, 0, ErrOutOfDomain},
		{"NaN", nps, math.NaN(), 0, ErrOutOfDomain},
		{"overlapping tiers", Thresholds{Direction: HigherIsBetter, Tiers: []Tier{
			{Range{Min: 0, Max: 5, MaxInclusive: true}, 0},
			{Range{Min: 5, Max: 9, MinInclusive: true}, 1},
		}}, 1, 0, ErrInvalidConfig},
		{"values against direction", Thresholds{Direction: LowerIsBetter, Tiers: []Tier{
			{Range{Min: 0, Max: 5, MinInclusive: true}, 0},
			{Range{Min: 5, Max: 9, MinInclusive: true}, 1},
		}}, 1, 0, ErrInvalidConfig},
		{"value above one", Thresholds{Direction: HigherIsBetter, Tiers: []Tier{
			{Range{Min: 0, Max: 5, MinInclusive: true}, 2},
		}}, 1, 0, ErrInvalidConfig},
		{"empty range", Thresholds{Direction: HigherIsBetter, Tiers: []Tier{{Range{Min: 1, Max: 1}, 1}}}, 1, 0, ErrInvalidConfig},
		{"no tiers", Thresholds{Direction: HigherIsBetter}, 1, 0, ErrInvalidConfig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.t.Normalise(tc.raw)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Normalise(%v) error = %v, want %v", tc.raw, err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("Normalise(%v) = %v, want %v", tc.raw, got, tc.want)
			}
		})
	}
}

func TestBands(t *testing.T) {
	bands := GainsightBands()
	tests := []struct {
		score float64
		want  string
	}{
		{0, "red"}, {0.5, "red"}, {0.5000001, "yellow"}, {0.75, "yellow"}, {0.76, "green"}, {1, "green"},
	}
	for _, tc := range tests {
		if got := bandOf(bands, tc.score); got != tc.want {
			t.Errorf("band of %v = %q, want %q", tc.score, got, tc.want)
		}
	}
}

func TestValidateBands(t *testing.T) {
	closed := func(lo, hi float64) Range { return Range{Min: lo, Max: hi, MinInclusive: true, MaxInclusive: true} }
	upper := func(lo, hi float64) Range { return Range{Min: lo, Max: hi, MaxInclusive: true} }
	tests := []struct {
		name    string
		bands   []Band
		wantErr error
	}{
		{"gainsight", GainsightBands(), nil},
		{"none", nil, nil},
		{"one band", []Band{{"all", closed(0, 1)}}, nil},
		{"point band first", []Band{{"zero", closed(0, 0)}, {"rest", upper(0, 1)}}, nil},
		{"gap", []Band{{"low", closed(0, 0.4)}, {"high", upper(0.5, 1)}}, ErrInvalidConfig},
		{"shared boundary", []Band{{"low", closed(0, 0.5)}, {"high", closed(0.5, 1)}}, ErrInvalidConfig},
		{"boundary in neither", []Band{{"low", Range{Min: 0, Max: 0.5, MinInclusive: true}}, {"high", upper(0.5, 1)}}, ErrInvalidConfig},
		{"short of one", []Band{{"low", closed(0, 0.5)}, {"high", upper(0.5, 0.9)}}, ErrInvalidConfig},
		{"zero excluded", []Band{{"all", upper(0, 1)}}, ErrInvalidConfig},
		{"duplicate name", []Band{{"a", closed(0, 0.5)}, {"a", upper(0.5, 1)}}, ErrInvalidConfig},
		{"no name", []Band{{"", closed(0, 1)}}, ErrInvalidConfig},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := ValidateBands(tc.bands); !errors.Is(err, tc.wantErr) {
				t.Errorf("ValidateBands(%v) = %v, want %v", tc.bands, err, tc.wantErr)
			}
		})
	}
}

func TestCountBandsRejectsInvalidBands(t *testing.T) {
	// Duplicate names would count into the first match, and an empty band
	// could never hold a score: both fail ValidateBands.
	duplicate := GainsightBands()
	duplicate[2].Name = "red"
	empty := append(GainsightBands(), Band{Name: "none", Range: Range{}})
	results := []Result{{Band: "red"}}
	for name, bands := range map[string][]Band{"duplicate names": duplicate, "zero range": empty} {
		if _, err := CountBands(results, bands); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: CountBands error = %v, want ErrInvalidConfig", name, err)
		}
	}
}

func TestCountBands(t *testing.T) {
	results := []Result{{Band: "red"}, {Band: "green"}, {Band: "red"}, {Band: "red"}}
	got, err := CountBands(results, GainsightBands())
	if err != nil {
		t.Fatal(err)
	}
	// 3 of 4 red, none yellow, 1 of 4 green.
	want := []BandCount{{"red", 3, 4, 0.75}, {"yellow", 0, 4, 0}, {"green", 1, 4, 0.25}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CountBands mismatch (-want +got):\n%s", diff)
	}

	// Wilson 95 % interval of 3 of 4, z = 1.959964, z² = 3.841459: centre
	// (0.75 + z²/8) / (1 + z²/4) = 1.230182/1.960365 = 0.627527; half-width
	// z/(1 + z²/4)·√(0.75·0.25/4 + z²/64) = 0.999811·0.326947 = 0.326885;
	// so [0.300642, 0.954413].
	interval, err := got[0].Interval(0.95)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Interval{Lower: 0.300642, Upper: 0.954413, Confidence: 0.95}, interval, cmpopts.EquateApprox(0, 1e-6)); diff != "" {
		t.Errorf("Interval mismatch (-want +got):\n%s", diff)
	}
	if _, err := (BandCount{Band: "red"}).Interval(0.95); !errors.Is(err, ErrNoSignals) {
		t.Errorf("Interval of no results error = %v, want ErrNoSignals", err)
	}
	if _, err := got[0].Interval(1); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("Interval(1) error = %v, want ErrInvalidConfig", err)
	}
	if _, err := CountBands(nil, GainsightBands()); !errors.Is(err, ErrNoSignals) {
		t.Errorf("CountBands(nil) error = %v, want ErrNoSignals", err)
	}
	if _, err := CountBands([]Result{{Band: "blue"}}, GainsightBands()); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("CountBands(blue) error = %v, want ErrInvalidConfig", err)
	}
}

// brokenFormula returns whatever it is told to, to test the checks a
// Scorecard applies to a caller's formula.
type brokenFormula struct {
	score, share float64
}

func (b brokenFormula) Combine(inputs []Input, contributions []float64) (float64, error) {
	for i := range contributions {
		contributions[i] = b.share
	}
	return b.score, nil
}

// halve is a caller's normaliser that can return values outside [0, 1].
type halve struct{}

func (halve) Normalise(raw float64) (float64, error) { return raw / 2, nil }

func TestCallerFormulaAndNormaliserChecked(t *testing.T) {
	tests := []struct {
		name    string
		card    Scorecard[values]
		wantErr error
	}{
		{"score above one", card([]float64{1}, nil, brokenFormula{score: 1.5}), ErrInvalidScore},
		{"score NaN", card([]float64{1}, nil, brokenFormula{score: math.NaN()}), ErrInvalidScore},
		{"contribution infinite", card([]float64{1}, nil, brokenFormula{score: 0.5, share: math.Inf(1)}), ErrInvalidScore},
		{"normalised above one", card([]float64{1}, halve{}, nil), ErrOutOfDomain},
		{"valid", card([]float64{1}, nil, brokenFormula{score: 0.5, share: 0.5}), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.card.Score(values{1})
			if tc.name == "normalised above one" {
				_, err = tc.card.Score(values{3})
			}
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("Score error = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestScorecardConfigErrors(t *testing.T) {
	valid := card([]float64{1, 1}, nil, nil)
	noName := valid
	noName.Signals = []Signal[values]{{Weight: 1, Value: readAt(0)}}
	duplicate := valid
	duplicate.Signals = []Signal[values]{{Name: "a", Weight: 1, Value: readAt(0)}, {Name: "a", Weight: 1, Value: readAt(1)}}
	noValue := valid
	noValue.Signals = []Signal[values]{{Name: "a", Weight: 1}}
	badBands := valid
	badBands.Bands = []Band{{"low", Range{Min: 0, Max: 0.5, MinInclusive: true}}}
	for name, c := range map[string]Scorecard[values]{
		"signal without name": noName, "duplicate signal": duplicate, "no value function": noValue, "bands with gap": badBands,
	} {
		if err := c.Validate(); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: Validate() = %v, want ErrInvalidConfig", name, err)
		}
	}
	if err := valid.Validate(); err != nil {
		t.Errorf("valid scorecard: Validate() = %v", err)
	}
}

func TestScorecardNilPointers(t *testing.T) {
	// Typed nil pointers are not nil interfaces: calling their value
	// methods would panic, so Validate, Score and ScoreAll reject them.
	nilLinear := card([]float64{1, 1}, nil, nil)
	nilLinear.Signals[0].Normaliser = (*Linear)(nil)
	nilThresholds := card([]float64{1, 1}, nil, nil)
	nilThresholds.Signals[1].Normaliser = (*Thresholds)(nil)
	nilPoints := card([]float64{50, 50}, nil, (*Points)(nil))
	nilWorstOf := card([]float64{1, 1}, nil, (*WorstOf)(nil))
	nilWeighted := card([]float64{1, 1}, nil, (*Weighted)(nil))
	for name, c := range map[string]Scorecard[values]{
		"nil *Linear": nilLinear, "nil *Thresholds": nilThresholds, "nil *Points": nilPoints,
		"nil *WorstOf": nilWorstOf, "nil *Weighted": nilWeighted,
	} {
		if err := c.Validate(); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: Validate() = %v, want ErrInvalidConfig", name, err)
		}
		if _, err := c.Score(values{0.5, 0.5}); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: Score error = %v, want ErrInvalidConfig", name, err)
		}
	}
}

func TestScorecardFormulaPointers(t *testing.T) {
	// Non-nil pointers to built-in formulas score like the values, and
	// their errors carry the package prefix once.
	// Weighted: (1·0.25 + 1·0.75)/2 = 0.5, exact in binary.
	got, err := card([]float64{1, 1}, nil, &Weighted{}).Score(values{0.25, 0.75})
	if err != nil || got.Score != 0.5 {
		t.Errorf("&Weighted{}: Score = %v, %v, want 0.5", got.Score, err)
	}
	err = card([]float64{1, 1}, nil, &WorstOf{}).Validate()
	if !errors.Is(err, ErrInvalidConfig) || strings.Count(err.Error(), "health:") != 1 {
		t.Errorf("&WorstOf{}: Validate() = %v, want one health: prefix and ErrInvalidConfig", err)
	}
	_, err = card([]float64{1, 1}, nil, WorstOf{}).Score(values{0.5, 0.5})
	if !errors.Is(err, ErrInvalidConfig) || strings.Count(err.Error(), "health:") != 1 {
		t.Errorf("WorstOf{}: Score error = %v, want one health: prefix and ErrInvalidConfig", err)
	}
}

func TestWeightedExtremeWeights(t *testing.T) {
	// Only the ratios of the weights matter, so equal weights give the
	// plain mean however large or small they are: (0.3 + 0.9)/2 = 0.6,
	// contributions 0.3/2 = 0.15 and 0.9/2 = 0.45 (hand calculation).
	for _, w := range []float64{5e-324, 1e-300, 1, 1e308, math.MaxFloat64} {
		got, err := card([]float64{w, w}, nil, nil).Score(values{0.3, 0.9})
		if err != nil {
			t.Fatalf("weights %v: %v", w, err)
		}
		parts := []float64{got.Signals[0].Contribution, got.Signals[1].Contribution}
		if diff := cmp.Diff([]float64{0.6, 0.15, 0.45}, append([]float64{got.Score}, parts...), cmpopts.EquateApprox(0, tol)); diff != "" {
			t.Errorf("weights %v: score and contributions (-want +got):\n%s", w, diff)
		}
	}
}

func TestValidateUnscorableWeights(t *testing.T) {
	// Each of these fails on every record, so Validate rejects it.
	tests := []struct {
		name string
		card Scorecard[values]
	}{
		{"points adding up to 90", card([]float64{60, 30}, nil, Points{})},
		{"points pointer adding up to 90", card([]float64{60, 30}, nil, &Points{})},
		{"points overflowing", card([]float64{1e308, 1e308}, nil, Points{Total: 1e308})},
		{"weighted weights all 0", card([]float64{0, 0}, nil, nil)},
		{"points all 0", card([]float64{0, 0}, nil, Points{Total: 1e-300})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.card.Validate(); !errors.Is(err, ErrInvalidWeight) {
				t.Errorf("Validate() = %v, want ErrInvalidWeight", err)
			}
		})
	}
	if err := card([]float64{60, 40}, nil, Points{}).Validate(); err != nil {
		t.Errorf("points adding up to 100: Validate() = %v", err)
	}
	if err := card([]float64{0, 0}, nil, WorstOf{PoorBelow: 0.4, GoodFrom: 0.7}).Validate(); err != nil {
		t.Errorf("worst-of ignores weights: Validate() = %v", err)
	}
}

func TestResultJSONRoundTrip(t *testing.T) {
	c := card([]float64{0.5, 0.3, 0.2}, nil, nil)
	c.Bands = GainsightBands()
	want, err := c.Score(values{0.8, math.NaN(), 1.0})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var got Result
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestScoreAllAllocations(t *testing.T) {
	c := card([]float64{0.5, 0.3, 0.2}, Linear{Min: 0, Max: 1, Direction: HigherIsBetter}, nil)
	c.Bands = GainsightBands()
	small := make([]values, 10)
	large := make([]values, 1000)
	for i := range large {
		large[i] = values{0.1, 0.5, 0.9}
		if i < len(small) {
			small[i] = large[i]
		}
	}
	allocs := func(records []values) float64 {
		return testing.AllocsPerRun(20, func() {
			if _, err := c.ScoreAll(records); err != nil {
				t.Fatal(err)
			}
		})
	}
	if a, b := allocs(small), allocs(large); a != b {
		t.Errorf("ScoreAll allocations grow with input: %v for 10 records, %v for 1000", a, b)
	}
}
