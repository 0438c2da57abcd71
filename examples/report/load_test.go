package main

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadErrorsNameFileLineColumn(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		want   LoadError
		target error
	}{
		{
			name: "bad amount",
			files: map[string]string{
				"as_of.txt":  "2024-12-31\n",
				"orders.csv": "order_id,customer_id,ordered_on,amount\n1,A,2024-01-02,10.00\n2,A,2024-01-03,12;50\n",
			},
			want: LoadError{File: "orders.csv", Line: 3, Column: "amount", Value: "12;50"},
		},
		{
			name: "float notation in money",
			files: map[string]string{
				"as_of.txt":  "2024-12-31\n",
				"orders.csv": "order_id,customer_id,ordered_on,amount\n1,A,2024-01-02,1e3\n",
			},
			want: LoadError{File: "orders.csv", Line: 2, Column: "amount", Value: "1e3"},
		},
		{
			name: "bad date",
			files: map[string]string{
				"as_of.txt":     "2024-12-31\n",
				"customers.csv": "customer_id,signed_up_on,churned_on\nA,2024-02-30,\n",
			},
			want: LoadError{File: "customers.csv", Line: 2, Column: "signed_up_on", Value: "2024-02-30"},
		},
		{
			name: "unknown survey",
			files: map[string]string{
				"as_of.txt":     "2024-12-31\n",
				"responses.csv": "response_id,customer_id,answered_on,survey,score\nR1,A,2024-01-02,nps,9\nR2,A,2024-01-02,promoter,9\n",
			},
			want: LoadError{File: "responses.csv", Line: 3, Column: "survey", Value: "promoter"},
		},
		{
			name: "missing column",
			files: map[string]string{
				"as_of.txt":  "2024-12-31\n",
				"orders.csv": "order_id,customer_id,amount\n1,A,10.00\n",
			},
			want:   LoadError{File: "orders.csv", Line: 1, Column: "ordered_on"},
			target: errMissingColumn,
		},
		{
			name: "churned after as_of",
			files: map[string]string{
				"as_of.txt":     "2024-12-31\n",
				"customers.csv": "customer_id,signed_up_on,churned_on\nA,2024-01-01,\nB,2024-01-01,2025-01-01\n",
			},
			want:   LoadError{File: "customers.csv", Line: 3, Column: "churned_on", Value: "2025-01-01"},
			target: errAfterAsOf,
		},
		{
			// 20:00 at UTC−5 on 31 December is 01:00 UTC on 1 January.
			name: "timestamp after as_of in UTC",
			files: map[string]string{
				"as_of.txt": "2024-12-31\n",
				"leads.csv": "lead_id,created_at,first_response_at,qualified,converted,source\nL1,2024-12-31T20:00:00-05:00,,true,false,web\n",
			},
			want:   LoadError{File: "leads.csv", Line: 2, Column: "created_at", Value: "2025-01-01T01:00:00Z"},
			target: errAfterAsOf,
		},
		{
			name: "duplicate id",
			files: map[string]string{
				"as_of.txt":     "2024-12-31\n",
				"responses.csv": "response_id,customer_id,answered_on,survey,score\nR1,A,2024-01-02,nps,9\nR2,A,2024-01-02,nps,9\nR1,B,2024-01-03,nps,7\n",
			},
			want:   LoadError{File: "responses.csv", Line: 4, Column: "response_id", Value: "R1"},
			target: errDuplicateKey,
		},
		{
			name: "duplicate subscription month",
			files: map[string]string{
				"as_of.txt":         "2024-12-31\n",
				"subscriptions.csv": "customer_id,month,mrr\nA,2024-01,10\nA,2024-01,12\n",
			},
			want:   LoadError{File: "subscriptions.csv", Line: 3, Column: "customer_id, month", Value: "A, 2024-01"},
			target: errDuplicateKey,
		},
		{
			name: "stage of unknown deal",
			files: map[string]string{
				"as_of.txt":       "2024-12-31\n",
				"deals.csv":       "deal_id,account,owner,stage,amount,created_on,closed_on,outcome\nD1,X,Avery,Won,10,2024-01-01,2024-02-01,won\n",
				"deal_stages.csv": "deal_id,stage,entered_at\nD1,Won,2024-02-01T00:00:00Z\nD9,Won,2024-02-01T00:00:00Z\n",
			},
			want:   LoadError{File: "deal_stages.csv", Line: 3, Column: "deal_id", Value: "D9"},
			target: errUnknownDeal,
		},
		{
			name: "short row",
			files: map[string]string{
				"as_of.txt": "2024-12-31\n",
				"costs.csv": "month,kind,amount\n2024-01,acquisition\n",
			},
			want: LoadError{File: "costs.csv", Line: 2},
		},
		{
			name: "bad boolean",
			files: map[string]string{
				"as_of.txt": "2024-12-31\n",
				"leads.csv": "lead_id,created_at,first_response_at,qualified,converted,source\nL1,2024-01-01T10:00:00Z,,yes,false,web\n",
			},
			want: LoadError{File: "leads.csv", Line: 2, Column: "qualified", Value: "yes"},
		},
		{
			name:  "bad as_of",
			files: map[string]string{"as_of.txt": "31.12.2024\n"},
			want:  LoadError{File: "as_of.txt", Line: 1, Value: "31.12.2024"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadDir(writeFiles(t, tc.files))
			var got *LoadError
			if !errors.As(err, &got) {
				t.Fatalf("LoadDir error = %v, want a *LoadError", err)
			}
			if got.File != tc.want.File || got.Line != tc.want.Line || got.Column != tc.want.Column || got.Value != tc.want.Value {
				t.Errorf("LoadDir error = %+v, want file %s line %d column %q value %q",
					got, tc.want.File, tc.want.Line, tc.want.Column, tc.want.Value)
			}
			if tc.target != nil && !errors.Is(err, tc.target) {
				t.Errorf("LoadDir error = %v, want it to wrap %v", err, tc.target)
			}
		})
	}
}

func TestLoadAcceptsSpreadsheetExports(t *testing.T) {
	// A byte-order mark, CRLF line endings, an order without a customer
	// (anonymous) and an open deal whose expected close date lies after
	// as_of are all valid input.
	dir := writeFiles(t, map[string]string{
		"as_of.txt":  "\uFEFF2024-12-31\r\n",
		"orders.csv": "\uFEFForder_id,customer_id,ordered_on,amount\r\n1,,2024-01-02,10.00\r\n",
		"deals.csv":  "deal_id,account,owner,stage,amount,created_on,closed_on,outcome\nD1,X,Avery,Proposal,10,2024-11-01,2025-02-01,open\n",
	})
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if len(d.Orders) != 1 || d.Orders[0].CustomerID != "" || !d.Orders[0].Amount.Equal(decimal.RequireFromString("10")) {
		t.Errorf("Orders = %+v, want one anonymous order of 10.00", d.Orders)
	}
	if want := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC); !d.AsOf.Equal(want) {
		t.Errorf("AsOf = %v, want %v", d.AsOf, want)
	}
	if len(d.Deals) != 1 || d.Deals[0].Outcome != OutcomeOpen {
		t.Errorf("Deals = %+v, want the open deal", d.Deals)
	}
}

func TestLoadOptionalFilesAndAttributes(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"responses.csv": "survey,score,answered_on,response_id,customer_id,channel\nnps,,2024-03-01,R1,A,email\ncsat,4,2024-03-02,R2,B,web\n",
	})
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Without as_of.txt, as_of is the latest date in the data.
	if want := time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC); !d.AsOf.Equal(want) {
		t.Errorf("AsOf = %v, want %v", d.AsOf, want)
	}
	if !d.Has("responses.csv") || d.Has("orders.csv") {
		t.Errorf("Files = %v, want responses.csv only", d.Files)
	}
	if len(d.Responses) != 2 || d.Responses[0].Score != nil || *d.Responses[1].Score != 4 {
		t.Fatalf("Responses = %+v", d.Responses)
	}
	if got := d.Responses[1].Attrs["channel"]; got != "web" {
		t.Errorf("attribute channel = %q, want web", got)
	}
	if d.Responses[1].Line != 3 {
		t.Errorf("Line = %d, want 3", d.Responses[1].Line)
	}
}

func TestSampleRoundTrip(t *testing.T) {
	want := Sample()
	dir := t.TempDir()
	if err := WriteDir(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	clearLines(got)
	if !reflect.DeepEqual(canonical(want), canonical(got)) {
		t.Error("sample written and read back differs from the generated sample")
	}
}

func TestSampleDeterministic(t *testing.T) {
	if !reflect.DeepEqual(Sample(), Sample()) {
		t.Error("two calls of Sample differ")
	}
}

func TestSampleCoversEveryFile(t *testing.T) {
	d := Sample()
	counts := map[string]int{
		"customers.csv": len(d.Customers), "orders.csv": len(d.Orders), "subscriptions.csv": len(d.Subscriptions),
		"responses.csv": len(d.Responses), "leads.csv": len(d.Leads), "deals.csv": len(d.Deals),
		"deal_stages.csv": len(d.DealStages), "tickets.csv": len(d.Tickets), "activity.csv": len(d.Activity),
		"costs.csv": len(d.Costs),
	}
	for _, f := range dataFiles {
		if counts[f.name] == 0 {
			t.Errorf("sample has no rows for %s", f.name)
		}
	}
	if err := checkDates(d); err != nil {
		t.Errorf("sample has a row after as_of: %v", err)
	}
	if err := checkKeys(d); err != nil {
		t.Errorf("sample has a duplicate or dangling key: %v", err)
	}
}

// clearLines zeroes the line numbers that loading records and generation
// does not.
func clearLines(d *Dataset) {
	for i := range d.Customers {
		d.Customers[i].Line = 0
	}
	for i := range d.Orders {
		d.Orders[i].Line = 0
	}
	for i := range d.Subscriptions {
		d.Subscriptions[i].Line = 0
	}
	for i := range d.Responses {
		d.Responses[i].Line = 0
	}
	for i := range d.Leads {
		d.Leads[i].Line = 0
	}
	for i := range d.Deals {
		d.Deals[i].Line = 0
	}
	for i := range d.DealStages {
		d.DealStages[i].Line = 0
	}
	for i := range d.Tickets {
		d.Tickets[i].Line = 0
	}
	for i := range d.Activity {
		d.Activity[i].Line = 0
	}
	for i := range d.Costs {
		d.Costs[i].Line = 0
	}
}

// canonical returns every field of d as one string, with decimals in their
// normalised string form, since 10.50 read back has a different exponent
// from the generated 1050e-2 and reflect.DeepEqual would tell them apart.
func canonical(d *Dataset) string {
	var b []byte
	b = append(b, d.AsOf.String()...)
	for _, c := range d.Customers {
		b = append(b, c.ID+c.SignedUpOn.String()+c.ChurnedOn.String()+c.Attrs["plan"]+c.Attrs["region"]...)
	}
	for _, o := range d.Orders {
		b = append(b, o.ID+o.CustomerID+o.OrderedOn.String()+o.Amount.String()...)
	}
	for _, s := range d.Subscriptions {
		b = append(b, s.CustomerID+s.Month.String()+s.MRR.String()...)
	}
	for _, r := range d.Responses {
		b = append(b, r.ID+r.CustomerID+r.AnsweredOn.String()+r.Survey+optionalInt(r.Score)...)
	}
	for _, l := range d.Leads {
		b = append(b, l.ID+l.CreatedAt.String()+l.FirstResponseAt.String()+l.Source...)
		b = append(b, byte('0'+boolInt(l.Qualified)), byte('0'+boolInt(l.Converted)))
	}
	for _, x := range d.Deals {
		b = append(b, x.ID+x.Account+x.Owner+x.Stage+x.Amount.Decimal.String()+x.CreatedOn.String()+x.ClosedOn.String()+x.Outcome+x.Attrs["product"]...)
	}
	for _, s := range d.DealStages {
		b = append(b, s.DealID+s.Stage+s.EnteredAt.String()...)
	}
	for _, x := range d.Tickets {
		b = append(b, x.ID+x.CustomerID+x.CreatedAt.String()+x.FirstResponseAt.String()+x.ResolvedAt.String()+optionalInt(x.Contacts)+optionalInt(x.CSAT)...)
	}
	for _, a := range d.Activity {
		b = append(b, a.CustomerID+a.UserID+a.ActiveOn.String()+a.Feature...)
	}
	for _, c := range d.Costs {
		b = append(b, c.Month.String()+c.Kind+c.Amount.String()...)
	}
	return string(b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestPeriodEndingOn(t *testing.T) {
	tests := []struct {
		asOf, start, end string
	}{
		{"2024-12-31", "2024-01-01", "2025-01-01"},
		// 2025-02-28 + 1 day = 2025-03-01; minus 12 months = 2024-03-01.
		{"2025-02-28", "2024-03-01", "2025-03-01"},
		// The day after 2025-02-27 is 2025-02-28; 12 months earlier is
		// 2024-02-28 (2024 is a leap year, but the 28th exists).
		{"2025-02-27", "2024-02-28", "2025-02-28"},
		// The day after 2024-02-28 is 2024-02-29; 2023 has no 29 February,
		// so the start is clamped to 2023-02-28.
		{"2024-02-28", "2023-02-28", "2024-02-29"},
	}
	for _, tc := range tests {
		asOf, _ := time.Parse(dateLayout, tc.asOf)
		p := PeriodEndingOn(asOf)
		if got := p.Start.Format(dateLayout); got != tc.start {
			t.Errorf("PeriodEndingOn(%s).Start = %s, want %s", tc.asOf, got, tc.start)
		}
		if got := p.End.Format(dateLayout); got != tc.end {
			t.Errorf("PeriodEndingOn(%s).End = %s, want %s", tc.asOf, got, tc.end)
		}
	}
}
