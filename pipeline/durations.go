package pipeline

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// DurationStats summarises non-negative durations: their count, exact mean,
// extremes and type-7 quantiles (Hyndman and Fan 1996), the default of R's
// quantile and numpy.percentile. Type 7 interpolates linearly between order
// statistics, so the median of an even count is the mean of the two middle
// values. Every duration is rounded to the nanosecond.
type DurationStats struct {
	N      int64         `json:"n"`
	Mean   time.Duration `json:"mean"`
	Min    time.Duration `json:"min"`
	P25    time.Duration `json:"p25"`
	Median time.Duration `json:"median"`
	P75    time.Duration `json:"p75"`
	P90    time.Duration `json:"p90"`
	P95    time.Duration `json:"p95"`
	Max    time.Duration `json:"max"`
}

// span returns to − from, and false when the difference does not fit in a
// time.Duration (about 292 years), where time.Time.Sub would return the
// maximum or minimum Duration instead.
func span(from, to time.Time) (time.Duration, bool) {
	d := to.Sub(from)
	return d, from.Add(d).Equal(to)
}

// spanError returns the message of a span that does not fit in a
// time.Duration.
func spanError(what string, from, to time.Time) string {
	return fmt.Sprintf("%s from %s to %s is longer than the maximum time.Duration (about 292 years)",
		what, formatTime(from), formatTime(to))
}

// summarize sorts values in place and returns their statistics. The caller
// guarantees len(values) > 0 and every value ≥ 0.
func summarize(values []time.Duration) DurationStats {
	stats, _ := summarizeWithTotal(values)
	return stats
}

// summarizeWithTotal is summarize that also returns the exact total.
func summarizeWithTotal(values []time.Duration) (DurationStats, durationSum) {
	slices.Sort(values)
	var total durationSum
	for _, v := range values {
		total.add(v)
	}
	return DurationStats{
		N:      int64(len(values)),
		Mean:   total.mean(int64(len(values))),
		Min:    values[0],
		P25:    quantile(values, 0.25),
		Median: quantile(values, 0.5),
		P75:    quantile(values, 0.75),
		P90:    quantile(values, 0.9),
		P95:    quantile(values, 0.95),
		Max:    values[len(values)-1],
	}, total
}

// quantile returns the type-7 quantile q of sorted, h = (n − 1)·q,
// Q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). It is the formula of
// internal/stats.Quantile, interpolated on the integer nanoseconds so that
// durations beyond 2⁵³ ns (104 days) keep nanosecond precision.
func quantile(sorted []time.Duration, q float64) time.Duration {
	h := float64(len(sorted)-1) * q
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	step := float64(sorted[i+1] - sorted[i])
	return sorted[i] + time.Duration(math.Round((h-lo)*step))
}

// durationSum is an exact 128-bit sum of non-negative durations: a million
// durations of a year each overflow int64 nanoseconds, but not this sum.
type durationSum struct {
	hi, lo uint64
}

// add adds d ≥ 0.
func (s *durationSum) add(d time.Duration) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, uint64(d), 0)
	s.hi += carry
}

// decimal returns the sum in nanoseconds as a decimal.
func (s durationSum) decimal() decimal.Decimal {
	var n big.Int
	n.SetUint64(s.hi)
	n.Lsh(&n, 64)
	n.Or(&n, new(big.Int).SetUint64(s.lo))
	return decimal.NewFromBigInt(&n, 0)
}

// mean returns the sum divided by n > 0, rounded half up to the
// nanosecond. The quotient fits in a Duration because every term did, and
// the 128-bit division cannot overflow because hi < n for the same reason.
func (s durationSum) mean(n int64) time.Duration {
	q, r := bits.Div64(s.hi, s.lo, uint64(n))
	if r >= uint64(n)-r {
		q++
	}
	return time.Duration(q)
}
