package revenue

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// exact is the tolerance for results that are exact quotients rounded once
// to float64.
var exact = cmpopts.EquateApprox(0, 0)

func TestPaybackFromSchedule(t *testing.T) {
	margins := []decimal.Decimal{dec("10.00"), dec("13.00"), dec("16.00"), dec("19.00"), dec("22.00")}
	tests := []struct {
		name     string
		cac      string
		margins  []decimal.Decimal
		want     float64
		wantErr  error
		wantText string
		source   string
	}{
		{
			// Cumulative 10, 23, 39 after three months; 11 of month 4's 19
			// remain. finance.js's formula gave 3.42 here.
			name: "interpolated inside month 4", cac: "50.00", margins: margins,
			want: 3 + 11.0/19, source: "3 + 11/19 = 3.578947… by hand (finance.js PR #50)",
		},
		{name: "exactly at a month end", cac: "23.00", margins: margins, want: 2, source: "10 + 13 = 23 by hand"},
		{name: "inside month 1", cac: "5.00", margins: margins, want: 0.5, source: "5 / 10 by hand"},
		{name: "zero cac", cac: "0", margins: margins, want: 0, source: "nothing to recover"},
		{
			name: "zero margin month", cac: "15.00", margins: []decimal.Decimal{dec("10"), dec("0"), dec("10")},
			want: 2.5, source: "10 after month 2, 5 of month 3's 10 by hand",
		},
		{
			// The margins total 80.00: not paid back, and neither 5 nor an
			// extrapolation.
			name: "not paid back", cac: "500.00", margins: margins,
			wantErr: ErrNotPaidBack, wantText: "within the 5 months", source: "10+13+16+19+22 = 80 < 500",
		},
		{name: "no margins", cac: "1", wantErr: ErrNotPaidBack, wantText: "within the 0 months", source: "empty schedule"},
		{
			name: "negative month", cac: "50", margins: []decimal.Decimal{dec("10"), dec("-0.10")},
			wantErr: ErrMarginNotPositive, wantText: "month 2 margin -0.10", source: "invalid input",
		},
		{name: "negative cac", cac: "-1", margins: margins, wantErr: ErrNegativeAmount, wantText: "-1", source: "invalid input"},
		{
			// A tiny margin never pays back a huge CAC within the schedule,
			// so the payback cannot exceed the months given.
			name: "tiny margin", cac: "1e400", margins: []decimal.Decimal{dec("1e-400")},
			wantErr: ErrNotPaidBack, wantText: "within the 1 months", source: "1e-400 < 1e400",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PaybackFromSchedule(dec(tc.cac), tc.margins)
			checkErr(t, err, tc.wantErr)
			if tc.wantErr != nil {
				if !strings.Contains(err.Error(), tc.wantText) {
					t.Errorf("error %q does not contain %q", err, tc.wantText)
				}
				return
			}
			if diff := cmp.Diff(tc.want, got, exact); diff != "" {
				t.Errorf("PaybackFromSchedule(%s) mismatch (-want +got):\n%s", tc.cac, diff)
			}
		})
	}
}

func TestPaybackMonths(t *testing.T) {
	tests := []struct {
		name        string
		cac, arpa   string
		grossMargin float64
		want        float64
		wantErr     error
		source      string
	}{
		{name: "eight months", cac: "600.00", arpa: "100.00", grossMargin: 0.75, want: 8, source: "600 / (100 × 0.75) by hand"},
		{name: "calcmastery example", cac: "1200", arpa: "180", grossMargin: 0.75, want: 1200.0 / 135, source: "1200 / 135 = 8.89 months (calcmastery.com)"},
		{name: "zero cac", cac: "0", arpa: "100", grossMargin: 0.5, want: 0, source: "nothing to recover"},
		// A negative margin must not give −60 months, nor zero +Inf.
		{name: "negative margin", cac: "600.00", arpa: "100.00", grossMargin: -0.10, wantErr: ErrMarginNotPositive, source: "ai-tally PR #89"},
		{name: "zero margin", cac: "600.00", arpa: "100.00", grossMargin: 0, wantErr: ErrMarginNotPositive, source: "ai-tally PR #89"},
		{name: "zero arpa", cac: "600.00", arpa: "0", grossMargin: 0.5, wantErr: ErrMarginNotPositive, source: "no margin earned"},
		{name: "margin above 1", cac: "600.00", arpa: "100", grossMargin: 1.5, wantErr: ErrInvalidRate, source: "invalid input"},
		{name: "NaN margin", cac: "600.00", arpa: "100", grossMargin: nan(), wantErr: ErrInvalidRate, source: "invalid input"},
		{name: "negative arpa", cac: "600.00", arpa: "-100", grossMargin: 0.5, wantErr: ErrNegativeAmount, source: "invalid input"},
		// 1e400 / 1e-400 = 1e800 months: an error, never +Inf.
		{name: "beyond float64", cac: "1e400", arpa: "1e-400", grossMargin: 1, wantErr: ErrOutOfRange, source: "1e800 exceeds about 1.8e308"},
		{name: "just beyond float64", cac: "1e309", arpa: "1", grossMargin: 1, wantErr: ErrOutOfRange, source: "1e309 exceeds about 1.8e308"},
		{name: "largest float64 range", cac: "1e308", arpa: "1", grossMargin: 1, want: 1e308, source: "1e308 rounds to the float64 1e308"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PaybackMonths(dec(tc.cac), dec(tc.arpa), tc.grossMargin)
			checkErr(t, err, tc.wantErr)
			if diff := cmp.Diff(tc.want, got, exact); tc.wantErr == nil && diff != "" {
				t.Errorf("PaybackMonths mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// The error names the margin.
	_, err := PaybackMonths(dec("600"), dec("100"), -0.1)
	if !strings.Contains(err.Error(), "-0.1") {
		t.Errorf("error %q does not name the margin -0.1", err)
	}
}

func TestLTVToCAC(t *testing.T) {
	got, err := LTVToCAC(dec("3600.00"), dec("1200.00"))
	checkErr(t, err, nil)
	if got != 3 {
		t.Errorf("LTVToCAC(3600, 1200) = %v, want 3", got)
	}
	_, err = LTVToCAC(dec("3600"), dec("0"))
	checkErr(t, err, ErrNoCustomers)
	_, err = LTVToCAC(dec("-1"), dec("1"))
	checkErr(t, err, ErrNegativeAmount)
	// 1e400 / 1e-400 = 1e800: an error, never +Inf.
	got, err = LTVToCAC(dec("1e400"), dec("1e-400"))
	if !errors.Is(err, ErrOutOfRange) {
		t.Errorf("LTVToCAC(1e400, 1e-400) = %v, %v, want ErrOutOfRange", got, err)
	}
}
