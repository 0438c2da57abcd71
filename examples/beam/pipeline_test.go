package main

import (
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

// singlePass holds the accumulators of one pass over the rows, in plain
// Go, by metric and segment.
type singlePass struct {
	nps  map[string]*nps.Tally
	csat map[string]*csat.Tally
	ces  map[string]*ces.Tally
	// customers are the BTYD summaries of all orders.
	customers []clv.Customer
}

// computeSinglePass adds every row to the library's accumulators in one
// loop, the way a program without Beam would.
func computeSinglePass(t *testing.T, cfg config, customers []Customer, responses []Response, orders []Order) singlePass {
	t.Helper()
	segmentOf := map[string]string{}
	for _, c := range customers {
		segmentOf[c.ID] = c.Segment
	}
	out := singlePass{nps: map[string]*nps.Tally{}, csat: map[string]*csat.Tally{}, ces: map[string]*ces.Tally{}}
	for _, r := range responses {
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
	for _, o := range orders {
		if err := purchases.Add(o.CustomerID, o.OrderedOn, o.Amount, time.UTC); err != nil {
			t.Fatalf("%s: %v", o.where(), err)
		}
	}
	if len(orders) > 0 {
		summaries, err := purchases.Summarize(cfg.asOf, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		out.customers = summaries
	}
	return out
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
	lines, err := decodeLines(text)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// syntheticRows returns every row of a synthetic input, generated without
// Beam.
func syntheticRows(cfg config) ([]Customer, []Response, []Order) {
	var customers []Customer
	var responses []Response
	var orders []Order
	for shard := range syntheticShards(cfg.synthetic) {
		rows := generateShard(shard, cfg.synthetic, cfg.segment)
		customers = append(customers, rows.Customers...)
		responses = append(responses, rows.Responses...)
		orders = append(orders, rows.Orders...)
	}
	return customers, responses, orders
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
	customers, responses, orders := syntheticRows(cfg)
	want := computeSinglePass(t, cfg, customers, responses, orders).lines(t)

	got, m := runPipeline(t, cfg)

	if diff := cmp.Diff(want, got, rawJSON); diff != "" {
		t.Errorf("pipeline output mismatch (-single pass +pipeline):\n%s", diff)
	}
	for _, name := range []string{"nps.merges", "csat.merges", "ces.merges", "clv.purchases.merges"} {
		if n := counter(m, name); n == 0 {
			t.Errorf("counter %s = 0, want MergeAccumulators to run", name)
		} else {
			t.Logf("counter %s = %d", name, n)
		}
	}
}

// rawJSON compares JSON texts as strings, so that 0.1 and 0.10 differ.
var rawJSON = cmp.Comparer(func(a, b []byte) bool { return string(a) == string(b) })

// TestOverallOnly checks that without a segment attribute the pipeline
// writes only the overall figures.
func TestOverallOnly(t *testing.T) {
	cfg := syntheticConfig(1500, "")
	customers, responses, orders := syntheticRows(cfg)
	want := computeSinglePass(t, cfg, customers, responses, orders).lines(t)

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
