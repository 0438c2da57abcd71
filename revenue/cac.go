package revenue

import (
	"cmp"
	"math"
	"slices"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// CAC returns the customer acquisition cost: sales and marketing spend
// divided by the customers acquired with it, rounded half away from zero to
// places decimal places. It returns an error wrapping ErrNegativeAmount for
// a negative spend, ErrInvalidCount for a negative count and ErrNoCustomers
// for no new customers.
func CAC(spend decimal.Decimal, newCustomers int64, places int32) (decimal.Decimal, error) {
	if err := checkNonNegative("acquisition spend", spend); err != nil {
		return decimal.Decimal{}, err
	}
	if newCustomers < 0 {
		return decimal.Decimal{}, errorf(ErrInvalidCount, "negative new customer count %d", newCustomers)
	}
	if newCustomers == 0 {
		return decimal.Decimal{}, errorf(ErrNoCustomers, "no new customers, so no CAC")
	}
	return spend.DivRound(decimal.NewFromInt(newCustomers), places), nil
}

// MonthlySpend is sales and marketing spend in one month. Several rows for
// one month add up.
type MonthlySpend struct {
	Month  Month
	Amount decimal.Decimal
	// Currency is a currency code; every row of one call has the same.
	Currency string
}

// MonthlyAcquisitions is the number of customers acquired in one month.
// Several rows for one month add up.
type MonthlyAcquisitions struct {
	Month     Month
	Customers int64
}

// LaggedCAC is a CAC whose spend is paired with later acquisitions.
type LaggedCAC struct {
	Currency string `json:"currency"`
	// Spend is the spend of the months paired with acquisition months, and
	// NewCustomers the customers acquired in those.
	Spend        decimal.Decimal `json:"spend"`
	NewCustomers int64           `json:"new_customers"`
	// UnpairedSpend is the spend of months paired with no acquisition month;
	// it enters no result.
	UnpairedSpend decimal.Decimal `json:"unpaired_spend"`
	// CAC is Spend / NewCustomers, rounded.
	CAC decimal.Decimal `json:"cac"`
}

// CACWithLag returns the CAC that pairs each month's new customers with the
// spend of lagMonths earlier, as SaaSGrid pairs a month's new customers with
// the prior month's spend (lagMonths 1); lagMonths 0 pairs each month with
// itself. The CAC is the paired spend over the new customers, rounded half
// away from zero to places decimal places.
//
// Every month with new customers needs spend in its paired month: otherwise
// an error wraps ErrMissingSpend naming both months. Rows with a negative
// amount or count, an invalid month or a second currency return an error
// naming the row's index; customer counts that overflow int64 when summed
// wrap ErrInvalidCount and name the row or month; a negative lagMonths
// wraps ErrInvalidPeriod and no new customers ErrNoCustomers.
func CACWithLag(spend []MonthlySpend, acquired []MonthlyAcquisitions, lagMonths int, places int32) (LaggedCAC, error) {
	if lagMonths < 0 {
		return LaggedCAC{}, errorf(ErrInvalidPeriod, "negative lag of %d months", lagMonths)
	}

	// Total the spend and the acquisitions by month.
	spendByMonth, err := spendByMonth(spend)
	if err != nil {
		return LaggedCAC{}, err
	}
	customersByMonth, err := customersByMonth(acquired)
	if err != nil {
		return LaggedCAC{}, err
	}

	// Pair each acquisition month with its spend month.
	var paired, unpaired decsum.Sum
	r := LaggedCAC{}
	if len(spend) > 0 {
		r.Currency = spend[0].Currency
	}
	for _, month := range sortedMonths(customersByMonth) {
		customers := customersByMonth[month]
		spent, ok := spendByMonth[month.AddMonths(-lagMonths)]
		if !ok && customers > 0 {
			return LaggedCAC{}, errorf(ErrMissingSpend, "no spend in %s for the customers acquired in %s",
				month.AddMonths(-lagMonths), month)
		}
		if r.NewCustomers > math.MaxInt64-customers {
			return LaggedCAC{}, errorf(ErrInvalidCount, "new customers through %s overflow int64: %d plus %d acquired in %s",
				month, r.NewCustomers, customers, month)
		}
		paired.Merge(spent)
		r.NewCustomers += customers
	}
	for month, spent := range spendByMonth {
		if _, ok := customersByMonth[month.AddMonths(lagMonths)]; !ok {
			unpaired.Merge(spent)
		}
	}
	r.Spend, r.UnpairedSpend = paired.Value(), unpaired.Value()

	// Derive the cost per customer.
	r.CAC, err = CAC(r.Spend, r.NewCustomers, places)
	return r, err
}

func spendByMonth(spend []MonthlySpend) (map[Month]decsum.Sum, error) {
	byMonth := make(map[Month]decsum.Sum)
	for i, s := range spend {
		if err := checkSpend(s, spend[0].Currency); err != nil {
			return nil, locate(err, "spend %d (month %s)", i, s.Month)
		}
		sum := byMonth[s.Month]
		sum.Add(s.Amount)
		byMonth[s.Month] = sum
	}
	return byMonth, nil
}

func checkSpend(s MonthlySpend, currency string) error {
	if !s.Month.valid() {
		return errorf(ErrInvalidPeriod, "invalid month %d", int(s.Month.Month))
	}
	if err := checkNonNegative("spend", s.Amount); err != nil {
		return err
	}
	return checkCurrency(currency, s.Currency)
}

func customersByMonth(acquired []MonthlyAcquisitions) (map[Month]int64, error) {
	byMonth := make(map[Month]int64)
	for i, a := range acquired {
		switch {
		case !a.Month.valid():
			return nil, locate(errorf(ErrInvalidPeriod, "invalid month %d", int(a.Month.Month)), "acquisitions %d", i)
		case a.Customers < 0:
			return nil, locate(errorf(ErrInvalidCount, "negative customer count %d", a.Customers),
				"acquisitions %d (month %s)", i, a.Month)
		case byMonth[a.Month] > math.MaxInt64-a.Customers:
			return nil, locate(errorf(ErrInvalidCount, "customer count %d overflows int64 when added to the %d already acquired in %s",
				a.Customers, byMonth[a.Month], a.Month), "acquisitions %d (month %s)", i, a.Month)
		}
		byMonth[a.Month] += a.Customers
	}
	return byMonth, nil
}

// sortedMonths returns the keys of byMonth in calendar order.
func sortedMonths[V any](byMonth map[Month]V) []Month {
	months := make([]Month, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	slices.SortFunc(months, func(a, b Month) int {
		return cmp.Compare(a.Year*12+int(a.Month), b.Year*12+int(b.Month))
	})
	return months
}
