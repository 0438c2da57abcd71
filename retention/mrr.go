package retention

import (
	"math/big"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// monthlySum is an exact sum of monthly amounts. A monthly amount is a
// decimal over a small integer (100.00 every 3 months is 100.00/3), so the
// sum keeps one decimal sum per denominator and divides once, at the end.
// Adding does not allocate once a denominator has been seen.
type monthlySum struct {
	groups []monthlyGroup
	// last is the index of the group used last, tried first.
	last int
}

type monthlyGroup struct {
	denominator int64
	sum         decsum.Sum
	products    productSum
}

// productSum is a running total of amount · multiplier products kept as an
// int64 coefficient at one exponent. A decimal built from a product would
// escape to the heap once passed to decsum.Sum.Add, so products are summed
// here and handed to the decimal sum only when the int64 would overflow or
// at the end.
type productSum struct {
	coefficient int64
	exponent    int32
	started     bool
}

// add adds c·10^e and reports whether it fitted; the caller flushes and
// retries when it did not.
func (p *productSum) add(c int64, e int32) bool {
	if !p.started {
		p.coefficient, p.exponent, p.started = c, e, true
		return true
	}
	total := p.coefficient
	switch {
	case e > p.exponent:
		scaled, ok := scaleInt64(c, e-p.exponent)
		if !ok {
			return false
		}
		c = scaled
	case e < p.exponent:
		scaled, ok := scaleInt64(total, p.exponent-e)
		if !ok {
			return false
		}
		total = scaled
	}
	sum := total + c
	if (total >= 0) == (c >= 0) && (sum >= 0) != (total >= 0) {
		return false
	}
	p.coefficient, p.exponent = sum, min(e, p.exponent)
	return true
}

// flush moves the running total into sum.
func (p *productSum) flush(sum *decsum.Sum) {
	if p.started {
		sum.Add(decimal.New(p.coefficient, p.exponent))
		*p = productSum{}
	}
}

// add adds the monthly amount of a valid price.
func (s *monthlySum) add(p *Price) {
	numerator, denominator := p.Cycle.monthlyFactor()
	g := s.group(denominator)

	multiplier, ok := p.multiplier(numerator)
	switch {
	case !ok:
		g.sum.Add(p.bigProduct(numerator))
	case multiplier == 1:
		g.sum.Add(p.Amount)
	default:
		c, ok := p.scaledCoefficient(multiplier)
		if !ok {
			g.sum.Add(p.bigProduct(numerator))
			return
		}
		if !g.products.add(c, p.Amount.Exponent()) {
			g.products.flush(&g.sum)
			g.products.add(c, p.Amount.Exponent())
		}
	}
}

// group returns the group of the amounts over denominator, adding it on
// first use.
func (s *monthlySum) group(denominator int64) *monthlyGroup {
	if s.last < len(s.groups) && s.groups[s.last].denominator == denominator {
		return &s.groups[s.last]
	}
	for i := range s.groups {
		if s.groups[i].denominator == denominator {
			s.last = i
			return &s.groups[i]
		}
	}
	s.groups = append(s.groups, monthlyGroup{denominator: denominator})
	s.last = len(s.groups) - 1
	return &s.groups[s.last]
}

// value returns factor times the sum, rounded half away from zero to places
// decimals, and whether that rounding left the value unchanged.
func (s *monthlySum) value(factor int64, places int32) (decimal.Decimal, bool) {
	for i := range s.groups {
		s.groups[i].products.flush(&s.groups[i].sum)
	}
	lcm := big.NewInt(1)
	for _, g := range s.groups {
		d := big.NewInt(g.denominator)
		gcd := new(big.Int).GCD(nil, nil, lcm, d)
		lcm.Mul(lcm, d.Quo(d, gcd))
	}
	var numerator decsum.Sum
	for _, g := range s.groups {
		scale := new(big.Int).Quo(lcm, big.NewInt(g.denominator))
		numerator.Add(g.sum.Value().Mul(decimal.NewFromBigInt(scale, 0)))
	}
	total := numerator.Value().Mul(decimal.NewFromInt(factor))
	divisor := decimal.NewFromBigInt(lcm, 0)
	rounded := total.DivRound(divisor, places)
	return rounded, rounded.Mul(divisor).Equal(total)
}

// MRR is a total of monthly recurring revenue.
type MRR struct {
	// MRR is the sum of the monthly amounts, rounded once to the requested
	// places when it is not exact.
	MRR decimal.Decimal `json:"mrr"`
	// ARR is 12 × the exact MRR, rounded once in the same way.
	ARR decimal.Decimal `json:"arr"`
	// Exact reports whether MRR and ARR needed no rounding.
	Exact bool `json:"exact"`
	// Currency is the prices' shared currency code.
	Currency string `json:"currency"`
	// Prices is the number of prices summed, free ones included.
	Prices int `json:"prices"`
	// Free is the number of prices with amount 0.
	Free int `json:"free"`
}

// TotalMRR returns the monthly recurring revenue of prices, normalised to
// a month per Price.Monthly and summed exactly:
//
//	MRR = Σ Amount · Quantity / (months per cycle)    ARR = 12 · MRR
//
// with 12 months a year and 52/12 weeks a month (Stripe's and ChartMogul's
// normalisation). The sum is exact. Only the final MRR and ARR are rounded,
// half away from zero to places decimals, and only when their decimal
// expansion is longer. An empty slice gives 0. It returns an error naming
// the index for an invalid cycle or negative quantity (ErrInvalidPrice), a
// negative amount (ErrNegativeAmount) or a currency that differs from the
// first price's (ErrCurrencyMismatch), and one wrapping ErrInvalidOptions
// for places outside 0..MaxPlaces.
//
// The sum runs on int64 arithmetic at a shared exponent and allocates
// nothing per price while the values fit in 18 digits, falling back to
// exact big-number arithmetic beyond that.
func TotalMRR(prices []Price, places int32) (MRR, error) {
	if err := checkPlaces("MRR", places); err != nil {
		return MRR{}, err
	}
	var s monthlySum
	result := MRR{Prices: len(prices)}
	for i := range prices {
		p := &prices[i]
		if problem, kind := p.problem(); kind != nil {
			return MRR{}, errorf(kind, "price %d: %s", i, problem)
		}
		if i == 0 {
			result.Currency = p.Currency
		} else if p.Currency != result.Currency {
			return MRR{}, errorf(ErrCurrencyMismatch, "price %d: currency %q differs from %q of price 0",
				i, p.Currency, result.Currency)
		}
		if p.Amount.IsZero() {
			result.Free++
			continue
		}
		s.add(p)
	}

	var exactARR bool
	result.MRR, result.Exact = s.value(1, places)
	result.ARR, exactARR = s.value(12, places)
	result.Exact = result.Exact && exactARR
	return result, nil
}
