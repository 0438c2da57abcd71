package retention

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestFitSBGPublished(t *testing.T) {
	// Fader and Hardie (2007), "How to Project Customer Retention": survival
	// of 1,000 customers over 7 years, and the published maximum-likelihood
	// estimates (3 decimals). The log-likelihoods −1611.158 and −1680.265
	// come from an independent refit by grid search.
	tests := []struct {
		name        string
		survivors   []int64
		alpha, beta float64
		ll          float64
	}{
		{"high end", []int64{1000, 869, 743, 653, 593, 551, 517, 491}, 0.668, 3.806, -1611.158},
		{"regular", []int64{1000, 631, 468, 382, 326, 289, 262, 241}, 0.704, 1.182, -1680.265},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := FitSBG(tc.survivors)
			if err != nil {
				t.Fatal(err)
			}
			// The estimates and log-likelihoods are given to 3 decimals, so
			// half a unit of the last decimal is the tolerance.
			got := []float64{m.Alpha, m.Beta, m.LogLikelihood}
			want := []float64{tc.alpha, tc.beta, tc.ll}
			if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 5e-4)); diff != "" {
				t.Errorf("FitSBG α, β, LL mismatch (-want +got):\n%s", diff)
			}
			if m.Customers != 1000 || m.Periods != 7 {
				t.Errorf("Customers, Periods = %d, %d; want 1000, 7", m.Customers, m.Periods)
			}
		})
	}
}

func TestSBGProjection(t *testing.T) {
	// At α = 0.704, β = 1.182 (Regular): r₁ = β/(α+β) = 1.182/1.886
	// = 0.626723; S(1) = r₁; S(2) = r₁·(β+1)/(α+β+1) = 0.626723·2.182/2.886
	// = 0.473843; P(T=1) = α/(α+β) = 0.373277. The published survival
	// curve passes through 0.631 and 0.468 at years 1 and 2.
	m := SBG{Alpha: 0.704, Beta: 1.182}
	got := []float64{m.Retention(1), m.Survival(1), m.Survival(2), m.ChurnProbability(1), m.Survival(0), m.Retention(0)}
	want := []float64{0.626723, 0.626723, 0.473843, 0.373277, 1, 1}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
		t.Errorf("projection mismatch (-want +got):\n%s", diff)
	}
	// S(t) = S(t−1) − P(T = t) for every t.
	for tt := 1; tt <= 20; tt++ {
		if d := m.Survival(tt-1) - m.ChurnProbability(tt) - m.Survival(tt); d > 1e-12 || d < -1e-12 {
			t.Errorf("S(%d−1) − P(T=%d) − S(%d) = %v, want 0", tt, tt, tt, d)
		}
	}
}

func TestFitSBGInvalid(t *testing.T) {
	tests := []struct {
		name      string
		survivors []int64
		wantErr   error
	}{
		{"too short", []int64{100}, ErrInvalidCounts},
		{"empty cohort", []int64{0, 0}, ErrInvalidCounts},
		{"increasing", []int64{100, 90, 95}, ErrInvalidCounts},
		{"negative", []int64{100, -1}, ErrInvalidCounts},
		{"no churn", []int64{100, 100, 100}, ErrNoConvergence},
		{"all churned", []int64{100, 0}, ErrNoConvergence},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := FitSBG(tc.survivors); !errors.Is(err, tc.wantErr) {
				t.Errorf("FitSBG(%v) error = %v, want %v", tc.survivors, err, tc.wantErr)
			}
		})
	}
}
