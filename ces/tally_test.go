package ces_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/crmmetrics/crmmetrics/ces"
)

// rating is a named integer type, as a host might declare for answers.
type rating int16

func TestFromScoresErrors(t *testing.T) {
	tests := []struct {
		name     string
		scores   []int
		scale    ces.Scale
		wantErr  error
		wantText []string
	}{
		{name: "zero on the default scale", scores: []int{7, 0, 5}, wantErr: ces.ErrScoreOutOfRange, wantText: []string{"answer 0", "index 1"}},
		{name: "eight on the default scale", scores: []int{7, 7, 8}, wantErr: ces.ErrScoreOutOfRange, wantText: []string{"answer 8", "index 2"}},
		{name: "six on the effort scale", scores: []int{6}, scale: ces.Effort5(), wantErr: ces.ErrScoreOutOfRange, wantText: []string{"answer 6", "index 0"}},
		{name: "scale without direction", scores: []int{3}, scale: ces.Scale{Min: 1, Max: 5}, wantErr: ces.ErrInvalidScale},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ces.FromScores(tc.scores, tc.scale)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("FromScores(%v) error = %v, want %v", tc.scores, err, tc.wantErr)
			}
			for _, text := range tc.wantText {
				if !strings.Contains(err.Error(), text) {
					t.Errorf("FromScores(%v) error %q does not name %q", tc.scores, err, text)
				}
			}
		})
	}
}

// TestFromScoresIntegerTypes checks the generic entry point on narrow,
// wide, unsigned and named types, including values that would wrap into
// the scale if converted to int before the range check.
func TestFromScoresIntegerTypes(t *testing.T) {
	want := counted(ces.Agreement7(), map[int]int64{1: 1, 7: 2})

	u8, err := ces.FromScores([]uint8{1, 7, 7}, ces.Scale{})
	if err != nil || u8 != want {
		t.Errorf("FromScores([]uint8) = %+v, %v, want %+v", u8, err, want)
	}
	type answerList []int
	list, err := ces.FromScores(answerList([]int{1, 7, 7}), ces.Scale{})
	if err != nil || list != want {
		t.Errorf("FromScores(answerList) = %+v, %v, want %+v", list, err, want)
	}
	named, err := ces.FromScores([]rating{7, 1, 7}, ces.Scale{})
	if err != nil || named != want {
		t.Errorf("FromScores([]rating) = %+v, %v, want %+v", named, err, want)
	}
	if _, err := ces.FromScores([]int64{1<<32 + 5}, ces.Scale{}); !errors.Is(err, ces.ErrScoreOutOfRange) {
		t.Errorf("FromScores([]int64{1<<32 + 5}) error = %v, want ErrScoreOutOfRange", err)
	}
	if _, err := ces.FromScores([]uint64{math.MaxUint64}, ces.Scale{}); !errors.Is(err, ces.ErrScoreOutOfRange) {
		t.Errorf("FromScores([]uint64{MaxUint64}) error = %v, want ErrScoreOutOfRange", err)
	}
	if _, err := ces.FromScores([]int8{math.MinInt8}, ces.Scale{}); !errors.Is(err, ces.ErrScoreOutOfRange) {
		t.Errorf("FromScores([]int8{MinInt8}) error = %v, want ErrScoreOutOfRange", err)
	}
}

func TestFromFloats(t *testing.T) {
	tests := []struct {
		name     string
		scores   []float64
		want     ces.Tally
		wantErr  error
		wantText string
	}{
		{name: "whole numbers", scores: []float64{7, 7, 7}, want: counted(ces.Agreement7(), map[int]int64{7: 3})},
		{name: "NaN", scores: []float64{7, math.NaN()}, wantErr: ces.ErrNotInteger, wantText: "index 1"},
		{name: "plus infinity", scores: []float64{math.Inf(1)}, wantErr: ces.ErrNotInteger, wantText: "+Inf"},
		{name: "minus infinity", scores: []float64{5, 5, math.Inf(-1)}, wantErr: ces.ErrNotInteger, wantText: "index 2"},
		{name: "fraction", scores: []float64{4.5}, wantErr: ces.ErrNotInteger, wantText: "4.5"},
		{name: "eight", scores: []float64{8}, wantErr: ces.ErrScoreOutOfRange, wantText: "answer 8"},
		{name: "huge", scores: []float64{1e300}, wantErr: ces.ErrScoreOutOfRange, wantText: "1e+300"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ces.FromFloats(tc.scores, ces.Scale{})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("FromFloats(%v) error = %v, want %v", tc.scores, err, tc.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tc.wantText) {
					t.Errorf("FromFloats(%v) error %q does not name %q", tc.scores, err, tc.wantText)
				}
				return
			}
			if got != tc.want {
				t.Errorf("FromFloats(%v) = %+v, want %+v", tc.scores, got, tc.want)
			}
		})
	}
}

func TestFromAnswers(t *testing.T) {
	five, four, one := 5, 4, 1
	answers := []*int{&five, nil, &four, nil, &one, &five}
	got, err := ces.FromAnswers(answers, ces.Scale{})
	if err != nil {
		t.Fatal(err)
	}
	want := counted(ces.Agreement7(), map[int]int64{1: 1, 4: 1, 5: 2})
	want.Unanswered = 2
	if got != want {
		t.Errorf("FromAnswers() = %+v, want %+v", got, want)
	}

	eight := 8
	_, err = ces.FromAnswers([]*int{nil, &eight}, ces.Scale{})
	if !errors.Is(err, ces.ErrScoreOutOfRange) || !strings.Contains(err.Error(), "index 1") {
		t.Errorf("FromAnswers([nil, 8]) error = %v, want ErrScoreOutOfRange at index 1", err)
	}
	if _, err := ces.FromAnswers([]*int{}, ces.Scale{Max: 7}); !errors.Is(err, ces.ErrInvalidScale) {
		t.Errorf("FromAnswers(scale without direction) error = %v, want ErrInvalidScale", err)
	}
}

func TestTallyAdd(t *testing.T) {
	var tally ces.Tally // the first Add sets the default scale
	for _, v := range []int{7, 5, 5, 1} {
		if err := tally.Add(v); err != nil {
			t.Fatalf("Add(%d) error = %v", v, err)
		}
	}
	tally.AddUnanswered()
	want := counted(ces.Agreement7(), map[int]int64{1: 1, 5: 2, 7: 1})
	want.Unanswered = 1
	if tally != want {
		t.Errorf("tally = %+v, want %+v", tally, want)
	}
	if got := tally.Responses(); got != 4 {
		t.Errorf("Responses() = %d, want 4", got)
	}

	for _, v := range []int{0, 8, -1, math.MaxInt} {
		if err := tally.Add(v); !errors.Is(err, ces.ErrScoreOutOfRange) {
			t.Errorf("Add(%d) error = %v, want ErrScoreOutOfRange", v, err)
		}
	}
	if tally != want {
		t.Errorf("tally after rejected answers = %+v, want it unchanged %+v", tally, want)
	}

	invalid := ces.Tally{Scale: ces.Scale{Min: 1, Max: 5}}
	if err := invalid.Add(3); !errors.Is(err, ces.ErrInvalidScale) {
		t.Errorf("Add on a scale without direction error = %v, want ErrInvalidScale", err)
	}
}

// randomAnswers returns n seeded answers on scale s.
func randomAnswers(rng *rand.Rand, n int, s ces.Scale) []int {
	answers := make([]int, n)
	for i := range answers {
		answers[i] = s.Min + rng.IntN(s.Max-s.Min+1)
	}
	return answers
}

// TestMergeEqualsOnePass splits seeded answers at random points, tallies
// each part, and checks that merging the parts in any order gives the tally
// of one pass, bit for bit, and therefore bit-identical results.
func TestMergeEqualsOnePass(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, scale := range []ces.Scale{{}, ces.Agreement7(), ces.Effort5(), {Min: 0, Max: 10, Direction: ces.LowIsEasy}} {
		for trial := range 50 {
			bounds := scale
			if bounds == (ces.Scale{}) {
				bounds = ces.Agreement7()
			}
			answers := randomAnswers(rng, rng.IntN(200), bounds)
			whole, err := ces.FromScores(answers, scale)
			if err != nil {
				t.Fatal(err)
			}

			parts := splitAt(rng, answers)
			var merged ces.Tally
			for _, i := range rng.Perm(len(parts)) {
				part, err := ces.FromScores(parts[i], scale)
				if err != nil {
					t.Fatal(err)
				}
				if err := merged.Merge(part); err != nil {
					t.Fatalf("Merge() error = %v", err)
				}
			}
			if merged != whole {
				t.Errorf("scale %v trial %d: merged %+v, want one pass %+v", scale, trial, merged, whole)
			}
			wantMean, wantErr := whole.Mean()
			gotMean, gotErr := merged.Mean()
			if diff := cmp.Diff(wantMean, gotMean); diff != "" {
				t.Errorf("Mean() of merged differs from one pass (-want +got):\n%s", diff)
			}
			if (gotErr == nil) != (wantErr == nil) {
				t.Errorf("Mean() of merged error = %v, one pass error = %v", gotErr, wantErr)
			}
		}
	}
}

// splitAt cuts answers into up to five parts at random points; parts may be
// empty.
func splitAt(rng *rand.Rand, answers []int) [][]int {
	var parts [][]int
	rest := answers
	for range rng.IntN(5) {
		cut := rng.IntN(len(rest) + 1)
		parts = append(parts, rest[:cut])
		rest = rest[cut:]
	}
	return append(parts, rest)
}

func TestMergeScales(t *testing.T) {
	effort := counted(ces.Effort5(), map[int]int64{2: 3})
	agreement := counted(ces.Agreement7(), map[int]int64{6: 1})
	defaulted := counted(ces.Scale{}, map[int]int64{6: 2})

	var zero ces.Tally
	if err := zero.Merge(effort); err != nil || zero != effort {
		t.Errorf("zero.Merge(effort) = %+v, %v, want %+v", zero, err, effort)
	}

	unansweredOnly := ces.Tally{Unanswered: 4}
	if err := unansweredOnly.Merge(effort); err != nil || unansweredOnly.Scale != ces.Effort5() || unansweredOnly.Unanswered != 4 {
		t.Errorf("unanswered-only Merge(effort) = %+v, %v, want effort scale with 4 unanswered", unansweredOnly, err)
	}

	reverse := effort
	if err := reverse.Merge(ces.Tally{Unanswered: 1}); err != nil || reverse.Scale != ces.Effort5() || reverse.Unanswered != 1 {
		t.Errorf("effort.Merge(unanswered only) = %+v, %v, want effort scale with 1 unanswered", reverse, err)
	}

	mixed := defaulted
	if err := mixed.Merge(agreement); err != nil || mixed.Counts[6] != 3 || mixed.Scale != ces.Agreement7() {
		t.Errorf("default.Merge(agreement) = %+v, %v, want 3 sixes on Agreement7", mixed, err)
	}

	before := agreement
	if err := agreement.Merge(effort); !errors.Is(err, ces.ErrScaleMismatch) {
		t.Errorf("agreement.Merge(effort) error = %v, want ErrScaleMismatch", err)
	}
	if agreement != before {
		t.Errorf("agreement after failed Merge = %+v, want it unchanged", agreement)
	}
}

func TestInvalidCounts(t *testing.T) {
	negative := counted(ces.Scale{}, map[int]int64{5: -1, 6: 2})
	outside := counted(ces.Scale{}, map[int]int64{0: 1, 6: 2})
	huge := counted(ces.Scale{}, map[int]int64{6: math.MaxInt64 / 10, 7: 1})
	negativeUnanswered := ces.Tally{Unanswered: -1}
	for _, tc := range []struct {
		name  string
		tally ces.Tally
	}{{"negative count", negative}, {"count outside the scale", outside}, {"overflow", huge}, {"negative unanswered", negativeUnanswered}} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.tally.Mean(); !errors.Is(err, ces.ErrInvalidCounts) {
				t.Errorf("Mean() error = %v, want ErrInvalidCounts", err)
			}
			if _, err := tc.tally.Net(ces.Bands{}); !errors.Is(err, ces.ErrInvalidCounts) {
				t.Errorf("Net() error = %v, want ErrInvalidCounts", err)
			}
			var merged ces.Tally
			if err := merged.Merge(tc.tally); !errors.Is(err, ces.ErrInvalidCounts) {
				t.Errorf("Merge() error = %v, want ErrInvalidCounts", err)
			}
		})
	}

	big := counted(ces.Scale{}, map[int]int64{6: math.MaxInt64 / 20})
	sum := big
	if err := sum.Merge(big); err != nil {
		t.Fatalf("Merge of two halves of the limit error = %v", err)
	}
	if err := sum.Merge(big); !errors.Is(err, ces.ErrInvalidCounts) {
		t.Errorf("Merge past the limit error = %v, want ErrInvalidCounts", err)
	}
}

func TestTallyJSON(t *testing.T) {
	full := counted(ces.Effort5(), map[int]int64{1: 3, 5: 2})
	full.Unanswered = 7
	for _, tally := range []ces.Tally{{}, full} {
		data, err := json.Marshal(tally)
		if err != nil {
			t.Fatal(err)
		}
		var back ces.Tally
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if back != tally {
			t.Errorf("JSON round trip of %s = %+v, want %+v", data, back, tally)
		}
	}

	var merged ces.Tally
	var zero ces.Tally
	data, _ := json.Marshal(zero)
	if err := json.Unmarshal(data, &zero); err != nil {
		t.Fatal(err)
	}
	if err := merged.Merge(zero); err != nil {
		t.Fatal(err)
	}
	if err := merged.Merge(full); err != nil || merged != full {
		t.Errorf("decoded zero tally merged with %+v = %+v, %v", full, merged, err)
	}
}

func TestNoAllocations(t *testing.T) {
	answers := randomAnswers(rand.New(rand.NewPCG(3, 4)), 1000, ces.Agreement7())
	var tally ces.Tally
	addAllocs := testing.AllocsPerRun(10, func() {
		for _, v := range answers {
			_ = tally.Add(v)
		}
	})
	if addAllocs != 0 {
		t.Errorf("Tally.Add allocates %v times per 1000 answers, want 0", addAllocs)
	}
	sliceAllocs := testing.AllocsPerRun(10, func() {
		_, _ = ces.FromScores(answers, ces.Scale{})
	})
	if sliceAllocs != 0 {
		t.Errorf("FromScores allocates %v times, want 0", sliceAllocs)
	}
}

func TestTallyAddN(t *testing.T) {
	var tally ces.Tally
	if err := tally.AddN(6, 40); err != nil {
		t.Fatal(err)
	}
	if err := tally.AddN(2, 0); err != nil {
		t.Fatal(err)
	}
	want := counted(ces.Agreement7(), map[int]int64{6: 40})
	if tally != want {
		t.Errorf("tally = %+v, want %+v", tally, want)
	}
	tests := []struct {
		score   int
		n       int64
		wantErr error
	}{
		{score: 8, n: 1, wantErr: ces.ErrScoreOutOfRange},
		{score: 6, n: -1, wantErr: ces.ErrInvalidCounts},
		{score: 6, n: math.MaxInt64, wantErr: ces.ErrInvalidCounts},
	}
	for _, tc := range tests {
		if err := tally.AddN(tc.score, tc.n); !errors.Is(err, tc.wantErr) {
			t.Errorf("AddN(%d, %d) error = %v, want %v", tc.score, tc.n, err, tc.wantErr)
		}
	}
	if tally != want {
		t.Errorf("tally after rejected AddN = %+v, want it unchanged", tally)
	}
	unscaled := ces.Tally{Scale: ces.Scale{Min: 1, Max: 5}}
	if err := unscaled.AddN(3, 2); !errors.Is(err, ces.ErrInvalidScale) {
		t.Errorf("AddN on a scale without direction error = %v, want ErrInvalidScale", err)
	}
}

func TestAddNStopsAtMaxResponses(t *testing.T) {
	// MaxResponses = ⌊(2⁶³ − 1) / 10⌋ = 922337203685477580: that many
	// answers of 10 points sum to 9223372036854775800, which fits in int64.
	if ces.MaxResponses != 922337203685477580 {
		t.Fatalf("MaxResponses = %d, want 922337203685477580", int64(ces.MaxResponses))
	}

	// AddN used to accept up to MaxInt64 answers, which every result
	// then rejected.
	var tally ces.Tally
	if err := tally.AddN(5, ces.MaxResponses+1); !errors.Is(err, ces.ErrInvalidCounts) {
		t.Errorf("AddN(5, MaxResponses+1) error = %v, want ErrInvalidCounts", err)
	}
	if err := tally.AddN(5, ces.MaxResponses-1); err != nil {
		t.Fatalf("AddN(5, MaxResponses-1): %v", err)
	}
	if err := tally.AddN(4, 2); !errors.Is(err, ces.ErrInvalidCounts) {
		t.Errorf("AddN(4, 2) past MaxResponses: error = %v, want ErrInvalidCounts", err)
	}
	if err := tally.AddN(4, 1); err != nil {
		t.Fatalf("AddN(4, 1) up to MaxResponses: %v", err)
	}

	// Whatever AddN accepted, every result accepts: the mean of
	// MaxResponses − 1 fives and one four.
	mean, err := tally.Mean()
	if err != nil {
		t.Fatalf("Mean() of a tally at MaxResponses: %v", err)
	}
	if mean.Responses != ces.MaxResponses || !(mean.Value > 4.99 && mean.Value <= 5) {
		t.Errorf("Mean() = %+v, want %d responses and a value just below 5", mean, int64(ces.MaxResponses))
	}

	// AddN also rejects a tally that is invalid already.
	corrupt := ces.Tally{Scale: ces.Agreement7()}
	corrupt.Counts[3] = -1
	if err := corrupt.AddN(3, 1); !errors.Is(err, ces.ErrInvalidCounts) {
		t.Errorf("AddN on a negative count: error = %v, want ErrInvalidCounts", err)
	}
}

func TestMeanIntervalInvalidValue(t *testing.T) {
	for _, value := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -0.5, 10.5} {
		m := ces.Mean{Value: value, SumSquares: 1, Responses: 3}
		if got, err := m.Interval(0.95); !errors.Is(err, ces.ErrInvalidCounts) {
			t.Errorf("Mean{Value: %v}.Interval(0.95) = %+v, %v, want ErrInvalidCounts", value, got, err)
		}
	}
	// The bounds of the answer range are valid values.
	for _, value := range []float64{0, 10} {
		m := ces.Mean{Value: value, Responses: 3}
		got, err := m.Interval(0.95)
		if err != nil || got.Lower != value || got.Upper != value {
			t.Errorf("Mean{Value: %v, SumSquares: 0}.Interval(0.95) = %+v, %v, want [%v, %v]", value, got, err, value, value)
		}
	}
}
