package retention

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// decode unmarshals data into a new T or fails the test.
func decode[T any](t *testing.T, data string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDecodedCustomerCounts(t *testing.T) {
	// Counts no pass can give, as JSON or an overflowing Merge may hold:
	// each once gave a rate outside [0, 1] or a NaN interval with a nil
	// error.
	tests := []struct {
		name   string
		counts CustomerCounts
	}{
		{"negative at end", CustomerCounts{AtStart: 1, Churned: 5, Retained: 7, AtEnd: -3}},
		{"churned above start", CustomerCounts{AtStart: 1, Churned: 5}},
		{"start plus end overflows", CustomerCounts{AtStart: 1 << 62, AtEnd: 1 << 62}},
		{"start plus new overflows", CustomerCounts{AtStart: math.MaxInt64, New: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, d := range []Denominator{StartCustomers, StartPlusNew, AverageStartEnd} {
				if _, err := tt.counts.LogoChurn(ChurnOptions{Denominator: d}); !errors.Is(err, ErrInvalidCounts) {
					t.Errorf("LogoChurn(%v) error = %v, want ErrInvalidCounts", d, err)
				}
			}
			if _, err := tt.counts.RetentionRate(); !errors.Is(err, ErrInvalidCounts) {
				t.Errorf("RetentionRate error = %v, want ErrInvalidCounts", err)
			}
		})
	}

	// MaxInt64 + 1 wrapped to MinInt64; it now saturates there and the
	// rates reject it.
	c := CustomerCounts{AtStart: math.MaxInt64}
	c.Merge(CustomerCounts{AtStart: 1})
	if _, err := c.RetentionRate(); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("RetentionRate after an overflowing Merge: error %v, want ErrInvalidCounts", err)
	}
}

func TestDecodedRates(t *testing.T) {
	// 5 churned of 1 and 0 of 0 have no Wilson interval.
	tests := []struct {
		name    string
		rate    Rate
		churn   LogoChurn
		wantErr error
	}{
		{"part above total", Rate{Count: 5, Total: 1}, LogoChurn{Churned: 5, Denominator: 1}, ErrInvalidCounts},
		{"negative", Rate{Count: -1, Total: 1}, LogoChurn{Churned: -1, Denominator: 1}, ErrInvalidCounts},
		{"zero value", Rate{}, LogoChurn{}, ErrNoCustomers},
		{"fractional denominator", Rate{Count: 1, Total: -2}, LogoChurn{Churned: 1, Denominator: 2.5}, ErrInvalidCounts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.rate.Interval(0.95); !errors.Is(err, tt.wantErr) {
				t.Errorf("Rate.Interval error = %v, want %v", err, tt.wantErr)
			}
			if _, err := tt.churn.Interval(0.95); !errors.Is(err, tt.wantErr) {
				t.Errorf("LogoChurn.Interval error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestDecodedSurvivalTable(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantErr error
	}{
		{"negative events", `{"rows":[{"time":1,"events":-1,"censored":3}]}`, ErrInvalidCounts},
		{"negative time", `{"rows":[{"time":-3,"events":1},{"time":2,"censored":1}]}`, ErrInvalidDuration},
		{"entries without exits", `{"rows":[{"time":1,"events":1,"entered":5},{"time":2,"censored":1}]}`, ErrInvalidCounts},
		{"counts overflow", `{"rows":[{"time":1,"events":9223372036854775807},{"time":2,"censored":1}]}`, ErrInvalidCounts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := decode[SurvivalTable](t, tt.input)
			if _, err := table.Curve(SurvivalOptions{}); !errors.Is(err, tt.wantErr) {
				t.Errorf("Curve error = %v, want %v", err, tt.wantErr)
			}
			var merged SurvivalTable
			merged.Merge(table)
			merged.Merge(table)
			if _, err := merged.Curve(SurvivalOptions{}); !errors.Is(err, tt.wantErr) {
				t.Errorf("Curve after Merge error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestDecodedRevenueCohort(t *testing.T) {
	for _, input := range []string{
		`{"customers":-1,"start":"-10","end":"5","retained":"50"}`,
		`{"customers":1,"start":"100","end":"100","retained":"500"}`,
		`{"customers":0,"start":"100","end":"100","retained":"100"}`,
	} {
		c := decode[RevenueCohort](t, input)
		for name, f := range map[string]func() (float64, error){"NRR": c.NRR, "GRR": c.GRR, "GrossChurn": c.GrossChurn, "NetChurn": c.NetChurn} {
			if _, err := f(); !errors.Is(err, ErrInvalidCounts) {
				t.Errorf("%s of %s: error %v, want ErrInvalidCounts", name, input, err)
			}
		}
	}
}

func TestDecodedRenewals(t *testing.T) {
	r := decode[Renewals](t, `{"due":2,"renewed":5,"due_value":"10","renewed_value":"50"}`)
	if _, err := r.LogoRate(); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("LogoRate error = %v, want ErrInvalidCounts", err)
	}
	if _, err := r.ValueRate(); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("ValueRate error = %v, want ErrInvalidCounts", err)
	}
	var merged Renewals
	if err := merged.Merge(r); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Merge error = %v, want ErrInvalidCounts", err)
	}
}

func TestDecodedBridge(t *testing.T) {
	// Start 1 + New 1 closes to 2, not to End 5.
	b := decode[Bridge](t, `{"months":[{"from":"2024-01","to":"2024-01","start":"1","new":"1","end":"5"}]}`)
	var merged Bridge
	if err := merged.Merge(b); !errors.Is(err, ErrInvalidCounts) {
		t.Errorf("Merge error = %v, want ErrInvalidCounts", err)
	}
}

func TestBridgeMergeCurrency(t *testing.T) {
	// One US dollar and one euro are not two of anything.
	month := Month{2024, 1}
	usd, err := BuildBridge([]CustomerMonth{{Customer: "A", Month: month, MRR: decimal.NewFromInt(1), Currency: "USD"}}, month, month)
	if err != nil {
		t.Fatal(err)
	}
	eur, err := BuildBridge([]CustomerMonth{{Customer: "B", Month: month, MRR: decimal.NewFromInt(1), Currency: "EUR"}}, month, month)
	if err != nil {
		t.Fatal(err)
	}
	if usd.Currency != "USD" {
		t.Errorf("Currency = %q, want USD", usd.Currency)
	}
	merged := usd
	merged.Months = slices.Clone(usd.Months)
	if err := merged.Merge(eur); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("Merge of USD and EUR: error %v, want ErrCurrencyMismatch", err)
	}
	if !merged.Months[0].End.Equal(decimal.NewFromInt(1)) {
		t.Errorf("failed Merge changed End to %s", merged.Months[0].End)
	}
	var empty Bridge
	if err := empty.Merge(eur); err != nil || empty.Currency != "EUR" {
		t.Errorf("Merge into the zero Bridge: currency %q, error %v; want EUR, nil", empty.Currency, err)
	}
}

func TestNegativePlaces(t *testing.T) {
	// Rounding to −3 places turned 10 a month into 0 and 100 over 3
	// customers into 30, each with a nil error.
	ten := Price{Amount: decimal.NewFromInt(10), Currency: "USD", Cycle: Cycle{Unit: IntervalMonth, Count: 1}}
	for _, places := range []int32{-1, -3, MaxPlaces + 1} {
		if _, err := TotalMRR([]Price{ten}, places); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("TotalMRR places %d: error %v, want ErrInvalidOptions", places, err)
		}
		if _, _, err := ten.Monthly(places); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("Monthly places %d: error %v, want ErrInvalidOptions", places, err)
		}
		if _, err := CostPerCustomer(decimal.NewFromInt(100), 3, places); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("CostPerCustomer places %d: error %v, want ErrInvalidOptions", places, err)
		}
		if _, err := MonthlyMRR(nil, Month{2024, 1}, Month{2024, 1}, time.UTC, places); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("MonthlyMRR places %d: error %v, want ErrInvalidOptions", places, err)
		}
	}
}

func TestWeeklyRenewalInDSTGap(t *testing.T) {
	// 02:30 on 10 March 2024 does not exist in New York (clocks jump from
	// 02:00 to 03:00); time.Date normalises it to 01:30 EST, as the
	// Renewal doc states.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	anchor := time.Date(2024, 3, 3, 2, 30, 0, 0, ny)
	got, err := Cycle{Unit: IntervalWeek, Count: 1}.Renewal(anchor, 1, ny)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2024, 3, 10, 1, 30, 0, 0, time.FixedZone("EST", -5*3600))
	if !got.Equal(want) {
		t.Errorf("Renewal = %v, want %v", got, want)
	}
}
