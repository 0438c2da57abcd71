package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// WriteDir writes d as CSV files in the layout LoadDir reads, creating dir
// if needed. Attribute columns are written in sorted order after the
// defined columns.
func WriteDir(dir string, d *Dataset) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "as_of.txt"), []byte(d.AsOf.Format(dateLayout)+"\n"), 0o644); err != nil {
		return err
	}
	for _, t := range csvTables(d) {
		if err := writeTable(filepath.Join(dir, t.name), t); err != nil {
			return err
		}
	}
	return nil
}

// csvTable is one file's header and rows as strings.
type csvTable struct {
	name   string
	header []string
	rows   [][]string
}

func csvTables(d *Dataset) []csvTable {
	customerAttrs := attrColumns(len(d.Customers), func(i int) map[string]string { return d.Customers[i].Attrs })
	dealAttrs := attrColumns(len(d.Deals), func(i int) map[string]string { return d.Deals[i].Attrs })

	customers := csvTable{name: "customers.csv", header: append([]string{"customer_id", "signed_up_on", "churned_on"}, customerAttrs...)}
	for _, c := range d.Customers {
		customers.rows = append(customers.rows, append([]string{c.ID, date(c.SignedUpOn), date(c.ChurnedOn)}, attrValues(c.Attrs, customerAttrs)...))
	}
	orders := csvTable{name: "orders.csv", header: []string{"order_id", "customer_id", "ordered_on", "amount"}}
	for _, o := range d.Orders {
		orders.rows = append(orders.rows, []string{o.ID, o.CustomerID, date(o.OrderedOn), o.Amount.StringFixed(2)})
	}
	subscriptions := csvTable{name: "subscriptions.csv", header: []string{"customer_id", "month", "mrr"}}
	for _, s := range d.Subscriptions {
		subscriptions.rows = append(subscriptions.rows, []string{s.CustomerID, s.Month.Format(monthLayout), s.MRR.StringFixed(2)})
	}
	responses := csvTable{name: "responses.csv", header: []string{"response_id", "customer_id", "answered_on", "survey", "score"}}
	for _, r := range d.Responses {
		responses.rows = append(responses.rows, []string{r.ID, r.CustomerID, date(r.AnsweredOn), r.Survey, optionalInt(r.Score)})
	}
	leads := csvTable{name: "leads.csv", header: []string{"lead_id", "created_at", "first_response_at", "qualified", "converted", "source"}}
	for _, l := range d.Leads {
		leads.rows = append(leads.rows, []string{l.ID, timestamp(l.CreatedAt), timestamp(l.FirstResponseAt),
			strconv.FormatBool(l.Qualified), strconv.FormatBool(l.Converted), l.Source})
	}
	deals := csvTable{name: "deals.csv", header: append([]string{"deal_id", "account", "owner", "stage", "amount", "created_on", "closed_on", "outcome"}, dealAttrs...)}
	for _, x := range d.Deals {
		amount := ""
		if x.Amount.Valid {
			amount = x.Amount.Decimal.StringFixed(2)
		}
		deals.rows = append(deals.rows, append([]string{x.ID, x.Account, x.Owner, x.Stage, amount, date(x.CreatedOn), date(x.ClosedOn), x.Outcome},
			attrValues(x.Attrs, dealAttrs)...))
	}
	stages := csvTable{name: "deal_stages.csv", header: []string{"deal_id", "stage", "entered_at"}}
	for _, s := range d.DealStages {
		stages.rows = append(stages.rows, []string{s.DealID, s.Stage, timestamp(s.EnteredAt)})
	}
	tickets := csvTable{name: "tickets.csv", header: []string{"ticket_id", "customer_id", "created_at", "first_response_at", "resolved_at", "contacts", "csat"}}
	for _, t := range d.Tickets {
		tickets.rows = append(tickets.rows, []string{t.ID, t.CustomerID, timestamp(t.CreatedAt), timestamp(t.FirstResponseAt),
			timestamp(t.ResolvedAt), optionalInt(t.Contacts), optionalInt(t.CSAT)})
	}
	activity := csvTable{name: "activity.csv", header: []string{"customer_id", "user_id", "active_on", "feature"}}
	for _, a := range d.Activity {
		activity.rows = append(activity.rows, []string{a.CustomerID, a.UserID, date(a.ActiveOn), a.Feature})
	}
	costs := csvTable{name: "costs.csv", header: []string{"month", "kind", "amount"}}
	for _, c := range d.Costs {
		costs.rows = append(costs.rows, []string{c.Month.Format(monthLayout), c.Kind, c.Amount.StringFixed(2)})
	}

	all := []csvTable{customers, orders, subscriptions, responses, leads, deals, stages, tickets, activity, costs}
	var present []csvTable
	for _, t := range all {
		if d.Files[t.name] {
			present = append(present, t)
		}
	}
	return present
}

func writeTable(path string, t csvTable) (err error) {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if closeErr := file.Close(); err == nil {
			err = closeErr
		}
	}()
	w := csv.NewWriter(file)
	if err := w.Write(t.header); err != nil {
		return err
	}
	if err := w.WriteAll(t.rows); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// attrColumns returns the sorted union of the attribute names of n rows.
func attrColumns(n int, attrs func(int) map[string]string) []string {
	seen := map[string]bool{}
	for i := range n {
		for k := range attrs(i) {
			seen[k] = true
		}
	}
	return sortedKeys(seen)
}

func attrValues(attrs map[string]string, columns []string) []string {
	values := make([]string, len(columns))
	for i, c := range columns {
		values[i] = attrs[c]
	}
	return values
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout)
}

func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func optionalInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
