package ces_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/crmmetrics/crmmetrics/ces"
)

// tol is the tolerance for golden values given to 6 or 7 decimals: half a
// unit in their last printed place.
const tol = 5e-7

// exact is the tolerance for values computed from the same integers by the
// same float64 operations as the hand calculation: a few ulps.
const exact = 1e-12

// counted returns a tally on scale with counts[v] answers equal to v.
func counted(scale ces.Scale, counts map[int]int64) ces.Tally {
	t := ces.Tally{Scale: scale}
	for v, c := range counts {
		t.Counts[v] = c
	}
	return t
}

// delightedCES is a 1..7 agreement distribution with 74 easy (5..7), 0
// neutral and 33 difficult (1..3) answers of 107, the counts of Delighted's
// CSAT example (help.delighted.com/article/240-how-is-csat-calculated)
// moved onto the CES bands.
var delightedCES = map[int]int64{1: 14, 2: 9, 3: 10, 5: 20, 6: 12, 7: 42}

func TestScaleValidate(t *testing.T) {
	tests := []struct {
		name    string
		scale   ces.Scale
		wantErr error
	}{
		{name: "zero is the default", scale: ces.Scale{}},
		{name: "agreement 1..7", scale: ces.Agreement7()},
		{name: "effort 1..5", scale: ces.Effort5()},
		{name: "effort 1..7", scale: ces.Effort7()},
		{name: "eleven points", scale: ces.Scale{Min: 0, Max: 10, Direction: ces.LowIsEasy}},
		{name: "no direction", scale: ces.Scale{Min: 1, Max: 5}, wantErr: ces.ErrInvalidScale},
		{name: "direction out of range", scale: ces.Scale{Min: 1, Max: 7, Direction: 3}, wantErr: ces.ErrInvalidScale},
		{name: "single point", scale: ces.Scale{Min: 5, Max: 5, Direction: ces.HighIsEasy}, wantErr: ces.ErrInvalidScale},
		{name: "reversed bounds", scale: ces.Scale{Min: 7, Max: 1, Direction: ces.HighIsEasy}, wantErr: ces.ErrInvalidScale},
		{name: "negative min", scale: ces.Scale{Min: -1, Max: 5, Direction: ces.HighIsEasy}, wantErr: ces.ErrInvalidScale},
		{name: "max above 10", scale: ces.Scale{Min: 1, Max: 11, Direction: ces.HighIsEasy}, wantErr: ces.ErrInvalidScale},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.scale.Validate()
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("%#v.Validate() = %v, want %v", tc.scale, err, tc.wantErr)
			}
		})
	}
}

func TestMean(t *testing.T) {
	tests := []struct {
		name      string
		tally     ces.Tally
		want      ces.Mean
		wantLower float64
		wantUpper float64
		source    string
	}{
		{
			name:      "one to five",
			tally:     counted(ces.Agreement7(), map[int]int64{1: 1, 2: 1, 3: 1, 4: 1, 5: 1}),
			want:      ces.Mean{Value: 3, SumSquares: 10, Responses: 5, Scale: ces.Agreement7()},
			wantLower: 3 - 1.9632432,
			wantUpper: 3 + 1.9632432,
			source: "hand: mean 15/5 = 3, SS = 4+1+0+1+4 = 10, s² = 10/4 = 2.5; " +
				"t(0.975, 4) = 2.776445 (t table); 2.776445 × √(2.5/5) = 1.9632432",
		},
		{
			name:      "identical answers at the top",
			tally:     counted(ces.Scale{}, map[int]int64{7: 3}),
			want:      ces.Mean{Value: 7, SumSquares: 0, Responses: 3, Scale: ces.Agreement7()},
			wantLower: 7,
			wantUpper: 7,
			source:    "hand: 7, 7, 7 have mean 7 and variance 0, so the interval has width 0",
		},
		{
			name:      "interval reaches beyond the scale",
			tally:     counted(ces.Effort7(), map[int]int64{1: 1, 4: 1, 7: 1}),
			want:      ces.Mean{Value: 4, SumSquares: 18, Responses: 3, Scale: ces.Effort7()},
			wantLower: 4 - 7.4524131,
			wantUpper: 4 + 7.4524131,
			source: "hand: mean 4, SS = 9+0+9 = 18, s² = 9; t(0.975, 2) = 4.302653 (t table); " +
				"4.302653 × 3/√3 = 7.4524131",
		},
		{
			name:      "delighted distribution with unanswered",
			tally:     func() ces.Tally { t := counted(ces.Agreement7(), delightedCES); t.Unanswered = 5; return t }(),
			want:      ces.Mean{Value: 528.0 / 107, SumSquares: 3130 - 528.0*528.0/107, Responses: 107, Unanswered: 5, Scale: ces.Agreement7()},
			wantLower: math.NaN(),
			source: "hand: Σx = 14+18+30+100+72+294 = 528; Σx² = 14+36+90+500+432+2058 = 3130; " +
				"SS = Σx² − (Σx)²/n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.tally.Mean()
			if err != nil {
				t.Fatalf("Mean() error = %v", err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, exact)); diff != "" {
				t.Errorf("Mean() mismatch (-want +got):\n%s", diff)
			}
			if math.IsNaN(tc.wantLower) {
				return
			}
			interval, err := got.Interval(0.95)
			if err != nil {
				t.Fatalf("Interval(0.95) error = %v", err)
			}
			want := ces.Interval{Lower: tc.wantLower, Upper: tc.wantUpper, Confidence: 0.95}
			if diff := cmp.Diff(want, interval, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Interval(0.95) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMeanErrors(t *testing.T) {
	tests := []struct {
		name    string
		mean    func() (ces.Mean, error)
		conf    float64
		wantErr error
	}{
		{
			name:    "single answer has no interval",
			mean:    counted(ces.Scale{}, map[int]int64{4: 1}).Mean,
			conf:    0.95,
			wantErr: ces.ErrTooFewResponses,
		},
		{
			name:    "confidence 1",
			mean:    counted(ces.Scale{}, map[int]int64{4: 2, 5: 1}).Mean,
			conf:    1,
			wantErr: ces.ErrConfidence,
		},
		{
			name:    "confidence NaN",
			mean:    counted(ces.Scale{}, map[int]int64{4: 2, 5: 1}).Mean,
			conf:    math.NaN(),
			wantErr: ces.ErrConfidence,
		},
		{
			name:    "negative sum of squares",
			mean:    func() (ces.Mean, error) { return ces.Mean{Value: 4, SumSquares: -1, Responses: 3}, nil },
			conf:    0.95,
			wantErr: ces.ErrInvalidCounts,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := tc.mean()
			if err != nil {
				t.Fatalf("Mean() error = %v", err)
			}
			if _, err := m.Interval(tc.conf); !errors.Is(err, tc.wantErr) {
				t.Errorf("Interval(%v) error = %v, want %v", tc.conf, err, tc.wantErr)
			}
		})
	}
}

func TestEasyShareAndNet(t *testing.T) {
	tests := []struct {
		name        string
		tally       ces.Tally
		bands       ces.Bands
		wantShare   ces.Share
		wantNet     ces.Net
		wantShareCI [2]float64
		wantNetCI   [2]float64
		source      string
	}{
		{
			name:        "delighted counts on the default bands",
			tally:       counted(ces.Scale{}, delightedCES),
			wantShare:   ces.Share{Value: 74.0 / 107, Count: 74, Responses: 107},
			wantNet:     ces.Net{Value: 41.0 / 107, Easy: 74, Difficult: 33, Responses: 107},
			wantShareCI: [2]float64{0.598715, 0.771183},
			wantNetCI:   [2]float64{0.2081626, 0.5581926},
			source: "Wilson 74/107 = [0.598715, 0.771183]: computed test vector on Delighted's example; " +
				"net by hand: e + d = 1, (e − d)² = (41/107)² = 0.1468251, SE = √(0.8531749/107) = 0.0892950, " +
				"1.959964 × SE = 0.1750149, 41/107 = 0.3831776 ± 0.1750149",
		},
		{
			name:        "trinomial test vector",
			tally:       counted(ces.Agreement7(), map[int]int64{7: 250, 4: 675, 1: 75}),
			wantShare:   ces.Share{Value: 0.25, Count: 250, Responses: 1000},
			wantNet:     ces.Net{Value: 0.175, Easy: 250, Difficult: 75, Responses: 1000},
			wantShareCI: [2]float64{0.2241531, 0.2777603},
			wantNetCI:   [2]float64{0.141372, 0.208628},
			source: "hand: e = 0.25, d = 0.075, net 0.175, Var = 0.325 − 0.030625 = 0.294375, " +
				"SE = √(0.294375/1000) = 0.0171574, 1.959964 × SE = 0.0336280; " +
				"Wilson 250/1000 by hand, z² = 3.841459: centre (0.25 + 0.0019207)/1.0038415 = 0.2509567, " +
				"half 1.959964/1.0038415 × √(0.1875/1000 + 3.841459/4e6) = 1.952464 × 0.0137281 = 0.0268036",
		},
		{
			name:        "effort scale with named bands",
			tally:       counted(ces.Effort5(), map[int]int64{1: 2, 2: 2, 3: 1, 4: 1, 5: 2}),
			bands:       ces.Bands{Easy: ces.Band{Min: 1, Max: 2}, Difficult: ces.Band{Min: 4, Max: 5}},
			wantShare:   ces.Share{Value: 0.5, Count: 4, Responses: 8},
			wantNet:     ces.Net{Value: 0.125, Easy: 4, Difficult: 3, Responses: 8},
			wantShareCI: [2]float64{0.2152161, 0.7847839},
			wantNetCI:   [2]float64{-0.5173836, 0.7673836},
			source: "hand: answers 1,1,2,2,3,4,5,5; easy 1..2 = 4 of 8, difficult 4..5 = 3, net 1/8; " +
				"Wilson 4/8: centre 0.5, half 1.959964/1.4801824 × √(0.25/8 + 3.841459/256) = 1.3241337 × 0.2150714 = 0.2847839; " +
				"net variance 7/8 − 1/64 = 0.859375, SE = √(0.859375/8) = 0.3277528, 1.959964 × SE = 0.6423836",
		},
		{
			name:        "all easy clips at one",
			tally:       counted(ces.Scale{}, map[int]int64{7: 3}),
			wantShare:   ces.Share{Value: 1, Count: 3, Responses: 3},
			wantNet:     ces.Net{Value: 1, Easy: 3, Responses: 3},
			wantShareCI: [2]float64{0.4385030, 1},
			wantNetCI:   [2]float64{1, 1},
			source: "hand: Wilson 3/3: centre (1 + 3.841459/6)/(1 + 3.841459/3) = 0.7192515, " +
				"half 1.959964/2.2804863 × √(3.841459/36) = 0.2807485, upper 1; net variance (1 + 0) − 1² = 0",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			share, err := tc.tally.EasyShare(tc.bands)
			if err != nil {
				t.Fatalf("EasyShare() error = %v", err)
			}
			if diff := cmp.Diff(tc.wantShare, share, cmpopts.EquateApprox(0, exact)); diff != "" {
				t.Errorf("EasyShare() mismatch (-want +got):\n%s", diff)
			}
			net, err := tc.tally.Net(tc.bands)
			if err != nil {
				t.Fatalf("Net() error = %v", err)
			}
			if diff := cmp.Diff(tc.wantNet, net, cmpopts.EquateApprox(0, exact)); diff != "" {
				t.Errorf("Net() mismatch (-want +got):\n%s", diff)
			}

			shareCI, err := share.Interval(0.95)
			if err != nil {
				t.Fatalf("Share.Interval(0.95) error = %v", err)
			}
			wantShareCI := ces.Interval{Lower: tc.wantShareCI[0], Upper: tc.wantShareCI[1], Confidence: 0.95}
			if diff := cmp.Diff(wantShareCI, shareCI, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Share.Interval(0.95) mismatch (-want +got):\n%s", diff)
			}
			netCI, err := net.Interval(0.95)
			if err != nil {
				t.Fatalf("Net.Interval(0.95) error = %v", err)
			}
			wantNetCI := ces.Interval{Lower: tc.wantNetCI[0], Upper: tc.wantNetCI[1], Confidence: 0.95}
			if diff := cmp.Diff(wantNetCI, netCI, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Net.Interval(0.95) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDirection checks that the same answers read in opposite directions on
// the agreement and the effort wording.
func TestDirection(t *testing.T) {
	answers := []int{7, 7, 6, 1}
	effortBands := ces.Bands{Easy: ces.Band{Min: 1, Max: 3}, Difficult: ces.Band{Min: 5, Max: 7}}
	tests := []struct {
		name  string
		scale ces.Scale
		bands ces.Bands
		want  float64
	}{
		{name: "agreement, high is easy", scale: ces.Agreement7(), want: 0.75},
		{name: "effort, low is easy", scale: ces.Effort7(), bands: effortBands, want: 0.25},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tally, err := ces.FromScores(answers, tc.scale)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tally.EasyShare(tc.bands)
			if err != nil {
				t.Fatal(err)
			}
			if got.Value != tc.want {
				t.Errorf("EasyShare(%v) = %v, want %v", tc.bands, got.Value, tc.want)
			}
		})
	}
}

func TestBandErrors(t *testing.T) {
	answers := counted(ces.Scale{}, map[int]int64{2: 1, 6: 1})
	tests := []struct {
		name    string
		tally   ces.Tally
		bands   ces.Bands
		wantErr error
	}{
		{
			name:    "effort scale needs bands",
			tally:   counted(ces.Effort5(), map[int]int64{2: 1}),
			wantErr: ces.ErrBandsRequired,
		},
		{
			name:    "explicit default-shaped scale other than agreement",
			tally:   counted(ces.Effort7(), map[int]int64{2: 1}),
			wantErr: ces.ErrBandsRequired,
		},
		{
			name:    "bands reversed for agreement wording",
			tally:   answers,
			bands:   ces.Bands{Easy: ces.Band{Min: 1, Max: 3}, Difficult: ces.Band{Min: 5, Max: 7}},
			wantErr: ces.ErrInvalidBands,
		},
		{
			name:    "bands reversed for effort wording",
			tally:   counted(ces.Effort5(), map[int]int64{2: 1}),
			bands:   ces.Bands{Easy: ces.Band{Min: 4, Max: 5}, Difficult: ces.Band{Min: 1, Max: 2}},
			wantErr: ces.ErrInvalidBands,
		},
		{
			name:    "bands overlap",
			tally:   answers,
			bands:   ces.Bands{Easy: ces.Band{Min: 4, Max: 7}, Difficult: ces.Band{Min: 1, Max: 4}},
			wantErr: ces.ErrInvalidBands,
		},
		{
			name:    "band leaves the scale",
			tally:   answers,
			bands:   ces.Bands{Easy: ces.Band{Min: 5, Max: 8}, Difficult: ces.Band{Min: 1, Max: 3}},
			wantErr: ces.ErrInvalidBands,
		},
		{
			name:    "empty band",
			tally:   answers,
			bands:   ces.Bands{Easy: ces.Band{Min: 7, Max: 5}, Difficult: ces.Band{Min: 1, Max: 3}},
			wantErr: ces.ErrInvalidBands,
		},
		{
			name:    "easy band misses the easy end",
			tally:   answers,
			bands:   ces.Bands{Easy: ces.Band{Min: 5, Max: 6}, Difficult: ces.Band{Min: 1, Max: 3}},
			wantErr: ces.ErrInvalidBands,
		},
		{
			name:  "stricter bands on agreement",
			tally: answers,
			bands: ces.Bands{Easy: ces.Band{Min: 6, Max: 7}, Difficult: ces.Band{Min: 1, Max: 2}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.tally.EasyShare(tc.bands); !errors.Is(err, tc.wantErr) {
				t.Errorf("EasyShare(%v) error = %v, want %v", tc.bands, err, tc.wantErr)
			}
			if _, err := tc.tally.Net(tc.bands); !errors.Is(err, tc.wantErr) {
				t.Errorf("Net(%v) error = %v, want %v", tc.bands, err, tc.wantErr)
			}
		})
	}
}

// TestNoResponses checks that a tally without rated answers, empty or made
// only of unanswered submissions, has no results rather than 0 or NaN.
func TestNoResponses(t *testing.T) {
	empty, err := ces.FromScores([]int{}, ces.Scale{})
	if err != nil {
		t.Fatal(err)
	}
	unanswered, err := ces.FromAnswers(make([]*int, 10), ces.Effort5())
	if err != nil {
		t.Fatal(err)
	}
	if unanswered.Unanswered != 10 {
		t.Errorf("FromAnswers(10 × nil).Unanswered = %d, want 10", unanswered.Unanswered)
	}
	effortBands := ces.Bands{Easy: ces.Band{Min: 1, Max: 2}, Difficult: ces.Band{Min: 4, Max: 5}}

	tests := []struct {
		name  string
		tally ces.Tally
		bands ces.Bands
	}{
		{name: "zero tally", tally: ces.Tally{}},
		{name: "empty slice", tally: empty},
		{name: "only unanswered", tally: unanswered, bands: effortBands},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.tally.Mean(); !errors.Is(err, ces.ErrNoResponses) {
				t.Errorf("Mean() error = %v, want ErrNoResponses", err)
			}
			if _, err := tc.tally.EasyShare(tc.bands); !errors.Is(err, ces.ErrNoResponses) {
				t.Errorf("EasyShare() error = %v, want ErrNoResponses", err)
			}
			if _, err := tc.tally.Net(tc.bands); !errors.Is(err, ces.ErrNoResponses) {
				t.Errorf("Net() error = %v, want ErrNoResponses", err)
			}
		})
	}

	if _, err := (ces.Share{}).Interval(0.95); !errors.Is(err, ces.ErrNoResponses) {
		t.Errorf("Share{}.Interval() error = %v, want ErrNoResponses", err)
	}
	if _, err := (ces.Net{}).Interval(0.95); !errors.Is(err, ces.ErrNoResponses) {
		t.Errorf("Net{}.Interval() error = %v, want ErrNoResponses", err)
	}
}

func TestResultCountErrors(t *testing.T) {
	shares := []ces.Share{
		{Count: 5, Responses: 4},
		{Count: -1, Responses: 4},
		{Count: 0, Responses: -4},
	}
	for _, s := range shares {
		if _, err := s.Interval(0.95); !errors.Is(err, ces.ErrInvalidCounts) {
			t.Errorf("%+v.Interval() error = %v, want ErrInvalidCounts", s, err)
		}
	}
	nets := []ces.Net{
		{Easy: 3, Difficult: 2, Responses: 4},
		{Easy: -1, Responses: 4},
		{Difficult: -1, Responses: 4},
		{Responses: -4},
		{Easy: 1, Difficult: math.MinInt64, Responses: 4},
	}
	for _, n := range nets {
		if _, err := n.Interval(0.95); !errors.Is(err, ces.ErrInvalidCounts) {
			t.Errorf("%+v.Interval() error = %v, want ErrInvalidCounts", n, err)
		}
	}
	if _, err := (ces.Share{Count: 1, Responses: 2}).Interval(0); !errors.Is(err, ces.ErrConfidence) {
		t.Errorf("Share.Interval(0) error = %v, want ErrConfidence", err)
	}
	if _, err := (ces.Net{Easy: 1, Responses: 2}).Interval(1.5); !errors.Is(err, ces.ErrConfidence) {
		t.Errorf("Net.Interval(1.5) error = %v, want ErrConfidence", err)
	}
}
