package segment

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
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

func TestIntQuantileEdgesCountingMatchesSorting(t *testing.T) {
	// Dense values take the counting path, sparse ones the sorting path;
	// both must give the edges of the sorted values.
	for _, spread := range []int{1, 3, 1000} {
		var values []RFM[int]
		for i := range 97 {
			values = append(values, RFM[int]{Customer: i, Frequency: 1 + (i*i*7)%23*spread})
		}
		get := func(v RFM[int]) int { return v.Frequency }
		sorted := make([]int, len(values))
		for i, v := range values {
			sorted[i] = get(v)
		}
		for k := 1; k <= 12; k++ {
			got := intQuantileEdges(values, k, get)
			want := quantileEdges(sortedInts(sorted), k)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("spread %d, k %d: edges mismatch (-want +got):\n%s", spread, k, diff)
			}
		}
	}
}

func sortedInts(x []int) []int {
	out := append([]int(nil), x...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
