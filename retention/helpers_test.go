package retention

import (
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// day returns midnight UTC of a "2006-01-02" date; an empty string gives the
// zero time, which marks an open end.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("bad test date %q: %v", s, err)
	}
	return d
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// period returns [start, end) from two dates.
func period(t testing.TB, start, end string) Period {
	t.Helper()
	return Period{Start: day(t, start), End: day(t, end)}
}

func nan() float64 { return math.NaN() }
