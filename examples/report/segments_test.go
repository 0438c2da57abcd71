package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
	"github.com/shopspring/decimal"
)

// sectionTables runs sections over d and returns their tables by key.
func sectionTables(t *testing.T, d *Dataset, sections ...Section) (map[string]any, *Report) {
	t.Helper()
	r, err := Build("test", d, sections)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]any{}
	for _, tab := range r.Tables {
		tables[tab.Key] = tab.Value
	}
	return tables, r
}

func loadData(t *testing.T, elem ...string) *Dataset {
	t.Helper()
	d, err := LoadDir(testdata.Dir(t, elem...))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRFMOnCDNOW(t *testing.T) {
	d := loadData(t, "cdnow", "crm_master")
	p := PeriodEndingOn(d.AsOf)

	// Customer 00004 at 1998-07-01, reference values computed with pandas
	// independently of this library: 201 days since the last purchase, 4
	// purchase days (4 orders, one a day), 100.50 spent.
	values, err := rfmValues(d, p)
	if err != nil {
		t.Fatal(err)
	}
	c := values[3]
	if c.Customer != "00004" || c.RecencyDays != 201 || c.Frequency != 4 || !c.Monetary.Equal(decimal.RequireFromString("100.50")) {
		t.Errorf("customer 00004 = %+v, want recency 201, frequency 4, monetary 100.50", c)
	}

	// The segments hold every customer and, exactly, every order's amount.
	tables, _ := sectionTables(t, d, segmentSection)
	rfm := tables["rfm"].(RFMReport)
	total := decimal.Zero
	for _, o := range d.Orders {
		total = total.Add(o.Amount)
	}
	customers, spend := 0, decimal.Zero
	for _, s := range rfm.Segments {
		customers += s.Customers
		spend = spend.Add(s.Monetary)
	}
	// Fader and Hardie's CDNOW master file: 23,570 customers, 69,659 lines.
	if rfm.Customers != 23570 || customers != 23570 || rfm.Orders != 69659 {
		t.Errorf("RFM over %d orders of %d customers, segments hold %d; want 69659, 23570", rfm.Orders, rfm.Customers, customers)
	}
	if !spend.Equal(total) || !rfm.Monetary.Equal(total) {
		t.Errorf("segments spend %s, total %s, want %s", spend, rfm.Monetary, total)
	}
	if rfm.AnalysisDate != "1998-07-01" {
		t.Errorf("analysis date %s, want 1998-07-01", rfm.AnalysisDate)
	}
}

// referenceFigure returns a figure of reference_figures.json.
func referenceFigure(t *testing.T, dir, name string) float64 {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(testdata.Dir(t), "reference_figures.json"))
	if err != nil {
		t.Fatal(err)
	}
	var refs map[string]struct {
		Figures map[string]json.RawMessage `json:"figures"`
	}
	if err := json.Unmarshal(raw, &refs); err != nil {
		t.Fatal(err)
	}
	var v float64
	if err := json.Unmarshal(refs[dir].Figures[name], &v); err != nil {
		t.Fatalf("reference figure %s for %s: %v", name, dir, err)
	}
	return v
}

func TestChurnByAttributeOnTelco(t *testing.T) {
	d := loadData(t, "telco_churn", "crm")
	tables, _ := sectionTables(t, d, segmentSection)
	r := tables["segments_by_attribute"].(AttributeReport)
	if r.Attribute != "contract" {
		t.Fatalf("attribute %q, want contract", r.Attribute)
	}

	// The whole equals the reference logo churn (pandas, independent of
	// this library), and the attribute values add up to it.
	wantStart := referenceFigure(t, "telco_churn/crm", "retention.customers_start")
	wantRate := referenceFigure(t, "telco_churn/crm", "retention.logo_churn_rate")
	if float64(r.All.CustomersStart) != wantStart || r.All.ChurnRate == nil || math.Abs(*r.All.ChurnRate-wantRate) > 1e-12 {
		t.Errorf("all: %d customers at start, churn %v; want %v and %v", r.All.CustomersStart, r.All.ChurnRate, wantStart, wantRate)
	}
	var start, churned int64
	for _, row := range r.Rows {
		start += row.CustomersStart
		churned += row.Churned
	}
	if start != r.All.CustomersStart || churned != r.All.Churned {
		t.Errorf("rows add up to %d and %d, all is %d and %d", start, churned, r.All.CustomersStart, r.All.Churned)
	}
	// Without NPS answers the NPS is undefined, not 0.
	if r.All.NPSResponses != 0 || r.All.NPS != nil {
		t.Errorf("all NPS = %v over %d answers, want undefined over 0", r.All.NPS, r.All.NPSResponses)
	}
}

func TestSegmentsSample(t *testing.T) {
	d := Sample()
	tables, r := sectionTables(t, d, surveySection, segmentSection)

	// NPS answers by plan add up to the survey section's count.
	attr := tables["segments_by_attribute"].(AttributeReport)
	responses, _ := r.Figure("nps.responses")
	var byPlan int64
	for _, row := range attr.Rows {
		byPlan += row.NPSResponses
	}
	if attr.Attribute != "plan" || byPlan != responses.(int64) || attr.All.NPSResponses != byPlan {
		t.Errorf("NPS answers by %s: %d (all %d), survey section %v", attr.Attribute, byPlan, attr.All.NPSResponses, responses)
	}
	score, _ := r.Figure("nps.score")
	if attr.All.NPS == nil || math.Abs(*attr.All.NPS-score.(float64)) > 1e-12 {
		t.Errorf("all NPS %v, survey section %v", attr.All.NPS, score)
	}
	if _, err := r.MarshalJSON(); err != nil {
		t.Errorf("MarshalJSON: %v", err)
	}
}

func TestSegmentsUnknownAttributeValues(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"as_of.txt":     "2024-12-31\n",
		"customers.csv": "customer_id,signed_up_on,churned_on,plan\nA,2023-01-01,,pro\nB,2023-01-01,2024-03-01,\nC,2023-01-01,,pro\n",
		"responses.csv": "response_id,customer_id,answered_on,survey,score\nR1,A,2024-05-01,nps,10\nR2,Z,2024-05-01,nps,0\nR3,C,2024-05-02,nps,\n",
	})
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	tables, _ := sectionTables(t, d, segmentSection)
	r := tables["segments_by_attribute"].(AttributeReport)
	// B has no plan and Z is not a customer: both land in "(none)", not
	// dropped. pro: A and C at start, none churned; one answer, 10 → NPS 100.
	// (none): B churned 2024-03-01 → 1 of 1; Z's 0 → NPS −100.
	if len(r.Rows) != 2 || r.Rows[0].Value != noValue || r.Rows[1].Value != "pro" {
		t.Fatalf("rows = %+v", r.Rows)
	}
	none, pro := r.Rows[0], r.Rows[1]
	if none.CustomersStart != 1 || none.Churned != 1 || *none.ChurnRate != 1 || *none.NPS != -100 {
		t.Errorf("(none) = %+v", none)
	}
	if pro.CustomersStart != 2 || pro.Churned != 0 || *pro.ChurnRate != 0 || *pro.NPS != 100 || pro.NPSResponses != 1 {
		t.Errorf("pro = %+v", pro)
	}
}
