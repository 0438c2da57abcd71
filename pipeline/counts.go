package pipeline

import (
	"fmt"
	"math"
)

// overflowed is the value that Tally.Merge and LeadTally.Merge store in a
// count whose sum would pass math.MaxInt64, or that comes from a tally with
// invalid counts. It is negative, so every result then returns
// ErrInvalidCounts. Merging it with any count gives it again, so a later
// Merge cannot turn it back into a plausible count.
const overflowed = math.MinInt64

// mergeCount returns a + b, or overflowed when either count is negative or
// the sum does not fit in int64.
func mergeCount(a, b int64) int64 {
	if a < 0 || b < 0 || a > math.MaxInt64-b {
		return overflowed
	}
	return a + b
}

// checkCount returns an error wrapping ErrInvalidCounts unless
// 0 ≤ count ≤ limit. name is the field, such as "Tally.Won".
func checkCount(name string, count, limit int64) error {
	switch {
	case count == overflowed:
		return countError("%s is %d, the value Merge stores when a sum passes int64 or a merged tally is invalid", name, count)
	case count < 0:
		return countError("%s %d is negative", name, count)
	case count > limit:
		return countError("%s %d is above %d", name, count, limit)
	}
	return nil
}

// countError returns an error wrapping ErrInvalidCounts.
func countError(format string, args ...any) error {
	return fmt.Errorf("pipeline: %w: %s", ErrInvalidCounts, fmt.Sprintf(format, args...))
}
