package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
	"github.com/shopspring/decimal"
)

// figureSection maps a figure name to the section that computes it, by the
// longest matching prefix.
var figureSection = map[string]string{
	"nps.":                        "survey",
	"csat.":                       "survey",
	"ces.":                        "survey",
	"retention.":                  "retention",
	"survival.":                   "retention",
	"mrr.":                        "retention",
	"revenue.":                    "revenue",
	"clv.":                        "clv",
	"pipeline.":                   "pipeline",
	"leads.":                      "pipeline",
	"support.":                    "support",
	"engagement.":                 "engagement",
	"retention.cost_per_customer": "retention",
}

func sectionOf(figure string) string {
	best := ""
	for prefix := range figureSection {
		if strings.HasPrefix(figure, prefix) && len(prefix) > len(best) {
			best = prefix
		}
	}
	return figureSection[best]
}

func hasSection(name string) bool {
	for _, s := range sections {
		if s.Name == name {
			return true
		}
	}
	return false
}

// referenceFigures is reference_figures.json: directory → as_of and
// figures, computed with pandas, SciPy and R independently of this library.
type referenceFigures map[string]struct {
	AsOf    string                     `json:"as_of"`
	Figures map[string]json.RawMessage `json:"figures"`
}

// TestReferenceFigures runs the report on each converted data set and
// compares every reference figure whose section the report has.
func TestReferenceFigures(t *testing.T) {
	root := testdata.Dir(t)
	raw, err := os.ReadFile(filepath.Join(root, "reference_figures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var refs referenceFigures
	if err := json.Unmarshal(raw, &refs); err != nil {
		t.Fatal(err)
	}

	for _, dir := range sortedKeys(refs) {
		ref := refs[dir]
		t.Run(dir, func(t *testing.T) {
			r := buildFromDir(t, filepath.Join(root, dir))
			if got := r.AsOf.Format(dateLayout); got != ref.AsOf {
				t.Errorf("as_of = %s, want %s", got, ref.AsOf)
			}
			for _, name := range sortedKeys(ref.Figures) {
				if !hasSection(sectionOf(name)) {
					continue
				}
				got, ok := r.Figure(name)
				if !ok {
					t.Errorf("figure %s missing from the report", name)
					continue
				}
				checkFigure(t, name, got, ref.Figures[name])
			}
		})
	}
}

func buildFromDir(t *testing.T, dir string) *Report {
	t.Helper()
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir(%s): %v", dir, err)
	}
	r, err := Build(dir, d, sections)
	if err != nil {
		t.Fatalf("Build(%s): %v", dir, err)
	}
	return r
}

// checkFigure compares a figure with its reference value. Counts and money
// sums are exact. Money quotients agree to 1e-6 relative, as the CSV layout
// documentation states. Model fits agree to 1e-4 relative (parameters) and
// 1e-3 absolute (log-likelihood), the optimiser's stopping precision. Other
// floats are ratios of exact counts and agree to 1e-12 relative.
func checkFigure(t *testing.T, name string, got any, want json.RawMessage) {
	t.Helper()
	switch g := got.(type) {
	case decimal.Decimal:
		var s string
		if err := json.Unmarshal(want, &s); err != nil {
			t.Errorf("%s: reference %s is not a decimal string", name, want)
			return
		}
		w := decimal.RequireFromString(s)
		if isMoneyQuotient(name) {
			if diff := g.Sub(w).Abs(); diff.GreaterThan(w.Abs().Mul(decimal.New(1, -6))) {
				t.Errorf("%s = %s, want %s (relative 1e-6)", name, g, w)
			}
		} else if !g.Equal(w) {
			t.Errorf("%s = %s, want %s exactly", name, g, w)
		}
	case int, int64:
		var w int64
		if err := json.Unmarshal(want, &w); err != nil {
			t.Errorf("%s: reference %s is not an integer", name, want)
			return
		}
		if toInt64(g) != w {
			t.Errorf("%s = %v, want %d", name, g, w)
		}
	case float64:
		var w float64
		if err := json.Unmarshal(want, &w); err != nil {
			t.Errorf("%s: reference %s is not a number", name, want)
			return
		}
		tolerance := 1e-12 * math.Abs(w)
		switch {
		case strings.HasSuffix(name, "log_likelihood"):
			tolerance = 1e-3
		case strings.HasPrefix(name, "clv."):
			tolerance = 1e-4 * math.Abs(w)
		}
		if math.Abs(g-w) > tolerance {
			t.Errorf("%s = %v, want %v (tolerance %g)", name, g, w, tolerance)
		}
	default:
		t.Errorf("%s has unexpected type %T", name, got)
	}
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	}
	return math.MinInt64
}

func isMoneyQuotient(name string) bool {
	switch name {
	case "revenue.average_purchase_value", "revenue.cac", "retention.cost_per_customer",
		"pipeline.average_won_amount", "pipeline.sales_velocity_per_day":
		return true
	}
	return false
}

// TestEveryDataSet loads every converted data set and builds its report,
// so that a row the loader or a section rejects fails here.
func TestEveryDataSet(t *testing.T) {
	root := testdata.Dir(t)
	dirs, err := filepath.Glob(filepath.Join(root, "*", "crm*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatalf("no crm folders under %s", root)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		rel, _ := filepath.Rel(root, dir)
		t.Run(rel, func(t *testing.T) {
			r := buildFromDir(t, dir)
			if _, err := r.MarshalJSON(); err != nil {
				t.Errorf("MarshalJSON: %v", err)
			}
		})
	}
}

// TestHeaderOnlyFiles builds the report from files that hold only their
// header row: every section runs, undefined figures are absent, and the
// JSON encodes.
func TestHeaderOnlyFiles(t *testing.T) {
	files := map[string]string{"as_of.txt": "2024-12-31\n"}
	for _, f := range dataFiles {
		files[f.name] = strings.Join(f.required, ",") + "\n"
	}
	r := buildFromDir(t, writeFiles(t, files))
	if len(r.Skipped) != 0 {
		t.Errorf("Skipped = %v, want every section run", r.Skipped)
	}
	for _, name := range []string{"revenue.cac", "retention.logo_churn_rate", "pipeline.win_rate", "survival.s_365"} {
		if _, ok := r.Figure(name); ok {
			t.Errorf("figure %s present without data, want it absent", name)
		}
	}
	if _, err := r.MarshalJSON(); err != nil {
		t.Errorf("MarshalJSON: %v", err)
	}
}
