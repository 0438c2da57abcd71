package retention

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

// sharedData returns the directory of the shared real data sets, found as
// ../shared/data beside the module root (the directory holding go.mod). It
// skips the test when the directory is absent, unless
// CRMMETRICS_REQUIRE_DATA=1, in which case the test fails.
func sharedData(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("module root with go.mod not found above the test directory")
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(data); err != nil {
		if os.Getenv("CRMMETRICS_REQUIRE_DATA") == "1" {
			t.Fatalf("shared data directory %s is required but missing: %v", data, err)
		}
		t.Skipf("shared data directory %s not found; set CRMMETRICS_REQUIRE_DATA=1 to fail instead", data)
	}
	return data
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
