package clv

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"
)

// Time units for the models. A fitted model stores its unit, and every
// recency, age and horizon is a time.Duration, so a horizon in months cannot
// be read as weeks by mistake.
const (
	// Day is 24 hours.
	Day = 24 * time.Hour
	// Week is 7 days, the unit of the published CDNOW fits.
	Week = 7 * Day
	// Month is 365.25/12 days (30.4375 days), the mean Gregorian-Julian
	// month.
	Month = 730*time.Hour + 30*time.Minute
)

// Customer is one customer's purchase history in the form the BG/NBD and
// Gamma-Gamma models read. Build it with Purchases.Customers or by hand.
type Customer struct {
	// ID identifies the customer in error messages and results.
	ID string `json:"id"`
	// Frequency is the number of repeat purchases x: purchase days after the
	// first one.
	Frequency int `json:"frequency"`
	// Recency is tₓ, the time from the first to the last purchase; 0 for a
	// customer with Frequency 0.
	Recency time.Duration `json:"recency"`
	// Age is T, the time from the first purchase to the end of the
	// observation (calibration) period.
	Age time.Duration `json:"age"`
	// MeanValue is the mean value of the repeat purchases, the first
	// purchase excluded; 0 for a customer with Frequency 0. The Gamma-Gamma
	// model reads it; the BG/NBD model ignores it.
	MeanValue decimal.Decimal `json:"mean_value"`
}

// validate checks the purchase-history fields that the BG/NBD model reads.
// index is the customer's position in the caller's slice.
func (c Customer) validate(index int) error {
	switch {
	case c.Frequency < 0:
		return c.invalid(index, "frequency %d is negative", c.Frequency)
	case c.Recency < 0:
		return c.invalid(index, "recency %v is negative", c.Recency)
	case c.Age < 0:
		return c.invalid(index, "age %v is negative", c.Age)
	case c.Recency > c.Age:
		return c.invalid(index, "recency %v is after age %v", c.Recency, c.Age)
	case c.Frequency > 0 && c.Recency == 0:
		return c.invalid(index, "frequency %d with recency 0: repeat purchases need a later purchase day", c.Frequency)
	case c.Frequency == 0 && c.Recency != 0:
		return c.invalid(index, "frequency 0 with recency %v: a one-time buyer has recency 0", c.Recency)
	}
	return nil
}

// validateSpend checks the fields that the Gamma-Gamma model reads. The
// model computes in float64, so a mean value must convert to a finite
// float64, to a non-zero one when it is positive, and the total repeat
// value x·m̄ must stay finite.
func (c Customer) validateSpend(index int) error {
	mean := c.MeanValue.InexactFloat64()
	switch {
	case c.Frequency < 0:
		return c.invalid(index, "frequency %d is negative", c.Frequency)
	case c.MeanValue.IsNegative():
		return c.invalid(index, "mean value %s is negative", c.MeanValue)
	case c.Frequency == 0 && !c.MeanValue.IsZero():
		return c.invalid(index, "frequency 0 with mean value %s: a one-time buyer has no repeat purchases", c.MeanValue)
	case math.IsInf(mean, 0):
		return c.invalid(index, "mean value %s overflows float64 (max %g)", shortDecimal(c.MeanValue), math.MaxFloat64)
	case mean == 0 && !c.MeanValue.IsZero():
		return c.invalid(index, "mean value %s underflows float64 to 0 (min %g)", shortDecimal(c.MeanValue), math.SmallestNonzeroFloat64)
	case math.IsInf(float64(c.Frequency)*mean, 0):
		return c.invalid(index, "total repeat value x·m̄ = %d × %s overflows float64 (max %g)",
			c.Frequency, shortDecimal(c.MeanValue), math.MaxFloat64)
	}
	return nil
}

func (c Customer) invalid(index int, format string, args ...any) error {
	return fmt.Errorf("%w: customer %d (id %q): %s", ErrInvalidCustomer, index, c.ID, fmt.Sprintf(format, args...))
}

// moneyFromFloat converts a float64 money result to a decimal.
// decimal.NewFromFloat panics on ±Inf and NaN, so a result that left the
// float64 range is an error wrapping ErrOverflow instead. what names the
// result and its inputs for the message.
func moneyFromFloat(value float64, what string, args ...any) (decimal.Decimal, error) {
	if math.IsInf(value, 0) || math.IsNaN(value) {
		return decimal.Decimal{}, fmt.Errorf("%w: %s is %v", ErrOverflow, fmt.Sprintf(what, args...), value)
	}
	return decimal.NewFromFloat(value), nil
}

// shortDecimal formats d for an error message, in exponent form when its
// exponent is large, so that 1e307 does not print 308 digits.
func shortDecimal(d decimal.Decimal) string {
	if e := d.Exponent(); e > 20 || e < -20 {
		return fmt.Sprintf("%se%d", d.Coefficient(), e)
	}
	return d.String()
}

// inUnit returns d as a number of units.
func inUnit(d, unit time.Duration) float64 {
	return float64(d) / float64(unit)
}

// checkUnit rejects a non-positive time unit.
func checkUnit(unit time.Duration) error {
	if unit <= 0 {
		return fmt.Errorf("%w: time unit %v is not positive", ErrInvalidHorizon, unit)
	}
	return nil
}

// checkParameter rejects a parameter that is not finite and greater than 0.
func checkParameter(model, name string, value float64) error {
	if !(value > 0) || math.IsInf(value, 1) {
		return fmt.Errorf("%w: %s %s = %v, want a finite number > 0", ErrInvalidParameter, model, name, value)
	}
	return nil
}
