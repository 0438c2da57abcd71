package stats

import "testing"

func TestWilsonExactBounds(t *testing.T) {
	// At k = 0 and k = n the Wilson bounds are 0 and 1 exactly: with
	// p̂ = 1 the centre plus half-width is (1 + z²/(2n) + z²/(2n)) / (1 + z²/n) = 1.
	tests := []struct {
		name         string
		k, n         int64
		lower, upper float64
	}{
		{"one of one", 1, 1, -1, 1},
		{"zero of one", 0, 1, 0, -1},
		{"all of many", 1000, 1000, -1, 1},
		{"none of many", 0, 1000, 0, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ci, err := Wilson(tc.k, tc.n, 0.95)
			if err != nil {
				t.Fatal(err)
			}
			if tc.lower >= 0 && ci.Lower != tc.lower {
				t.Errorf("Wilson(%d, %d).Lower = %v, want %v", tc.k, tc.n, ci.Lower, tc.lower)
			}
			if tc.upper >= 0 && ci.Upper != tc.upper {
				t.Errorf("Wilson(%d, %d).Upper = %v, want %v", tc.k, tc.n, ci.Upper, tc.upper)
			}
		})
	}
}
