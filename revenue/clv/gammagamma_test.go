package clv_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/revenue/clv"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// spendModel is the published CDNOW Gamma-Gamma fit (Fader and Hardie 2013).
var spendModel = clv.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}

// TestExpectedSpend covers the repeat-only monetary value. The first
// purchase is not part of the mean
// (https://github.com/CamDavidsonPilon/lifetimes/pull/40), and one-time
// buyers get the population mean instead of entering the fit with log(0)
// (https://github.com/CamDavidsonPilon/lifetimes/issues/134). Expected
// values by hand, E = p(γ + x·m̄)/(p·x + q − 1):
//
//	K: 6.25·(15.44 + 2·15)/(6.25·2 + 2.74)   = 284/15.24   = 18.6351706037
//	L: 6.25·15.44/2.74                       = 96.5/2.74   = 35.2189781022
//	M: 6.25·(15.44 + 10·50)/(6.25·10 + 2.74) = 3221.5/65.24 = 49.3792152054
func TestExpectedSpend(t *testing.T) {
	// Customer K bought 30.00 on day 0, 10.00 on day 20 and 20.00 on day 45.
	var purchases clv.Purchases
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, p := range []struct {
		day    int
		amount string
	}{{0, "30.00"}, {20, "10.00"}, {45, "20.00"}} {
		if err := purchases.Add("K", start.AddDate(0, 0, p.day), decimal.RequireFromString(p.amount), time.UTC); err != nil {
			t.Fatal(err)
		}
	}
	summaries, err := purchases.Summarize(start.AddDate(0, 0, 60), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	k := summaries[0]
	if k.Frequency != 2 || !k.MeanValue.Equal(decimal.RequireFromString("15.00")) {
		t.Errorf("customer K summary = frequency %d, mean %s; want 2, 15.00", k.Frequency, k.MeanValue)
	}

	tests := []struct {
		name     string
		customer clv.Customer
		want     float64
	}{
		{"K", k, 18.6351706037},
		{"L one-time buyer", clv.Customer{ID: "L"}, 35.2189781022},
		{"M", clv.Customer{ID: "M", Frequency: 10, MeanValue: decimal.NewFromInt(50)}, 49.3792152054},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := spendModel.ExpectedSpend(tc.customer)
			if err != nil {
				t.Fatal(err)
			}
			// The hand values are rounded to 10 decimals.
			if diff := cmp.Diff(tc.want, got.InexactFloat64(), cmpopts.EquateApprox(0, 5e-11)); diff != "" {
				t.Errorf("ExpectedSpend mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFitGammaGammaExcludes checks that one-time buyers and repeat buyers
// whose repeat purchases are worth 0 stay out of the fit and are listed,
// and that the log-likelihood stays finite.
func TestFitGammaGammaExcludes(t *testing.T) {
	customers := cdnowSummary(t)
	customers = append(customers,
		clv.Customer{ID: "L"},
		clv.Customer{ID: "Z", Frequency: 3, MeanValue: decimal.Zero},
	)
	fit, err := clv.FitGammaGamma(customers)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Customers != 946 {
		t.Errorf("Customers = %d, want 946 repeat buyers", fit.Customers)
	}
	last := fit.Excluded[len(fit.Excluded)-2:]
	want := []clv.Exclusion{
		{Index: 2357, ID: "L", Reason: clv.ReasonNoRepeatPurchases},
		{Index: 2358, ID: "Z", Reason: clv.ReasonZeroMeanValue},
	}
	if diff := cmp.Diff(want, last); diff != "" {
		t.Errorf("last exclusions mismatch (-want +got):\n%s", diff)
	}
	if math.IsNaN(fit.LogLikelihood) || math.IsInf(fit.LogLikelihood, 0) {
		t.Errorf("LogLikelihood = %v, want finite", fit.LogLikelihood)
	}
}

// TestFitGammaGammaCDNOW compares the fit on the 946 CDNOW repeat buyers
// with SciPy (p 6.248803, q 3.744588, γ 15.447747) and with lifetimes'
// Quickstart to 2 decimals (6.25, 3.74, 15.45). The means in this file are
// rounded to cents, which moves γ from the published 15.44 that the exact
// means reproduce. It also checks the log-likelihood at the published values with its
// recomputation, -4055.9247.
func TestFitGammaGammaCDNOW(t *testing.T) {
	customers := cdnowSummary(t)
	fit, err := clv.FitGammaGamma(customers)
	if err != nil {
		t.Fatal(err)
	}
	got := []float64{fit.Model.P, fit.Model.Q, fit.Model.Gamma}
	// p and γ lie on a flat ridge of the likelihood: the gradient tolerance
	// leaves them within about 1e-6 relative of the optimum.
	if diff := cmp.Diff([]float64{6.248803, 3.744588, 15.447747}, got, cmpopts.EquateApprox(2e-6, 0)); diff != "" {
		t.Errorf("parameters mismatch with SciPy (-want +got):\n%s", diff)
	}
	for i, want := range []float64{6.25, 3.74, 15.45} {
		if rounded := math.Round(got[i]*100) / 100; rounded != want {
			t.Errorf("parameter %d = %v rounds to %v, want %v", i, got[i], rounded, want)
		}
	}
	ll, err := spendModel.LogLikelihood(customers)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ll-(-4055.9247)) > 5e-5 {
		t.Errorf("LogLikelihood(published) = %.5f, want -4055.9247", ll)
	}
}

// TestGammaGammaDomain checks that q ≤ 1, where the population mean
// p·γ/(q−1) is infinite, is an error naming q, never a negative spend.
func TestGammaGammaDomain(t *testing.T) {
	for _, q := range []float64{1, 0.5} {
		model := clv.GammaGamma{P: 6.25, Q: q, Gamma: 15.44}
		if _, err := model.PopulationMeanSpend(); !errors.Is(err, clv.ErrInvalidParameter) {
			t.Errorf("PopulationMeanSpend(q = %v) error = %v, want ErrInvalidParameter", q, err)
		}
		if _, err := model.ExpectedSpend(clv.Customer{}); !errors.Is(err, clv.ErrInvalidParameter) {
			t.Errorf("ExpectedSpend(q = %v, x = 0) error = %v, want ErrInvalidParameter", q, err)
		}
	}
	// With repeat purchases the posterior mean exists while p·x + q > 1:
	// 6.25·(15.44 + 2·15)/(6.25·2 + 0.5 − 1) = 284/12 = 23.6666...
	got, err := clv.GammaGamma{P: 6.25, Q: 0.5, Gamma: 15.44}.ExpectedSpend(clv.Customer{Frequency: 2, MeanValue: decimal.NewFromInt(15)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(284.0/12, got.InexactFloat64(), cmpopts.EquateApprox(1e-15, 0)); diff != "" {
		t.Errorf("ExpectedSpend(q = 0.5, x = 2) mismatch (-want +got):\n%s", diff)
	}

	invalid := []clv.Customer{
		{Frequency: 1, MeanValue: decimal.NewFromInt(-1)},
		{Frequency: 0, MeanValue: decimal.NewFromInt(5)},
		{Frequency: -2},
	}
	for i, c := range invalid {
		if _, err := spendModel.ExpectedSpend(c); !errors.Is(err, clv.ErrInvalidCustomer) {
			t.Errorf("ExpectedSpend(invalid %d) error = %v, want ErrInvalidCustomer", i, err)
		}
	}
	if _, err := clv.FitGammaGamma([]clv.Customer{{ID: "L"}}); !errors.Is(err, clv.ErrNoCustomers) {
		t.Errorf("FitGammaGamma(one-time buyers only) error = %v, want ErrNoCustomers", err)
	}
	if _, err := (clv.GammaGamma{P: 0, Q: 2, Gamma: 1}).PopulationMeanSpend(); !errors.Is(err, clv.ErrInvalidParameter) {
		t.Errorf("PopulationMeanSpend(p = 0) error = %v, want ErrInvalidParameter", err)
	}
}

// TestFitGammaGammaKAndL fits exactly customers K (x = 2, mean 15.00) and L
// (one purchase): L must be left out and listed with its index, and the
// log-likelihood must stay finite. One repeat buyer does not identify three
// parameters, so the search may end without converging; it must then say
// so.
func TestFitGammaGammaKAndL(t *testing.T) {
	customers := []clv.Customer{
		{ID: "K", Frequency: 2, Recency: 45 * clv.Day, Age: 60 * clv.Day, MeanValue: decimal.RequireFromString("15.00")},
		{ID: "L", Age: 60 * clv.Day},
	}
	fit, err := clv.FitGammaGamma(customers)
	if err != nil && !errors.Is(err, clv.ErrNotConverged) {
		t.Fatalf("FitGammaGamma error = %v, want nil or ErrNotConverged", err)
	}
	want := []clv.Exclusion{{Index: 1, ID: "L", Reason: clv.ReasonNoRepeatPurchases}}
	if diff := cmp.Diff(want, fit.Excluded); diff != "" {
		t.Errorf("Excluded mismatch (-want +got):\n%s", diff)
	}
	if fit.Customers != 1 {
		t.Errorf("Customers = %d, want 1", fit.Customers)
	}
	if math.IsNaN(fit.LogLikelihood) || math.IsInf(fit.LogLikelihood, 0) {
		t.Errorf("LogLikelihood = %v, want finite", fit.LogLikelihood)
	}
}

// TestMoneyOverflow covers money results near the float64 limit of about
// 1.8e308, where decimal.NewFromFloat used to panic on +Inf or NaN. Each
// call returns a finite value or an error wrapping a sentinel. Expected
// values by hand, E = (γ + x·m̄)/(x + (q − 1)/p):
//
//	x 3, m̄ 1e307, CDNOW fit: 3e307/(3 + 2.74/6.25) = 3e307/3.4384
//	  = 8.72498836668218e306 (γ is below the last digit)
//	p 1e308, x 10, m̄ 50: (15.44 + 500)/10 = 51.544
func TestMoneyOverflow(t *testing.T) {
	huge := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	// v's spend is about 1.44e307. It expects about 30.7 purchases in 520
	// weeks, so its value is about 4.4e308, and its DERT at 0.005 per week
	// is about 15.3, so its continuous value is about 2.2e308.
	v := clv.Customer{ID: "v", Frequency: 10, Recency: weeks(51), Age: weeks(52), MeanValue: huge("1.5e307")}
	tenYears := clv.Horizon{Steps: 1, Step: weeks(520)}
	tests := []struct {
		name    string
		call    func() (decimal.Decimal, error)
		want    float64
		wantErr error
		wantID  string
	}{
		{"spend of mean value 1e307", func() (decimal.Decimal, error) {
			return spendModel.ExpectedSpend(clv.Customer{ID: "m", Frequency: 3, Recency: clv.Day, Age: clv.Week, MeanValue: huge("1e307")})
		}, 8.72498836668218e306, nil, ""},
		{"spend at p 1e308", func() (decimal.Decimal, error) {
			return clv.GammaGamma{P: 1e308, Q: 3.74, Gamma: 15.44}.ExpectedSpend(clv.Customer{ID: "p", Frequency: 10, MeanValue: huge("50")})
		}, 51.544, nil, ""},
		{"population mean 2e616", func() (decimal.Decimal, error) {
			return clv.GammaGamma{P: 1e308, Q: 2, Gamma: 1e308}.PopulationMeanSpend()
		}, 0, clv.ErrOverflow, ""},
		{"one-time buyer spend 2e308", func() (decimal.Decimal, error) {
			return clv.GammaGamma{P: 1, Q: 1.5, Gamma: 1e308}.ExpectedSpend(clv.Customer{ID: "o"})
		}, 0, clv.ErrOverflow, `"o"`},
		{"mean value 1e400", func() (decimal.Decimal, error) {
			return spendModel.ExpectedSpend(clv.Customer{ID: "big", Frequency: 1, MeanValue: huge("1e400")})
		}, 0, clv.ErrInvalidCustomer, `"big"`},
		{"mean value 1e-400", func() (decimal.Decimal, error) {
			return spendModel.ExpectedSpend(clv.Customer{ID: "tiny", Frequency: 1, MeanValue: huge("1e-400")})
		}, 0, clv.ErrInvalidCustomer, `"tiny"`},
		{"total repeat value 2e308", func() (decimal.Decimal, error) {
			return spendModel.ExpectedSpend(clv.Customer{ID: "sum", Frequency: 2, MeanValue: huge("1e308")})
		}, 0, clv.ErrInvalidCustomer, `"sum"`},
		{"value of mean value 1e400", func() (decimal.Decimal, error) {
			c := clv.Customer{ID: "big", Frequency: 3, Recency: clv.Day, Age: clv.Week, MeanValue: huge("1e400")}
			return clv.Value(published, spendModel, c, clv.Horizon{Steps: 12, Step: clv.Month})
		}, 0, clv.ErrInvalidCustomer, `"big"`},
		{"continuous value of mean value 1e400", func() (decimal.Decimal, error) {
			c := clv.Customer{ID: "big", Frequency: 3, Recency: clv.Day, Age: clv.Week, MeanValue: huge("1e400")}
			return clv.ContinuousValue(published, spendModel, c, 0.1, clv.Week)
		}, 0, clv.ErrInvalidCustomer, `"big"`},
		{"value 4e308", func() (decimal.Decimal, error) {
			return clv.Value(published, spendModel, v, tenYears)
		}, 0, clv.ErrOverflow, `"v"`},
		{"discounted value 4e308", func() (decimal.Decimal, error) {
			return clv.Value(published, spendModel, v, clv.Horizon{Steps: 52, Step: weeks(10), DiscountRate: 1e-9})
		}, 0, clv.ErrOverflow, `"v"`},
		{"continuous value 2.2e308", func() (decimal.Decimal, error) {
			return clv.ContinuousValue(published, spendModel, v, 0.005, clv.Week)
		}, 0, clv.ErrOverflow, `"v"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.call()
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tc.wantID) {
					t.Errorf("error %q does not name the customer %s", err, tc.wantID)
				}
				return
			}
			// The hand values carry 15 significant digits.
			if diff := cmp.Diff(tc.want, got.InexactFloat64(), cmpopts.EquateApprox(1e-14, 0)); diff != "" {
				t.Errorf("value mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFitGammaGammaHugeValues fits mean values near the float64 maximum:
// the start γ, the mean of the mean values, must stay finite, and a mean
// value beyond float64 is an invalid customer rather than a NaN fit.
func TestFitGammaGammaHugeValues(t *testing.T) {
	customers := []clv.Customer{
		{ID: "w", Frequency: 2, MeanValue: decimal.RequireFromString("5e307")},
		{ID: "y", Frequency: 1, MeanValue: decimal.RequireFromString("1.7e308")},
		{ID: "z", Frequency: 3, MeanValue: decimal.RequireFromString("1e307")},
	}
	fit, err := clv.FitGammaGamma(customers)
	if err != nil && !errors.Is(err, clv.ErrNotConverged) {
		t.Fatalf("FitGammaGamma error = %v, want nil or ErrNotConverged", err)
	}
	m := fit.Model
	for _, v := range []float64{m.P, m.Q, m.Gamma, fit.LogLikelihood} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("fit %+v, log-likelihood %v; want finite values", m, fit.LogLikelihood)
		}
	}

	customers = append(customers, clv.Customer{ID: "big", Frequency: 1, MeanValue: decimal.RequireFromString("1e400")})
	if _, err := clv.FitGammaGamma(customers); !errors.Is(err, clv.ErrInvalidCustomer) {
		t.Errorf("FitGammaGamma with mean value 1e400: error = %v, want ErrInvalidCustomer", err)
	}
}
