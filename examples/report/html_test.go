package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/retention"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

// svgNode is an element of a chart's SVG.
type svgNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []svgNode  `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n *svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *svgNode) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s> attribute %s = %q: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// hasClass reports whether n's class attribute lists every one of classes.
func (n *svgNode) hasClass(classes ...string) bool {
	have := strings.Fields(n.attr("class"))
	for _, c := range classes {
		found := false
		for _, h := range have {
			found = found || h == c
		}
		if !found {
			return false
		}
	}
	return true
}

// find returns the elements under n named tag that have every class.
func (n *svgNode) find(tag string, classes ...string) []*svgNode {
	var out []*svgNode
	for i := range n.Children {
		c := &n.Children[i]
		if c.XMLName.Local == tag && c.hasClass(classes...) {
			out = append(out, c)
		}
		out = append(out, c.find(tag, classes...)...)
	}
	return out
}

// textAt returns the text elements under n whose content is s.
func (n *svgNode) texts(s string) []*svgNode {
	var out []*svgNode
	for _, t := range n.find("text") {
		if t.Text == s {
			out = append(out, t)
		}
	}
	return out
}

var svgPattern = regexp.MustCompile(`(?s)<svg class="chart" id="([^"]+)".*?</svg>`)

// renderCharts writes r's page and returns it with its charts by ID,
// parsed as XML.
func renderCharts(t *testing.T, r *Report) (string, map[string]*svgNode) {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	charts := map[string]*svgNode{}
	for _, m := range svgPattern.FindAllStringSubmatch(b.String(), -1) {
		var n svgNode
		if err := xml.Unmarshal([]byte(m[0]), &n); err != nil {
			t.Fatalf("chart %s is not well-formed XML: %v\n%s", m[1], err, m[0])
		}
		charts[m[1]] = &n
	}
	return b.String(), charts
}

func chartByID(t *testing.T, charts map[string]*svgNode, id string) *svgNode {
	t.Helper()
	c, ok := charts[id]
	if !ok {
		ids := make([]string, 0, len(charts))
		for k := range charts {
			ids = append(ids, k)
		}
		t.Fatalf("no chart %s; the page has %v", id, ids)
	}
	return c
}

// testReport returns a report of the given tables, with as_of 2025-12-31.
func testReport(figures []Figure, tables ...Table) *Report {
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	return &Report{Source: "test data", AsOf: asOf, Period: PeriodEndingOn(asOf), Figures: figures, Tables: tables}
}

func ptr[T any](v T) *T { return &v }

// approx compares SVG coordinates, which the page writes with two
// decimals, so that they agree to 0.005.
var approx = cmpopts.EquateApprox(0, 0.006)

// TestHBarWidths checks that bar widths are proportional to the shares on
// the 0 to 100% axis.
func TestHBarWidths(t *testing.T) {
	r := testReport([]Figure{{"engagement.mau", 4}}, Table{"engagement_feature_adoption", []FeatureAdoptionRow{
		{Feature: "a", Users: 2, Active: 4, Rate: 0.5},
		{Feature: "b", Users: 4, Active: 4, Rate: 1},
		{Feature: "c", Users: 1, Active: 4, Rate: 0.25},
	}})
	_, charts := renderCharts(t, r)
	c := chartByID(t, charts, "chart-engagement-1")

	x0 := c.texts("0%")[0].num(t, "x")
	x100 := c.texts("100%")[0].num(t, "x")
	bars := c.find("rect", "mark", "bar")
	if len(bars) != 3 {
		t.Fatalf("%d bars, want 3", len(bars))
	}
	// Hand calculation: a bar of share s starts at the 0% tick and is s
	// times the distance from the 0% tick to the 100% tick wide.
	var got, want []float64
	for i, share := range []float64{0.5, 1, 0.25} {
		got = append(got, bars[i].num(t, "x"), bars[i].num(t, "width"))
		want = append(want, x0, share*(x100-x0))
	}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("bar x and width mismatch (-want +got):\n%s", diff)
	}
	if got := c.texts("50.0%"); len(got) != 1 {
		t.Errorf("value label 50.0%% appears %d times, want once", len(got))
	}
}

// TestColumnHeights checks the histogram of first response times: bar
// heights on the count axis, the hatched column of unanswered tickets and
// the SLA line on the 24-hour bucket bound.
func TestColumnHeights(t *testing.T) {
	dist := &DurationDistribution{Measured: 30, Missing: 5, MedianMinutes: 40, P90Minutes: 50,
		SLA:     &SLACount{Minutes: 1440, Within: 30, Of: 30, Share: 1},
		Buckets: durationTestBuckets(10, 20, 0, 0, 0, 0, 0, 0)}
	r := testReport([]Figure{{"support.tickets", 35}}, Table{"support_durations", SupportDurations{FirstResponse: dist}})
	_, charts := renderCharts(t, r)
	c := chartByID(t, charts, "chart-support-1")

	// Hand calculation: the count axis runs from 0 to 20 over the plot's
	// 180 units, so 10 tickets are 90 units high and 5 are 45.
	var heights []float64
	for _, b := range c.find("rect", "mark", "bar") {
		heights = append(heights, b.num(t, "height"))
	}
	want := []float64{90, 180, 0, 0, 0, 0, 0, 0, 45}
	if diff := cmp.Diff(want, heights, approx); diff != "" {
		t.Errorf("column heights mismatch (-want +got):\n%s", diff)
	}
	if missing := c.find("rect", "mark", "bar", "missing"); len(missing) != 1 {
		t.Errorf("%d hatched columns, want 1 for the unanswered tickets", len(missing))
	}

	// The SLA line lies between the fifth column (8 to 24 h) and the
	// sixth: halfway between their centres.
	refs := c.find("line", "ref")
	if len(refs) != 1 {
		t.Fatalf("%d reference lines, want 1", len(refs))
	}
	bars := c.find("rect", "mark", "bar")
	centre := func(i int) float64 { return bars[i].num(t, "x") + bars[i].num(t, "width")/2 }
	if diff := cmp.Diff((centre(4)+centre(5))/2, refs[0].num(t, "x1"), approx); diff != "" {
		t.Errorf("SLA line x mismatch (-want +got):\n%s", diff)
	}
	if len(c.texts("SLA 24 h")) != 1 {
		t.Errorf("the SLA line has no label SLA 24 h")
	}
}

func durationTestBuckets(counts ...int64) []DurationBucket {
	buckets := make([]DurationBucket, len(counts))
	for i, n := range counts {
		buckets[i].Count = n
		if i < len(durationBounds) {
			buckets[i].UpToMinutes = ptr(durationBounds[i].Minutes())
		}
	}
	return buckets
}

// TestNPSBandPaths checks the band of the monthly NPS: one band for the
// run of two scored months, a whisker for the month alone after the gap,
// and a line broken at the month without answers.
func TestNPSBandPaths(t *testing.T) {
	months := []MonthlyNPS{
		{Month: "2025-01", Responses: 10, Score: ptr(10.0), Lower: 0, Upper: 20},
		{Month: "2025-02", Responses: 10, Score: ptr(20.0), Lower: 10, Upper: 30},
		{Month: "2025-03", Responses: 0},
		{Month: "2025-04", Responses: 10, Score: ptr(30.0), Lower: 20, Upper: 40},
	}
	r := testReport([]Figure{{"nps.responses", 30}}, Table{"nps_by_month", months})
	_, charts := renderCharts(t, r)
	c := chartByID(t, charts, "chart-survey-2")

	// Hand calculation: the plot spans x 52 to 388 in four bands of 84
	// units, so the month centres are 94, 178, 262 and 346; the points
	// axis runs from 0 to 40 over y 214 (bottom) to 14, so y = 214 − 5v.
	bands := c.find("path", "mark", "band")
	if len(bands) != 1 {
		t.Fatalf("%d band paths, want 1", len(bands))
	}
	if got, want := bands[0].attr("d"), "M94,114L178,64L178,164L94,214Z"; got != want {
		t.Errorf("band path = %s, want %s", got, want)
	}
	if got, want := c.find("path", "mark", "curve")[0].attr("d"), "M94,164L178,114M346,64"; got != want {
		t.Errorf("line path = %s, want %s", got, want)
	}
	whiskers := c.find("line", "mark", "band-whisker")
	if len(whiskers) != 1 {
		t.Fatalf("%d interval whiskers, want 1 for April", len(whiskers))
	}
	got := []float64{whiskers[0].num(t, "x1"), whiskers[0].num(t, "y1"), whiskers[0].num(t, "y2")}
	if diff := cmp.Diff([]float64{346, 14, 114}, got, approx); diff != "" {
		t.Errorf("April whisker mismatch (-want +got):\n%s", diff)
	}
	if len(c.find("circle", "mark", "estimate")) != 3 {
		t.Errorf("want a dot for each of the 3 scored months")
	}
	if len(c.texts("none")) != 1 {
		t.Errorf("the month without answers is not labelled none")
	}
}

// TestCohortImmatureCells checks that a month not yet observable is a
// hatched cell without a number, unlike a real 0%, and that a month in
// progress is marked.
func TestCohortImmatureCells(t *testing.T) {
	table := retention.CohortTable{Cohorts: []retention.Cohort{
		{Month: retention.Month{Year: 2025, Month: time.November}, Size: 10, Cells: []retention.CohortCell{
			{Age: 0, Active: 10, Share: 1, State: retention.Complete},
			{Age: 1, Active: 5, Share: 0.5, State: retention.InProgress},
		}},
		{Month: retention.Month{Year: 2025, Month: time.December}, Size: 4, Cells: []retention.CohortCell{
			{Age: 0, Active: 0, Share: 0, State: retention.Complete},
			{Age: 1, State: retention.NotObservable},
		}},
	}}
	r := testReport([]Figure{{"retention.customers_end", 14}}, Table{"cohort_table", table})
	_, charts := renderCharts(t, r)
	c := chartByID(t, charts, "chart-retention-3")

	cells := c.find("rect", "mark", "cell")
	if len(cells) != 4 {
		t.Fatalf("%d cells, want 4", len(cells))
	}
	immature := cells[3]
	if !immature.hasClass("immature") || immature.attr("fill") != "" {
		t.Errorf("not observable cell: class %q fill %q, want class immature and the hatch of the style sheet",
			immature.attr("class"), immature.attr("fill"))
	}
	zero := cells[2]
	if zero.hasClass("immature") || zero.attr("fill") == "" {
		t.Errorf("0%% cell: class %q fill %q, want a colour fill", zero.attr("class"), zero.attr("fill"))
	}
	// Cell texts: 100, 50* (in progress), 0, and none for the immature cell.
	var labels []string
	for _, tx := range c.find("text", "cell-label") {
		labels = append(labels, tx.Text)
	}
	if diff := cmp.Diff([]string{"100", "50*", "0"}, labels); diff != "" {
		t.Errorf("cell labels mismatch (-want +got):\n%s", diff)
	}
	if !strings.Contains(immature.find("title")[0].Text, "not yet observable") {
		t.Errorf("immature cell's tooltip = %q, want it to say not yet observable", immature.find("title")[0].Text)
	}
}

// TestSurvivalCurve checks the Kaplan-Meier step line, its band, the
// censoring tick and the median line.
func TestSurvivalCurve(t *testing.T) {
	curve := retention.Curve{Subjects: 5, Events: 3, Censored: 2, Points: []retention.SurvivalPoint{
		{Time: 100, AtRisk: 5, Events: 1, Survival: 0.8, Lower: 0.6, Upper: 0.9, HasInterval: true},
		{Time: 200, AtRisk: 4, Censored: 1, Survival: 0.8, Lower: 0.6, Upper: 0.9, HasInterval: true},
		{Time: 300, AtRisk: 3, Events: 2, Censored: 1, Survival: 0.4, Lower: 0.2, Upper: 0.6, HasInterval: true},
	}}
	r := testReport([]Figure{{"survival.median_days", 300.0}}, Table{"survival_curve", curve})
	_, charts := renderCharts(t, r)
	c := chartByID(t, charts, "chart-retention-2")

	// Hand calculation: x = 52 + t × 334/300 over days 0 to 300, so
	// days 100, 200 and 300 are at 163.33, 274.67 and 386; y = 222 − 210 S
	// over survival 0 to 1, so S = 1, 0.9, 0.8, 0.6, 0.4 and 0.2 are at
	// 12, 33, 54, 96, 138 and 180.
	if got, want := c.find("path", "mark", "curve")[0].attr("d"), "M52,12L163.33,12L163.33,54L274.67,54L274.67,54L386,54L386,138"; got != want {
		t.Errorf("curve = %s, want %s", got, want)
	}
	band := c.find("path", "mark", "band")
	if len(band) != 1 {
		t.Fatalf("%d bands, want 1", len(band))
	}
	wantBand := "M163.33,33L274.67,33L274.67,33L386,33L386,96L386,96L386,180L386,180L386,96L274.67,96L274.67,96L163.33,96Z"
	if got := band[0].attr("d"); got != wantBand {
		t.Errorf("band = %s, want %s", got, wantBand)
	}
	ticks := c.find("line", "mark", "censor")
	if len(ticks) != 2 {
		t.Fatalf("%d censoring ticks, want 2 (days 200 and 300)", len(ticks))
	}
	if diff := cmp.Diff([]float64{274.67, 49, 59}, []float64{ticks[0].num(t, "x1"), ticks[0].num(t, "y1"), ticks[0].num(t, "y2")}, approx); diff != "" {
		t.Errorf("day 200 tick mismatch (-want +got):\n%s", diff)
	}
	if len(c.texts("median 300 days")) != 1 {
		t.Errorf("no median label for survival.median_days = 300")
	}
}

// TestMRRStackedBars checks the stacked MRR movements: gains above the
// zero line, losses below it, and the net new MRR dot.
func TestMRRStackedBars(t *testing.T) {
	months := []retention.Movements{{
		From: retention.Month{Year: 2025, Month: time.December}, To: retention.Month{Year: 2025, Month: time.December},
		Start: decimal.NewFromInt(1000), New: decimal.NewFromInt(100), Expansion: decimal.NewFromInt(50),
		Churn: decimal.NewFromInt(30), End: decimal.NewFromInt(1120),
	}}
	netNew := []MonthlyNetNewMRR{{Month: months[0].From, NetNew: decimal.NewFromInt(120)}}
	r := testReport([]Figure{{"mrr.end", decimal.NewFromInt(1120)}},
		Table{"mrr_by_month", months}, Table{"mrr_net_new_by_month", netNew})
	_, charts := renderCharts(t, r)
	c := chartByID(t, charts, "chart-retention-1")

	// Hand calculation: the axis runs from −50 to 150 (ticks of 50) over
	// y 198 to 18, at 0.9 units per unit of money, so zero is at y 153.
	// New (100) spans 153 to 63 and expansion (50) 63 to 18. Reactivation
	// and contraction (0) are flat on top of the gains. Churn (30) spans
	// 153 to 180, and the net new dot (120) sits at y 45.
	var got []float64
	for _, b := range c.find("rect", "mark") {
		got = append(got, b.num(t, "y"), b.num(t, "height"))
	}
	want := []float64{63, 90, 18, 45, 18, 0, 18, 0, 153, 27}
	if diff := cmp.Diff(want, got, approx); diff != "" {
		t.Errorf("stacked bars (y, height) mismatch (-want +got):\n%s", diff)
	}
	dots := c.find("circle", "mark", "net-dot")
	if len(dots) != 1 || dots[0].num(t, "cy") != 45 {
		t.Errorf("net new dots = %d, want one at y 45", len(dots))
	}
	if got := len(c.find("g", "legend")[0].find("text")); got != 6 {
		t.Errorf("legend has %d entries, want 6 (five movements and net new)", got)
	}
}

// TestSmallPageGolden compares the page of a small report with the golden
// file. After a deliberate change, go test -run TestSmallPageGolden
// -update rewrites the file, and its diff shows the change for review.
func TestSmallPageGolden(t *testing.T) {
	r := testReport([]Figure{{"nps.responses", int64(30)}, {"nps.score", 20.0}, {"nps.margin_of_error_95", 10.0},
		{"revenue.total", decimal.RequireFromString("1234567.891")}},
		Table{"nps_by_month", []MonthlyNPS{
			{Month: "2025-11", Responses: 10, Score: ptr(10.0), Lower: 0, Upper: 20},
			{Month: "2025-12", Responses: 20, Score: ptr(25.0), Lower: 10, Upper: 40},
		}})
	r.Absent = []Absence{{Name: "revenue.cac", Reason: "no new customers in the period"}}
	r.Skipped = []Skip{{Section: "support", Reason: "no tickets.csv"}}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "small_dashboard.html")
	if *updateGolden {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("page mismatch (-want +got), rerun with -update if the change is deliberate:\n%s", diff)
	}
}

var figurePattern = regexp.MustCompile(`<data class="figure" id="fig-([^"]+)" value="([^"]*)">`)

// TestPageMatchesJSON checks on the sample that the page shows every
// figure with the exact value of the JSON, and every absent figure with
// its reason.
func TestPageMatchesJSON(t *testing.T) {
	r, err := Build("generated sample company", Sample(), sections)
	if err != nil {
		t.Fatal(err)
	}
	data, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Figures map[string]json.RawMessage
		Absent  map[string]string
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	page, _ := renderCharts(t, r)

	got := map[string]string{}
	for _, m := range figurePattern.FindAllStringSubmatch(page, -1) {
		got[m[1]] = m[2]
	}
	want := map[string]string{}
	for name, raw := range doc.Figures {
		want[name] = strings.Trim(string(raw), `"`)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("figures of the page and of the JSON differ (-json +page):\n%s", diff)
	}
	for name, reason := range doc.Absent {
		if !strings.Contains(page, "absent: "+reason) || !strings.Contains(page, ">"+name+"<") {
			t.Errorf("absent figure %s (%s) is not on the page", name, reason)
		}
	}
}

// TestSampleDrawsEveryChart checks that the sample, which has every data
// file, draws every chart of every panel, and that every table of the
// report belongs to a panel.
func TestSampleDrawsEveryChart(t *testing.T) {
	r, err := Build("generated sample company", Sample(), sections)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := decodeReport(r)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPage(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Skipped) > 0 {
		t.Errorf("sample skips %d sections", len(p.Skipped))
	}
	for _, pn := range p.Panels {
		for _, c := range pn.Charts {
			switch {
			case c.Chart == nil:
				t.Errorf("%s: chart %q not drawn: %s", pn.Name, c.Title, c.Missing)
			case c.Chart.Title == "" || c.Chart.Desc == "":
				t.Errorf("%s: chart %q lacks a title or a text alternative", pn.Name, c.Title)
			case len(c.Chart.Data.Rows) == 0:
				t.Errorf("%s: chart %q has no data table", pn.Name, c.Title)
			}
		}
		if pn.Name == "other" {
			t.Errorf("figures without a panel: %v", pn.Tiles)
		}
	}
	drawn := map[string]bool{}
	for _, spec := range panelSpecs {
		for _, key := range spec.Tables {
			drawn[key] = true
		}
	}
	for key := range doc.Tables {
		// The net new MRR is drawn with the MRR movements.
		if !drawn[key] && key != "mrr_net_new_by_month" {
			t.Errorf("table %s is in the JSON but no panel draws it", key)
		}
	}
}

// TestPageIsSelfContained checks that the sample's page has no script and
// refers to nothing outside itself.
func TestPageIsSelfContained(t *testing.T) {
	r, err := Build("generated sample company", Sample(), sections)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := renderCharts(t, r)
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if ids[m[1]] {
			t.Errorf("id %q appears twice", m[1])
		}
		ids[m[1]] = true
	}
	for _, bad := range []string{"<script", "http:", "https:", "src=", "@import", "<link", "<img", "<iframe"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, m := range regexp.MustCompile(`(href|url)\(?=?"?([^")\s]*)`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[2], "#") {
			t.Errorf("page refers to %q outside itself", m[0])
		}
	}
}

// TestSkippedSectionsListed checks that a skipped section is listed with
// its reason and the charts it would have had.
func TestSkippedSectionsListed(t *testing.T) {
	r := testReport(nil)
	r.Skipped = []Skip{{Section: "support", Reason: "no tickets.csv"}}
	page, charts := renderCharts(t, r)
	if len(charts) != 0 {
		t.Errorf("%d charts drawn for a report without data", len(charts))
	}
	want := `<li id="support"><strong>Support</strong>: skipped, no tickets.csv. Charts not drawn: Ticket first response time; Ticket resolution time.</li>`
	if !strings.Contains(page, want) {
		t.Errorf("page lacks the skipped section line %s", want)
	}
}

// TestRunWritesHTML runs the command with -html.
func TestRunWritesHTML(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dashboard.html")
	var out bytes.Buffer
	if err := run([]string{"-html", path}, &out); err != nil {
		t.Fatalf("run -html: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", "generated sample company", "2025-12-31", `<svg class="chart"`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
}
