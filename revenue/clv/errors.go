package clv

import "errors"

// Sentinel errors. Every error the package returns wraps one of them, so
// callers test with errors.Is.
var (
	// ErrNoCustomers is returned when a fit or a summary has no customers.
	ErrNoCustomers = errors.New("clv: no customers")
	// ErrInvalidCustomer is returned for a customer summary outside the
	// models' domain. That is a negative frequency, recency, age or mean
	// value, a recency after the age, a repeat buyer with recency 0, a
	// one-time buyer with a non-zero recency or mean value, or a mean value
	// or total repeat value x·m̄ outside the float64 range.
	ErrInvalidCustomer = errors.New("clv: invalid customer")
	// ErrInvalidPurchase is returned for a purchase without a customer id,
	// with a negative amount, or dated after the summary's cut-off day.
	ErrInvalidPurchase = errors.New("clv: invalid purchase")
	// ErrInvalidParameter is returned for a model parameter that is not a
	// finite number greater than 0, and for a Gamma-Gamma q ≤ 1 where the
	// population mean spend is needed.
	ErrInvalidParameter = errors.New("clv: invalid parameter")
	// ErrInvalidHorizon is returned for a negative horizon or purchase
	// count, a non-positive time unit, step or step count, or a negative or
	// non-finite discount rate.
	ErrInvalidHorizon = errors.New("clv: invalid horizon")
	// ErrNotConverged is returned, together with the best parameters found,
	// when a fit fails one of the tests of Convergence: the gradient is
	// above GradientTolerance, a parameter ran more than MaxParameterRatio
	// from its start, or the maximum is not strict.
	ErrNotConverged = errors.New("clv: fit did not converge")
	// ErrOverflow is returned when a money result exceeds the float64 range
	// in which the models compute (about 1.8e308 in the currency's units),
	// so that it has no decimal value.
	ErrOverflow = errors.New("clv: result overflows float64")
	// ErrSeriesNotConverged is returned when the series of an expected
	// purchase count needs more than a million terms: for horizons many
	// thousands of times longer than α + T, or for r + x in the millions.
	ErrSeriesNotConverged = errors.New("clv: expected-purchases series did not converge")
)
