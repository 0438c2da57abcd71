package stats

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCountMoments(t *testing.T) {
	type moments struct {
		N          int64
		Mean       float64
		SumSquares float64
	}
	tests := []struct {
		name   string
		counts []int64
		want   moments
		source string
	}{
		{
			name:   "identical values",
			counts: []int64{0, 0, 0, 0, 0, 0, 0, 3},
			want:   moments{N: 3, Mean: 7, SumSquares: 0},
			source: "hand: 7, 7, 7 have mean 7 and no spread",
		},
		{
			name:   "one to five",
			counts: []int64{0, 1, 1, 1, 1, 1},
			want:   moments{N: 5, Mean: 3, SumSquares: 10},
			source: "hand: mean 15/5 = 3; 4 + 1 + 0 + 1 + 4 = 10",
		},
		{
			name:   "delighted distribution",
			counts: []int64{0, 14, 9, 10, 32, 42},
			want:   moments{N: 107, Mean: 400.0 / 107, SumSquares: 1702 - 400.0*400.0/107},
			source: "hand: Σx = 14 + 18 + 30 + 128 + 210 = 400; Σx² = 14 + 36 + 90 + 512 + 1050 = 1702; " +
				"SS = Σx² − (Σx)²/n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got moments
			got.N, got.Mean, got.SumSquares = CountMoments(tc.counts)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
				t.Errorf("CountMoments(%v) mismatch (-want +got):\n%s", tc.counts, diff)
			}
		})
	}
}
