package pipeline_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
	"github.com/crmmetrics/crmmetrics/pipeline"
)

// readCSV returns the rows of a CSV file as maps from column name to cell.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var rows []map[string]string
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		row := make(map[string]string, len(header))
		for i, name := range header {
			row[name] = record[i]
		}
		rows = append(rows, row)
	}
}

// parseDay parses a YYYY-MM-DD cell as midnight UTC, or returns the zero
// time for an empty cell.
func parseDay(t *testing.T, cell string) time.Time {
	t.Helper()
	if cell == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, cell)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// convertedDeals reads crm_sales_pipeline/crm/deals.csv.
func convertedDeals(t *testing.T, data string) []pipeline.Deal {
	t.Helper()
	outcomes := map[string]pipeline.Outcome{"open": pipeline.Open, "won": pipeline.Won, "lost": pipeline.Lost}
	var deals []pipeline.Deal
	for _, row := range readCSV(t, filepath.Join(data, "crm_sales_pipeline", "crm", "deals.csv")) {
		outcome, ok := outcomes[row["outcome"]]
		if !ok {
			t.Fatalf("deal %s: outcome %q", row["deal_id"], row["outcome"])
		}
		d := pipeline.Deal{
			ID: row["deal_id"], Stage: row["stage"], Outcome: outcome,
			CreatedAt: parseDay(t, row["created_on"]), ClosedAt: parseDay(t, row["closed_on"]),
			AmountUnknown: row["amount"] == "",
		}
		if !d.AmountUnknown {
			d.Amount = dec(row["amount"])
		}
		deals = append(deals, d)
	}
	return deals
}

// referenceFigures returns the figures of one directory in
// reference_figures.json, computed with pandas independently of this
// package.
func referenceFigures(t *testing.T, data, dir string) map[string]json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(data, "reference_figures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]struct {
		Figures map[string]json.RawMessage `json:"figures"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	return all[dir].Figures
}

// referenceDecimal returns a figure given as a JSON number or string.
func referenceDecimal(t *testing.T, figures map[string]json.RawMessage, name string) decimal.Decimal {
	t.Helper()
	raw, ok := figures[name]
	if !ok {
		t.Fatalf("reference figure %s missing", name)
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	return dec(s)
}

func TestConvertedPipelineReference(t *testing.T) {
	data := testdata.Dir(t)
	deals := convertedDeals(t, data)
	figures := referenceFigures(t, data, "crm_sales_pipeline/crm")
	// as_of 2017-12-31: the twelve months [2017-01-01, 2018-01-01).
	year := pipeline.Period{Start: date(2017, 1, 1), End: date(2018, 1, 1)}

	value, err := pipeline.PipelineValue(deals)
	checkErr(t, err, nil)
	checkDecimal(t, "open value", value.OpenAmount, referenceDecimal(t, figures, "pipeline.open_value").String())

	velocity, err := pipeline.SalesVelocity(deals, pipeline.VelocityOptions{Period: year})
	checkErr(t, err, nil)
	// The reference quotient has 34 significant digits; rounded to our 16
	// places they must agree exactly.
	wantAverage := referenceDecimal(t, figures, "pipeline.average_won_amount").Round(16)
	checkDecimal(t, "average won amount", velocity.AverageWonAmount, wantAverage.String())

	// Computed with Python's fractions module from deals.csv, independently
	// of this package: 4238 won and 2473 lost in 2017, 2089 open deals,
	// velocity 2089 × 4238/6711 × average won amount / mean cycle days =
	// 60146.84930188726857653… per day, median cycle 57 days.
	if velocity.Closed.Won != 4238 || velocity.Closed.Lost != 2473 || velocity.OpenDeals != 2089 {
		t.Errorf("won, lost, open = %d, %d, %d, want 4238, 2473, 2089",
			velocity.Closed.Won, velocity.Closed.Lost, velocity.OpenDeals)
	}
	checkDecimal(t, "velocity per day", velocity.PerDay, "60146.8493018872685765")
	if velocity.Cycle.Length.Median != 57*day {
		t.Errorf("median cycle = %v, want 57 days", velocity.Cycle.Length.Median)
	}

	wantDays, _ := referenceDecimal(t, figures, "pipeline.sales_cycle_days_mean").Float64()
	gotDays := velocity.Cycle.Length.Mean.Hours() / 24
	// The mean is rounded to the nanosecond: 0.5 ns in 51 days is 1e-16
	// relative, below the 1e-12 allowed here.
	if diff := cmp.Diff(wantDays, gotDays, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("sales cycle days mean mismatch (-want +got):\n%s", diff)
	}
}

func TestOriginalPipelineReference(t *testing.T) {
	data := testdata.Dir(t)
	rows := readCSV(t, filepath.Join(data, "crm_sales_pipeline", "sales_pipeline.csv"))
	var deals []pipeline.Deal
	stages := map[string]int{}
	for _, row := range rows {
		stages[row["deal_stage"]]++
		d := pipeline.Deal{ID: row["opportunity_id"], Stage: row["deal_stage"], CreatedAt: parseDay(t, row["engage_date"])}
		switch row["deal_stage"] {
		case "Won":
			d.Outcome, d.ClosedAt = pipeline.Won, parseDay(t, row["close_date"])
		case "Lost":
			d.Outcome, d.ClosedAt = pipeline.Lost, parseDay(t, row["close_date"])
		}
		deals = append(deals, d)
	}

	// Counts published with the data set's reference values.
	wantStages := map[string]int{"Won": 4238, "Lost": 2473, "Engaging": 1589, "Prospecting": 500}
	if diff := cmp.Diff(wantStages, stages); diff != "" {
		t.Errorf("deals by stage mismatch (-want +got):\n%s", diff)
	}

	res, err := pipeline.WinRate(deals, pipeline.WinRateOptions{})
	checkErr(t, err, nil)
	// Won / (Won + Lost) = 4238 / 6711 = 0.631501 to 6 decimals.
	if diff := cmp.Diff(0.631501, res.ByCount.Value, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
		t.Errorf("win rate mismatch (-want +got):\n%s", diff)
	}

	cycle, err := pipeline.SalesCycle(deals, pipeline.CycleOptions{})
	checkErr(t, err, nil)
	// Median of won deals, engage_date to close_date: 57 days.
	if cycle.Length.Median != 57*day {
		t.Errorf("median sales cycle = %v, want 57 days", cycle.Length.Median)
	}
	pipelineOpen, err := pipeline.PipelineValue(deals)
	checkErr(t, err, nil)
	// Engaging + Prospecting = 2,089 open deals.
	if pipelineOpen.Open != 2089 {
		t.Errorf("open deals = %d, want 2089", pipelineOpen.Open)
	}
}
