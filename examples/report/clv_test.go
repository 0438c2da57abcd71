package main

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
	"github.com/shopspring/decimal"
)

// TestCLVPublishedDigits checks the fits on the CDNOW calibration orders
// against the published estimates to their printed digits: BG/NBD r 0.243,
// alpha 4.414, a 0.793, b 2.426, log-likelihood -9582.4 (Fader, Hardie and
// Lee 2005); Gamma-Gamma p 6.25, q 3.74, gamma 15.44 (Fader and Hardie
// 2013).
func TestCLVPublishedDigits(t *testing.T) {
	r := buildFromDir(t, testdata.Dir(t, "cdnow", "crm_calibration"))
	tests := []struct {
		figure   string
		want     float64
		decimals float64
	}{
		{"clv.bgnbd.r", 0.243, 3},
		{"clv.bgnbd.alpha", 4.414, 3},
		{"clv.bgnbd.a", 0.793, 3},
		{"clv.bgnbd.b", 2.426, 3},
		{"clv.bgnbd.log_likelihood", -9582.4, 1},
		{"clv.gamma_gamma.p", 6.25, 2},
		{"clv.gamma_gamma.q", 3.74, 2},
		{"clv.gamma_gamma.gamma", 15.44, 2},
	}
	for _, tc := range tests {
		got, ok := r.Figure(tc.figure)
		if !ok {
			t.Errorf("figure %s missing", tc.figure)
			continue
		}
		scale := math.Pow(10, tc.decimals)
		if rounded := math.Round(got.(float64)*scale) / scale; rounded != tc.want {
			t.Errorf("%s = %v rounds to %v, want %v", tc.figure, got, rounded, tc.want)
		}
	}
}

// TestCLVTopCustomers checks the top-CLV table on the calibration data:
// ten rows in descending CLV, each with P(alive) in [0, 1] and a CLV equal
// to zero or more.
func TestCLVTopCustomers(t *testing.T) {
	r := buildFromDir(t, testdata.Dir(t, "cdnow", "crm_calibration"))
	var top []CustomerValue
	for _, table := range r.Tables {
		if table.Key == "clv_top_customers" {
			top = table.Value.([]CustomerValue)
		}
	}
	if len(top) != topCustomerCount {
		t.Fatalf("top customers table has %d rows, want %d", len(top), topCustomerCount)
	}
	for i, v := range top {
		if v.ProbabilityAlive < 0 || v.ProbabilityAlive > 1 {
			t.Errorf("row %d: P(alive) = %v, outside [0, 1]", i, v.ProbabilityAlive)
		}
		if v.CLV.IsNegative() {
			t.Errorf("row %d: CLV = %s, negative", i, v.CLV)
		}
		if i > 0 && v.CLV.GreaterThan(top[i-1].CLV) {
			t.Errorf("row %d: CLV %s above row %d's %s", i, v.CLV, i-1, top[i-1].CLV)
		}
	}
}

// TestCLVOneTimeBuyers checks that orders without any repeat purchase give
// absent figures with a reason, never zeros.
func TestCLVOneTimeBuyers(t *testing.T) {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	d := &Dataset{
		AsOf:  day.AddDate(0, 0, 30),
		Files: map[string]bool{"orders.csv": true},
		Orders: []Order{
			{ID: "1", CustomerID: "A", OrderedOn: day, Amount: decimal.NewFromInt(10), Line: 2},
			{ID: "2", CustomerID: "B", OrderedOn: day.AddDate(0, 0, 3), Amount: decimal.NewFromInt(20), Line: 3},
		},
	}
	r, err := Build("test", d, []Section{clvSection})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append(append([]string{}, bgnbdFigures...), gammaGammaFigures...) {
		if _, ok := r.Figure(name); ok {
			t.Errorf("figure %s present, want absent", name)
		}
	}
	if len(r.Absent) != len(bgnbdFigures)+len(gammaGammaFigures) {
		t.Errorf("%d absent figures, want %d", len(r.Absent), len(bgnbdFigures)+len(gammaGammaFigures))
	}
	for _, a := range r.Absent {
		if !strings.Contains(a.Reason, "repeat purchase") {
			t.Errorf("absent %s reason %q, want it to name the missing repeat purchases", a.Name, a.Reason)
		}
	}
}

// TestCLVSample runs the section on the embedded sample company.
func TestCLVSample(t *testing.T) {
	r, err := Build("sample", Sample(), []Section{clvSection})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append(append([]string{}, bgnbdFigures...), gammaGammaFigures...) {
		_, present := r.Figure(name)
		absent := false
		for _, a := range r.Absent {
			absent = absent || a.Name == name
		}
		if present == absent {
			t.Errorf("figure %s: present %v, absent %v; want exactly one", name, present, absent)
		}
	}
}
