package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
)

// config is the input and the settings of one run.
type config struct {
	// dataDir is the directory of the CSV files (local, or with a scheme
	// such as gs:// that Beam's filesystems handle); empty for a synthetic
	// input.
	dataDir string
	// synthetic is the number of customers to generate when dataDir is
	// empty.
	synthetic int
	// segment is the customer attribute to segment by, or "" for the
	// overall figures only.
	segment string
	asOf    time.Time
	period  period
	// output is the file the result lines are written to.
	output string
}

// period is the reporting period [Start, End) at 00:00 UTC: the twelve
// months that end with the day as_of.
type period struct {
	Start, End time.Time
}

// periodEndingOn returns the twelve months ending with asOf: End is the day
// after asOf and Start is End minus 12 months, with the day clamped to the
// end of its month (29 February minus 12 months is 28 February).
func periodEndingOn(asOf time.Time) period {
	end := asOf.AddDate(0, 0, 1)
	first := time.Date(end.Year()-1, end.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return period{Start: first.AddDate(0, 0, min(end.Day(), last)-1), End: end}
}

// inputs are the pipeline's typed input rows.
type inputs struct {
	customers     beam.PCollection // of Customer
	responses     beam.PCollection // of Response
	orders        beam.PCollection // of Order
	subscriptions beam.PCollection // of SubscriptionMonth
}

// readInputs returns the rows of the CSV files of cfg.dataDir. A file that
// is absent gives an empty PCollection.
func readInputs(s beam.Scope, cfg config) inputs {
	s = s.Scope("read")
	customerFiles := readFiles(s, cfg.dataDir, "customers")
	responseFiles := readFiles(s, cfg.dataDir, "responses")
	orderFiles := readFiles(s, cfg.dataDir, "orders")
	subscriptionFiles := readFiles(s, cfg.dataDir, "subscriptions")
	return inputs{
		customers:     beam.ParDo(s, &readCustomersFn{AsOf: cfg.asOf, Segment: cfg.segment}, customerFiles),
		responses:     beam.ParDo(s, &readResponsesFn{AsOf: cfg.asOf, Segment: cfg.segment}, responseFiles),
		orders:        beam.ParDo(s, &readOrdersFn{AsOf: cfg.asOf}, orderFiles),
		subscriptions: beam.ParDo(s, &readSubscriptionsFn{AsOf: cfg.asOf}, subscriptionFiles),
	}
}

// buildPipeline returns the pipeline that computes every metric of cfg and
// writes the result lines to cfg.output.
func buildPipeline(cfg config) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	var in inputs
	if cfg.dataDir != "" {
		in = readInputs(s, cfg)
	} else {
		in = syntheticInputs(s, cfg)
	}
	segments := beam.ParDo(s, customerSegment, in.customers)

	lines := beam.Flatten(s,
		surveyResults(s, cfg, in.responses, segments),
		clvResults(s, cfg, in.orders),
		retentionResults(s, cfg, in.customers, in.subscriptions),
	)
	textio.Write(s, cfg.output, lines)
	return p
}

// customerSegment keys a customer's segment by its id.
func customerSegment(c Customer) (string, string) {
	return c.ID, c.Segment
}

// readAsOf reads the date of dir/as_of.txt.
func readAsOf(ctx context.Context, dir string) (time.Time, error) {
	name := joinPath(dir, "as_of.txt")
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return time.Time{}, err
	}
	defer fs.Close()
	raw, err := filesystem.Read(ctx, fs, name)
	if err != nil {
		return time.Time{}, fmt.Errorf("reading as_of.txt (or pass -as_of YYYY-MM-DD): %w", err)
	}
	value := strings.TrimSpace(string(raw))
	asOf, err := time.Parse(dateLayout, value)
	if err != nil {
		return time.Time{}, fmt.Errorf("as_of.txt line 1, value %q: want a date YYYY-MM-DD", value)
	}
	return asOf, nil
}

// checkSynthetic validates the settings of a synthetic input.
func checkSynthetic(cfg config) error {
	if cfg.synthetic <= 0 {
		return errors.New("-synthetic: want a positive number of customers")
	}
	if cfg.segment != "" && !slices.Contains(syntheticAttributes, cfg.segment) {
		return fmt.Errorf("-segment %q: the synthetic input has the attributes %s", cfg.segment, strings.Join(syntheticAttributes, ", "))
	}
	return nil
}
