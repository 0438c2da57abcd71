package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/crmmetrics/crmmetrics/retention"
)

var errDuplicateKey = errors.New("duplicate key")

// retentionResults computes the logo churn counts and the Kaplan-Meier
// table of the customers of customers.csv, and the MRR bridge of
// subscriptions.csv, overall and per segment, as output lines.
//
// A CoGroupByKey by customer id brings each customer's row and monthly MRR
// rows together. The join gives every MRR row its customer's segment, lets
// the library build one customer's bridge from all of their months (a
// month's movement depends on the month before), and finds a customer or a
// customer's month listed twice.
func retentionResults(s beam.Scope, cfg config, customers, subscriptions beam.PCollection) beam.PCollection {
	s = s.Scope("retention")
	last := retention.Month{Year: cfg.asOf.Year(), Month: cfg.asOf.Month()}
	join := &joinCustomerFn{First: last.AddMonths(-11), Last: last, BySegment: cfg.segment != ""}
	grouped := beam.CoGroupByKey(s, beam.ParDo(s, keyCustomer, customers), beam.ParDo(s, keySubscription, subscriptions))
	keyedCustomers, bridges := beam.ParDo2(s, join, grouped)

	period := retention.Period{Start: cfg.period.Start, End: cfg.period.End}
	counts := beam.CombinePerKey(s.Scope("counts"), &countsFn{Period: period}, keyedCustomers)
	tables := beam.CombinePerKey(s.Scope("survival"), &survivalFn{AsOf: cfg.asOf}, keyedCustomers)
	merged := beam.CombinePerKey(s.Scope("mrr"), &bridgeFn{}, bridges)
	return beam.Flatten(s,
		beam.ParDo(s.Scope("counts"), formatRetention, counts),
		beam.ParDo(s.Scope("survival"), formatSurvival, tables),
		beam.ParDo(s.Scope("mrr"), formatMRR, merged),
	)
}

// keyCustomer keys a customer by its id.
func keyCustomer(c Customer) (string, Customer) {
	return c.ID, c
}

// keySubscription keys a subscriptions.csv row by its customer.
func keySubscription(m SubscriptionMonth) (string, SubscriptionMonth) {
	return m.CustomerID, m
}

// joinCustomerFn receives the customers.csv row and the subscriptions.csv
// rows of one customer id. It emits the customer, and the customer's MRR
// bridge of the months First..Last, keyed by segmentAll and, with
// BySegment, by the customer's segment. A customer without a row in
// customers.csv is in segment segmentNone.
type joinCustomerFn struct {
	First, Last retention.Month
	BySegment   bool
}

func (fn *joinCustomerFn) ProcessElement(id string, customerRows func(*Customer) bool, monthRows func(*SubscriptionMonth) bool,
	emitCustomer func(string, Customer), emitBridge func(string, retention.Bridge)) error {
	customer, found, err := onlyCustomer(customerRows)
	if err != nil {
		return err
	}
	segment := segmentNone
	if found {
		segment = customer.Segment
		fn.emit(segment, func(key string) { emitCustomer(key, customer) })
	}

	rows, err := customerMonths(id, monthRows)
	if err != nil || len(rows) == 0 {
		return err
	}
	bridge, err := retention.BuildBridge(rows, fn.First, fn.Last)
	if err != nil {
		return fmt.Errorf("subscriptions.csv, customer %q: %w", id, err)
	}
	fn.emit(segment, func(key string) { emitBridge(key, bridge) })
	return nil
}

// emit calls emitKey with segmentAll and, with BySegment, with segment.
func (fn *joinCustomerFn) emit(segment string, emitKey func(string)) {
	emitKey(segmentAll)
	if fn.BySegment {
		emitKey(segment)
	}
}

// onlyCustomer returns the one customers.csv row of an id, found false if
// there is none, and an error naming both rows if there are several.
func onlyCustomer(rows func(*Customer) bool) (Customer, bool, error) {
	var all []Customer
	var c Customer
	for rows(&c) {
		all = append(all, c)
	}
	if len(all) == 0 {
		return Customer{}, false, nil
	}
	slices.SortFunc(all, func(a, b Customer) int { return compareRows(a.File, a.Line, b.File, b.Line) })
	if len(all) > 1 {
		return Customer{}, false, fmt.Errorf("%s, column %q: %w: also on %s line %d",
			all[1].where(), "customer_id", errDuplicateKey, all[0].File, all[0].Line)
	}
	return all[0], true, nil
}

// customerMonths returns the MRR rows of customer id as the library takes
// them, in month order, and an error naming both rows of a month listed
// twice.
func customerMonths(id string, rows func(*SubscriptionMonth) bool) ([]retention.CustomerMonth, error) {
	var all []SubscriptionMonth
	var m SubscriptionMonth
	for rows(&m) {
		all = append(all, m)
	}
	slices.SortFunc(all, func(a, b SubscriptionMonth) int {
		return cmp.Or(a.Month.Compare(b.Month), compareRows(a.File, a.Line, b.File, b.Line))
	})

	out := make([]retention.CustomerMonth, len(all))
	for i, m := range all {
		if i > 0 && m.Month.Equal(all[i-1].Month) {
			return nil, fmt.Errorf("%s, columns %q: %w: also on %s line %d",
				m.where(), "customer_id, month", errDuplicateKey, all[i-1].File, all[i-1].Line)
		}
		out[i] = retention.CustomerMonth{Customer: id, Month: retention.Month{Year: m.Month.Year(), Month: m.Month.Month()}, MRR: m.MRR}
	}
	return out, nil
}

// compareRows orders rows by file and line.
func compareRows(fileA string, lineA int64, fileB string, lineB int64) int {
	return cmp.Or(cmp.Compare(fileA, fileB), cmp.Compare(lineA, lineB))
}

// countsMerges counts the calls of countsFn.MergeAccumulators.
var countsMerges = beam.NewCounter("crmmetrics", "retention.merges")

// countsFn runs retention.CustomerCounts as a CombineFn: each input is one
// customer, active from signed_up_on until churned_on, added to the counts
// of Period.
type countsFn struct {
	Period retention.Period
}

func (*countsFn) CreateAccumulator() retention.CustomerCounts { return retention.CustomerCounts{} }

func (fn *countsFn) AddInput(c retention.CustomerCounts, customer Customer) (retention.CustomerCounts, error) {
	span := retention.Subscription{ID: customer.ID, Customer: customer.ID, Start: customer.SignedUpOn, End: customer.ChurnedOn}
	if err := c.AddCustomer([]retention.Subscription{span}, fn.Period); err != nil {
		return c, fmt.Errorf("%s: %w", customer.where(), err)
	}
	return c, nil
}

func (*countsFn) MergeAccumulators(ctx context.Context, a, b retention.CustomerCounts) retention.CustomerCounts {
	countsMerges.Inc(ctx, 1)
	a.Merge(b)
	return a
}

func (*countsFn) ExtractOutput(c retention.CustomerCounts) retention.CustomerCounts { return c }

// formatRetention returns the output line of one segment's customer
// counts, with the figures of the report's retention.* names. The churn
// rate is ChartMogul's default, churned customers of the start base over
// that base.
func formatRetention(segment string, c retention.CustomerCounts) (string, error) {
	line := resultLine{Metric: "retention", Segment: segment, Accumulator: c, Figures: map[string]any{
		"retention.customers_start": c.AtStart,
		"retention.customers_end":   c.AtEnd,
		"retention.new_customers":   c.New,
		// Every customer whose churned_on falls in the period: those of
		// the start base and those who signed up and left inside it.
		"retention.churned_customers": c.Churned + c.NewChurned,
	}}
	churn, err := c.LogoChurn(retention.ChurnOptions{})
	if errors.Is(err, retention.ErrNoCustomers) {
		line.Absent = map[string]string{"retention.logo_churn_rate": err.Error(), "retention.retention_rate": err.Error()}
		return encodeLine(line)
	}
	if err != nil {
		return "", fmt.Errorf("logo churn of segment %q: %w", segment, err)
	}
	retained, err := c.RetentionRate()
	if err != nil {
		return "", fmt.Errorf("retention rate of segment %q: %w", segment, err)
	}
	line.Figures["retention.logo_churn_rate"] = churn.Value
	line.Figures["retention.retention_rate"] = retained.Value
	return encodeLine(line)
}

// survivalMerges counts the calls of survivalFn.MergeAccumulators.
var survivalMerges = beam.NewCounter("crmmetrics", "survival.merges")

// survivalFn runs retention.SurvivalTable as a CombineFn: each input is
// one customer's tenure, as tenureSubject measures it.
type survivalFn struct {
	AsOf time.Time
}

func (*survivalFn) CreateAccumulator() retention.SurvivalTable { return retention.SurvivalTable{} }

func (fn *survivalFn) AddInput(t retention.SurvivalTable, customer Customer) (retention.SurvivalTable, error) {
	if err := t.Add(tenureSubject(customer, fn.AsOf)); err != nil {
		return t, fmt.Errorf("%s: %w", customer.where(), err)
	}
	return t, nil
}

func (*survivalFn) MergeAccumulators(ctx context.Context, a, b retention.SurvivalTable) retention.SurvivalTable {
	survivalMerges.Inc(ctx, 1)
	a.Merge(b)
	return a
}

func (*survivalFn) ExtractOutput(t retention.SurvivalTable) retention.SurvivalTable { return t }

// tenureSubject returns a customer's tenure in calendar days, as the
// report measures it: from signed_up_on to churned_on (churned) or to
// as_of (censored).
func tenureSubject(c Customer, asOf time.Time) retention.Subject {
	if c.ChurnedOn.IsZero() {
		return retention.Subject{Time: asOf.Sub(c.SignedUpOn).Hours() / 24, Status: retention.Censored}
	}
	return retention.Subject{Time: c.ChurnedOn.Sub(c.SignedUpOn).Hours() / 24, Status: retention.Churned}
}

// formatSurvival returns the output line of one segment's survival table:
// the median tenure and the share of customers still active after 365
// days, from the library's Kaplan-Meier curve of the table.
func formatSurvival(segment string, t retention.SurvivalTable) (string, error) {
	// Curve compacts the table: one row per time in increasing time,
	// whatever order the runner merged the partial tables in, so that the
	// line's accumulator is the same in every run.
	curve, err := t.Curve(retention.SurvivalOptions{})
	if err != nil {
		return "", fmt.Errorf("survival curve of segment %q: %w", segment, err)
	}
	line := resultLine{Metric: "survival", Segment: segment, Accumulator: t, Figures: map[string]any{}, Absent: map[string]string{}}

	median := curve.Median()
	if median.Estimate.Reached {
		line.Figures["survival.median_days"] = median.Estimate.Time
	} else {
		line.Absent["survival.median_days"] = "the survival curve stays above 0.5"
	}
	at, err := curve.At(365)
	switch {
	case errors.Is(err, retention.ErrBeyondFollowUp):
		line.Absent["survival.s_365"] = err.Error()
	case err != nil:
		return "", fmt.Errorf("survival at 365 days of segment %q: %w", segment, err)
	default:
		line.Figures["survival.s_365"] = at.Survival
	}
	return encodeLine(line)
}

// bridgeMerges counts the calls of bridgeFn.MergeAccumulators.
var bridgeMerges = beam.NewCounter("crmmetrics", "mrr.merges")

// bridgeFn runs retention.Bridge as a CombineFn: each input is the bridge
// of one customer over the same months, and the output is the bridge of
// all of them.
type bridgeFn struct{}

func (*bridgeFn) CreateAccumulator() retention.Bridge { return retention.Bridge{} }

func (*bridgeFn) AddInput(b, customer retention.Bridge) (retention.Bridge, error) {
	err := b.Merge(customer)
	return b, err
}

func (*bridgeFn) MergeAccumulators(ctx context.Context, a, b retention.Bridge) (retention.Bridge, error) {
	bridgeMerges.Inc(ctx, 1)
	err := a.Merge(b)
	return a, err
}

func (*bridgeFn) ExtractOutput(b retention.Bridge) retention.Bridge { return b }

// formatMRR returns the output line of one segment's MRR bridge, with the
// movements of the twelve months together (the report's mrr.* names) and
// the revenue retention of the customers who paid in the month before
// them. The accumulator holds the movements of each month.
func formatMRR(segment string, b retention.Bridge) (string, error) {
	total := b.Total()
	line := resultLine{Metric: "mrr", Segment: segment, Accumulator: b, Figures: map[string]any{
		"mrr.start":        total.Start,
		"mrr.end":          total.End,
		"mrr.new":          total.New,
		"mrr.expansion":    total.Expansion,
		"mrr.contraction":  total.Contraction,
		"mrr.churned":      total.Churn,
		"mrr.reactivation": total.Reactivation,
	}}
	nrr, err := b.Cohort.NRR()
	if errors.Is(err, retention.ErrNoRevenue) {
		line.Absent = map[string]string{"mrr.nrr": err.Error(), "mrr.grr": err.Error()}
		return encodeLine(line)
	}
	if err != nil {
		return "", fmt.Errorf("NRR of segment %q: %w", segment, err)
	}
	grr, err := b.Cohort.GRR()
	if err != nil {
		return "", fmt.Errorf("GRR of segment %q: %w", segment, err)
	}
	line.Figures["mrr.nrr"] = nrr
	line.Figures["mrr.grr"] = grr
	return encodeLine(line)
}
