package main

import (
	"fmt"
	"strings"
	"time"
)

// dataFiles is the CSV layout the report reads, one entry per file.
var dataFiles = []dataFile{
	{
		name:     "customers.csv",
		required: []string{"customer_id", "signed_up_on", "churned_on"},
		parse: func(r *row, d *Dataset) {
			d.Customers = append(d.Customers, Customer{
				ID:         r.required("customer_id"),
				SignedUpOn: r.date("signed_up_on", false),
				ChurnedOn:  r.date("churned_on", true),
				Attrs:      r.attrs(),
				Line:       r.line,
			})
		},
	},
	{
		name:     "orders.csv",
		required: []string{"order_id", "customer_id", "ordered_on", "amount"},
		parse: func(r *row, d *Dataset) {
			d.Orders = append(d.Orders, Order{
				ID:         r.required("order_id"),
				CustomerID: r.str("customer_id"),
				OrderedOn:  r.date("ordered_on", false),
				Amount:     r.money("amount", false).Decimal,
				Attrs:      r.attrs(),
				Line:       r.line,
			})
		},
	},
	{
		name:     "subscriptions.csv",
		required: []string{"customer_id", "month", "mrr"},
		parse: func(r *row, d *Dataset) {
			d.Subscriptions = append(d.Subscriptions, SubscriptionMonth{
				CustomerID: r.required("customer_id"),
				Month:      r.month("month"),
				MRR:        r.money("mrr", false).Decimal,
				Line:       r.line,
			})
		},
	},
	{
		name:     "responses.csv",
		required: []string{"response_id", "customer_id", "answered_on", "survey", "score"},
		parse: func(r *row, d *Dataset) {
			d.Responses = append(d.Responses, Response{
				ID:         r.required("response_id"),
				CustomerID: r.str("customer_id"),
				AnsweredOn: r.date("answered_on", false),
				Survey:     r.oneOf("survey", SurveyNPS, SurveyCSAT, SurveyCES),
				Score:      r.integer("score"),
				Attrs:      r.attrs(),
				Line:       r.line,
			})
		},
	},
	{
		name:     "leads.csv",
		required: []string{"lead_id", "created_at", "first_response_at", "qualified", "converted", "source"},
		parse: func(r *row, d *Dataset) {
			d.Leads = append(d.Leads, Lead{
				ID:              r.required("lead_id"),
				CreatedAt:       r.timestamp("created_at", false),
				FirstResponseAt: r.timestamp("first_response_at", true),
				Qualified:       r.boolean("qualified"),
				Converted:       r.boolean("converted"),
				Source:          r.str("source"),
				Attrs:           r.attrs(),
				Line:            r.line,
			})
		},
	},
	{
		name:     "deals.csv",
		required: []string{"deal_id", "account", "owner", "stage", "amount", "created_on", "closed_on", "outcome"},
		parse: func(r *row, d *Dataset) {
			d.Deals = append(d.Deals, Deal{
				ID:        r.required("deal_id"),
				Account:   r.str("account"),
				Owner:     r.str("owner"),
				Stage:     r.str("stage"),
				Amount:    r.money("amount", true),
				CreatedOn: r.date("created_on", true),
				ClosedOn:  r.date("closed_on", true),
				Outcome:   r.oneOf("outcome", OutcomeWon, OutcomeLost, OutcomeOpen),
				Attrs:     r.attrs(),
				Line:      r.line,
			})
		},
	},
	{
		name:     "deal_stages.csv",
		required: []string{"deal_id", "stage", "entered_at"},
		parse: func(r *row, d *Dataset) {
			d.DealStages = append(d.DealStages, DealStage{
				DealID:    r.required("deal_id"),
				Stage:     r.required("stage"),
				EnteredAt: r.timestamp("entered_at", false),
				Line:      r.line,
			})
		},
	},
	{
		name:     "tickets.csv",
		required: []string{"ticket_id", "customer_id", "created_at", "first_response_at", "resolved_at", "contacts", "csat"},
		parse: func(r *row, d *Dataset) {
			d.Tickets = append(d.Tickets, Ticket{
				ID:              r.required("ticket_id"),
				CustomerID:      r.str("customer_id"),
				CreatedAt:       r.timestamp("created_at", false),
				FirstResponseAt: r.timestamp("first_response_at", true),
				ResolvedAt:      r.timestamp("resolved_at", true),
				Contacts:        r.integer("contacts"),
				CSAT:            r.integer("csat"),
				Attrs:           r.attrs(),
				Line:            r.line,
			})
		},
	},
	{
		name:     "activity.csv",
		required: []string{"customer_id", "user_id", "active_on", "feature"},
		parse: func(r *row, d *Dataset) {
			d.Activity = append(d.Activity, Activity{
				CustomerID: r.required("customer_id"),
				UserID:     r.required("user_id"),
				ActiveOn:   r.date("active_on", false),
				Feature:    r.str("feature"),
				Line:       r.line,
			})
		},
	},
	{
		name:     "costs.csv",
		required: []string{"month", "kind", "amount"},
		parse: func(r *row, d *Dataset) {
			d.Costs = append(d.Costs, Cost{
				Month:  r.month("month"),
				Kind:   r.oneOf("kind", CostAcquisition, CostRetention),
				Amount: r.money("amount", false).Decimal,
				Line:   r.line,
			})
		},
	},
}

// datedCell is one date or timestamp of a row, for the check against as_of.
type datedCell struct {
	file, column string
	line         int
	at           time.Time
	// layout writes at back in the form of its column.
	layout string
}

// datedCells calls yield for every non-empty date and timestamp of d.
func datedCells(d *Dataset, yield func(datedCell) bool) {
	emit := func(file, column string, line int, at time.Time) bool {
		return at.IsZero() || yield(datedCell{file, column, line, at, columnLayout(column)})
	}
	for _, c := range d.Customers {
		if !emit("customers.csv", "signed_up_on", c.Line, c.SignedUpOn) || !emit("customers.csv", "churned_on", c.Line, c.ChurnedOn) {
			return
		}
	}
	for _, o := range d.Orders {
		if !emit("orders.csv", "ordered_on", o.Line, o.OrderedOn) {
			return
		}
	}
	for _, s := range d.Subscriptions {
		if !emit("subscriptions.csv", "month", s.Line, s.Month) {
			return
		}
	}
	for _, r := range d.Responses {
		if !emit("responses.csv", "answered_on", r.Line, r.AnsweredOn) {
			return
		}
	}
	for _, l := range d.Leads {
		if !emit("leads.csv", "created_at", l.Line, l.CreatedAt) || !emit("leads.csv", "first_response_at", l.Line, l.FirstResponseAt) {
			return
		}
	}
	for _, deal := range d.Deals {
		// An open deal's closed_on is the expected close date, which CRMs
		// keep in the same field and which may lie after as_of.
		closed := deal.ClosedOn
		if deal.Outcome == OutcomeOpen {
			closed = time.Time{}
		}
		if !emit("deals.csv", "created_on", deal.Line, deal.CreatedOn) || !emit("deals.csv", "closed_on", deal.Line, closed) {
			return
		}
	}
	for _, s := range d.DealStages {
		if !emit("deal_stages.csv", "entered_at", s.Line, s.EnteredAt) {
			return
		}
	}
	for _, t := range d.Tickets {
		if !emit("tickets.csv", "created_at", t.Line, t.CreatedAt) ||
			!emit("tickets.csv", "first_response_at", t.Line, t.FirstResponseAt) ||
			!emit("tickets.csv", "resolved_at", t.Line, t.ResolvedAt) {
			return
		}
	}
	for _, a := range d.Activity {
		if !emit("activity.csv", "active_on", a.Line, a.ActiveOn) {
			return
		}
	}
	for _, c := range d.Costs {
		if !emit("costs.csv", "month", c.Line, c.Month) {
			return
		}
	}
}

// columnLayout returns the layout of a date, month or timestamp column by
// its name.
func columnLayout(column string) string {
	switch {
	case column == "month":
		return monthLayout
	case strings.HasSuffix(column, "_at"):
		return time.RFC3339
	default:
		return dateLayout
	}
}

// checkDates returns a *LoadError for the first row dated after as_of: any
// instant from 00:00 UTC of the day after as_of on. A timestamp with an
// offset is compared by its UTC instant.
func checkDates(d *Dataset) error {
	end := d.AsOf.AddDate(0, 0, 1)
	var err error
	datedCells(d, func(c datedCell) bool {
		if !c.at.Before(end) {
			err = &LoadError{File: c.file, Line: c.line, Column: c.column, Value: c.at.Format(c.layout),
				Err: fmt.Errorf("%w %s", errAfterAsOf, d.AsOf.Format(dateLayout))}
			return false
		}
		return true
	})
	return err
}

// latestDate returns the day of the latest date or timestamp in d.
func latestDate(d *Dataset) time.Time {
	var latest time.Time
	datedCells(d, func(c datedCell) bool {
		if c.at.After(latest) {
			latest = c.at
		}
		return true
	})
	return latest.Truncate(24 * time.Hour)
}
