package main

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// retentionFiles is a small data set whose figures are worked out by hand
// in TestRetentionSectionByHand. The sections read their files
// independently, so subscriptions.csv need not match customers.csv.
var retentionFiles = map[string]string{
	"as_of.txt": "2024-12-31\n",
	"customers.csv": `customer_id,signed_up_on,churned_on
A,2023-06-01,
B,2023-03-01,2024-01-01
C,2024-02-01,2024-05-01
D,2024-03-01,
E,2022-01-01,2023-12-01
`,
	"costs.csv": `month,kind,amount
2023-12,retention,999.00
2024-01,retention,100.00
2024-02,acquisition,500.00
2024-06,retention,200.00
`,
	"subscriptions.csv": subscriptionRows(map[string][]string{
		"A": monthRange("2023-12", "2024-06", "100", "2024-07", "2024-12", "120"),
		"B": {"2023-12,50"},
		"C": monthRange("2024-02", "2024-04", "30"),
		"D": monthRange("2024-03", "2024-08", "40", "2024-09", "2024-12", "35"),
		"E": append([]string{"2023-11,10"}, monthRange("2024-06", "2024-12", "10")...),
	}),
}

// monthRange returns "month,mrr" rows for runs given as (first, last, mrr)
// triples.
func monthRange(runs ...string) []string {
	var rows []string
	for i := 0; i+2 < len(runs); i += 3 {
		for m := runs[i]; m <= runs[i+1]; m = nextMonth(m) {
			rows = append(rows, m+","+runs[i+2])
		}
	}
	return rows
}

// nextMonth returns the month after m, both written "2006-01".
func nextMonth(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		panic(err)
	}
	return t.AddDate(0, 1, 0).Format("2006-01")
}

func subscriptionRows(byCustomer map[string][]string) string {
	var b strings.Builder
	b.WriteString("customer_id,month,mrr\n")
	for _, c := range sortedKeys(byCustomer) {
		for _, row := range byCustomer[c] {
			b.WriteString(c + "," + row + "\n")
		}
	}
	return b.String()
}

func TestRetentionSectionByHand(t *testing.T) {
	// Period [2024-01-01, 2025-01-01). Base (active just before the start):
	// A, and B, whose churned_on is the start itself. New: C, D. Churned in
	// the period: B (base) and C (joined and left). At the end: A, D.
	// Logo churn 1/2; retention (2 − 1 new)/2.
	//
	// Tenure in days: C 90 churned, D 305 censored, B 306 churned, A 579
	// censored, E 699 churned. Ŝ(90) = 4/5, Ŝ(306) = 4/5 · 2/3 = 8/15,
	// Ŝ(699) = 0, so the median is 699 and S(365) = 8/15.
	//
	// MRR: opening month 2023-12 = A 100 + B 50 = 150. January: B churns
	// 50. February: C new 30. March: D new 40. May: C churns 30. June: E
	// returns with 10 after paying in 2023-11: reactivation. July: A +20.
	// September: D −5. End 165 = 150 + 70 + 20 + 10 − 5 − 80.
	// Cohort of 2023-12: A 100 → 120, B 50 → 0: NRR 120/150, GRR 100/150.
	// Retention cost: (100.00 + 200.00) / 2 base customers.
	r := buildFromDir(t, writeFiles(t, retentionFiles))
	wantInts := map[string]int64{
		"retention.customers_start": 2, "retention.customers_end": 2,
		"retention.new_customers": 2, "retention.churned_customers": 2,
	}
	for name, want := range wantInts {
		if got, ok := r.Figure(name); !ok || toInt64(got) != want {
			t.Errorf("%s = %v (present %v), want %d", name, got, ok, want)
		}
	}
	wantFloats := map[string]float64{
		"retention.logo_churn_rate": 0.5, "retention.retention_rate": 0.5,
		"survival.median_days": 699, "survival.s_365": 8.0 / 15,
		"mrr.nrr": 0.8, "mrr.grr": 2.0 / 3,
	}
	for name, want := range wantFloats {
		got, ok := r.Figure(name)
		if f, isFloat := got.(float64); !ok || !isFloat || math.Abs(f-want) > 1e-12 {
			t.Errorf("%s = %v (present %v), want %v", name, got, ok, want)
		}
	}
	wantMoney := map[string]string{
		"mrr.start": "150", "mrr.end": "165", "mrr.new": "70", "mrr.expansion": "20",
		"mrr.contraction": "5", "mrr.churned": "80", "mrr.reactivation": "10",
		"retention.cost_per_customer": "150",
	}
	for name, want := range wantMoney {
		got, ok := r.Figure(name)
		if d, isDecimal := got.(decimal.Decimal); !ok || !isDecimal || !d.Equal(decimal.RequireFromString(want)) {
			t.Errorf("%s = %v (present %v), want %s", name, got, ok, want)
		}
	}
}

func TestRetentionSectionAbsent(t *testing.T) {
	// Every customer signs up inside the period and none churns: no base,
	// so churn and retention are 0/0, and the curve never reaches 0.5.
	r := buildFromDir(t, writeFiles(t, map[string]string{
		"as_of.txt":     "2024-12-31\n",
		"customers.csv": "customer_id,signed_up_on,churned_on\nA,2024-06-01,\nB,2024-07-01,\n",
	}))
	absent := map[string]bool{}
	for _, a := range r.Absent {
		absent[a.Name] = true
	}
	for _, name := range []string{"retention.logo_churn_rate", "retention.retention_rate", "survival.median_days", "survival.s_365"} {
		if !absent[name] {
			t.Errorf("%s not listed as absent", name)
		}
		if _, ok := r.Figure(name); ok {
			t.Errorf("%s present, want absent", name)
		}
	}
}

func TestRetentionSectionSampleBridgeCloses(t *testing.T) {
	r, err := Build("sample", Sample(), sections)
	if err != nil {
		t.Fatal(err)
	}
	money := func(name string) decimal.Decimal {
		t.Helper()
		v, ok := r.Figure(name)
		d, isDecimal := v.(decimal.Decimal)
		if !ok || !isDecimal {
			t.Fatalf("%s = %v (present %v), want a decimal", name, v, ok)
		}
		return d
	}
	end := money("mrr.start").Add(money("mrr.new")).Add(money("mrr.expansion")).Add(money("mrr.reactivation")).
		Sub(money("mrr.contraction")).Sub(money("mrr.churned"))
	if !end.Equal(money("mrr.end")) {
		t.Errorf("start + movements = %s, want mrr.end %s", end, money("mrr.end"))
	}
	for _, name := range []string{"retention.logo_churn_rate", "retention.retention_rate", "mrr.grr"} {
		v, _ := r.Figure(name)
		if f, ok := v.(float64); !ok || f < 0 || f > 1 {
			t.Errorf("%s = %v, want a fraction in [0, 1]", name, v)
		}
	}
}
