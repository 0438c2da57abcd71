package retention

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func monthly(amount string, count int64) Price {
	return Price{Amount: dec(amount), Currency: "USD", Cycle: Cycle{Unit: IntervalMonth, Count: count}}
}

func yearly(amount string, count int64) Price {
	return Price{Amount: dec(amount), Currency: "USD", Cycle: Cycle{Unit: IntervalYear, Count: count}}
}

func TestTotalMRRIntervalCounts(t *testing.T) {
	// Hand calculation: 30.00/1 + 1,200.00/12 + 90.00/3 + 2,400.00/24
	// + 600.00/6 = 30 + 100 + 30 + 100 + 100 = 360.00; ARR = 12 × 360.
	// Ignoring the interval count would give 1,020.00.
	prices := []Price{monthly("30.00", 1), yearly("1200.00", 1), monthly("90.00", 3),
		yearly("2400.00", 2), monthly("600.00", 6)}
	got, err := TotalMRR(prices, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !got.MRR.Equal(dec("360.00")) || !got.ARR.Equal(dec("4320.00")) || !got.Exact {
		t.Errorf("TotalMRR = %v, ARR %v, exact %v; want 360.00, 4320.00, exact", got.MRR, got.ARR, got.Exact)
	}
	wantEach := []string{"30.00", "100.00", "30.00", "100.00", "100.00"}
	for i, p := range prices {
		m, exact, err := p.Monthly(2)
		if err != nil || !m.Equal(dec(wantEach[i])) || !exact {
			t.Errorf("price %d Monthly = %v, %v, %v; want %s exact", i, m, exact, err, wantEach[i])
		}
	}
}

func TestMonthlyNormalisation(t *testing.T) {
	tests := []struct {
		name      string
		price     Price
		want      string
		wantExact bool
	}{
		// 120 × 52 / 12 = 520.
		{"weekly", Price{Amount: dec("120"), Cycle: Cycle{Unit: IntervalWeek}}, "520.00", true},
		// 10 × 52 / (12 × 2) = 21.666…, rounded once to 21.67.
		{"fortnightly", Price{Amount: dec("10"), Cycle: Cycle{Unit: IntervalWeek, Count: 2}}, "21.67", false},
		// 100 / 3 = 33.333…
		{"quarterly thirds", monthly("100.00", 3), "33.33", false},
		// 5 seats × 12.50 / 1 = 62.50.
		{"seats", Price{Amount: dec("12.50"), Quantity: 5, Cycle: Cycle{Unit: IntervalMonth}}, "62.50", true},
		// A zero count reads as 1.
		{"count zero", monthly("30", 0), "30.00", true},
		{"free plan", monthly("0.00", 1), "0.00", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, exact, err := tc.price.Monthly(2)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(dec(tc.want)) || exact != tc.wantExact {
				t.Errorf("Monthly(2) = %v, exact %v; want %s, exact %v", got, exact, tc.want, tc.wantExact)
			}
		})
	}
}

func TestTotalMRRRoundsOnce(t *testing.T) {
	// Three prices of 100.00 every 3 months: 3 × 100/3 = 100.00 exactly.
	// Rounding each to cents first would give 3 × 33.33 = 99.99.
	prices := []Price{monthly("100.00", 3), monthly("100.00", 3), monthly("100.00", 3)}
	got, err := TotalMRR(prices, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !got.MRR.Equal(dec("100.00")) || !got.Exact {
		t.Errorf("TotalMRR = %v exact %v, want 100.00 exact", got.MRR, got.Exact)
	}
	// Mixed denominators: 10/3 + 10/12 + 13·10/3 (10 a week) = 40/12 + 10/12
	// + 520/12 = 570/12 = 47.50.
	mixed := []Price{monthly("10", 3), yearly("10", 1), {Amount: dec("10"), Currency: "USD", Cycle: Cycle{Unit: IntervalWeek}}}
	got, err = TotalMRR(mixed, 2)
	if err != nil || !got.MRR.Equal(dec("47.50")) || !got.Exact {
		t.Errorf("TotalMRR(mixed) = %v exact %v, %v; want 47.50 exact", got.MRR, got.Exact, err)
	}
}

func TestTotalMRRMoneyValidity(t *testing.T) {
	eur := monthly("10.00", 1)
	eur.Currency = "EUR"
	tests := []struct {
		name     string
		prices   []Price
		wantErr  error
		mentions []string
	}{
		{"currencies differ", []Price{monthly("10.00", 1), eur}, ErrCurrencyMismatch, []string{"EUR", "USD", "price 1"}},
		{"negative amount", []Price{monthly("5", 1), monthly("-10.00", 1)}, ErrNegativeAmount, []string{"price 1", "-10"}},
		{"unknown unit", []Price{{Amount: dec("1"), Currency: "USD"}}, ErrInvalidPrice, []string{"price 0"}},
		{"negative count", []Price{monthly("1", -2)}, ErrInvalidPrice, []string{"price 0", "-2"}},
		{"negative quantity", []Price{{Amount: dec("1"), Currency: "USD", Quantity: -1, Cycle: Cycle{Unit: IntervalMonth}}},
			ErrInvalidPrice, []string{"price 0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := TotalMRR(tc.prices, 2)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("TotalMRR error = %v, want %v", err, tc.wantErr)
			}
			for _, m := range tc.mentions {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("message %q does not name %s", err, m)
				}
			}
		})
	}
}

func TestTotalMRRFreePlan(t *testing.T) {
	// A free plan adds 0.00 and is counted as free.
	got, err := TotalMRR([]Price{monthly("0.00", 1), monthly("25.00", 1)}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !got.MRR.Equal(dec("25.00")) || got.Free != 1 || got.Prices != 2 {
		t.Errorf("TotalMRR = %+v, want MRR 25.00 with 1 free of 2", got)
	}
}

func TestTotalMRRPastInt64(t *testing.T) {
	// 5·10¹⁸ cents each fits in an int64; the sum, 10¹⁹ cents, does not.
	// 3·10⁹ seats × 4·10⁹.00 = 1.2·10¹⁹ (1.2·10²¹ cents), exactly.
	tests := []struct {
		name   string
		prices []Price
		want   string
	}{
		{"sum overflows", []Price{monthly("50000000000000000.00", 1), monthly("50000000000000000.00", 1)},
			"100000000000000000.00"},
		{"product overflows", []Price{{Amount: dec("4000000000.00"), Currency: "USD", Quantity: 3_000_000_000,
			Cycle: Cycle{Unit: IntervalMonth}}}, "12000000000000000000.00"},
		// Weekly 6·10¹⁵: each product 6·10¹⁷ cents × 13 fits in an int64,
		// their total 1.56·10¹⁹ does not. MRR = 2 × 6·10¹⁵ × 52/12.
		{"product total overflows", []Price{
			{Amount: dec("6000000000000000.00"), Currency: "USD", Cycle: Cycle{Unit: IntervalWeek}},
			{Amount: dec("6000000000000000.00"), Currency: "USD", Cycle: Cycle{Unit: IntervalWeek}},
		}, "52000000000000000.00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := TotalMRR(tc.prices, 2)
			if err != nil {
				t.Fatal(err)
			}
			if !got.MRR.Equal(dec(tc.want)) || got.MRR.Sign() <= 0 {
				t.Errorf("TotalMRR = %v, want %s", got.MRR, tc.want)
			}
		})
	}
}

func TestTotalMRRAllocations(t *testing.T) {
	prices := make([]Price, 1000)
	for i := range prices {
		prices[i] = Price{Amount: decimal.New(int64(1000+i), -2), Currency: "USD",
			Cycle: Cycle{Unit: IntervalUnit(1 + i%3), Count: int64(1 + i%2)}, Quantity: int64(i % 4)}
	}
	one, err := TotalMRR(prices[:10], 2)
	if err != nil {
		t.Fatal(err)
	}
	_ = one
	small := testing.AllocsPerRun(20, func() { _, _ = TotalMRR(prices[:10], 2) })
	large := testing.AllocsPerRun(20, func() { _, _ = TotalMRR(prices, 2) })
	// The fixed cost covers the final division and one group per distinct
	// cycle length (six here); nothing may grow with the number of prices.
	if large > small+8 {
		t.Errorf("TotalMRR allocates per price: %v allocations for 10 prices, %v for 1000", small, large)
	}
}

func TestCycleRenewal(t *testing.T) {
	// Renewals count from the anchor and clamp the day to the month's end.
	tests := []struct {
		name   string
		cycle  Cycle
		anchor string
		want   []string
	}{
		{"yearly leap day", Cycle{Unit: IntervalYear}, "2024-02-29",
			[]string{"2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"}},
		{"monthly on the 31st", Cycle{Unit: IntervalMonth}, "2024-01-31",
			[]string{"2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"}},
		{"quarterly", Cycle{Unit: IntervalMonth, Count: 3}, "2024-11-30",
			[]string{"2025-02-28", "2025-05-30", "2025-08-30", "2025-11-30"}},
		{"weekly", Cycle{Unit: IntervalWeek, Count: 2}, "2024-12-24",
			[]string{"2025-01-07", "2025-01-21", "2025-02-04", "2025-02-18"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for n, want := range tc.want {
				got, err := tc.cycle.Renewal(day(t, tc.anchor), n+1, time.UTC)
				if err != nil {
					t.Fatal(err)
				}
				if !got.Equal(day(t, want)) {
					t.Errorf("Renewal(%s, %d) = %s, want %s", tc.anchor, n+1, got.Format(time.DateOnly), want)
				}
			}
		})
	}
	// Twelve months back from 2025-03-01 is 2024-03-01; from 2025-02-28
	// with the 29th anchor day absent, 2024-02-28.
	back, err := Cycle{Unit: IntervalMonth, Count: 12}.Renewal(day(t, "2025-02-28"), -1, time.UTC)
	if err != nil || !back.Equal(day(t, "2024-02-28")) {
		t.Errorf("Renewal back = %v, %v; want 2024-02-28", back, err)
	}
	if _, err := (Cycle{Unit: IntervalMonth}).Renewal(day(t, "2024-01-01"), 1, nil); !errors.Is(err, ErrNoLocation) {
		t.Errorf("nil location error = %v, want ErrNoLocation", err)
	}
	if _, err := (Cycle{}).Renewal(day(t, "2024-01-01"), 1, time.UTC); !errors.Is(err, ErrInvalidPrice) {
		t.Errorf("zero unit error = %v, want ErrInvalidPrice", err)
	}
}

func TestCycleRenewalLocation(t *testing.T) {
	// Monthly renewal of 31 January 23:30 in Berlin: the clamped day and
	// the wall-clock time are Berlin's, across the spring DST change.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	anchor := time.Date(2024, 1, 31, 23, 30, 0, 0, berlin)
	got, err := Cycle{Unit: IntervalMonth, Count: 2}.Renewal(anchor, 1, berlin)
	want := time.Date(2024, 3, 31, 23, 30, 0, 0, berlin)
	if err != nil || !got.Equal(want) {
		t.Errorf("Renewal = %v, %v; want %v", got, err, want)
	}
}
