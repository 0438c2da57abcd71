package pipeline

import (
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/bizhours"
)

// Calendar is a set of business hours: weekly spans on the wall clock of one
// location, minus whole-day holidays. Build it with NewCalendar. It is the
// same type as the calendar of the support package, so one value serves
// both. A nil *Calendar in ResponseOptions measures calendar (elapsed,
// 24/7) time.
type Calendar = bizhours.Calendar

// Span is an opening span of one day, the wall-clock range [Open, Close)
// after local midnight, with 0 ≤ Open < Close ≤ 24h.
type Span = bizhours.Span

// Week holds the opening spans of each weekday, indexed by time.Weekday
// (Sunday is 0). A weekday without spans is closed all day.
type Week = bizhours.Week

// Date is a calendar date, used for holidays: the whole local day is closed.
type Date = bizhours.Date

// Errors of NewCalendar and of business-time measurement, shared with every
// package that measures business hours. ErrOutOfRange is also returned,
// with or without a calendar, for a cycle, time in stage or response time
// longer than a time.Duration holds (about 292 years).
var (
	ErrNilLocation  = bizhours.ErrNilLocation
	ErrInvalidSpan  = bizhours.ErrInvalidSpan
	ErrNoOpenHours  = bizhours.ErrNoOpenHours
	ErrInvalidDate  = bizhours.ErrInvalidDate
	ErrZeroCalendar = bizhours.ErrZeroCalendar
	ErrOutOfRange   = bizhours.ErrOutOfRange
)

// NewCalendar returns the business hours week, read on the wall clock of
// loc, closed on each date in holidays. An instant is business time when the
// local clock shows a non-holiday date and a time inside one of that
// weekday's spans. A lead created outside business hours therefore starts
// its clock at the next opening, and a span that contains a daylight-saving
// gap is shorter than its wall length.
//
// Errors: ErrNilLocation; ErrInvalidSpan for a span outside [0, 24h],
// empty, or overlapping another; ErrNoOpenHours for a week without spans;
// ErrInvalidDate for a holiday that is not a date in years 1 to 9999.
func NewCalendar(loc *time.Location, week Week, holidays []Date) (*Calendar, error) {
	return bizhours.New(loc, week, holidays)
}

// checkCalendar returns an error wrapping ErrZeroCalendar for a non-nil
// calendar that NewCalendar did not build.
func checkCalendar(c *Calendar) error {
	if c != nil && c.Location() == nil {
		return fmt.Errorf("pipeline: %w", ErrZeroCalendar)
	}
	return nil
}

// elapsed returns the time from from to to, which is not before from: the
// elapsed time when c is nil, else the business time in c.
func elapsed(i int, l *Lead, from, to time.Time, c *Calendar) (time.Duration, error) {
	if c == nil {
		d, ok := span(from, to)
		if !ok {
			return 0, leadError(i, l, ErrOutOfRange, "%s", spanError("response time", from, to))
		}
		return d, nil
	}
	d, err := c.Elapsed(from, to)
	if err != nil {
		return 0, fmt.Errorf("pipeline: lead %d (id %q): business time: %w", i, l.ID, err)
	}
	return d, nil
}
