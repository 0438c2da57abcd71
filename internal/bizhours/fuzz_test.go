package bizhours

import (
	"testing"
	"time"
)

// fuzzZones have offset changes of 1 h, 30 min and at midnight, and none.
var fuzzZones = []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Kathmandu", "UTC"}

// fuzzCalendar builds a calendar of whole-minute spans from fuzz input: the
// same span, or two spans with a gap, on the weekdays of mask, and one
// holiday a few days after base.
func fuzzCalendar(t *testing.T, zone uint8, start, length uint16, mask uint8, holiday uint8, base time.Time) (*Calendar, map[Date]bool) {
	t.Helper()
	loc := loadLocation(t, fuzzZones[int(zone)%len(fuzzZones)])
	open := int(start) % 1440
	closeMinute := open + 1 + int(length)%(1440-open)
	span := Span{Open: time.Duration(open) * time.Minute, Close: time.Duration(closeMinute) * time.Minute}
	if mask&0x7f == 0 {
		mask = 1 << time.Monday
	}
	var week Week
	for wd := range week {
		if mask&(1<<wd) != 0 {
			week[wd] = []Span{span}
		}
	}
	if mask&0x80 != 0 && closeMinute < 1439 {
		week[time.Wednesday] = append(week[time.Wednesday], Span{Open: span.Close + time.Minute, Close: day})
	}
	h := base.In(loc).AddDate(0, 0, int(holiday%16))
	holidayDate := Date{h.Year(), h.Month(), h.Day()}
	c, err := New(loc, week, []Date{holidayDate})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, map[Date]bool{holidayDate: true}
}

// openMinute reports whether the calendar is open during the minute that
// starts at u, by reading the wall clock with the time package.
func openMinute(c *Calendar, holidays map[Date]bool, u time.Time) bool {
	local := u.In(c.Location())
	if holidays[Date{local.Year(), local.Month(), local.Day()}] {
		return false
	}
	minute := time.Duration(local.Hour())*time.Hour + time.Duration(local.Minute())*time.Minute
	for _, s := range c.spans[local.Weekday()] {
		if s.Open <= minute && minute < s.Close {
			return true
		}
	}
	return false
}

func FuzzElapsed(f *testing.F) {
	// Seeds start near offset changes: minutes after 2024-01-01 00:00 UTC.
	f.Add(uint8(0), uint16(540), uint16(480), uint8(0x3e), uint8(3), int32(128_000), uint16(5000), uint16(777))
	f.Add(uint8(0), uint16(120), uint16(60), uint8(0xff), uint8(0), int32(128_000), uint16(3000), uint16(100))
	f.Add(uint8(0), uint16(120), uint16(60), uint8(0x7f), uint8(9), int32(430_000), uint16(3000), uint16(1500))
	f.Add(uint8(1), uint16(0), uint16(1439), uint8(0x7f), uint8(1), int32(98_000), uint16(9000), uint16(4000))
	f.Add(uint8(2), uint16(90), uint16(30), uint8(0x7f), uint8(15), int32(137_000), uint16(4000), uint16(2000))
	f.Add(uint8(3), uint16(0), uint16(1439), uint8(0x40), uint8(7), int32(137_000), uint16(10000), uint16(3000))
	f.Add(uint8(3), uint16(0), uint16(60), uint8(0x01), uint8(7), int32(360_000), uint16(10000), uint16(3000))
	f.Add(uint8(4), uint16(600), uint16(45), uint8(0x95), uint8(2), int32(1_000), uint16(14000), uint16(13000))
	f.Add(uint8(5), uint16(1380), uint16(59), uint8(0x7f), uint8(5), int32(0), uint16(14400), uint16(7000))

	base := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, zone uint8, start, length uint16, mask, holiday uint8, fromMinute int32, lengthMinutes, midMinutes uint16) {
		// Keep intervals within ten days so that the minute-by-minute
		// reference stays fast.
		from := base.Add(time.Duration(fromMinute%(2*366*1440)) * time.Minute)
		to := from.Add(time.Duration(lengthMinutes%(10*1440)) * time.Minute)
		mid := from.Add(time.Duration(int(midMinutes)%(int(lengthMinutes%(10*1440))+1)) * time.Minute)
		c, holidays := fuzzCalendar(t, zone, start, length, mask, holiday, from)

		got, err := c.Elapsed(from, to)
		if err != nil {
			t.Fatalf("Elapsed(%v, %v): %v", from, to, err)
		}

		// Reference: count the open minutes.
		var want time.Duration
		for u := from; u.Before(to); u = u.Add(time.Minute) {
			if openMinute(c, holidays, u) {
				want += time.Minute
			}
		}
		if got != want {
			t.Fatalf("%v: Elapsed(%v, %v) = %v, want %v by minutes", c.spans, from.In(c.loc), to.In(c.loc), got, want)
		}

		// Additivity and bounds.
		first, err1 := c.Elapsed(from, mid)
		second, err2 := c.Elapsed(mid, to)
		if err1 != nil || err2 != nil {
			t.Fatalf("Elapsed at mid %v: %v, %v", mid, err1, err2)
		}
		if first+second != got {
			t.Fatalf("Elapsed(from, mid) + Elapsed(mid, to) = %v + %v, want %v", first, second, got)
		}
		if got < 0 || got > to.Sub(from) {
			t.Fatalf("Elapsed = %v outside [0, %v]", got, to.Sub(from))
		}
	})
}

func FuzzNextOpen(f *testing.F) {
	f.Add(uint8(0), uint16(540), uint16(480), uint8(0x3e), uint8(3), int32(128_000))
	f.Add(uint8(0), uint16(120), uint16(60), uint8(0x7f), uint8(0), int32(129_540))
	f.Add(uint8(0), uint16(150), uint16(60), uint8(0x7f), uint8(0), int32(129_540))
	f.Add(uint8(0), uint16(120), uint16(60), uint8(0x7f), uint8(9), int32(431_400))
	f.Add(uint8(3), uint16(0), uint16(60), uint8(0x01), uint8(7), int32(360_000))
	f.Add(uint8(2), uint16(90), uint16(30), uint8(0x7f), uint8(15), int32(137_000))

	base := time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, zone uint8, start, length uint16, mask, holiday uint8, fromMinute int32) {
		from := base.Add(time.Duration(fromMinute%(2*366*1440)) * time.Minute)
		c, holidays := fuzzCalendar(t, zone, start, length, mask, holiday, from)

		got, err := c.NextOpen(from)
		if err != nil {
			t.Fatalf("NextOpen(%v): %v", from, err)
		}

		// Reference: the first open minute; one holiday and one weekday
		// with hours put it within 15 days.
		want := from
		for !openMinute(c, holidays, want) {
			want = want.Add(time.Minute)
			if want.Sub(from) > 15*day {
				t.Fatalf("no open minute within 15 days of %v", from)
			}
		}
		if !got.Equal(want) {
			t.Fatalf("%v: NextOpen(%v) = %v, want %v by minutes", c.spans, from.In(c.loc), got, want.In(c.loc))
		}
	})
}

func FuzzNew(f *testing.F) {
	f.Add(int64(9*time.Hour), int64(17*time.Hour), int64(12*time.Hour), int64(13*time.Hour), uint8(0x3e), 2024, 3, 11)
	f.Add(int64(0), int64(24*time.Hour), int64(-1), int64(5), uint8(0x7f), 2024, 2, 30)
	f.Add(int64(17*time.Hour), int64(9*time.Hour), int64(0), int64(0), uint8(0), 0, 0, 0)
	f.Fuzz(func(t *testing.T, open1, close1, open2, close2 int64, mask uint8, year, month, dayOfMonth int) {
		var week Week
		for wd := range week {
			if mask&(1<<wd) != 0 {
				week[wd] = []Span{{time.Duration(open1), time.Duration(close1)}, {time.Duration(open2), time.Duration(close2)}}
			}
		}
		c, err := New(time.UTC, week, []Date{{year, time.Month(month), dayOfMonth}})
		if err != nil {
			return
		}

		// A valid calendar has sorted, disjoint spans inside the day and
		// some open time in the week.
		if c.weekOpen <= 0 || c.weekOpen > 7*day {
			t.Fatalf("week open time %v outside (0, 168h]", c.weekOpen)
		}
		for wd, spans := range c.spans {
			for i, s := range spans {
				if s.Open < 0 || s.Close > day || s.Close <= s.Open || (i > 0 && s.Open <= spans[i-1].Close) {
					t.Fatalf("%v span %d = %v invalid in %v", time.Weekday(wd), i, s, spans)
				}
			}
		}
	})
}
