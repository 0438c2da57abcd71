package retention

import (
	"cmp"
	"fmt"
	"time"
)

// Month is a calendar month. Its zero value is not a valid month.
type Month struct {
	Year  int        `json:"year"`
	Month time.Month `json:"month"`
}

// MonthOf returns the calendar month of t in loc. It returns an error
// wrapping ErrNoLocation when loc is nil.
func MonthOf(t time.Time, loc *time.Location) (Month, error) {
	if loc == nil {
		return Month{}, errorf(ErrNoLocation, "month of %s: nil location", formatTime(t))
	}
	y, m, _ := t.In(loc).Date()
	return Month{Year: y, Month: m}, nil
}

// ParseMonth parses a month written "2006-01". It returns an error wrapping
// ErrInvalidMonth when s is not in that form.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, errorf(ErrInvalidMonth, "month %q is not written YYYY-MM", s)
	}
	return Month{Year: t.Year(), Month: t.Month()}, nil
}

// String returns the month written "2006-01".
func (m Month) String() string {
	return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month))
}

// AddMonths returns the month k months after m (before it for negative k).
func (m Month) AddMonths(k int) Month {
	i := m.index() + k
	return Month{Year: floorDiv(i, 12), Month: time.Month(i - 12*floorDiv(i, 12) + 1)}
}

// Compare returns −1, 0 or +1 as m is before, equal to or after other.
// It compares years first, so it cannot overflow for any years.
func (m Month) Compare(other Month) int {
	if c := cmp.Compare(m.Year, other.Year); c != 0 {
		return c
	}
	return cmp.Compare(m.Month, other.Month)
}

// Start returns the first instant of the month in loc. The caller
// guarantees a non-nil loc.
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// Years outside minYear..maxYear are invalid: "2006-01" cannot write
// them, and month arithmetic on them could overflow int.
const (
	minYear = 0
	maxYear = 9999
)

func (m Month) valid() bool {
	return m.Month >= time.January && m.Month <= time.December && m.Year >= minYear && m.Year <= maxYear
}

// invalidMonth returns an error wrapping ErrInvalidMonth for m, prefixed
// with what, the place of m in the input.
func invalidMonth(what string, m Month) error {
	return errorf(ErrInvalidMonth, "%s: month %s (year %d, month number %d) outside %04d-01..%04d-12",
		what, m, m.Year, int(m.Month), minYear, maxYear)
}

// index numbers months consecutively: Year·12 + Month − 1.
func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }

// monthsFrom returns the number of months from a to m.
func (m Month) monthsFrom(a Month) int { return m.index() - a.index() }

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// MarshalText writes the month as "2006-01", and the zero Month as an
// empty string. It returns an error wrapping ErrInvalidMonth for a month
// number outside 1..12 or a year outside 0..9999, which UnmarshalText
// could not read back.
func (m Month) MarshalText() ([]byte, error) {
	if m == (Month{}) {
		return []byte{}, nil
	}
	if !m.valid() {
		return nil, invalidMonth("marshal", m)
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads a month written "2006-01"; an empty string gives the
// zero Month.
func (m *Month) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*m = Month{}
		return nil
	}
	parsed, err := ParseMonth(string(text))
	if err != nil {
		return err
	}
	*m = parsed
	return nil
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// checkYear returns an error wrapping ErrInvalidMonth, prefixed with what,
// when the month of t in loc is outside the years a Month can hold.
func checkYear(what string, t time.Time, loc *time.Location) error {
	if m, _ := MonthOf(t, loc); !m.valid() {
		return invalidMonth(what, m)
	}
	return nil
}
