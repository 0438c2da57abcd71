package segment

import (
	"cmp"
	"math/bits"
	"slices"
)

// orderStatistics returns x[r] of the sorted x for each rank r in ranks
// (ascending, each in 0..len(x)−1), without sorting all of x. It
// rearranges x. It selects by three-way quickselect on the ranks
// (Hoare's FIND, extended to several ranks), O(n·log(len(ranks))) on
// average, and falls back to sorting a part whose recursion runs deeper
// than 2·log₂ n, so the worst case is O(n log n).
func orderStatistics[V cmp.Ordered](x []V, ranks []int) []V {
	multiselect(x, 0, ranks, 2*bits.Len(uint(len(x))))
	out := make([]V, len(ranks))
	for i, r := range ranks {
		out[i] = x[r]
	}
	return out
}

// multiselect arranges x so that x[r−offset] holds the order statistic of
// rank r for every r in ranks, where x is a part of the whole starting at
// offset.
func multiselect[V cmp.Ordered](x []V, offset int, ranks []int, depth int) {
	for len(ranks) > 0 {
		if len(x) <= 16 || depth == 0 {
			slices.Sort(x)
			return
		}
		depth--

		// Partition around a median of three into < p, = p and > p.
		lt, gt := partition3(x, medianOfThree(x[0], x[len(x)/2], x[len(x)-1]))

		// Ranks in the middle part are settled; recurse into the smaller
		// side and loop on the other.
		lo, _ := slices.BinarySearch(ranks, offset+lt)
		hi, _ := slices.BinarySearch(ranks, offset+gt)
		left, right := ranks[:lo], ranks[hi:]
		if lt < len(x)-gt {
			multiselect(x[:lt], offset, left, depth)
			x, offset, ranks = x[gt:], offset+gt, right
		} else {
			multiselect(x[gt:], offset+gt, right, depth)
			x, ranks = x[:lt], left
		}
	}
}

// partition3 rearranges x into values < p, then = p, then > p, and
// returns the bounds lt and gt of the middle part (Dijkstra's Dutch
// national flag).
func partition3[V cmp.Ordered](x []V, p V) (lt, gt int) {
	lt, i, gt := 0, 0, len(x)
	for i < gt {
		switch {
		case x[i] < p:
			x[lt], x[i] = x[i], x[lt]
			lt++
			i++
		case x[i] > p:
			gt--
			x[i], x[gt] = x[gt], x[i]
		default:
			i++
		}
	}
	return lt, gt
}

func medianOfThree[V cmp.Ordered](a, b, c V) V {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}

// quantileRanks returns the ranks ⌊(n−1)·j/k⌋, j = 1..k−1, of the inner
// quantile edges of n values.
func quantileRanks(n, k int) []int {
	ranks := make([]int, k-1)
	for j := 1; j < k; j++ {
		ranks[j-1] = (n - 1) * j / k
	}
	return ranks
}
