package bizhours

import (
	"errors"
	"testing"
	"time"
)

// wall parses a local wall-clock time "2006-01-02 15:04:05" in loc. For a
// time repeated by a fall-back change, Go chooses one of the two instants,
// so tests that need a particular one build it from UTC instead.
func wall(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, loc)
	if err != nil {
		t.Fatalf("ParseInLocation(%q): %v", s, err)
	}
	return v
}

func utc(t testing.TB, s string) time.Time {
	t.Helper()
	return wall(t, time.UTC, s)
}

func TestElapsed(t *testing.T) {
	berlin := loadLocation(t, "Europe/Berlin")
	newYork := loadLocation(t, "America/New_York")
	santiago := loadLocation(t, "America/Santiago")
	lordHowe := loadLocation(t, "Australia/Lord_Howe")

	office := mustNew(t, berlin, officeWeek(hours(9, 17)), nil)
	var always Week
	for wd := range always {
		always[wd] = []Span{hours(0, 24)}
	}
	alwaysBerlin := mustNew(t, berlin, always, nil)
	var nights Week
	for wd := range nights {
		nights[wd] = []Span{hours(2, 3)}
	}
	var lateNights Week
	for wd := range lateNights {
		lateNights[wd] = []Span{hours(2.5, 3.5)}
	}
	var saturday Week
	saturday[time.Saturday] = []Span{hours(0, 24)}
	var sunday Week
	sunday[time.Sunday] = []Span{hours(0, 1)}
	easter := []Date{{2024, time.April, 1}}
	christmas := []Date{{2024, time.December, 25}, {2024, time.December, 26}, {2024, time.December, 28}}

	tests := []struct {
		name     string
		calendar *Calendar
		from, to time.Time
		want     time.Duration
		source   string
	}{
		// Monday to Friday 09:00-17:00, Europe/Berlin.
		{"created on saturday", office, wall(t, berlin, "2024-03-09 14:00:00"), wall(t, berlin, "2024-03-11 09:30:00"),
			30 * time.Minute, "Mon 09:00 to 09:30; the weekend is closed"},
		{"created before friday close", office, wall(t, berlin, "2024-03-08 16:30:00"), wall(t, berlin, "2024-03-11 09:15:00"),
			45 * time.Minute, "Fri 16:30-17:00 = 30 min plus Mon 09:00-09:15 = 15 min"},
		{"same hour", office, wall(t, berlin, "2024-03-12 10:00:00"), wall(t, berlin, "2024-03-12 10:20:00"),
			20 * time.Minute, "10:00 to 10:20 inside the span"},
		{"friday close to monday open", office, wall(t, berlin, "2024-03-08 17:00:00"), wall(t, berlin, "2024-03-11 09:00:00"),
			0, "17:00 is the first closed instant and 09:00 the first open one"},
		{"one second before opening", office, wall(t, berlin, "2024-03-11 08:59:59"), wall(t, berlin, "2024-03-11 09:00:00"),
			0, "08:59:59-09:00:00 lies before the span"},
		{"empty interval", office, wall(t, berlin, "2024-03-12 10:00:00"), wall(t, berlin, "2024-03-12 10:00:00"),
			0, "from = to"},
		{"nanoseconds", office, wall(t, berlin, "2024-03-12 16:59:59").Add(time.Second - time.Nanosecond), wall(t, berlin, "2024-03-12 18:00:00"),
			time.Nanosecond, "the last nanosecond before 17:00"},
		{"holiday monday", mustNew(t, berlin, officeWeek(hours(9, 17)), easter),
			wall(t, berlin, "2024-03-29 16:00:00"), wall(t, berlin, "2024-04-02 10:00:00"),
			2 * time.Hour, "Fri 16:00-17:00 plus Tue 09:00-10:00; Mon 2024-04-01 is a holiday"},
		{"53 weeks", office, wall(t, berlin, "2024-01-01 00:00:00"), wall(t, berlin, "2025-01-06 00:00:00"),
			2120 * time.Hour, "2024-01-01 and 2025-01-06 are Mondays 371 days = 53 weeks apart; 53 × 40 h"},
		{"53 weeks with holidays", mustNew(t, berlin, officeWeek(hours(9, 17)), christmas),
			wall(t, berlin, "2024-01-01 00:00:00"), wall(t, berlin, "2025-01-06 00:00:00"),
			2104 * time.Hour, "2120 h minus Wed 25 and Thu 26 December (8 h each); Sat 28 December was closed anyway"},
		{"split day", mustNew(t, berlin, officeWeek(hours(8, 12), hours(13, 17)), nil),
			wall(t, berlin, "2024-03-12 11:00:00"), wall(t, berlin, "2024-03-12 14:00:00"),
			2 * time.Hour, "11:00-12:00 plus 13:00-14:00; lunch is closed"},

		// Always open: business time equals elapsed time across offset changes.
		{"spring forward wall clock", alwaysBerlin, wall(t, berlin, "2024-03-30 23:00:00"), wall(t, berlin, "2024-03-31 03:00:00"),
			3 * time.Hour, "23:00 CET = 22:00 UTC to 03:00 CEST = 01:00 UTC"},
		{"fall back wall clock", alwaysBerlin, wall(t, berlin, "2024-10-26 23:00:00"), wall(t, berlin, "2024-10-27 03:00:00"),
			5 * time.Hour, "23:00 CEST = 21:00 UTC to 03:00 CET = 02:00 UTC"},
		{"spring forward day", alwaysBerlin, wall(t, berlin, "2024-03-31 00:00:00"), wall(t, berlin, "2024-04-01 00:00:00"),
			23 * time.Hour, "2024-03-30 23:00 UTC to 2024-03-31 22:00 UTC"},
		{"fall back day", alwaysBerlin, wall(t, berlin, "2024-10-27 00:00:00"), wall(t, berlin, "2024-10-28 00:00:00"),
			25 * time.Hour, "2024-10-26 22:00 UTC to 2024-10-27 23:00 UTC"},

		// Spans that meet an offset change.
		{"span inside the gap", mustNew(t, berlin, nights, nil),
			wall(t, berlin, "2024-03-31 00:00:00"), wall(t, berlin, "2024-03-31 12:00:00"),
			0, "the clock jumps from 02:00 to 03:00, so no instant reads 02:00-03:00"},
		{"span across the gap", mustNew(t, berlin, lateNights, nil),
			wall(t, berlin, "2024-03-31 00:00:00"), wall(t, berlin, "2024-03-31 12:00:00"),
			30 * time.Minute, "only the readings 03:00-03:30 exist"},
		{"span inside the repeat", mustNew(t, berlin, nights, nil),
			wall(t, berlin, "2024-10-27 00:00:00"), wall(t, berlin, "2024-10-27 12:00:00"),
			2 * time.Hour, "02:00-03:00 CEST (00:00-01:00 UTC) and 02:00-03:00 CET (01:00-02:00 UTC)"},
		{"second occurrence only", mustNew(t, berlin, nights, nil),
			utc(t, "2024-10-27 01:30:00"), wall(t, berlin, "2024-10-27 12:00:00"),
			30 * time.Minute, "01:30 UTC reads 02:30 CET; 02:30-03:00 CET remains"},
		{"new york spring forward day", mustNew(t, newYork, always, nil),
			wall(t, newYork, "2024-03-10 00:00:00"), wall(t, newYork, "2024-03-11 00:00:00"),
			23 * time.Hour, "05:00 UTC to 04:00 UTC next day"},
		{"new york fall back day", mustNew(t, newYork, always, nil),
			wall(t, newYork, "2024-11-03 00:00:00"), wall(t, newYork, "2024-11-04 00:00:00"),
			25 * time.Hour, "04:00 UTC to 05:00 UTC next day"},
		{"lord howe half hour", mustNew(t, lordHowe, always, nil),
			wall(t, lordHowe, "2024-04-07 00:00:00"), wall(t, lordHowe, "2024-04-08 00:00:00"),
			24*time.Hour + 30*time.Minute, "the clock goes back 30 min from 02:00 +11 to 01:30 +1030"},
		{"repeat at midnight", mustNew(t, santiago, saturday, nil),
			wall(t, santiago, "2024-04-05 12:00:00"), wall(t, santiago, "2024-04-08 12:00:00"),
			25 * time.Hour, "Saturday 2024-04-06 ends at 00:00 -03, then reads 23:00-24:00 again at -04"},
		{"gap at midnight", mustNew(t, santiago, sunday, nil),
			utc(t, "2024-09-07 00:00:00"), utc(t, "2024-09-10 00:00:00"),
			0, "Sunday 2024-09-08 starts at 01:00 -03, so no instant reads 00:00-01:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.calendar.Elapsed(tc.from, tc.to)
			if err != nil {
				t.Fatalf("Elapsed(%v, %v): %v", tc.from, tc.to, err)
			}
			if got != tc.want {
				t.Errorf("Elapsed(%v, %v) = %v, want %v (%s)", tc.from, tc.to, got, tc.want, tc.source)
			}
		})
	}
}

func TestElapsedErrors(t *testing.T) {
	c := mustNew(t, time.UTC, officeWeek(hours(9, 17)), nil)
	tests := []struct {
		name     string
		from, to time.Time
		wantErr  error
	}{
		{"reversed", utc(t, "2024-03-12 10:00:00"), utc(t, "2024-03-12 09:00:00"), ErrReversed},
		{"year 0", time.Date(0, time.December, 31, 0, 0, 0, 0, time.UTC), utc(t, "2024-03-12 09:00:00"), ErrOutOfRange},
		{"year 10000", utc(t, "2024-03-12 09:00:00"), time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC), ErrOutOfRange},
		{"longer than a duration", utc(t, "1700-01-01 00:00:00"), utc(t, "2000-01-01 00:00:00"), ErrOutOfRange},
		{"zero time", time.Time{}, utc(t, "2024-03-12 09:00:00"), ErrOutOfRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := c.Elapsed(tc.from, tc.to); !errors.Is(err, tc.wantErr) {
				t.Errorf("Elapsed(%v, %v) error = %v, want %v", tc.from, tc.to, err, tc.wantErr)
			}
		})
	}
}

func TestNextOpen(t *testing.T) {
	berlin := loadLocation(t, "Europe/Berlin")
	office := mustNew(t, berlin, officeWeek(hours(9, 17)), []Date{{2024, time.April, 1}})
	var nights, lateNights Week
	for wd := range nights {
		nights[wd] = []Span{hours(2, 3)}
		lateNights[wd] = []Span{hours(2.5, 4)}
	}

	tests := []struct {
		name     string
		calendar *Calendar
		t        time.Time
		want     time.Time
		source   string
	}{
		{"saturday", office, wall(t, berlin, "2024-03-09 14:00:00"), wall(t, berlin, "2024-03-11 09:00:00"),
			"the next weekday opening is Monday 09:00"},
		{"open", office, wall(t, berlin, "2024-03-12 10:00:00"), wall(t, berlin, "2024-03-12 10:00:00"),
			"an open instant is its own next opening"},
		{"at close", office, wall(t, berlin, "2024-03-12 17:00:00"), wall(t, berlin, "2024-03-13 09:00:00"),
			"close is exclusive"},
		{"before holiday", office, wall(t, berlin, "2024-03-29 17:30:00"), wall(t, berlin, "2024-04-02 09:00:00"),
			"Monday 2024-04-01 is a holiday"},
		{"span in the gap", mustNew(t, berlin, nights, nil), wall(t, berlin, "2024-03-31 01:30:00"), wall(t, berlin, "2024-04-01 02:00:00"),
			"02:00-03:00 does not exist on 2024-03-31"},
		{"span across the gap", mustNew(t, berlin, lateNights, nil), wall(t, berlin, "2024-03-31 01:30:00"), utc(t, "2024-03-31 01:00:00"),
			"the first reading of the span that exists is 03:00 CEST = 01:00 UTC"},
		{"second occurrence", mustNew(t, berlin, nights, nil), utc(t, "2024-10-27 01:30:00"), utc(t, "2024-10-27 01:30:00"),
			"01:30 UTC reads 02:30 CET, inside the span"},
		{"after the repeat", mustNew(t, berlin, nights, nil), utc(t, "2024-10-27 02:00:00"), utc(t, "2024-10-28 01:00:00"),
			"03:00 CET has left the span; next is Monday 02:00 CET = 01:00 UTC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.calendar.NextOpen(tc.t)
			if err != nil {
				t.Fatalf("NextOpen(%v): %v", tc.t, err)
			}
			if !got.Equal(tc.want) {
				t.Errorf("NextOpen(%v) = %v, want %v (%s)", tc.t, got, tc.want, tc.source)
			}
			if got.Location() != tc.calendar.Location() {
				t.Errorf("NextOpen(%v) location = %v, want %v", tc.t, got.Location(), tc.calendar.Location())
			}
		})
	}

	if _, err := office.NextOpen(time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("NextOpen(year 10000) error = %v, want ErrOutOfRange", err)
	}
}

func TestElapsedAllocations(t *testing.T) {
	berlin := loadLocation(t, "Europe/Berlin")
	c := mustNew(t, berlin, officeWeek(hours(9, 17)), []Date{{2024, time.April, 1}})
	from := wall(t, berlin, "2024-03-29 16:00:00")
	to := wall(t, berlin, "2024-11-02 10:00:00")
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := c.Elapsed(from, to); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Elapsed allocates %v times per call, want 0", allocs)
	}
}
