package retention

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCohortsFromActivity(t *testing.T) {
	// Observation ends at 2024-03-15 (exclusive), so March is in progress
	// and April would not be observable. Cohort January: A (Jan, Feb, Mar),
	// B (Jan, Mar), C (Jan only) → ages 0, 1, 2 = 3, 1, 2 of 3. Cohort
	// February: D (Feb, Feb again) → age 0 = 1, age 1 (March, in
	// progress) = 0, age 2 (April) not observable.
	at := func(customer, date string) Activity { return Activity{Customer: customer, At: day(t, date)} }
	records := []Activity{
		at("A", "2024-01-05"), at("A", "2024-02-10"), at("A", "2024-03-01"),
		at("B", "2024-03-14"), at("B", "2024-01-31"),
		at("C", "2024-01-20"),
		at("D", "2024-02-01"), at("D", "2024-02-28"),
	}
	got, err := CohortsFromActivity(records, day(t, "2024-03-15"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	want := CohortTable{Cohorts: []Cohort{
		{Month: month(t, "2024-01"), Size: 3, Cells: []CohortCell{
			{Age: 0, Active: 3, Share: 1, State: Complete},
			{Age: 1, Active: 1, Share: 1.0 / 3, State: Complete},
			{Age: 2, Active: 2, Share: 2.0 / 3, State: InProgress},
		}},
		{Month: month(t, "2024-02"), Size: 1, Cells: []CohortCell{
			{Age: 0, Active: 1, Share: 1, State: Complete},
			{Age: 1, Active: 0, Share: 0, State: InProgress},
			{Age: 2, State: NotObservable},
		}},
	}}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
		t.Errorf("cohort table mismatch (-want +got):\n%s", diff)
	}

	// Pooled retention at age 1 leaves out February's unfinished month:
	// 1/3, not (1 + 0)/(3 + 1).
	r, err := got.Retention(1)
	if err != nil || r.Count != 1 || r.Total != 3 {
		t.Errorf("Retention(1) = %+v, %v; want 1 of 3", r, err)
	}
	if r, err := got.Cohorts[0].Rate(1); err != nil || r.Count != 1 || r.Total != 3 {
		t.Errorf("January Rate(1) = %+v, %v; want 1 of 3", r, err)
	}
	if _, err := got.Cohorts[1].Rate(2); !errors.Is(err, ErrAfterEnd) {
		t.Errorf("February Rate(2) error = %v, want ErrAfterEnd (not observable)", err)
	}
	if _, err := got.Retention(2); !errors.Is(err, ErrNoCustomers) {
		t.Errorf("Retention(2) error = %v, want ErrNoCustomers (no complete cell)", err)
	}

	if _, err := CohortsFromActivity([]Activity{at("A", "2024-03-15")}, day(t, "2024-03-15"), time.UTC); !errors.Is(err, ErrAfterEnd) {
		t.Errorf("activity at the end: error = %v, want ErrAfterEnd", err)
	}
	if _, err := CohortsFromActivity(nil, day(t, "2024-03-15"), nil); !errors.Is(err, ErrNoLocation) {
		t.Errorf("nil location: error = %v, want ErrNoLocation", err)
	}
}

func TestCohortsFromSubscriptions(t *testing.T) {
	// Observation ends 2024-04-01, so March is complete. A: Jan 10 onwards;
	// B: Jan 20 – Feb 15 (active at the end of January only); C: Jan 5 –
	// Jan 25 (joined and left in January: in the cohort, not active at 0);
	// D: Feb 1 – Mar 31 (active at the end of February, not of March).
	subs := []Subscription{
		{ID: "a", Customer: "A", Start: day(t, "2024-01-10")},
		{ID: "b", Customer: "B", Start: day(t, "2024-01-20"), End: day(t, "2024-02-15")},
		{ID: "c", Customer: "C", Start: day(t, "2024-01-05"), End: day(t, "2024-01-25")},
		{ID: "d", Customer: "D", Start: day(t, "2024-02-01"), End: day(t, "2024-03-31")},
	}
	got, err := CohortsFromSubscriptions(subs, day(t, "2024-04-01"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	active := map[string][]int64{}
	states := map[string][]CellState{}
	for _, c := range got.Cohorts {
		for _, cell := range c.Cells {
			active[c.Month.String()] = append(active[c.Month.String()], cell.Active)
			states[c.Month.String()] = append(states[c.Month.String()], cell.State)
		}
	}
	wantActive := map[string][]int64{"2024-01": {2, 1, 1}, "2024-02": {1, 0, 0}}
	if diff := cmp.Diff(wantActive, active); diff != "" {
		t.Errorf("active counts mismatch (-want +got):\n%s", diff)
	}
	wantStates := map[string][]CellState{
		"2024-01": {Complete, Complete, Complete},
		"2024-02": {Complete, Complete, NotObservable},
	}
	if diff := cmp.Diff(wantStates, states); diff != "" {
		t.Errorf("cell states mismatch (-want +got):\n%s", diff)
	}
}

func TestCohortTableMerge(t *testing.T) {
	records := []Activity{}
	for i, d := range []string{"2024-01-05", "2024-02-10", "2024-03-01", "2024-01-31", "2024-03-14", "2024-02-01", "2024-02-28"} {
		records = append(records, Activity{Customer: string(rune('A' + i%3)), At: day(t, d)})
	}
	end := day(t, "2024-03-15")
	whole, err := CohortsFromActivity(records, end, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var merged CohortTable
	for _, customer := range []string{"A", "B", "C"} {
		var part []Activity
		for _, r := range records {
			if r.Customer == customer {
				part = append(part, r)
			}
		}
		shard, err := CohortsFromActivity(part, end, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(shard)
		if err != nil {
			t.Fatal(err)
		}
		var back CohortTable
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		if err := merged.Merge(back); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(whole, merged); diff != "" {
		t.Errorf("merged table mismatch (-one pass +merged):\n%s", diff)
	}
}

func TestCohortsCDNOW(t *testing.T) {
	// pandas on cdnow_master.csv (independent of this library): cohort
	// 1997-01 has 7,846 customers; shares with a purchase in months 1, 2, 3
	// after the cohort month are 0.147464, 0.122865, 0.103237 (6 decimals).
	rows := readCSV(t, filepath.Join(sharedData(t), "cdnow", "crm_master", "orders.csv"))
	records := make([]Activity, len(rows))
	for i, r := range rows {
		at, err := time.Parse(time.DateOnly, r["ordered_on"])
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		records[i] = Activity{Customer: r["customer_id"], At: at}
	}
	table, err := CohortsFromActivity(records, day(t, "1998-07-01"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	jan := table.Cohorts[0]
	if jan.Month != month(t, "1997-01") || jan.Size != 7846 {
		t.Fatalf("first cohort %s of %d customers, want 1997-01 of 7846", jan.Month, jan.Size)
	}
	got := []float64{jan.Cells[1].Share, jan.Cells[2].Share, jan.Cells[3].Share}
	if diff := cmp.Diff([]float64{0.147464, 0.122865, 0.103237}, got, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
		t.Errorf("1997-01 retention mismatch (-want +got):\n%s", diff)
	}
}

func TestCohortTableMergeInvalid(t *testing.T) {
	// Tables decoded from JSON are checked before any cell is touched; a
	// negative age once indexed cell -1 and panicked.
	tests := []struct {
		name    string
		input   string
		wantErr error
	}{
		{"negative age", `{"cohorts":[{"month":"2024-01","size":1,"cells":[{"age":-1,"active":1,"state":0}]}]}`, ErrInvalidCounts},
		{"huge age", `{"cohorts":[{"month":"2024-01","size":1,"cells":[{"age":4000000000,"active":1,"state":0}]}]}`, ErrInvalidCounts},
		{"age not its index", `{"cohorts":[{"month":"2024-01","size":1,"cells":[{"age":0,"active":1},{"age":0,"active":1}]}]}`, ErrInvalidCounts},
		{"negative size", `{"cohorts":[{"month":"2024-01","size":-2,"cells":[{"age":0,"active":1}]}]}`, ErrInvalidCounts},
		{"zero size", `{"cohorts":[{"month":"2024-01","size":0,"cells":[]}]}`, ErrInvalidCounts},
		{"active above size", `{"cohorts":[{"month":"2024-01","size":1,"cells":[{"age":0,"active":7}]}]}`, ErrInvalidCounts},
		{"negative active", `{"cohorts":[{"month":"2024-01","size":1,"cells":[{"age":0,"active":-1}]}]}`, ErrInvalidCounts},
		{"unknown state", `{"cohorts":[{"month":"2024-01","size":1,"cells":[{"age":0,"active":1,"state":3}]}]}`, ErrInvalidCounts},
		{"zero month", `{"cohorts":[{"size":1,"cells":[{"age":0,"active":1}]}]}`, ErrInvalidMonth},
		{"sizes overflow", `{"cohorts":[{"month":"2024-01","size":9223372036854775807,"cells":[{"age":0,"active":1}]},{"month":"2024-01","size":1,"cells":[{"age":0,"active":1}]}]}`, ErrInvalidCounts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var decoded CohortTable
			if err := json.Unmarshal([]byte(tt.input), &decoded); err != nil {
				t.Fatal(err)
			}
			var table CohortTable
			if err := table.Merge(decoded); !errors.Is(err, tt.wantErr) {
				t.Errorf("Merge error = %v, want %v", err, tt.wantErr)
			}
			if len(table.Cohorts) != 0 {
				t.Errorf("Merge changed the table on error: %+v", table)
			}
			if _, err := decoded.Retention(0); !errors.Is(err, tt.wantErr) {
				t.Errorf("Retention error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestMonthYearRange(t *testing.T) {
	// Years outside 0..9999 cannot be written "2006-01"; month
	// arithmetic on years near 2⁶² overflowed, and a bridge for year 2⁵⁰
	// asked for a slice longer than memory.
	if _, err := BuildBridge(nil, Month{1, 1}, Month{1 << 50, 1}); !errors.Is(err, ErrInvalidMonth) {
		t.Errorf("BuildBridge to year 2^50: error %v, want ErrInvalidMonth", err)
	}
	if got := (Month{-(1 << 62), 1}).Compare(Month{1 << 62, 1}); got != -1 {
		t.Errorf("Compare of years -2^62 and 2^62 = %d, want -1", got)
	}
	if _, err := (Month{10000, 1}).MarshalText(); !errors.Is(err, ErrInvalidMonth) {
		t.Errorf("MarshalText of year 10000: error %v, want ErrInvalidMonth", err)
	}
	end := time.Date(10001, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := CohortsFromActivity([]Activity{{Customer: "A", At: end.AddDate(0, -1, 0)}}, end, time.UTC); !errors.Is(err, ErrInvalidMonth) {
		t.Errorf("CohortsFromActivity in year 10000: error %v, want ErrInvalidMonth", err)
	}
}
