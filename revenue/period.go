package revenue

import (
	"fmt"
	"time"
)

// Period is the half-open time range [Start, End). A zero Start or End
// leaves that side unbounded, as the pipeline package's Period does, so
// the zero Period covers all time and a Period with only Start set runs
// from Start on.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// IsZero reports whether p is the zero Period, which covers all time.
func (p Period) IsZero() bool {
	return p.Start.IsZero() && p.End.IsZero()
}

// Contains reports whether t lies in [Start, End), with a zero Start or End
// leaving that side unbounded.
func (p Period) Contains(t time.Time) bool {
	return !p.before(t) && (p.End.IsZero() || t.Before(p.End))
}

// before reports whether t is before the period's Start, which a zero
// Start never is.
func (p Period) before(t time.Time) bool {
	return !p.Start.IsZero() && t.Before(p.Start)
}

// validate returns an error wrapping ErrInvalidPeriod when Start and End
// are both set and End is not after Start.
func (p Period) validate() error {
	if !p.Start.IsZero() && !p.End.IsZero() && !p.End.After(p.Start) {
		return errorf(ErrInvalidPeriod, "period end %s not after start %s",
			p.End.Format(time.RFC3339), p.Start.Format(time.RFC3339))
	}
	return nil
}

// Month is a calendar month. Months carry no time zone: MonthOf places an
// instant in its month in the location the caller passes.
type Month struct {
	Year  int        `json:"year"`
	Month time.Month `json:"month"`
}

// MonthOf returns the calendar month of t in loc. It returns an error
// wrapping ErrNilLocation for a nil loc, rather than panicking as
// time.Time.In does; pass time.UTC for UTC months.
func MonthOf(t time.Time, loc *time.Location) (Month, error) {
	if loc == nil {
		return Month{}, errorf(ErrNilLocation, "month of %s: nil location", t.Format(time.RFC3339))
	}
	year, month, _ := t.In(loc).Date()
	return Month{Year: year, Month: month}, nil
}

// AddMonths returns the month n months after m (before it for n < 0).
func (m Month) AddMonths(n int) Month {
	index := m.Year*12 + int(m.Month) - 1 + n
	return Month{Year: floorDiv(index, 12), Month: time.Month(index - floorDiv(index, 12)*12 + 1)}
}

// String returns the month as YYYY-MM.
func (m Month) String() string {
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// valid reports whether Month is in 1..12.
func (m Month) valid() bool {
	return m.Month >= time.January && m.Month <= time.December
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
