package revenue

import (
	"fmt"
	"time"
)

// Period is the half-open time range [Start, End). The zero Period stands
// for all time where a function documents it.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool {
	return p.Start.IsZero() && p.End.IsZero()
}

// Contains reports whether t lies in [Start, End).
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.End)
}

// validate returns an error wrapping ErrInvalidPeriod unless End is after
// Start.
func (p Period) validate() error {
	if !p.End.After(p.Start) {
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

// MonthOf returns the calendar month of t in loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	year, month, _ := t.In(loc).Date()
	return Month{Year: year, Month: month}
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
