package stats

import "math"

// Quantile returns the quantile q (0 ≤ q ≤ 1) of sorted, which must be in
// ascending order and non-empty, by linear interpolation between order
// statistics: h = (n − 1)·q, Q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
// This is Hyndman and Fan's type 7, the default of R's quantile and of
// numpy.percentile, so the median of an even count is the mean of the two
// middle values.
func Quantile(sorted []float64, q float64) float64 {
	h := float64(len(sorted)-1) * q
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}
