package health

import (
	"errors"
	"math"
	"testing"
)

// fuzzTol bounds the difference between a score and the sum of its
// contributions: three products and quotients of values in [0, 1], each
// within an ulp.
const fuzzTol = 1e-12

func FuzzWeighted(f *testing.F) {
	f.Add(0.8, 0.5, 1.0, 0.5, 0.3, 0.2, uint8(0))
	f.Add(0.47, 0.59, 0.21, 20.0, 15.0, 22.0, uint8(1))
	f.Add(1.5, 0.5, 0.0, 1.0, 1.0, 1.0, uint8(2))
	f.Add(math.NaN(), 0.5, 0.0, 0.0, 0.0, 0.0, uint8(0))
	f.Add(0.1, 0.2, 0.3, -1.0, 1e308, 1e308, uint8(1))
	f.Fuzz(func(t *testing.T, v0, v1, v2, w0, w1, w2 float64, policy uint8) {
		record := values{v0, v1, v2}
		c := card([]float64{w0, w1, w2}, nil, nil)
		c.Missing = MissingPolicy(policy % 3)
		c.Bands = GainsightBands()
		got, err := c.Score(record)
		if err != nil {
			checkKnownError(t, err)
			return
		}
		checkResult(t, got)

		// Reordering the signals changes nothing but the order of the
		// contributions.
		reordered := card([]float64{w2, w0, w1}, nil, nil)
		reordered.Missing, reordered.Bands = c.Missing, c.Bands
		again, err := reordered.Score(values{v2, v0, v1})
		if err != nil {
			t.Fatalf("reordered signals fail: %v", err)
		}
		if math.Abs(again.Score-got.Score) > fuzzTol {
			t.Errorf("reordered score %v, want %v", again.Score, got.Score)
		}

		// Scaling every weight by 2 leaves the score unchanged.
		scaled := card([]float64{2 * w0, 2 * w1, 2 * w2}, nil, nil)
		scaled.Missing = c.Missing
		if s, err := scaled.Score(record); err == nil && math.Abs(s.Score-got.Score) > fuzzTol {
			t.Errorf("weights ×2 give %v, want %v", s.Score, got.Score)
		}
	})
}

func FuzzWorstOf(f *testing.F) {
	f.Add(0.9, 0.39, 0.6, 0.4, 0.7)
	f.Add(1.0, 1.0, 1.0, 1.0, 1.0)
	f.Add(0.0, math.NaN(), 0.5, 0.0, 0.5)
	f.Fuzz(func(t *testing.T, v0, v1, v2, poor, good float64) {
		c := card([]float64{1, 1, 1}, nil, WorstOf{PoorBelow: poor, GoodFrom: good})
		got, err := c.Score(values{v0, v1, v2})
		if err != nil {
			checkKnownError(t, err)
			return
		}
		checkResult(t, got)
		if got.Score != 0.4 && got.Score != 0.6 && got.Score != 1 {
			t.Errorf("score %v is not a level score", got.Score)
		}
	})
}

func FuzzLinear(f *testing.F) {
	f.Add(0.0, 10.0, true, false, 5.0, 6.0)
	f.Add(0.0, 30.0, false, true, 45.0, 0.0)
	f.Add(-1e308, 1e308, true, false, 0.0, 1.0)
	f.Add(math.Inf(-1), 0.0, true, true, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, lo, hi float64, higher, saturate bool, x, y float64) {
		dir := LowerIsBetter
		if higher {
			dir = HigherIsBetter
		}
		l := Linear{Min: lo, Max: hi, Direction: dir, Saturate: saturate}
		vx, errX := l.Normalise(x)
		vy, errY := l.Normalise(y)
		for _, err := range []error{errX, errY} {
			if err != nil {
				checkKnownError(t, err)
			}
		}
		if errX != nil || errY != nil {
			return
		}
		if !(vx >= 0 && vx <= 1) || !(vy >= 0 && vy <= 1) {
			t.Fatalf("Normalise(%v), Normalise(%v) = %v, %v, outside [0, 1]", x, y, vx, vy)
		}
		// Monotone in the stated direction.
		if x < y && ((higher && vx > vy) || (!higher && vx < vy)) {
			t.Errorf("%v: Normalise(%v) = %v and Normalise(%v) = %v run against the direction", dir, x, vx, y, vy)
		}
	})
}

// checkKnownError fails unless err wraps one of the package's sentinels.
func checkKnownError(t *testing.T, err error) {
	t.Helper()
	for _, sentinel := range []error{ErrOutOfDomain, ErrMissingSignal, ErrNoSignals, ErrInvalidWeight, ErrInvalidConfig} {
		if errors.Is(err, sentinel) {
			return
		}
	}
	t.Fatalf("error %v wraps no sentinel", err)
}

// checkResult fails unless r's score lies in [0, 1] and its band, and its
// contributions add up to it.
func checkResult(t *testing.T, r Result) {
	t.Helper()
	if !(r.Score >= 0 && r.Score <= 1) {
		t.Fatalf("score %v outside [0, 1]", r.Score)
	}
	if r.Band != "" && r.Band != bandOf(GainsightBands(), r.Score) {
		t.Errorf("band %q does not contain score %v", r.Band, r.Score)
	}
	var sum float64
	for _, c := range r.Signals {
		if math.IsNaN(c.Contribution) || c.Contribution < 0 {
			t.Fatalf("contribution %v of %q is negative or NaN", c.Contribution, c.Name)
		}
		sum += c.Contribution
	}
	if math.Abs(sum-r.Score) > fuzzTol {
		t.Errorf("contributions add up to %v, score is %v", sum, r.Score)
	}
}
