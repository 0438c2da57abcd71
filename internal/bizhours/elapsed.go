package bizhours

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// clock is a wall-clock reading: a day number (days since 1970-01-01) and
// the time after that day's midnight, in [0, 24h].
type clock struct {
	day  int64
	wall time.Duration
}

// Elapsed returns the business time in [from, to): the total length of the
// instants in that interval at which the calendar is open. A start outside
// business hours therefore counts from the next opening instant, and a zero
// result means no open instant lies in between. It allocates nothing.
//
// Elapsed returns an error wrapping ErrZeroCalendar for a Calendar not built
// by New, ErrReversed when to is before from, and ErrOutOfRange when either
// instant lies outside years 1 to 9999 UTC or to.Sub(from) does not fit in a
// time.Duration.
func (c *Calendar) Elapsed(from, to time.Time) (time.Duration, error) {
	// Validate.
	if c == nil || c.loc == nil {
		return 0, ErrZeroCalendar
	}
	if err := checkRange("start", from); err != nil {
		return 0, err
	}
	if err := checkRange("end", to); err != nil {
		return 0, err
	}
	if to.Before(from) {
		return 0, fmt.Errorf("%w: end %s before start %s",
			ErrReversed, to.Format(time.RFC3339Nano), from.Format(time.RFC3339Nano))
	}
	// Leave room for the offset difference between the two ends.
	if to.Sub(from) > math.MaxInt64-2*day {
		return 0, fmt.Errorf("%w: interval from %s to %s is longer than a time.Duration holds",
			ErrOutOfRange, from.Format(time.RFC3339), to.Format(time.RFC3339))
	}

	// Accumulate over the stretches with one UTC offset: inside each, the
	// wall clock runs with real time, so the open time is a measure on the
	// wall-clock line.
	var total time.Duration
	for a := from; a.Before(to); {
		offset, end := c.zone(a)
		b := to
		if end.After(a) && end.Before(to) {
			b = end
		}
		total += c.openBetween(reading(a, offset), reading(b, offset))
		a = b
	}
	return total, nil
}

// checkRange reports an instant outside years 1 to 9999 UTC.
func checkRange(what string, t time.Time) error {
	if u := t.Unix(); u < minUnix || u >= maxUnix {
		return fmt.Errorf("%w: %s %s outside years 1 to 9999", ErrOutOfRange, what, t.Format(time.RFC3339))
	}
	return nil
}

// zone returns the UTC offset in seconds at t and the instant at which that
// offset stops applying; end is the zero Time when it applies forever.
func (c *Calendar) zone(t time.Time) (offset int64, end time.Time) {
	local := t.In(c.loc)
	_, seconds := local.Zone()
	_, end = local.ZoneBounds()
	return int64(seconds), end
}

// reading returns the wall-clock reading of t at a UTC offset in seconds.
func reading(t time.Time, offset int64) clock {
	seconds := t.Unix() + offset
	d := floorDiv(seconds, secondsDay)
	wall := time.Duration(seconds-d*secondsDay)*time.Second + time.Duration(t.Nanosecond())
	return clock{day: d, wall: wall}
}

// openBetween returns the open time between two readings a ≤ b of one
// offset stretch.
func (c *Calendar) openBetween(a, b clock) time.Duration {
	if a.day == b.day {
		return c.openInDay(a.day, a.wall, b.wall)
	}
	total := c.openInDay(a.day, a.wall, day)
	total += c.openInDays(a.day+1, b.day)
	return total + c.openInDay(b.day, 0, b.wall)
}

// openInDay returns the open time of one day between the wall-clock times
// lo and hi.
func (c *Calendar) openInDay(d int64, lo, hi time.Duration) time.Duration {
	if lo >= hi || c.isHoliday(d) {
		return 0
	}
	var total time.Duration
	for _, s := range c.spans[weekday(d)] {
		total += max(0, min(s.Close, hi)-max(s.Open, lo))
	}
	return total
}

// openInDays returns the open time of the whole days first..last-1.
func (c *Calendar) openInDays(first, last int64) time.Duration {
	n := last - first
	total := time.Duration(n/7) * c.weekOpen
	for i := range n % 7 {
		total += c.dayOpen[weekday(first+i)]
	}

	// Remove the holidays in the range.
	i, _ := slices.BinarySearch(c.holidays, first)
	for ; i < len(c.holidays) && c.holidays[i] < last; i++ {
		total -= c.dayOpen[weekday(c.holidays[i])]
	}
	return total
}

func (c *Calendar) isHoliday(d int64) bool {
	_, found := slices.BinarySearch(c.holidays, d)
	return found
}
