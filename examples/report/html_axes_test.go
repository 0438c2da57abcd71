package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmmetrics/crmmetrics/retention"
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

// TestSurvivalMedianLabelInside checks that a median at the right end of
// the curve is labelled to the left of its line: written to the right,
// "median 300 days" ran past the chart's edge and showed as "medi".
func TestSurvivalMedianLabelInside(t *testing.T) {
	curve := retention.Curve{Subjects: 2, Events: 1, Censored: 1, Points: []retention.SurvivalPoint{
		{Time: 100, AtRisk: 2, Censored: 1, Survival: 1},
		{Time: 300, AtRisk: 1, Events: 1, Survival: 0},
	}}
	r := testReport([]Figure{{"survival.median_days", 300.0}}, Table{"survival_curve", curve})
	page, charts := renderCharts(t, r)
	c := chartByID(t, charts, "chart-retention-2")
	labels := c.texts("median 300 days")
	if len(labels) != 1 {
		t.Fatalf("%d median labels, want 1", len(labels))
	}
	// The median line is at the plot's right end, x = 386; the label ends
	// 5 units left of it.
	if got := labels[0].attr("text-anchor"); got != "end" || labels[0].num(t, "x") != 381 {
		t.Errorf("median label at x %s anchored %q, want 381 anchored end", labels[0].attr("x"), got)
	}
	checkSVGGolden(t, page, "chart-retention-2", "survival_median_at_end.svg")
}

// TestSingleCohortHeaderInside checks the heat map of one cohort with one
// month: the "Months since sign-up" header is wider than the single cell,
// so it starts at the cell and the chart widens to hold it, and the legend
// shows 100% once when every share is 100%.
func TestSingleCohortHeaderInside(t *testing.T) {
	table := map[string]any{"cohorts": []map[string]any{{"month": "2025-12", "size": 1,
		"cells": []map[string]any{{"age": 0, "active": 1, "share": 1.0, "state": int(retention.InProgress)}}}}}
	r := testReport(nil, Table{"cohort_table", table})
	page, charts := renderCharts(t, r)
	c := chartByID(t, charts, "chart-retention-3")
	header := c.texts("Months since sign-up")
	if len(header) != 1 {
		t.Fatalf("%d headers, want 1", len(header))
	}
	// The viewBox is "0 0 width height"; the header, 20 characters of 7.4
	// units from x = 150, needs a width of at least 150 + 148.
	var width float64
	if _, err := fmt.Sscanf(c.attr("viewBox"), "0 0 %g", &width); err != nil {
		t.Fatalf("viewBox %q: %v", c.attr("viewBox"), err)
	}
	if x := header[0].num(t, "x"); header[0].attr("text-anchor") != "start" || x+textWidth("Months since sign-up") > width {
		t.Errorf("header at x %v anchored %q in a chart %v wide, want it inside", x, header[0].attr("text-anchor"), width)
	}
	if n := len(c.texts("100% or less")); n != 0 {
		t.Errorf("legend lists \"100%% or less\" %d times beside 100%%, want 0", n)
	}
	checkSVGGolden(t, page, "chart-retention-3", "cohort_single_month.svg")
}
