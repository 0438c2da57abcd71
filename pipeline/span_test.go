package pipeline_test

import (
	"strings"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// yearOne is a creation time in year 1, as a zero-ish date from a CRM
// export gives: 2024 minus it is about 2023 years, far beyond the 292
// years of a time.Duration.
var yearOne = time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)

func TestSpansBeyondDuration(t *testing.T) {
	deals := []pipeline.Deal{
		won("A", "1", date(2024, 1, 1), date(2024, 1, 2)),
		won("Y1", "1", yearOne, date(2024, 1, 1)),
	}
	for _, loc := range []*time.Location{nil, time.UTC} {
		_, err := pipeline.SalesCycle(deals, pipeline.CycleOptions{Location: loc})
		checkErr(t, err, pipeline.ErrOutOfRange)
		if !strings.Contains(err.Error(), `deal 1 (id "Y1")`) {
			t.Errorf("SalesCycle error %q does not name deal 1 (id \"Y1\")", err)
		}
	}

	velocityDeals := append([]pipeline.Deal{open("O", "New", "1", date(2024, 1, 1))}, deals...)
	_, err := pipeline.SalesVelocity(velocityDeals, pipeline.VelocityOptions{})
	checkErr(t, err, pipeline.ErrOutOfRange)

	history := pipeline.Deal{ID: "H", History: []pipeline.StageEntry{{Stage: "New", EnteredAt: yearOne}}}
	_, err = pipeline.TimeInStage(history, date(2024, 1, 1))
	checkErr(t, err, pipeline.ErrOutOfRange)
	_, err = pipeline.StageTimes([]pipeline.Deal{history}, []pipeline.Stage{{Name: "New"}}, date(2024, 1, 1))
	checkErr(t, err, pipeline.ErrOutOfRange)

	lead := pipeline.Lead{ID: "L", CreatedAt: yearOne, FirstResponseAt: date(2024, 1, 1)}
	_, err = pipeline.LeadResponseTimes([]pipeline.Lead{lead}, pipeline.ResponseOptions{})
	checkErr(t, err, pipeline.ErrOutOfRange)
	_, err = pipeline.RespondedWithin([]pipeline.Lead{lead}, time.Hour, pipeline.ResponseOptions{})
	checkErr(t, err, pipeline.ErrOutOfRange)
}

func TestTimeInStageVisitsSumPastDuration(t *testing.T) {
	// Two visits of 200 years each fit a Duration apiece, but their
	// cumulative 400 years do not.
	start := date(1600, 1, 1)
	d := pipeline.Deal{ID: "V", History: []pipeline.StageEntry{
		{Stage: "New", EnteredAt: start},
		{Stage: "Demo", EnteredAt: start.AddDate(200, 0, 0)},
		{Stage: "New", EnteredAt: start.AddDate(200, 0, 1)},
	}}
	_, err := pipeline.TimeInStage(d, start.AddDate(400, 0, 1))
	checkErr(t, err, pipeline.ErrOutOfRange)
}

func TestSpanJustInsideDuration(t *testing.T) {
	// 290 years of 365.2425 days is 9.15e18 ns, below the 9.22e18 ns of
	// math.MaxInt64, so the cycle is measured.
	created := date(1734, 1, 1)
	closed := date(2024, 1, 1)
	got, err := pipeline.SalesCycle([]pipeline.Deal{won("A", "1", created, closed)}, pipeline.CycleOptions{})
	checkErr(t, err, nil)
	if want := closed.Sub(created); got.Length.Max != want {
		t.Errorf("cycle = %v, want %v", got.Length.Max, want)
	}
}
