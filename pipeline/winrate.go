package pipeline

import "fmt"

// Basis selects the deals a win rate counts and its denominator.
type Basis uint8

const (
	// BasisClosed counts deals closed (won or lost) in the period and
	// divides won by won + lost. It is HubSpot's default win rate and the
	// zero value.
	BasisClosed Basis = iota
	// BasisCreated counts deals created in the period, whatever their
	// outcome now, and divides won by all of them, open ones included (the
	// "close rate" of a cohort).
	BasisCreated
)

// String returns "closed" or "created", or "Basis(n)" for an invalid value.
func (b Basis) String() string {
	switch b {
	case BasisClosed:
		return "closed"
	case BasisCreated:
		return "created"
	}
	return fmt.Sprintf("Basis(%d)", uint8(b))
}

// invalid returns the error for an unknown basis.
func (b Basis) invalid() error {
	return fmt.Errorf("pipeline: %w: basis %d is not BasisClosed or BasisCreated", ErrOption, uint8(b))
}

// WinRateOptions selects the deals of a win rate. The zero value counts
// every closed deal and divides won by won + lost.
type WinRateOptions struct {
	// Basis is BasisClosed (the default) or BasisCreated.
	Basis Basis
	// Period restricts the deals to those closed (BasisClosed) or created
	// (BasisCreated) in [Start, End). The zero Period counts all deals.
	Period Period
}

// WinRateResult is a win rate with the deals behind it.
type WinRateResult struct {
	// Basis is the basis the rate was computed on.
	Basis Basis `json:"basis"`
	// Deals tallies the deals the rate counts. With BasisClosed it holds no
	// open deals.
	Deals Tally `json:"deals"`
	// ByCount is the share of those deals won, by number of deals.
	ByCount Rate `json:"by_count"`
}

// ByValue returns the won amount's share of the counted deals' amount; see
// Tally.WinRateByValue for its errors.
func (r WinRateResult) ByValue() (float64, error) {
	return r.Deals.WinRateByValue(r.Basis)
}

// WinRate returns the share of deals won, counted on opts.Basis over
// opts.Period, with the tally of the counted deals. It makes one pass and
// does not allocate per deal.
//
// Errors: ErrOption for an unknown basis; ErrPeriod for a period that ends
// before it starts; a deal that fails validation, named by index and id;
// ErrDate for a deal without CreatedAt when BasisCreated has a bounded
// period; ErrNoClosedDeals or ErrNoDeals when no deal is counted.
func WinRate(deals []Deal, opts WinRateOptions) (WinRateResult, error) {
	if opts.Basis > BasisCreated {
		return WinRateResult{}, opts.Basis.invalid()
	}
	if err := opts.Period.validate(); err != nil {
		return WinRateResult{}, err
	}

	var sums tallySums
	for i := range deals {
		d := &deals[i]
		if err := validateDeal(i, d); err != nil {
			return WinRateResult{}, err
		}
		counted, err := inBasis(i, d, opts)
		if err != nil {
			return WinRateResult{}, err
		}
		if counted {
			sums.add(d)
		}
	}

	result := WinRateResult{Basis: opts.Basis, Deals: sums.result()}
	rate, err := result.Deals.WinRate(opts.Basis)
	if err != nil {
		return WinRateResult{}, err
	}
	result.ByCount = rate
	return result, nil
}

// inBasis reports whether the validated deal d is counted by a win rate with
// the given options.
func inBasis(i int, d *Deal, opts WinRateOptions) (bool, error) {
	if opts.Basis == BasisClosed {
		return d.Outcome != Open && opts.Period.Contains(d.ClosedAt), nil
	}
	if !opts.Period.bounded() {
		return true, nil
	}
	if d.CreatedAt.IsZero() {
		return false, dealError(i, d, ErrDate, "no creation time to place the deal in the period")
	}
	return opts.Period.Contains(d.CreatedAt), nil
}
