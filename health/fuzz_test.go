package health

import (
	"errors"
	"math"
	"slices"
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
	f.Add(0.3, 0.9, 0.6, 5e-324, 5e-324, 5e-324, uint8(0))
	f.Add(0.3, 0.9, 0.6, 1e308, 1e308, 1e308, uint8(0))
	f.Add(0.3, 0.9, 0.6, 0.0, 0.0, 0.0, uint8(0))
	f.Fuzz(func(t *testing.T, v0, v1, v2, w0, w1, w2 float64, policy uint8) {
		record := values{v0, v1, v2}
		c := card([]float64{w0, w1, w2}, nil, nil)
		c.Missing = MissingPolicy(policy % 3)
		c.Bands = GainsightBands()
		checkValidateMeansScorable(t, c)
		got, err := c.Score(record)
		if err != nil {
			checkKnownError(t, err)
			return
		}
		checkResult(t, got)

		// Equal weights, however large or small, give the plain mean.
		if w0 == w1 && w1 == w2 && !slices.ContainsFunc(got.Signals, func(c Contribution) bool { return c.Missing }) {
			if mean := (v0 + v1 + v2) / 3; math.Abs(got.Score-mean) > fuzzTol {
				t.Errorf("equal weights %v give %v, want the mean %v", w0, got.Score, mean)
			}
		}

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

func FuzzThresholds(f *testing.F) {
	f.Add(5.0, 10.0, true, false, 0.5, 7.0, 8.0)
	f.Add(0.0, 0.0, true, true, 1.0, 0.0, 3.0)
	f.Add(math.Inf(-1), 3.0, false, true, 0.2, -1.0, math.NaN())
	f.Fuzz(func(t *testing.T, cut, top float64, lowInclusive, higher bool, middle, x, y float64) {
		// Three tiers around cut and top: below, between, above.
		dir, lowValue, highValue := HigherIsBetter, 0.0, 1.0
		if !higher {
			dir, lowValue, highValue = LowerIsBetter, 1.0, 0.0
		}
		th := Thresholds{Direction: dir, Tiers: []Tier{
			{Range{Min: math.Inf(-1), Max: cut, MaxInclusive: lowInclusive}, lowValue},
			{Range{Min: cut, Max: top, MinInclusive: !lowInclusive, MaxInclusive: true}, middle},
			{Range{Min: top, Max: math.Inf(1)}, highValue},
		}}
		vx, errX := th.Normalise(x)
		vy, errY := th.Normalise(y)
		for _, err := range []error{errX, errY} {
			if err != nil {
				checkKnownError(t, err)
			}
		}
		if errX != nil || errY != nil {
			return
		}
		if !(vx >= 0 && vx <= 1) {
			t.Fatalf("Normalise(%v) = %v outside [0, 1]", x, vx)
		}
		// Validation accepted the tiers, so values follow the direction.
		if x < y && ((higher && vx > vy) || (!higher && vx < vy)) {
			t.Errorf("%v: Normalise(%v) = %v and Normalise(%v) = %v run against the direction", dir, x, vx, y, vy)
		}
	})
}

func FuzzPoints(f *testing.F) {
	f.Add(50.0, 30.0, 20.0, 0.5, 1.0, 0.0, 0.0)
	f.Add(50.0, 30.0, 21.0, 0.5, 1.0, 0.0, 0.0)
	f.Add(1.0, 2.0, 3.0, 0.5, math.NaN(), 0.25, 6.0)
	f.Add(60.0, 30.0, 0.0, 0.5, 1.0, 0.0, 0.0)
	f.Add(1e308, 1e308, 0.0, 0.5, 1.0, 0.0, 1e308)
	f.Fuzz(func(t *testing.T, w0, w1, w2, v0, v1, v2, total float64) {
		c := card([]float64{w0, w1, w2}, nil, Points{Total: total})
		checkValidateMeansScorable(t, c)
		got, err := c.Score(values{v0, v1, v2})
		if err != nil {
			checkKnownError(t, err)
			return
		}
		checkResult(t, got)
	})
}

func FuzzCountBands(f *testing.F) {
	f.Add(0.3, 0.6, true, []byte{0, 1, 2, 1}, "mid")
	f.Add(0.5, 0.5, false, []byte{}, "mid")
	f.Add(0.3, 0.6, true, []byte{0, 1, 2, 1}, "low")
	f.Add(0.3, 0.3, true, []byte{0, 1, 2, 1}, "mid")
	f.Fuzz(func(t *testing.T, a, b float64, aInclusive bool, picks []byte, midName string) {
		bands := []Band{
			{"low", Range{Min: 0, Max: a, MinInclusive: true, MaxInclusive: aInclusive}},
			{midName, Range{Min: a, Max: b, MinInclusive: !aInclusive, MaxInclusive: true}},
			{"high", Range{Min: b, Max: 1, MaxInclusive: true}},
		}
		results := make([]Result, len(picks))
		for i, p := range picks {
			results[i].Band = bands[int(p)%3].Name
		}
		counts, err := CountBands(results, bands)
		validateErr := ValidateBands(bands)
		if len(results) > 0 && (validateErr == nil) != (err == nil) {
			t.Fatalf("ValidateBands = %v but CountBands = %v", validateErr, err)
		}
		if err != nil {
			checkKnownError(t, err)
			return
		}
		total, share := 0, 0.0
		for _, c := range counts {
			total += c.Count
			share += c.Share
		}
		if total != len(results) || math.Abs(share-1) > 1e-12 {
			t.Fatalf("counts add up to %d and shares to %v, want %d and 1", total, share, len(results))
		}
	})
}

// checkValidateMeansScorable fails when Validate accepts c but c cannot
// score a record whose signals are all present and in range.
func checkValidateMeansScorable(t *testing.T, c Scorecard[values]) {
	t.Helper()
	if c.Validate() != nil {
		return
	}
	if _, err := c.Score(values{0.5, 0.5, 0.5}); err != nil {
		t.Fatalf("Validate() = nil, but a record with every signal 0.5 fails: %v", err)
	}
}
