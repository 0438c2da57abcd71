package bizhours

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Sentinel errors. Every error the package returns wraps one of them.
var (
	// ErrNilLocation is returned by New for a nil *time.Location.
	ErrNilLocation = errors.New("bizhours: nil location")
	// ErrInvalidSpan is returned by New for a span outside [0, 24h], a span
	// whose Close is not after its Open, or spans of one day that overlap.
	ErrInvalidSpan = errors.New("bizhours: invalid span")
	// ErrNoOpenHours is returned by New for a week without any span.
	ErrNoOpenHours = errors.New("bizhours: no opening hours in the week")
	// ErrInvalidDate is returned by New for a holiday that is not a calendar
	// date in years 1 to 9999.
	ErrInvalidDate = errors.New("bizhours: invalid date")
	// ErrZeroCalendar is returned by the methods of a Calendar that New did
	// not build, such as a nil pointer or a zero value.
	ErrZeroCalendar = errors.New("bizhours: calendar not built by New")
	// ErrReversed is returned by Elapsed when to is before from.
	ErrReversed = errors.New("bizhours: end before start")
	// ErrOutOfRange is returned for an instant outside years 1 to 9999 UTC
	// and for an interval longer than time.Duration holds.
	ErrOutOfRange = errors.New("bizhours: out of range")
)

const (
	day        = 24 * time.Hour
	secondsDay = 86400
	// minUnix and maxUnix bound the supported instants: 0001-01-01T00:00:00Z
	// and 10000-01-01T00:00:00Z (exclusive).
	minUnix = -62135596800
	maxUnix = 253402300800
)

// Span is an opening span of one day, the half-open range of wall-clock
// times [Open, Close) after local midnight, with 0 ≤ Open < Close ≤ 24h.
// Hours that run past midnight are two spans on consecutive weekdays.
type Span struct {
	Open  time.Duration `json:"open"`
	Close time.Duration `json:"close"`
}

// Week holds the opening spans of each weekday, indexed by time.Weekday
// (Sunday is 0). A weekday without spans is closed all day.
type Week [7][]Span

// Date is a calendar date, used for holidays: the whole local day is closed.
type Date struct {
	Year  int        `json:"year"`
	Month time.Month `json:"month"`
	Day   int        `json:"day"`
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Calendar is a validated set of business hours: weekly spans read on the
// wall clock of one location, minus holidays. Build it with New; the zero
// value is not usable and its methods return ErrZeroCalendar. A Calendar is
// immutable, so one value is safe for concurrent use by many goroutines.
type Calendar struct {
	loc   *time.Location
	spans [7][]Span
	// dayOpen is the wall-clock length of each weekday's spans, and
	// weekOpen their sum.
	dayOpen  [7]time.Duration
	weekOpen time.Duration
	// holidays holds sorted, distinct day numbers (days since 1970-01-01).
	holidays []int64
}

// New returns a Calendar of the weekly hours week, read on the wall clock of
// loc, closed on each date in holidays. Spans of a day may come in any order
// and may touch (09:00-12:00 and 12:00-17:00 act as 09:00-17:00), but must
// not overlap. Holidays may repeat. New copies its inputs.
//
// New returns an error wrapping ErrNilLocation, ErrInvalidSpan,
// ErrNoOpenHours or ErrInvalidDate, naming the weekday and span index or the
// holiday index.
func New(loc *time.Location, week Week, holidays []Date) (*Calendar, error) {
	if loc == nil {
		return nil, ErrNilLocation
	}
	c := &Calendar{loc: loc}
	for wd := range week {
		spans, err := normalizeSpans(time.Weekday(wd), week[wd])
		if err != nil {
			return nil, err
		}
		c.spans[wd] = spans
		for _, s := range spans {
			c.dayOpen[wd] += s.Close - s.Open
		}
		c.weekOpen += c.dayOpen[wd]
	}
	if c.weekOpen == 0 {
		return nil, ErrNoOpenHours
	}
	days, err := holidayDays(holidays)
	if err != nil {
		return nil, err
	}
	c.holidays = days
	return c, nil
}

// Location returns the location whose wall clock the calendar reads.
func (c *Calendar) Location() *time.Location {
	if c == nil {
		return nil
	}
	return c.loc
}

// normalizeSpans checks one weekday's spans and returns them sorted, with
// touching spans merged.
func normalizeSpans(wd time.Weekday, in []Span) ([]Span, error) {
	for i, s := range in {
		if s.Open < 0 || s.Close > day || s.Close <= s.Open {
			return nil, fmt.Errorf("%w: %s span %d [%v, %v) must satisfy 0 ≤ open < close ≤ 24h",
				ErrInvalidSpan, wd, i, s.Open, s.Close)
		}
	}
	sorted := slices.Clone(in)
	slices.SortFunc(sorted, func(a, b Span) int { return compareDuration(a.Open, b.Open) })

	var out []Span
	for _, s := range sorted {
		n := len(out)
		switch {
		case n > 0 && s.Open < out[n-1].Close:
			return nil, fmt.Errorf("%w: %s spans [%v, %v) and [%v, %v) overlap",
				ErrInvalidSpan, wd, out[n-1].Open, out[n-1].Close, s.Open, s.Close)
		case n > 0 && s.Open == out[n-1].Close:
			out[n-1].Close = s.Close
		default:
			out = append(out, s)
		}
	}
	return out, nil
}

func compareDuration(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// holidayDays validates the holidays and returns their sorted, distinct day
// numbers.
func holidayDays(holidays []Date) ([]int64, error) {
	days := make([]int64, 0, len(holidays))
	for i, h := range holidays {
		t := time.Date(h.Year, h.Month, h.Day, 0, 0, 0, 0, time.UTC)
		if h.Year < 1 || h.Year > 9999 || t.Year() != h.Year || t.Month() != h.Month || t.Day() != h.Day {
			return nil, fmt.Errorf("%w: holiday %d (%s) is not a date in years 1 to 9999",
				ErrInvalidDate, i, h)
		}
		days = append(days, floorDiv(t.Unix(), secondsDay))
	}
	slices.Sort(days)
	return slices.Compact(days), nil
}

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// weekday returns the weekday of a day number; 1970-01-01 was a Thursday.
func weekday(dayNumber int64) time.Weekday {
	return time.Weekday((dayNumber%7 + 7 + 4) % 7)
}
