package main

import (
	"errors"
	"fmt"
)

var (
	errDuplicateKey = errors.New("duplicate key")
	errUnknownDeal  = errors.New("deal not in deals.csv")
)

// checkKeys returns a *LoadError for the first row whose identifier repeats
// an earlier row's in the same file, or for a stage-history row of a deal
// that deals.csv does not list. Such rows would otherwise be counted twice
// or dropped without a word.
func checkKeys(d *Dataset) error {
	checks := []struct {
		file, column string
		n            int
		key          func(int) string
		line         func(int) int
	}{
		{"customers.csv", "customer_id", len(d.Customers), func(i int) string { return d.Customers[i].ID }, func(i int) int { return d.Customers[i].Line }},
		{"orders.csv", "order_id", len(d.Orders), func(i int) string { return d.Orders[i].ID }, func(i int) int { return d.Orders[i].Line }},
		{"subscriptions.csv", "customer_id, month", len(d.Subscriptions), func(i int) string {
			return d.Subscriptions[i].CustomerID + ", " + d.Subscriptions[i].Month.Format(monthLayout)
		}, func(i int) int { return d.Subscriptions[i].Line }},
		{"responses.csv", "response_id", len(d.Responses), func(i int) string { return d.Responses[i].ID }, func(i int) int { return d.Responses[i].Line }},
		{"leads.csv", "lead_id", len(d.Leads), func(i int) string { return d.Leads[i].ID }, func(i int) int { return d.Leads[i].Line }},
		{"deals.csv", "deal_id", len(d.Deals), func(i int) string { return d.Deals[i].ID }, func(i int) int { return d.Deals[i].Line }},
		{"tickets.csv", "ticket_id", len(d.Tickets), func(i int) string { return d.Tickets[i].ID }, func(i int) int { return d.Tickets[i].Line }},
	}
	for _, c := range checks {
		seen := make(map[string]int, c.n)
		for i := range c.n {
			key := c.key(i)
			if first, dup := seen[key]; dup {
				return &LoadError{File: c.file, Line: c.line(i), Column: c.column, Value: key,
					Err: fmt.Errorf("%w: also on line %d", errDuplicateKey, first)}
			}
			seen[key] = c.line(i)
		}
	}
	return checkStageDeals(d)
}

// checkStageDeals checks that every deal_stages.csv row names a deal of
// deals.csv, when both files are present.
func checkStageDeals(d *Dataset) error {
	if !d.Files["deals.csv"] {
		return nil
	}
	deals := make(map[string]bool, len(d.Deals))
	for _, deal := range d.Deals {
		deals[deal.ID] = true
	}
	for _, s := range d.DealStages {
		if !deals[s.DealID] {
			return &LoadError{File: "deal_stages.csv", Line: s.Line, Column: "deal_id", Value: s.DealID, Err: errUnknownDeal}
		}
	}
	return nil
}
