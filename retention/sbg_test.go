package retention

import (
	"errors"
	"math"
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
	got := []float64{must(m.Retention(1)), must(m.Survival(1)), must(m.Survival(2)), must(m.ChurnProbability(1)),
		must(m.Survival(0)), must(m.Retention(0))}
	want := []float64{0.626723, 0.626723, 0.473843, 0.373277, 1, 1}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 5e-7)); diff != "" {
		t.Errorf("projection mismatch (-want +got):\n%s", diff)
	}
	// S(t) = S(t−1) − P(T = t) for every t.
	for tt := 1; tt <= 20; tt++ {
		if d := must(m.Survival(tt-1)) - must(m.ChurnProbability(tt)) - must(m.Survival(tt)); d > 1e-12 || d < -1e-12 {
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
		{"all churned", []int64{100, 50, 0}, ErrNoConvergence},
		// With one period only α/(α + β) is identified.
		{"one period", []int64{2, 1}, ErrInvalidCounts},
		// Counts past 2⁵³ once gave a log-likelihood of +2.1e9.
		{"counts past float64", []int64{math.MaxInt64, math.MaxInt64 - 1, math.MaxInt64 - 2}, ErrInvalidCounts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := FitSBG(tc.survivors); !errors.Is(err, tc.wantErr) {
				t.Errorf("FitSBG(%v) error = %v, want %v", tc.survivors, err, tc.wantErr)
			}
		})
	}
}

// must returns v, panicking on an error that a valid model never gives.
func must(v float64, err error) float64 {
	if err != nil {
		panic(err)
	}
	return v
}

func TestSBGZeroValue(t *testing.T) {
	// The zero SBG once gave NaN from every projection.
	for _, m := range []SBG{{}, {Alpha: 1}, {Alpha: math.Inf(1), Beta: 1}, {Alpha: math.NaN(), Beta: 1}} {
		if _, err := m.Survival(3); !errors.Is(err, ErrInvalidModel) {
			t.Errorf("%+v.Survival: error %v, want ErrInvalidModel", m, err)
		}
		if _, err := m.Retention(1); !errors.Is(err, ErrInvalidModel) {
			t.Errorf("%+v.Retention: error %v, want ErrInvalidModel", m, err)
		}
		if _, err := m.ChurnProbability(1); !errors.Is(err, ErrInvalidModel) {
			t.Errorf("%+v.ChurnProbability: error %v, want ErrInvalidModel", m, err)
		}
	}
}
