package revenue

import (
	"math"
	"math/big"

	"github.com/shopspring/decimal"
)

// SimpleCLV returns the lifetime value ARPA / churnRate: ARPA per period
// over the share of customers lost per period, rounded half away from zero
// to places decimal places (ChartMogul's LTV; ARPA 100 at churn 5% gives
// 2,000). churnRate enters as the shortest decimal that reads back as it.
//
// A churnRate of zero returns an error wrapping ErrUnboundedLifetime,
// because customers who never leave have no finite lifetime. A churnRate
// outside (0, 1] or NaN wraps ErrInvalidRate, and a negative ARPA
// ErrNegativeAmount.
func SimpleCLV(arpa decimal.Decimal, churnRate float64, places int32) (decimal.Decimal, error) {
	if err := checkNonNegative("arpa", arpa); err != nil {
		return decimal.Decimal{}, err
	}
	if churnRate == 0 {
		return decimal.Decimal{}, errorf(ErrUnboundedLifetime, "churn rate 0, so the lifetime is unbounded")
	}
	if err := checkFraction("churn rate", churnRate, 0, 1); err != nil {
		return decimal.Decimal{}, err
	}
	return arpa.DivRound(rateDecimal(churnRate), places), nil
}

// DiscountedCLVInput holds the inputs of the margin-based discounted
// lifetime value.
type DiscountedCLVInput struct {
	// Margin is the gross margin per period, received at the end of each
	// period; it must be more than zero.
	Margin decimal.Decimal
	// Retention is the share of customers kept from one period to the next,
	// a fraction in [0, 1].
	Retention float64
	// DiscountRate is the discount rate per period, zero or more.
	DiscountRate float64
	// AcquisitionCost is subtracted from the value to give the net lifetime
	// value; zero gives the gross value.
	AcquisitionCost decimal.Decimal
}

// DiscountedCLV returns m·r / (1 + i − r) − AcquisitionCost for margin m,
// retention r and discount rate i, rounded half away from zero to places
// decimal places (m 100, r 0.9, i 0.01 give 818.18). The formula is the
// infinite-horizon lifetime value of Gupta, Lehmann and Stuart (2004),
// "Valuing Customers", Journal of Marketing Research 41(1). The rates enter as the shortest
// decimals that read back as them, and the value is exact before rounding.
//
// A Margin of zero or less returns an error wrapping ErrMarginNotPositive;
// r = 1 with i = 0 wraps ErrUnboundedLifetime; r outside [0, 1], a negative
// or NaN i wrap ErrInvalidRate; a negative AcquisitionCost wraps
// ErrNegativeAmount.
func DiscountedCLV(in DiscountedCLVInput, places int32) (decimal.Decimal, error) {
	// Validate.
	if in.Margin.Sign() <= 0 {
		return decimal.Decimal{}, errorf(ErrMarginNotPositive, "margin %s not positive", in.Margin)
	}
	if err := checkFraction("retention", in.Retention, 0, 1); err != nil {
		return decimal.Decimal{}, err
	}
	if err := checkFraction("discount rate", in.DiscountRate, 0, math.MaxFloat64); err != nil {
		return decimal.Decimal{}, err
	}
	if err := checkNonNegative("acquisition cost", in.AcquisitionCost); err != nil {
		return decimal.Decimal{}, err
	}

	// Derive m·r / (1 + i − r) exactly, then round once after subtracting
	// the acquisition cost.
	r, i := rateDecimal(in.Retention), rateDecimal(in.DiscountRate)
	denominator := decimal.NewFromInt(1).Add(i).Sub(r)
	if denominator.IsZero() {
		return decimal.Decimal{}, errorf(ErrUnboundedLifetime, "retention 1 without discounting, so the lifetime is unbounded")
	}
	value := new(big.Rat).Quo(in.Margin.Mul(r).Rat(), denominator.Rat())
	value.Sub(value, in.AcquisitionCost.Rat())
	return roundRat(value, places), nil
}

// HistoricalCLV returns each customer's realised revenue over all the orders
// given, sorted by customer id: HubSpot's "total revenue" lifetime value.
// Passing each order's margin as its Amount gives the margin form. Orders
// without a customer id are left out of the result. It returns the errors of
// SummarizeOrders.
func HistoricalCLV(orders []Order) ([]CustomerValue, error) {
	var t Purchases
	for i, o := range orders {
		if err := t.check(o); err != nil {
			return nil, locate(err, "order %d (id %q)", i, o.ID)
		}
		t.add(o)
	}
	return t.CustomerValues()
}

// roundRat returns x rounded half away from zero to places decimal places.
func roundRat(x *big.Rat, places int32) decimal.Decimal {
	num := decimal.NewFromBigInt(x.Num(), 0)
	den := decimal.NewFromBigInt(x.Denom(), 0)
	return num.DivRound(den, places)
}
