package revenue

import (
	"math"
	"strings"
	"testing"
)

func nan() float64 { return math.NaN() }

func TestSimpleCLV(t *testing.T) {
	tests := []struct {
		name     string
		arpa     string
		churn    float64
		want     string
		wantErr  error
		wantText string
		source   string
	}{
		{name: "chartmogul example", arpa: "100.00", churn: 0.05, want: "2000.00", source: "ARPA $100, churn 5% → $2,000 (ChartMogul help article 203359061)"},
		{name: "repeating", arpa: "100.00", churn: 0.03, want: "3333.33", source: "100 / 0.03 = 3333.33… by hand"},
		{name: "full churn", arpa: "42.50", churn: 1, want: "42.50", source: "one period of revenue"},
		{name: "zero churn", arpa: "100.00", churn: 0, wantErr: ErrUnboundedLifetime, wantText: "unbounded", source: "no finite lifetime"},
		{name: "negative churn", arpa: "100.00", churn: -0.1, wantErr: ErrInvalidRate, wantText: "-0.1", source: "invalid input"},
		{name: "churn above 1", arpa: "100.00", churn: 1.2, wantErr: ErrInvalidRate, wantText: "1.2", source: "invalid input"},
		{name: "NaN churn", arpa: "100.00", churn: nan(), wantErr: ErrInvalidRate, wantText: "NaN", source: "invalid input"},
		{name: "negative arpa", arpa: "-1", churn: 0.1, wantErr: ErrNegativeAmount, wantText: "-1", source: "invalid input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SimpleCLV(dec(tc.arpa), tc.churn, 2)
			checkErr(t, err, tc.wantErr)
			if tc.wantErr != nil {
				if !strings.Contains(err.Error(), tc.wantText) {
					t.Errorf("error %q does not contain %q", err, tc.wantText)
				}
				return
			}
			checkDecimal(t, "SimpleCLV", got, tc.want)
		})
	}
}

func TestDiscountedCLV(t *testing.T) {
	tests := []struct {
		name    string
		in      DiscountedCLVInput
		want    string
		wantErr error
		source  string
	}{
		{
			name: "gupta example", in: DiscountedCLVInput{Margin: dec("100"), Retention: 0.9, DiscountRate: 0.01},
			// 100 × 0.9 / (1 + 0.01 − 0.9) = 90 / 0.11 = 9000/11 = 818.1818…
			want: "818.18", source: "m = 100, r = 0.9, i = 0.01 → 818.18 (Python fractions: 9000/11)",
		},
		{
			name: "net of acquisition cost",
			in:   DiscountedCLVInput{Margin: dec("100"), Retention: 0.9, DiscountRate: 0.01, AcquisitionCost: dec("300.00")},
			want: "518.18", source: "9000/11 − 300 = 518.1818… by hand",
		},
		{
			name: "net below zero",
			in:   DiscountedCLVInput{Margin: dec("10"), Retention: 0.5, DiscountRate: 0, AcquisitionCost: dec("50")},
			want: "-40.00", source: "10 × 0.5 / 0.5 − 50 = −40 by hand",
		},
		{
			name: "perpetuity", in: DiscountedCLVInput{Margin: dec("50"), Retention: 1, DiscountRate: 0.1},
			want: "500.00", source: "50 × 1 / 0.1 = 500 by hand",
		},
		{name: "no retention", in: DiscountedCLVInput{Margin: dec("50"), Retention: 0, DiscountRate: 0.1}, want: "0.00", source: "m·0 = 0"},
		{name: "unbounded", in: DiscountedCLVInput{Margin: dec("50"), Retention: 1}, wantErr: ErrUnboundedLifetime, source: "r = 1, i = 0"},
		{name: "zero margin", in: DiscountedCLVInput{Margin: dec("0"), Retention: 0.5}, wantErr: ErrMarginNotPositive, source: "invalid input"},
		{name: "negative margin", in: DiscountedCLVInput{Margin: dec("-5"), Retention: 0.5}, wantErr: ErrMarginNotPositive, source: "invalid input"},
		{name: "retention above 1", in: DiscountedCLVInput{Margin: dec("5"), Retention: 1.1}, wantErr: ErrInvalidRate, source: "invalid input"},
		{name: "negative discount", in: DiscountedCLVInput{Margin: dec("5"), Retention: 0.5, DiscountRate: -0.2}, wantErr: ErrInvalidRate, source: "invalid input"},
		{name: "infinite discount", in: DiscountedCLVInput{Margin: dec("5"), Retention: 0.5, DiscountRate: math.Inf(1)}, wantErr: ErrInvalidRate, source: "invalid input"},
		{name: "negative cost", in: DiscountedCLVInput{Margin: dec("5"), Retention: 0.5, AcquisitionCost: dec("-1")}, wantErr: ErrNegativeAmount, source: "invalid input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DiscountedCLV(tc.in, 2)
			checkErr(t, err, tc.wantErr)
			if tc.wantErr == nil {
				checkDecimal(t, "DiscountedCLV", got, tc.want)
			}
		})
	}
}
