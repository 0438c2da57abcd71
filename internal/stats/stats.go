// Package stats holds the interval and test arithmetic that the metric
// packages share: normal and Student's t quantiles, the Wilson score interval
// for a proportion, the pooled two-proportion z-test and the t-interval for a
// mean.
//
// # Formulas
//
// With z = Φ⁻¹(1 − α/2) for confidence 1 − α:
//
//	Wilson, k of n, p̂ = k/n:
//	  centre     = (p̂ + z²/(2n)) / (1 + z²/n)
//	  half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/(4n²))
//	Two proportions (pooled), p̄ = (k₁ + k₂)/(n₁ + n₂):
//	  z = (p̂₁ − p̂₂) / √(p̄(1 − p̄)(1/n₁ + 1/n₂))
//	Mean of n values with sample standard deviation s:
//	  x̄ ± t_{n−1, 1−α/2} · s/√n
//
// Sources: Wilson (1927), J. Amer. Statist. Assoc. 22(158); Agresti and
// Coull (1998), The American Statistician 52(2); the normal quantile is
// √2·erfinv(2p − 1) and Student's t quantile comes from gonum's distuv.
package stats

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ErrConfidence is returned for a confidence level outside the open
// interval (0, 1).
var ErrConfidence = errors.New("confidence level must be in (0, 1)")

// Interval is a two-sided confidence interval with Lower ≤ Upper, in the unit
// of the estimate it surrounds.
type Interval struct {
	Lower      float64 `json:"lower"`
	Upper      float64 `json:"upper"`
	Confidence float64 `json:"confidence"`
}

// Z returns the two-sided standard normal quantile Φ⁻¹(1 − α/2) for
// confidence 1 − α, for example 1.959964 for 0.95.
func Z(confidence float64) (float64, error) {
	if !(confidence > 0 && confidence < 1) {
		return 0, fmt.Errorf("%w: got %v", ErrConfidence, confidence)
	}
	return NormalQuantile(1 - (1-confidence)/2), nil
}

// NormalQuantile returns Φ⁻¹(p) of the standard normal distribution for p in
// (0, 1).
func NormalQuantile(p float64) float64 {
	return math.Sqrt2 * math.Erfinv(2*p-1)
}

// NormalCDF returns Φ(x) of the standard normal distribution.
func NormalCDF(x float64) float64 {
	return 0.5 * math.Erfc(-x/math.Sqrt2)
}

// TwoSidedP returns the two-sided p-value 2·(1 − Φ(|z|)) of a z statistic,
// computed from the upper tail so that it stays accurate for large |z|.
func TwoSidedP(z float64) float64 {
	return math.Erfc(math.Abs(z) / math.Sqrt2)
}

// Wilson returns the Wilson score interval for k successes in n trials.
// The caller guarantees 0 ≤ k ≤ n and n > 0.
func Wilson(k, n int64, confidence float64) (Interval, error) {
	z, err := Z(confidence)
	if err != nil {
		return Interval{}, err
	}
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	denominator := 1 + z2/nf
	centre := (p + z2/(2*nf)) / denominator
	half := z / denominator * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	interval := Interval{
		Lower:      math.Max(0, centre-half),
		Upper:      math.Min(1, centre+half),
		Confidence: confidence,
	}
	// At k = 0 and k = n the formula gives exactly 0 and 1, but rounding can
	// leave a bound one ulp inside (1 of 1 gives 0.9999999999999999), and
	// such an interval would exclude its own estimate.
	if k == 0 {
		interval.Lower = 0
	}
	if k == n {
		interval.Upper = 1
	}
	return interval, nil
}

// TwoProportions holds the pooled z-test of two proportions.
type TwoProportions struct {
	// Difference is p̂₁ − p̂₂, signed.
	Difference float64 `json:"difference"`
	// StandardError is the pooled standard error of Difference.
	StandardError float64 `json:"standard_error"`
	// Z is Difference / StandardError, 0 when both samples are all
	// successes or all failures.
	Z float64 `json:"z"`
	// P is the two-sided p-value of Z.
	P float64 `json:"p"`
}

// CompareProportions runs the pooled two-proportion z-test of k1 of n1
// against k2 of n2. The caller guarantees 0 ≤ k ≤ n and n > 0 for both.
func CompareProportions(k1, n1, k2, n2 int64) TwoProportions {
	p1 := float64(k1) / float64(n1)
	p2 := float64(k2) / float64(n2)
	pooled := float64(k1+k2) / float64(n1+n2)
	se := math.Sqrt(pooled * (1 - pooled) * (1/float64(n1) + 1/float64(n2)))
	result := TwoProportions{Difference: p1 - p2, StandardError: se, P: 1}
	if se > 0 {
		result.Z = result.Difference / se
		result.P = TwoSidedP(result.Z)
	}
	return result
}

// TQuantile returns the quantile p of Student's t distribution with df
// degrees of freedom (df > 0).
func TQuantile(p, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// MeanInterval returns the t-interval x̄ ± t_{n−1}·s/√n for the mean of n
// values with sample variance variance (divisor n − 1). The caller
// guarantees n ≥ 2.
func MeanInterval(mean, variance float64, n int64, confidence float64) (Interval, error) {
	if !(confidence > 0 && confidence < 1) {
		return Interval{}, fmt.Errorf("%w: got %v", ErrConfidence, confidence)
	}
	t := TQuantile(1-(1-confidence)/2, float64(n-1))
	half := t * math.Sqrt(variance/float64(n))
	return Interval{Lower: mean - half, Upper: mean + half, Confidence: confidence}, nil
}
