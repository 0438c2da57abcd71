package main

import (
	"fmt"
	"strconv"
	"strings"
)

// funnelStep is a row of the pipeline_funnel table.
type funnelStep struct {
	Stage      string   `json:"stage"`
	Reached    int64    `json:"reached"`
	Conversion *float64 `json:"conversion"`
	MedianDays *float64 `json:"median_days"`
}

// funnelChart draws the deals that reached each stage as bars centred on
// one axis, widest first, with the conversion from the step before.
func funnelChart(d *reportDoc, id string) (*chart, string, error) {
	var steps []funnelStep
	ok, err := d.table("pipeline_funnel", &steps)
	if err != nil || !ok || len(steps) == 0 {
		return nil, "No deal created in the period has a stage history (deal_stages.csv).", err
	}
	rows := make([]hbarRow, len(steps))
	table := dataTable{Caption: "Sales funnel of the deals created in the period",
		Head: []string{"Stage", "Deals reaching it", "Conversion from the step before", "Median days in stage"}}
	for i, s := range steps {
		conversion, median := "", ""
		if s.Conversion != nil && i > 0 {
			conversion = formatPercent(*s.Conversion)
		}
		if s.MedianDays != nil {
			median = strconv.FormatFloat(*s.MedianDays, 'f', 1, 64)
		}
		text := formatCount(float64(s.Reached))
		if conversion != "" {
			text += " (" + conversion + ")"
		}
		rows[i] = hbarRow{Label: s.Stage, Value: float64(s.Reached), Text: text,
			Tip: fmt.Sprintf("%s: %s deals reached it", s.Stage, formatCount(float64(s.Reached)))}
		table.Rows = append(table.Rows, []string{s.Stage, formatCount(float64(s.Reached)), conversion, median})
	}
	c := funnel(id, rows)
	c.Desc = fmt.Sprintf("Funnel of the deals created in the period, by the stage they reached: %s.", joinRows(table.Rows, 0, 1))
	c.Note = "Deals created in the period with a stage history; in brackets, the share of the step before that reached the stage."
	c.Data = table
	return c, "", nil
}

// funnel lays out rows as centred bars whose width is their share of the
// widest row.
func funnel(id string, rows []hbarRow) *chart {
	c := hbarChart(id, "Sales funnel", rows, hbarOptions{Format: formatCount, Title: "Deals", Integer: true})
	widest := 0.0
	for _, r := range rows {
		widest = max(widest, r.Value)
	}
	mid := c.Plot.X + c.Plot.W/2
	for i := range c.Rects {
		w := 0.0
		if widest > 0 {
			w = c.Plot.W * rows[i].Value / widest
		}
		c.Rects[i].X, c.Rects[i].W = mid-w/2, w
	}
	// Centred bars have no value axis: the counts are written beside them.
	c.X = axis{}
	c.Height -= 34
	return c
}

// segmentRate is a row of a pipeline_win_rate_by_* table.
type segmentRate struct {
	Segment string   `json:"segment"`
	Won     int64    `json:"won"`
	Lost    int64    `json:"lost"`
	WinRate *float64 `json:"win_rate"`
	Lower   float64  `json:"lower_95"`
	Upper   float64  `json:"upper_95"`
}

// winRateChart returns the drawing of the win rate table key by segment
// (owner, product) as bars with Wilson 95% whiskers.
func winRateChart(key, by string) func(d *reportDoc, id string) (*chart, string, error) {
	return func(d *reportDoc, id string) (*chart, string, error) {
		var segments []segmentRate
		ok, err := d.table(key, &segments)
		if err != nil || !ok || len(segments) == 0 {
			return nil, "No deal with a " + by + " closed in the period.", err
		}
		title := "Win rate by " + by
		var rows []hbarRow
		table := dataTable{Caption: title + ", deals closed in the period",
			Head: []string{capitalize(by), "Won", "Lost", "Win rate", "Lower 95%", "Upper 95%"}}
		for _, s := range segments {
			row, cells := winRateRow(s)
			rows = append(rows, row)
			table.Rows = append(table.Rows, append([]string{s.Segment, formatCount(float64(s.Won)), formatCount(float64(s.Lost))}, cells...))
		}
		c := hbarChart(id, title, rows, hbarOptions{Max: 1, Format: formatPercentTick, Title: "Won / (won + lost), deals closed in the period"})
		c.Desc = fmt.Sprintf("Bar chart of the win rate by %s with 95%% Wilson intervals: %s.", by, joinRows(table.Rows, 0, 3))
		c.Note = "Deals closed in the period, by closed_on; in brackets, won of closed. Whiskers: 95% Wilson intervals."
		c.Data = table
		return c, "", nil
	}
}

func winRateRow(s segmentRate) (hbarRow, []string) {
	if s.WinRate == nil {
		return hbarRow{Label: s.Segment, Text: "no deals closed", Tip: s.Segment + ": no deals closed in the period"},
			[]string{"none closed", "", ""}
	}
	rate := formatPercent(*s.WinRate)
	return hbarRow{
			Label: s.Segment, Value: *s.WinRate, HasInterval: true, Lower: s.Lower, Upper: s.Upper,
			Text: fmt.Sprintf("%s (%d/%d)", rate, s.Won, s.Won+s.Lost),
			Tip: fmt.Sprintf("%s: %s won (%d of %d), 95%% interval %s to %s", s.Segment, rate, s.Won, s.Won+s.Lost,
				formatPercent(s.Lower), formatPercent(s.Upper)),
		},
		[]string{rate, formatPercent(s.Lower), formatPercent(s.Upper)}
}

// customerValue is a row of the clv_top_customers table.
type customerValue struct {
	CustomerID        string  `json:"customer_id"`
	Frequency         int64   `json:"frequency"`
	ProbabilityAlive  float64 `json:"probability_alive"`
	ExpectedPurchases float64 `json:"expected_purchases_12_months"`
	CLV               string  `json:"clv"`
}

// topCLVChart draws the customers of highest predicted lifetime value.
func topCLVChart(d *reportDoc, id string) (*chart, string, error) {
	var customers []customerValue
	ok, err := d.table("clv_top_customers", &customers)
	if err != nil || !ok || len(customers) == 0 {
		return nil, "No CLV: it needs both the BG/NBD and the Gamma-Gamma fit.", err
	}
	var rows []hbarRow
	table := dataTable{Caption: "Top customers by predicted CLV",
		Head: []string{"Customer", "CLV", "P(alive)", "Expected purchases, 12 months", "Repeat purchase days"}}
	for _, cv := range customers {
		value, err := strconv.ParseFloat(cv.CLV, 64)
		if err != nil {
			return nil, "", fmt.Errorf("html: clv_top_customers: customer %q: clv %q is not a number", cv.CustomerID, cv.CLV)
		}
		money := formatMoney(cv.CLV)
		rows = append(rows, hbarRow{Label: cv.CustomerID, Value: value, Text: money,
			Tip: fmt.Sprintf("%s: CLV %s, P(alive) %.2f, %.1f expected purchases in 12 months", cv.CustomerID, money, cv.ProbabilityAlive, cv.ExpectedPurchases)})
		table.Rows = append(table.Rows, []string{cv.CustomerID, money, strconv.FormatFloat(cv.ProbabilityAlive, 'f', 3, 64),
			strconv.FormatFloat(cv.ExpectedPurchases, 'f', 2, 64), strconv.FormatInt(cv.Frequency, 10)})
	}
	c := hbarChart(id, "Top customers by predicted CLV", rows, hbarOptions{Format: formatCompact, Integer: true, Title: "Predicted CLV (data's currency)"})
	c.Desc = fmt.Sprintf("Bar chart of the %d customers with the highest predicted lifetime value: %s.", len(rows), joinRows(table.Rows, 0, 1))
	c.Note = "From the BG/NBD and Gamma-Gamma models fitted on every order up to as of."
	c.Data = table
	return c, "", nil
}

// formatCompact labels a money or count axis tick: 1,500 or 12k or 3.5M.
func formatCompact(v float64) string {
	switch a := max(v, -v); {
	case a >= 1e6:
		return strings.TrimSuffix(strconv.FormatFloat(v/1e6, 'f', 1, 64), ".0") + "M"
	case a >= 1e4:
		return strings.TrimSuffix(strconv.FormatFloat(v/1e3, 'f', 1, 64), ".0") + "k"
	}
	return formatCount(v)
}

// revenueMonth is a row of the revenue_by_month table.
type revenueMonth struct {
	Month     string `json:"month"`
	Orders    int64  `json:"orders"`
	Revenue   string `json:"revenue"`
	New       string `json:"new_customer_revenue"`
	Returning string `json:"returning_customer_revenue"`
	Anonymous string `json:"anonymous_revenue"`
}

// revenueChart draws each month's revenue as a stacked bar of new
// customers, returning customers and orders without a customer id.
func revenueChart(d *reportDoc, id string) (*chart, string, error) {
	var months []revenueMonth
	ok, err := d.table("revenue_by_month", &months)
	if err != nil || !ok || len(months) == 0 {
		return nil, "No orders in the period.", err
	}
	parts := []struct {
		label, class, fill string
		value              func(revenueMonth) string
	}{
		{"new customers", "swatch", "url(#p-new)", func(m revenueMonth) string { return m.New }},
		{"returning customers", "swatch", "url(#p-reactivation)", func(m revenueMonth) string { return m.Returning }},
		{"no customer id", "swatch", "url(#p-hatch)", func(m revenueMonth) string { return m.Anonymous }},
	}
	table := dataTable{Caption: "Revenue by month (data's currency)",
		Head: []string{"Month", "Orders", "Revenue", "New customers", "Returning customers", "No customer id"}}
	cols := make([]column, len(months))
	for i, m := range months {
		cols[i].Label = m.Month
		row := []string{m.Month, formatCount(float64(m.Orders)), formatMoney(m.Revenue)}
		for _, p := range parts {
			v, err := strconv.ParseFloat(p.value(m), 64)
			if err != nil {
				return nil, "", fmt.Errorf("html: revenue_by_month %s: %q is not a number", m.Month, p.value(m))
			}
			cols[i].Segments = append(cols[i].Segments, stackPart{Value: v, Class: p.class, Fill: p.fill,
				Tip: fmt.Sprintf("%s, %s: %s", m.Month, p.label, formatMoney(p.value(m)))})
			row = append(row, formatMoney(p.value(m)))
		}
		table.Rows = append(table.Rows, row)
	}
	var legend []legendItem
	for _, p := range parts {
		legend = append(legend, legendItem{Class: p.class, Fill: p.fill, Label: p.label})
	}
	c := vbarChart(id, "Revenue by month", cols, vbarOptions{Format: formatCompact, Integer: true, Title: "Revenue",
		XTitle: "Month ordered (orders.csv)", MonthLabels: true, Legend: legend})
	c.Desc = fmt.Sprintf("Stacked bar chart of the revenue of each month from %s to %s, split into new customers, returning customers "+
		"and orders without a customer id: %s.", months[0].Month, months[len(months)-1].Month, joinRows(table.Rows, 0, 2))
	c.Note = "Orders placed in the period, in the data's currency. New customers: no order before the month."
	c.Data = table
	return c, "", nil
}
