package nps

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// tol is the tolerance for values given to 6 decimals in their source.
var tol = cmpopts.EquateApprox(0, 5e-7)

func mustTally(t *testing.T, scores []int) Tally {
	t.Helper()
	tally, err := FromScores(scores)
	if err != nil {
		t.Fatalf("FromScores(%v): %v", scores, err)
	}
	return tally
}

func TestFromScoresBuckets(t *testing.T) {
	// Survey answers bucketed by the score itself, not by its position in
	// the answer list (mozilla/fx-private-relay PR #1013): 10, 9, 9, 10, 9
	// are promoters, 8, 7, 7 passives and 6, 0 detractors, so
	// NPS = 100·(5 − 2)/10 = 30.
	got := mustTally(t, []int{10, 9, 9, 8, 7, 7, 6, 0, 10, 9})
	want := [3]int64{5, 3, 2}
	if diff := cmp.Diff(want, bucketsOf(got)); diff != "" {
		t.Errorf("FromScores mismatch (-want +got):\n%s", diff)
	}
	score, err := got.Score()
	if err != nil || score != 30 {
		t.Errorf("Score() = %v, %v, want 30", score, err)
	}
}

func TestFromScoresEdges(t *testing.T) {
	// Hand calculations: 100·(P − D)/n.
	tests := []struct {
		name   string
		scores []int
		want   float64
	}{
		{"single ten", []int{10}, 100},
		{"all zero", []int{0, 0, 0}, -100},
		{"all passives", []int{7, 8, 8, 7}, 0},
		{"boundary 6 and 7", []int{6, 7}, -50},
		{"boundary 8 and 9", []int{8, 9}, 50},
		{"one third", []int{10, 10, 6}, 100.0 / 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mustTally(t, tc.scores).Score()
			if err != nil || got != tc.want {
				t.Errorf("Score(%v) = %v, %v, want %v", tc.scores, got, err, tc.want)
			}
		})
	}
}

func TestFromScoresRejects(t *testing.T) {
	tests := []struct {
		name   string
		scores []int
		index  string
	}{
		{"above range", []int{10, 11}, "at index 1"},
		{"negative", []int{-1}, "at index 0"},
		{"far out", []int{5, 5, 5, 1000}, "at index 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FromScores(tc.scores)
			if !errors.Is(err, ErrScoreOutOfRange) {
				t.Fatalf("FromScores(%v) error = %v, want ErrScoreOutOfRange", tc.scores, err)
			}
			if !containsAll(err.Error(), tc.index) {
				t.Errorf("FromScores(%v) error %q does not name %q", tc.scores, err, tc.index)
			}
		})
	}
}

func TestFromScoresIntegerTypes(t *testing.T) {
	// Values that wrap when narrowed must still be rejected.
	if _, err := FromScores([]uint64{math.MaxUint64}); !errors.Is(err, ErrScoreOutOfRange) {
		t.Errorf("FromScores(MaxUint64) error = %v, want ErrScoreOutOfRange", err)
	}
	if _, err := FromScores([]uint64{1<<63 + 5}); !errors.Is(err, ErrScoreOutOfRange) {
		t.Errorf("FromScores(2^63+5) error = %v, want ErrScoreOutOfRange", err)
	}
	if _, err := FromScores([]int8{-128}); !errors.Is(err, ErrScoreOutOfRange) {
		t.Errorf("FromScores(int8 -128) error = %v, want ErrScoreOutOfRange", err)
	}
	type answer uint8
	got, err := FromScores([]answer{9, 10, 0})
	if err != nil || bucketsOf(got) != [3]int64{2, 0, 1} {
		t.Errorf("FromScores(named uint8) = %+v, %v", got, err)
	}
}

func TestFromFloats(t *testing.T) {
	got, err := FromFloats([]float64{10, 9, 6, 7})
	if err != nil || bucketsOf(got) != [3]int64{2, 1, 1} {
		t.Errorf("FromFloats = %+v, %v", got, err)
	}
	for _, bad := range []float64{6.5, -1, 11, math.NaN(), math.Inf(1), math.Inf(-1), -0.5} {
		if _, err := FromFloats([]float64{9, bad}); !errors.Is(err, ErrScoreOutOfRange) ||
			!containsAll(err.Error(), "at index 1") {
			t.Errorf("FromFloats(%v) error = %v, want ErrScoreOutOfRange at index 1", bad, err)
		}
	}
}

func TestTallyAdd(t *testing.T) {
	var tally Tally
	for _, s := range []int{10, 9, 9, 8, 7, 7, 6, 0, 10, 9} {
		if err := tally.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []int{11, -1} {
		if err := tally.Add(bad); !errors.Is(err, ErrScoreOutOfRange) {
			t.Errorf("Add(%d) error = %v, want ErrScoreOutOfRange", bad, err)
		}
	}
	if err := tally.AddN(9, -2); err == nil {
		t.Error("AddN(9, -2) succeeded, want an error")
	}
	if err := tally.AddN(12, 2); !errors.Is(err, ErrScoreOutOfRange) {
		t.Errorf("AddN(12, 2) error = %v, want ErrScoreOutOfRange", err)
	}
	if want := [3]int64{5, 3, 2}; bucketsOf(tally) != want {
		t.Errorf("tally after rejected answers = %+v, want %+v", tally, want)
	}
	if err := tally.AddN(0, 5); err != nil {
		t.Fatal(err)
	}
	if tally.Detractors() != 7 {
		t.Errorf("Detractors after AddN(0, 5) = %d, want 7", tally.Detractors())
	}
}

func TestDailyTalliesPool(t *testing.T) {
	// A period's NPS pools the answers of its days; daily scores are never
	// summed or averaged, and an empty day has no score (formbricks PR
	// #9069). Days: [10 10 6] = 100/3, none, [0] = −100, [9 9 9 7] = 75.
	// Pooled: P 5, passives 1, D 2, n 8, NPS = 100·3/8 = 37.5.
	days := [][]int{{10, 10, 6}, {}, {0}, {9, 9, 9, 7}}
	wantDaily := []float64{100.0 / 3, 0, -100, 75}
	var period Tally
	for i, answers := range days {
		day := mustTally(t, answers)
		score, err := day.Score()
		if len(answers) == 0 {
			if !errors.Is(err, ErrNoResponses) {
				t.Errorf("day %d: Score() error = %v, want ErrNoResponses", i, err)
			}
		} else if err != nil || score != wantDaily[i] {
			t.Errorf("day %d: Score() = %v, %v, want %v", i, score, err, wantDaily[i])
		}
		period.Merge(day)
	}
	if want := [3]int64{5, 1, 2}; bucketsOf(period) != want {
		t.Errorf("merged tally = %+v, want %+v", period, want)
	}
	if score, err := period.Score(); err != nil || score != 37.5 {
		t.Errorf("period Score() = %v, %v, want 37.5", score, err)
	}
}

func TestEmptyTally(t *testing.T) {
	var empty Tally
	empty.AddUnanswered()
	if _, err := empty.Score(); !errors.Is(err, ErrNoResponses) {
		t.Errorf("Score() error = %v, want ErrNoResponses", err)
	}
	if _, err := empty.Shares(); !errors.Is(err, ErrNoResponses) {
		t.Errorf("Shares() error = %v, want ErrNoResponses", err)
	}
	if _, err := empty.StandardError(); !errors.Is(err, ErrNoResponses) {
		t.Errorf("StandardError() error = %v, want ErrNoResponses", err)
	}
	if _, err := empty.Interval(0.95, AdjustedWald); !errors.Is(err, ErrNoResponses) {
		t.Errorf("Interval(AdjustedWald) error = %v, want ErrNoResponses", err)
	}
	if _, err := FromScores([]int(nil)); err != nil {
		t.Errorf("FromScores(nil) error = %v, want an empty tally", err)
	}

	// An empty tally merged into a full one leaves its result unchanged.
	full := mustTally(t, []int{10, 3})
	merged := full
	merged.Merge(Tally{})
	if merged != full {
		t.Errorf("Merge(empty) = %+v, want %+v", merged, full)
	}
}

func TestUnansweredOutsideResults(t *testing.T) {
	tally := mustTally(t, []int{10, 0, 8})
	tally.AddUnanswered()
	tally.AddUnanswered()
	if tally.Responses() != 3 || tally.Unanswered != 2 {
		t.Errorf("Responses() = %d, Unanswered = %d, want 3 and 2", tally.Responses(), tally.Unanswered)
	}
	if score, _ := tally.Score(); score != 0 {
		t.Errorf("Score() = %v, want 0", score)
	}
}

func TestTrinomialStatistics(t *testing.T) {
	// n = 1000, P = 250, D = 75. Computed by hand: p − d = 0.175,
	// Var = 0.325 − 0.175² = 0.294375, SE = √(Var/1000) = 0.0171574,
	// Wald 95% = 0.175 ± 1.959964·SE = [0.141372, 0.208628]. Adjusted
	// Wald: n′ = 1003, p′ = 250.75/1003, d′ = 75.75/1003, centre 0.174477,
	// SE 0.0171522, [0.140859, 0.208094]. Multiplied by 100 for points.
	tally := bucketTally(250, 675, 75)
	se, err := tally.StandardError()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(1.71574, se, cmpopts.EquateApprox(0, 5e-6)); diff != "" {
		t.Errorf("StandardError() mismatch (-want +got):\n%s", diff)
	}

	tests := []struct {
		method Method
		want   Interval
	}{
		{Wald, Interval{Lower: 14.1372, Upper: 20.8628, Confidence: 0.95}},
		{AdjustedWald, Interval{Lower: 14.0859, Upper: 20.8094, Confidence: 0.95}},
	}
	for _, tc := range tests {
		t.Run(tc.method.String(), func(t *testing.T) {
			got, err := tally.Interval(0.95, tc.method)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, 5e-5)); diff != "" {
				t.Errorf("Interval(0.95, %v) mismatch (-want +got):\n%s", tc.method, diff)
			}
		})
	}
}

func TestIntervalRejects(t *testing.T) {
	tally := bucketTally(1, 0, 0)
	for _, c := range []float64{0, 1, -0.1, math.NaN()} {
		if _, err := tally.Interval(c, Wald); !errors.Is(err, ErrConfidence) {
			t.Errorf("Interval(%v) error = %v, want ErrConfidence", c, err)
		}
		if _, err := tally.MarginOfError(c); !errors.Is(err, ErrConfidence) {
			t.Errorf("MarginOfError(%v) error = %v, want ErrConfidence", c, err)
		}
	}
	if _, err := tally.Interval(0.95, Method(7)); !errors.Is(err, ErrMethod) {
		t.Errorf("Interval(Method(7)) error = %v, want ErrMethod", err)
	}
}

func TestCompare(t *testing.T) {
	// a: P 250, D 75, n 1000 (Var 0.294375); b: P 100, D 100, n 500
	// (Var 0.4). Hand calculation (Python math): difference 17.5 points,
	// SE = 100·√(0.294375/1000 + 0.4/500) = 3.308134, z = 5.289991,
	// p = erfc(z/√2) = 1.223221e-07. Adjusted: 17.447657, 3.302443,
	// 5.283257, 1.269070e-07.
	a := bucketTally(250, 675, 75)
	b := bucketTally(100, 300, 100)
	tests := []struct {
		method Method
		want   Comparison
	}{
		{Wald, Comparison{Difference: 17.5, StandardError: 3.308134, Z: 5.289991, P: 1.223221e-07, Method: Wald}},
		{AdjustedWald, Comparison{Difference: 17.447657, StandardError: 3.302443, Z: 5.283257, P: 1.269070e-07, Method: AdjustedWald}},
	}
	for _, tc := range tests {
		t.Run(tc.method.String(), func(t *testing.T) {
			got, err := Compare(a, b, tc.method)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(1e-6, 0)); diff != "" {
				t.Errorf("Compare mismatch (-want +got):\n%s", diff)
			}
			reverse, _ := Compare(b, a, tc.method)
			if reverse.Difference != -got.Difference || reverse.P != got.P {
				t.Errorf("Compare(b, a) = %+v, want the negated difference and the same p", reverse)
			}
		})
	}
}

func TestCompareDegenerate(t *testing.T) {
	allPromoters := bucketTally(5, 0, 0)
	allDetractors := bucketTally(0, 0, 4)
	if _, err := Compare(allPromoters, allDetractors, Wald); !errors.Is(err, ErrZeroVariance) {
		t.Errorf("Compare(Wald, no variance) error = %v, want ErrZeroVariance", err)
	}
	if c, err := Compare(allPromoters, allPromoters, Wald); err != nil || c.Z != 0 || c.P != 1 {
		t.Errorf("Compare(equal, no variance) = %+v, %v, want z 0 and p 1", c, err)
	}
	if c, err := Compare(allPromoters, allDetractors, AdjustedWald); err != nil || !(c.P < 0.05) {
		t.Errorf("Compare(AdjustedWald) = %+v, %v, want a small p", c, err)
	}
	if _, err := Compare(Tally{}, allPromoters, Wald); !errors.Is(err, ErrNoResponses) || !containsAll(err.Error(), "sample a") {
		t.Errorf("Compare(empty, _) error = %v, want ErrNoResponses naming sample a", err)
	}
}

func TestTallyJSONRoundTrip(t *testing.T) {
	in := Tally{Counts: [11]int64{0: 1, 7: 2, 10: 3}, Unanswered: 4}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Tally
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip of %s = %+v, want %+v", data, out, in)
	}
	var zero Tally
	data, _ = json.Marshal(zero)
	if err := json.Unmarshal(data, &out); err != nil || out != zero {
		t.Errorf("round trip of the zero tally = %+v, %v", out, err)
	}
}

func TestMergeEqualsOnePass(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	scores := make([]int, 5000)
	for i := range scores {
		scores[i] = rng.IntN(11)
	}
	whole := mustTally(t, scores)
	for trial := range 50 {
		// Split at random points into up to five shards.
		var merged Tally
		start := 0
		for start < len(scores) {
			end := min(len(scores), start+1+rng.IntN(len(scores)))
			merged.Merge(mustTally(t, scores[start:end]))
			start = end
		}
		if merged != whole {
			t.Fatalf("trial %d: merged %+v, want %+v", trial, merged, whole)
		}
		a, _ := merged.Score()
		b, _ := whole.Score()
		if math.Float64bits(a) != math.Float64bits(b) {
			t.Fatalf("trial %d: merged score %v, one pass %v", trial, a, b)
		}
	}
}

func TestGardenRetailSurvey(t *testing.T) {
	// First 1,000 rows of the garden-centre survey in file order, NA left
	// out: 986 answers, 626 promoters, 81 detractors, NPS 55.273834 and a
	// 95% margin of error of 4.004096 points (pandas, independently of this
	// library).
	path := filepath.Join(testdata.Dir(t, "nps_garden_retail"), "nps_survey.csv")
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	records, err := csv.NewReader(file).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	column := indexOf(records[0], "nps")
	var tally Tally
	for line, record := range records[1:1001] {
		if record[column] == "NA" {
			tally.AddUnanswered()
			continue
		}
		score, err := strconv.Atoi(record[column])
		if err != nil {
			t.Fatalf("line %d: %v", line+2, err)
		}
		if err := tally.Add(score); err != nil {
			t.Fatalf("line %d: %v", line+2, err)
		}
	}

	if tally.Responses() != 986 || tally.Promoters() != 626 || tally.Detractors() != 81 {
		t.Errorf("tally = %+v, want 986 answers, 626 promoters, 81 detractors", tally)
	}
	score, _ := tally.Score()
	margin, _ := tally.MarginOfError(0.95)
	if diff := cmp.Diff([]float64{55.273834, 4.004096}, []float64{score, margin}, tol); diff != "" {
		t.Errorf("score and margin mismatch (-want +got):\n%s", diff)
	}
}

// bucketTally returns a tally with the given bucket counts, placed at the
// scores 10, 8 and 0.
func bucketTally(promoters, passives, detractors int64) Tally {
	var t Tally
	t.Counts[10], t.Counts[8], t.Counts[0] = promoters, passives, detractors
	return t
}

// bucketsOf returns the promoter, passive and detractor counts of t.
func bucketsOf(t Tally) [3]int64 {
	return [3]int64{t.Promoters(), t.Passives(), t.Detractors()}
}

func indexOf(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestInvalidCounts(t *testing.T) {
	// A tally decoded from hostile JSON or merged past int64 must not give
	// a score outside −100..100.
	var decoded Tally
	if err := json.Unmarshal([]byte(`{"counts":[-4,0,0,0,0,0,0,0,0,5,0],"unanswered":0}`), &decoded); err != nil {
		t.Fatal(err)
	}
	var negativeUnanswered Tally
	negativeUnanswered.Unanswered = -3
	overflowed := bucketTally(math.MaxInt64, 0, 0)
	overflowed.Merge(bucketTally(1, 0, 0))
	summed := Tally{}
	summed.Counts[10], summed.Counts[0] = math.MaxInt64, 5

	for name, tally := range map[string]Tally{
		"negative count":      decoded,
		"negative unanswered": negativeUnanswered,
		"merged past int64":   overflowed,
		"sum past int64":      summed,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := tally.Score(); !errors.Is(err, ErrInvalidCounts) {
				t.Errorf("Score() error = %v, want ErrInvalidCounts", err)
			}
			if _, err := tally.Shares(); !errors.Is(err, ErrInvalidCounts) {
				t.Errorf("Shares() error = %v, want ErrInvalidCounts", err)
			}
			if _, err := tally.Interval(0.95, Wald); !errors.Is(err, ErrInvalidCounts) {
				t.Errorf("Interval() error = %v, want ErrInvalidCounts", err)
			}
			if _, err := Compare(tally, bucketTally(1, 0, 0), Wald); !errors.Is(err, ErrInvalidCounts) {
				t.Errorf("Compare() error = %v, want ErrInvalidCounts", err)
			}
		})
	}
}

func TestAddNOverflow(t *testing.T) {
	var tally Tally
	if err := tally.AddN(9, math.MaxInt64); err != nil {
		t.Fatal(err)
	}
	if err := tally.AddN(9, 1); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("AddN past int64 error = %v, want ErrInvalidCounts", err)
	}
	if tally.Counts[9] != math.MaxInt64 {
		t.Errorf("Counts[9] = %d after a rejected AddN, want it unchanged", tally.Counts[9])
	}
	if err := tally.AddN(9, -1); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("AddN(9, -1) error = %v, want ErrInvalidCounts", err)
	}
}
