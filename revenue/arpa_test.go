package revenue

import (
	"strings"
	"testing"
)

func TestARPA(t *testing.T) {
	tests := []struct {
		name                string
		charges             []Charge
		wantARPA, wantTotal string
		wantPaying          int64
		wantFree            int64
		wantErr             error
		source              string
	}{
		{
			name: "free plan not paying",
			charges: []Charge{
				{CustomerID: "A", Amount: dec("30.00")},
				{CustomerID: "B", Amount: dec("0.00")},
				{CustomerID: "C", Amount: dec("20.00")},
				{CustomerID: "C", Amount: dec("10.00")},
			},
			// (30.00 + 0.00 + 20.00 + 10.00) / 2 paying customers (A, C) = 30.00;
			// B's free plan adds 0.00 and stays out of the denominator.
			wantARPA: "30.00", wantTotal: "60.00", wantPaying: 2, wantFree: 1,
			source: "hand calculation in the comment",
		},
		{
			name: "rounded half away from zero",
			charges: []Charge{
				{CustomerID: "A", Amount: dec("10.00")},
				{CustomerID: "B", Amount: dec("10.00")},
				{CustomerID: "C", Amount: dec("10.01")},
			},
			// 30.01 / 3 = 10.00333… → 10.00.
			wantARPA: "10.00", wantTotal: "30.01", wantPaying: 3,
			source: "hand calculation in the comment",
		},
		{
			// 3,000,000,000 seats at 4,000,000,000.00 per seat per month,
			// summed as the three customers' charges of 10⁹ seats each.
			name: "past int64",
			charges: []Charge{
				{CustomerID: "A", Amount: dec("4000000000000000000.00")},
				{CustomerID: "B", Amount: dec("4000000000000000000.00")},
				{CustomerID: "C", Amount: dec("4000000000000000000.00")},
			},
			wantARPA: "4000000000000000000.00", wantTotal: "12000000000000000000.00", wantPaying: 3,
			source: "3·10⁹ × 4·10⁹ = 1.2·10¹⁹ by hand",
		},
		{name: "only free plans", charges: []Charge{{CustomerID: "A", Amount: dec("0")}},
			wantTotal: "0", wantFree: 1, wantErr: ErrNoPayingCustomers, source: "empty denominator"},
		{name: "no charges", wantTotal: "0", wantErr: ErrNoPayingCustomers, source: "empty denominator"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ARPA(tc.charges, 2)
			checkErr(t, err, tc.wantErr)
			checkDecimal(t, "Revenue", got.Revenue, tc.wantTotal)
			if got.PayingCustomers != tc.wantPaying || got.FreeCustomers != tc.wantFree {
				t.Errorf("paying, free = %d, %d, want %d, %d", got.PayingCustomers, got.FreeCustomers, tc.wantPaying, tc.wantFree)
			}
			if tc.wantErr == nil {
				checkDecimal(t, "ARPA", got.ARPA, tc.wantARPA)
			}
		})
	}
}

func TestARPAInvalid(t *testing.T) {
	tests := []struct {
		name     string
		charges  []Charge
		wantErr  error
		wantText []string
	}{
		{
			name: "mixed currencies",
			charges: []Charge{
				{ID: "S1", CustomerID: "A", Amount: dec("10.00"), Currency: "EUR"},
				{ID: "S2", CustomerID: "B", Amount: dec("10.00"), Currency: "USD"},
			},
			wantErr: ErrMixedCurrency, wantText: []string{`charge 1 (id "S2")`, `"EUR"`, `"USD"`},
		},
		{
			name:    "negative amount",
			charges: []Charge{{ID: "S7", CustomerID: "A", Amount: dec("-10.00")}},
			wantErr: ErrNegativeAmount, wantText: []string{`charge 0 (id "S7")`, "-10.00"},
		},
		{
			name:    "missing customer",
			charges: []Charge{{ID: "S3", Amount: dec("1")}},
			wantErr: ErrMissingCustomer, wantText: []string{`charge 0 (id "S3")`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ARPA(tc.charges, 2)
			checkErr(t, err, tc.wantErr)
			for _, part := range tc.wantText {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not name %s", err, part)
				}
			}
		})
	}
}
