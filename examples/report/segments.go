package main

import (
	"errors"
	"fmt"
	"slices"

	"github.com/crmmetrics/crmmetrics/nps"
	"github.com/crmmetrics/crmmetrics/retention"
	"github.com/crmmetrics/crmmetrics/segment"
	"github.com/shopspring/decimal"
)

// segmentSection reports RFM segments over all orders up to as_of, and
// churn and NPS by a customer attribute. RFM needs orders.csv too. The
// pipeline section already reports win rate by owner and by product.
var segmentSection = Section{
	Name:  "segment",
	Title: "Segments (RFM, churn and NPS by attribute)",
	Needs: []string{"customers.csv"},
	Run:   runSegments,
}

// customerAttributes are the attributes tried, in order, to split
// customers; the first one the rows carry is used.
var customerAttributes = []string{"plan", "plan_tier", "contract", "region", "industry"}

// noValue is the segment of rows without the attribute or whose customer is
// not in customers.csv.
const noValue = "(none)"

func runSegments(d *Dataset, p Period, out *SectionOutput) error {
	if d.Has("orders.csv") {
		if err := rfmPart(d, p, out); err != nil {
			return err
		}
	} else {
		out.Line("no orders.csv: no RFM segments")
	}
	return customerAttributePart(d, p, out)
}

// RFMReport is the RFM part's JSON table.
type RFMReport struct {
	// AnalysisDate is the day after as_of: recency counts days from the
	// last order's day to it.
	AnalysisDate string          `json:"analysis_date"`
	Customers    int             `json:"customers"`
	Orders       int             `json:"orders"`
	Monetary     decimal.Decimal `json:"monetary"`
	Segments     []RFMSegment    `json:"segments"`
}

// RFMSegment is one named RFM segment's size and value.
type RFMSegment struct {
	Segment   string  `json:"segment"`
	Customers int     `json:"customers"`
	Share     float64 `json:"share"`
	// Monetary is the segment's total spend, exact.
	Monetary        decimal.Decimal `json:"monetary"`
	MonetaryShare   float64         `json:"monetary_share"`
	MeanRecencyDays float64         `json:"mean_recency_days"`
	MeanFrequency   float64         `json:"mean_frequency"`
}

// rfmTotals accumulates one RFM segment.
type rfmTotals struct {
	customers, recencyDays, frequency int
	monetary                          decimal.Decimal
}

func (t *rfmTotals) add(v segment.RFM[string]) {
	t.customers++
	t.recencyDays += v.RecencyDays
	t.frequency += v.Frequency
	t.monetary = t.monetary.Add(v.Monetary)
}

func (t *rfmTotals) merge(o rfmTotals) {
	t.customers += o.customers
	t.recencyDays += o.recencyDays
	t.frequency += o.frequency
	t.monetary = t.monetary.Add(o.monetary)
}

// rfmValues returns every customer's RFM values at the period's end, from
// all orders up to as_of.
func rfmValues(d *Dataset, p Period) ([]segment.RFM[string], error) {
	orders := make([]segment.Order[string], len(d.Orders))
	for i, o := range d.Orders {
		orders[i] = segment.Order[string]{Customer: o.CustomerID, Time: o.OrderedOn, Amount: o.Amount}
	}
	values, err := segment.Summarise(orders, p.End, p.End.Location(), segment.RFMOptions{})
	if err != nil {
		return nil, fmt.Errorf("orders.csv: %w", err)
	}
	return values, nil
}

func rfmPart(d *Dataset, p Period, out *SectionOutput) error {
	// Derive, score and name. Without orders there is no customer to
	// score, which is a fact about the data, not an error.
	values, err := rfmValues(d, p)
	if errors.Is(err, segment.ErrNoRecords) {
		out.Line("no orders up to as_of: no RFM segments")
		return nil
	}
	if err != nil {
		return err
	}
	scores, err := segment.Score(values, segment.ScoreOptions{})
	if err != nil {
		return err
	}
	segments := segment.StandardSegments()
	names, err := segments.Assign(scores, 5)
	if err != nil {
		return err
	}

	// Total per named segment over customer indexes; the whole is the merge
	// of the segments.
	customers := make([]int, len(values))
	for i := range customers {
		customers[i] = i
	}
	table, err := segment.Accumulate(customers,
		func(i int) string { return names[i] },
		func(t *rfmTotals, i int) error { t.add(values[i]); return nil },
		(*rfmTotals).merge)
	if err != nil {
		return err
	}

	// Report in the map's order, then Other.
	report := RFMReport{
		AnalysisDate: p.End.Format(dateLayout), Customers: len(values), Orders: len(d.Orders),
		Monetary: table.Total.monetary,
	}
	totals := map[string]rfmTotals{}
	for _, row := range table.Segments {
		totals[row.Key] = row.Value
	}
	for _, s := range append(segments.Segments, segment.NamedSegment{Name: "Other"}) {
		report.Segments = append(report.Segments, rfmRow(s.Name, totals[s.Name], report))
	}
	out.Table("rfm", report)
	writeRFMLines(out, report)
	return nil
}

func rfmRow(name string, t rfmTotals, all RFMReport) RFMSegment {
	row := RFMSegment{Segment: name, Customers: t.customers, Monetary: t.monetary}
	row.Share = float64(t.customers) / float64(all.Customers)
	if all.Monetary.IsPositive() {
		row.MonetaryShare = t.monetary.DivRound(all.Monetary, 12).InexactFloat64()
	}
	if t.customers > 0 {
		row.MeanRecencyDays = float64(t.recencyDays) / float64(t.customers)
		row.MeanFrequency = float64(t.frequency) / float64(t.customers)
	}
	return row
}

func writeRFMLines(out *SectionOutput, r RFMReport) {
	out.Line("RFM at %s over %d orders of %d customers (quintile scores, first matching segment):", r.AnalysisDate, r.Orders, r.Customers)
	out.Line("  %-20s %9s %7s %16s %7s %9s %7s", "segment", "customers", "share", "spend", "share", "recency", "orders")
	for _, s := range r.Segments {
		recency, frequency := "-", "-"
		if s.Customers > 0 {
			recency, frequency = fmt.Sprintf("%.0f d", s.MeanRecencyDays), fmt.Sprintf("%.2f", s.MeanFrequency)
		}
		out.Line("  %-20s %9d %6.1f%% %16s %6.1f%% %9s %7s", s.Segment, s.Customers, 100*s.Share,
			s.Monetary.StringFixed(2), 100*s.MonetaryShare, recency, frequency)
	}
	out.Line("  %-20s %9d %7s %16s", "all", r.Customers, "", r.Monetary.StringFixed(2))
}

// AttributeReport is the JSON table of churn and NPS by a customer
// attribute.
type AttributeReport struct {
	Attribute string         `json:"attribute"`
	Rows      []AttributeRow `json:"rows"`
	All       AttributeRow   `json:"all"`
}

// AttributeRow is one attribute value's churn and NPS. A rate whose
// denominator is 0 is null.
type AttributeRow struct {
	Value string `json:"value"`
	// CustomersStart is the customers active just before the period;
	// Churned is those of them who churned in the period.
	CustomersStart int64    `json:"customers_start"`
	Churned        int64    `json:"churned"`
	ChurnRate      *float64 `json:"churn_rate"`
	NPSResponses   int64    `json:"nps_responses"`
	NPS            *float64 `json:"nps"`
}

// pickAttribute returns the first of names that some row carries, or "".
func pickAttribute(names []string, has func(string) bool) string {
	for _, name := range names {
		if has(name) {
			return name
		}
	}
	return ""
}

func customerAttributePart(d *Dataset, p Period, out *SectionOutput) error {
	attr := pickAttribute(customerAttributes, func(name string) bool {
		return slices.ContainsFunc(d.Customers, func(c Customer) bool { return c.Attrs[name] != "" })
	})
	if attr == "" {
		out.Line("customers.csv has none of the attributes %v: no churn or NPS by attribute", customerAttributes)
		return nil
	}
	valueOf := map[string]string{}
	for _, c := range d.Customers {
		valueOf[c.ID] = c.Attrs[attr]
	}
	key := func(customer string) string {
		if v := valueOf[customer]; v != "" {
			return v
		}
		return noValue
	}

	// Churn by attribute: the retention package's customer counts of each
	// attribute value's customers, over the period.
	subs, err := customerSpans(d)
	if err != nil {
		return err
	}
	period := retention.Period{Start: p.Start, End: p.End}
	churn, err := segment.Measure(subs, func(s retention.Subscription) string { return key(s.Customer) },
		func(group []retention.Subscription) (retention.CustomerCounts, error) {
			return retention.CountCustomers(group, period)
		})
	if err != nil {
		return fmt.Errorf("customers.csv: %w", err)
	}

	// NPS by attribute over the period's answers.
	answers := slices.DeleteFunc(slices.Clone(d.Responses), func(r Response) bool {
		return r.Survey != SurveyNPS || r.Score == nil || !p.Contains(r.AnsweredOn)
	})
	scores, err := segment.Accumulate(answers, func(r Response) string { return key(r.CustomerID) },
		func(t *nps.Tally, r Response) error {
			if err := t.Add(*r.Score); err != nil {
				return fmt.Errorf("responses.csv line %d, response %q: %w", r.Line, r.ID, err)
			}
			return nil
		}, (*nps.Tally).Merge)
	if err != nil {
		return err
	}

	report := attributeRows(attr, churn, scores)
	out.Table("segments_by_attribute", report)
	writeAttributeLines(out, report)
	return nil
}

// attributeRows joins churn and NPS by attribute value, in ascending
// value order.
func attributeRows(attr string, churn segment.Table[string, retention.CustomerCounts], scores segment.Table[string, nps.Tally]) AttributeReport {
	rows := map[string]*AttributeRow{}
	row := func(value string) *AttributeRow {
		if rows[value] == nil {
			rows[value] = &AttributeRow{Value: value}
		}
		return rows[value]
	}
	for _, c := range churn.Segments {
		setChurn(row(c.Key), c.Value)
	}
	for _, s := range scores.Segments {
		setNPS(row(s.Key), s.Value)
	}
	report := AttributeReport{Attribute: attr, All: AttributeRow{Value: "all"}}
	setChurn(&report.All, churn.Total)
	setNPS(&report.All, scores.Total)
	for _, value := range sortedKeys(rows) {
		report.Rows = append(report.Rows, *rows[value])
	}
	return report
}

// setChurn fills in the logo churn of counts: churned customers of the
// start base over the start base, left null without a start base.
func setChurn(r *AttributeRow, counts retention.CustomerCounts) {
	r.CustomersStart, r.Churned = counts.AtStart, counts.Churned
	if churn, err := counts.LogoChurn(retention.ChurnOptions{}); err == nil {
		r.ChurnRate = &churn.Value
	}
}

func setNPS(r *AttributeRow, t nps.Tally) {
	r.NPSResponses = t.Responses()
	if score, err := t.Score(); err == nil {
		r.NPS = &score
	}
}

func writeAttributeLines(out *SectionOutput, r AttributeReport) {
	out.Line("by customer attribute %q (churn over customers active before the period; NPS of the period's answers):", r.Attribute)
	out.Line("  %-20s %9s %8s %8s %9s %7s", "value", "at start", "churned", "rate", "answers", "NPS")
	for _, row := range append(r.Rows, r.All) {
		out.Line("  %-20s %9d %8d %8s %9d %7s", row.Value, row.CustomersStart, row.Churned,
			optional(row.ChurnRate, "%.1f%%", 100), row.NPSResponses, optional(row.NPS, "%.1f", 1))
	}
}

// optional formats *v scaled by scale, or "-" when v is nil (undefined).
func optional(v *float64, format string, scale float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf(format, *v*scale)
}
