package csat_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/crmmetrics/crmmetrics/csat"
	"github.com/crmmetrics/crmmetrics/internal/testdata"
)

// dataDir returns the shared real data sets' folder (see testdata.Dir: a
// skip without it, a failure when CRMMETRICS_REQUIRE_DATA=1).
func dataDir(t *testing.T) string {
	t.Helper()
	return testdata.Dir(t)
}

// readColumns reads a CSV file and calls row with the values of the named
// columns for every data row.
func readColumns(t *testing.T, path string, columns []string, row func(line int, values []string)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	index := make([]int, len(columns))
	for i, name := range columns {
		index[i] = -1
		for j, h := range header {
			if h == name {
				index[i] = j
			}
		}
		if index[i] < 0 {
			t.Fatalf("%s: no column %q", path, name)
		}
	}
	values := make([]string, len(columns))
	for line := 2; ; line++ {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, j := range index {
			values[i] = record[j]
		}
		row(line, values)
	}
}

// referenceFigure returns a figure of reference_figures.json for a
// converted directory.
func referenceFigure(t *testing.T, data, directory, figure string) float64 {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(data, "reference_figures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var reference map[string]struct {
		Figures map[string]json.Number `json:"figures"`
	}
	if err := json.Unmarshal(raw, &reference); err != nil {
		t.Fatal(err)
	}
	value, ok := reference[directory].Figures[figure]
	if !ok {
		t.Fatalf("reference_figures.json has no %s for %s", figure, directory)
	}
	f, err := value.Float64()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestAirlineSeatComfort checks the top-two-box share and the mean of the
// airline survey's Seat Comfort ratings (1..5, 0 = not applicable) against
// values computed with pandas, independently of this package.
func TestAirlineSeatComfort(t *testing.T) {
	data := dataDir(t)

	var tally csat.Tally
	path := filepath.Join(data, "airline_satisfaction", "airline_passenger_satisfaction_first30000.csv")
	readColumns(t, path, []string{"Seat Comfort"}, func(line int, values []string) {
		score, err := strconv.Atoi(values[0])
		if err != nil {
			t.Fatalf("%s line %d: %v", path, line, err)
		}
		if score == 0 {
			tally.AddUnanswered() // 0 is "not applicable", no rating
			return
		}
		if err := tally.Add(score); err != nil {
			t.Fatalf("%s line %d: %v", path, line, err)
		}
	})

	score, err := tally.Score()
	if err != nil {
		t.Fatal(err)
	}
	// Computed with pandas, independently of this package: 29,999
	// answers, top-two-box share 0.533284 (6 decimals).
	if score.Responses != 29999 || score.Unanswered != 1 {
		t.Errorf("Score() counts %d rated, %d unanswered; want 29999 and 1", score.Responses, score.Unanswered)
	}
	if diff := cmp.Diff(0.533284, score.Value, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
		t.Errorf("Score() mismatch (-want +got):\n%s", diff)
	}

	mean, err := tally.Mean()
	if err != nil {
		t.Fatal(err)
	}
	// csat.mean of the converted directory, where the one 0 is an empty
	// score; pandas divides the same exact integer sum once, so the values
	// agree to a few ulps.
	want := referenceFigure(t, data, "airline_satisfaction/crm", "csat.mean")
	if diff := cmp.Diff(want, mean.Value, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("Mean() mismatch (-want +got):\n%s", diff)
	}

	converted := readResponses(t, filepath.Join(data, "airline_satisfaction", "crm"), time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	if converted != tally {
		t.Errorf("converted responses.csv tally = %+v, want the original CSV's %+v", converted, tally)
	}
}

// readResponses returns the tally of the csat rows of dir/responses.csv
// answered in [start, end), built with FromAnswers: an empty score is a
// submission without a rating.
func readResponses(t *testing.T, dir string, start, end time.Time) csat.Tally {
	t.Helper()
	path := filepath.Join(dir, "responses.csv")
	var answers []*int
	readColumns(t, path, []string{"answered_on", "survey", "score"}, func(line int, values []string) {
		answered, err := time.Parse(time.DateOnly, values[0])
		if err != nil {
			t.Fatalf("%s line %d: %v", path, line, err)
		}
		if values[1] != "csat" || answered.Before(start) || !answered.Before(end) {
			return
		}
		if values[2] == "" {
			answers = append(answers, nil)
			return
		}
		score, err := strconv.Atoi(values[2])
		if err != nil {
			t.Fatalf("%s line %d: %v", path, line, err)
		}
		answers = append(answers, &score)
	})
	tally, err := csat.FromAnswers(answers, csat.Scale{})
	if err != nil {
		t.Fatal(err)
	}
	return tally
}

// TestRavenStackScore checks the CSAT score of the RavenStack responses in
// the twelve months ending with the directory's as_of date against the
// reference figure computed with pandas and exact fractions.
func TestRavenStackScore(t *testing.T) {
	data := dataDir(t)
	dir := filepath.Join(data, "saas_ravenstack", "crm")
	raw, err := os.ReadFile(filepath.Join(dir, "as_of.txt"))
	if err != nil {
		t.Fatal(err)
	}
	asOf, err := time.Parse(time.DateOnly, strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	end := asOf.AddDate(0, 0, 1)
	start := end.AddDate(0, -12, 0)

	score, err := readResponses(t, dir, start, end).Score()
	if err != nil {
		t.Fatal(err)
	}
	want := referenceFigure(t, data, "saas_ravenstack/crm", "csat.score")
	if diff := cmp.Diff(want, score.Value, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("Score() mismatch (-want +got):\n%s", diff)
	}
}
