package stats

import (
	"errors"
	"math"
	"testing"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestZ(t *testing.T) {
	// 1.959963984540054 is Φ⁻¹(0.975), from scipy.stats.norm.ppf(0.975).
	z, err := Z(0.95)
	if err != nil || !near(z, 1.959963984540054, 1e-12) {
		t.Fatalf("Z(0.95) = %v, %v, want 1.959963984540054", z, err)
	}
	for _, c := range []float64{0, 1, -0.5, 1.5, math.NaN(), math.Inf(1)} {
		if _, err := Z(c); !errors.Is(err, ErrConfidence) {
			t.Errorf("Z(%v) error = %v, want ErrConfidence", c, err)
		}
	}
}

func TestWilsonDelighted(t *testing.T) {
	// 74 of 107 satisfied (Delighted's CSAT example); Wilson 95% interval
	// [0.598715, 0.771183] computed with statsmodels proportion_confint
	// (method="wilson").
	got, err := Wilson(74, 107, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if !near(got.Lower, 0.598715, 5e-7) || !near(got.Upper, 0.771183, 5e-7) {
		t.Errorf("Wilson(74, 107) = %+v, want [0.598715, 0.771183]", got)
	}
}

func TestWilsonEnds(t *testing.T) {
	// At k = 0 the Wilson interval starts at 0 and at k = n it ends at 1.
	lo, err := Wilson(0, 10, 0.95)
	if err != nil || lo.Lower != 0 || !(lo.Upper > 0) {
		t.Errorf("Wilson(0, 10) = %+v, %v, want lower 0 and upper > 0", lo, err)
	}
	hi, err := Wilson(10, 10, 0.95)
	if err != nil || hi.Upper != 1 || !(hi.Lower < 1) {
		t.Errorf("Wilson(10, 10) = %+v, %v, want upper 1 and lower < 1", hi, err)
	}
}

func TestCompareProportions(t *testing.T) {
	// Hand calculation: 40/100 against 30/100, pooled p̄ = 0.35,
	// SE = √(0.35·0.65·0.02) = 0.0674536878, z = 0.1/SE = 1.4824986333,
	// p = 2(1 − Φ(1.4825)) = 0.1382076 (scipy.stats.norm.sf(1.4824986333)*2).
	got := CompareProportions(40, 100, 30, 100)
	if !near(got.Difference, 0.1, 1e-15) || !near(got.StandardError, 0.0674536878, 1e-9) ||
		!near(got.Z, 1.4824986333, 1e-9) || !near(got.P, 0.1382076, 1e-6) {
		t.Errorf("CompareProportions(40, 100, 30, 100) = %+v", got)
	}
	same := CompareProportions(5, 5, 3, 3)
	if same.Z != 0 || same.P != 1 {
		t.Errorf("CompareProportions(all successes) = %+v, want z 0 and p 1", same)
	}
}

func TestMeanInterval(t *testing.T) {
	// Values 1, 2, 3, 4, 5: mean 3, s² = 2.5, t_{4, 0.975} = 2.7764451052
	// (scipy.stats.t.ppf(0.975, 4)), half-width 2.7764451052·√0.5 = 1.9632432.
	got, err := MeanInterval(3, 2.5, 5, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if !near(got.Lower, 3-1.9632432, 1e-7) || !near(got.Upper, 3+1.9632432, 1e-7) {
		t.Errorf("MeanInterval(3, 2.5, 5) = %+v, want 3 ± 1.9632432", got)
	}
}
