package revenue

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestRate(t *testing.T) {
	tests := []struct {
		name       string
		rate       Rate
		confidence float64
		wantValue  float64
		want       Interval
		wantErr    error
		source     string
	}{
		{
			name: "two of three", rate: Rate{Count: 2, Total: 3}, confidence: 0.95,
			wantValue: 2.0 / 3, want: Interval{Lower: 0.20765960080204782, Upper: 0.9385080552796038, Confidence: 0.95},
			source: "Wilson (1927) score interval evaluated in Python with statistics.NormalDist",
		},
		{
			name: "45 of 50", rate: Rate{Count: 45, Total: 50}, confidence: 0.9,
			wantValue: 0.9, want: Interval{Lower: 0.8084624858484292, Upper: 0.9504709655225548, Confidence: 0.9},
			source: "Wilson (1927) score interval evaluated in Python with statistics.NormalDist",
		},
		{name: "no customers", rate: Rate{}, confidence: 0.95, wantErr: ErrNoCustomers, source: "empty denominator"},
		{name: "count above total", rate: Rate{Count: 4, Total: 3}, confidence: 0.95, wantErr: ErrInvalidCount, source: "invalid counts"},
		{name: "confidence 1", rate: Rate{Count: 1, Total: 3}, confidence: 1, wantValue: 1.0 / 3, wantErr: ErrConfidence, source: "invalid confidence"},
	}
	// The Python and Go normal quantiles agree to about 1e-15; 1e-12 leaves
	// room for the different evaluation order.
	approx := cmpopts.EquateApprox(0, 1e-12)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			value, err := tc.rate.Value()
			if tc.wantErr == nil || tc.wantErr == ErrConfidence {
				checkErr(t, err, nil)
				if diff := cmp.Diff(tc.wantValue, value, approx); diff != "" {
					t.Errorf("Value() mismatch (-want +got):\n%s", diff)
				}
			}
			got, err := tc.rate.Interval(tc.confidence)
			checkErr(t, err, tc.wantErr)
			if diff := cmp.Diff(tc.want, got, approx); tc.wantErr == nil && diff != "" {
				t.Errorf("Interval(%v) mismatch (-want +got):\n%s", tc.confidence, diff)
			}
		})
	}
}
