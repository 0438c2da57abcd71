package support

import (
	"fmt"
	"math"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/bizhours"
)

// Calendar is a set of business hours: weekly spans on the wall clock of one
// location, minus whole-day holidays. Build it with NewCalendar. Its methods
// Elapsed, NextOpen and Location are documented on the shared calendar
// type; a nil *Calendar in Options means calendar (24/7) time.
type Calendar = bizhours.Calendar

// Span is an opening span of one day, the wall-clock range [Open, Close)
// after local midnight, with 0 ≤ Open < Close ≤ 24h.
type Span = bizhours.Span

// Week holds the opening spans of each weekday, indexed by time.Weekday.
type Week = bizhours.Week

// Date is a calendar date, used for holidays.
type Date = bizhours.Date

// Errors of NewCalendar and of the Calendar methods, shared with every
// package that measures business hours.
var (
	// ErrNilLocation is returned by NewCalendar for a nil location.
	ErrNilLocation = bizhours.ErrNilLocation
	// ErrInvalidSpan is returned by NewCalendar for a span outside
	// [0, 24h], an empty span, or overlapping spans.
	ErrInvalidSpan = bizhours.ErrInvalidSpan
	// ErrNoOpenHours is returned by NewCalendar for a week without spans.
	ErrNoOpenHours = bizhours.ErrNoOpenHours
	// ErrInvalidDate is returned by NewCalendar for a holiday that is not a
	// date in years 1 to 9999.
	ErrInvalidDate = bizhours.ErrInvalidDate
	// ErrZeroCalendar is returned when measuring with a Calendar that
	// NewCalendar did not build.
	ErrZeroCalendar = bizhours.ErrZeroCalendar
	// ErrOutOfRange is returned for an instant outside years 1 to 9999 in
	// business time, or an interval longer than a time.Duration holds.
	ErrOutOfRange = bizhours.ErrOutOfRange
)

// NewCalendar returns the business hours week, read on the wall clock of
// loc, closed on each date in holidays. An instant counts as business time
// when the local clock shows a non-holiday date and a time inside one of
// that weekday's spans. So a span that contains a daylight-saving gap is
// shorter than its wall length, and one that contains a repeated hour is
// longer.
//
// NewCalendar returns an error wrapping ErrNilLocation, ErrInvalidSpan (a
// span outside [0, 24h], empty, or overlapping another), ErrNoOpenHours or
// ErrInvalidDate.
func NewCalendar(loc *time.Location, week Week, holidays []Date) (*Calendar, error) {
	return bizhours.New(loc, week, holidays)
}

// Elapsed returns the time from from to to: to.Sub(from) when c is nil, and
// the business time in c otherwise. It returns an error wrapping
// ErrTimeOrder when to is before from, and ErrZeroCalendar for a calendar
// not built by NewCalendar. It returns ErrOutOfRange when the interval does
// not fit in a time.Duration (about 292 years), or when a calendar is given
// and an instant lies outside years 1 to 9999.
func Elapsed(from, to time.Time, c *Calendar) (time.Duration, error) {
	if to.Before(from) {
		return 0, fmt.Errorf("%w: %s before %s", ErrTimeOrder, to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	if c == nil {
		d := to.Sub(from)
		if d == math.MaxInt64 {
			return 0, fmt.Errorf("%w: %s to %s is longer than a time.Duration holds", ErrOutOfRange, from.Format(time.RFC3339), to.Format(time.RFC3339))
		}
		return d, nil
	}
	return c.Elapsed(from, to)
}
