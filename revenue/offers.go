package revenue

import (
	"fmt"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// OfferKind distinguishes an upsell (a higher plan or more of the same product)
// from a cross-sell (a different product).
type OfferKind int

const (
	// Upsell is an offer of a higher plan or more of the same product.
	Upsell OfferKind = iota + 1
	// CrossSell is an offer of another product.
	CrossSell
)

// String returns "upsell" or "cross-sell".
func (k OfferKind) String() string {
	switch k {
	case Upsell:
		return "upsell"
	case CrossSell:
		return "cross-sell"
	}
	return fmt.Sprintf("OfferKind(%d)", int(k))
}

// Offer is one upsell or cross-sell offer made to a customer.
type Offer struct {
	// ID names the offer in errors; it may be empty.
	ID         string
	CustomerID string
	Kind       OfferKind
	// Accepted reports whether the customer took the offer.
	Accepted bool
	// Revenue is the accepted offer's revenue, zero or more. It must be
	// zero when the offer was not accepted.
	Revenue decimal.Decimal
	// Currency is a currency code; every offer of one call has the same.
	Currency string
}

// OfferResult is the outcome of the offers of one kind.
type OfferResult struct {
	// Offered counts distinct customers offered, Accepted those who took at
	// least one offer.
	Offered  int64 `json:"offered"`
	Accepted int64 `json:"accepted"`
	// Revenue is the total revenue of the accepted offers.
	Revenue decimal.Decimal `json:"revenue"`
}

// Uptake returns the customer form of the upsell or cross-sell rate:
// customers who took the offer out of customers offered it.
func (r OfferResult) Uptake() Rate {
	return Rate{Count: r.Accepted, Total: r.Offered}
}

// RevenueShare returns the revenue form of the upsell or cross-sell rate:
// the offers' revenue divided by total, the period's total revenue, as a
// fraction. It returns an error wrapping ErrZeroRevenue for a total of zero
// and ErrInvalidRate when the offers' revenue exceeds total.
func (r OfferResult) RevenueShare(total decimal.Decimal) (float64, error) {
	return RevenueShare(r.Revenue, total)
}

// OfferSummary holds the upsell and cross-sell results.
type OfferSummary struct {
	Currency  string      `json:"currency"`
	Upsell    OfferResult `json:"upsell"`
	CrossSell OfferResult `json:"cross_sell"`
}

// SummarizeOffers counts, for upsells and cross-sells separately, the
// distinct customers offered, those who accepted, and the accepted offers'
// revenue (sources for both rate forms: shno.co startup metrics and
// sender.net). It returns an error naming the offer's index and id for a
// missing customer id (ErrMissingCustomer), an unknown kind or revenue on an
// offer not accepted (ErrInvalidOffer), a negative revenue
// (ErrNegativeAmount), or a second currency (ErrMixedCurrency).
func SummarizeOffers(offers []Offer) (OfferSummary, error) {
	type customerKey struct {
		id   string
		kind OfferKind
	}
	accepted := make(map[customerKey]bool)
	var revenue [3]decsum.Sum
	for i, o := range offers {
		if err := checkOffer(o, offers[0].Currency); err != nil {
			return OfferSummary{}, locate(err, "offer %d (id %q)", i, o.ID)
		}
		key := customerKey{o.CustomerID, o.Kind}
		accepted[key] = accepted[key] || o.Accepted
		revenue[o.Kind].Add(o.Revenue)
	}

	var s OfferSummary
	if len(offers) > 0 {
		s.Currency = offers[0].Currency
	}
	results := [3]*OfferResult{nil, &s.Upsell, &s.CrossSell}
	for key, took := range accepted {
		results[key.kind].Offered++
		if took {
			results[key.kind].Accepted++
		}
	}
	s.Upsell.Revenue = revenue[Upsell].Value()
	s.CrossSell.Revenue = revenue[CrossSell].Value()
	return s, nil
}

func checkOffer(o Offer, currency string) error {
	switch {
	case o.CustomerID == "":
		return errorf(ErrMissingCustomer, "offer without customer id")
	case o.Kind != Upsell && o.Kind != CrossSell:
		return errorf(ErrInvalidOffer, "unknown offer kind %d", int(o.Kind))
	case !o.Accepted && !o.Revenue.IsZero():
		return errorf(ErrInvalidOffer, "revenue %s on an offer not accepted", o.Revenue)
	}
	if err := checkNonNegative("revenue", o.Revenue); err != nil {
		return err
	}
	return checkCurrency(currency, o.Currency)
}

// RevenueShare returns part / total as a fraction in [0, 1], computed exactly
// and rounded once to float64: for example upsell revenue over the period's
// total revenue. It returns an error wrapping ErrNegativeAmount for a
// negative amount, ErrZeroRevenue for a total of zero, and ErrInvalidRate
// when part exceeds total.
func RevenueShare(part, total decimal.Decimal) (float64, error) {
	if err := checkNonNegative("revenue", part); err != nil {
		return 0, err
	}
	if err := checkNonNegative("total revenue", total); err != nil {
		return 0, err
	}
	if total.IsZero() {
		return 0, errorf(ErrZeroRevenue, "total revenue is 0, so no revenue share")
	}
	if part.GreaterThan(total) {
		return 0, errorf(ErrInvalidRate, "revenue %s exceeds total revenue %s", part, total)
	}
	// part ≤ total, so the share is at most 1 and ratio cannot fail.
	return ratio("revenue share", part, total)
}
