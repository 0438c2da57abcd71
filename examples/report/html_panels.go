package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// panelSpecs are the dashboard's panels in the order of the report's
// sections. A panel owns the figures whose names start with one of its
// prefixes; figures no panel owns appear under "Other figures". A table a
// section adds needs a chart here: TestSampleDrawsEveryChart fails for a
// table of the sample that no panel lists.
var panelSpecs = []panelSpec{
	{
		Section: "survey", Title: "Surveys (NPS, CSAT, CES)",
		Prefixes: []string{"nps.", "csat.", "ces."},
		Tables:   []string{"nps_by_month", "csat_interval_95", "ces_easy_share_interval_95"},
		Charts: []chartSpec{
			{Title: "Survey scores with 95% intervals", Draw: surveyScoresChart},
			{Title: "NPS by month", Draw: npsByMonthChart},
		},
	},
	{
		Section: "retention", Title: "Retention, survival and MRR",
		Prefixes: []string{"retention.", "survival.", "mrr."},
		Tables:   []string{"mrr_by_month", "cohort_table", "survival_curve"},
		Charts: []chartSpec{
			{Title: "MRR movements by month", Draw: mrrChart},
			{Title: "Customer survival (Kaplan-Meier)", Draw: survivalChart},
			{Title: "Cohort retention", Draw: cohortChart},
		},
	},
	{
		Section: "revenue", Title: "Revenue and acquisition",
		Prefixes: []string{"revenue."},
		Tables:   []string{"revenue_by_month"},
		Charts:   []chartSpec{{Title: "Revenue by month", Draw: revenueChart}},
	},
	{
		Section: "clv", Title: "Customer lifetime value",
		Prefixes: []string{"clv."},
		Tables:   []string{"clv_top_customers"},
		Charts: []chartSpec{
			{Title: "Top customers by predicted CLV", Draw: topCLVChart},
		},
	},
	{
		Section: "pipeline", Title: "Sales pipeline",
		Prefixes: []string{"pipeline."},
		Tables:   []string{"pipeline_funnel", "pipeline_win_rate_by_owner", "pipeline_win_rate_by_product"},
		Charts: []chartSpec{
			{Title: "Sales funnel", Draw: funnelChart},
			{Title: "Win rate by owner", Draw: winRateChart("pipeline_win_rate_by_owner", "owner")},
			{Title: "Win rate by product", Draw: winRateChart("pipeline_win_rate_by_product", "product")},
		},
	},
	{
		Section: "leads", Title: "Leads",
		Prefixes: []string{"leads."},
		Tables:   []string{"leads_response_times"},
		Charts: []chartSpec{
			{Title: "Lead response time", Draw: leadResponseChart},
		},
	},
	{
		Section: "support", Title: "Support",
		Prefixes: []string{"support."},
		Tables:   []string{"support_durations"},
		Charts: []chartSpec{
			{Title: "Ticket first response time", Draw: ticketResponseChart},
			{Title: "Ticket resolution time", Draw: ticketResolutionChart},
		},
	},
	{
		Section: "engagement", Title: "Engagement",
		Prefixes: []string{"engagement."},
		Tables:   []string{"engagement_feature_adoption"},
		Charts: []chartSpec{
			{Title: "Feature adoption", Draw: featureAdoptionChart},
		},
	},
	{
		Section: "health", Title: "Customer health",
		Prefixes: []string{"health."},
		Tables:   []string{"health"},
		Charts:   []chartSpec{{Title: "Customer health bands", Draw: healthChart}},
	},
	{
		Section: "segment", Title: "Segments",
		Prefixes: []string{"segment.", "rfm."},
		Tables:   []string{"rfm", "segments_by_attribute"},
		Charts: []chartSpec{
			{Title: "RFM segments", Draw: rfmChart},
			{Title: "Churn rate by customer attribute", Draw: churnByAttributeChart},
		},
	},
}

// surveyScoresChart draws each survey score with its 95% interval on the
// score's own scale. The NPS interval is the score plus and minus the
// nps.margin_of_error_95 figure; CSAT and CES take the Wilson intervals of
// the csat_interval_95 and ces_easy_share_interval_95 tables.
func surveyScoresChart(d *reportDoc, id string) (*chart, string, error) {
	var rows []scoreRow
	if score, ok := d.number("nps.score"); ok {
		margin, _ := d.number("nps.margin_of_error_95")
		n, _ := d.number("nps.responses")
		rows = append(rows, scoreRow{
			Label: "Net Promoter Score (points)", Value: score, Lower: score - margin, Upper: score + margin,
			Min: -100, Max: 100, Step: 50, Format: formatPoints, TickFormat: formatTick, Count: n,
		})
	}
	for _, share := range []struct{ figure, count, table, label string }{
		{"csat.score", "csat.responses", "csat_interval_95", "CSAT: share answering 4 or 5"},
		{"ces.easy_share", "ces.responses", "ces_easy_share_interval_95", "CES: share answering 5 to 7 (easy)"},
	} {
		row, ok, err := shareRow(d, share.figure, share.count, share.table, share.label)
		if err != nil {
			return nil, "", err
		}
		if ok {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		return nil, "No survey score in the period.", nil
	}
	var sources []string
	if _, ok := d.number("nps.score"); ok {
		sources = append(sources, "NPS: score ± margin of error (trinomial variance)")
	}
	if _, ok := d.number("nps.score"); len(rows) > 1 || !ok {
		sources = append(sources, "CSAT and CES: Wilson score intervals")
	}
	c := intervalChart(id, "Survey scores with 95% intervals", rows)
	c.Note = "Answers dated in the period. " + strings.Join(sources, "; ") + "."
	return c, "", nil
}

// shareRow returns the score row of a share figure with the interval of
// its table, and false when the figure or the table is missing.
func shareRow(d *reportDoc, figure, count, key, label string) (scoreRow, bool, error) {
	value, ok := d.number(figure)
	if !ok {
		return scoreRow{}, false, nil
	}
	var interval struct{ Lower, Upper float64 }
	ok, err := d.table(key, &interval)
	if err != nil || !ok {
		return scoreRow{}, false, err
	}
	n, _ := d.number(count)
	return scoreRow{
		Label: label, Value: value, Lower: interval.Lower, Upper: interval.Upper,
		Min: 0, Max: 1, Step: 0.25, Format: formatPercent, TickFormat: formatPercentTick, Count: n,
	}, true, nil
}

func formatPoints(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// monthlyNPSRow is a row of the nps_by_month table.
type monthlyNPSRow struct {
	Month     string   `json:"month"`
	Responses int64    `json:"responses"`
	Score     *float64 `json:"score"`
	Lower     float64  `json:"lower_95"`
	Upper     float64  `json:"upper_95"`
}

// npsByMonthChart draws the monthly NPS as a line inside its interval band;
// a month without answers breaks both.
func npsByMonthChart(d *reportDoc, id string) (*chart, string, error) {
	var months []monthlyNPSRow
	ok, err := d.table("nps_by_month", &months)
	if err != nil || !ok {
		return nil, "No NPS answers in the data.", err
	}
	scored := 0
	for _, m := range months {
		if m.Score != nil {
			scored++
		}
	}
	if scored == 0 {
		return nil, "No month of the period has an NPS answer.", nil
	}
	return monthBandChart(id, months), "", nil
}

// durationDistribution is a distribution of the support_durations and
// leads_response_times tables.
type durationDistribution struct {
	Measured      int64   `json:"measured"`
	Missing       int64   `json:"missing"`
	MedianMinutes float64 `json:"median_minutes"`
	P90Minutes    float64 `json:"p90_minutes"`
	SLA           *struct {
		Minutes    float64 `json:"minutes"`
		Within, Of int64
		Share      float64
	} `json:"sla"`
	Buckets []struct {
		UpToMinutes *float64 `json:"up_to_minutes"`
		Count       int64    `json:"count"`
	} `json:"buckets"`
}

func supportDurations(d *reportDoc) (first, resolution *durationDistribution, err error) {
	var table struct {
		FirstResponse *durationDistribution `json:"first_response"`
		Resolution    *durationDistribution `json:"resolution"`
	}
	_, err = d.table("support_durations", &table)
	return table.FirstResponse, table.Resolution, err
}

func ticketResponseChart(d *reportDoc, id string) (*chart, string, error) {
	first, _, err := supportDurations(d)
	if err != nil || first == nil {
		return nil, "No ticket created in the period has a first response.", err
	}
	return durationChart(id, "Ticket first response time", first, durationLabels{
		Items: "tickets", Axis: "Tickets", Missing: "no response yet", Base: "answered tickets"}), "", nil
}

func ticketResolutionChart(d *reportDoc, id string) (*chart, string, error) {
	_, resolution, err := supportDurations(d)
	if err != nil || resolution == nil {
		return nil, "No ticket created in the period is resolved.", err
	}
	return durationChart(id, "Ticket resolution time", resolution, durationLabels{
		Items: "tickets", Axis: "Tickets", Missing: "not resolved"}), "", nil
}

func leadResponseChart(d *reportDoc, id string) (*chart, string, error) {
	var dist durationDistribution
	ok, err := d.table("leads_response_times", &dist)
	if err != nil || !ok {
		return nil, "No lead created in the period was answered.", err
	}
	return durationChart(id, "Lead response time", &dist, durationLabels{
		Items: "leads", Axis: "Leads", Missing: "not answered", Base: "leads"}), "", nil
}

// durationLabels names the items of a duration chart: Base is the
// denominator of the SLA share.
type durationLabels struct {
	Items, Axis, Missing, Base string
}

// durationChart draws a duration distribution as a histogram with a
// hatched column for the items without the event and, when the
// distribution has a target, a dashed SLA line at its bound.
func durationChart(id, title string, dist *durationDistribution, l durationLabels) *chart {
	var cols []column
	refAfter, lower := -1, 0.0
	rows := [][]string{}
	for i, b := range dist.Buckets {
		label := bucketLabel(lower, b.UpToMinutes)
		count := formatCount(float64(b.Count))
		cols = append(cols, column{Label: label, Text: count,
			Segments: []stackPart{{Value: float64(b.Count), Class: "bar", Tip: fmt.Sprintf("%s: %s %s", label, count, l.Items)}}})
		rows = append(rows, []string{label, count})
		if b.UpToMinutes != nil {
			if dist.SLA != nil && *b.UpToMinutes == dist.SLA.Minutes {
				refAfter = i
			}
			lower = *b.UpToMinutes
		}
	}
	missing := formatCount(float64(dist.Missing))
	cols = append(cols, column{Label: l.Missing, Text: missing,
		Segments: []stackPart{{Value: float64(dist.Missing), Class: "bar missing", Tip: fmt.Sprintf("%s: %s %s", l.Missing, missing, l.Items)}}})
	rows = append(rows, []string{l.Missing, missing})

	o := vbarOptions{Format: formatCount, Integer: true, Title: l.Axis, XTitle: "Time from creation (calendar time)"}
	summary := fmt.Sprintf("median %s, 90th percentile %s", formatMinutes(dist.MedianMinutes), formatMinutes(dist.P90Minutes))
	if dist.SLA != nil && refAfter >= 0 {
		o.RefAfter, o.RefLabel = refAfter, "SLA "+formatMinutes(dist.SLA.Minutes)
		summary += fmt.Sprintf("; %s of %s %s (%s) within the %s target", formatCount(float64(dist.SLA.Within)),
			formatCount(float64(dist.SLA.Of)), l.Base, formatPercent(dist.SLA.Share), formatMinutes(dist.SLA.Minutes))
	}
	c := vbarChart(id, title, cols, o)
	c.Desc = fmt.Sprintf("Histogram of the %s of the %s created in the period: %s measured, %s %s; %s.",
		strings.ToLower(title), l.Items, formatCount(float64(dist.Measured)), missing, l.Missing, summary)
	c.Note = capitalize(summary) + ". " + capitalize(l.Items) + " created in the period."
	c.Data = dataTable{Caption: title + ", " + l.Items + " created in the period", Head: []string{"Time", capitalize(l.Items)}, Rows: rows}
	return c
}

// bucketLabel names the bucket (lower, upTo] in minutes; a nil upTo is the
// open last bucket. Both bounds share a unit where they can ("1–4 h").
func bucketLabel(lower float64, upTo *float64) string {
	switch {
	case upTo == nil:
		return "> " + formatMinutes(lower)
	case lower == 0:
		return "≤ " + formatMinutes(*upTo)
	}
	for _, u := range []float64{minutesIn(*upTo), minutesIn(lower)} {
		l, h := lower/u, *upTo/u
		if l == math.Trunc(l) && h == math.Trunc(h) {
			return formatTick(l) + "–" + formatTick(h) + " " + unitName(u)
		}
	}
	return formatMinutes(lower) + "–" + formatMinutes(*upTo)
}

// minutesIn returns the minutes of the unit a duration of m minutes is
// written in: minutes below an hour, hours up to a day, days for whole
// days beyond.
func minutesIn(m float64) float64 {
	switch {
	case m > 24*60 && math.Mod(m, 24*60) == 0:
		return 24 * 60
	case m >= 60:
		return 60
	}
	return 1
}

func unitName(minutes float64) string {
	switch minutes {
	case 24 * 60:
		return "d"
	case 60:
		return "h"
	}
	return "min"
}

// formatMinutes writes a duration of m minutes in the unit of minutesIn,
// with one decimal when it is not whole.
func formatMinutes(m float64) string {
	u := minutesIn(m)
	v := m / u
	if v == math.Trunc(v) {
		return formatTick(v) + " " + unitName(u)
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + unitName(u)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// adoptionRow is a row of the engagement_feature_adoption table.
type adoptionRow struct {
	Feature string  `json:"feature"`
	Users   int64   `json:"users"`
	Active  int64   `json:"active_users"`
	Rate    float64 `json:"rate"`
}

func featureAdoptionChart(d *reportDoc, id string) (*chart, string, error) {
	var rows []adoptionRow
	ok, err := d.table("engagement_feature_adoption", &rows)
	if err != nil || !ok || len(rows) == 0 {
		return nil, "No user was active in the 30 days ending with as of.", err
	}
	var bars []hbarRow
	table := dataTable{Caption: "Feature adoption among active users", Head: []string{"Feature", "Users", "Active users", "Adoption"}}
	for _, r := range rows {
		text := formatPercent(r.Rate)
		bars = append(bars, hbarRow{Label: r.Feature, Value: r.Rate, Text: text,
			Tip: fmt.Sprintf("%s: %d of %d active users (%s)", r.Feature, r.Users, r.Active, text)})
		table.Rows = append(table.Rows, []string{r.Feature, formatCount(float64(r.Users)), formatCount(float64(r.Active)), text})
	}
	c := hbarChart(id, "Feature adoption", bars, hbarOptions{Max: 1, Format: formatPercentTick, Title: "Share of active users who used the feature"})
	c.Desc = fmt.Sprintf("Bar chart of the share of the %s users active in the 30 days ending with as of who used each feature: %s.",
		formatCount(float64(rows[0].Active)), joinRows(table.Rows, 0, 3))
	c.Note = "Users active in the 30 days ending with as of (" + d.AsOf + ")."
	c.Data = table
	return c, "", nil
}

// formatPercentTick labels a share axis tick as a whole percentage.
func formatPercentTick(v float64) string {
	return strconv.FormatFloat(100*v, 'f', -1, 64) + "%"
}

// joinRows lists "label value" pairs of two table columns for a text
// alternative.
func joinRows(rows [][]string, label, value int) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = r[label] + " " + r[value]
	}
	return strings.Join(parts, ", ")
}
