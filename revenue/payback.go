package revenue

import (
	"math"
	"math/big"

	"github.com/shopspring/decimal"
)

// PaybackMonths returns the months of gross margin that recover the CAC:
// CAC / (ARPA × grossMargin), with ARPA the average revenue per account per
// month and grossMargin a fraction in (0, 1], as hivemetric.com defines it.
// calcmastery.com gives CAC 1,200, ARPA 180 and margin 75% as 8.89 months. The quotient is
// exact before its one rounding to float64; grossMargin enters as the
// shortest decimal that reads back as it (0.75 is 3/4).
//
// A grossMargin of zero or less, or an ARPA of zero, returns an error
// wrapping ErrMarginNotPositive, never a negative or infinite payback. A
// grossMargin above 1 or NaN wraps ErrInvalidRate, and a negative CAC or
// ARPA ErrNegativeAmount. A payback beyond the largest float64, such as a
// CAC of 1e400 over an ARPA of 1e-400, wraps ErrOutOfRange. A CAC of zero
// is paid back in 0 months.
func PaybackMonths(cac, arpa decimal.Decimal, grossMargin float64) (float64, error) {
	if err := checkNonNegative("cac", cac); err != nil {
		return 0, err
	}
	if err := checkNonNegative("arpa", arpa); err != nil {
		return 0, err
	}
	if !(grossMargin > 0) && !math.IsNaN(grossMargin) {
		return 0, errorf(ErrMarginNotPositive, "gross margin %v not positive, so the CAC is never paid back", grossMargin)
	}
	if err := checkFraction("gross margin", grossMargin, 0, 1); err != nil {
		return 0, err
	}
	monthly := arpa.Mul(rateDecimal(grossMargin))
	if monthly.IsZero() {
		return 0, errorf(ErrMarginNotPositive, "arpa %s earns no margin, so the CAC is never paid back", arpa)
	}
	return ratio("payback months", cac, monthly)
}

// PaybackFromSchedule returns the time in months at which the cumulative
// gross margin of margins, the margin earned in each month from month 1 on,
// reaches cac. Margin is taken as earned evenly within a month, so the
// payback interpolates inside the month where the total passes cac. With
// CAC 50 and margins 10, 13, 16, 19, 22 the total after 3 months is 39, and
// 11 of month 4's 19 remain, so payback is 3 + 11/19 months. The quotient is
// exact before its one rounding to float64.
//
// A negative margin returns an error wrapping ErrMarginNotPositive that
// names the month; a month of zero margin is valid and recovers nothing. If
// the margins never reach cac the error wraps ErrNotPaidBack and states the
// months given and the total reached, never the last month or an
// extrapolation. A negative cac wraps ErrNegativeAmount; a cac of zero is
// paid back in 0 months.
func PaybackFromSchedule(cac decimal.Decimal, margins []decimal.Decimal) (float64, error) {
	if err := checkNonNegative("cac", cac); err != nil {
		return 0, err
	}
	if cac.IsZero() {
		return 0, nil
	}

	// Accumulate until the month in which the total reaches cac.
	cumulative := decimal.Zero
	for i, m := range margins {
		if m.Sign() < 0 {
			return 0, errorf(ErrMarginNotPositive, "month %d margin %s is negative", i+1, m)
		}
		next := cumulative.Add(m)
		if next.GreaterThanOrEqual(cac) {
			// Interpolate: i full months plus the part of month i+1 that
			// the remaining cac needs. That part is at most 1, so the
			// result is at most len(margins) and converts to a finite
			// float64.
			months := new(big.Rat).Quo(cac.Sub(cumulative).Rat(), m.Rat())
			months.Add(months, new(big.Rat).SetInt64(int64(i)))
			f, _ := months.Float64()
			return f, nil
		}
		cumulative = next
	}
	return 0, errorf(ErrNotPaidBack, "cac %s not paid back within the %d months given (margin total %s)",
		cac, len(margins), cumulative)
}

// LTVToCAC returns ltv / cac as a float64, computed exactly and rounded
// once; 3 or more is the usual rule of thumb (ChartMogul). It returns an
// error wrapping ErrNegativeAmount for a negative value, ErrNoCustomers
// for a CAC of zero, for which the ratio is undefined, and ErrOutOfRange
// for a ratio beyond the largest float64, never +Inf.
func LTVToCAC(ltv, cac decimal.Decimal) (float64, error) {
	if err := checkNonNegative("ltv", ltv); err != nil {
		return 0, err
	}
	if err := checkNonNegative("cac", cac); err != nil {
		return 0, err
	}
	if cac.IsZero() {
		return 0, errorf(ErrNoCustomers, "cac is 0, so LTV:CAC is undefined")
	}
	return ratio("LTV:CAC", ltv, cac)
}
