package clv_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
	"github.com/crmmetrics/crmmetrics/revenue/clv"
	"github.com/shopspring/decimal"
)

// weeks converts a number of weeks to a duration.
func weeks(w float64) time.Duration {
	return time.Duration(w * float64(clv.Week))
}

// sharedData returns the path of the shared data directory, skipping the
// test when it is absent unless CRMMETRICS_REQUIRE_DATA=1.
func sharedData(tb testing.TB) string {
	tb.Helper()
	return testdata.Dir(tb)
}

// readCSV returns the rows of a CSV file under the shared data directory,
// header excluded.
func readCSV(tb testing.TB, path ...string) [][]string {
	tb.Helper()
	f, err := os.Open(filepath.Join(append([]string{sharedData(tb)}, path...)...))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return rows[1:]
}

// cdnowSummary reads the 2,357-customer CDNOW calibration summary with its
// mean repeat values (cdnow_customers_summary_with_transactions.csv:
// ID, x, t_x, T in weeks, zbar).
func cdnowSummary(tb testing.TB) []clv.Customer {
	tb.Helper()
	var customers []clv.Customer
	for _, row := range readCSV(tb, "cdnow", "cdnow_customers_summary_with_transactions.csv") {
		x, err := strconv.Atoi(row[1])
		if err != nil {
			tb.Fatal(err)
		}
		customers = append(customers, clv.Customer{
			ID:        row[0],
			Frequency: x,
			Recency:   weeks(parseFloat(tb, row[2])),
			Age:       weeks(parseFloat(tb, row[3])),
			MeanValue: decimal.RequireFromString(row[4]),
		})
	}
	return customers
}

func parseFloat(tb testing.TB, s string) float64 {
	tb.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// crmPurchases reads orders.csv and as_of.txt of a converted CDNOW
// directory into Purchases and returns the summaries at as_of.
func crmSummaries(tb testing.TB, dir string) []clv.Customer {
	tb.Helper()
	var purchases clv.Purchases
	for i, row := range readCSV(tb, "cdnow", dir, "orders.csv") {
		day, err := time.Parse(time.DateOnly, row[2])
		if err != nil {
			tb.Fatalf("orders.csv row %d: %v", i+1, err)
		}
		if err := purchases.Add(row[1], day, decimal.RequireFromString(row[3]), time.UTC); err != nil {
			tb.Fatal(err)
		}
	}
	raw, err := os.ReadFile(filepath.Join(sharedData(tb), "cdnow", dir, "as_of.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	asOf, err := time.Parse(time.DateOnly, strings.TrimSpace(string(raw)))
	if err != nil {
		tb.Fatal(err)
	}
	customers, err := purchases.Summarize(asOf, time.UTC)
	if err != nil {
		tb.Fatal(err)
	}
	return customers
}

// referenceFigures returns the figures of reference_figures.json for a
// directory such as "cdnow/crm_calibration".
func referenceFigures(tb testing.TB, dir string) map[string]any {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(sharedData(tb), "reference_figures.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var all map[string]struct {
		Figures map[string]any `json:"figures"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		tb.Fatal(err)
	}
	return all[dir].Figures
}
