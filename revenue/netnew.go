package revenue

import "github.com/shopspring/decimal"

// MRRMovements are one period's changes of monthly recurring revenue, each
// zero or more: Contraction and Churned are decreases stated as positive
// amounts.
type MRRMovements struct {
	New          decimal.Decimal `json:"new"`
	Expansion    decimal.Decimal `json:"expansion"`
	Reactivation decimal.Decimal `json:"reactivation"`
	Contraction  decimal.Decimal `json:"contraction"`
	Churned      decimal.Decimal `json:"churned"`
}

// NetNewMRR returns New + Expansion + Reactivation − Contraction − Churned,
// exactly. It returns an error wrapping ErrNegativeAmount, naming the
// movement, when one is below zero.
func NetNewMRR(m MRRMovements) (decimal.Decimal, error) {
	named := []struct {
		name   string
		amount decimal.Decimal
	}{
		{"new MRR", m.New}, {"expansion MRR", m.Expansion}, {"reactivation MRR", m.Reactivation},
		{"contraction MRR", m.Contraction}, {"churned MRR", m.Churned},
	}
	for _, n := range named {
		if err := checkNonNegative(n.name, n.amount); err != nil {
			return decimal.Decimal{}, err
		}
	}
	gains := m.New.Add(m.Expansion).Add(m.Reactivation)
	return gains.Sub(m.Contraction).Sub(m.Churned), nil
}

// NetNewRevenue returns current − prior, the change in revenue from one
// period to the next for one-off sales; the result is negative when revenue
// fell. It returns an error wrapping ErrNegativeAmount when either revenue is
// below zero.
func NetNewRevenue(current, prior decimal.Decimal) (decimal.Decimal, error) {
	if err := checkNonNegative("current revenue", current); err != nil {
		return decimal.Decimal{}, err
	}
	if err := checkNonNegative("prior revenue", prior); err != nil {
		return decimal.Decimal{}, err
	}
	return current.Sub(prior), nil
}
