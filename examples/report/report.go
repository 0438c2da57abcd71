package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Period is the reporting period [Start, End) at 00:00 UTC: the twelve
// months that end with the day as_of.
type Period struct {
	Start time.Time
	End   time.Time
}

// PeriodEndingOn returns the twelve months ending with asOf: End is the day
// after asOf and Start is End minus 12 months, with the day clamped to the
// end of its month (29 February minus 12 months is 28 February).
func PeriodEndingOn(asOf time.Time) Period {
	end := asOf.AddDate(0, 0, 1)
	return Period{Start: addMonthsClamped(end, -12), End: end}
}

// addMonthsClamped adds months to t, keeping the day of the month unless the
// target month is shorter, in which case it takes the target's last day.
func addMonthsClamped(t time.Time, months int) time.Time {
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, months, 0)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}

// Contains reports whether t lies in [Start, End).
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && t.Before(p.End)
}

// Report is the complete output of one run: every figure by its name in the
// report's CSV layout documentation, the figures whose value is undefined,
// the sections that had no data, and the richer tables some sections add.
type Report struct {
	Source  string
	AsOf    time.Time
	Period  Period
	Figures []Figure
	Absent  []Absence
	Skipped []Skip
	// Tables are the richer structures (cohort table, survival curve, MRR
	// movements by month), by key, in the order the sections added them.
	Tables []Table
	// Text is the readable body, section by section.
	Text []SectionText
}

// Figure is one named number. Value is an int, a float64 or a
// decimal.Decimal (money, written to JSON as a string).
type Figure struct {
	Name  string
	Value any
}

// Absence is a figure whose section had data but whose value is undefined.
type Absence struct {
	Name   string
	Reason string
}

// Skip is a section left out for lack of data.
type Skip struct {
	Section string
	Reason  string
}

// Table is a richer structure a section adds under its own JSON key.
type Table struct {
	Key   string
	Value any
}

// SectionText is the readable part of one section.
type SectionText struct {
	Title string
	Lines []string
}

// Section is the part of a report for one package's figures.
type Section struct {
	// Name is the section's key, as used in the skipped list.
	Name string
	// Title heads the section in the text output.
	Title string
	// Needs lists the data files without which the section is skipped.
	Needs []string
	// Run computes the section's figures into out. An error stops the
	// report: it means bad data or a defect, never merely missing data.
	Run func(d *Dataset, p Period, out *SectionOutput) error
}

// SectionOutput collects what a section produces.
type SectionOutput struct {
	figures []Figure
	absent  []Absence
	tables  []Table
	lines   []string
}

// Figure records a figure and its text line. value is an int, a float64 or a
// decimal.Decimal.
func (o *SectionOutput) Figure(name string, value any) {
	o.figures = append(o.figures, Figure{Name: name, Value: value})
	o.lines = append(o.lines, fmt.Sprintf("  %-44s %s", name, formatValue(value)))
}

// Absent records that figure name is undefined and why.
func (o *SectionOutput) Absent(name, reason string) {
	o.absent = append(o.absent, Absence{Name: name, Reason: reason})
	o.lines = append(o.lines, fmt.Sprintf("  %-44s absent: %s", name, reason))
}

// Table records a richer structure under key in the JSON output.
func (o *SectionOutput) Table(key string, value any) {
	o.tables = append(o.tables, Table{Key: key, Value: value})
}

// Line adds free text to the section's readable output.
func (o *SectionOutput) Line(format string, args ...any) {
	o.lines = append(o.lines, "  "+fmt.Sprintf(format, args...))
}

func formatValue(v any) string {
	switch x := v.(type) {
	case float64:
		return fmt.Sprintf("%.6g", x)
	case decimal.Decimal:
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}

// Build runs every section over d.
func Build(source string, d *Dataset, sections []Section) (*Report, error) {
	p := PeriodEndingOn(d.AsOf)
	r := &Report{Source: source, AsOf: d.AsOf, Period: p}
	for _, s := range sections {
		if missing := missingFiles(d, s.Needs); len(missing) > 0 {
			r.Skipped = append(r.Skipped, Skip{Section: s.Name, Reason: "no " + strings.Join(missing, ", ")})
			continue
		}
		var out SectionOutput
		if err := s.Run(d, p, &out); err != nil {
			return nil, fmt.Errorf("%s section: %w", s.Name, err)
		}
		r.Figures = append(r.Figures, out.figures...)
		r.Absent = append(r.Absent, out.absent...)
		r.Tables = append(r.Tables, out.tables...)
		r.Text = append(r.Text, SectionText{Title: s.Title, Lines: out.lines})
	}
	return r, nil
}

func missingFiles(d *Dataset, needs []string) []string {
	var missing []string
	for _, f := range needs {
		if !d.Files[f] {
			missing = append(missing, f)
		}
	}
	return missing
}

// Figure returns the value of the named figure and whether it is present.
func (r *Report) Figure(name string) (any, bool) {
	for _, f := range r.Figures {
		if f.Name == name {
			return f.Value, true
		}
	}
	return nil, false
}

// WriteText writes the readable report.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "CRM metrics report\n")
	fmt.Fprintf(&b, "  data     %s\n", r.Source)
	fmt.Fprintf(&b, "  as of    %s\n", r.AsOf.Format(dateLayout))
	fmt.Fprintf(&b, "  period   [%s, %s)\n", r.Period.Start.Format(dateLayout), r.Period.End.Format(dateLayout))
	for _, s := range r.Text {
		fmt.Fprintf(&b, "\n%s\n", s.Title)
		for _, line := range s.Lines {
			b.WriteString(line + "\n")
		}
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, "\nSkipped sections\n")
		for _, s := range r.Skipped {
			fmt.Fprintf(&b, "  %-12s %s\n", s.Section, s.Reason)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// MarshalJSON writes the report in the documented JSON layout: as_of, period,
// figures (a flat object), absent, skipped and one key per table.
func (r *Report) MarshalJSON() ([]byte, error) {
	out := map[string]any{
		"source": r.Source,
		"as_of":  r.AsOf.Format(dateLayout),
		"period": map[string]string{
			"start": r.Period.Start.Format(dateLayout),
			"end":   r.Period.End.Format(dateLayout),
		},
	}
	figures := make(map[string]any, len(r.Figures))
	for _, f := range r.Figures {
		figures[f.Name] = f.Value
	}
	out["figures"] = figures
	absent := make(map[string]string, len(r.Absent))
	for _, a := range r.Absent {
		absent[a.Name] = a.Reason
	}
	out["absent"] = absent
	skipped := make(map[string]string, len(r.Skipped))
	for _, s := range r.Skipped {
		skipped[s.Section] = s.Reason
	}
	out["skipped"] = skipped
	for _, t := range r.Tables {
		if _, taken := out[t.Key]; taken {
			return nil, fmt.Errorf("report: table key %q used twice", t.Key)
		}
		out[t.Key] = t.Value
	}
	// encoding/json sorts map keys, so the output is stable.
	return json.MarshalIndent(out, "", "  ")
}

// sortedKeys returns the keys of m in ascending order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
