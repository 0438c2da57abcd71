package csat

import (
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Comparison is the pooled two-proportion z-test of two shares a and b.
type Comparison struct {
	// Difference is a.Value − b.Value, signed, a fraction in [−1, 1].
	Difference float64 `json:"difference"`
	// StandardError is √(p̄(1 − p̄)(1/n₁ + 1/n₂)) with the pooled share
	// p̄ = (k₁ + k₂)/(n₁ + n₂).
	StandardError float64 `json:"standard_error"`
	// Z is Difference / StandardError. When both samples are all satisfied
	// or all not satisfied the standard error is 0, and Z is 0.
	Z float64 `json:"z"`
	// P is the two-sided p-value 2·(1 − Φ(|Z|)), 1 when Z is 0.
	P float64 `json:"p"`
}

// Compare tests whether shares a and b, from independent samples, differ:
// the pooled two-proportion z-test with a signed difference a − b. It reads
// Count and Responses of each share and ignores Value. It returns an error wrapping [ErrNoResponses] if either share has no
// responses and [ErrInvalidCounts] if a count is negative, exceeds its
// responses, or the responses together overflow int64.
func Compare(a, b Share) (Comparison, error) {
	if err := a.check("first share"); err != nil {
		return Comparison{}, err
	}
	if err := b.check("second share"); err != nil {
		return Comparison{}, err
	}
	if a.Responses > math.MaxInt64-b.Responses {
		return Comparison{}, fmt.Errorf("csat: %d and %d responses overflow int64: %w", a.Responses, b.Responses, ErrInvalidCounts)
	}
	return Comparison(stats.CompareProportions(a.Count, a.Responses, b.Count, b.Responses)), nil
}
