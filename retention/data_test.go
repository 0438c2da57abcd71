package retention

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
)

// sharedData returns the shared real data sets' folder (see testdata.Dir: a
// skip without it, a failure when CRMMETRICS_REQUIRE_DATA=1).
func sharedData(t *testing.T) string {
	t.Helper()
	return testdata.Dir(t)
}

// readCSV reads a CSV file with a header row into maps from column name to
// value.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		if os.Getenv("CRMMETRICS_REQUIRE_DATA") == "1" {
			t.Fatalf("data file %s is required: %v", path, err)
		}
		t.Skipf("data file %s not readable: %v", path, err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	rows := make([]map[string]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		row := make(map[string]string, len(rec))
		for i, name := range records[0] {
			row[name] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}
