package segment

import (
	"cmp"
	"fmt"
	"math"

	"github.com/shopspring/decimal"
)

// ScoreOptions are the settings of Score. The zero value scores each of
// R, F and M 1..5 by quintiles.
type ScoreOptions struct {
	// Bins is the number of scores, 1..100; 0 means 5, or one more than
	// the number of cut points given.
	Bins int
	// RecencyCuts, when set, bins recency in days by these strictly
	// ascending cut points (see Cut) instead of by quantiles: ≤ cut 1 is
	// the most recent bin. It needs Bins − 1 cut points.
	RecencyCuts []int
	// FrequencyCuts, when set, bins frequency by these cut points.
	FrequencyCuts []int
	// MonetaryCuts, when set, bins monetary value by these cut points.
	MonetaryCuts []decimal.Decimal
}

// Scores is one customer's RFM scores, each 1..Bins, where higher is
// better: R is highest for the most recent customers, F for the most
// frequent and M for the biggest spenders.
type Scores struct {
	R int `json:"r"`
	F int `json:"f"`
	M int `json:"m"`
}

// String returns the scores as the usual three digits, for example "545"
// (with more than 9 bins the digits run together).
func (s Scores) String() string {
	return fmt.Sprintf("%d%d%d", s.R, s.F, s.M)
}

// Score returns the RFM scores of each customer, in input order. Each of
// recency, frequency and monetary is binned on its own, by quantiles (see
// Quantiles) or by the cut points in opts (see Cut). Quantiles bin recency
// on the negated days, so that on all three dimensions the higher value is
// the better one and the score is the bin. Cut points are given in days, so
// recency is then binned on days and reversed (score = Bins + 1 − bin).
// The most recent customers score highest under both.
//
// Customers with equal values always get equal scores, and scores are
// monotone in the value. With quantiles, a run of tied customers gets the
// lowest score that reaches it, on every dimension, and the scores above
// it can stay unused: of five customers, four with the same oldest
// recency all get R 1, and four with the same highest frequency all get
// F 2, not 5. Binning recency on days and reversing would give the same
// scores except for a recency equal to a quantile edge.
//
// It returns an error wrapping ErrNoRecords for no customers,
// ErrInvalidOptions for invalid settings, and ErrInvalidValue for negative
// recency, frequency below 1 or negative monetary value, naming the index
// and customer.
//
// It selects the quantile edges without sorting: for recency and frequency
// it counts the values when their range is at most 4n, and otherwise, as
// for monetary values, it runs a quickselect on a copy. This is O(n log k)
// time on average and O(n) memory. Monetary values that do not fit 18
// digits at a shared exponent are sorted as decimals instead, O(n log n).
func Score[K cmp.Ordered](values []RFM[K], opts ScoreOptions) ([]Scores, error) {
	// Validate.
	k, err := opts.bins()
	if err != nil {
		return nil, err
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("segment: no customers to score: %w", ErrNoRecords)
	}
	for i, v := range values {
		if err := checkRFM(i, v); err != nil {
			return nil, err
		}
	}

	// Bin each dimension.
	scores := make([]Scores, len(values))
	binRecency(values, k, opts.RecencyCuts, scores)
	binInts(values, k, opts.FrequencyCuts, func(v RFM[K]) int { return v.Frequency }, func(s *Scores, bin int) { s.F = bin }, scores)
	binMonetary(values, k, opts.MonetaryCuts, scores)
	return scores, nil
}

// binRecency sets the R scores. Quantiles bin the negated days, so that, as
// for frequency and monetary value, the better value is the higher one and
// tied values fall to the lower score. Cut points are given in days, so
// those bins are reversed instead.
func binRecency[K cmp.Ordered](values []RFM[K], k int, cuts []int, scores []Scores) {
	if len(cuts) == 0 {
		binInts(values, k, nil, func(v RFM[K]) int { return -v.RecencyDays }, func(s *Scores, bin int) { s.R = bin }, scores)
		return
	}
	binInts(values, k, cuts, func(v RFM[K]) int { return v.RecencyDays }, func(s *Scores, bin int) { s.R = k + 1 - bin }, scores)
}

// bins returns the number of bins and validates the cut points.
func (o ScoreOptions) bins() (int, error) {
	k := o.Bins
	if k == 0 {
		k = 5
		for _, n := range []int{len(o.RecencyCuts), len(o.FrequencyCuts), len(o.MonetaryCuts)} {
			if n > 0 {
				k = n + 1
			}
		}
	}
	if err := checkBins(k); err != nil {
		return 0, err
	}
	for _, c := range []struct {
		name string
		n    int
		err  error
	}{
		{"recency", len(o.RecencyCuts), checkCuts("recency", o.RecencyCuts)},
		{"frequency", len(o.FrequencyCuts), checkCuts("frequency", o.FrequencyCuts)},
		{"monetary", len(o.MonetaryCuts), checkDecimalCuts(o.MonetaryCuts)},
	} {
		if c.err != nil {
			return 0, c.err
		}
		if c.n > 0 && c.n != k-1 {
			return 0, fmt.Errorf("segment: %d %s cut points for %d bins, want %d: %w", c.n, c.name, k, k-1, ErrInvalidOptions)
		}
	}
	return k, nil
}

func checkDecimalCuts(cuts []decimal.Decimal) error {
	for i := 1; i < len(cuts); i++ {
		if compareDecimal(cuts[i-1], cuts[i]) >= 0 {
			return fmt.Errorf("segment: monetary cut point %d (%s) is not above the one before: %w", i, cuts[i], ErrInvalidOptions)
		}
	}
	return nil
}

func checkRFM[K cmp.Ordered](i int, v RFM[K]) error {
	switch {
	case v.RecencyDays < 0:
		return fmt.Errorf("segment: customer %d (%v): negative recency %d days: %w", i, v.Customer, v.RecencyDays, ErrInvalidValue)
	case v.Frequency < 1:
		return fmt.Errorf("segment: customer %d (%v): frequency %d below 1: %w", i, v.Customer, v.Frequency, ErrInvalidValue)
	case v.Monetary.IsNegative():
		return fmt.Errorf("segment: customer %d (%v): negative monetary value %s: %w", i, v.Customer, v.Monetary, ErrInvalidValue)
	}
	return nil
}

// binInts bins an integer dimension by cuts, or by quantiles without cuts,
// and stores each bin with set.
func binInts[K cmp.Ordered](values []RFM[K], k int, cuts []int, get func(RFM[K]) int, set func(*Scores, int), scores []Scores) {
	if len(cuts) > 0 {
		for i, v := range values {
			set(&scores[i], binOf(cuts, get(v)))
		}
		return
	}

	// Quantiles over a range of at most 4n values: count the values, and
	// look each bin up in a table over the range.
	lo, hi := math.MaxInt, math.MinInt
	for _, v := range values {
		lo, hi = min(lo, get(v)), max(hi, get(v))
	}
	n := len(values)
	if uint(hi-lo) < uint(4*n) {
		table := intBinTable(values, k, lo, hi, get)
		for i, v := range values {
			set(&scores[i], int(table[get(v)-lo]))
		}
		return
	}

	// Wider ranges: select the edges from a copy.
	column := make([]int, n)
	for i, v := range values {
		column[i] = get(v)
	}
	edges := orderStatistics(column, quantileRanks(n, k))
	for i, v := range values {
		set(&scores[i], binOf(edges, get(v)))
	}
}

// intBinTable returns the quantile bin of every integer in lo..hi, indexed
// from lo, by counting the values and walking the counts to the order
// statistics. lo and hi must be the minimum and maximum. It is O(n + hi − lo).
func intBinTable[K cmp.Ordered](values []RFM[K], k, lo, hi int, get func(RFM[K]) int) []uint8 {
	// Count each value.
	counts := make([]int, hi-lo+1)
	for _, v := range values {
		counts[get(v)-lo]++
	}

	// Walk the counts to each inner edge, the order statistic of rank
	// ⌊(n−1)·j/k⌋.
	n := len(values)
	edges := make([]int, k-1)
	value, seen := 0, counts[0] // seen = number of values ≤ lo + value
	for j := 1; j < k; j++ {
		rank := (n - 1) * j / k
		for seen <= rank {
			value++
			seen += counts[value]
		}
		edges[j-1] = lo + value
	}

	// Tabulate the bin of every value in the range; k ≤ 100 fits a byte.
	table := make([]uint8, hi-lo+1)
	for x := range table {
		table[x] = uint8(binOf(edges, lo+x))
	}
	return table
}
