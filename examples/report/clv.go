package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/crmmetrics/crmmetrics/revenue/clv"
	"github.com/shopspring/decimal"
)

// clvSection fits the BG/NBD and Gamma-Gamma models to every order up to
// and including as_of (one transaction per customer and day, time in weeks)
// and ranks the customers by predicted lifetime value.
var clvSection = Section{
	Name:  "clv",
	Title: "Customer lifetime value (BG/NBD and Gamma-Gamma)",
	Needs: []string{"orders.csv"},
	Run:   runCLV,
}

// clvHorizon is the CLV horizon of the report: 12 monthly steps discounted
// at 1% per month, the defaults of lifetimes' customer_lifetime_value.
var clvHorizon = clv.Horizon{Steps: 12, Step: clv.Month, DiscountRate: 0.01}

// topCustomerCount is the number of customers in the top-CLV table.
const topCustomerCount = 10

func runCLV(d *Dataset, _ Period, out *SectionOutput) error {
	customers, err := clvSummaries(d)
	if err != nil {
		return err
	}
	if len(customers) == 0 {
		absentCLV(out, "no orders up to as_of")
		return nil
	}

	purchases, purchasesErr := clv.FitBGNBD(customers, clv.Week)
	spend, spendErr := clv.FitGammaGamma(customers)
	purchasesOK := reportBGNBD(out, purchases, purchasesErr)
	spendOK := reportGammaGamma(out, spend, spendErr)
	if !purchasesOK || !spendOK {
		out.Line("top customers by CLV: not computed without both fits")
		return nil
	}
	top, err := topCustomers(customers, purchases.Model, spend.Model)
	if err != nil {
		return err
	}
	out.Table("clv_top_customers", top)
	printTopCustomers(out, top)
	return nil
}

// clvSummaries summarises the orders per customer and calendar day at
// as_of.
func clvSummaries(d *Dataset) ([]clv.Customer, error) {
	var log clv.Purchases
	for _, o := range d.Orders {
		if err := log.Add(o.CustomerID, o.OrderedOn, o.Amount, time.UTC); err != nil {
			return nil, fmt.Errorf("orders.csv line %d, order %q: %w", o.Line, o.ID, err)
		}
	}
	if len(log.Days) == 0 {
		return nil, nil
	}
	customers, err := log.Summarize(d.AsOf, time.UTC)
	if err != nil {
		return nil, fmt.Errorf("orders.csv: %w", err)
	}
	return customers, nil
}

var (
	bgnbdFigures      = []string{"clv.bgnbd.r", "clv.bgnbd.alpha", "clv.bgnbd.a", "clv.bgnbd.b", "clv.bgnbd.log_likelihood"}
	gammaGammaFigures = []string{"clv.gamma_gamma.p", "clv.gamma_gamma.q", "clv.gamma_gamma.gamma"}
)

func absentCLV(out *SectionOutput, reason string) {
	for _, name := range append(slices.Clone(bgnbdFigures), gammaGammaFigures...) {
		out.Absent(name, reason)
	}
}

// reportBGNBD records the BG/NBD figures, or marks them absent when the fit
// has no result or did not converge, and reports whether the model is
// usable.
func reportBGNBD(out *SectionOutput, fit clv.BGNBDFit, err error) bool {
	if err != nil {
		absentFit(out, "BG/NBD", bgnbdFigures, err)
		return false
	}
	m := fit.Model
	for i, v := range []float64{m.R, m.Alpha, m.A, m.B, fit.LogLikelihood} {
		out.Figure(bgnbdFigures[i], v)
	}
	if se := fit.StandardErrors; se != nil {
		out.Line("standard errors: r %.6f, alpha %.6f, a %.6f, b %.6f", se.R, se.Alpha, se.A, se.B)
	}
	out.Line("%d customers (%d distinct rows), time unit weeks; %s",
		fit.Customers, fit.DistinctRows, describeConvergence(fit.Convergence))
	return true
}

// reportGammaGamma records the Gamma-Gamma figures and the customers left
// out of the fit, and reports whether the model can predict spend for
// every customer (q > 1).
func reportGammaGamma(out *SectionOutput, fit clv.GammaGammaFit, err error) bool {
	if err != nil {
		absentFit(out, "Gamma-Gamma", gammaGammaFigures, err)
		return false
	}
	m := fit.Model
	for i, v := range []float64{m.P, m.Q, m.Gamma} {
		out.Figure(gammaGammaFigures[i], v)
	}
	oneTime, zeroValue := 0, 0
	for _, e := range fit.Excluded {
		if e.Reason == clv.ReasonZeroMeanValue {
			zeroValue++
		} else {
			oneTime++
		}
	}
	out.Line("%d repeat buyers fitted; left out: %d one-time buyers, %d repeat buyers with mean repeat value 0; %s",
		fit.Customers, oneTime, zeroValue, describeConvergence(fit.Convergence))
	if _, err := m.PopulationMeanSpend(); err != nil {
		out.Line("no CLV: %v", err)
		return false
	}
	return true
}

// absentFit marks the figures of a failed fit absent. A fit that did not
// converge gets a short reason, and the full error, with the parameters
// reached, goes to the section text once.
func absentFit(out *SectionOutput, model string, figures []string, err error) {
	reason := model + " fit failed: " + err.Error()
	if errors.Is(err, clv.ErrNotConverged) {
		reason = model + " fit did not converge: no maximum of the likelihood was reached"
		out.Line("%v", err)
	}
	for _, name := range figures {
		out.Absent(name, reason)
	}
}

// describeConvergence names the optimisers, gonum's final status and the
// package's reason for the verdict, which explains a converged fit whose
// line search stopped with status Failure.
func describeConvergence(c clv.Convergence) string {
	return fmt.Sprintf("converged %v by %s in %d iterations (gonum status %s): %s",
		c.Converged, c.Method, c.Iterations, c.Status, c.Reason)
}

// CustomerValue is one row of the top-CLV table.
type CustomerValue struct {
	CustomerID string `json:"customer_id"`
	// Frequency is the number of repeat purchase days.
	Frequency int `json:"frequency"`
	// RecencyWeeks and AgeWeeks are tₓ and T in weeks.
	RecencyWeeks float64 `json:"recency_weeks"`
	AgeWeeks     float64 `json:"age_weeks"`
	// ProbabilityAlive is P(alive) at as_of.
	ProbabilityAlive float64 `json:"probability_alive"`
	// ExpectedPurchases is the number of purchases expected in the 12
	// months after as_of.
	ExpectedPurchases float64 `json:"expected_purchases_12_months"`
	// ExpectedSpend is the Gamma-Gamma expected value per purchase.
	ExpectedSpend decimal.Decimal `json:"expected_spend"`
	// CLV is the value over 12 monthly steps at 1% per month.
	CLV decimal.Decimal `json:"clv"`
}

// topCustomers returns the topCustomerCount customers with the highest
// CLV, ties broken by customer id.
func topCustomers(customers []clv.Customer, purchases clv.BGNBD, spend clv.GammaGamma) ([]CustomerValue, error) {
	values := make([]CustomerValue, 0, len(customers))
	for _, c := range customers {
		value, err := clv.Value(purchases, spend, c, clvHorizon)
		if err != nil {
			return nil, fmt.Errorf("customer %q: %w", c.ID, err)
		}
		values = append(values, CustomerValue{CustomerID: c.ID, Frequency: c.Frequency, CLV: value})
	}
	slices.SortFunc(values, func(x, y CustomerValue) int {
		if c := y.CLV.Cmp(x.CLV); c != 0 {
			return c
		}
		return strings.Compare(x.CustomerID, y.CustomerID)
	})
	values = values[:min(topCustomerCount, len(values))]

	byID := make(map[string]clv.Customer, len(customers))
	for _, c := range customers {
		byID[c.ID] = c
	}
	for i := range values {
		if err := describeCustomer(&values[i], byID[values[i].CustomerID], purchases, spend); err != nil {
			return nil, err
		}
	}
	return values, nil
}

// describeCustomer fills the predictions behind a customer's CLV.
func describeCustomer(v *CustomerValue, c clv.Customer, purchases clv.BGNBD, spend clv.GammaGamma) error {
	alive, err := purchases.ProbabilityAlive(c)
	if err != nil {
		return fmt.Errorf("customer %q: %w", c.ID, err)
	}
	expected, err := purchases.ConditionalExpectedPurchases(c, time.Duration(clvHorizon.Steps)*clvHorizon.Step)
	if err != nil {
		return fmt.Errorf("customer %q: %w", c.ID, err)
	}
	meanSpend, err := spend.ExpectedSpend(c)
	if err != nil {
		return fmt.Errorf("customer %q: %w", c.ID, err)
	}
	v.RecencyWeeks = float64(c.Recency) / float64(clv.Week)
	v.AgeWeeks = float64(c.Age) / float64(clv.Week)
	v.ProbabilityAlive, v.ExpectedPurchases, v.ExpectedSpend = alive, expected, meanSpend
	return nil
}

func printTopCustomers(out *SectionOutput, top []CustomerValue) {
	out.Line("top %d customers by CLV (12 monthly steps, 1%% per month):", len(top))
	out.Line("  %-10s %4s %8s %8s %8s %10s %10s %10s", "customer", "x", "t_x wk", "T wk", "P(alive)", "E[Y(12m)]", "spend", "CLV")
	for _, v := range top {
		out.Line("  %-10s %4d %8.2f %8.2f %8.4f %10.4f %10s %10s", v.CustomerID, v.Frequency,
			v.RecencyWeeks, v.AgeWeeks, v.ProbabilityAlive, v.ExpectedPurchases,
			v.ExpectedSpend.StringFixed(2), v.CLV.StringFixed(2))
	}
}
