package support

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"time"
)

// Sample collects measured durations and counts the tickets without one
// (no response yet, not resolved). The zero value is an empty sample. It
// keeps every duration, 8 bytes each, because exact percentiles need them;
// Merge appends, so shards combine to exactly the sample of one pass. A
// Sample is not safe for concurrent use: give each goroutine its own and
// combine them with Merge.
type Sample struct {
	// Durations are the measured durations in the order added.
	Durations []time.Duration `json:"durations"`
	// Missing counts tickets without the measured event, kept out of every
	// statistic instead of counting as 0.
	Missing int64 `json:"missing"`
}

// Add adds one measured duration. It returns an error wrapping
// ErrNegativeDuration for d < 0 and leaves the sample unchanged.
func (s *Sample) Add(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%w: %v", ErrNegativeDuration, d)
	}
	s.Durations = append(s.Durations, d)
	return nil
}

// AddMissing counts one ticket without the measured event.
func (s *Sample) AddMissing() {
	s.Missing++
}

// Merge adds the durations and missing count of other to s. Merge returns
// no error. When the missing count would pass math.MaxInt64, or either
// count is negative, Merge stores math.MinInt64 in Missing, and Summary
// and Quantile then return an error wrapping ErrInvalidCounts.
func (s *Sample) Merge(other Sample) {
	s.Durations = append(s.Durations, other.Durations...)
	s.Missing = mergeCount(s.Missing, other.Missing)
}

// Summary describes a sample of durations. Tickets without the measured
// event are counted in Missing and enter no other field.
type Summary struct {
	// Count is the number of measured durations.
	Count int64 `json:"count"`
	// Missing is the number of tickets without the measured event.
	Missing int64 `json:"missing"`
	// Mean is the arithmetic mean, rounded to the nanosecond.
	Mean time.Duration `json:"mean"`
	// Median, P90 and P95 are the 0.5, 0.9 and 0.95 quantiles (type 7).
	Median time.Duration `json:"median"`
	P90    time.Duration `json:"p90"`
	P95    time.Duration `json:"p95"`
	// Min and Max are the extremes.
	Min time.Duration `json:"min"`
	Max time.Duration `json:"max"`
	// SLA is the target the Within counts refer to; 0 means no target.
	SLA time.Duration `json:"sla"`
	// WithinSLA counts the durations d ≤ SLA (Successes) among the
	// measured ones (Trials). Tickets without the event are in Excluded,
	// because without a reference time it is unknown whether they breach.
	WithinSLA Proportion `json:"within_sla"`
}

// Summary returns the mean, median, p90, p95, extremes and, for sla > 0,
// the share of durations within sla. It sorts a copy of the durations:
// O(n log n) time and one allocation of n durations.
//
// Summary returns an error wrapping ErrNoDurations when the sample has no
// duration (the missing count is in the message), ErrNegativeDuration for
// a negative sla or a negative duration put into Durations directly, and
// ErrInvalidCounts for a negative Missing.
func (s Sample) Summary(sla time.Duration) (Summary, error) {
	// Validate.
	if err := checkCount("Sample.Missing", s.Missing, math.MaxInt64); err != nil {
		return Summary{}, err
	}
	if len(s.Durations) == 0 {
		return Summary{}, fmt.Errorf("%w: %d tickets without the event", ErrNoDurations, s.Missing)
	}
	if sla < 0 {
		return Summary{}, fmt.Errorf("%w: SLA %v", ErrNegativeDuration, sla)
	}
	sorted := slices.Clone(s.Durations)
	slices.Sort(sorted)
	if sorted[0] < 0 {
		return Summary{}, fmt.Errorf("%w: %v in the sample", ErrNegativeDuration, sorted[0])
	}

	// Derive.
	n := int64(len(sorted))
	sum := Summary{
		Count:   n,
		Missing: s.Missing,
		Mean:    mean(sorted),
		Median:  quantile(sorted, 0.5),
		P90:     quantile(sorted, 0.9),
		P95:     quantile(sorted, 0.95),
		Min:     sorted[0],
		Max:     sorted[n-1],
		SLA:     sla,
	}
	if sla > 0 {
		within := sort.Search(len(sorted), func(i int) bool { return sorted[i] > sla })
		sum.WithinSLA = Proportion{Successes: int64(within), Trials: n, Excluded: s.Missing}
	}
	return sum, nil
}

// Quantile returns the q quantile (0 ≤ q ≤ 1) of the durations by linear
// interpolation between order statistics (Hyndman and Fan type 7, R's
// default), rounded to the nanosecond. It sorts a copy of the durations.
// It returns an error wrapping ErrInvalidQuantile for q outside [0, 1] or
// NaN, ErrNoDurations for an empty sample, ErrNegativeDuration for a
// negative duration put into Durations directly, and ErrInvalidCounts for
// a negative Missing.
func (s Sample) Quantile(q float64) (time.Duration, error) {
	if !(q >= 0 && q <= 1) {
		return 0, fmt.Errorf("%w: %v", ErrInvalidQuantile, q)
	}
	if err := checkCount("Sample.Missing", s.Missing, math.MaxInt64); err != nil {
		return 0, err
	}
	if len(s.Durations) == 0 {
		return 0, fmt.Errorf("%w: %d tickets without the event", ErrNoDurations, s.Missing)
	}
	sorted := slices.Clone(s.Durations)
	slices.Sort(sorted)
	if sorted[0] < 0 {
		return 0, fmt.Errorf("%w: %v in the sample", ErrNegativeDuration, sorted[0])
	}
	return quantile(sorted, q), nil
}

// quantile returns the type 7 quantile of non-empty sorted durations:
// h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]), so the median of
// an even count is the mean of the two middle values.
func quantile(sorted []time.Duration, q float64) time.Duration {
	h := float64(len(sorted)-1) * q
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	gap := sorted[i+1] - sorted[i]
	return sorted[i] + time.Duration(math.Round((h-lo)*float64(gap)))
}

// mean returns the mean of non-negative durations, rounded half up to the
// nanosecond. The sum runs in 128 bits, so it cannot overflow.
func mean(values []time.Duration) time.Duration {
	var hi, lo uint64
	for _, v := range values {
		var carry uint64
		lo, carry = bits.Add64(lo, uint64(v), 0)
		hi += carry
	}
	n := uint64(len(values))
	quotient, remainder := bits.Div64(hi, lo, n)
	if remainder >= n-remainder {
		quotient++
	}
	return time.Duration(quotient)
}
