package pipeline_test

import (
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// officeHours returns a 09:00-17:00 Monday-to-Friday calendar in
// Europe/Berlin, skipping the test without time zone data.
func officeHours(t *testing.T) (*pipeline.Calendar, *time.Location) {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("time zone data unavailable: %v", err)
	}
	var week pipeline.Week
	for wd := time.Monday; wd <= time.Friday; wd++ {
		week[wd] = []pipeline.Span{{Open: 9 * time.Hour, Close: 17 * time.Hour}}
	}
	c, err := pipeline.NewCalendar(berlin, week, []pipeline.Date{{Year: 2024, Month: time.May, Day: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return c, berlin
}

func TestLeadResponseBusinessHours(t *testing.T) {
	c, berlin := officeHours(t)
	local := func(d, h, m, s int) time.Time {
		return time.Date(2024, time.March, d, h, m, s, 0, berlin)
	}
	tests := []struct {
		name    string
		created time.Time
		reply   time.Time
		want    time.Duration
		source  string
	}{
		{"friday close to monday open", local(8, 17, 0, 0), local(11, 9, 0, 0), 0,
			"2024-03-08 is a Friday: no open instant from its 17:00 to Monday 09:00"},
		{"second before opening", local(11, 8, 59, 59), local(11, 9, 0, 0), 0,
			"08:59:59 to 09:00:00 lies before the opening"},
		{"overnight", local(11, 16, 0, 0), local(12, 10, 30, 0), 2*time.Hour + 30*time.Minute,
			"16:00-17:00 Monday plus 09:00-10:30 Tuesday"},
		{"holiday", time.Date(2024, time.April, 30, 16, 0, 0, 0, berlin), time.Date(2024, time.May, 2, 10, 0, 0, 0, berlin), 2 * time.Hour,
			"16:00-17:00 on Tuesday 30 April, none on the 1 May holiday, 09:00-10:00 on 2 May"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			leads := []pipeline.Lead{{ID: "A", CreatedAt: tc.created, FirstResponseAt: tc.reply}}
			got, err := pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{Calendar: c})
			checkErr(t, err, nil)
			if got.Times.Median != tc.want {
				t.Errorf("business response time = %v, want %v", got.Times.Median, tc.want)
			}
		})
	}
}

func TestRespondedWithinBusinessHours(t *testing.T) {
	c, berlin := officeHours(t)
	friday := time.Date(2024, time.March, 8, 16, 0, 0, 0, berlin)
	leads := []pipeline.Lead{
		// One business hour on Friday, one on Monday: 2 h.
		{ID: "A", CreatedAt: friday, FirstResponseAt: friday.Add(66 * time.Hour)},
		// Four business hours: 16:00-17:00 Friday and 09:00-12:00 Monday.
		{ID: "B", CreatedAt: friday, FirstResponseAt: friday.Add(68 * time.Hour)},
		// Unanswered at as-of, Monday 12:00.
		{ID: "C", CreatedAt: friday},
	}
	asOf := time.Date(2024, time.March, 11, 12, 0, 0, 0, berlin)
	got, err := pipeline.RespondedWithin(leads, 2*time.Hour, pipeline.ResponseOptions{Calendar: c, AsOf: asOf})
	checkErr(t, err, nil)
	// A within 2 business hours, B late. C: Friday 16:00-17:00 and Monday
	// 09:00-12:00 make 4 business hours by as-of, past the target.
	want := pipeline.SLA{Within: pipeline.Rate{Numerator: 1, Denominator: 3, Value: 1.0 / 3}, Late: 1, Unanswered: 1}
	if got != want {
		t.Errorf("RespondedWithin = %+v, want %+v", got, want)
	}

	// With an 8-hour target, C has had 4 business hours: pending.
	got, err = pipeline.RespondedWithin(leads, 8*time.Hour, pipeline.ResponseOptions{Calendar: c, AsOf: asOf})
	checkErr(t, err, nil)
	want = pipeline.SLA{Within: pipeline.Rate{Numerator: 2, Denominator: 2, Value: 1}, Pending: 1}
	if got != want {
		t.Errorf("RespondedWithin 8h = %+v, want %+v", got, want)
	}
}

func TestBusinessHoursErrors(t *testing.T) {
	c, _ := officeHours(t)
	far := []pipeline.Lead{{ID: "A", CreatedAt: date(2024, 1, 1), FirstResponseAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}
	_, err := pipeline.LeadResponseTimes(far, pipeline.ResponseOptions{Calendar: c})
	checkErr(t, err, pipeline.ErrOutOfRange)

	leads := []pipeline.Lead{{ID: "A", CreatedAt: date(2024, 1, 1), FirstResponseAt: date(2024, 1, 2)}}
	_, err = pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{Calendar: &pipeline.Calendar{}})
	checkErr(t, err, pipeline.ErrZeroCalendar)
	_, err = pipeline.RespondedWithin(leads, time.Hour, pipeline.ResponseOptions{Calendar: &pipeline.Calendar{}})
	checkErr(t, err, pipeline.ErrZeroCalendar)

	_, err = pipeline.NewCalendar(nil, pipeline.Week{}, nil)
	checkErr(t, err, pipeline.ErrNilLocation)
	_, err = pipeline.NewCalendar(time.UTC, pipeline.Week{}, nil)
	checkErr(t, err, pipeline.ErrNoOpenHours)
}
