package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/crmmetrics/crmmetrics/revenue"
	"github.com/shopspring/decimal"
)

// revenueFiles is a small data set whose revenue figures are worked out by
// hand in TestRevenueSectionFigures. The period is [2024-01-01, 2025-01-01).
var revenueFiles = map[string]string{
	"as_of.txt": "2024-12-31\n",
	"orders.csv": "order_id,customer_id,ordered_on,amount\n" +
		"1,A,2023-12-31,500.00\n" + // before the period
		"2,A,2024-01-01,10.00\n" +
		"3,A,2024-06-01,20.00\n" +
		"4,B,2024-03-15,30.00\n" +
		"5,C,2024-12-31,0.00\n" +
		"6,C,2024-12-31,3.33\n",
	"customers.csv": "customer_id,signed_up_on,churned_on\n" +
		"A,2023-06-01,\n" +
		"B,2024-03-01,\n" +
		"C,2024-12-01,\n" +
		"D,2024-02-10,2024-05-01\n",
	"costs.csv": "month,kind,amount\n" +
		"2023-12,acquisition,9999.00\n" + // before the period
		"2024-02,acquisition,100.00\n" +
		"2024-03,acquisition,200.00\n" +
		"2024-03,retention,50.00\n" +
		"2024-12,acquisition,0.01\n",
}

func TestRevenueSectionFigures(t *testing.T) {
	r := buildFromDir(t, writeFiles(t, revenueFiles))
	// Orders 2 to 6 fall in the period: 10.00 + 20.00 + 30.00 + 0.00 + 3.33.
	// A, B and C ordered; A and C placed two orders each.
	// Acquisition costs of 2024: 100.00 + 200.00 + 0.01 = 300.01 over the
	// three customers who signed up in 2024 (B, C, D).
	want := map[string]any{
		"revenue.orders":                 int64(5),
		"revenue.total":                  decimal.RequireFromString("63.33"),
		"revenue.average_purchase_value": decimal.RequireFromString("12.666"),
		"revenue.repeat_customer_share":  2.0 / 3,
		"revenue.cac":                    decimal.RequireFromString("100.0033333333"),
	}
	for name, w := range want {
		got, ok := r.Figure(name)
		if !ok {
			t.Errorf("figure %s missing", name)
			continue
		}
		switch w := w.(type) {
		case decimal.Decimal:
			if g, ok := got.(decimal.Decimal); !ok || !g.Equal(w) {
				t.Errorf("%s = %v, want %s", name, got, w)
			}
		default:
			if got != w {
				t.Errorf("%s = %v (%T), want %v (%T)", name, got, got, w, w)
			}
		}
	}
}

func TestRevenueSectionAbsent(t *testing.T) {
	files := map[string]string{
		"as_of.txt":     "2024-12-31\n",
		"orders.csv":    "order_id,customer_id,ordered_on,amount\n1,A,2023-01-02,10.00\n",
		"customers.csv": "customer_id,signed_up_on,churned_on\nA,2023-01-01,\n",
		"costs.csv":     "month,kind,amount\n2024-01,acquisition,10.00\n",
	}
	r := buildFromDir(t, writeFiles(t, files))
	for _, name := range []string{"revenue.average_purchase_value", "revenue.repeat_customer_share", "revenue.cac"} {
		if v, ok := r.Figure(name); ok {
			t.Errorf("%s = %v, want it absent", name, v)
		}
		found := false
		for _, a := range r.Absent {
			found = found || a.Name == name
		}
		if !found {
			t.Errorf("%s not listed as absent", name)
		}
	}
	if v, _ := r.Figure("revenue.orders"); v != int64(0) {
		t.Errorf("revenue.orders = %v, want 0", v)
	}
}

func TestRevenueSectionErrorNamesLine(t *testing.T) {
	files := map[string]string{
		"as_of.txt":  "2024-12-31\n",
		"orders.csv": "order_id,customer_id,ordered_on,amount\n1,A,2024-01-02,10.00\n2,A,2024-01-03,-12.50\n",
	}
	d, err := LoadDir(writeFiles(t, files))
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	_, err = Build("test", d, sections)
	if !errors.Is(err, revenue.ErrNegativeAmount) {
		t.Fatalf("Build error = %v, want one wrapping revenue.ErrNegativeAmount", err)
	}
	for _, part := range []string{"orders.csv line 3", `"2"`, "-12.50"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not name %s", err, part)
		}
	}
}

// TestRevenueSectionSample checks the sample's figures against each other:
// the average purchase value times the orders gives back the total.
func TestRevenueSectionSample(t *testing.T) {
	r, err := Build("sample", Sample(), sections)
	if err != nil {
		t.Fatalf("Build(sample): %v", err)
	}
	orders, _ := r.Figure("revenue.orders")
	total, _ := r.Figure("revenue.total")
	apv, _ := r.Figure("revenue.average_purchase_value")
	if _, ok := r.Figure("revenue.cac"); !ok {
		t.Errorf("revenue.cac missing from the sample report")
	}
	n := decimal.NewFromInt(orders.(int64))
	product := apv.(decimal.Decimal).Mul(n)
	// Each order carries at most half a unit of the last place of the
	// rounded average.
	tolerance := decimal.New(5, -moneyPlaces-1).Mul(n)
	if product.Sub(total.(decimal.Decimal)).Abs().GreaterThan(tolerance) {
		t.Errorf("average %s × %s orders = %s, total %s", apv, n, product, total)
	}
}
