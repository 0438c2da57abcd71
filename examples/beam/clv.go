package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/crmmetrics/crmmetrics/revenue/clv"
)

// clvResults summarises the orders per customer with clv.Purchases, keyed
// by customer so that workers build many customers' summaries in parallel.
// It then fits BG/NBD and Gamma-Gamma on all summaries in one step, which
// reads one row per customer instead of every order. It returns one output
// line per customer (metric "clv.customer") and one with the fitted
// parameters (metric "clv"), overall only.
func clvResults(s beam.Scope, cfg config, orders beam.PCollection) beam.PCollection {
	s = s.Scope("clv")
	byCustomer := beam.ParDo(s, keyOrder, orders)
	summaries := beam.CombinePerKey(s, &purchasesFn{AsOf: cfg.asOf}, byCustomer)

	customerLines := beam.ParDo(s, formatCustomer, summaries)
	all := beam.GroupByKey(s, beam.AddFixedKey(s, beam.DropKey(s, summaries)))
	fitLines := beam.ParDo(s, fitCLV, all)
	return beam.Flatten(s, customerLines, fitLines)
}

// keyOrder keys an order by its customer.
func keyOrder(o Order) (string, Order) {
	return o.CustomerID, o
}

// purchasesMerges counts the calls of purchasesFn.MergeAccumulators.
var purchasesMerges = beam.NewCounter("crmmetrics", "clv.purchases.merges")

// purchasesFn runs clv.Purchases as a CombineFn per customer: every order
// is added on its calendar day in UTC, and the output is the customer's
// BTYD summary at the end of AsOf.
type purchasesFn struct {
	AsOf time.Time
}

func (*purchasesFn) CreateAccumulator() clv.Purchases { return clv.Purchases{} }

func (*purchasesFn) AddInput(p clv.Purchases, o Order) (clv.Purchases, error) {
	if err := p.Add(o.CustomerID, o.OrderedOn, o.Amount, time.UTC); err != nil {
		return p, fmt.Errorf("%s: %w", o.where(), err)
	}
	return p, nil
}

func (*purchasesFn) MergeAccumulators(ctx context.Context, a, b clv.Purchases) clv.Purchases {
	purchasesMerges.Inc(ctx, 1)
	a.Merge(b)
	return a
}

func (fn *purchasesFn) ExtractOutput(p clv.Purchases) (clv.Customer, error) {
	customers, err := p.Summarize(fn.AsOf, time.UTC)
	if err != nil {
		return clv.Customer{}, fmt.Errorf("orders.csv: %w", err)
	}
	if len(customers) != 1 {
		return clv.Customer{}, fmt.Errorf("orders.csv: a per-customer summary holds %d customers, want 1", len(customers))
	}
	return customers[0], nil
}

// formatCustomer returns the output line of one customer's BTYD summary.
func formatCustomer(id string, c clv.Customer) (string, error) {
	return encodeLine(resultLine{Metric: "clv.customer", Segment: segmentAll, Key: id, Accumulator: c})
}

// clvFigures are the names of the fitted parameters, in the report's terms.
var (
	bgnbdFigures      = []string{"clv.bgnbd.r", "clv.bgnbd.alpha", "clv.bgnbd.a", "clv.bgnbd.b", "clv.bgnbd.log_likelihood"}
	gammaGammaFigures = []string{"clv.gamma_gamma.p", "clv.gamma_gamma.q", "clv.gamma_gamma.gamma"}
)

// fitCLV fits BG/NBD (time unit weeks) and Gamma-Gamma on every customer
// summary, sorted by customer ID so that the fit does not depend on the
// order in which the runner delivers them. A fit that fails marks its
// figures absent with the library's error.
func fitCLV(_ int, summaries func(*clv.Customer) bool) (string, error) {
	var customers []clv.Customer
	var c clv.Customer
	for summaries(&c) {
		customers = append(customers, c)
	}
	return formatFits(customers)
}

// formatFits returns the output line of the fits on customers.
func formatFits(customers []clv.Customer) (string, error) {
	slices.SortFunc(customers, func(a, b clv.Customer) int { return strings.Compare(a.ID, b.ID) })
	line := resultLine{Metric: "clv", Segment: segmentAll, Accumulator: map[string]int{"customers": len(customers)},
		Figures: map[string]any{}, Absent: map[string]string{}}

	purchases, err := clv.FitBGNBD(customers, clv.Week)
	if err != nil {
		for _, name := range bgnbdFigures {
			line.Absent[name] = err.Error()
		}
	} else {
		m := purchases.Model
		for i, v := range []float64{m.R, m.Alpha, m.A, m.B, purchases.LogLikelihood} {
			line.Figures[bgnbdFigures[i]] = v
		}
	}

	spend, err := clv.FitGammaGamma(customers)
	if err != nil {
		for _, name := range gammaGammaFigures {
			line.Absent[name] = err.Error()
		}
	} else {
		for i, v := range []float64{spend.Model.P, spend.Model.Q, spend.Model.Gamma} {
			line.Figures[gammaGammaFigures[i]] = v
		}
	}
	return encodeLine(line)
}
