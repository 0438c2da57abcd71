package pipeline

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
)

// Weighted is a weighted (probability-adjusted) pipeline value, Salesforce's
// expected revenue summed over open deals.
type Weighted struct {
	// Value is Σ amount × probability over the open deals with an amount,
	// exact: no rounding.
	Value decimal.Decimal `json:"value"`
	// OpenDeals counts the open deals, with or without an amount.
	OpenDeals int64 `json:"open_deals"`
	// Overridden counts the open deals weighted by their own Probability
	// instead of their stage's.
	Overridden int64 `json:"overridden"`
	// WithoutAmount counts the open deals without an amount, which add
	// nothing to Value.
	WithoutAmount int64 `json:"without_amount"`
}

// WeightedPipeline returns Σ amount × probability over the open deals. A
// deal's probability is its own Probability when HasProbability is set
// (Salesforce lets a user edit it per opportunity), otherwise
// probabilities[d.Stage], the stage's probability as a fraction in [0, 1].
// Won and lost deals never count, whatever their stage's probability. A
// stage mapped to 0 weighs its deals at 0; a stage missing from the map has
// no probability, and no default is filled in.
//
// Each probability enters as the shortest decimal that converts back to the
// same float64 (0.1 is exactly 0.1), and Value is exact. The sum is grouped
// by probability, Σ_p p × (Σ amounts at p), so the pass allocates per
// distinct probability, not per deal.
//
// Errors: a deal that fails validation, named by index and id; ErrStage for
// an open deal without its own probability whose stage is not in
// probabilities, naming stage and deal; ErrProbability for a stage
// probability outside [0, 1], naming stage and deal.
func WeightedPipeline(deals []Deal, probabilities map[string]float64) (Weighted, error) {
	var result Weighted
	sums := make(map[float64]decsum.Sum)
	for i := range deals {
		d := &deals[i]
		if err := validateDeal(i, d); err != nil {
			return Weighted{}, err
		}
		if d.Outcome != Open {
			continue
		}
		p, err := dealProbability(i, d, probabilities)
		if err != nil {
			return Weighted{}, err
		}

		result.OpenDeals++
		if d.HasProbability {
			result.Overridden++
		}
		if d.AmountUnknown {
			result.WithoutAmount++
			continue
		}
		s := sums[p]
		s.Add(d.Amount)
		sums[p] = s
	}
	result.Value = weightedSum(sums)
	return result, nil
}

// dealProbability returns the probability that weighs the open deal d.
func dealProbability(i int, d *Deal, probabilities map[string]float64) (float64, error) {
	if d.HasProbability {
		return d.Probability, nil
	}
	p, ok := probabilities[d.Stage]
	if !ok {
		return 0, dealError(i, d, ErrStage, "stage %q has no probability", d.Stage)
	}
	if !validProbability(p) {
		return 0, dealError(i, d, ErrProbability, "stage %q has probability %v, outside [0, 1]", d.Stage, p)
	}
	return p, nil
}

// weightedSum returns Σ p × sums[p], adding in ascending order of p so that
// the result does not depend on map order.
func weightedSum(sums map[float64]decsum.Sum) decimal.Decimal {
	keys := make([]float64, 0, len(sums))
	for p := range sums {
		keys = append(keys, p)
	}
	slices.Sort(keys)

	var total decsum.Sum
	for _, p := range keys {
		s := sums[p]
		total.Add(s.Value().Mul(decimal.NewFromFloat(p)))
	}
	return total.Value()
}
