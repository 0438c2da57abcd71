package segment

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestQuantiles(t *testing.T) {
	tests := []struct {
		name    string
		values  []float64
		k       int
		want    []int
		wantErr error
		source  string
	}{
		{
			name: "one to ten in quartiles", values: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, k: 4,
			want: []int{1, 1, 1, 2, 2, 3, 3, 4, 4, 4},
			// Type 7 edges at h = 9·j/4: 3.25, 5.5, 7.75, so 1-3 | 4-5 | 6-7 | 8-10,
			// the bins of pandas.qcut(range(1, 11), 4).
			source: "hand calculation in the comment",
		},
		{
			name: "input order kept", values: []float64{10, 1, 5, 6}, k: 2,
			want: []int{2, 1, 1, 2},
			// Sorted 1, 5, 6, 10; median edge at h = 1.5 is 5.5: 1, 5 | 6, 10.
			source: "hand calculation in the comment",
		},
		{
			name: "ties share the lower bin", values: []float64{1, 1, 1, 1, 1, 1, 2, 3, 4, 5}, k: 5,
			want: []int{1, 1, 1, 1, 1, 1, 4, 4, 5, 5},
			// h = 9·j/5 = 1.8, 3.6, 5.4, 7.2 over sorted x: edges x[1] = 1,
			// x[3] = 1, x[5] + 0.4·(x[6] − x[5]) = 1.4, x[7] + 0.2·(x[8] − x[7]) = 3.2.
			// 1 → bin 1; 2 and 3 in (1.4, 3.2] → bin 4; 4 and 5 above 3.2 → bin 5.
			// Bins 2 and 3 stay empty; pandas with duplicates="drop" would renumber.
			source: "hand calculation in the comment",
		},
		{
			name: "all equal", values: []float64{7, 7, 7}, k: 5, want: []int{1, 1, 1},
			source: "every edge is 7, so every value is ≤ the first edge",
		},
		{name: "single value", values: []float64{3}, k: 5, want: []int{1}, source: "as above"},
		{name: "one bin", values: []float64{3, 1, 2}, k: 1, want: []int{1, 1, 1}, source: "one bin holds everything"},
		{name: "more bins than values", values: []float64{1, 2}, k: 4, want: []int{1, 4},
			// h = 0.25, 0.5, 0.75: every edge in (1, 2), so 2 lands in bin 4.
			source: "hand calculation in the comment"},
		{name: "empty", values: nil, k: 4, wantErr: ErrNoRecords},
		{name: "NaN", values: []float64{1, math.NaN()}, k: 2, wantErr: ErrInvalidValue},
		{name: "zero bins", values: []float64{1}, k: 0, wantErr: ErrInvalidOptions},
		{name: "too many bins", values: []float64{1}, k: 101, wantErr: ErrInvalidOptions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Quantiles(tc.values, tc.k)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Quantiles(%v, %d) error = %v, want %v", tc.values, tc.k, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Quantiles(%v, %d) mismatch (-want +got):\n%s", tc.values, tc.k, diff)
			}
		})
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		name    string
		values  []int
		cuts    []int
		want    []int
		wantErr error
	}{
		{"value on a cut goes to the lower bin", []int{0, 30, 31, 90, 91, 500}, []int{30, 90}, []int{1, 1, 2, 2, 3, 3}, nil},
		{"no cuts", []int{5, 6}, nil, []int{1, 1}, nil},
		{"no values", nil, []int{1}, []int{}, nil},
		{"descending cuts", []int{1}, []int{90, 30}, nil, ErrInvalidOptions},
		{"repeated cut", []int{1}, []int{30, 30}, nil, ErrInvalidOptions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Cut(tc.values, tc.cuts)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Cut(%v, %v) error = %v, want %v", tc.values, tc.cuts, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Cut(%v, %v) mismatch (-want +got):\n%s", tc.values, tc.cuts, diff)
			}
		})
	}
	if _, err := Cut([]float64{math.NaN()}, []float64{1}); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("Cut(NaN) error = %v, want ErrInvalidValue", err)
	}
	if _, err := Cut([]float64{1}, []float64{math.NaN()}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("Cut with NaN cut error = %v, want ErrInvalidOptions", err)
	}
}

func TestScoreCountingMatchesSelection(t *testing.T) {
	// Dense frequencies take the counting path, sparse ones the selection
	// path; both must give the bins of the sorted values' edges.
	for _, spread := range []int{1, 3, 1000} {
		var values []RFM[int]
		for i := range 97 {
			values = append(values, RFM[int]{Customer: i, Frequency: 1 + (i*i*7)%23*spread, Monetary: decimal.Zero})
		}
		sorted := make([]int, len(values))
		for i, v := range values {
			sorted[i] = v.Frequency
		}
		slices.Sort(sorted)
		for k := 1; k <= 12; k++ {
			scores, err := Score(values, ScoreOptions{Bins: k})
			if err != nil {
				t.Fatal(err)
			}
			edges := quantileEdges(sorted, k)
			for i, v := range values {
				if want := binOf(edges, v.Frequency); scores[i].F != want {
					t.Fatalf("spread %d, k %d: frequency %d scored %d, want %d", spread, k, v.Frequency, scores[i].F, want)
				}
			}
		}
	}
}

func TestOrderStatistics(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 17, 100, 5000} {
		for _, distinct := range []int{1, 3, 1 << 30} {
			x := make([]int, n)
			for i := range x {
				x[i] = rng.IntN(distinct)
			}
			sorted := slices.Sorted(slices.Values(x))
			for _, k := range []int{2, 5, 10, 100} {
				ranks := quantileRanks(n, k)
				got := orderStatistics(slices.Clone(x), ranks)
				for j, r := range ranks {
					if got[j] != sorted[r] {
						t.Fatalf("n %d, distinct %d, k %d: rank %d = %d, want %d", n, distinct, k, r, got[j], sorted[r])
					}
				}
			}
		}
	}
}

func TestOrderStatisticsSortedInputs(t *testing.T) {
	// Ascending, descending and organ-pipe inputs defeat a median-of-three
	// pivot less often than random ones, but must stay correct.
	n := 10000
	inputs := map[string]func(i int) int{
		"ascending":  func(i int) int { return i },
		"descending": func(i int) int { return n - i },
		"organ pipe": func(i int) int { return min(i, n-i) },
	}
	for name, f := range inputs {
		x := make([]int, n)
		for i := range x {
			x[i] = f(i)
		}
		sorted := slices.Sorted(slices.Values(x))
		ranks := quantileRanks(n, 7)
		got := orderStatistics(x, ranks)
		for j, r := range ranks {
			if got[j] != sorted[r] {
				t.Errorf("%s: rank %d = %d, want %d", name, r, got[j], sorted[r])
			}
		}
	}
}
