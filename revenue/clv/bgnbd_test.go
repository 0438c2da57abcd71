package clv_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/revenue/clv"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// published is the BG/NBD fit of Fader, Hardie and Lee (2005) on the CDNOW
// sample, in weeks, as printed in the paper.
var published = clv.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: clv.Week}

// clvtools is CLVTools' estimate on the same data
// (bachmannpatrick/CLVTools tests/testthat/test_correctness_bgnbd.R).
var clvtools = clv.BGNBD{R: 0.2425945, Alpha: 4.4136019, A: 0.7929199, B: 2.4258881, Unit: clv.Week}

// heavyBuyers are customers whose hypergeometric term exceeds the float64
// range, where lifetimes overflowed
// (https://github.com/CamDavidsonPilon/lifetimes/pull/113,
// https://github.com/CamDavidsonPilon/lifetimes/issues/332).
// Expected values: Fader, Hardie and Lee (2005) eq. 10 and the P(alive)
// expression of Hardie's note 021, evaluated with mpmath at 80 digits and
// cross-checked by integrating over the posterior of λ and p.
func TestConditionalExpectedHeavyBuyers(t *testing.T) {
	tests := []struct {
		name      string
		customer  clv.Customer
		wantE     float64
		wantAlive float64
		wantLog   float64
	}{
		{
			name:      "700 purchases, recent",
			customer:  clv.Customer{Frequency: 700, Recency: weeks(51.5), Age: weeks(52)},
			wantE:     518.724967515503,
			wantAlive: 0.634389163131557,
			wantLog:   math.Log(0.634389163131557),
		},
		{
			// P(alive) = 9.57e-413 and E = 7.83e-410 are below the
			// smallest float64, so both are 0.
			name:     "700 purchases, silent for 42 weeks",
			customer: clv.Customer{Frequency: 700, Recency: weeks(10), Age: weeks(52)},
			wantLog:  -948.708708968899,
		},
		{
			name:      "2 purchases",
			customer:  clv.Customer{Frequency: 2, Recency: weeks(30), Age: weeks(52)},
			wantE:     1.77030771231464,
			wantAlive: 0.587760235153026,
			wantLog:   math.Log(0.587760235153026),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := published.ConditionalExpectedPurchases(tc.customer, weeks(104))
			if err != nil {
				t.Fatal(err)
			}
			alive, err := published.ProbabilityAlive(tc.customer)
			if err != nil {
				t.Fatal(err)
			}
			logAlive, err := published.LogProbabilityAlive(tc.customer)
			if err != nil {
				t.Fatal(err)
			}
			// The expected values carry 15 significant digits; 1e-9
			// relative leaves room for float64 rounding in the series.
			opt := cmpopts.EquateApprox(1e-9, 0)
			if diff := cmp.Diff(tc.wantE, e, opt); diff != "" {
				t.Errorf("E[Y(104)] mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantAlive, alive, opt); diff != "" {
				t.Errorf("P(alive) mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantLog, logAlive, opt); diff != "" {
				t.Errorf("ln P(alive) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDomainEdges covers a = 1, where (a+b+x−1)/(a−1) meets a zero bracket,
// and the x = 0 rule P(alive) = 1. The a = 1 values are the limit of the
// formula as a → 1, evaluated with mpmath at 80 digits.
func TestDomainEdges(t *testing.T) {
	limit := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 1, B: 2.426, Unit: clv.Week}
	customer := clv.Customer{Frequency: 2, Recency: weeks(30), Age: weeks(52)}
	e, err := limit.ConditionalExpectedPurchases(customer, weeks(104))
	if err != nil {
		t.Fatal(err)
	}
	alive, err := limit.ProbabilityAlive(customer)
	if err != nil {
		t.Fatal(err)
	}
	opt := cmpopts.EquateApprox(1e-9, 0)
	if diff := cmp.Diff(1.49772598057709, e, opt); diff != "" {
		t.Errorf("E[Y(104)] at a = 1 mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(0.530656973448823, alive, opt); diff != "" {
		t.Errorf("P(alive) at a = 1 mismatch (-want +got):\n%s", diff)
	}

	// Either side of a = 1 the value approaches the limit.
	for _, a := range []float64{1 - 1e-9, 1 + 1e-9} {
		near := limit
		near.A = a
		got, err := near.ConditionalExpectedPurchases(customer, weeks(104))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(1.49772598057709, got, cmpopts.EquateApprox(1e-7, 0)); diff != "" {
			t.Errorf("E[Y(104)] at a = %v mismatch (-want +got):\n%s", a, diff)
		}
	}

	for _, age := range []time.Duration{0, weeks(1), weeks(500)} {
		oneTime := clv.Customer{Age: age}
		got, err := published.ProbabilityAlive(oneTime)
		if err != nil {
			t.Fatal(err)
		}
		if got != 1 {
			t.Errorf("ProbabilityAlive(x = 0, T = %v) = %v, want exactly 1", age, got)
		}
	}
}

// TestInvalidInputs checks that each input outside the domain is an error
// naming the field, and never a NaN.
func TestInvalidInputs(t *testing.T) {
	customers := []struct {
		name     string
		customer clv.Customer
	}{
		{"recency after age", clv.Customer{Frequency: 2, Recency: weeks(53), Age: weeks(52)}},
		{"repeat buyer with recency 0", clv.Customer{Frequency: 1, Age: weeks(52)}},
		{"negative frequency", clv.Customer{Frequency: -1, Age: weeks(52)}},
		{"negative recency", clv.Customer{Frequency: 1, Recency: -time.Hour, Age: weeks(52)}},
		{"negative age", clv.Customer{Age: -time.Hour}},
		{"one-time buyer with recency", clv.Customer{Recency: weeks(1), Age: weeks(52)}},
	}
	for _, tc := range customers {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := published.ProbabilityAlive(tc.customer); !errors.Is(err, clv.ErrInvalidCustomer) {
				t.Errorf("ProbabilityAlive error = %v, want ErrInvalidCustomer", err)
			}
			if _, err := published.ConditionalExpectedPurchases(tc.customer, weeks(1)); !errors.Is(err, clv.ErrInvalidCustomer) {
				t.Errorf("ConditionalExpectedPurchases error = %v, want ErrInvalidCustomer", err)
			}
			_, err := published.LogLikelihood([]clv.Customer{{Age: weeks(1)}, tc.customer})
			if !errors.Is(err, clv.ErrInvalidCustomer) {
				t.Errorf("LogLikelihood error = %v, want ErrInvalidCustomer", err)
			}
		})
	}

	params := []struct {
		name  string
		model clv.BGNBD
	}{
		{"r zero", clv.BGNBD{R: 0, Alpha: 1, A: 1, B: 1, Unit: clv.Week}},
		{"alpha negative", clv.BGNBD{R: 1, Alpha: -1, A: 1, B: 1, Unit: clv.Week}},
		{"a NaN", clv.BGNBD{R: 1, Alpha: 1, A: math.NaN(), B: 1, Unit: clv.Week}},
		{"b infinite", clv.BGNBD{R: 1, Alpha: 1, A: 1, B: math.Inf(1), Unit: clv.Week}},
	}
	for _, tc := range params {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.model.ExpectedPurchases(weeks(1)); !errors.Is(err, clv.ErrInvalidParameter) {
				t.Errorf("ExpectedPurchases error = %v, want ErrInvalidParameter", err)
			}
		})
	}
	if _, err := (clv.BGNBD{R: 1, Alpha: 1, A: 1, B: 1}).ExpectedPurchases(weeks(1)); !errors.Is(err, clv.ErrInvalidHorizon) {
		t.Errorf("ExpectedPurchases with unit 0: error = %v, want ErrInvalidHorizon", err)
	}
	if _, err := published.ExpectedPurchases(-time.Hour); !errors.Is(err, clv.ErrInvalidHorizon) {
		t.Errorf("ExpectedPurchases(-1h) error = %v, want ErrInvalidHorizon", err)
	}
	if _, err := published.ProbabilityOfPurchases(-1, weeks(1)); !errors.Is(err, clv.ErrInvalidHorizon) {
		t.Errorf("ProbabilityOfPurchases(-1) error = %v, want ErrInvalidHorizon", err)
	}
	if _, err := published.LogLikelihood(nil); !errors.Is(err, clv.ErrNoCustomers) {
		t.Errorf("LogLikelihood(nil) error = %v, want ErrNoCustomers", err)
	}
}

// TestExpectedPurchasesHardie checks E[X(t)] and E[Y(39) | x = 2,
// tₓ = 30.43, T = 38.86] against Hardie's BG/NBD spreadsheet (0.0078,
// 0.0532, 0.1506, 1.0405, 1.0437, 1.8576; 1.226, as asserted in lifetimes'
// tests), recomputed at CLVTools' estimate with mpmath to 6 decimals.
func TestExpectedPurchasesHardie(t *testing.T) {
	tests := []struct {
		weeks float64
		want  float64
	}{
		{0.1429, 0.007816}, {1, 0.053184}, {3, 0.150631},
		{31.8571, 1.040488}, {32, 1.043731}, {78, 1.857956},
	}
	for _, tc := range tests {
		got, err := clvtools.ExpectedPurchases(weeks(tc.weeks))
		if err != nil {
			t.Fatal(err)
		}
		// 6 printed decimals: half a unit in the last place.
		if math.Abs(got-tc.want) > 5e-7 {
			t.Errorf("ExpectedPurchases(%v weeks) = %.7f, want %.6f", tc.weeks, got, tc.want)
		}
	}
	got, err := clvtools.ConditionalExpectedPurchases(clv.Customer{Frequency: 2, Recency: weeks(30.43), Age: weeks(38.86)}, weeks(39))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-1.225906) > 5e-7 {
		t.Errorf("ConditionalExpectedPurchases(customer 1, 39 weeks) = %.7f, want 1.225906", got)
	}
}

// TestLogLikelihoodCDNOW checks the log-likelihood at CLVTools' estimate
// on the CDNOW summary: -9582.4256, recomputed with SciPy.
func TestLogLikelihoodCDNOW(t *testing.T) {
	ll, err := clvtools.LogLikelihood(cdnowSummary(t))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ll-(-9582.4256)) > 5e-5 {
		t.Errorf("LogLikelihood = %.5f, want -9582.4256", ll)
	}
}

// TestProbabilityOfPurchases checks that P(X(t) = n) sums to 1 over n and
// that its mean is E[X(t)], which FHL (2005) derive from the same model.
func TestProbabilityOfPurchases(t *testing.T) {
	for _, horizon := range []time.Duration{0, weeks(1), weeks(39), weeks(200)} {
		total, mean := 0.0, 0.0
		for n := 0; n < 5000; n++ {
			p, err := published.ProbabilityOfPurchases(n, horizon)
			if err != nil {
				t.Fatal(err)
			}
			if p < 0 || p > 1 {
				t.Fatalf("ProbabilityOfPurchases(%d, %v) = %v, outside [0, 1]", n, horizon, p)
			}
			total += p
			mean += float64(n) * p
		}
		want, err := published.ExpectedPurchases(horizon)
		if err != nil {
			t.Fatal(err)
		}
		// The sums are truncated at n = 5000, where the tail is below
		// 1e-12 for these horizons.
		opt := cmpopts.EquateApprox(0, 1e-9)
		if diff := cmp.Diff(1.0, total, opt); diff != "" {
			t.Errorf("Σ P(X(%v) = n) mismatch (-want +got):\n%s", horizon, diff)
		}
		if diff := cmp.Diff(want, mean, opt); diff != "" {
			t.Errorf("Σ n·P(X(%v) = n) mismatch with E[X] (-want +got):\n%s", horizon, diff)
		}
	}
}

// TestTimeUnitsAgree checks that a model in days with α·7 predicts what the
// same model in weeks predicts: units are a scale, never a silent factor.
func TestTimeUnitsAgree(t *testing.T) {
	days := published
	days.Alpha *= 7
	days.Unit = clv.Day
	customer := clv.Customer{Frequency: 3, Recency: weeks(20), Age: weeks(39)}
	for _, horizon := range []time.Duration{weeks(1), weeks(52), 30 * clv.Day} {
		inWeeks, err := published.ConditionalExpectedPurchases(customer, horizon)
		if err != nil {
			t.Fatal(err)
		}
		inDays, err := days.ConditionalExpectedPurchases(customer, horizon)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(inWeeks, inDays, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
			t.Errorf("E[Y(%v)] weeks vs days mismatch (-weeks +days):\n%s", horizon, diff)
		}
	}
}
