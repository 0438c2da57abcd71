package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// LoadError is a value in a data file that could not be read. Line is
// 1-based and counts the header; Column is empty for errors about a whole
// row or file.
type LoadError struct {
	File   string
	Line   int
	Column string
	Value  string
	Err    error
}

func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	if e.Value != "" || e.Column != "" {
		fmt.Fprintf(&b, ", value %q", e.Value)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *LoadError) Unwrap() error { return e.Err }

var (
	errMissingColumn = errors.New("missing column")
	errEmpty         = errors.New("empty value in a required column")
	errAfterAsOf     = errors.New("dated after as_of")
)

const (
	dateLayout  = "2006-01-02"
	monthLayout = "2006-01"
)

// LoadDir reads the data files of dir (every file optional) into a Dataset.
// The first unreadable row stops the load with a *LoadError naming file,
// line and column. Without as_of.txt, as_of is the latest date in the data.
func LoadDir(dir string) (*Dataset, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("data directory %s: not a directory", dir)
	}

	d := &Dataset{Files: map[string]bool{}}
	if err := loadAsOf(dir, d); err != nil {
		return nil, err
	}
	for _, f := range dataFiles {
		if err := loadFile(dir, f, d); err != nil {
			return nil, err
		}
	}

	if d.AsOf.IsZero() {
		d.AsOf = latestDate(d)
		if d.AsOf.IsZero() {
			return nil, fmt.Errorf("data directory %s: no as_of.txt and no dated rows", dir)
		}
	}
	if err := checkKeys(d); err != nil {
		return nil, err
	}
	return d, checkDates(d)
}

func loadAsOf(dir string, d *Dataset) error {
	raw, err := os.ReadFile(filepath.Join(dir, "as_of.txt"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	value := strings.TrimSpace(strings.TrimPrefix(string(raw), utf8BOM))
	asOf, err := time.Parse(dateLayout, value)
	if err != nil {
		return &LoadError{File: "as_of.txt", Line: 1, Value: value, Err: errors.New("want a date YYYY-MM-DD")}
	}
	d.AsOf = asOf
	d.Files["as_of.txt"] = true
	return nil
}

// dataFile describes one CSV file: its name, required columns, the columns
// it reads (others become attributes where the entity keeps them) and the
// function that turns a row into an entity of the Dataset.
type dataFile struct {
	name     string
	required []string
	parse    func(r *row, d *Dataset)
}

func loadFile(dir string, f dataFile, d *Dataset) error {
	file, err := os.Open(filepath.Join(dir, f.name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer file.Close()
	d.Files[f.name] = true
	return readCSV(file, f, d)
}

// utf8BOM is the byte-order mark that spreadsheet programs write at the
// start of a UTF-8 CSV file.
const utf8BOM = "\uFEFF"

func readCSV(in io.Reader, f dataFile, d *Dataset) error {
	reader := csv.NewReader(skipBOM(in))
	header, err := reader.Read()
	if err == io.EOF {
		return &LoadError{File: f.name, Line: 1, Err: errors.New("empty file: want a header row")}
	}
	if err != nil {
		return &LoadError{File: f.name, Line: 1, Err: err}
	}
	columns, err := headerColumns(f, header)
	if err != nil {
		return err
	}

	for {
		record, err := reader.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			line, _ := reader.FieldPos(0)
			return &LoadError{File: f.name, Line: line, Err: err}
		}
		line, _ := reader.FieldPos(0)
		r := &row{file: f.name, line: line, record: record, columns: columns, header: header, known: f.required}
		f.parse(r, d)
		if r.err != nil {
			return r.err
		}
	}
}

// skipBOM returns in without a leading UTF-8 byte-order mark.
func skipBOM(in io.Reader) io.Reader {
	buffered := bufio.NewReader(in)
	if head, err := buffered.Peek(len(utf8BOM)); err == nil && string(head) == utf8BOM {
		_, _ = buffered.Discard(len(utf8BOM))
	}
	return buffered
}

func headerColumns(f dataFile, header []string) (map[string]int, error) {
	columns := make(map[string]int, len(header))
	for i, name := range header {
		if _, dup := columns[name]; dup {
			return nil, &LoadError{File: f.name, Line: 1, Column: name, Value: name, Err: errors.New("duplicate column")}
		}
		columns[name] = i
	}
	for _, name := range f.required {
		if _, ok := columns[name]; !ok {
			return nil, &LoadError{File: f.name, Line: 1, Column: name, Err: errMissingColumn}
		}
	}
	return columns, nil
}

// row reads typed cells of one CSV record. The first failure is kept in err
// and later reads return zero values, so a parse function reads every cell
// and checks r.err once.
type row struct {
	file    string
	line    int
	record  []string
	header  []string
	columns map[string]int
	known   []string
	err     error
}

func (r *row) fail(column, value string, err error) {
	if r.err == nil {
		r.err = &LoadError{File: r.file, Line: r.line, Column: column, Value: value, Err: err}
	}
}

// str returns the trimmed cell of column.
func (r *row) str(column string) string {
	return strings.TrimSpace(r.record[r.columns[column]])
}

// required returns the cell of column and fails on an empty cell.
func (r *row) required(column string) string {
	v := r.str(column)
	if v == "" {
		r.fail(column, v, errEmpty)
	}
	return v
}

// date parses a YYYY-MM-DD cell; an empty optional cell gives the zero time.
func (r *row) date(column string, optional bool) time.Time {
	return r.parseTime(column, optional, dateLayout, "want a date YYYY-MM-DD")
}

// timestamp parses an RFC 3339 cell; an empty optional cell gives the zero
// time.
func (r *row) timestamp(column string, optional bool) time.Time {
	t := r.parseTime(column, optional, time.RFC3339, "want an RFC 3339 timestamp")
	return t.UTC()
}

// month parses a YYYY-MM cell to the first day of the month.
func (r *row) month(column string) time.Time {
	return r.parseTime(column, false, monthLayout, "want a month YYYY-MM")
}

func (r *row) parseTime(column string, optional bool, layout, want string) time.Time {
	v := r.str(column)
	if v == "" {
		if !optional {
			r.fail(column, v, errEmpty)
		}
		return time.Time{}
	}
	t, err := time.Parse(layout, v)
	if err != nil {
		r.fail(column, v, errors.New(want))
	}
	return t
}

// money parses a plain decimal cell such as 1234.50 without going through
// float64. An empty optional cell is returned as invalid.
func (r *row) money(column string, optional bool) decimal.NullDecimal {
	v := r.str(column)
	if v == "" {
		if !optional {
			r.fail(column, v, errEmpty)
		}
		return decimal.NullDecimal{}
	}
	if strings.ContainsAny(v, "eE_,") {
		r.fail(column, v, errors.New("want a plain decimal such as 1234.50"))
		return decimal.NullDecimal{}
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		r.fail(column, v, errors.New("want a plain decimal such as 1234.50"))
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}
}

// integer parses an optional integer cell; empty gives nil.
func (r *row) integer(column string) *int {
	v := r.str(column)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.fail(column, v, errors.New("want an integer"))
		return nil
	}
	return &n
}

// boolean parses a true/false cell.
func (r *row) boolean(column string) bool {
	switch v := r.str(column); v {
	case "true":
		return true
	case "false":
		return false
	default:
		r.fail(column, v, errors.New("want true or false"))
		return false
	}
}

// oneOf returns the cell of column and fails unless it is one of allowed.
func (r *row) oneOf(column string, allowed ...string) string {
	v := r.str(column)
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.fail(column, v, fmt.Errorf("want one of %s", strings.Join(allowed, ", ")))
	return v
}

// attrs returns the cells of the columns that the file does not define, by
// column name; nil when there are none.
func (r *row) attrs() map[string]string {
	var out map[string]string
	for i, name := range r.header {
		if isKnown(name, r.known) {
			continue
		}
		if out == nil {
			out = make(map[string]string, len(r.header)-len(r.known))
		}
		out[name] = strings.TrimSpace(r.record[i])
	}
	return out
}

func isKnown(name string, known []string) bool {
	for _, k := range known {
		if k == name {
			return true
		}
	}
	return false
}
