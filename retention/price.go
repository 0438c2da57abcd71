package retention

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/shopspring/decimal"
)

// IntervalUnit is the unit of a billing cycle. The zero value is not a
// valid unit, so a price must state its unit.
type IntervalUnit int

const (
	// IntervalMonth bills every Count calendar months.
	IntervalMonth IntervalUnit = iota + 1
	// IntervalYear bills every Count years of 12 months.
	IntervalYear
	// IntervalWeek bills every Count weeks; a month has 52/12 weeks.
	IntervalWeek
)

// String returns the IntervalUnit's name, or IntervalUnit(n) for an unknown value.
func (u IntervalUnit) String() string {
	switch u {
	case IntervalMonth:
		return "month"
	case IntervalYear:
		return "year"
	case IntervalWeek:
		return "week"
	}
	return fmt.Sprintf("IntervalUnit(%d)", int(u))
}

// Cycle is a billing cycle: every Count units. A zero Count reads as 1, as
// in Stripe's interval_count.
type Cycle struct {
	Unit  IntervalUnit `json:"unit"`
	Count int64        `json:"count"`
}

// maxCycleCount bounds Count so that the month arithmetic below cannot
// overflow; a cycle of a million years is already far past any contract.
const maxCycleCount = 1_000_000

func (c Cycle) validate() error {
	if c.Unit == 0 {
		return errors.New("interval unit not set")
	}
	if c.Unit < IntervalMonth || c.Unit > IntervalWeek {
		return fmt.Errorf("unknown interval unit %d", int(c.Unit))
	}
	if c.Count < 0 || c.Count > maxCycleCount {
		return fmt.Errorf("interval count %d outside 0..%d", c.Count, maxCycleCount)
	}
	return nil
}

func (c Cycle) count() int64 {
	if c.Count == 0 {
		return 1
	}
	return c.Count
}

// monthlyFactor returns the fraction numerator/denominator that turns an
// amount per cycle into an amount per month, in lowest terms:
//
//	every k months: 1/k    every k years: 1/(12k)    every k weeks: 52/(12k) = 13/(3k)
func (c Cycle) monthlyFactor() (numerator, denominator int64) {
	k := c.count()
	switch c.Unit {
	case IntervalYear:
		return 1, 12 * k
	case IntervalWeek:
		g := gcd(13, 3*k)
		return 13 / g, 3 * k / g
	}
	return 1, k
}

// Renewal returns the n-th renewal of a cycle that started at anchor: the
// anchor plus n cycles, in loc. Months and years keep the anchor's day of
// the month and clamp it to the month's last day, counting from the anchor
// each time so that the day does not drift: monthly renewals of 31 January
// fall on 29 February, 31 March and 30 April, and yearly renewals of
// 29 February 2024 on 28 February until 29 February 2028. Weeks add 7
// calendar days per week. The clock time is kept, except where it does
// not exist or occurs twice in loc on the renewal day (a daylight-saving
// change): the result is then what time.Date gives, which moves a time in
// a spring-forward gap by the size of the gap (weekly from 2024-03-03
// 02:30 in New York gives 2024-03-10 01:30 EST). n may be negative or 0.
//
// It returns an error wrapping ErrInvalidPrice for an invalid cycle and
// ErrNoLocation for a nil loc.
func (c Cycle) Renewal(anchor time.Time, n int, loc *time.Location) (time.Time, error) {
	if err := c.validate(); err != nil {
		return time.Time{}, errorf(ErrInvalidPrice, "renewal: %v", err)
	}
	if loc == nil {
		return time.Time{}, errorf(ErrNoLocation, "renewal of %s: nil location", formatTime(anchor))
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		return time.Time{}, errorf(ErrInvalidPrice, "renewal number %d out of range", n)
	}
	a := anchor.In(loc)
	steps := int(c.count()) * n
	switch c.Unit {
	case IntervalWeek:
		return a.AddDate(0, 0, 7*steps), nil
	case IntervalYear:
		steps *= 12
	}
	target := Month{Year: a.Year(), Month: a.Month()}.AddMonths(steps)
	d := min(a.Day(), daysIn(target.Year, target.Month))
	return time.Date(target.Year, target.Month, d, a.Hour(), a.Minute(), a.Second(), a.Nanosecond(), loc), nil
}

// Price is a recurring price: Amount per unit, Quantity units, charged once
// per Cycle.
type Price struct {
	// Amount is charged per unit each cycle; it must not be negative. An
	// amount of 0 (a free plan) adds nothing to MRR.
	Amount decimal.Decimal `json:"amount"`
	// Currency is the currency code, for example "USD"; prices in one total
	// must share it.
	Currency string `json:"currency"`
	// Cycle is how often Amount is charged.
	Cycle Cycle `json:"cycle"`
	// Quantity is the number of units (seats); 0 reads as 1 and a negative
	// quantity is invalid.
	Quantity int64 `json:"quantity"`
}

// problem returns a description of what is wrong with the price and its
// class, or a nil class for a valid price. It allocates only for an
// invalid price.
func (p *Price) problem() (description string, kind error) {
	if err := p.Cycle.validate(); err != nil {
		return err.Error(), ErrInvalidPrice
	}
	if p.Quantity < 0 {
		return fmt.Sprintf("negative quantity %d", p.Quantity), ErrInvalidPrice
	}
	if p.Amount.Sign() < 0 {
		return fmt.Sprintf("negative amount %s %s", p.Amount, p.Currency), ErrNegativeAmount
	}
	return "", nil
}

func (p Price) quantity() int64 {
	if p.Quantity == 0 {
		return 1
	}
	return p.Quantity
}

// scaledCoefficient returns the coefficient of Amount · multiplier at
// Amount's exponent, and reports whether it fits in an int64.
func (p Price) scaledCoefficient(multiplier int64) (int64, bool) {
	if p.Amount.NumDigits() > 18 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(p.Amount.CoefficientInt64()), uint64(multiplier))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

// multiplier returns Quantity · factor and reports whether it fits in an
// int64.
func (p Price) multiplier(factor int64) (int64, bool) {
	if p.Quantity <= 1 {
		return factor, true // a quantity of 0 reads as 1
	}
	hi, lo := bits.Mul64(uint64(p.Quantity), uint64(factor))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

// bigProduct returns Amount · Quantity · factor with decimal arithmetic,
// which allocates; it is the fallback when int64 would overflow.
func (p Price) bigProduct(factor int64) decimal.Decimal {
	return p.Amount.Mul(decimal.NewFromInt(p.quantity())).Mul(decimal.NewFromInt(factor))
}

// Monthly returns the price's monthly amount, Amount · Quantity · (months
// per cycle)⁻¹, with 52/12 weeks a month. The amount is exact when it has a
// finite decimal expansion of at most places decimals. Otherwise it is
// rounded half away from zero to places decimals, and exact is false. It
// returns an error wrapping ErrInvalidPrice or ErrNegativeAmount for an
// invalid price, and ErrInvalidOptions for places outside 0..MaxPlaces.
func (p Price) Monthly(places int32) (amount decimal.Decimal, exact bool, err error) {
	if err := checkPlaces("price", places); err != nil {
		return decimal.Decimal{}, false, err
	}
	if problem, kind := p.problem(); kind != nil {
		return decimal.Decimal{}, false, errorf(kind, "price: %s", problem)
	}
	var s monthlySum
	s.add(&p)
	amount, exact = s.value(1, places)
	return amount, exact, nil
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
