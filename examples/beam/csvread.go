package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/retention"
)

const (
	dateLayout  = "2006-01-02"
	monthLayout = "2006-01"
)

var (
	errMissingColumn = errors.New("missing column")
	errEmpty         = errors.New("empty value in a required column")
	errAfterAsOf     = errors.New("dated after as_of")
)

// readFiles matches the files of dir named name.csv or name-*.csv (the
// shards a Beam write produces) and returns a PCollection of
// fileio.ReadableFile. A name without any file gives an empty PCollection.
func readFiles(s beam.Scope, dir, name string) beam.PCollection {
	s = s.Scope("match " + name)
	whole := fileio.MatchFiles(s, joinPath(dir, name+".csv"), fileio.MatchEmptyAllow())
	shards := fileio.MatchFiles(s, joinPath(dir, name+"-*.csv"), fileio.MatchEmptyAllow())
	return fileio.ReadMatches(s, beam.Flatten(s, whole, shards), fileio.ReadUncompressed())
}

// joinPath joins a directory, local or with a scheme such as gs://, and a
// file name.
func joinPath(dir, name string) string {
	return strings.TrimSuffix(dir, "/") + "/" + name
}

// csvRow is one record of a CSV file with its header, for the parse
// functions; the first failure is kept in err.
type csvRow struct {
	file    string
	line    int64
	record  []string
	columns map[string]int
	asOf    time.Time
	err     error
}

// readCSV reads the CSV file f, checks that its header has every column in
// required, and calls parse for each record. It returns the first error of
// the header, of the CSV syntax or of parse, naming the file and line.
func readCSV(ctx context.Context, f fileio.ReadableFile, required []string, asOf time.Time, parse func(*csvRow)) error {
	in, err := f.Open(ctx)
	if err != nil {
		return err
	}
	defer in.Close()
	file := path.Base(f.Metadata.Path)

	reader := csv.NewReader(in)
	header, err := reader.Read()
	if err == io.EOF {
		return fmt.Errorf("%s line 1: empty file: want a header row", file)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	columns, err := headerColumns(file, header, required)
	if err != nil {
		return err
	}

	for {
		record, err := reader.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		line, _ := reader.FieldPos(0)
		r := &csvRow{file: file, line: int64(line), record: record, columns: columns, asOf: asOf}
		parse(r)
		if r.err != nil {
			return r.err
		}
	}
}

func headerColumns(file string, header, required []string) (map[string]int, error) {
	columns := make(map[string]int, len(header))
	for i, name := range header {
		columns[strings.TrimSpace(name)] = i
	}
	for _, name := range required {
		if _, ok := columns[name]; !ok {
			return nil, fmt.Errorf("%s line 1, column %q: %w", file, name, errMissingColumn)
		}
	}
	return columns, nil
}

func (r *csvRow) fail(column, value string, err error) {
	if r.err == nil {
		r.err = fmt.Errorf("%s line %d, column %q, value %q: %w", r.file, r.line, column, value, err)
	}
}

// has reports whether the file has the column.
func (r *csvRow) has(column string) bool {
	_, ok := r.columns[column]
	return ok
}

// str returns the trimmed cell of column, or "" when the file lacks it.
func (r *csvRow) str(column string) string {
	i, ok := r.columns[column]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.record[i])
}

// required returns the cell of column and fails on an empty cell.
func (r *csvRow) required(column string) string {
	v := r.str(column)
	if v == "" {
		r.fail(column, v, errEmpty)
	}
	return v
}

// date parses a YYYY-MM-DD cell and fails on a date after as_of; an empty
// optional cell gives the zero time.
func (r *csvRow) date(column string, optional bool) time.Time {
	v := r.str(column)
	if v == "" {
		if !optional {
			r.fail(column, v, errEmpty)
		}
		return time.Time{}
	}
	t, err := time.Parse(dateLayout, v)
	if err != nil {
		r.fail(column, v, errors.New("want a date YYYY-MM-DD"))
		return time.Time{}
	}
	if t.After(r.asOf) {
		r.fail(column, v, fmt.Errorf("%w %s", errAfterAsOf, r.asOf.Format(dateLayout)))
	}
	return t
}

// month parses a YYYY-MM cell to the first day of the month and fails on
// a month that starts after as_of.
func (r *csvRow) month(column string) time.Time {
	v := r.required(column)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(monthLayout, v)
	if err != nil {
		r.fail(column, v, errors.New("want a month YYYY-MM"))
		return time.Time{}
	}
	if t.After(r.asOf) {
		r.fail(column, v, fmt.Errorf("%w %s", errAfterAsOf, r.asOf.Format(dateLayout)))
	}
	return t
}

// integer parses an integer cell; ok is false for an empty cell.
func (r *csvRow) integer(column string) (n int64, ok bool) {
	v := r.str(column)
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		r.fail(column, v, errors.New("want an integer"))
		return 0, false
	}
	return n, true
}

// money parses a plain decimal cell such as 1234.50 without going through
// float64.
func (r *csvRow) money(column string) decimal.Decimal {
	v := r.required(column)
	if v == "" {
		return decimal.Decimal{}
	}
	d, err := decimal.NewFromString(v)
	if err != nil || strings.ContainsAny(v, "eE_,") {
		r.fail(column, v, errors.New("want a plain decimal such as 1234.50"))
		return decimal.Decimal{}
	}
	return d
}

// oneOf returns the cell of column and fails unless it is one of allowed.
func (r *csvRow) oneOf(column string, allowed ...string) string {
	v := r.str(column)
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.fail(column, v, fmt.Errorf("want one of %s", strings.Join(allowed, ", ")))
	return v
}

// segment returns the cell of the segment attribute, segmentNone for an
// empty cell or when no attribute was chosen.
func (r *csvRow) segment(attribute string) string {
	if attribute == "" {
		return segmentNone
	}
	if v := r.str(attribute); v != "" {
		return v
	}
	return segmentNone
}

// readCustomersFn parses customers.csv files into Customer rows.
type readCustomersFn struct {
	// AsOf is the last day the data covers; a later date is an error.
	AsOf time.Time
	// Segment is the customer attribute (column) to segment by, or "".
	Segment string
}

func (fn *readCustomersFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(Customer)) error {
	required := []string{"customer_id", "signed_up_on", "churned_on"}
	return readCSV(ctx, f, required, fn.AsOf, func(r *csvRow) {
		c := Customer{
			File:       r.file,
			Line:       r.line,
			ID:         r.required("customer_id"),
			SignedUpOn: r.date("signed_up_on", false),
			ChurnedOn:  r.date("churned_on", true),
			Segment:    r.segment(fn.Segment),
		}
		if r.err == nil && !c.ChurnedOn.IsZero() && c.ChurnedOn.Before(c.SignedUpOn) {
			r.fail("churned_on", c.ChurnedOn.Format(dateLayout),
				fmt.Errorf("%w: before signed_up_on %s", retention.ErrEndBeforeStart, c.SignedUpOn.Format(dateLayout)))
		}
		if r.err == nil {
			emit(c)
		}
	})
}

// readResponsesFn parses responses.csv files into Response rows.
type readResponsesFn struct {
	AsOf    time.Time
	Segment string
}

func (fn *readResponsesFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(Response)) error {
	required := []string{"response_id", "customer_id", "answered_on", "survey", "score"}
	return readCSV(ctx, f, required, fn.AsOf, func(r *csvRow) {
		resp := Response{
			File:       r.file,
			Line:       r.line,
			ID:         r.str("response_id"),
			CustomerID: r.str("customer_id"),
			AnsweredOn: r.date("answered_on", false),
			Survey:     r.oneOf("survey", surveyNPS, surveyCSAT, surveyCES),
		}
		resp.Score, resp.Answered = r.integer("score")
		if fn.Segment != "" && r.has(fn.Segment) {
			resp.OwnSegment, resp.Segment = true, r.segment(fn.Segment)
		}
		if r.err == nil {
			emit(resp)
		}
	})
}

// readSubscriptionsFn parses subscriptions.csv files into SubscriptionMonth
// rows.
type readSubscriptionsFn struct {
	AsOf time.Time
}

func (fn *readSubscriptionsFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(SubscriptionMonth)) error {
	required := []string{"customer_id", "month", "mrr"}
	return readCSV(ctx, f, required, fn.AsOf, func(r *csvRow) {
		m := SubscriptionMonth{
			File:       r.file,
			Line:       r.line,
			CustomerID: r.required("customer_id"),
			Month:      r.month("month"),
			MRR:        r.money("mrr"),
		}
		if r.err == nil && m.MRR.Sign() < 0 {
			r.fail("mrr", r.str("mrr"), retention.ErrNegativeAmount)
		}
		if r.err == nil {
			emit(m)
		}
	})
}

// readOrdersFn parses orders.csv files into Order rows.
type readOrdersFn struct {
	AsOf time.Time
}

func (fn *readOrdersFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(Order)) error {
	required := []string{"order_id", "customer_id", "ordered_on", "amount"}
	return readCSV(ctx, f, required, fn.AsOf, func(r *csvRow) {
		o := Order{
			File:       r.file,
			Line:       r.line,
			ID:         r.str("order_id"),
			CustomerID: r.required("customer_id"),
			OrderedOn:  r.date("ordered_on", false),
			Amount:     r.money("amount"),
		}
		if r.err == nil {
			emit(o)
		}
	})
}
