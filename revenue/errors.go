package revenue

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

var (
	// ErrNegativeAmount reports a money amount below zero where only zero or
	// more is valid: an order, a charge, a spend, a CAC, an ARPA.
	ErrNegativeAmount = errors.New("revenue: negative amount")
	// ErrMixedCurrency reports amounts in two currencies in one total.
	ErrMixedCurrency = errors.New("revenue: mixed currencies")
	// ErrNoOrders reports a per-order result of a period without orders.
	ErrNoOrders = errors.New("revenue: no orders")
	// ErrNoCustomers reports a per-customer result or a customer share with
	// no customers in its denominator.
	ErrNoCustomers = errors.New("revenue: no customers")
	// ErrNoPayingCustomers reports an average per paying customer when no
	// customer paid more than zero.
	ErrNoPayingCustomers = errors.New("revenue: no paying customers")
	// ErrZeroRevenue reports a share of revenue whose total revenue is zero.
	ErrZeroRevenue = errors.New("revenue: zero total revenue")
	// ErrMarginNotPositive reports a gross margin, or a margin per period,
	// of zero or less where payback or lifetime value needs a positive one.
	ErrMarginNotPositive = errors.New("revenue: margin not positive")
	// ErrUnboundedLifetime reports a lifetime value whose customer lifetime
	// has no end: churn 0, or retention 1 with no discounting.
	ErrUnboundedLifetime = errors.New("revenue: lifetime unbounded")
	// ErrNotPaidBack reports a CAC that the margins given never recover.
	ErrNotPaidBack = errors.New("revenue: not paid back")
	// ErrInvalidRate reports a rate or share that is NaN, infinite or outside
	// its range.
	ErrInvalidRate = errors.New("revenue: invalid rate")
	// ErrInvalidCount reports a negative count, a count above its total, a
	// count that overflows int64 when summed or merged, or a tally or
	// summary whose parts do not add up to its totals, as one decoded from
	// corrupt JSON can have.
	ErrInvalidCount = errors.New("revenue: invalid count")
	// ErrInvalidPeriod reports a period whose end is set and not after its
	// set start, or a date that a period needs and that is missing.
	ErrInvalidPeriod = errors.New("revenue: invalid period")
	// ErrNilLocation reports a nil *time.Location where a calendar month
	// needs one.
	ErrNilLocation = errors.New("revenue: nil location")
	// ErrMissingCustomer reports a record without the customer id that its
	// result groups by.
	ErrMissingCustomer = errors.New("revenue: missing customer id")
	// ErrInvalidOffer reports an offer of unknown kind, or with revenue
	// although it was not accepted.
	ErrInvalidOffer = errors.New("revenue: invalid offer")
	// ErrMissingSpend reports a month of acquisitions without spend in the
	// month it is paired with.
	ErrMissingSpend = errors.New("revenue: missing spend")
	// ErrOutOfRange reports a float64 result, such as payback months or
	// LTV:CAC, whose exact value exceeds the largest float64 and so would
	// be ±Inf.
	ErrOutOfRange = errors.New("revenue: result out of float64 range")
	// ErrConfidence reports a confidence level outside (0, 1).
	ErrConfidence = errors.New("revenue: confidence level must be in (0, 1)")
)

// inputError is an error about one value. It reads "revenue: WHERE: DETAIL"
// (or "revenue: DETAIL" without a location) and wraps the sentinel kind, so
// that errors.Is matches the sentinel while the text names the record once.
type inputError struct {
	kind   error
	where  string
	detail string
}

func (e *inputError) Error() string {
	if e.where == "" {
		return "revenue: " + e.detail
	}
	return "revenue: " + e.where + ": " + e.detail
}

func (e *inputError) Unwrap() error {
	return e.kind
}

// errorf returns an inputError of the given kind with a formatted detail.
// Decimal arguments print with every digit of their exponent (-10.00, not
// -10) whatever decimal's package settings are.
func errorf(kind error, format string, args ...any) error {
	for i, a := range args {
		if d, ok := a.(decimal.Decimal); ok {
			args[i] = d.StringFixed(max(0, -d.Exponent()))
		}
	}
	return &inputError{kind: kind, detail: fmt.Sprintf(format, args...)}
}

// locate returns err with its location set to the formatted where. An error
// that is not an inputError is wrapped with the location in front.
func locate(err error, format string, args ...any) error {
	where := fmt.Sprintf(format, args...)
	var e *inputError
	if errors.As(err, &e) {
		located := *e
		located.where = where
		return &located
	}
	return fmt.Errorf("revenue: %s: %w", where, err)
}
