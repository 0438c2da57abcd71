package main

import (
	"fmt"
	"strconv"
	"strings"
)

// healthDoc is the health table.
type healthDoc struct {
	Customers int64 `json:"customers"`
	Scored    int64 `json:"scored"`
	NotScored int64 `json:"not_scored"`
	Bands     []struct {
		Band  string  `json:"band"`
		Count int64   `json:"count"`
		Total int64   `json:"total"`
		Share float64 `json:"share"`
	} `json:"bands"`
}

// healthChart draws the customers of each health band.
func healthChart(d *reportDoc, id string) (*chart, string, error) {
	var h healthDoc
	ok, err := d.table("health", &h)
	if err != nil || !ok || len(h.Bands) == 0 || h.Scored == 0 {
		return nil, "No customer active on as of has a health signal.", err
	}
	var rows []hbarRow
	table := dataTable{Caption: "Customers by health band", Head: []string{"Band", "Customers", "Share of scored"}}
	for _, b := range h.Bands {
		share := formatPercent(b.Share)
		rows = append(rows, hbarRow{Label: b.Band, Value: float64(b.Count), Class: "bar band-" + b.Band,
			Text: fmt.Sprintf("%s (%s)", formatCount(float64(b.Count)), share),
			Tip:  fmt.Sprintf("%s: %s customers, %s of those scored", b.Band, formatCount(float64(b.Count)), share)})
		table.Rows = append(table.Rows, []string{b.Band, formatCount(float64(b.Count)), share})
	}
	c := hbarChart(id, "Customer health bands", rows, hbarOptions{Format: formatCompact, Title: "Customers", Integer: true})
	c.Desc = fmt.Sprintf("Bar chart of the %s scored customers by health band: %s.", formatCount(float64(h.Scored)), joinRows(table.Rows, 0, 2))
	c.Note = fmt.Sprintf("Customers active on as of: %s scored, %s without any health signal.",
		formatCount(float64(h.Scored)), formatCount(float64(h.NotScored)))
	c.Data = table
	return c, "", nil
}

// rfmDoc is the rfm table.
type rfmDoc struct {
	Customers int64 `json:"customers"`
	Segments  []struct {
		Segment         string  `json:"segment"`
		Customers       int64   `json:"customers"`
		Share           float64 `json:"share"`
		Monetary        string  `json:"monetary"`
		MonetaryShare   float64 `json:"monetary_share"`
		MeanRecencyDays float64 `json:"mean_recency_days"`
		MeanFrequency   float64 `json:"mean_frequency"`
	} `json:"segments"`
}

// rfmChart draws the customers of each RFM segment with its share of
// customers and of spend.
func rfmChart(d *reportDoc, id string) (*chart, string, error) {
	var r rfmDoc
	ok, err := d.table("rfm", &r)
	if err != nil || !ok || len(r.Segments) == 0 {
		return nil, "No RFM segments: they need orders.csv.", err
	}
	var rows []hbarRow
	table := dataTable{Caption: "Customers by RFM segment",
		Head: []string{"Segment", "Customers", "Share", "Spend", "Share of spend", "Mean recency (days)", "Mean orders"}}
	for _, s := range r.Segments {
		share, spend := formatPercent(s.Share), formatPercent(s.MonetaryShare)
		rows = append(rows, hbarRow{Label: s.Segment, Value: float64(s.Customers),
			Text: fmt.Sprintf("%s, %s spend", share, spend),
			Tip:  fmt.Sprintf("%s: %s customers (%s), %s of spend", s.Segment, formatCount(float64(s.Customers)), share, spend)})
		table.Rows = append(table.Rows, []string{s.Segment, formatCount(float64(s.Customers)), share, formatMoney(s.Monetary), spend,
			strconv.FormatFloat(s.MeanRecencyDays, 'f', 0, 64), strconv.FormatFloat(s.MeanFrequency, 'f', 2, 64)})
	}
	c := hbarChart(id, "RFM segments", rows, hbarOptions{Format: formatCompact, Title: "Customers", Integer: true})
	c.Desc = fmt.Sprintf("Bar chart of the %s customers with orders by RFM segment, with each segment's share of customers and of spend: %s.",
		formatCount(float64(r.Customers)), joinRows(table.Rows, 0, 1))
	c.Note = "Customers with orders up to as of, scored in recency, frequency and monetary quintiles. Beside each bar: share of customers, share of spend."
	c.Data = table
	return c, "", nil
}

// attributeDoc is the segments_by_attribute table.
type attributeDoc struct {
	Attribute string `json:"attribute"`
	Rows      []struct {
		Value          string   `json:"value"`
		CustomersStart int64    `json:"customers_start"`
		Churned        int64    `json:"churned"`
		ChurnRate      *float64 `json:"churn_rate"`
		NPSResponses   int64    `json:"nps_responses"`
		NPS            *float64 `json:"nps"`
	} `json:"rows"`
}

// churnByAttributeChart draws the logo churn rate of each value of the
// customer attribute the segment section chose.
func churnByAttributeChart(d *reportDoc, id string) (*chart, string, error) {
	var a attributeDoc
	ok, err := d.table("segments_by_attribute", &a)
	if err != nil || !ok || len(a.Rows) == 0 {
		return nil, "No customer attribute to segment by in customers.csv.", err
	}
	title := "Churn rate by " + a.Attribute
	var rows []hbarRow
	table := dataTable{Caption: title, Head: []string{capitalize(a.Attribute), "Customers at start", "Churned", "Churn rate", "NPS answers", "NPS"}}
	for _, r := range a.Rows {
		rate, nps := "none at start", ""
		row := hbarRow{Label: r.Value, Text: rate}
		if r.ChurnRate != nil {
			rate = formatPercent(*r.ChurnRate)
			row = hbarRow{Label: r.Value, Value: *r.ChurnRate, Text: fmt.Sprintf("%s (%d/%d)", rate, r.Churned, r.CustomersStart)}
		}
		if r.NPS != nil {
			nps = formatPoints(*r.NPS)
		}
		row.Tip = fmt.Sprintf("%s: churn %s, %d of %d customers at start", r.Value, rate, r.Churned, r.CustomersStart)
		rows = append(rows, row)
		table.Rows = append(table.Rows, []string{r.Value, formatCount(float64(r.CustomersStart)), formatCount(float64(r.Churned)),
			rate, formatCount(float64(r.NPSResponses)), nps})
	}
	c := hbarChart(id, title, rows, hbarOptions{Format: formatPercentTick, Title: "Churned in the period / customers at its start"})
	c.Desc = fmt.Sprintf("Bar chart of the logo churn rate by customer %s: %s.", a.Attribute, joinRows(table.Rows, 0, 3))
	c.Note = "Customers active just before the period who churned in it; in brackets, churned of customers at the start. The data table adds NPS by " +
		strings.ToLower(a.Attribute) + "."
	c.Data = table
	return c, "", nil
}
