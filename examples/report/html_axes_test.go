package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkSVGGolden compares the SVG of chart id on page with the golden
// file testdata/name; -update rewrites it.
func checkSVGGolden(t *testing.T, page, id, name string) {
	t.Helper()
	var svg string
	for _, m := range svgPattern.FindAllStringSubmatch(page, -1) {
		if m[1] == id {
			svg = m[0] + "\n"
		}
	}
	if svg == "" {
		t.Fatalf("no chart %s on the page", id)
	}
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.WriteFile(path, []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), svg); diff != "" {
		t.Errorf("chart %s mismatch (-want +got), rerun with -update if the change is deliberate:\n%s", id, diff)
	}
}

// axisLabels returns the tick labels of a chart's axis ("x" or "y"), in
// order, leaving out the axis title.
func axisLabels(c *svgNode, axis string) []string {
	var labels []string
	for _, g := range c.find("g", "axis", axis) {
		for _, n := range g.find("text") {
			if !n.hasClass("axis-title") {
				labels = append(labels, strings.TrimSpace(n.Text))
			}
		}
	}
	return labels
}

// TestCountAxesWholeNumbers checks that count axes with small counts tick
// at whole numbers only: a step of 0.5 labelled 0.5 and 1.5 as 1 and 2,
// so the health axis for 2 customers read 0 1 1 2 2.
func TestCountAxesWholeNumbers(t *testing.T) {
	r := testReport(nil,
		Table{"health", map[string]any{"customers": 2, "scored": 2, "bands": []map[string]any{
			{"band": "red", "count": 2, "total": 2, "share": 1.0}, {"band": "green", "count": 0, "total": 2, "share": 0.0}}}},
		Table{"rfm", map[string]any{"customers": 1, "segments": []map[string]any{
			{"segment": "Champions", "customers": 1, "share": 1.0, "monetary": "10", "monetary_share": 1.0}}}})
	page, charts := renderCharts(t, r)
	for id, want := range map[string][]string{"chart-health-1": {"0", "1", "2"}, "chart-segment-1": {"0", "1"}} {
		c := chartByID(t, charts, id)
		if diff := cmp.Diff(want, axisLabels(c, "x")); diff != "" {
			t.Errorf("%s: x tick labels mismatch (-want +got):\n%s", id, diff)
		}
	}
	checkSVGGolden(t, page, "chart-health-1", "health_bands_two_customers.svg")
}
