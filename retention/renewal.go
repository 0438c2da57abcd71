package retention

import (
	"errors"
	"math"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// Contract is a contract that comes up for renewal on Due.
type Contract struct {
	// ID names the contract in error messages; it may be empty.
	ID string `json:"id"`
	// Due is when the contract comes up for renewal.
	Due time.Time `json:"due"`
	// Value is the contract value up for renewal, at the pre-renewal price.
	Value decimal.Decimal `json:"value"`
	// Currency is the currency code shared by all contracts of a rate.
	Currency string `json:"currency"`
	// Renewed reports whether the customer renewed.
	Renewed bool `json:"renewed"`
	// RenewedValue is the value of the renewed contract; it must be 0 when
	// Renewed is false.
	RenewedValue decimal.Decimal `json:"renewed_value"`
}

// Renewals holds the counts and values of the contracts that came up for
// renewal in a period.
type Renewals struct {
	// Due counts the contracts due in the period, Renewed those renewed,
	// and NotDue the contracts given whose Due lies outside the period.
	Due     int64 `json:"due"`
	Renewed int64 `json:"renewed"`
	NotDue  int64 `json:"not_due"`
	// DueValue is the value up for renewal; RenewedValue the renewed
	// value, each contract counted at most at its pre-renewal value, so
	// that downgrades lower it and upgrades do not raise it.
	DueValue     decimal.Decimal `json:"due_value"`
	RenewedValue decimal.Decimal `json:"renewed_value"`
	Currency     string          `json:"currency"`
}

// CountRenewals counts the contracts due for renewal in period p, [Start,
// End). Contracts due outside p count only in NotDue.
//
// It returns an error naming the index and id for a negative value
// (ErrNegativeAmount), a renewed value on a contract that was not renewed
// (ErrInvalidCounts), a currency that differs from the first due
// contract's (ErrCurrencyMismatch), and ErrEndBeforeStart for an invalid
// period. The sums do not allocate per contract.
func CountRenewals(contracts []Contract, p Period) (Renewals, error) {
	if err := p.validate(); err != nil {
		return Renewals{}, err
	}
	var r Renewals
	var due, renewed decsum.Sum
	for i, c := range contracts {
		if err := c.validate(i); err != nil {
			return Renewals{}, err
		}
		if !p.within(c.Due) {
			r.NotDue++
			continue
		}
		if r.Due == 0 {
			r.Currency = c.Currency
		} else if c.Currency != r.Currency {
			return Renewals{}, errorf(ErrCurrencyMismatch, "contract %d (id %q): currency %q differs from %q",
				i, c.ID, c.Currency, r.Currency)
		}
		r.Due++
		due.Add(c.Value)
		if c.Renewed {
			r.Renewed++
			if compareDecimals(c.RenewedValue, c.Value) < 0 {
				renewed.Add(c.RenewedValue)
			} else {
				renewed.Add(c.Value)
			}
		}
	}
	r.DueValue, r.RenewedValue = due.Value(), renewed.Value()
	return r, nil
}

func (c Contract) validate(i int) error {
	switch {
	case c.Value.Sign() < 0:
		return errorf(ErrNegativeAmount, "contract %d (id %q): negative value %s", i, c.ID, c.Value)
	case c.RenewedValue.Sign() < 0:
		return errorf(ErrNegativeAmount, "contract %d (id %q): negative renewed value %s", i, c.ID, c.RenewedValue)
	case !c.Renewed && !c.RenewedValue.IsZero():
		return errorf(ErrInvalidCounts, "contract %d (id %q): renewed value %s on a contract not renewed",
			i, c.ID, c.RenewedValue)
	}
	return nil
}

// Merge adds the renewals of other contracts over the same period. It
// returns an error wrapping ErrCurrencyMismatch when both have due
// contracts in different currencies, and ErrInvalidCounts when either
// fails the checks of LogoRate or the counts overflow int64, and then
// leaves r unchanged.
func (r *Renewals) Merge(other Renewals) error {
	if err := errors.Join(r.validate(), other.validate()); err != nil {
		return err
	}
	if r.Due > math.MaxInt64-other.Due || r.NotDue > math.MaxInt64-other.NotDue {
		return errorf(ErrInvalidCounts, "merge renewals: counts overflow int64")
	}
	if r.Due > 0 && other.Due > 0 && r.Currency != other.Currency {
		return errorf(ErrCurrencyMismatch, "merge renewals in %q and %q", r.Currency, other.Currency)
	}
	if r.Due == 0 {
		r.Currency = other.Currency
	}
	r.Due += other.Due
	r.Renewed += other.Renewed
	r.NotDue += other.NotDue
	r.DueValue = r.DueValue.Add(other.DueValue)
	r.RenewedValue = r.RenewedValue.Add(other.RenewedValue)
	return nil
}

// LogoRate returns the logo renewal rate Renewed / Due: only contracts that
// came up for renewal are in the denominator. It returns an error wrapping
// ErrNoRenewals when none did, and one wrapping ErrInvalidCounts for
// fields that CountRenewals cannot give, as JSON may hold: a negative
// count or value, Renewed above Due, or RenewedValue above DueValue.
func (r Renewals) LogoRate() (Rate, error) {
	if err := r.validate(); err != nil {
		return Rate{}, err
	}
	if r.Due == 0 {
		return Rate{}, errorf(ErrNoRenewals, "logo renewal rate: no contract due in the period")
	}
	return newRate(r.Renewed, r.Due), nil
}

// ValueRate returns the dollar renewal rate RenewedValue / DueValue, in
// [0, 1]. It returns an error wrapping ErrNoRenewals when the value up for
// renewal is 0, and one wrapping ErrInvalidCounts as LogoRate does.
func (r Renewals) ValueRate() (float64, error) {
	if err := r.validate(); err != nil {
		return 0, err
	}
	if r.DueValue.IsZero() {
		return 0, errorf(ErrNoRenewals, "value renewal rate: no value due in the period (%d contracts)", r.Due)
	}
	return ratio(r.RenewedValue, r.DueValue), nil
}

// validate returns an error wrapping ErrInvalidCounts for renewals that
// CountRenewals and Merge cannot give.
func (r Renewals) validate() error {
	switch {
	case min(r.Due, r.Renewed, r.NotDue) < 0 || r.DueValue.Sign() < 0 || r.RenewedValue.Sign() < 0:
		return errorf(ErrInvalidCounts, "renewals: negative count or value (%d due, %d renewed, %d not due, value %s of %s)",
			r.Due, r.Renewed, r.NotDue, r.RenewedValue, r.DueValue)
	case r.Renewed > r.Due || r.RenewedValue.GreaterThan(r.DueValue):
		return errorf(ErrInvalidCounts, "renewals: %d renewed of %d due, value %s of %s",
			r.Renewed, r.Due, r.RenewedValue, r.DueValue)
	}
	return nil
}

// CostPerCustomer returns the retention cost per customer, spend /
// customers, rounded half away from zero to places decimals. Sources differ
// on the count: customers retained, or active at the start of the period;
// the caller passes the one it reports. It returns an error wrapping
// ErrNoCustomers when customers is not positive, ErrNegativeAmount for a
// negative spend and ErrInvalidOptions for places outside 0..MaxPlaces.
func CostPerCustomer(spend decimal.Decimal, customers int64, places int32) (decimal.Decimal, error) {
	if err := checkPlaces("cost per customer", places); err != nil {
		return decimal.Decimal{}, err
	}
	if customers <= 0 {
		return decimal.Decimal{}, errorf(ErrNoCustomers, "cost per customer: %d customers", customers)
	}
	if spend.Sign() < 0 {
		return decimal.Decimal{}, errorf(ErrNegativeAmount, "cost per customer: negative spend %s", spend)
	}
	return spend.DivRound(decimal.NewFromInt(customers), places), nil
}
