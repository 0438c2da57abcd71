package revenue

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestCAC(t *testing.T) {
	tests := []struct {
		name         string
		spend        string
		newCustomers int64
		want         string
		wantErr      error
		source       string
	}{
		{name: "even", spend: "12000.00", newCustomers: 10, want: "1200.000000", source: "12000.00 / 10 by hand"},
		{name: "repeating", spend: "100.00", newCustomers: 3, want: "33.333333", source: "100 / 3 = 33.3333… by hand"},
		{name: "rounds up at half", spend: "0.000001", newCustomers: 2, want: "0.000001", source: "0.0000005 half away from zero"},
		{name: "no new customers", spend: "100.00", wantErr: ErrNoCustomers, source: "empty denominator"},
		{name: "negative spend", spend: "-1", newCustomers: 1, wantErr: ErrNegativeAmount, source: "invalid input"},
		{name: "negative count", spend: "1", newCustomers: -1, wantErr: ErrInvalidCount, source: "invalid input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CAC(dec(tc.spend), tc.newCustomers, 6)
			checkErr(t, err, tc.wantErr)
			if tc.wantErr == nil {
				checkDecimal(t, "CAC", got, tc.want)
			}
		})
	}
}

func TestCACWithLag(t *testing.T) {
	jan, feb, mar := Month{2024, time.January}, Month{2024, time.February}, Month{2024, time.March}
	spend := []MonthlySpend{
		{Month: jan, Amount: dec("1000.00")},
		{Month: feb, Amount: dec("600.00")},
		{Month: feb, Amount: dec("400.00")},
		{Month: mar, Amount: dec("3000.00")},
	}
	acquired := []MonthlyAcquisitions{
		{Month: feb, Customers: 4},
		{Month: mar, Customers: 6},
	}
	tests := []struct {
		name                           string
		lag                            int
		wantSpend, wantUnpaired, wantC string
	}{
		// Lag 0: February's 1000.00 and March's 3000.00 over 10 customers;
		// January's 1000.00 acquired no one in the data.
		{"same month", 0, "4000.00", "1000.00", "400.00"},
		// Lag 1: January's 1000.00 pairs with February's customers and
		// February's 1000.00 with March's; March's 3000.00 is unpaired.
		{"prior month", 1, "2000.00", "3000.00", "200.00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CACWithLag(spend, acquired, tc.lag, 2)
			checkErr(t, err, nil)
			checkDecimal(t, "Spend", got.Spend, tc.wantSpend)
			checkDecimal(t, "UnpairedSpend", got.UnpairedSpend, tc.wantUnpaired)
			checkDecimal(t, "CAC", got.CAC, tc.wantC)
			if got.NewCustomers != 10 {
				t.Errorf("NewCustomers = %d, want 10", got.NewCustomers)
			}
		})
	}
}

func TestCACWithLagInvalid(t *testing.T) {
	jan, feb := Month{2024, time.January}, Month{2024, time.February}
	spend := []MonthlySpend{{Month: feb, Amount: dec("10")}}
	tests := []struct {
		name     string
		spend    []MonthlySpend
		acquired []MonthlyAcquisitions
		lag      int
		wantErr  error
		wantText string
	}{
		{"missing spend month", spend, []MonthlyAcquisitions{{Month: feb, Customers: 1}}, 1, ErrMissingSpend, "2024-01"},
		{"negative lag", spend, nil, -1, ErrInvalidPeriod, "-1"},
		{"no customers", spend, []MonthlyAcquisitions{{Month: feb}}, 0, ErrNoCustomers, "no new customers"},
		{"negative count", spend, []MonthlyAcquisitions{{Month: feb, Customers: -2}}, 0, ErrInvalidCount, "acquisitions 0"},
		{"invalid month", []MonthlySpend{{Month: Month{2024, 13}, Amount: dec("1")}}, nil, 0, ErrInvalidPeriod, "spend 0"},
		{"negative spend", []MonthlySpend{{Month: jan, Amount: dec("-5.00")}}, nil, 0, ErrNegativeAmount, "-5.00"},
		{"mixed currencies", []MonthlySpend{{Month: jan, Amount: dec("1"), Currency: "EUR"}, {Month: feb, Amount: dec("1"), Currency: "USD"}},
			nil, 0, ErrMixedCurrency, `"USD"`},
		// MaxInt64 + 2 customers in one month used to wrap to a "negative
		// new customer count" that named no row.
		{"count overflow in a month", spend, []MonthlyAcquisitions{{Month: feb, Customers: math.MaxInt64}, {Month: feb, Customers: 2}},
			0, ErrInvalidCount, "acquisitions 1 (month 2024-02): customer count 2 overflows int64"},
		{"count overflow across months", []MonthlySpend{{Month: jan, Amount: dec("1")}, {Month: feb, Amount: dec("1")}},
			[]MonthlyAcquisitions{{Month: jan, Customers: math.MaxInt64}, {Month: feb, Customers: 2}},
			0, ErrInvalidCount, "new customers through 2024-02 overflow int64"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CACWithLag(tc.spend, tc.acquired, tc.lag, 2)
			checkErr(t, err, tc.wantErr)
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("error %q does not contain %q", err, tc.wantText)
			}
		})
	}
}

func TestMonth(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("time zone data unavailable: %v", err)
	}
	// 2024-01-31 23:30 UTC is already February in Berlin (UTC+1).
	instant := time.Date(2024, time.January, 31, 23, 30, 0, 0, time.UTC)
	if got, err := MonthOf(instant, berlin); err != nil || got != (Month{2024, time.February}) {
		t.Errorf("MonthOf(%v, Berlin) = %v, %v, want 2024-02", instant, got, err)
	}
	if got, err := MonthOf(instant, time.UTC); err != nil || got != (Month{2024, time.January}) {
		t.Errorf("MonthOf(%v, UTC) = %v, %v, want 2024-01", instant, got, err)
	}
	// A nil location used to panic inside time.Time.In.
	if got, err := MonthOf(instant, nil); !errors.Is(err, ErrNilLocation) {
		t.Errorf("MonthOf(%v, nil) = %v, %v, want ErrNilLocation", instant, got, err)
	}
	tests := []struct {
		from Month
		n    int
		want string
	}{
		{Month{2024, time.January}, -1, "2023-12"},
		{Month{2024, time.December}, 1, "2025-01"},
		{Month{2024, time.March}, -27, "2021-12"},
		{Month{2024, time.March}, 0, "2024-03"},
	}
	for _, tc := range tests {
		if got := tc.from.AddMonths(tc.n).String(); got != tc.want {
			t.Errorf("%v.AddMonths(%d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}
