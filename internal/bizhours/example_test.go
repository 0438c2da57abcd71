package bizhours_test

import (
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/bizhours"
)

// officeHours returns Monday to Friday 09:00-17:00 in Europe/Berlin, closed
// on Easter Monday 2024.
func officeHours() *bizhours.Calendar {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	var week bizhours.Week
	for wd := time.Monday; wd <= time.Friday; wd++ {
		week[wd] = []bizhours.Span{{Open: 9 * time.Hour, Close: 17 * time.Hour}}
	}
	c, err := bizhours.New(berlin, week, []bizhours.Date{{Year: 2024, Month: time.April, Day: 1}})
	if err != nil {
		panic(err)
	}
	return c
}

func ExampleCalendar_Elapsed() {
	c := officeHours()
	berlin := c.Location()

	// A ticket created on Saturday and replied to on Monday at 09:30 waited
	// 30 minutes of business time.
	created := time.Date(2024, time.March, 9, 14, 0, 0, 0, berlin)
	replied := time.Date(2024, time.March, 11, 9, 30, 0, 0, berlin)
	d, err := c.Elapsed(created, replied)
	fmt.Println(d, err)

	// Friday 16:30 to Monday 09:15: 30 minutes on Friday and 15 on Monday.
	d, err = c.Elapsed(time.Date(2024, time.March, 8, 16, 30, 0, 0, berlin), time.Date(2024, time.March, 11, 9, 15, 0, 0, berlin))
	fmt.Println(d, err)
	// Output:
	// 30m0s <nil>
	// 45m0s <nil>
}

func ExampleCalendar_NextOpen() {
	c := officeHours()
	berlin := c.Location()

	// Thursday evening before Easter: Good Friday is open here, Easter
	// Monday is a holiday.
	for _, t := range []time.Time{
		time.Date(2024, time.March, 28, 18, 0, 0, 0, berlin),
		time.Date(2024, time.March, 29, 17, 0, 0, 0, berlin),
		time.Date(2024, time.April, 2, 10, 0, 0, 0, berlin),
	} {
		next, err := c.NextOpen(t)
		fmt.Println(t.Format("Mon 2006-01-02 15:04"), "->", next.Format("Mon 2006-01-02 15:04 MST"), err)
	}
	// Output:
	// Thu 2024-03-28 18:00 -> Fri 2024-03-29 09:00 CET <nil>
	// Fri 2024-03-29 17:00 -> Tue 2024-04-02 09:00 CEST <nil>
	// Tue 2024-04-02 10:00 -> Tue 2024-04-02 10:00 CEST <nil>
}

// Example_edges prints business time at the edges: span bounds, offset
// changes for a calendar open all day, a reversed interval and a bad span.
func Example_edges() {
	office := officeHours()
	berlin := office.Location()
	var always bizhours.Week
	for wd := range always {
		always[wd] = []bizhours.Span{{Open: 0, Close: 24 * time.Hour}}
	}
	allDay, _ := bizhours.New(berlin, always, nil)
	at := func(month time.Month, day, hour, minute, second int) time.Time {
		return time.Date(2024, month, day, hour, minute, second, 0, berlin)
	}

	rows := []struct {
		label    string
		c        *bizhours.Calendar
		from, to time.Time
	}{
		{"Fri 17:00 to Mon 09:00", office, at(time.March, 8, 17, 0, 0), at(time.March, 11, 9, 0, 0)},
		{"Mon 08:59:59 to 09:00:00", office, at(time.March, 11, 8, 59, 59), at(time.March, 11, 9, 0, 0)},
		{"Mon 09:00:00 to 09:00:01", office, at(time.March, 11, 9, 0, 0), at(time.March, 11, 9, 0, 1)},
		{"spring forward 23:00 to 03:00", allDay, at(time.March, 30, 23, 0, 0), at(time.March, 31, 3, 0, 0)},
		{"fall back 23:00 to 03:00", allDay, at(time.October, 26, 23, 0, 0), at(time.October, 27, 3, 0, 0)},
		{"whole day 2024-03-31", allDay, at(time.March, 31, 0, 0, 0), at(time.April, 1, 0, 0, 0)},
		{"whole day 2024-10-27", allDay, at(time.October, 27, 0, 0, 0), at(time.October, 28, 0, 0, 0)},
		{"reversed", office, at(time.March, 11, 10, 0, 0), at(time.March, 11, 9, 0, 0)},
	}
	for _, r := range rows {
		d, err := r.c.Elapsed(r.from, r.to)
		fmt.Printf("%-30s %v %v\n", r.label, d, err)
	}

	var bad bizhours.Week
	bad[time.Monday] = []bizhours.Span{{Open: 17 * time.Hour, Close: 9 * time.Hour}}
	_, err := bizhours.New(berlin, bad, nil)
	fmt.Println(err)
	// Output:
	// Fri 17:00 to Mon 09:00         0s <nil>
	// Mon 08:59:59 to 09:00:00       0s <nil>
	// Mon 09:00:00 to 09:00:01       1s <nil>
	// spring forward 23:00 to 03:00  3h0m0s <nil>
	// fall back 23:00 to 03:00       5h0m0s <nil>
	// whole day 2024-03-31           23h0m0s <nil>
	// whole day 2024-10-27           25h0m0s <nil>
	// reversed                       0s bizhours: end before start: end 2024-03-11T09:00:00+01:00 before start 2024-03-11T10:00:00+01:00
	// bizhours: invalid span: Monday span 0 [17h0m0s, 9h0m0s) must satisfy 0 ≤ open < close ≤ 24h
}
