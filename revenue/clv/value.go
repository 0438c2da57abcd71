package clv

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/integrate/quad"
)

// Horizon describes a discrete discounting schedule: Steps periods of
// length Step, each discounted at DiscountRate. There is no default: every
// field must be set (DiscountRate 0 means no discounting).
type Horizon struct {
	// Steps is the number of periods, at least 1.
	Steps int `json:"steps"`
	// Step is the length of one period, for example Month.
	Step time.Duration `json:"step"`
	// DiscountRate is the discount rate per Step, a fraction ≥ 0 (0.01 is
	// 1% per period).
	DiscountRate float64 `json:"discount_rate"`
}

func (h Horizon) validate() error {
	switch {
	case h.Steps < 1:
		return fmt.Errorf("%w: %d steps, want at least 1", ErrInvalidHorizon, h.Steps)
	case h.Step <= 0:
		return fmt.Errorf("%w: step %v is not positive", ErrInvalidHorizon, h.Step)
	case !(h.DiscountRate >= 0) || math.IsInf(h.DiscountRate, 1):
		return fmt.Errorf("%w: discount rate %v, want a finite fraction ≥ 0", ErrInvalidHorizon, h.DiscountRate)
	}
	return nil
}

// Value returns the customer's lifetime value over the horizon, discounted
// per step (the form of lifetimes' customer_lifetime_value and of
// PyMC-Marketing's customer_lifetime_value):
//
//	CLV = Σₖ₌₁..H m̂ · (E[Y(kΔ)] − E[Y((k−1)Δ)]) / (1 + d)ᵏ,
//
// with E[Y(t)] from purchases.ConditionalExpectedPurchases, m̂ from
// spend.ExpectedSpend, Δ = h.Step, H = h.Steps and d = h.DiscountRate. Each
// step counts only the purchases expected within it. With d = 0 the sum is
// m̂ · E[Y(HΔ)], computed in one evaluation.
//
// It returns an error wrapping ErrInvalidHorizon, ErrInvalidParameter,
// ErrInvalidCustomer, ErrSeriesNotConverged, or ErrOverflow naming the
// customer when the expected spend or the value exceeds the float64 range.
func Value(purchases BGNBD, spend GammaGamma, c Customer, h Horizon) (decimal.Decimal, error) {
	if err := h.validate(); err != nil {
		return decimal.Decimal{}, err
	}
	x, recency, age, err := purchases.customerData(c)
	if err != nil {
		return decimal.Decimal{}, err
	}
	meanSpend, err := spend.expectedSpend(c)
	if err != nil {
		return decimal.Decimal{}, err
	}

	purchaseCount, err := purchases.discountedPurchases(x, recency, age, h)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return moneyFromFloat(meanSpend*purchaseCount, "customer %q: value of %g discounted purchases at expected spend %g",
		c.ID, purchaseCount, meanSpend)
}

// discountedPurchases returns Σₖ₌₁..H (E[Y(kΔ)] − E[Y((k−1)Δ)]) / (1 + d)ᵏ,
// and E[Y(HΔ)] in one evaluation when d = 0.
func (m BGNBD) discountedPurchases(x, recency, age float64, h Horizon) (float64, error) {
	step := inUnit(h.Step, m.Unit)
	if h.DiscountRate == 0 {
		return m.conditionalExpected(x, recency, age, float64(h.Steps)*step)
	}
	total, previous := 0.0, 0.0
	for k := 1; k <= h.Steps; k++ {
		expected, err := m.conditionalExpected(x, recency, age, float64(k)*step)
		if err != nil {
			return 0, err
		}
		total += (expected - previous) / math.Pow(1+h.DiscountRate, float64(k))
		previous = expected
	}
	return total, nil
}

// DERT returns the discounted expected residual transactions of the
// customer under continuous discounting,
//
//	DERT = ∫₀^∞ e^(−δτ) dE[Y(τ)] = ∫₀^∞ e^(−u) E[Y(u/δ)] du,
//
// where rate is the continuously compounded discount rate per period per,
// so δ = rate · Unit/per in the model's unit: rate 0.1 per Week is
// CLVTools' default factor for a model fitted in weeks. The integral is
// taken by 20-point Gauss-Legendre rules on u in [0, 1], [1, 2], [2, 4],
// ..., [32, 64]. The tail beyond u = 64 is of order e^(−64)·E[Y(64/δ)].
//
// It returns an error wrapping ErrInvalidHorizon for a rate or period that
// is not positive and finite, ErrInvalidParameter, ErrInvalidCustomer or
// ErrSeriesNotConverged.
func (m BGNBD) DERT(c Customer, rate float64, per time.Duration) (float64, error) {
	if !(rate > 0) || math.IsInf(rate, 1) || per <= 0 {
		return 0, fmt.Errorf("%w: discount rate %v per %v, want a finite rate > 0 per a positive period",
			ErrInvalidHorizon, rate, per)
	}
	x, recency, age, err := m.customerData(c)
	if err != nil {
		return 0, err
	}
	delta := rate * float64(m.Unit) / float64(per)
	var firstErr error
	integrand := func(u float64) float64 {
		expected, err := m.conditionalExpected(x, recency, age, u/delta)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return math.Exp(-u) * expected
	}
	total := 0.0
	for lo, hi := 0.0, 1.0; hi <= 64; lo, hi = hi, 2*hi {
		total += quad.Fixed(integrand, lo, hi, 20, quad.Legendre{}, 0)
	}
	return total, firstErr
}

// ContinuousValue returns DERT · m̂, the customer's lifetime value under
// continuous discounting at rate per period per (see BGNBD.DERT), with m̂
// from spend.ExpectedSpend. Errors are those of DERT and ExpectedSpend, and
// ErrOverflow naming the customer when DERT · m̂ exceeds the float64 range.
func ContinuousValue(purchases BGNBD, spend GammaGamma, c Customer, rate float64, per time.Duration) (decimal.Decimal, error) {
	dert, err := purchases.DERT(c, rate, per)
	if err != nil {
		return decimal.Decimal{}, err
	}
	meanSpend, err := spend.expectedSpend(c)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return moneyFromFloat(dert*meanSpend, "customer %q: value of %g discounted expected purchases at expected spend %g",
		c.ID, dert, meanSpend)
}
