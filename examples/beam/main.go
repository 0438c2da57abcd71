// Command beam computes CRM metrics with Apache Beam: the crmmetrics
// accumulators run as CombineFns, so the same figures come out whether one
// process or a cluster of workers reads the data.
//
// Usage:
//
//	go run . [-data DIR | -synthetic N] [-segment ATTRIBUTE] [-as_of YYYY-MM-DD] [-output FILE] [--runner RUNNER ...]
//
// With -data it reads the CSV files of DIR (customers.csv, responses.csv,
// orders.csv, subscriptions.csv and their shards name-*.csv); with
// -synthetic it generates N customers with survey answers, orders and
// monthly MRR. It writes one JSON line per metric and segment to -output
// and, when that file is local, prints the figures. The runner
// is prism, in this process, unless --runner names another.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/metrics"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
)

var (
	dataDir   = flag.String("data", "", "read the CSV files of `DIR` (local or gs://)")
	synthetic = flag.Int("synthetic", 0, "generate `N` customers with survey answers, orders and monthly MRR instead of reading -data")
	segment   = flag.String("segment", "", "also compute every figure per value of the customer `ATTRIBUTE` (a column of customers.csv)")
	asOfFlag  = flag.String("as_of", "", "last day the data covers, `YYYY-MM-DD` (default: DIR/as_of.txt; 2025-12-31 for -synthetic)")
	output    = flag.String("output", "", "write the result lines to `FILE` (default: a temporary file, printed and removed)")
)

func main() {
	flag.Parse()
	beam.Init()
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "beam:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout io.Writer) error {
	cfg, cleanup, err := configFromFlags(ctx)
	if err != nil {
		return err
	}
	defer cleanup()

	result, err := beamx.RunWithMetrics(ctx, buildPipeline(cfg))
	if err != nil {
		return err
	}
	if strings.Contains(cfg.output, "://") {
		_, err := fmt.Fprintf(stdout, "results written to %s\n", cfg.output)
		return err
	}
	return printOutput(stdout, cfg.output, result.Metrics())
}

// configFromFlags checks the flags and returns the run's config and a
// function that removes the temporary output, if any.
func configFromFlags(ctx context.Context) (config, func(), error) {
	cfg := config{dataDir: *dataDir, synthetic: *synthetic, segment: *segment, output: *output}
	cleanup := func() {}
	if (cfg.dataDir == "") == (cfg.synthetic == 0) {
		return cfg, cleanup, errors.New("pass either -data DIR or -synthetic N")
	}
	if cfg.dataDir == "" {
		if err := checkSynthetic(cfg); err != nil {
			return cfg, cleanup, err
		}
	}

	asOf, err := asOfFromFlags(ctx, cfg)
	if err != nil {
		return cfg, cleanup, err
	}
	cfg.asOf, cfg.period = asOf, periodEndingOn(asOf)

	if cfg.output == "" {
		if r := runnerName(); r != "prism" && r != "direct" {
			return cfg, cleanup, fmt.Errorf("-output: required with --runner=%s, as a path every worker can write (such as gs://BUCKET/results.jsonl)", r)
		}
		dir, err := os.MkdirTemp("", "crmmetrics-beam")
		if err != nil {
			return cfg, cleanup, err
		}
		cfg.output = filepath.Join(dir, "results.jsonl")
		cleanup = func() { os.RemoveAll(dir) }
	}
	return cfg, cleanup, nil
}

// runnerName returns the value of Beam's --runner flag, prism if unset.
func runnerName() string {
	if f := flag.Lookup("runner"); f != nil && f.Value.String() != "" {
		return strings.ToLower(f.Value.String())
	}
	return "prism"
}

func asOfFromFlags(ctx context.Context, cfg config) (time.Time, error) {
	switch {
	case *asOfFlag != "":
		asOf, err := time.Parse(dateLayout, *asOfFlag)
		if err != nil {
			return time.Time{}, fmt.Errorf("-as_of %q: want a date YYYY-MM-DD", *asOfFlag)
		}
		return asOf, nil
	case cfg.dataDir != "":
		return readAsOf(ctx, cfg.dataDir)
	default:
		return syntheticAsOf, nil
	}
}

// printOutput prints the figures of the result file and the number of
// accumulator merges each CombineFn ran.
func printOutput(w io.Writer, path string, m metrics.Results) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines, err := decodeLines(strings.Split(string(raw), "\n"))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := printLines(w, lines); err != nil {
		return err
	}
	for _, c := range m.AllMetrics().Counters() {
		if _, err := fmt.Fprintf(w, "counter %s: %d\n", c.Name(), c.Result()); err != nil {
			return err
		}
	}
	return nil
}
