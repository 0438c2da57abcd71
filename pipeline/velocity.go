package pipeline

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// day is the length of a day in sales velocity, which is money per day.
const day = 24 * time.Hour

// VelocityOptions selects the deals of a sales velocity. The zero value uses
// every deal.
type VelocityOptions struct {
	// Period restricts the win rate, the average won amount and the sales
	// cycle to deals closed in [Start, End). Open deals count whatever
	// their dates, because the opportunities are the pipeline of today.
	Period Period
	// Location measures sales cycles in calendar days, as in CycleOptions.
	Location *time.Location
}

// Velocity is a sales velocity with the inputs it was computed from.
type Velocity struct {
	// OpenDeals is the number of open deals, the opportunities in the
	// formula.
	OpenDeals int64 `json:"open_deals"`
	// Closed tallies the deals closed in the period.
	Closed Tally `json:"closed"`
	// WinRate is won / (won + lost) over the closed deals.
	WinRate Rate `json:"win_rate"`
	// AverageWonAmount is the mean amount of the won deals, rounded half
	// away from zero to 16 decimal places.
	AverageWonAmount decimal.Decimal `json:"average_won_amount"`
	// Cycle is the sales cycle of the won deals.
	Cycle Cycle `json:"cycle"`
	// PerDay is the velocity in money per day, rounded half away from zero
	// to 16 decimal places.
	PerDay decimal.Decimal `json:"per_day"`
}

// SalesVelocity returns open deals × win rate × average won amount / mean
// sales cycle in days, the money the pipeline is expected to close per day,
// with each input. The win rate, the average won amount and the cycle come
// from the won and lost deals closed in opts.Period. The cycle averages the
// won deals that have a creation time. PerDay is computed from exact sums and
// rounded once: since win rate × average won amount = won amount / (won +
// lost), PerDay = open × won amount × 1 day / ((won + lost) × mean cycle),
// with the mean cycle the exact total over the number of cycles.
//
// Errors: ErrPeriod; a deal that fails validation, named by index and id;
// ErrOutOfRange, naming the deal, for a won deal's cycle longer than a
// time.Duration holds; ErrNoClosedDeals without closed deals; ErrNoWonDeals without won deals
// that have a creation time; ErrAmount when a won deal has no amount;
// ErrZeroCycle when the mean cycle is 0.
func SalesVelocity(deals []Deal, opts VelocityOptions) (Velocity, error) {
	if err := opts.Period.validate(); err != nil {
		return Velocity{}, err
	}
	v, lengths, err := collectVelocity(deals, opts)
	if err != nil {
		return Velocity{}, err
	}

	if v.WinRate, err = v.Closed.WinRate(BasisClosed); err != nil {
		return Velocity{}, err
	}
	if v.AverageWonAmount, err = v.Closed.AverageWonAmount(); err != nil {
		return Velocity{}, err
	}
	if len(lengths) == 0 {
		return Velocity{}, undefined(ErrNoWonDeals, "sales velocity needs won deals with a creation time, got none of %d", v.Cycle.WithoutCreated)
	}
	var total durationSum
	v.Cycle.Length, total = summarizeWithTotal(lengths)
	if v.Cycle.Length.Max == 0 {
		return Velocity{}, undefined(ErrZeroCycle, "sales velocity: the %d won deals closed when they were created", len(lengths))
	}

	// open × won amount × 1 day / ((won + lost) × total cycle / cycles)
	numerator := v.Closed.WonAmount.
		Mul(decimal.NewFromInt(v.OpenDeals)).
		Mul(decimal.NewFromInt(int64(day))).
		Mul(decimal.NewFromInt(int64(len(lengths))))
	denominator := decimal.NewFromInt(v.Closed.Won + v.Closed.Lost).Mul(total.decimal())
	v.PerDay = numerator.DivRound(denominator, quotientPlaces)
	return v, nil
}

// collectVelocity makes the one pass of SalesVelocity: it counts open deals,
// tallies closed ones and collects the cycles of won ones.
func collectVelocity(deals []Deal, opts VelocityOptions) (Velocity, []time.Duration, error) {
	var v Velocity
	var closed tallySums
	lengths := make([]time.Duration, 0, len(deals))
	for i := range deals {
		d := &deals[i]
		if err := validateDeal(i, d); err != nil {
			return Velocity{}, nil, err
		}
		switch {
		case d.Outcome == Open:
			v.OpenDeals++
		case !opts.Period.Contains(d.ClosedAt):
		case d.Outcome == Lost:
			closed.add(d)
		case d.CreatedAt.IsZero():
			closed.add(d)
			v.Cycle.WithoutCreated++
		default:
			length, err := cycleLength(i, d, opts.Location)
			if err != nil {
				return Velocity{}, nil, err
			}
			closed.add(d)
			lengths = append(lengths, length)
		}
	}
	v.Closed = closed.result()
	return v, lengths, nil
}

// VelocityOf returns the sales velocity opportunities × winRate ×
// averageAmount / averageCycle in money per day, rounded half away from zero
// to 16 decimal places. The win rate enters as the shortest decimal that
// converts back to the same float64, so 0.25 is exactly 0.25. For example 40
// opportunities × 0.25 × 25,000 / 90 days = 2,777.78 per day to the cent.
//
// Errors: ErrOption for negative opportunities or a negative average cycle;
// ErrProbability for a win rate outside [0, 1]; ErrAmount for a negative
// average amount; ErrZeroCycle for an average cycle of 0.
func VelocityOf(opportunities int64, winRate float64, averageAmount decimal.Decimal, averageCycle time.Duration) (decimal.Decimal, error) {
	switch {
	case opportunities < 0:
		return decimal.Decimal{}, fmt.Errorf("pipeline: %w: opportunities %d is negative", ErrOption, opportunities)
	case !validProbability(winRate):
		return decimal.Decimal{}, fmt.Errorf("pipeline: %w: win rate %v is outside [0, 1]", ErrProbability, winRate)
	case averageAmount.Sign() < 0:
		return decimal.Decimal{}, fmt.Errorf("pipeline: %w: average amount %s is negative", ErrAmount, averageAmount)
	case averageCycle < 0:
		return decimal.Decimal{}, fmt.Errorf("pipeline: %w: average cycle %s is negative", ErrOption, averageCycle)
	case averageCycle == 0:
		return decimal.Decimal{}, undefined(ErrZeroCycle, "sales velocity with an average cycle of 0")
	}

	numerator := averageAmount.Mul(decimal.NewFromInt(opportunities)).
		Mul(decimal.NewFromFloat(winRate)).
		Mul(decimal.NewFromInt(int64(day)))
	return numerator.DivRound(decimal.NewFromInt(int64(averageCycle)), quotientPlaces), nil
}
