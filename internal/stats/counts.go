package stats

// CountMoments returns the number n of values in a tally in which counts[v]
// values are equal to v, their mean and their centred sum of squares
// Σ counts[v]·(v − mean)², the numerator of the sample variance.
//
// The caller guarantees non-negative counts, n > 0 and a weighted sum
// Σ v·counts[v] that fits in int64. The mean is exact up to one rounding
// of the integer quotient. The sum of squares adds non-negative terms in
// index order, so equal tallies give equal results bit for bit.
func CountMoments(counts []int64) (n int64, mean, sumSquares float64) {
	var sum int64
	for v, c := range counts {
		n += c
		sum += int64(v) * c
	}
	mean = float64(sum) / float64(n)

	for v, c := range counts {
		d := float64(v) - mean
		sumSquares += float64(c) * d * d
	}
	return n, mean, sumSquares
}
