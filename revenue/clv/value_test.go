package clv_test

import (
	"errors"
	"math"
	"testing"

	"github.com/crmmetrics/crmmetrics/revenue/clv"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// repeatBuyer has x = 2, tₓ = 30 and T = 52 weeks, mean repeat value 15.
var repeatBuyer = clv.Customer{Frequency: 2, Recency: weeks(30), Age: weeks(52), MeanValue: decimal.NewFromInt(15)}

// TestValue checks discrete discounting by hand from values verified
// elsewhere: E[Y(104 weeks)] = 1.77030771231464 (80-digit evaluation of
// Fader, Hardie and Lee 2005, eq. 10) and E[M] = 284/15.24 (Gamma-Gamma by hand). One step of
// 104 weeks at 10% gives 284/15.24 · 1.77030771231464 / 1.1.
func TestValue(t *testing.T) {
	spend := 284 / 15.24
	tests := []struct {
		name    string
		horizon clv.Horizon
		want    float64
	}{
		{"one step discounted", clv.Horizon{Steps: 1, Step: weeks(104), DiscountRate: 0.1}, spend * 1.77030771231464 / 1.1},
		{"undiscounted", clv.Horizon{Steps: 2, Step: weeks(52)}, spend * 1.77030771231464},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := clv.Value(published, spendModel, repeatBuyer, tc.horizon)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got.InexactFloat64(), cmpopts.EquateApprox(1e-9, 0)); diff != "" {
				t.Errorf("Value mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValueIncrements guards against summing cumulative expected purchases
// per step (https://github.com/CamDavidsonPilon/lifetimes/issues/27):
// undiscounted, 24 monthly steps
// must equal one step of 24 months, and each discounted step must count only
// its own increment.
func TestValueIncrements(t *testing.T) {
	monthly, err := clv.Value(published, spendModel, repeatBuyer, clv.Horizon{Steps: 24, Step: clv.Month})
	if err != nil {
		t.Fatal(err)
	}
	single, err := clv.Value(published, spendModel, repeatBuyer, clv.Horizon{Steps: 1, Step: 24 * clv.Month})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(single.InexactFloat64(), monthly.InexactFloat64(), cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("24 monthly steps vs one step mismatch (-single +monthly):\n%s", diff)
	}

	// Two discounted steps by hand from the model's own increments.
	spend := 284 / 15.24
	e1, err := published.ConditionalExpectedPurchases(repeatBuyer, clv.Month)
	if err != nil {
		t.Fatal(err)
	}
	e2, err := published.ConditionalExpectedPurchases(repeatBuyer, 2*clv.Month)
	if err != nil {
		t.Fatal(err)
	}
	want := spend * (e1/1.01 + (e2-e1)/(1.01*1.01))
	got, err := clv.Value(published, spendModel, repeatBuyer, clv.Horizon{Steps: 2, Step: clv.Month, DiscountRate: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got.InexactFloat64(), cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("two discounted steps mismatch (-want +got):\n%s", diff)
	}
}

// TestDERT checks continuous discounting against a case with a closed form:
// with a = 1 and b = 10⁷ almost no customer drops out, E[X(t)] ≈ r·t/α, and
// DERT = ∫ δe^(−δt)·r·t/α dt = r/(α·δ) = 0.243/(4.414·0.1). The dropout
// probability p ≈ 1e-7 per purchase lowers it by about p·(r+1)·t/(2α) with
// t ≈ 2/δ, that is 3e-7 relative.
func TestDERT(t *testing.T) {
	model := clv.BGNBD{R: 0.243, Alpha: 4.414, A: 1, B: 1e7, Unit: clv.Week}
	got, err := model.DERT(clv.Customer{}, 0.1, clv.Week)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(0.243/(4.414*0.1), got, cmpopts.EquateApprox(1e-6, 0)); diff != "" {
		t.Errorf("DERT mismatch (-want +got):\n%s", diff)
	}

	// The rate is per period: 0.1 per week is 0.1/7 per day.
	perDay, err := published.DERT(repeatBuyer, 0.1/7, clv.Day)
	if err != nil {
		t.Fatal(err)
	}
	perWeek, err := published.DERT(repeatBuyer, 0.1, clv.Week)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(perWeek, perDay, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("DERT per day vs per week mismatch (-week +day):\n%s", diff)
	}

	value, err := clv.ContinuousValue(published, spendModel, repeatBuyer, 0.1, clv.Week)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(perWeek*284/15.24, value.InexactFloat64(), cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("ContinuousValue mismatch (-want +got):\n%s", diff)
	}
}

// TestDERTStieltjes compares DERT with a midpoint Riemann-Stieltjes sum of
// e^(−δt) over the increments of E[Y(t)] in steps of 0.01 weeks up to 600
// weeks, where e^(−60) ends the tail.
func TestDERTStieltjes(t *testing.T) {
	if testing.Short() {
		t.Skip("60,000 evaluations")
	}
	got, err := published.DERT(repeatBuyer, 0.1, clv.Week)
	if err != nil {
		t.Fatal(err)
	}
	sum, previous := 0.0, 0.0
	const step = 0.01
	for k := 1; k <= 60000; k++ {
		e, err := published.ConditionalExpectedPurchases(repeatBuyer, weeks(float64(k)*step))
		if err != nil {
			t.Fatal(err)
		}
		sum += math.Exp(-0.1*(float64(k)-0.5)*step) * (e - previous)
		previous = e
	}
	// The midpoint rule's error is of order (δ·step)² = 1e-6 relative.
	if diff := cmp.Diff(sum, got, cmpopts.EquateApprox(1e-6, 0)); diff != "" {
		t.Errorf("DERT vs Stieltjes sum mismatch (-sum +DERT):\n%s", diff)
	}
}

func TestValueErrors(t *testing.T) {
	tests := []struct {
		name    string
		horizon clv.Horizon
	}{
		{"zero horizon", clv.Horizon{}},
		{"no step", clv.Horizon{Steps: 12}},
		{"negative rate", clv.Horizon{Steps: 12, Step: clv.Month, DiscountRate: -0.01}},
		{"NaN rate", clv.Horizon{Steps: 12, Step: clv.Month, DiscountRate: math.NaN()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := clv.Value(published, spendModel, repeatBuyer, tc.horizon); !errors.Is(err, clv.ErrInvalidHorizon) {
				t.Errorf("Value error = %v, want ErrInvalidHorizon", err)
			}
		})
	}
	for _, rate := range []float64{0, -1, math.Inf(1)} {
		if _, err := published.DERT(repeatBuyer, rate, clv.Week); !errors.Is(err, clv.ErrInvalidHorizon) {
			t.Errorf("DERT(rate %v) error = %v, want ErrInvalidHorizon", rate, err)
		}
	}
	if _, err := published.DERT(repeatBuyer, 0.1, 0); !errors.Is(err, clv.ErrInvalidHorizon) {
		t.Errorf("DERT(per 0) error = %v, want ErrInvalidHorizon", err)
	}
	lowQ := clv.GammaGamma{P: 1, Q: 0.5, Gamma: 1}
	if _, err := clv.Value(published, lowQ, clv.Customer{Age: weeks(1)}, clv.Horizon{Steps: 1, Step: clv.Month}); !errors.Is(err, clv.ErrInvalidParameter) {
		t.Errorf("Value(q = 0.5) error = %v, want ErrInvalidParameter", err)
	}
}
