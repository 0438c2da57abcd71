package csat_test

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/crmmetrics/crmmetrics/csat"
)

// tol is the tolerance for golden values given to 6 or 7 decimals: half a
// unit in their last printed place.
const tol = 5e-7

// exact is the tolerance for values computed from the same integers by the
// same float64 operations as the hand calculation: a few ulps.
const exact = 1e-12

// fivePoint is the default scale written out.
var fivePoint = csat.Scale{Min: 1, Max: 5}

// counted returns a tally on scale with counts[v] answers equal to v.
func counted(scale csat.Scale, counts map[int]int64) csat.Tally {
	t := csat.Tally{Scale: scale}
	for v, c := range counts {
		t.Counts[v] = c
	}
	return t
}

// delighted is the example of help.delighted.com/article/240-how-is-csat-calculated:
// 42 fives, 32 fours, 10 threes, 9 twos and 14 ones, 74 satisfied of 107.
var delighted = map[int]int64{5: 42, 4: 32, 3: 10, 2: 9, 1: 14}

// ints returns pointers to the values, with nil for each negative value.
func ints(values ...int) []*int {
	answers := make([]*int, len(values))
	for i, v := range values {
		if v >= 0 {
			answers[i] = &v
		}
	}
	return answers
}

func TestScore(t *testing.T) {
	tests := []struct {
		name   string
		tally  csat.Tally
		want   csat.Share
		wantCI [2]float64
		source string
	}{
		{
			name:   "delighted example",
			tally:  counted(csat.Scale{}, delighted),
			want:   csat.Share{Value: 74.0 / 107, Count: 74, Responses: 107},
			wantCI: [2]float64{0.598715, 0.771183},
			source: "Delighted publishes 74/107 = 69.16 %; Wilson 95% [0.598715, 0.771183] is a computed test vector for 74 of 107",
		},
		{
			name:   "intercom example",
			tally:  counted(fivePoint, map[int]int64{5: 10, 4: 20, 3: 10, 2: 5, 1: 5}),
			want:   csat.Share{Value: 0.6, Count: 30, Responses: 50},
			wantCI: [2]float64{0.4618144, 0.7239161},
			source: "Intercom VoC help (intercom.help/voc-metrics, article 9647540) publishes (10 + 20)/50 = 60 %; " +
				"Wilson by hand, z² = 3.841459: centre (0.6 + 0.0384146)/1.0768292 = 0.5928652, " +
				"half 1.959964/1.0768292 × √(0.24/50 + 3.841459/10000) = 1.8201253 × 0.0720010 = 0.1310509",
		},
		{
			name:   "all satisfied",
			tally:  counted(fivePoint, map[int]int64{5: 3}),
			want:   csat.Share{Value: 1, Count: 3, Responses: 3},
			wantCI: [2]float64{0.4385030, 1},
			source: "hand: Wilson 3/3: centre (1 + 3.841459/6)/(1 + 3.841459/3) = 0.7192515, half 0.2807485, upper 1",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.tally.Score()
			if err != nil {
				t.Fatalf("Score() error = %v", err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, exact)); diff != "" {
				t.Errorf("Score() mismatch (-want +got):\n%s", diff)
			}
			interval, err := got.Interval(0.95)
			if err != nil {
				t.Fatalf("Interval(0.95) error = %v", err)
			}
			want := csat.Interval{Lower: tc.wantCI[0], Upper: tc.wantCI[1], Confidence: 0.95}
			if diff := cmp.Diff(want, interval, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Interval(0.95) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnratedSubmissions checks that submissions without a rating stay out
// of the denominator while neutral answers stay in it: a survey's 5, 4,
// null, 3, 5, null, 2, 4, null, 1 has 4 satisfied of 7 rated answers.
// Counting the nulls would give 4/10 = 0.4; dropping the neutral 3 would
// give 4/6 = 0.667.
func TestUnratedSubmissions(t *testing.T) {
	answers := ints(5, 4, -1, 3, 5, -1, 2, 4, -1, 1)
	tally, err := csat.FromAnswers(answers, csat.Scale{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := tally.Score()
	if err != nil {
		t.Fatal(err)
	}
	want := csat.Share{Value: 4.0 / 7, Count: 4, Responses: 7, Unanswered: 3}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, exact)); diff != "" {
		t.Errorf("Score() mismatch (-want +got):\n%s", diff)
	}

	mean, err := tally.Mean()
	if err != nil {
		t.Fatal(err)
	}
	// hand: (5 + 4 + 3 + 5 + 2 + 4 + 1)/7 = 24/7.
	if mean.Value != 24.0/7 || mean.Responses != 7 || mean.Unanswered != 3 {
		t.Errorf("Mean() = %+v, want 24/7 of 7 rated and 3 unanswered", mean)
	}

	var added csat.Tally
	for _, a := range answers {
		if a == nil {
			added.AddUnanswered()
			continue
		}
		if err := added.Add(*a); err != nil {
			t.Fatal(err)
		}
	}
	if added != tally {
		t.Errorf("Add loop = %+v, want FromAnswers %+v", added, tally)
	}
}

func TestTopBox(t *testing.T) {
	tenPoint := csat.Scale{Min: 1, Max: 10}
	answers := counted(tenPoint, map[int]int64{10: 1, 9: 1, 8: 1, 7: 1, 1: 1})
	tests := []struct {
		name    string
		tally   csat.Tally
		cut     int
		want    float64
		wantErr error
	}{
		{name: "9 and 10 of 1..10", tally: answers, cut: 9, want: 0.4},
		{name: "8 to 10 of 1..10", tally: answers, cut: 8, want: 0.6},
		{name: "top box only on 1..5", tally: counted(csat.Scale{}, delighted), cut: 5, want: 42.0 / 107},
		{name: "top three on 1..5", tally: counted(csat.Scale{}, delighted), cut: 3, want: 84.0 / 107},
		{name: "two-point scale", tally: counted(csat.Scale{Min: 1, Max: 2}, map[int]int64{1: 1, 2: 3}), cut: 2, want: 0.75},
		{name: "cut at the minimum", tally: answers, cut: 1, wantErr: csat.ErrInvalidCut},
		{name: "cut above the maximum", tally: answers, cut: 11, wantErr: csat.ErrInvalidCut},
		{name: "no rated answers", tally: csat.Tally{Scale: tenPoint, Unanswered: 2}, cut: 9, wantErr: csat.ErrNoResponses},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.tally.TopBox(tc.cut)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("TopBox(%d) error = %v, want %v", tc.cut, err, tc.wantErr)
			}
			if err == nil && got.Value != tc.want {
				t.Errorf("TopBox(%d) = %v, want %v", tc.cut, got.Value, tc.want)
			}
		})
	}
}

func TestScoreNeedsCut(t *testing.T) {
	for _, scale := range []csat.Scale{{Min: 1, Max: 10}, {Min: 0, Max: 10}, {Min: 1, Max: 7}, {Min: 1, Max: 3}} {
		tally := counted(scale, map[int]int64{scale.Max: 1})
		if _, err := tally.Score(); !errors.Is(err, csat.ErrCutRequired) {
			t.Errorf("Score() on scale %v error = %v, want ErrCutRequired", scale, err)
		}
	}
	zeroToFour := counted(csat.Scale{Min: 0, Max: 4}, map[int]int64{3: 1, 4: 1, 2: 2})
	got, err := zeroToFour.Score()
	if err != nil || got.Value != 0.5 {
		t.Errorf("Score() on 0..4 = %+v, %v, want top two boxes 3 and 4: 0.5", got, err)
	}
}

func TestMean(t *testing.T) {
	tests := []struct {
		name      string
		tally     csat.Tally
		want      csat.Mean
		wantLower float64
		wantUpper float64
		source    string
	}{
		{
			name:      "one to five",
			tally:     counted(csat.Scale{}, map[int]int64{1: 1, 2: 1, 3: 1, 4: 1, 5: 1}),
			want:      csat.Mean{Value: 3, SumSquares: 10, Responses: 5},
			wantLower: 3 - 1.9632432,
			wantUpper: 3 + 1.9632432,
			source: "hand: mean 3, SS 10, s² = 2.5; t(0.975, 4) = 2.776445 (t table); " +
				"2.776445 × √(2.5/5) = 1.9632432",
		},
		{
			name:      "identical answers",
			tally:     counted(fivePoint, map[int]int64{4: 6}),
			want:      csat.Mean{Value: 4, Responses: 6},
			wantLower: 4,
			wantUpper: 4,
			source:    "hand: six 4s have variance 0",
		},
		{
			name:      "delighted distribution",
			tally:     counted(csat.Scale{}, delighted),
			want:      csat.Mean{Value: 400.0 / 107, SumSquares: 1702 - 400.0*400.0/107, Responses: 107},
			wantLower: math.NaN(),
			source: "hand: Σx = 14 + 18 + 30 + 128 + 210 = 400; Σx² = 14 + 36 + 90 + 512 + 1050 = 1702; " +
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
			want := csat.Interval{Lower: tc.wantLower, Upper: tc.wantUpper, Confidence: 0.95}
			if diff := cmp.Diff(want, interval, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Interval(0.95) mismatch (-want +got):\n%s", diff)
			}
		})
	}

	single, _ := counted(csat.Scale{}, map[int]int64{3: 1}).Mean()
	if _, err := single.Interval(0.95); !errors.Is(err, csat.ErrTooFewResponses) {
		t.Errorf("Interval of one answer error = %v, want ErrTooFewResponses", err)
	}
	if _, err := (csat.Mean{Value: 3, SumSquares: math.Inf(1), Responses: 3}).Interval(0.95); !errors.Is(err, csat.ErrInvalidCounts) {
		t.Errorf("Interval with infinite sum of squares error = %v, want ErrInvalidCounts", err)
	}
	pair, _ := counted(csat.Scale{}, map[int]int64{3: 1, 4: 1}).Mean()
	if _, err := pair.Interval(0); !errors.Is(err, csat.ErrConfidence) {
		t.Errorf("Interval(0) error = %v, want ErrConfidence", err)
	}
}

// TestNoResponses checks that no rated answers, from an empty slice or ten
// submissions all without a rating, give an error rather than 0 or NaN.
func TestNoResponses(t *testing.T) {
	empty, err := csat.FromScores([]int{}, csat.Scale{})
	if err != nil {
		t.Fatal(err)
	}
	unrated, err := csat.FromAnswers(make([]*int, 10), csat.Scale{})
	if err != nil {
		t.Fatal(err)
	}
	if unrated.Unanswered != 10 {
		t.Errorf("FromAnswers(10 × nil).Unanswered = %d, want 10", unrated.Unanswered)
	}
	for name, tally := range map[string]csat.Tally{"zero tally": {}, "empty slice": empty, "ten unrated": unrated} {
		t.Run(name, func(t *testing.T) {
			if _, err := tally.Score(); !errors.Is(err, csat.ErrNoResponses) {
				t.Errorf("Score() error = %v, want ErrNoResponses", err)
			}
			if _, err := tally.TopBox(4); !errors.Is(err, csat.ErrNoResponses) {
				t.Errorf("TopBox(4) error = %v, want ErrNoResponses", err)
			}
			if _, err := tally.Mean(); !errors.Is(err, csat.ErrNoResponses) {
				t.Errorf("Mean() error = %v, want ErrNoResponses", err)
			}
		})
	}
	if _, err := (csat.Share{}).Interval(0.95); !errors.Is(err, csat.ErrNoResponses) {
		t.Errorf("Share{}.Interval() error = %v, want ErrNoResponses", err)
	}
	if _, err := (csat.Binary{Unanswered: 4}).Score(); !errors.Is(err, csat.ErrNoResponses) {
		t.Errorf("Binary with only unanswered Score() error = %v, want ErrNoResponses", err)
	}
}

func TestBinary(t *testing.T) {
	var b csat.Binary
	for range 19 {
		b.Add(true)
	}
	b.Add(false)
	b.AddUnanswered()
	got, err := b.Score()
	if err != nil {
		t.Fatal(err)
	}
	// hand: 19 good of 19 + 1 rated = 0.95; the unrated submission is left out.
	want := csat.Share{Value: 0.95, Count: 19, Responses: 20, Unanswered: 1}
	if got != want {
		t.Errorf("Score() = %+v, want %+v", got, want)
	}

	var merged csat.Binary
	if err := merged.Merge(csat.Binary{Good: 12, Unanswered: 1}); err != nil {
		t.Fatal(err)
	}
	if err := merged.Merge(csat.Binary{Good: 7, Bad: 1}); err != nil {
		t.Fatal(err)
	}
	if merged != b {
		t.Errorf("merged = %+v, want one pass %+v", merged, b)
	}

	for _, bad := range []csat.Binary{{Good: -1}, {Bad: -2}, {Unanswered: -1}, {Good: math.MaxInt64, Bad: 1}} {
		if _, err := bad.Score(); !errors.Is(err, csat.ErrInvalidCounts) {
			t.Errorf("%+v.Score() error = %v, want ErrInvalidCounts", bad, err)
		}
		before := merged
		if err := merged.Merge(bad); !errors.Is(err, csat.ErrInvalidCounts) || merged != before {
			t.Errorf("Merge(%+v) = %v, %+v; want ErrInvalidCounts and no change", bad, err, merged)
		}
	}
	full := csat.Binary{Good: math.MaxInt64 - 5}
	if err := full.Merge(csat.Binary{Bad: 6}); !errors.Is(err, csat.ErrInvalidCounts) {
		t.Errorf("Merge past int64 error = %v, want ErrInvalidCounts", err)
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name   string
		a, b   csat.Share
		want   csat.Comparison
		source string
	}{
		{
			name: "forty against thirty in a hundred",
			a:    csat.Share{Value: 0.4, Count: 40, Responses: 100},
			b:    csat.Share{Value: 0.3, Count: 30, Responses: 100},
			want: csat.Comparison{Difference: 0.1, StandardError: 0.0674537, Z: 1.4824986, P: 0.1382077},
			source: "hand: p̄ = 70/200 = 0.35, SE = √(0.35 × 0.65 × 0.02) = √0.00455 = 0.0674537, " +
				"z = 0.1/SE = 1.4824986, p = erfc(z/√2) = 0.1382077 (Python math.erfc)",
		},
		{
			name: "signed difference",
			a:    csat.Share{Value: 4.0 / 7, Count: 4, Responses: 7},
			b:    csat.Share{Value: 74.0 / 107, Count: 74, Responses: 107},
			want: csat.Comparison{Difference: -0.1201602, StandardError: 0.1813448, Z: -0.6626062, P: 0.5075828},
			source: "hand: 4/7 − 74/107 = −0.1201602, p̄ = 78/114 = 0.6842105, " +
				"SE = √(0.6842105 × 0.3157895 × (1/7 + 1/107)) = 0.1813448, z = −0.6626062, p = erfc(|z|/√2) = 0.5075828",
		},
		{
			name:   "both all satisfied",
			a:      csat.Share{Value: 1, Count: 5, Responses: 5},
			b:      csat.Share{Value: 1, Count: 3, Responses: 3},
			want:   csat.Comparison{Difference: 0, StandardError: 0, Z: 0, P: 1},
			source: "hand: p̄ = 1 gives SE 0; documented as Z 0 and P 1",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := csat.Compare(tc.a, tc.b)
			if err != nil {
				t.Fatalf("Compare() error = %v", err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, tol)); diff != "" {
				t.Errorf("Compare() mismatch (-want +got):\n%s", diff)
			}
			back, err := csat.Compare(tc.b, tc.a)
			if err != nil {
				t.Fatal(err)
			}
			if back.Difference != -got.Difference || back.Z != -got.Z || back.P != got.P {
				t.Errorf("Compare(b, a) = %+v, want the negated difference of %+v", back, got)
			}
		})
	}

	valid := csat.Share{Count: 1, Responses: 2}
	errs := []struct {
		a, b    csat.Share
		wantErr error
	}{
		{csat.Share{}, valid, csat.ErrNoResponses},
		{valid, csat.Share{}, csat.ErrNoResponses},
		{csat.Share{Count: 3, Responses: 2}, valid, csat.ErrInvalidCounts},
		{valid, csat.Share{Count: -1, Responses: 2}, csat.ErrInvalidCounts},
		{csat.Share{Responses: math.MaxInt64}, valid, csat.ErrInvalidCounts},
	}
	for _, tc := range errs {
		if _, err := csat.Compare(tc.a, tc.b); !errors.Is(err, tc.wantErr) {
			t.Errorf("Compare(%+v, %+v) error = %v, want %v", tc.a, tc.b, err, tc.wantErr)
		}
	}
}
