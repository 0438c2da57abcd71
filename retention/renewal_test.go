package retention

import (
	"errors"
	"fmt"
	"testing"
)

// renewalExample builds 50 contracts of 80,000.00 (4,000,000.00 up for
// renewal): 45 renew, 5 churn (400,000.00), and 15 of the renewals
// downgrade by 20,000.00 each (300,000.00); one more renews with an
// upgrade, which must not raise the rate; plus one contract due after the
// period.
func renewalExample(t *testing.T) []Contract {
	var cs []Contract
	for i := range 50 {
		c := Contract{ID: fmt.Sprint("K", i), Due: day(t, "2024-03-15"), Value: dec("80000.00"), Currency: "USD"}
		switch {
		case i < 5:
		case i < 20:
			c.Renewed, c.RenewedValue = true, dec("60000.00")
		case i == 20:
			c.Renewed, c.RenewedValue = true, dec("95000.00")
		default:
			c.Renewed, c.RenewedValue = true, dec("80000.00")
		}
		cs = append(cs, c)
	}
	return append(cs, Contract{ID: "later", Due: day(t, "2024-07-01"), Value: dec("1"), Currency: "USD"})
}

func TestRenewalRates(t *testing.T) {
	// Logo: 45/50 = 0.9. Value: (4,000,000 − 400,000 − 300,000)/4,000,000
	// = 0.825; the 95,000.00 upgrade counts at its 80,000.00.
	r, err := CountRenewals(renewalExample(t), period(t, "2024-01-01", "2024-07-01"))
	if err != nil {
		t.Fatal(err)
	}
	logo, err := r.LogoRate()
	if err != nil || logo.Count != 45 || logo.Total != 50 || logo.Value != 0.9 {
		t.Errorf("LogoRate = %+v, %v; want 45/50", logo, err)
	}
	value, err := r.ValueRate()
	if err != nil || value != 0.825 {
		t.Errorf("ValueRate = %v, %v; want 0.825", value, err)
	}
	if r.NotDue != 1 || !r.DueValue.Equal(dec("4000000")) || !r.RenewedValue.Equal(dec("3300000")) {
		t.Errorf("Renewals = %+v; want 1 not due, 4,000,000.00 due, 3,300,000.00 renewed", r)
	}

	// 45 of 50 renew with $0.5M churned and $0.3M downgraded of $4M: the
	// value rate is 3.2/4 = 0.8.
	example := Renewals{Due: 50, Renewed: 45, DueValue: dec("4000000"), RenewedValue: dec("3200000")}
	if v, err := example.ValueRate(); err != nil || v != 0.8 {
		t.Errorf("ValueRate = %v, %v; want 0.8", v, err)
	}
}

func TestRenewalsMerge(t *testing.T) {
	cs := renewalExample(t)
	p := period(t, "2024-01-01", "2024-07-01")
	whole, err := CountRenewals(cs, p)
	if err != nil {
		t.Fatal(err)
	}
	a, err1 := CountRenewals(cs[:17], p)
	b, err2 := CountRenewals(cs[17:], p)
	if err := errors.Join(err1, err2, a.Merge(b)); err != nil {
		t.Fatal(err)
	}
	if a.Due != whole.Due || a.Renewed != whole.Renewed || a.NotDue != whole.NotDue ||
		!a.DueValue.Equal(whole.DueValue) || !a.RenewedValue.Equal(whole.RenewedValue) {
		t.Errorf("merged %+v, want %+v", a, whole)
	}
}

func TestRenewalsInvalid(t *testing.T) {
	p := period(t, "2024-01-01", "2024-07-01")
	due := day(t, "2024-02-01")
	tests := []struct {
		name      string
		contracts []Contract
		wantErr   error
	}{
		{"negative value", []Contract{{Due: due, Value: dec("-1")}}, ErrNegativeAmount},
		{"value without renewal", []Contract{{Due: due, Value: dec("1"), RenewedValue: dec("1")}}, ErrInvalidCounts},
		{"currencies", []Contract{{Due: due, Value: dec("1"), Currency: "USD"}, {Due: due, Value: dec("1"), Currency: "EUR"}},
			ErrCurrencyMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := CountRenewals(tc.contracts, p); !errors.Is(err, tc.wantErr) {
				t.Errorf("CountRenewals error = %v, want %v", err, tc.wantErr)
			}
		})
	}
	none, err := CountRenewals([]Contract{{Due: day(t, "2025-01-01"), Value: dec("1")}}, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := none.LogoRate(); !errors.Is(err, ErrNoRenewals) {
		t.Errorf("LogoRate error = %v, want ErrNoRenewals", err)
	}
	if _, err := none.ValueRate(); !errors.Is(err, ErrNoRenewals) {
		t.Errorf("ValueRate error = %v, want ErrNoRenewals", err)
	}
}

func TestCostPerCustomer(t *testing.T) {
	tests := []struct {
		name      string
		spend     string
		customers int64
		want      string
		wantErr   error
	}{
		// 1,000.00 / 3 = 333.333333… → 333.333333 at 6 places.
		{"thirds", "1000.00", 3, "333.333333", nil},
		// 2.5 / 4 = 0.625 → 0.63 at 2 places (half away from zero).
		{"half", "2.5", 4, "0.63", nil},
		{"no customers", "10", 0, "", ErrNoCustomers},
		{"negative", "-1", 3, "", ErrNegativeAmount},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			places := int32(6)
			if tc.name == "half" {
				places = 2
			}
			got, err := CostPerCustomer(dec(tc.spend), tc.customers, places)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("CostPerCustomer error = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && !got.Equal(dec(tc.want)) {
				t.Errorf("CostPerCustomer = %v, want %s", got, tc.want)
			}
		})
	}
}

func TestCompoundRate(t *testing.T) {
	tests := []struct {
		name    string
		rate, k float64
		want    float64
		wantErr error
	}{
		// 1 − 0.95¹² = 0.459640, not 12 × 0.05 = 0.6.
		{"monthly to annual", 0.05, 12, 0.45963991233736334, nil},
		// 1 − (1 − 0.459640)^(1/12) = 0.05 back.
		{"annual to monthly", 0.45963991233736334, 1.0 / 12, 0.05, nil},
		{"zero", 0, 12, 0, nil},
		{"one", 1, 0.5, 1, nil},
		{"rate above 1", 1.2, 2, 0, ErrInvalidRate},
		{"NaN", 0.1, nan(), 0, ErrInvalidRate},
		{"zero periods", 0.1, 0, 0, ErrInvalidRate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CompoundRate(tc.rate, tc.k)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("CompoundRate(%v, %v) error = %v, want %v", tc.rate, tc.k, err, tc.wantErr)
			}
			if d := got - tc.want; d > 1e-15 || d < -1e-15 {
				t.Errorf("CompoundRate(%v, %v) = %v, want %v", tc.rate, tc.k, got, tc.want)
			}
		})
	}
}
