package bizhours

import (
	"errors"
	"testing"
	"time"
)

func loadLocation(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

// officeWeek returns Monday to Friday with the given spans.
func officeWeek(spans ...Span) Week {
	var w Week
	for wd := time.Monday; wd <= time.Friday; wd++ {
		w[wd] = spans
	}
	return w
}

// hours returns the span between two wall-clock times given in hours.
func hours(openHour, closeHour float64) Span {
	return Span{
		Open:  time.Duration(openHour * float64(time.Hour)),
		Close: time.Duration(closeHour * float64(time.Hour)),
	}
}

func mustNew(t testing.TB, loc *time.Location, week Week, holidays []Date) *Calendar {
	t.Helper()
	c, err := New(loc, week, holidays)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestNewValidation(t *testing.T) {
	berlin := loadLocation(t, "Europe/Berlin")
	tests := []struct {
		name     string
		loc      *time.Location
		week     Week
		holidays []Date
		wantErr  error
	}{
		{"nil location", nil, officeWeek(hours(9, 17)), nil, ErrNilLocation},
		{"empty week", berlin, Week{}, nil, ErrNoOpenHours},
		{"negative open", berlin, officeWeek(Span{Open: -time.Minute, Close: time.Hour}), nil, ErrInvalidSpan},
		{"close past midnight", berlin, officeWeek(Span{Open: time.Hour, Close: day + time.Second}), nil, ErrInvalidSpan},
		{"close before open", berlin, officeWeek(hours(17, 9)), nil, ErrInvalidSpan},
		{"empty span", berlin, officeWeek(hours(9, 9)), nil, ErrInvalidSpan},
		{"overlap", berlin, officeWeek(hours(9, 13), hours(12, 17)), nil, ErrInvalidSpan},
		{"touching spans", berlin, officeWeek(hours(12, 17), hours(9, 12)), nil, nil},
		{"whole day", berlin, officeWeek(hours(0, 24)), nil, nil},
		{"february 30", berlin, officeWeek(hours(9, 17)), []Date{{2024, time.February, 30}}, ErrInvalidDate},
		{"month 13", berlin, officeWeek(hours(9, 17)), []Date{{2024, 13, 1}}, ErrInvalidDate},
		{"year 0", berlin, officeWeek(hours(9, 17)), []Date{{0, time.January, 1}}, ErrInvalidDate},
		{"repeated holiday", berlin, officeWeek(hours(9, 17)), []Date{{2024, time.May, 1}, {2024, time.May, 1}}, nil},
		{"leap day holiday", berlin, officeWeek(hours(9, 17)), []Date{{2024, time.February, 29}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(tc.loc, tc.week, tc.holidays)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("New() error = %v, want %v", err, tc.wantErr)
			}
			if err == nil && c.Location() != tc.loc {
				t.Errorf("Location() = %v, want %v", c.Location(), tc.loc)
			}
		})
	}
}

func TestNewCopiesInput(t *testing.T) {
	// Changing the caller's slices after New must not change the calendar.
	spans := []Span{hours(9, 17)}
	var week Week
	week[time.Monday] = spans
	holidays := []Date{{2024, time.March, 11}}
	c := mustNew(t, time.UTC, week, holidays)
	spans[0] = hours(0, 24)
	holidays[0] = Date{2024, time.March, 18}

	// Monday 2024-03-11 is still the holiday; Monday 2024-03-18 is open 8 h.
	from := time.Date(2024, time.March, 11, 0, 0, 0, 0, time.UTC)
	got, err := c.Elapsed(from, from.AddDate(0, 0, 8))
	if err != nil {
		t.Fatal(err)
	}
	if got != 8*time.Hour {
		t.Errorf("Elapsed after changing inputs = %v, want 8h", got)
	}
}

func TestZeroCalendar(t *testing.T) {
	now := time.Date(2024, time.March, 11, 9, 0, 0, 0, time.UTC)
	for _, c := range []*Calendar{nil, {}} {
		if _, err := c.Elapsed(now, now); !errors.Is(err, ErrZeroCalendar) {
			t.Errorf("Elapsed on %#v: error = %v, want ErrZeroCalendar", c, err)
		}
		if _, err := c.NextOpen(now); !errors.Is(err, ErrZeroCalendar) {
			t.Errorf("NextOpen on %#v: error = %v, want ErrZeroCalendar", c, err)
		}
	}
}

func TestWeekday(t *testing.T) {
	// Day 0 is Thursday 1970-01-01; day -1 is Wednesday 1969-12-31.
	for _, d := range []int64{-800000, -8, -1, 0, 1, 19793, 2932896} {
		want := time.Unix(d*secondsDay, 0).UTC().Weekday()
		if got := weekday(d); got != want {
			t.Errorf("weekday(%d) = %v, want %v", d, got, want)
		}
	}
}
