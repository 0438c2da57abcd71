package csat_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/crmmetrics/crmmetrics/csat"
)

// stars is a named integer type, as a host might declare for ratings.
type stars uint8

func TestScaleValidate(t *testing.T) {
	tests := []struct {
		name    string
		scale   csat.Scale
		wantErr error
	}{
		{name: "zero is 1..5", scale: csat.Scale{}},
		{name: "1..5", scale: fivePoint},
		{name: "1..10", scale: csat.Scale{Min: 1, Max: 10}},
		{name: "0..10", scale: csat.Scale{Min: 0, Max: 10}},
		{name: "1..2", scale: csat.Scale{Min: 1, Max: 2}},
		{name: "single point", scale: csat.Scale{Min: 3, Max: 3}, wantErr: csat.ErrInvalidScale},
		{name: "reversed", scale: csat.Scale{Min: 5, Max: 1}, wantErr: csat.ErrInvalidScale},
		{name: "negative min", scale: csat.Scale{Min: -1, Max: 5}, wantErr: csat.ErrInvalidScale},
		{name: "max above 10", scale: csat.Scale{Min: 1, Max: 100}, wantErr: csat.ErrInvalidScale},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.scale.Validate(); !errors.Is(err, tc.wantErr) {
				t.Errorf("%#v.Validate() = %v, want %v", tc.scale, err, tc.wantErr)
			}
		})
	}
}

func TestFromScoresErrors(t *testing.T) {
	tests := []struct {
		name     string
		scores   []int
		scale    csat.Scale
		wantErr  error
		wantText []string
	}{
		{name: "zero on 1..5", scores: []int{5, 0}, wantErr: csat.ErrScoreOutOfRange, wantText: []string{"answer 0", "index 1"}},
		{name: "six on 1..5", scores: []int{6, 5}, wantErr: csat.ErrScoreOutOfRange, wantText: []string{"answer 6", "index 0"}},
		{name: "eleven on 0..10", scores: []int{10, 0, 11}, scale: csat.Scale{Min: 0, Max: 10}, wantErr: csat.ErrScoreOutOfRange, wantText: []string{"answer 11", "index 2"}},
		{name: "invalid scale", scores: []int{3}, scale: csat.Scale{Min: 4, Max: 2}, wantErr: csat.ErrInvalidScale},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := csat.FromScores(tc.scores, tc.scale)
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

	seven := 7
	_, err := csat.FromAnswers([]*int{nil, nil, &seven}, csat.Scale{})
	if !errors.Is(err, csat.ErrScoreOutOfRange) || !strings.Contains(err.Error(), "index 2") {
		t.Errorf("FromAnswers([nil, nil, 7]) error = %v, want ErrScoreOutOfRange at index 2", err)
	}
	if _, err := csat.FromAnswers([]*int{}, csat.Scale{Min: 2, Max: 2}); !errors.Is(err, csat.ErrInvalidScale) {
		t.Errorf("FromAnswers(single-point scale) error = %v, want ErrInvalidScale", err)
	}
}

// TestFromScoresIntegerTypes checks the generic entry point on narrow,
// wide, unsigned and named types, including values that would wrap into
// the scale if converted to int before the range check.
func TestFromScoresIntegerTypes(t *testing.T) {
	want := counted(fivePoint, map[int]int64{1: 1, 5: 2})
	type answerList []int
	list, err := csat.FromScores(answerList([]int{5, 1, 5}), csat.Scale{})
	if err != nil || list != want {
		t.Errorf("FromScores(answerList) = %+v, %v, want %+v", list, err, want)
	}
	named, err := csat.FromScores([]stars{5, 1, 5}, csat.Scale{})
	if err != nil || named != want {
		t.Errorf("FromScores([]stars) = %+v, %v, want %+v", named, err, want)
	}
	wide, err := csat.FromScores([]int64{5, 5, 1}, csat.Scale{})
	if err != nil || wide != want {
		t.Errorf("FromScores([]int64) = %+v, %v, want %+v", wide, err, want)
	}
	if _, err := csat.FromScores([]int64{1<<32 + 3}, csat.Scale{}); !errors.Is(err, csat.ErrScoreOutOfRange) {
		t.Errorf("FromScores([]int64{1<<32 + 3}) error = %v, want ErrScoreOutOfRange", err)
	}
	if _, err := csat.FromScores([]uint16{math.MaxUint16}, csat.Scale{}); !errors.Is(err, csat.ErrScoreOutOfRange) {
		t.Errorf("FromScores([]uint16{MaxUint16}) error = %v, want ErrScoreOutOfRange", err)
	}
	if _, err := csat.FromScores([]int8{-128}, csat.Scale{Min: 0, Max: 10}); !errors.Is(err, csat.ErrScoreOutOfRange) {
		t.Errorf("FromScores([]int8{-128}) error = %v, want ErrScoreOutOfRange", err)
	}
}

func TestTallyAdd(t *testing.T) {
	var tally csat.Tally // the first Add sets the default scale 1..5
	for _, v := range []int{5, 4, 4, 1} {
		if err := tally.Add(v); err != nil {
			t.Fatalf("Add(%d) error = %v", v, err)
		}
	}
	want := counted(fivePoint, map[int]int64{1: 1, 4: 2, 5: 1})
	if tally != want {
		t.Errorf("tally = %+v, want %+v", tally, want)
	}
	for _, v := range []int{0, 6, -3, math.MinInt} {
		if err := tally.Add(v); !errors.Is(err, csat.ErrScoreOutOfRange) {
			t.Errorf("Add(%d) error = %v, want ErrScoreOutOfRange", v, err)
		}
	}
	if tally != want {
		t.Errorf("tally after rejected answers = %+v, want it unchanged", tally)
	}
	invalid := csat.Tally{Scale: csat.Scale{Min: 7, Max: 3}}
	if err := invalid.Add(4); !errors.Is(err, csat.ErrInvalidScale) {
		t.Errorf("Add on an invalid scale error = %v, want ErrInvalidScale", err)
	}
}

// randomScores returns n seeded answers on s.
func randomScores(rng *rand.Rand, n int, s csat.Scale) []int {
	scores := make([]int, n)
	for i := range scores {
		scores[i] = s.Min + rng.IntN(s.Max-s.Min+1)
	}
	return scores
}

// TestMergeEqualsOnePass splits seeded answers at random points, tallies
// each part, and checks that merging the parts in any order gives the tally
// of one pass, bit for bit, and therefore bit-identical results.
func TestMergeEqualsOnePass(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, scale := range []csat.Scale{fivePoint, {Min: 1, Max: 10}, {Min: 0, Max: 10}, {Min: 1, Max: 3}} {
		for trial := range 50 {
			scores := randomScores(rng, rng.IntN(300), scale)
			whole, err := csat.FromScores(scores, scale)
			if err != nil {
				t.Fatal(err)
			}
			var merged csat.Tally
			parts := splitAt(rng, scores)
			for _, i := range rng.Perm(len(parts)) {
				part, err := csat.FromScores(parts[i], scale)
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
			wantShare, wantErr := whole.TopBox(scale.Max)
			gotShare, gotErr := merged.TopBox(scale.Max)
			if diff := cmp.Diff(wantShare, gotShare); diff != "" || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("TopBox() of merged differs from one pass (-want +got):\n%s", diff)
			}
		}
	}
}

// splitAt cuts scores into up to five parts at random points; parts may be
// empty.
func splitAt(rng *rand.Rand, scores []int) [][]int {
	var parts [][]int
	rest := scores
	for range rng.IntN(5) {
		cut := rng.IntN(len(rest) + 1)
		parts = append(parts, rest[:cut])
		rest = rest[cut:]
	}
	return append(parts, rest)
}

func TestMergeScales(t *testing.T) {
	ten := counted(csat.Scale{Min: 1, Max: 10}, map[int]int64{9: 2})
	five := counted(fivePoint, map[int]int64{5: 1})

	var zero csat.Tally
	if err := zero.Merge(ten); err != nil || zero != ten {
		t.Errorf("zero.Merge(ten) = %+v, %v, want %+v", zero, err, ten)
	}
	defaulted := counted(csat.Scale{}, map[int]int64{4: 1})
	if err := defaulted.Merge(five); err != nil || defaulted.Scale != fivePoint || defaulted.Responses() != 2 {
		t.Errorf("default.Merge(1..5) = %+v, %v, want 2 answers on 1..5", defaulted, err)
	}
	before := five
	if err := five.Merge(ten); !errors.Is(err, csat.ErrScaleMismatch) || five != before {
		t.Errorf("five.Merge(ten) error = %v, tally %+v; want ErrScaleMismatch and no change", err, five)
	}
}

func TestInvalidCounts(t *testing.T) {
	tallies := map[string]csat.Tally{
		"negative count":      counted(fivePoint, map[int]int64{4: -1, 5: 3}),
		"outside the scale":   counted(fivePoint, map[int]int64{0: 1, 5: 3}),
		"overflow":            counted(fivePoint, map[int]int64{4: math.MaxInt64 / 10, 5: 1}),
		"negative unanswered": {Unanswered: -2},
		"invalid scale":       counted(csat.Scale{Min: 5, Max: 1}, map[int]int64{3: 1}),
	}
	for name, tally := range tallies {
		t.Run(name, func(t *testing.T) {
			if _, err := tally.Score(); !errors.Is(err, csat.ErrInvalidCounts) && !errors.Is(err, csat.ErrInvalidScale) {
				t.Errorf("Score() error = %v, want ErrInvalidCounts or ErrInvalidScale", err)
			}
			if _, err := tally.Mean(); err == nil {
				t.Errorf("Mean() error = nil, want an error")
			}
			var merged csat.Tally
			if err := merged.Merge(tally); err == nil {
				t.Errorf("Merge() error = nil, want an error")
			}
		})
	}
}

func TestTallyJSON(t *testing.T) {
	full := counted(csat.Scale{Min: 0, Max: 10}, map[int]int64{0: 2, 9: 4, 10: 1})
	full.Unanswered = 3
	for _, tally := range []csat.Tally{{}, full} {
		data, err := json.Marshal(tally)
		if err != nil {
			t.Fatal(err)
		}
		var back csat.Tally
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if back != tally {
			t.Errorf("JSON round trip of %s = %+v, want %+v", data, back, tally)
		}
	}

	binary := csat.Binary{Good: 5, Bad: 2, Unanswered: 1}
	data, err := json.Marshal(binary)
	if err != nil {
		t.Fatal(err)
	}
	var back csat.Binary
	if err := json.Unmarshal(data, &back); err != nil || back != binary {
		t.Errorf("JSON round trip of %s = %+v, %v; want %+v", data, back, err, binary)
	}
}

func TestNoAllocations(t *testing.T) {
	scores := randomScores(rand.New(rand.NewPCG(8, 9)), 1000, fivePoint)
	var tally csat.Tally
	if allocs := testing.AllocsPerRun(10, func() {
		for _, v := range scores {
			_ = tally.Add(v)
		}
	}); allocs != 0 {
		t.Errorf("Tally.Add allocates %v times per 1000 answers, want 0", allocs)
	}
	if allocs := testing.AllocsPerRun(10, func() {
		_, _ = csat.FromScores(scores, csat.Scale{})
	}); allocs != 0 {
		t.Errorf("FromScores allocates %v times, want 0", allocs)
	}
}

func TestTallyAddN(t *testing.T) {
	var tally csat.Tally
	for score, n := range map[int]int64{5: 42, 4: 32, 3: 10, 2: 9, 1: 14} {
		if err := tally.AddN(score, n); err != nil {
			t.Fatal(err)
		}
	}
	if want := counted(fivePoint, delighted); tally != want {
		t.Errorf("tally = %+v, want %+v", tally, want)
	}
	before := tally
	for _, bad := range []struct {
		score   int
		n       int64
		wantErr error
	}{{0, 1, csat.ErrScoreOutOfRange}, {5, -3, csat.ErrInvalidCounts}, {5, math.MaxInt64 - 10, csat.ErrInvalidCounts}} {
		if err := tally.AddN(bad.score, bad.n); !errors.Is(err, bad.wantErr) {
			t.Errorf("AddN(%d, %d) error = %v, want %v", bad.score, bad.n, err, bad.wantErr)
		}
	}
	if tally != before {
		t.Errorf("tally after rejected AddN = %+v, want it unchanged", tally)
	}
}

func TestAddNStopsAtMaxResponses(t *testing.T) {
	// MaxResponses = ⌊(2⁶³ − 1) / 10⌋ = 922337203685477580: that many
	// answers of 10 points sum to 9223372036854775800, which fits in int64.
	if csat.MaxResponses != 922337203685477580 {
		t.Fatalf("MaxResponses = %d, want 922337203685477580", int64(csat.MaxResponses))
	}

	// AddN used to accept up to MaxInt64 answers, which every result
	// then rejected.
	var tally csat.Tally
	if err := tally.AddN(5, csat.MaxResponses+1); !errors.Is(err, csat.ErrInvalidCounts) {
		t.Errorf("AddN(5, MaxResponses+1) error = %v, want ErrInvalidCounts", err)
	}
	if err := tally.AddN(5, csat.MaxResponses-1); err != nil {
		t.Fatalf("AddN(5, MaxResponses-1): %v", err)
	}
	if err := tally.AddN(4, 2); !errors.Is(err, csat.ErrInvalidCounts) {
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
	if mean.Responses != csat.MaxResponses || !(mean.Value > 4.99 && mean.Value <= 5) {
		t.Errorf("Mean() = %+v, want %d responses and a value just below 5", mean, int64(csat.MaxResponses))
	}

	// AddN also rejects a tally that is invalid already.
	corrupt := csat.Tally{Scale: csat.Scale{Min: 1, Max: 5}}
	corrupt.Counts[3] = -1
	if err := corrupt.AddN(3, 1); !errors.Is(err, csat.ErrInvalidCounts) {
		t.Errorf("AddN on a negative count: error = %v, want ErrInvalidCounts", err)
	}
}

func TestMeanIntervalInvalidValue(t *testing.T) {
	for _, value := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -0.5, 10.5} {
		m := csat.Mean{Value: value, SumSquares: 1, Responses: 3}
		if got, err := m.Interval(0.95); !errors.Is(err, csat.ErrInvalidCounts) {
			t.Errorf("Mean{Value: %v}.Interval(0.95) = %+v, %v, want ErrInvalidCounts", value, got, err)
		}
	}
	// The bounds of the answer range are valid values.
	for _, value := range []float64{0, 10} {
		m := csat.Mean{Value: value, Responses: 3}
		got, err := m.Interval(0.95)
		if err != nil || got.Lower != value || got.Upper != value {
			t.Errorf("Mean{Value: %v, SumSquares: 0}.Interval(0.95) = %+v, %v, want [%v, %v]", value, got, err, value, value)
		}
	}
}
