package pipeline_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// answeredAfter returns a lead created at created and answered after
// elapsed; a negative elapsed leaves it unanswered.
func answeredAfter(id string, created time.Time, elapsed time.Duration) pipeline.Lead {
	l := pipeline.Lead{ID: id, CreatedAt: created}
	if elapsed >= 0 {
		l.FirstResponseAt = created.Add(elapsed)
	}
	return l
}

func TestCountLeads(t *testing.T) {
	leads := []pipeline.Lead{
		{ID: "A", CreatedAt: date(2024, 1, 1), Qualified: true, Converted: true, FirstResponseAt: date(2024, 1, 2)},
		{ID: "B", CreatedAt: date(2024, 1, 15), Qualified: true},
		{ID: "C", CreatedAt: date(2024, 1, 31)},
		{ID: "D", CreatedAt: date(2024, 1, 20), Converted: true},
		{ID: "E", CreatedAt: date(2024, 2, 1), Qualified: true, Converted: true}, // on End: outside
	}
	january := pipeline.Period{Start: date(2024, 1, 1), End: date(2024, 2, 1)}
	got, err := pipeline.CountLeads(leads, january)
	checkErr(t, err, nil)
	want := pipeline.LeadTally{Leads: 4, Qualified: 2, Converted: 2, Answered: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CountLeads mismatch (-want +got):\n%s", diff)
	}

	// Hand counts: converted A, D of 4; qualified A, B of 4.
	conversion, err := got.ConversionRate()
	checkErr(t, err, nil)
	qualification, err := got.QualificationRate()
	checkErr(t, err, nil)
	if conversion.Value != 0.5 || qualification.Value != 0.5 {
		t.Errorf("conversion, qualification = %v, %v, want 0.5, 0.5", conversion.Value, qualification.Value)
	}
}

func TestLeadRatesNoLeads(t *testing.T) {
	got, err := pipeline.CountLeads(nil, pipeline.Period{})
	checkErr(t, err, nil)
	_, err = got.ConversionRate()
	checkErr(t, err, pipeline.ErrNoLeads)
	_, err = got.QualificationRate()
	checkErr(t, err, pipeline.ErrNoLeads)
}

func TestLeadResponseTimes(t *testing.T) {
	start := date(2024, 5, 6)
	leads := []pipeline.Lead{
		answeredAfter("A", start, 5*time.Minute),
		answeredAfter("B", start, 15*time.Minute),
		answeredAfter("C", start, time.Hour),
		answeredAfter("D", start, 25*time.Hour),
		answeredAfter("E", start, -1),
		answeredAfter("F", start.AddDate(0, 1, 0), 2*time.Minute), // outside May
	}
	may := pipeline.Period{Start: date(2024, 5, 1), End: date(2024, 6, 1)}
	got, err := pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{Period: may})
	checkErr(t, err, nil)

	// Answered: 5 min, 15 min, 60 min, 1500 min; E unanswered and left
	// out, not averaged in as 0. Mean 1580/4 = 395 min; median (15 +
	// 60)/2 = 37.5 min; P90 h = 2.7 → 60 + 0.7·1440 = 1068 min.
	want := pipeline.ResponseTimes{Leads: 5, Unanswered: 1, Times: pipeline.DurationStats{
		N: 4, Mean: 395 * time.Minute, Min: 5 * time.Minute,
		P25: 12*time.Minute + 30*time.Second, Median: 37*time.Minute + 30*time.Second,
		P75: 420 * time.Minute, P90: 1068 * time.Minute, P95: 1284 * time.Minute, Max: 1500 * time.Minute,
	}}
	// P25 h = 0.75 → 5 + 0.75·10 = 12.5; P75 h = 2.25 → 60 + 0.25·1440 =
	// 420; P95 h = 2.85 → 60 + 0.85·1440 = 1284.
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LeadResponseTimes mismatch (-want +got):\n%s", diff)
	}
}

func TestLeadResponseTimesAcrossDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("time zone data unavailable: %v", err)
	}
	local := func(y int, m time.Month, d, h int) time.Time {
		return time.Date(y, m, d, h, 0, 0, 0, berlin)
	}
	tests := []struct {
		name    string
		created time.Time
		reply   time.Time
		want    time.Duration
		source  string
	}{
		{"spring forward", local(2024, 3, 30, 23), local(2024, 3, 31, 3), 3 * time.Hour,
			"23:00 to 03:00 wall clock, but 02:00-03:00 does not exist on 2024-03-31"},
		{"fall back", local(2024, 10, 26, 23), local(2024, 10, 27, 3), 5 * time.Hour,
			"23:00 to 03:00 wall clock, and 02:00-03:00 happens twice on 2024-10-27"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			leads := []pipeline.Lead{{ID: "A", CreatedAt: tc.created, FirstResponseAt: tc.reply}}
			got, err := pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{})
			checkErr(t, err, nil)
			if got.Times.Median != tc.want {
				t.Errorf("response time = %v, want %v", got.Times.Median, tc.want)
			}
		})
	}
}

func TestLeadResponseTimesErrors(t *testing.T) {
	start := date(2024, 5, 6)
	tests := []struct {
		name    string
		leads   []pipeline.Lead
		opts    pipeline.ResponseOptions
		wantErr error
	}{
		{"no leads", nil, pipeline.ResponseOptions{}, pipeline.ErrNoLeads},
		{"none answered", []pipeline.Lead{answeredAfter("A", start, -1)}, pipeline.ResponseOptions{}, pipeline.ErrNoResponses},
		{"no creation time", []pipeline.Lead{{ID: "A", FirstResponseAt: start}}, pipeline.ResponseOptions{}, pipeline.ErrDate},
		{"reply after as-of", []pipeline.Lead{answeredAfter("A", start, time.Hour)}, pipeline.ResponseOptions{AsOf: start.Add(time.Minute)}, pipeline.ErrDate},
		{"created after as-of", []pipeline.Lead{answeredAfter("A", start, -1)}, pipeline.ResponseOptions{AsOf: start.Add(-time.Minute)}, pipeline.ErrDate},
		{"period reversed", nil, pipeline.ResponseOptions{Period: pipeline.Period{Start: start, End: start.Add(-1)}}, pipeline.ErrPeriod},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pipeline.LeadResponseTimes(tc.leads, tc.opts)
			checkErr(t, err, tc.wantErr)
		})
	}
}

func TestLeadResponseBeforeCreation(t *testing.T) {
	start := date(2024, 5, 6)
	l := pipeline.Lead{ID: "A", CreatedAt: start, FirstResponseAt: start.Add(-time.Minute)}
	_, err := pipeline.LeadResponseTimes([]pipeline.Lead{l}, pipeline.ResponseOptions{})
	checkErr(t, err, pipeline.ErrDate)
}

func TestRespondedWithin(t *testing.T) {
	start := date(2024, 5, 6)
	leads := []pipeline.Lead{
		answeredAfter("A", start, time.Hour),
		answeredAfter("B", start, 24*time.Hour), // exactly at the target: within
		answeredAfter("C", start, 24*time.Hour+time.Second),
		answeredAfter("D", start, -1),
		answeredAfter("E", start.Add(30*time.Hour), -1), // created 6 h before as-of
	}
	tests := []struct {
		name   string
		opts   pipeline.ResponseOptions
		want   pipeline.SLA
		source string
	}{
		{"no as-of", pipeline.ResponseOptions{},
			pipeline.SLA{Within: pipeline.Rate{Numerator: 2, Denominator: 5, Value: 0.4}, Late: 1, Unanswered: 2},
			"A, B within; C late; D, E unanswered count as not within: 2/5"},
		{"pending at as-of", pipeline.ResponseOptions{AsOf: start.Add(36 * time.Hour)},
			pipeline.SLA{Within: pipeline.Rate{Numerator: 2, Denominator: 4, Value: 0.5}, Late: 1, Unanswered: 1, Pending: 1},
			"E's 24 h run out after as-of: pending and left out, 2/4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pipeline.RespondedWithin(leads, 24*time.Hour, tc.opts)
			checkErr(t, err, nil)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("RespondedWithin mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRespondedWithinErrors(t *testing.T) {
	start := date(2024, 5, 6)
	pending := []pipeline.Lead{answeredAfter("A", start, -1)}
	_, err := pipeline.RespondedWithin(pending, time.Hour, pipeline.ResponseOptions{AsOf: start.Add(time.Minute)})
	checkErr(t, err, pipeline.ErrNoLeads)
	_, err = pipeline.RespondedWithin(pending, 0, pipeline.ResponseOptions{})
	checkErr(t, err, pipeline.ErrOption)
	_, err = pipeline.RespondedWithin(nil, time.Hour, pipeline.ResponseOptions{})
	checkErr(t, err, pipeline.ErrNoLeads)
}
