package segment

import (
	"cmp"
	"fmt"
	"slices"
)

// maxBins is the largest number of bins Quantiles, Cut and Score accept.
// It bounds the memory of the edges and of a named-segment map's cells.
const maxBins = 100

// Quantiles returns the bin, 1..k, of each value by quantiles: bin 1 holds
// the lowest values and bin k the highest. Bin j holds the values v with
//
//	e(j−1) < v ≤ e(j)     (bin 1 also holds e(0), the minimum)
//
// where e(j) is the quantile j/k of the values by linear interpolation
// (Hyndman and Fan's type 7, the default of R's quantile and numpy). These
// are the bins of pandas.qcut. For a value of the data, v ≤ e(j) exactly
// when v ≤ x[⌊(n−1)·j/k⌋] of the sorted values x, so the bins need no
// interpolation and no rounding.
//
// Equal values always share a bin, and bins are monotone in the value. A
// run of tied values takes the lowest bin that reaches it, the bin j with
// e(j−1) < v ≤ e(j), and when ties make edges equal the bins between them
// stay empty: [1 5 5 5 5] in 5 bins has edges 1, 5, 5, 5, so the 5s fall in
// bin 2 and bins 3 to 5 stay unused. pandas.qcut with duplicates="drop"
// gives the same groups but numbers the non-empty bins 1, 2, … without
// gaps; here bin j keeps the upper edge e(j).
//
// It returns an error wrapping ErrNoRecords for no values, ErrInvalidValue
// for a NaN (naming its index), and ErrInvalidOptions unless
// 1 ≤ k ≤ 100. It selects the edges from a copy of the values without
// sorting it: O(n log k) time on average, O(n log n) at worst, and one
// slice of n values.
func Quantiles[V cmp.Ordered](values []V, k int) ([]int, error) {
	// Validate.
	if err := checkBins(k); err != nil {
		return nil, err
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("segment: no values to bin: %w", ErrNoRecords)
	}
	if i := slices.IndexFunc(values, isNaN); i >= 0 {
		return nil, fmt.Errorf("segment: value %d is NaN: %w", i, ErrInvalidValue)
	}

	// Derive the edges and bin.
	edges := orderStatistics(slices.Clone(values), quantileRanks(len(values), k))
	bins := make([]int, len(values))
	for i, v := range values {
		bins[i] = binOf(edges, v)
	}
	return bins, nil
}

// Cut returns the bin, 1..len(cuts)+1, of each value by caller-given cut
// points: bin 1 holds the values ≤ cuts[0], bin j the values in
// (cuts[j−2], cuts[j−1]], and the last bin the values > the last cut. A
// value equal to a cut point falls in the lower bin, as in pandas.cut and
// R's cut with their defaults.
//
// It returns an error wrapping ErrInvalidOptions when the cut points are
// not strictly ascending (a NaN cut point never is) or make more than 100
// bins, and one wrapping ErrInvalidValue for a NaN value, naming its
// index. No values gives no bins and no error.
func Cut[V cmp.Ordered](values []V, cuts []V) ([]int, error) {
	if err := checkCuts("", cuts); err != nil {
		return nil, err
	}
	bins := make([]int, len(values))
	for i, v := range values {
		if isNaN(v) {
			return nil, fmt.Errorf("segment: value %d is NaN: %w", i, ErrInvalidValue)
		}
		bins[i] = binOf(cuts, v)
	}
	return bins, nil
}

func checkBins(k int) error {
	if k < 1 || k > maxBins {
		return fmt.Errorf("segment: %d bins, want 1 to %d: %w", k, maxBins, ErrInvalidOptions)
	}
	return nil
}

// checkCuts validates the cut points of the named dimension ("" for Cut).
func checkCuts[V cmp.Ordered](dimension string, cuts []V) error {
	if dimension != "" {
		dimension += " "
	}
	if len(cuts)+1 > maxBins {
		return fmt.Errorf("segment: %d %scut points make more than %d bins: %w", len(cuts), dimension, maxBins, ErrInvalidOptions)
	}
	for i, c := range cuts {
		if isNaN(c) || (i > 0 && !(cuts[i-1] < c)) {
			return fmt.Errorf("segment: %scut point %d (%v) is not above the one before: %w", dimension, i, c, ErrInvalidOptions)
		}
	}
	return nil
}

// quantileEdges returns the k−1 inner edges x[⌊(n−1)·j/k⌋], j = 1..k−1, of
// the sorted values x.
func quantileEdges[V any](sorted []V, k int) []V {
	edges := make([]V, k-1)
	n := len(sorted)
	for j := 1; j < k; j++ {
		edges[j-1] = sorted[(n-1)*j/k]
	}
	return edges
}

// binOf returns 1 + the number of edges below v: the bin whose upper edge
// is the first edge ≥ v. edges must be ascending.
func binOf[V cmp.Ordered](edges []V, v V) int {
	i, _ := slices.BinarySearch(edges, v)
	return i + 1
}

func isNaN[V cmp.Ordered](v V) bool {
	return v != v
}
