package stats

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestQuantile(t *testing.T) {
	// Expected values from numpy.percentile(x, 100*q) (linear, type 7),
	// checked by hand: for {1, 2, 3, 4}, h = 3·0.5 = 1.5 gives 2.5.
	tests := []struct {
		name   string
		sorted []float64
		q      float64
		want   float64
	}{
		{"single", []float64{7}, 0.5, 7},
		{"even median", []float64{1, 2, 3, 4}, 0.5, 2.5},
		{"odd median", []float64{1, 2, 10}, 0.5, 2},
		{"min", []float64{1, 2, 3, 4}, 0, 1},
		{"max", []float64{1, 2, 3, 4}, 1, 4},
		{"p90", []float64{10, 20, 30, 40, 50}, 0.9, 46},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Quantile(tc.sorted, tc.q)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("Quantile(%v, %v) mismatch (-want +got):\n%s", tc.sorted, tc.q, diff)
			}
		})
	}
}
