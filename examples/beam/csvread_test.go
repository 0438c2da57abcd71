package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
	"github.com/crmmetrics/crmmetrics/nps"
)

// writeDir writes files into a new temporary directory and returns it.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func dataConfig(dir, segment string, asOf time.Time) config {
	return config{dataDir: dir, segment: segment, asOf: asOf, period: periodEndingOn(asOf)}
}

const customersCSV = `customer_id,signed_up_on,churned_on,plan
C1,2024-01-10,,basic
C2,2024-02-01,2024-09-01,pro
C3,2024-03-05,,
`

// TestMalformedRowFailsPipeline checks that a row the pipeline cannot use
// fails the run with an error naming the file, the line and the value.
func TestMalformedRowFailsPipeline(t *testing.T) {
	header := "response_id,customer_id,answered_on,survey,score\n"
	good := "R1,C1,2024-05-01,nps,9\n"
	tests := []struct {
		name     string
		row      string
		wantText []string
	}{
		{"score not an integer", "R2,C2,2024-05-02,nps,nine\n", []string{"responses.csv line 3", `column "score"`, `"nine"`}},
		{"score out of range", "R2,C2,2024-05-02,nps,11\n", []string{"responses.csv line 3", `response "R2"`, "nps: score out of range"}},
		{"date after as_of", "R2,C2,2025-01-02,nps,7\n", []string{"responses.csv line 3", `column "answered_on"`, "dated after as_of"}},
		{"unknown survey", "R2,C2,2024-05-02,pulse,7\n", []string{"responses.csv line 3", `column "survey"`, `"pulse"`}},
		{"unparsable date", "R2,C2,05/02/2024,nps,7\n", []string{"responses.csv line 3", `column "answered_on"`, "YYYY-MM-DD"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeDir(t, map[string]string{
				"customers.csv": customersCSV,
				"responses.csv": header + good + tc.row,
			})
			cfg := dataConfig(dir, "plan", time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
			cfg.output = filepath.Join(t.TempDir(), "results.jsonl")

			err := ptest.Run(buildPipeline(cfg))

			if err == nil {
				t.Fatal("pipeline succeeded, want an error")
			}
			for _, text := range tc.wantText {
				if !strings.Contains(err.Error(), text) {
					t.Errorf("error does not contain %q:\n%v", text, err)
				}
			}
		})
	}
}

// TestMissingColumnFailsPipeline checks that a file without a required
// column fails the run with an error naming the file and column.
func TestMissingColumnFailsPipeline(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"responses.csv": "response_id,customer_id,answered_on,score\nR1,C1,2024-05-01,9\n",
	})
	cfg := dataConfig(dir, "", time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	cfg.output = filepath.Join(t.TempDir(), "results.jsonl")

	err := ptest.Run(buildPipeline(cfg))

	if err == nil || !strings.Contains(err.Error(), `responses.csv line 1, column "survey": missing column`) {
		t.Errorf("error = %v, want one naming the missing column survey", err)
	}
}

// TestSegmentsFromCustomersAndResponses checks segment resolution on a
// small hand-made data set. A response takes its customer's attribute. A
// customer with an empty attribute, or absent from customers.csv, is in
// segment "(none)". Responses outside the period or of another survey enter
// no NPS tally.
func TestSegmentsFromCustomersAndResponses(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"customers.csv": customersCSV,
		"responses.csv": `response_id,customer_id,answered_on,survey,score
R1,C1,2024-05-01,nps,10
R2,C1,2024-06-01,nps,3
R3,C2,2024-05-01,nps,9
R4,C3,2024-05-01,nps,8
R5,C9,2024-05-01,nps,
R6,C1,2023-12-31,nps,0
R7,C2,2024-05-01,csat,5
`,
	})
	cfg := dataConfig(dir, "plan", time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))

	lines, _ := runPipeline(t, cfg)

	// Hand count: the period is 2024-01-01..2024-12-31, so R6 is out; R7
	// is a CSAT answer. (all): 10, 3, 9, 8 and one unanswered (R5);
	// basic (C1): 10, 3; pro (C2): 9; (none): 8 (C3, empty plan) and R5
	// (C9, not a customer).
	want := map[string]nps.Tally{
		segmentAll:  tallyOf(1, 3, 8, 9, 10),
		"basic":     tallyOf(0, 3, 10),
		"pro":       tallyOf(0, 9),
		segmentNone: tallyOf(1, 8),
	}
	got := map[string]nps.Tally{}
	for _, l := range lines {
		if l.Metric != "nps" {
			continue
		}
		var tally nps.Tally
		if err := json.Unmarshal(l.Accumulator, &tally); err != nil {
			t.Fatal(err)
		}
		got[l.Segment] = tally
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NPS tallies by segment mismatch (-want +got):\n%s", diff)
	}
}

// tallyOf returns the NPS tally of the given answers plus a count of
// submissions without an answer.
func tallyOf(unanswered int64, answers ...int) nps.Tally {
	t := nps.Tally{Unanswered: unanswered}
	for _, a := range answers {
		t.Counts[a]++
	}
	return t
}

// referenceFigures reads the figures of one data set from
// reference_figures.json.
func referenceFigures(t *testing.T, dataSet string) map[string]json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile(testdata.Dir(t, "reference_figures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]struct {
		Figures map[string]json.RawMessage `json:"figures"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	return all[dataSet].Figures
}

// TestReferenceDataSets runs the pipeline on the real data sets in the CSV
// layout and checks its overall figures against the reference figures,
// which were computed independently of this library.
func TestReferenceDataSets(t *testing.T) {
	dataSets := []string{"nps_garden_retail/crm", "airline_satisfaction/crm", "saas_ravenstack/crm", "cdnow/crm_calibration", "telco_churn/crm"}
	for _, dataSet := range dataSets {
		t.Run(dataSet, func(t *testing.T) {
			dir := testdata.Dir(t, dataSet)
			want := computedFigures(referenceFigures(t, dataSet))
			if len(want) == 0 {
				t.Fatalf("%s has no reference figure of a metric the pipeline computes", dataSet)
			}
			asOf, err := readAsOf(t.Context(), dir)
			if err != nil {
				t.Fatal(err)
			}

			lines, _ := runPipeline(t, dataConfig(dir, "", asOf))

			checked := 0
			for _, l := range lines {
				if l.Segment != segmentAll {
					continue
				}
				for name, value := range l.Figures {
					if w, ok := want[name]; ok {
						checkFigure(t, name, value, w)
						checked++
					}
				}
			}
			if checked != len(want) {
				t.Errorf("checked %d of the %d reference figures of %s", checked, len(want), dataSet)
			}
		})
	}
}

// computedPrefixes are the name prefixes of the figures the pipeline
// computes.
var computedPrefixes = []string{"nps.", "csat.", "ces.", "clv.", "retention.", "survival.", "mrr."}

// computedFigures keeps the figures the pipeline computes.
func computedFigures(figures map[string]json.RawMessage) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for name, value := range figures {
		for _, prefix := range computedPrefixes {
			if strings.HasPrefix(name, prefix) {
				out[name] = value
			}
		}
	}
	return out
}

// checkFigure compares a figure with its reference value, within the
// tolerances of the report's reference checks. Money (a decimal string)
// and counts (an integer) must be equal exactly. Fitted BG/NBD and
// Gamma-Gamma parameters agree to 1e-4 relative and log-likelihoods to
// 1e-3 absolute, the optimiser's stopping precision. Other figures are
// ratios of exact counts and agree to 1e-12 relative.
func checkFigure(t *testing.T, name string, got, want json.RawMessage) {
	t.Helper()
	var wantMoney string
	if json.Unmarshal(want, &wantMoney) == nil {
		checkMoney(t, name, got, wantMoney)
		return
	}
	var wantCount int64
	if json.Unmarshal(want, &wantCount) == nil {
		var g int64
		if err := json.Unmarshal(got, &g); err != nil || g != wantCount {
			t.Errorf("%s = %s, want %d exactly", name, got, wantCount)
		}
		return
	}

	var g, w float64
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s = %s: %v", name, got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("reference %s = %s: %v", name, want, err)
	}
	approx := cmpopts.EquateApprox(1e-12, 0)
	switch {
	case strings.HasSuffix(name, "log_likelihood"):
		approx = cmpopts.EquateApprox(0, 1e-3)
	case strings.HasPrefix(name, "clv."):
		approx = cmpopts.EquateApprox(1e-4, 0)
	}
	if diff := cmp.Diff(w, g, approx); diff != "" {
		t.Errorf("%s mismatch (-reference +pipeline):\n%s", name, diff)
	}
}

// checkMoney compares a money figure, a JSON decimal string, with its
// reference value exactly.
func checkMoney(t *testing.T, name string, got json.RawMessage, want string) {
	t.Helper()
	var g string
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("%s = %s, want the decimal string %q", name, got, want)
		return
	}
	gd, errG := decimal.NewFromString(g)
	wd, errW := decimal.NewFromString(want)
	if errG != nil || errW != nil || !gd.Equal(wd) {
		t.Errorf("%s = %q, want %q exactly", name, g, want)
	}
}
