package pipeline

import (
	"fmt"
	"math"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
)

// quotientPlaces is the number of decimal places to which money quotients
// (average won amount, sales velocity) are rounded, half away from zero. It
// matches shopspring/decimal's default DivisionPrecision of 16, without
// reading that package variable.
const quotientPlaces = 16

// Tally counts deals by outcome and sums their amounts. It is the
// accumulator behind PipelineValue and WinRate: the zero value is an empty
// tally, Add counts one deal, and Merge combines tallies of disjoint sets of
// deals (shards, segments, goroutines) into exactly the tally of one pass.
//
// Every deal counts in Open, Won or Lost; a deal with AmountUnknown also
// counts in the matching WithoutAmount field and adds nothing to the amount.
// OpenAmount is the open pipeline value.
//
// A Tally is not safe for concurrent use: give each goroutine its own and
// combine them with Merge.
type Tally struct {
	Open              int64           `json:"open"`
	Won               int64           `json:"won"`
	Lost              int64           `json:"lost"`
	OpenAmount        decimal.Decimal `json:"open_amount"`
	WonAmount         decimal.Decimal `json:"won_amount"`
	LostAmount        decimal.Decimal `json:"lost_amount"`
	OpenWithoutAmount int64           `json:"open_without_amount"`
	WonWithoutAmount  int64           `json:"won_without_amount"`
	LostWithoutAmount int64           `json:"lost_without_amount"`
}

// Add counts d. On error it leaves the tally unchanged. It returns the
// error of a deal that fails validation (see the package documentation).
// It returns ErrInvalidCounts for a tally with invalid counts or one that
// already counts math.MaxInt64 deals, and ErrAmount for a tally with a
// negative amount. Add allocates for the amount sum, as
// decimal.Decimal.Add does; PipelineValue and WinRate sum a slice without
// allocating per deal.
func (t *Tally) Add(d Deal) error {
	if err := validateDeal(-1, &d); err != nil {
		return err
	}
	if err := t.check(); err != nil {
		return err
	}
	if t.Open+t.Won+t.Lost == math.MaxInt64 {
		return countError("Tally already counts %d deals, the maximum of an int64", int64(math.MaxInt64))
	}

	if amount, ok := t.count(&d); ok {
		*amount = amount.Add(d.Amount)
	}
	return nil
}

// Merge adds the counts and amounts of other to t. Merge returns no error.
// When a count would pass math.MaxInt64, or either tally has invalid counts
// or amounts, Merge stores math.MinInt64 in that count (in Open for an
// invalid tally), and every result of t then returns an error wrapping
// ErrInvalidCounts.
func (t *Tally) Merge(other Tally) {
	valid := t.check() == nil && other.check() == nil
	t.Open = mergeCount(t.Open, other.Open)
	t.Won = mergeCount(t.Won, other.Won)
	t.Lost = mergeCount(t.Lost, other.Lost)
	t.OpenAmount = t.OpenAmount.Add(other.OpenAmount)
	t.WonAmount = t.WonAmount.Add(other.WonAmount)
	t.LostAmount = t.LostAmount.Add(other.LostAmount)
	t.OpenWithoutAmount = mergeCount(t.OpenWithoutAmount, other.OpenWithoutAmount)
	t.WonWithoutAmount = mergeCount(t.WonWithoutAmount, other.WonWithoutAmount)
	t.LostWithoutAmount = mergeCount(t.LostWithoutAmount, other.LostWithoutAmount)
	if !valid {
		t.Open = overflowed
	}
}

// check returns an error wrapping ErrInvalidCounts unless these hold: every
// count is non-negative, each WithoutAmount count is at most its outcome's
// count, Open + Won + Lost fits in int64, and an outcome whose deals all
// lack an amount has the amount 0. It returns ErrAmount for a negative
// amount.
func (t Tally) check() error {
	// The field names are literals, because building them would allocate
	// on every Add.
	outcomes := [...]struct {
		name, countField, withoutField string
		count, without                 int64
		amount                         decimal.Decimal
	}{
		{"Open", "Tally.Open", "Tally.OpenWithoutAmount", t.Open, t.OpenWithoutAmount, t.OpenAmount},
		{"Won", "Tally.Won", "Tally.WonWithoutAmount", t.Won, t.WonWithoutAmount, t.WonAmount},
		{"Lost", "Tally.Lost", "Tally.LostWithoutAmount", t.Lost, t.LostWithoutAmount, t.LostAmount},
	}
	for _, o := range outcomes {
		if err := checkCount(o.countField, o.count, math.MaxInt64); err != nil {
			return err
		}
		if err := checkCount(o.withoutField, o.without, o.count); err != nil {
			return err
		}
		if o.amount.Sign() < 0 {
			return fmt.Errorf("pipeline: %w: Tally.%sAmount %s is negative", ErrAmount, o.name, o.amount)
		}
		if o.without == o.count && o.amount.Sign() != 0 {
			return countError("Tally.%sAmount is %s, but none of its %d deals has an amount", o.name, o.amount, o.count)
		}
	}
	if t.Open > math.MaxInt64-t.Won || t.Open+t.Won > math.MaxInt64-t.Lost {
		return countError("Tally.Open %d, Won %d and Lost %d sum past int64", t.Open, t.Won, t.Lost)
	}
	return nil
}

// count counts d in its outcome and returns the amount field that d's
// amount belongs to, or false when d has no amount.
func (t *Tally) count(d *Deal) (*decimal.Decimal, bool) {
	amount, count, without := &t.OpenAmount, &t.Open, &t.OpenWithoutAmount
	switch d.Outcome {
	case Won:
		amount, count, without = &t.WonAmount, &t.Won, &t.WonWithoutAmount
	case Lost:
		amount, count, without = &t.LostAmount, &t.Lost, &t.LostWithoutAmount
	}
	*count++
	if d.AmountUnknown {
		*without++
		return nil, false
	}
	return amount, true
}

// WinRate returns the share of deals won on the given basis: won / (won +
// lost) for BasisClosed, won / (open + won + lost) for BasisCreated.
//
// Errors: ErrNoClosedDeals (BasisClosed) or ErrNoDeals (BasisCreated) when
// the denominator is 0; ErrOption for an unknown basis; ErrInvalidCounts or
// ErrAmount for a tally with invalid counts or amounts, such as one decoded
// from corrupt JSON or merged past int64.
func (t Tally) WinRate(b Basis) (Rate, error) {
	if err := t.check(); err != nil {
		return Rate{}, err
	}
	switch b {
	case BasisClosed:
		if t.Won+t.Lost == 0 {
			return Rate{}, undefined(ErrNoClosedDeals, "win rate needs won or lost deals, got none")
		}
		return newRate(t.Won, t.Won+t.Lost), nil
	case BasisCreated:
		if t.Open+t.Won+t.Lost == 0 {
			return Rate{}, undefined(ErrNoDeals, "close rate needs deals, got none")
		}
		return newRate(t.Won, t.Open+t.Won+t.Lost), nil
	}
	return Rate{}, b.invalid()
}

// WinRateByValue returns the won amount's share of the amount of the deals
// in the denominator of WinRate(b), as a fraction in [0, 1], rounded once to
// the nearest float64.
//
// Errors: ErrOption for an unknown basis; ErrAmount when a deal in the
// denominator has no amount; ErrZeroAmount when their total amount is 0,
// which includes the case of no deals; ErrInvalidCounts or ErrAmount for a
// tally with invalid counts or amounts.
func (t Tally) WinRateByValue(b Basis) (float64, error) {
	if err := t.check(); err != nil {
		return 0, err
	}
	total := t.WonAmount.Add(t.LostAmount)
	missing := t.WonWithoutAmount + t.LostWithoutAmount
	switch b {
	case BasisClosed:
	case BasisCreated:
		total = total.Add(t.OpenAmount)
		missing += t.OpenWithoutAmount
	default:
		return 0, b.invalid()
	}

	if missing > 0 {
		return 0, undefined(ErrAmount, "win rate by value: %d deals have no amount", missing)
	}
	if total.Sign() == 0 {
		return 0, undefined(ErrZeroAmount, "win rate by value: the deals' total amount is 0")
	}
	share, _ := new(big.Rat).Quo(t.WonAmount.Rat(), total.Rat()).Float64()
	return share, nil
}

// AverageWonAmount returns WonAmount / Won, rounded half away from zero to
// 16 decimal places.
//
// Errors: ErrNoWonDeals when Won is 0; ErrAmount when a won deal has no
// amount; ErrInvalidCounts or ErrAmount for a tally with invalid counts or
// amounts.
func (t Tally) AverageWonAmount() (decimal.Decimal, error) {
	if err := t.check(); err != nil {
		return decimal.Decimal{}, err
	}
	if t.Won == 0 {
		return decimal.Decimal{}, undefined(ErrNoWonDeals, "average won amount needs won deals, got none")
	}
	if t.WonWithoutAmount > 0 {
		return decimal.Decimal{}, undefined(ErrAmount, "average won amount: %d won deals have no amount", t.WonWithoutAmount)
	}
	return t.WonAmount.DivRound(decimal.NewFromInt(t.Won), quotientPlaces), nil
}

// tallySums accumulates a Tally over a slice, with the amounts in exact
// decimal sums that do not allocate per deal.
type tallySums struct {
	tally           Tally
	open, won, lost decsum.Sum
}

// add counts d, which the caller has validated.
func (s *tallySums) add(d *Deal) {
	if _, ok := s.tally.count(d); !ok {
		return
	}
	switch d.Outcome {
	case Won:
		s.won.Add(d.Amount)
	case Lost:
		s.lost.Add(d.Amount)
	default:
		s.open.Add(d.Amount)
	}
}

// result returns the tally with its amounts filled in.
func (s *tallySums) result() Tally {
	t := s.tally
	t.OpenAmount = s.open.Value()
	t.WonAmount = s.won.Value()
	t.LostAmount = s.lost.Value()
	return t
}

// PipelineValue tallies every deal by outcome in one pass. The open pipeline
// value is the result's OpenAmount, the sum over open deals only. Won and
// lost deals are counted apart, in WonAmount and LostAmount, and never enter
// it. Open deals without an amount add nothing and are counted in
// OpenWithoutAmount.
//
// Errors: a deal that fails validation (ErrOutcome, ErrAmount,
// ErrProbability, ErrDate), named by index and id.
func PipelineValue(deals []Deal) (Tally, error) {
	var sums tallySums
	for i := range deals {
		if err := validateDeal(i, &deals[i]); err != nil {
			return Tally{}, err
		}
		sums.add(&deals[i])
	}
	return sums.result(), nil
}
