package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/revenue"
	"github.com/shopspring/decimal"
)

// revenueSection reports the revenue.* figures: orders placed in the period,
// their total, average purchase value and repeat customer share, and, when
// costs.csv and customers.csv are present, the CAC.
var revenueSection = Section{
	Name:  "revenue",
	Title: "Revenue and acquisition",
	Needs: []string{"orders.csv"},
	Run:   runRevenue,
}

// moneyPlaces is the number of decimal places of money quotients; the CSV
// layout asks for at least 6.
const moneyPlaces = 10

func runRevenue(d *Dataset, p Period, out *SectionOutput) error {
	if err := purchaseFigures(d, p, out); err != nil {
		return err
	}
	if err := revenueByMonth(d, p, out); err != nil {
		return err
	}
	if !d.Has("costs.csv", "customers.csv") {
		out.Line("no CAC: it needs costs.csv and customers.csv")
		return nil
	}
	return cacFigure(d, p, out)
}

func purchaseFigures(d *Dataset, p Period, out *SectionOutput) error {
	// Tally every order: those before the period tell existing customers
	// from new ones, those after it enter no figure.
	tally := revenue.Purchases{Period: revenue.Period{Start: p.Start, End: p.End}}
	for _, o := range d.Orders {
		order := revenue.Order{ID: o.ID, CustomerID: o.CustomerID, At: o.OrderedOn, Amount: o.Amount}
		if err := tally.Add(order); err != nil {
			return fmt.Errorf("orders.csv line %d: %w", o.Line, err)
		}
	}
	s, err := tally.Summary()
	if err != nil {
		return err
	}

	out.Figure("revenue.orders", s.Orders)
	out.Figure("revenue.total", s.Revenue)
	if apv, err := s.AveragePurchaseValue(moneyPlaces); err == nil {
		out.Figure("revenue.average_purchase_value", apv)
	} else {
		out.Absent("revenue.average_purchase_value", "no orders in the period")
	}
	if share, err := s.RepeatCustomerShare().Value(); err == nil {
		out.Figure("revenue.repeat_customer_share", share)
	} else {
		out.Absent("revenue.repeat_customer_share", "no customer ordered in the period")
	}

	out.Line("%d customers ordered, %d of them paying, %d repeat; %d new with %s of revenue",
		s.Customers, s.PayingCustomers, s.RepeatCustomers, s.NewCustomers, s.NewBusinessRevenue.StringFixed(2))
	if arpu, err := s.ARPU(2); err == nil {
		out.Line("revenue per paying customer %s", arpu.StringFixed(2))
	}
	if s.Anonymous > 0 {
		out.Line("%d orders without a customer id count in orders and total only", s.Anonymous)
	}
	return nil
}

// cacFigure reports revenue.cac: the acquisition costs of the period's
// months over the customers who signed up in the period. Every month of the
// period is paired with itself, so a month without a cost row has spend 0.
func cacFigure(d *Dataset, p Period, out *SectionOutput) error {
	// One acquisition row and one zero spend row per month of the period,
	// so that every cost of the period is paired and no month lacks spend.
	var spend []revenue.MonthlySpend
	var acquired []revenue.MonthlyAcquisitions
	for m := monthStart(p.Start); m.Before(p.End); m = m.AddDate(0, 1, 0) {
		month := utcMonth(m)
		spend = append(spend, revenue.MonthlySpend{Month: month})
		acquired = append(acquired, revenue.MonthlyAcquisitions{Month: month})
	}
	for _, c := range d.Costs {
		if c.Kind == CostAcquisition && p.Contains(c.Month) {
			spend = append(spend, revenue.MonthlySpend{Month: utcMonth(c.Month), Amount: c.Amount})
		}
	}
	// Without a single acquisition row in the period the spend is unknown,
	// not zero: a CAC of 0 would read as free customers.
	if len(spend) == len(acquired) {
		out.Absent("revenue.cac", "no acquisition costs in the period")
		return nil
	}
	for _, c := range d.Customers {
		if p.Contains(c.SignedUpOn) {
			month := utcMonth(c.SignedUpOn)
			acquired = append(acquired, revenue.MonthlyAcquisitions{Month: month, Customers: 1})
		}
	}

	r, err := revenue.CACWithLag(spend, acquired, 0, moneyPlaces)
	switch {
	case errors.Is(err, revenue.ErrNoCustomers):
		out.Absent("revenue.cac", "no new customers in the period")
		return nil
	case err != nil:
		// The rows are well-formed decimals, so only a negative amount can
		// be rejected here: name the first one's line.
		for _, c := range d.Costs {
			if c.Kind == CostAcquisition && p.Contains(c.Month) && c.Amount.IsNegative() {
				return fmt.Errorf("costs.csv line %d: %w", c.Line, err)
			}
		}
		return fmt.Errorf("costs.csv: %w", err)
	}
	out.Figure("revenue.cac", r.CAC)
	out.Line("acquisition spend %s over %d new customers", r.Spend.StringFixed(2), r.NewCustomers)
	return nil
}

// MonthlyRevenue is a row of the revenue_by_month table: the orders of one
// calendar month that fall in the period, and their revenue. The revenue
// splits into customers whose first order is in that month, returning
// customers, and orders without a customer id.
type MonthlyRevenue struct {
	Month              string          `json:"month"`
	Orders             int64           `json:"orders"`
	Revenue            decimal.Decimal `json:"revenue"`
	NewCustomerRevenue decimal.Decimal `json:"new_customer_revenue"`
	ReturningRevenue   decimal.Decimal `json:"returning_customer_revenue"`
	AnonymousRevenue   decimal.Decimal `json:"anonymous_revenue"`
}

// revenueByMonth adds the revenue_by_month table, one purchase summary per
// calendar month of the period (clipped to the period).
func revenueByMonth(d *Dataset, p Period, out *SectionOutput) error {
	orders := make([]revenue.Order, len(d.Orders))
	for i, o := range d.Orders {
		orders[i] = revenue.Order{ID: o.ID, CustomerID: o.CustomerID, At: o.OrderedOn, Amount: o.Amount}
	}
	var months []MonthlyRevenue
	for m := monthStart(p.Start); m.Before(p.End); m = m.AddDate(0, 1, 0) {
		period := revenue.Period{Start: maxTime(m, p.Start), End: minTime(m.AddDate(0, 1, 0), p.End)}
		s, err := revenue.SummarizeOrders(orders, period)
		if err != nil {
			return fmt.Errorf("orders.csv: %w", err)
		}
		months = append(months, MonthlyRevenue{
			Month: m.Format(monthLayout), Orders: s.Orders, Revenue: s.Revenue,
			NewCustomerRevenue: s.NewBusinessRevenue,
			ReturningRevenue:   s.CustomerRevenue.Sub(s.NewBusinessRevenue),
			AnonymousRevenue:   s.Revenue.Sub(s.CustomerRevenue),
		})
	}
	out.Table("revenue_by_month", months)
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// utcMonth returns the calendar month of t in UTC. MonthOf fails only for a
// nil location, so the error is dropped.
func utcMonth(t time.Time) revenue.Month {
	m, _ := revenue.MonthOf(t, time.UTC)
	return m
}
