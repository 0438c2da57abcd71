package support

import (
	"fmt"
	"math"
)

// overflowed is the value that FCRTally.Merge and Sample.Merge store in a
// count whose sum would pass math.MaxInt64, or that comes from a value with
// invalid counts. It is negative, so every result then returns
// ErrInvalidCounts, and merging it with any count gives it again.
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
// 0 ≤ count ≤ limit. name is the field, such as "FCRTally.Reopened".
func checkCount(name string, count, limit int64) error {
	switch {
	case count == overflowed:
		return fmt.Errorf("%w: %s is %d, the value Merge stores when a sum passes int64 or a merged value is invalid", ErrInvalidCounts, name, count)
	case count < 0:
		return fmt.Errorf("%w: %s %d is negative", ErrInvalidCounts, name, count)
	case count > limit:
		return fmt.Errorf("%w: %s %d is above %d", ErrInvalidCounts, name, count, limit)
	}
	return nil
}
