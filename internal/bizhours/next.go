package bizhours

import "time"

// NextOpen returns the first instant at or after t at which the calendar is
// open: t itself when t is inside business hours, otherwise the start of the
// next span, skipping holidays and times that a daylight-saving gap removes.
// The result is in the calendar's location.
//
// NextOpen returns an error wrapping ErrZeroCalendar for a Calendar not built
// by New and ErrOutOfRange when t lies outside years 1 to 9999 UTC.
func (c *Calendar) NextOpen(t time.Time) (time.Time, error) {
	if c == nil || c.loc == nil {
		return time.Time{}, ErrZeroCalendar
	}
	if err := checkRange("instant", t); err != nil {
		return time.Time{}, err
	}

	// Search each stretch of one UTC offset on its wall-clock line; an
	// opening found past the stretch's end may fall in a gap or read
	// differently after the offset changes, so the search then resumes at
	// the next stretch.
	for a := t; ; {
		offset, end := c.zone(a)
		open := c.nextOpenReading(reading(a, offset))
		u := instant(open, offset)
		if end.IsZero() || !end.After(a) || u.Before(end) {
			return u.In(c.loc), nil
		}
		a = end
	}
}

// nextOpenReading returns the first open wall-clock reading at or after r.
// A week with opening hours has an open day within every 7 non-holiday
// days, so the search ends within 7·(len(holidays)+1) days.
func (c *Calendar) nextOpenReading(r clock) clock {
	for d, lo := r.day, r.wall; ; d, lo = d+1, 0 {
		if c.isHoliday(d) {
			continue
		}
		for _, s := range c.spans[weekday(d)] {
			if s.Close > lo {
				return clock{day: d, wall: max(s.Open, lo)}
			}
		}
	}
}

// instant returns the instant of a wall-clock reading at a UTC offset in
// seconds.
func instant(r clock, offset int64) time.Time {
	seconds := r.day*secondsDay - offset
	return time.Unix(seconds, 0).Add(r.wall)
}
