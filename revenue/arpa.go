package revenue

import (
	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// Charge is recurring revenue of one customer in one period, such as a
// subscription's MRR for a month. A customer may have several charges.
type Charge struct {
	// ID names the charge in errors; it may be empty.
	ID         string
	CustomerID string
	// Amount is zero or more. A charge of zero is a free plan.
	Amount decimal.Decimal
	// Currency is a currency code; every charge of one call has the same.
	Currency string
}

// ARPAResult is the average revenue per paying account with its counts.
type ARPAResult struct {
	Currency string `json:"currency"`
	// Revenue is the total of every charge.
	Revenue decimal.Decimal `json:"revenue"`
	// PayingCustomers counts customers whose charges total more than zero;
	// FreeCustomers counts those whose charges total zero.
	PayingCustomers int64 `json:"paying_customers"`
	FreeCustomers   int64 `json:"free_customers"`
	// ARPA is Revenue / PayingCustomers, rounded.
	ARPA decimal.Decimal `json:"arpa"`
}

// ARPA returns the average revenue per paying account (ARPU when accounts
// are users): the total of the charges divided by the customers whose
// charges total more than zero, rounded half away from zero to places
// decimal places. Free customers add nothing to the total and stay out of
// the denominator, as Stripe and ChartMogul exclude free plans from MRR.
//
// It returns an error naming the charge's index and id for a missing
// customer id (ErrMissingCustomer), a negative amount (ErrNegativeAmount)
// or a second currency (ErrMixedCurrency). Without paying customers it
// returns the counts with an error wrapping ErrNoPayingCustomers.
func ARPA(charges []Charge, places int32) (ARPAResult, error) {
	// Validate and total each customer's charges.
	var total decsum.Sum
	byCustomer := make(map[string]decsum.Sum)
	for i, c := range charges {
		if err := checkCharge(c, charges[0].Currency); err != nil {
			return ARPAResult{}, locate(err, "charge %d (id %q)", i, c.ID)
		}
		total.Add(c.Amount)
		sum := byCustomer[c.CustomerID]
		sum.Add(c.Amount)
		byCustomer[c.CustomerID] = sum
	}

	// Count paying and free customers.
	r := ARPAResult{Revenue: total.Value()}
	if len(charges) > 0 {
		r.Currency = charges[0].Currency
	}
	for _, sum := range byCustomer {
		if sum.Sign() > 0 {
			r.PayingCustomers++
		} else {
			r.FreeCustomers++
		}
	}

	// Derive the average.
	if r.PayingCustomers == 0 {
		return r, errorf(ErrNoPayingCustomers, "no paying customers among %d customers, so no ARPA", r.FreeCustomers)
	}
	r.ARPA = r.Revenue.DivRound(decimal.NewFromInt(r.PayingCustomers), places)
	return r, nil
}

func checkCharge(c Charge, currency string) error {
	if c.CustomerID == "" {
		return errorf(ErrMissingCustomer, "charge without customer id")
	}
	if err := checkNonNegative("amount", c.Amount); err != nil {
		return err
	}
	return checkCurrency(currency, c.Currency)
}
