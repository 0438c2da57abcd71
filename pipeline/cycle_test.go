package pipeline_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

func TestSalesCycle(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("time zone data unavailable: %v", err)
	}
	localMidnight := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 0, 0, 0, 0, berlin)
	}
	// Cycles of 1, 2, 4 and 10 days, a lost deal of 30 days and a won deal
	// without a creation time.
	mixed := []pipeline.Deal{
		won("A", "1", date(2024, 1, 1), date(2024, 1, 2)),
		won("B", "1", date(2024, 1, 1), date(2024, 1, 3)),
		won("C", "1", date(2024, 1, 1), date(2024, 1, 5)),
		won("D", "1", date(2024, 1, 1), date(2024, 1, 11)),
		lost("E", "1", date(2024, 1, 1), date(2024, 1, 31)),
		won("F", "1", time.Time{}, date(2024, 1, 20)),
		open("G", "New", "1", date(2024, 1, 1)),
	}
	tests := []struct {
		name    string
		deals   []pipeline.Deal
		opts    pipeline.CycleOptions
		want    pipeline.Cycle
		wantErr error
		source  string
	}{
		{
			name:   "leap day",
			deals:  []pipeline.Deal{won("A", "1", date(2024, 2, 28), date(2024, 3, 1))},
			want:   pipeline.Cycle{Length: flat(2 * day)},
			source: "2024-02-28 to 2024-03-01 crosses 29 February: 2 days",
		},
		{
			name:   "no leap day",
			deals:  []pipeline.Deal{won("A", "1", date(2023, 2, 28), date(2023, 3, 1))},
			want:   pipeline.Cycle{Length: flat(day)},
			source: "2023 has no 29 February: 1 day",
		},
		{
			name:   "spring forward elapsed",
			deals:  []pipeline.Deal{won("A", "1", localMidnight(2024, 3, 30), localMidnight(2024, 4, 1))},
			want:   pipeline.Cycle{Length: flat(47 * time.Hour)},
			source: "Berlin clocks skip 02:00-03:00 on 2024-03-31, so 47 hours elapse",
		},
		{
			name:   "spring forward calendar days",
			deals:  []pipeline.Deal{won("A", "1", localMidnight(2024, 3, 30), localMidnight(2024, 4, 1))},
			opts:   pipeline.CycleOptions{Location: berlin},
			want:   pipeline.Cycle{Length: flat(2 * day)},
			source: "two calendar days in Berlin",
		},
		{
			name:  "won deals",
			deals: mixed,
			want: pipeline.Cycle{WithoutCreated: 1, Length: pipeline.DurationStats{
				N: 4, Mean: 4*day + 6*time.Hour, Min: day,
				P25: 42 * time.Hour, Median: 3 * day, P75: 5*day + 12*time.Hour,
				P90: 8*day + 4*time.Hour + 48*time.Minute, P95: 9*day + 2*time.Hour + 24*time.Minute, Max: 10 * day,
			}},
			// Days 1, 2, 4, 10: mean 17/4 = 4.25 d. Type 7, h = 3q:
			// P25 h = 0.75 → 1 + 0.75·1 = 1.75 d = 42 h; median h = 1.5 → 3 d;
			// P75 h = 2.25 → 4 + 0.25·6 = 5.5 d; P90 h = 2.7 → 4 + 0.7·6 = 8.2 d;
			// P95 h = 2.85 → 4 + 0.85·6 = 9.1 d.
			source: "hand calculation in the comment above",
		},
		{
			name:  "won and lost",
			deals: mixed,
			opts:  pipeline.CycleOptions{IncludeLost: true},
			want: pipeline.Cycle{WithoutCreated: 1, Length: pipeline.DurationStats{
				N: 5, Mean: 9*day + 9*time.Hour + 36*time.Minute, Min: day,
				P25: 2 * day, Median: 4 * day, P75: 10 * day,
				P90: 22 * day, P95: 26 * day, Max: 30 * day,
			}},
			// Days 1, 2, 4, 10, 30: mean 47/5 = 9.4 d; h = 4q: P25 = x[1],
			// median = x[2], P75 = x[3]; P90 h = 3.6 → 10 + 0.6·20 = 22 d;
			// P95 h = 3.8 → 10 + 0.8·20 = 26 d.
			source: "hand calculation in the comment above",
		},
		{
			name:  "closed in period",
			deals: mixed,
			opts:  pipeline.CycleOptions{Period: pipeline.Period{Start: date(2024, 1, 3), End: date(2024, 1, 11)}},
			want:  pipeline.Cycle{Length: pipeline.DurationStats{N: 2, Mean: 3 * day, Min: 2 * day, P25: 60 * time.Hour, Median: 3 * day, P75: 84 * time.Hour, P90: 91*time.Hour + 12*time.Minute, P95: 93*time.Hour + 36*time.Minute, Max: 4 * day}},
			// B (2 d) and C (4 d) closed in [01-03, 01-11); D closed on the end.
			// h = q: P25 = 2 + 0.25·2 = 2.5 d, P75 = 3.5 d, P90 = 3.8 d, P95 = 3.9 d.
			source: "hand calculation in the comment above",
		},
		{
			name:    "only open deals",
			deals:   mixed[6:],
			wantErr: pipeline.ErrNoWonDeals,
			source:  "no closed deal: nothing to average",
		},
		{
			name:    "only deals without creation",
			deals:   mixed[5:6],
			wantErr: pipeline.ErrNoWonDeals,
			source:  "the one won deal has no creation time",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pipeline.SalesCycle(tc.deals, tc.opts)
			if !checkErr(t, err, tc.wantErr) {
				return
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("SalesCycle mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// flat returns the statistics of a single duration.
func flat(d time.Duration) pipeline.DurationStats {
	return pipeline.DurationStats{N: 1, Mean: d, Min: d, P25: d, Median: d, P75: d, P90: d, P95: d, Max: d}
}

func TestSalesVelocity(t *testing.T) {
	deals := []pipeline.Deal{
		won("A", "1000.00", date(2024, 1, 1), date(2024, 1, 11)),
		won("B", "3000.00", date(2024, 1, 1), date(2024, 1, 31)),
		lost("C", "500.00", date(2024, 1, 1), date(2024, 1, 15)),
		lost("D", "700.00", date(2024, 1, 1), date(2024, 1, 16)),
		open("E", "New", "100", date(2024, 1, 2)),
		open("F", "New", "100", date(2024, 1, 3)),
		open("G", "New", "100", date(2024, 1, 4)),
	}
	got, err := pipeline.SalesVelocity(deals, pipeline.VelocityOptions{})
	checkErr(t, err, nil)

	// Open 3, win rate 2/4, average won 4000/2 = 2000, mean cycle (10 +
	// 30)/2 = 20 days: 3 × 0.5 × 2000 / 20 = 150 per day.
	if got.OpenDeals != 3 || got.WinRate.Value != 0.5 || got.Cycle.Length.Mean != 20*day {
		t.Errorf("inputs = %d open, win rate %v, mean cycle %v; want 3, 0.5, 480h",
			got.OpenDeals, got.WinRate.Value, got.Cycle.Length.Mean)
	}
	checkDecimal(t, "AverageWonAmount", got.AverageWonAmount, "2000")
	checkDecimal(t, "PerDay", got.PerDay, "150")
}

func TestSalesVelocityRoundsOnce(t *testing.T) {
	deals := []pipeline.Deal{
		won("A", "100", date(2024, 1, 1), date(2024, 1, 4)),
		won("B", "100", date(2024, 1, 1), date(2024, 1, 4)),
		lost("C", "1", date(2024, 1, 1), date(2024, 1, 2)),
		open("D", "New", "1", date(2024, 1, 2)),
	}
	got, err := pipeline.SalesVelocity(deals, pipeline.VelocityOptions{})
	checkErr(t, err, nil)
	// 1 open × 2/3 × 100 / 3 days = 200/9 = 22.2222… per day, rounded once
	// to 16 places. Rounding the win rate first would change the last digits.
	checkDecimal(t, "PerDay", got.PerDay, "22.2222222222222222")
}

func TestSalesVelocityErrors(t *testing.T) {
	tests := []struct {
		name    string
		deals   []pipeline.Deal
		wantErr error
	}{
		{"zero cycle", []pipeline.Deal{won("A", "10", date(2024, 1, 1), date(2024, 1, 1)), open("B", "New", "1", date(2024, 1, 1))}, pipeline.ErrZeroCycle},
		{"no closed deals", []pipeline.Deal{open("B", "New", "1", date(2024, 1, 1))}, pipeline.ErrNoClosedDeals},
		{"no won deals", []pipeline.Deal{lost("A", "10", date(2024, 1, 1), date(2024, 1, 3))}, pipeline.ErrNoWonDeals},
		{"won without amount", []pipeline.Deal{{ID: "A", Outcome: pipeline.Won, AmountUnknown: true, CreatedAt: date(2024, 1, 1), ClosedAt: date(2024, 1, 2)}}, pipeline.ErrAmount},
		{"won without creation", []pipeline.Deal{won("A", "10", time.Time{}, date(2024, 1, 3))}, pipeline.ErrNoWonDeals},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pipeline.SalesVelocity(tc.deals, pipeline.VelocityOptions{})
			checkErr(t, err, tc.wantErr)
		})
	}
}

func TestVelocityOf(t *testing.T) {
	tests := []struct {
		name          string
		opportunities int64
		winRate       float64
		amount        string
		cycle         time.Duration
		want          string
		wantErr       error
	}{
		// www.mavenlb.com/blog/sales-velocity-formula: 40 × £25,000 × 0.25 /
		// 90 days = £2,777.78 per day; 250,000/90 to 16 places.
		{"published example", 40, 0.25, "25000", 90 * day, "2777.7777777777777778", nil},
		{"no opportunities", 0, 0.25, "25000", 90 * day, "0", nil},
		{"zero cycle", 40, 0.25, "25000", 0, "", pipeline.ErrZeroCycle},
		{"negative cycle", 40, 0.25, "25000", -day, "", pipeline.ErrOption},
		{"negative opportunities", -1, 0.25, "25000", day, "", pipeline.ErrOption},
		{"win rate as percent", 40, 25, "25000", day, "", pipeline.ErrProbability},
		{"negative amount", 40, 0.25, "-1", day, "", pipeline.ErrAmount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pipeline.VelocityOf(tc.opportunities, tc.winRate, dec(tc.amount), tc.cycle)
			if !checkErr(t, err, tc.wantErr) {
				return
			}
			checkDecimal(t, "VelocityOf", got, tc.want)
		})
	}
}
