package stats

// WilsonEnds returns Wilson(k, n, confidence) with the lower bound set to
// exactly 0 when k = 0 and the upper bound to exactly 1 when k = n, which
// is where the formula puts them. Floating point can leave a bound one ulp
// inside (1 of 1 gives an upper bound of 0.9999999999999999), and such an
// interval would exclude its own estimate.
func WilsonEnds(k, n int64, confidence float64) (Interval, error) {
	ci, err := Wilson(k, n, confidence)
	if err != nil {
		return Interval{}, err
	}
	if k == 0 {
		ci.Lower = 0
	}
	if k == n {
		ci.Upper = 1
	}
	return ci, nil
}
