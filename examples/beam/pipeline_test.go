package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/metrics"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/google/go-cmp/cmp"

	"github.com/crmmetrics/crmmetrics/ces"
	"github.com/crmmetrics/crmmetrics/csat"
	"github.com/crmmetrics/crmmetrics/nps"
	"github.com/crmmetrics/crmmetrics/retention"
	"github.com/crmmetrics/crmmetrics/revenue/clv"
)

// TestMain runs the pipelines of the tests on prism, in this process.
func TestMain(m *testing.M) {
	ptest.MainWithDefault(m, "prism")
}

// runPipeline runs the pipeline of cfg, writing to a temporary file, and
// returns its decoded output lines and its metrics.
func runPipeline(t *testing.T, cfg config) ([]decodedLine, metrics.Results) {
	t.Helper()
	cfg.output = filepath.Join(t.TempDir(), "results.jsonl")
	result, err := ptest.RunWithMetrics(buildPipeline(cfg))
	if err != nil {
		t.Fatalf("pipeline failed: %v", err)
	}
	raw, err := os.ReadFile(cfg.output)
	if err != nil {
		t.Fatalf("reading the output: %v", err)
	}
	lines, err := decodeLines(strings.Split(string(raw), "\n"))
	if err != nil {
		t.Fatal(err)
	}
	return lines, result.Metrics()
}

// counter returns the value of the named counter of the crmmetrics
// namespace, summed over steps.
func counter(m metrics.Results, name string) int64 {
	var total int64
	for _, c := range m.AllMetrics().Counters() {
		if c.Namespace() == "crmmetrics" && c.Name() == name {
			total += c.Result()
		}
	}
	return total
}

// singlePass holds the inputs of the library's accumulators, by metric
// and segment, gathered in plain Go.
type singlePass struct {
	nps  map[string]*nps.Tally
	csat map[string]*csat.Tally
	ces  map[string]*ces.Tally
	// customers are the BTYD summaries of all orders.
	customers []clv.Customer
	// spans, subjects and months are the inputs of the retention figures
	// of each segment: one subscription and one survival subject per
	// customer, and the monthly MRR rows.
	spans    map[string][]retention.Subscription
	subjects map[string][]retention.Subject
	months   map[string][]retention.CustomerMonth
	period   retention.Period
	// first and last are the months of the MRR bridge.
	first, last retention.Month
}

// computeSinglePass adds every row to the library's accumulators in one
// loop, the way a program without Beam would, and collects the inputs of
// the retention figures, which the library computes from whole slices as
// the report does.
func computeSinglePass(t *testing.T, cfg config, rows syntheticShard) singlePass {
	t.Helper()
	segmentOf := map[string]string{}
	for _, c := range rows.Customers {
		segmentOf[c.ID] = c.Segment
	}
	out := singlePass{nps: map[string]*nps.Tally{}, csat: map[string]*csat.Tally{}, ces: map[string]*ces.Tally{}}
	for _, r := range rows.Responses {
		if r.AnsweredOn.Before(cfg.period.Start) || !r.AnsweredOn.Before(cfg.period.End) {
			continue
		}
		for _, key := range responseKeys(cfg, r, segmentOf) {
			var err error
			switch r.Survey {
			case surveyNPS:
				err = addAnswer(entry(out.nps, key), r)
			case surveyCSAT:
				err = addAnswer(entry(out.csat, key), r)
			case surveyCES:
				err = addAnswer(entry(out.ces, key), r)
			}
			if err != nil {
				t.Fatalf("%s: %v", r.where(), err)
			}
		}
	}

	var purchases clv.Purchases
	for _, o := range rows.Orders {
		if err := purchases.Add(o.CustomerID, o.OrderedOn, o.Amount, time.UTC); err != nil {
			t.Fatalf("%s: %v", o.where(), err)
		}
	}
	if len(rows.Orders) > 0 {
		summaries, err := purchases.Summarize(cfg.asOf, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		out.customers = summaries
	}
	out.collectRetention(cfg, rows, segmentOf)
	return out
}

// collectRetention gathers the retention inputs of every segment: each
// customer in segmentAll and its segment, each MRR row in segmentAll and
// its customer's segment (segmentNone for a customer not in customers.csv).
func (sp *singlePass) collectRetention(cfg config, rows syntheticShard, segmentOf map[string]string) {
	sp.spans, sp.subjects, sp.months = map[string][]retention.Subscription{}, map[string][]retention.Subject{}, map[string][]retention.CustomerMonth{}
	sp.period = retention.Period{Start: cfg.period.Start, End: cfg.period.End}
	sp.last = retention.Month{Year: cfg.asOf.Year(), Month: cfg.asOf.Month()}
	sp.first = sp.last.AddMonths(-11)
	keys := func(segment string) []string {
		if cfg.segment == "" {
			return []string{segmentAll}
		}
		return []string{segmentAll, segment}
	}
	for _, c := range rows.Customers {
		for _, key := range keys(c.Segment) {
			sp.spans[key] = append(sp.spans[key], retention.Subscription{ID: c.ID, Customer: c.ID, Start: c.SignedUpOn, End: c.ChurnedOn})
			sp.subjects[key] = append(sp.subjects[key], tenureSubject(c, cfg.asOf))
		}
	}
	for _, m := range rows.Subscriptions {
		segment, ok := segmentOf[m.CustomerID]
		if !ok {
			segment = segmentNone
		}
		row := retention.CustomerMonth{Customer: m.CustomerID, Month: retention.Month{Year: m.Month.Year(), Month: m.Month.Month()}, MRR: m.MRR}
		for _, key := range keys(segment) {
			sp.months[key] = append(sp.months[key], row)
		}
	}
}

// responseKeys returns the segments a response counts in: overall and,
// when segmenting, its own or its customer's segment.
func responseKeys(cfg config, r Response, segmentOf map[string]string) []string {
	if cfg.segment == "" {
		return []string{segmentAll}
	}
	segment, ok := segmentOf[r.CustomerID]
	if r.OwnSegment {
		segment, ok = r.Segment, true
	}
	if !ok {
		segment = segmentNone
	}
	return []string{segmentAll, segment}
}

// entry returns the accumulator of key, adding a zero one if needed.
func entry[A any](m map[string]*A, key string) *A {
	if m[key] == nil {
		m[key] = new(A)
	}
	return m[key]
}

// tally is the part of the survey tallies that a single pass uses.
type tally interface {
	Add(score int) error
	AddUnanswered()
}

func addAnswer(t tally, r Response) error {
	if !r.Answered {
		t.AddUnanswered()
		return nil
	}
	return t.Add(int(r.Score))
}

// lines returns the output lines the pipeline must write for these
// accumulators, decoded like the pipeline's own.
func (sp singlePass) lines(t *testing.T) []decodedLine {
	t.Helper()
	var text []string
	add := func(line string, err error) {
		if err != nil {
			t.Fatal(err)
		}
		text = append(text, line)
	}
	for segment, tally := range sp.nps {
		add(formatNPS(segment, *tally))
	}
	for segment, tally := range sp.csat {
		add(formatCSAT(segment, *tally))
	}
	for segment, tally := range sp.ces {
		add(formatCES(segment, *tally))
	}
	for _, c := range sp.customers {
		add(formatCustomer(c.ID, c))
	}
	if len(sp.customers) > 0 {
		add(formatFits(slices.Clone(sp.customers)))
	}
	for segment, spans := range sp.spans {
		counts, err := retention.CountCustomers(spans, sp.period)
		if err != nil {
			t.Fatalf("segment %q: %v", segment, err)
		}
		add(formatRetention(segment, counts))
	}
	for segment, subjects := range sp.subjects {
		var table retention.SurvivalTable
		for _, subject := range subjects {
			if err := table.Add(subject); err != nil {
				t.Fatalf("segment %q: %v", segment, err)
			}
		}
		add(formatSurvival(segment, table))
	}
	for segment, months := range sp.months {
		bridge, err := retention.BuildBridge(months, sp.first, sp.last)
		if err != nil {
			t.Fatalf("segment %q: %v", segment, err)
		}
		add(formatMRR(segment, bridge))
	}
	lines, err := decodeLines(text)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// syntheticRows returns every row of a synthetic input, generated without
// Beam.
func syntheticRows(cfg config) syntheticShard {
	var all syntheticShard
	for shard := range syntheticShards(cfg.synthetic) {
		rows := generateShard(shard, cfg.synthetic, cfg.segment)
		all.Customers = append(all.Customers, rows.Customers...)
		all.Responses = append(all.Responses, rows.Responses...)
		all.Orders = append(all.Orders, rows.Orders...)
		all.Subscriptions = append(all.Subscriptions, rows.Subscriptions...)
	}
	return all
}

func syntheticConfig(customers int, segment string) config {
	return config{synthetic: customers, segment: segment, asOf: syntheticAsOf, period: periodEndingOn(syntheticAsOf)}
}

// TestSyntheticEqualsSinglePass checks that the pipeline's accumulators and
// figures equal those of one pass over the same rows, byte for byte in
// their JSON. Segmenting by account manager gives about 3,000 keys per
// CombineFn, more than the 2,000 keys that the Go SDK's combiner lifting
// caches per bundle (exec.LiftedCombine in Beam v2.78.0), so partial
// accumulators of one key are emitted several times and merged.
func TestSyntheticEqualsSinglePass(t *testing.T) {
	cfg := syntheticConfig(20000, "account_manager")
	single := computeSinglePass(t, cfg, syntheticRows(cfg))
	want := single.lines(t)

	got, m := runPipeline(t, cfg)

	if diff := cmp.Diff(want, got, rawJSON); diff != "" {
		t.Errorf("pipeline output mismatch (-single pass +pipeline):\n%s", diff)
	}
	checkCurves(t, got, single.subjects)
	for _, name := range []string{"nps.merges", "csat.merges", "ces.merges", "clv.purchases.merges",
		"retention.merges", "survival.merges", "mrr.merges"} {
		if n := counter(m, name); n == 0 {
			t.Errorf("counter %s = 0, want MergeAccumulators to run", name)
		} else {
			t.Logf("counter %s = %d", name, n)
		}
	}
}

// checkCurves checks that the Kaplan-Meier curve of each segment's merged
// survival table equals, exactly, the curve of retention.KaplanMeier over
// the segment's customers in one call, as the report computes it.
func checkCurves(t *testing.T, lines []decodedLine, subjects map[string][]retention.Subject) {
	t.Helper()
	checked := 0
	for _, l := range lines {
		if l.Metric != "survival" {
			continue
		}
		var table retention.SurvivalTable
		if err := json.Unmarshal(l.Accumulator, &table); err != nil {
			t.Fatalf("survival table of segment %q: %v", l.Segment, err)
		}
		got, err := table.Curve(retention.SurvivalOptions{})
		if err != nil {
			t.Fatalf("curve of the pipeline's table of segment %q: %v", l.Segment, err)
		}
		want, err := retention.KaplanMeier(subjects[l.Segment], retention.SurvivalOptions{})
		if err != nil {
			t.Fatalf("curve of one pass over segment %q: %v", l.Segment, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("survival curve of segment %q mismatch (-one pass +pipeline):\n%s", l.Segment, diff)
		}
		checked++
	}
	if checked != len(subjects) {
		t.Errorf("checked the curves of %d segments, want %d", checked, len(subjects))
	}
}

// rawJSON compares JSON texts as strings, so that 0.1 and 0.10 differ.
var rawJSON = cmp.Comparer(func(a, b []byte) bool { return string(a) == string(b) })

// TestOverallOnly checks that without a segment attribute the pipeline
// writes only the overall figures.
func TestOverallOnly(t *testing.T) {
	cfg := syntheticConfig(1500, "")
	want := computeSinglePass(t, cfg, syntheticRows(cfg)).lines(t)

	got, _ := runPipeline(t, cfg)

	if diff := cmp.Diff(want, got, rawJSON); diff != "" {
		t.Errorf("pipeline output mismatch (-single pass +pipeline):\n%s", diff)
	}
	for _, l := range got {
		if l.Segment != segmentAll {
			t.Errorf("line of %s has segment %q, want only %q", l.Metric, l.Segment, segmentAll)
		}
	}
}
