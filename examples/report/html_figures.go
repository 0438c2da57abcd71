package main

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// unit says how the page shows a figure.
type unit int

const (
	unitPlain   unit = iota // a number with four significant digits
	unitCount               // an integer with thousands separators
	unitPercent             // a fraction in [0, 1] shown as a percentage
	unitPoints              // NPS points
	unitMoney               // a decimal string in the data's currency
	unitMinutes
	unitHours
	unitDays
	unitOf5 // the mean of a 1..5 answer
	unitOf7 // the mean of a 1..7 answer
)

// figureLabel names a figure of the report's JSON for people.
type figureLabel struct {
	Name  string
	Label string
	Unit  unit
}

// figureLabels lists the figures of the CSV layout documentation in page
// order. A figure missing here is shown under its JSON name with a unit
// guessed from its value.
var figureLabels = []figureLabel{
	{"nps.score", "Net Promoter Score", unitPoints},
	{"nps.margin_of_error_95", "NPS margin of error (95%)", unitPoints},
	{"nps.responses", "NPS answers", unitCount},
	{"csat.score", "CSAT: share answering 4 or 5", unitPercent},
	{"csat.mean", "CSAT mean answer", unitOf5},
	{"csat.responses", "CSAT answers", unitCount},
	{"ces.easy_share", "CES: share answering 5 to 7", unitPercent},
	{"ces.mean", "CES mean answer (7 = very easy)", unitOf7},
	{"ces.responses", "CES answers", unitCount},
	{"retention.customers_start", "Customers at period start", unitCount},
	{"retention.customers_end", "Customers at period end", unitCount},
	{"retention.new_customers", "New customers", unitCount},
	{"retention.churned_customers", "Churned customers", unitCount},
	{"retention.logo_churn_rate", "Logo churn rate", unitPercent},
	{"retention.retention_rate", "Customer retention rate", unitPercent},
	{"retention.cost_per_customer", "Retention cost per customer", unitMoney},
	{"survival.median_days", "Median customer lifetime", unitDays},
	{"survival.s_365", "Still customers after 365 days", unitPercent},
	{"mrr.start", "MRR, opening month", unitMoney},
	{"mrr.end", "MRR, last month", unitMoney},
	{"mrr.new", "New MRR", unitMoney},
	{"mrr.expansion", "Expansion MRR", unitMoney},
	{"mrr.reactivation", "Reactivation MRR", unitMoney},
	{"mrr.contraction", "Contraction MRR", unitMoney},
	{"mrr.churned", "Churned MRR", unitMoney},
	{"mrr.nrr", "Net revenue retention", unitPercent},
	{"mrr.grr", "Gross revenue retention", unitPercent},
	{"revenue.total", "Revenue", unitMoney},
	{"revenue.orders", "Orders", unitCount},
	{"revenue.average_purchase_value", "Average purchase value", unitMoney},
	{"revenue.repeat_customer_share", "Repeat customer share", unitPercent},
	{"revenue.cac", "Customer acquisition cost", unitMoney},
	{"pipeline.open_deals", "Open deals", unitCount},
	{"pipeline.open_value", "Open pipeline value", unitMoney},
	{"pipeline.won_deals", "Deals won", unitCount},
	{"pipeline.lost_deals", "Deals lost", unitCount},
	{"pipeline.win_rate", "Win rate", unitPercent},
	{"pipeline.average_won_amount", "Average won amount", unitMoney},
	{"pipeline.sales_cycle_days_mean", "Sales cycle, mean", unitDays},
	{"pipeline.sales_cycle_days_median", "Sales cycle, median", unitDays},
	{"pipeline.sales_velocity_per_day", "Sales velocity per day", unitMoney},
	{"leads.count", "Leads", unitCount},
	{"leads.qualification_rate", "Lead qualification rate", unitPercent},
	{"leads.conversion_rate", "Lead conversion rate", unitPercent},
	{"leads.response_minutes_median", "Lead response time, median", unitMinutes},
	{"leads.responded_within_24h_share", "Leads answered within 24 h", unitPercent},
	{"support.tickets", "Tickets", unitCount},
	{"support.first_response_minutes_median", "First response time, median", unitMinutes},
	{"support.resolution_hours_median", "Resolution time, median", unitHours},
	{"support.fcr_rate", "First contact resolution", unitPercent},
	{"engagement.mau", "Monthly active users", unitCount},
	{"clv.bgnbd.r", "BG/NBD r", unitPlain},
	{"clv.bgnbd.alpha", "BG/NBD alpha (weeks)", unitPlain},
	{"clv.bgnbd.a", "BG/NBD a", unitPlain},
	{"clv.bgnbd.b", "BG/NBD b", unitPlain},
	{"clv.bgnbd.log_likelihood", "BG/NBD log-likelihood", unitPlain},
	{"clv.gamma_gamma.p", "Gamma-Gamma p", unitPlain},
	{"clv.gamma_gamma.q", "Gamma-Gamma q", unitPlain},
	{"clv.gamma_gamma.gamma", "Gamma-Gamma gamma", unitPlain},
	{"engagement.dau_mau", "Stickiness (mean DAU / MAU)", unitPercent},
	{"engagement.active_customer_share", "Customers active in the product", unitPercent},
}

func labelOf(name string) (figureLabel, bool) {
	for _, l := range figureLabels {
		if l.Name == name {
			return l, true
		}
	}
	return figureLabel{}, false
}

func newTile(d *reportDoc, name string) tile {
	l, known := labelOf(name)
	if !known {
		l = figureLabel{Name: name, Label: name, Unit: guessUnit(name, d.Figures[name])}
	}
	t := tile{Name: name, Label: l.Label}
	if reason, ok := d.Absent[name]; ok {
		t.Absent = reason
		return t
	}
	t.Raw = rawText(d.Figures[name])
	t.Display, t.Unit = formatFigure(t.Raw, l.Unit)
	return t
}

// rawText returns a JSON scalar as text: a string without its quotes, a
// number as written.
func rawText(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}

func guessUnit(name string, raw json.RawMessage) unit {
	switch {
	case strings.HasPrefix(string(raw), `"`):
		return unitMoney
	case strings.HasSuffix(name, "_rate") || strings.HasSuffix(name, "_share"):
		return unitPercent
	case strings.Contains(name, "_minutes"):
		return unitMinutes
	case strings.Contains(name, "_hours"):
		return unitHours
	case strings.Contains(name, "_days"):
		return unitDays
	case !strings.ContainsAny(string(raw), ".eE"):
		return unitCount
	}
	return unitPlain
}

// formatFigure returns the figure's text for the page and its unit label.
// It rounds for reading only; the exact value stays in the page.
func formatFigure(raw string, u unit) (display, unitLabel string) {
	if u == unitMoney {
		return formatMoney(raw), ""
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return raw, ""
	}
	switch u {
	case unitCount:
		return formatCount(v), ""
	case unitPercent:
		return formatPercent(v), ""
	case unitPoints:
		return strconv.FormatFloat(v, 'f', 1, 64), "points"
	case unitMinutes:
		return strconv.FormatFloat(v, 'f', 1, 64), "min"
	case unitHours:
		return strconv.FormatFloat(v, 'f', 1, 64), "h"
	case unitDays:
		return strconv.FormatFloat(v, 'f', 0, 64), "days"
	case unitOf5:
		return strconv.FormatFloat(v, 'f', 2, 64), "of 5"
	case unitOf7:
		return strconv.FormatFloat(v, 'f', 2, 64), "of 7"
	}
	if math.Abs(v) >= 1000 {
		return groupThousands(strconv.FormatFloat(v, 'f', 1, 64)), ""
	}
	return strconv.FormatFloat(v, 'g', 4, 64), ""
}

// formatPercent shows a fraction as a percentage with one decimal.
func formatPercent(v float64) string {
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// formatCount shows a whole number with thousands separators.
func formatCount(v float64) string {
	return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}

// formatMoney shows a decimal string rounded half away from zero to cents,
// with thousands separators.
func formatMoney(s string) string {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	return groupThousands(d.StringFixed(2))
}

// groupThousands inserts commas into the integer part of a decimal text.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// pattern is a fill that tells a series apart without colour: a background
// colour plus strokes (Marks, SVG path data in an 8 by 8 tile).
type pattern struct {
	ID    string
	Color string
	Ink   string
	Marks string
}

// patterns are the series fills of the stacked bars. The colours are the
// Okabe-Ito palette, chosen to stay distinct with colour vision
// deficiencies; the strokes tell them apart in grey scale too.
var patterns = []pattern{
	{ID: "p-new", Color: "#009e73"},
	{ID: "p-expansion", Color: "#7fd4b9", Ink: "#00694d", Marks: "M0,8L8,0M-2,2L2,-2M6,10L10,6"},
	{ID: "p-reactivation", Color: "#56b4e9", Ink: "#0b4f75", Marks: "M2,2h1M6,6h1"},
	{ID: "p-contraction", Color: "#f0b060", Ink: "#7a4500", Marks: "M0,0L8,8M-2,6L2,10M6,-2L10,2"},
	{ID: "p-churned", Color: "#d55e00", Ink: "#ffffff", Marks: "M0,2H8M0,6H8"},
}
