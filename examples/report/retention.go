package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/crmmetrics/crmmetrics/retention"
	"github.com/shopspring/decimal"
)

// retentionSection reports the retention.*, survival.* and mrr.* figures:
// customer counts, logo churn and retention over the period, a Kaplan-Meier
// curve of customer tenure in days, a cohort table, and, when
// subscriptions.csv is present, the MRR bridge of the period's months.
var retentionSection = Section{
	Name:  "retention",
	Title: "Retention, survival and MRR",
	Needs: []string{"customers.csv"},
	Run:   runRetention,
}

// costPlaces is the number of decimals of money quotients such as the
// retention cost per customer.
const costPlaces = 10

func runRetention(d *Dataset, p Period, out *SectionOutput) error {
	subs, err := customerSpans(d)
	if err != nil {
		return err
	}
	counts, err := retentionFigures(d, p, subs, out)
	if err != nil {
		return err
	}
	if err := survivalFigures(d, out); err != nil {
		return err
	}
	if err := cohortTable(d, subs, out); err != nil {
		return err
	}
	if d.Has("costs.csv") {
		costFigure(d, p, counts, out)
	}
	if !d.Has("subscriptions.csv") {
		out.Line("no subscriptions.csv: no MRR figures")
		return nil
	}
	return mrrFigures(d, p, out)
}

// customerSpans turns each customer into one subscription from
// signed_up_on to churned_on.
func customerSpans(d *Dataset) ([]retention.Subscription, error) {
	subs := make([]retention.Subscription, len(d.Customers))
	for i, c := range d.Customers {
		if !c.ChurnedOn.IsZero() && c.ChurnedOn.Before(c.SignedUpOn) {
			return nil, fmt.Errorf("customers.csv line %d, customer %q: churned_on %s before signed_up_on %s: %w",
				c.Line, c.ID, c.ChurnedOn.Format(dateLayout), c.SignedUpOn.Format(dateLayout), retention.ErrEndBeforeStart)
		}
		subs[i] = retention.Subscription{ID: c.ID, Customer: c.ID, Start: c.SignedUpOn, End: c.ChurnedOn}
	}
	return subs, nil
}

func retentionFigures(d *Dataset, p Period, subs []retention.Subscription, out *SectionOutput) (retention.CustomerCounts, error) {
	counts, err := retention.CountCustomers(subs, retention.Period{Start: p.Start, End: p.End})
	if err != nil {
		return counts, fmt.Errorf("customers.csv: %w", err)
	}
	out.Figure("retention.customers_start", counts.AtStart)
	out.Figure("retention.customers_end", counts.AtEnd)
	out.Figure("retention.new_customers", counts.New)
	// Every customer whose churned_on falls in the period: those of the
	// start base and those who signed up and left inside it.
	out.Figure("retention.churned_customers", counts.Churned+counts.NewChurned)

	churn, err := counts.LogoChurn(retention.ChurnOptions{})
	if errors.Is(err, retention.ErrNoCustomers) {
		out.Absent("retention.logo_churn_rate", "no customers at the period start")
		out.Absent("retention.retention_rate", "no customers at the period start")
		return counts, nil
	}
	if err != nil {
		return counts, err
	}
	retained, err := counts.RetentionRate()
	if err != nil {
		return counts, err
	}
	out.Figure("retention.logo_churn_rate", churn.Value)
	out.Figure("retention.retention_rate", retained.Value)
	interval, err := churn.Interval(0.95)
	if err != nil {
		return counts, err
	}
	out.Line("logo churn %d of %d, 95%% Wilson interval [%.4f, %.4f]; %d customers joined and left in the period",
		churn.Churned, counts.AtStart, interval.Lower, interval.Upper, counts.NewChurned)
	return counts, nil
}

// survivalFigures fits a Kaplan-Meier curve of tenure in calendar days:
// from signed_up_on to churned_on (an event) or to as_of (censored).
func survivalFigures(d *Dataset, out *SectionOutput) error {
	subjects := make([]retention.Subject, len(d.Customers))
	for i, c := range d.Customers {
		s := retention.Subject{Time: tenureDays(c.SignedUpOn, d.AsOf), Status: retention.Censored}
		if !c.ChurnedOn.IsZero() {
			s = retention.Subject{Time: tenureDays(c.SignedUpOn, c.ChurnedOn), Status: retention.Churned}
		}
		subjects[i] = s
	}
	curve, err := retention.KaplanMeier(subjects, retention.SurvivalOptions{})
	if errors.Is(err, retention.ErrNoSubjects) {
		out.Absent("survival.median_days", "no customers")
		out.Absent("survival.s_365", "no customers")
		return nil
	}
	if err != nil {
		return fmt.Errorf("customers.csv: %w", err)
	}

	median := curve.Median()
	if median.Estimate.Reached {
		out.Figure("survival.median_days", median.Estimate.Time)
	} else {
		out.Absent("survival.median_days", "the survival curve stays above 0.5")
	}
	at, err := curve.At(365)
	switch {
	case errors.Is(err, retention.ErrBeyondFollowUp):
		out.Absent("survival.s_365", "no customer was followed 365 days")
	case err != nil:
		return err
	default:
		out.Figure("survival.s_365", at.Survival)
	}
	out.Table("survival_curve", curve)
	writeSurvivalText(curve, median, out)
	return nil
}

// tenureDays returns the calendar days from a to b, both at 00:00 UTC.
func tenureDays(a, b time.Time) float64 {
	return days(b.Sub(a))
}

func writeSurvivalText(curve retention.Curve, median retention.SurvivalTime, out *SectionOutput) {
	out.Line("Kaplan-Meier survival of %d customers (%d churned), 95%% log-log intervals:",
		curve.Subjects, curve.Events)
	for _, t := range []float64{30, 90, 180, 365, 730, 1095} {
		at, err := curve.At(t)
		if err != nil {
			break
		}
		band := "no interval"
		if at.HasInterval {
			band = fmt.Sprintf("[%.4f, %.4f]", at.Lower, at.Upper)
		}
		out.Line("  day %5.0f  S = %.4f  %s", t, at.Survival, band)
	}
	out.Line("  median %s, 95%% interval %s .. %s",
		crossing(median.Estimate), crossing(median.Lower), crossing(median.Upper))
}

func crossing(c retention.Crossing) string {
	if !c.Reached {
		return "not reached"
	}
	return fmt.Sprintf("%.0f days", c.Time)
}

// cohortTable adds the cohort table of customers by signup month, each
// active at a month's end, and prints the cohorts of the last twelve
// months.
func cohortTable(d *Dataset, subs []retention.Subscription, out *SectionOutput) error {
	table, err := retention.CohortsFromSubscriptions(subs, d.AsOf.AddDate(0, 0, 1), time.UTC)
	if err != nil {
		return fmt.Errorf("customers.csv: %w", err)
	}
	out.Table("cohort_table", table)
	out.Line("cohorts by signup month, share active at the end of each month since (* in progress, - not yet observable):")
	cohorts := table.Cohorts[max(0, len(table.Cohorts)-12):]
	for _, c := range cohorts {
		line := fmt.Sprintf("  %s %6d ", c.Month, c.Size)
		for _, cell := range c.Cells[:min(len(c.Cells), 12)] {
			line += cohortCell(cell)
		}
		out.Line("%s", line)
	}
	return nil
}

func cohortCell(cell retention.CohortCell) string {
	switch cell.State {
	case retention.NotObservable:
		return "      -"
	case retention.InProgress:
		return fmt.Sprintf(" %5.1f*", 100*cell.Share)
	}
	return fmt.Sprintf(" %5.1f%%", 100*cell.Share)
}

// costFigure divides the retention costs of the period's months by the
// customers at the period start.
func costFigure(d *Dataset, p Period, counts retention.CustomerCounts, out *SectionOutput) {
	var spend decsum.Sum
	for _, c := range d.Costs {
		if c.Kind == CostRetention && p.Contains(c.Month) {
			spend.Add(c.Amount)
		}
	}
	cost, err := retention.CostPerCustomer(spend.Value(), counts.AtStart, costPlaces)
	if err != nil {
		out.Absent("retention.cost_per_customer", "no customers at the period start")
		return
	}
	out.Figure("retention.cost_per_customer", cost)
}

// mrrFigures builds the MRR bridge of the twelve calendar months ending
// with the month of as_of, from every subscriptions.csv row up to then.
func mrrFigures(d *Dataset, p Period, out *SectionOutput) error {
	last, err := retention.MonthOf(d.AsOf, time.UTC)
	if err != nil {
		return err
	}
	first := last.AddMonths(-11)
	rows := make([]retention.CustomerMonth, len(d.Subscriptions))
	for i, s := range d.Subscriptions {
		m, err := retention.MonthOf(s.Month, time.UTC)
		if err != nil {
			return err
		}
		rows[i] = retention.CustomerMonth{Customer: s.CustomerID, Month: m, MRR: s.MRR}
		if s.MRR.Sign() < 0 {
			return fmt.Errorf("subscriptions.csv line %d, customer %q: negative mrr %s: %w",
				s.Line, s.CustomerID, s.MRR, retention.ErrNegativeAmount)
		}
	}
	bridge, err := retention.BuildBridge(rows, first, last)
	if err != nil {
		return fmt.Errorf("subscriptions.csv: %w", err)
	}

	total := bridge.Total()
	for _, f := range []struct {
		name  string
		value decimal.Decimal
	}{
		{"mrr.start", total.Start}, {"mrr.end", total.End}, {"mrr.new", total.New},
		{"mrr.expansion", total.Expansion}, {"mrr.contraction", total.Contraction},
		{"mrr.churned", total.Churn}, {"mrr.reactivation", total.Reactivation},
	} {
		out.Figure(f.name, f.value)
	}
	revenueRetention(bridge.Cohort, out)
	out.Table("mrr_by_month", bridge.Months)
	writeBridgeText(bridge, total, out)
	return nil
}

func revenueRetention(cohort retention.RevenueCohort, out *SectionOutput) {
	nrr, err := cohort.NRR()
	if err != nil {
		out.Absent("mrr.nrr", "no MRR in the opening month")
		out.Absent("mrr.grr", "no MRR in the opening month")
		return
	}
	grr, _ := cohort.GRR()
	out.Figure("mrr.nrr", nrr)
	out.Figure("mrr.grr", grr)
}

func writeBridgeText(bridge retention.Bridge, total retention.Movements, out *SectionOutput) {
	out.Line("MRR by month (start + new + expansion + reactivation - contraction - churn = end):")
	for _, m := range bridge.Months {
		out.Line("  %s %14s +%12s +%12s +%10s -%12s -%12s = %14s", m.From,
			m.Start.StringFixed(2), m.New.StringFixed(2), m.Expansion.StringFixed(2), m.Reactivation.StringFixed(2),
			m.Contraction.StringFixed(2), m.Churn.StringFixed(2), m.End.StringFixed(2))
	}
	if q, err := total.QuickRatio(false); err == nil {
		out.Line("quick ratio %.3f (with reactivation in the numerator: %.3f)", q, quickWith(total))
	}
}

func quickWith(total retention.Movements) float64 {
	q, _ := total.QuickRatio(true)
	return q
}
