package nps

import (
	"errors"
	"math"
	"testing"
)

// FuzzFromScores checks that any byte string, read as answers, either is
// rejected with ErrScoreOutOfRange or gives a score in [−100, 100] that does
// not depend on order and that merging two halves reproduces.
func FuzzFromScores(f *testing.F) {
	f.Add([]byte{10, 9, 9, 8, 7, 7, 6, 0, 10, 9}, 4)
	f.Add([]byte{}, 0)
	f.Add([]byte{11}, 0)
	f.Add([]byte{255, 0}, 1)
	f.Add([]byte{7, 8, 8, 7}, 2)
	f.Fuzz(func(t *testing.T, raw []byte, cut int) {
		scores := make([]int8, len(raw))
		for i, b := range raw {
			scores[i] = int8(b)
		}
		tally, err := FromScores(scores)
		if err != nil {
			if !errors.Is(err, ErrScoreOutOfRange) {
				t.Fatalf("FromScores(%v) error = %v, want ErrScoreOutOfRange", scores, err)
			}
			return
		}
		if tally.Responses() != int64(len(scores)) {
			t.Fatalf("Responses() = %d, want %d", tally.Responses(), len(scores))
		}
		checkResults(t, tally)

		reversed := make([]int8, len(scores))
		for i, s := range scores {
			reversed[len(scores)-1-i] = s
		}
		if r, _ := FromScores(reversed); r != tally {
			t.Fatalf("reversed tally %+v, want %+v", r, tally)
		}
		if len(scores) > 0 {
			cut = int(uint(cut) % uint(len(scores)+1))
			a, _ := FromScores(scores[:cut])
			b, _ := FromScores(scores[cut:])
			a.Merge(b)
			if a != tally {
				t.Fatalf("Merge of halves split at %d = %+v, want %+v", cut, a, tally)
			}
		}
	})
}

// FuzzFromFloats checks that float answers are either whole numbers in
// 0..10 or rejected, never bucketed by truncation.
func FuzzFromFloats(f *testing.F) {
	f.Add(9.0, 6.5)
	f.Add(math.NaN(), 0.0)
	f.Add(math.Inf(1), math.Copysign(0, -1))
	f.Add(10.0, 10.000000001)
	f.Fuzz(func(t *testing.T, x, y float64) {
		tally, err := FromFloats([]float64{x, y})
		valid := func(v float64) bool { return v >= 0 && v <= 10 && v == math.Trunc(v) }
		if valid(x) && valid(y) {
			if err != nil {
				t.Fatalf("FromFloats(%v, %v) error = %v", x, y, err)
			}
			checkResults(t, tally)
			return
		}
		if !errors.Is(err, ErrScoreOutOfRange) {
			t.Fatalf("FromFloats(%v, %v) error = %v, want ErrScoreOutOfRange", x, y, err)
		}
	})
}

// FuzzCompare checks that comparisons of any two tallies give finite values
// or a documented error.
func FuzzCompare(f *testing.F) {
	f.Add(uint16(250), uint16(675), uint16(75), uint16(100), uint16(300), uint16(100))
	f.Add(uint16(5), uint16(0), uint16(0), uint16(0), uint16(0), uint16(4))
	f.Add(uint16(0), uint16(0), uint16(0), uint16(1), uint16(0), uint16(0))
	f.Fuzz(func(t *testing.T, p1, m1, d1, p2, m2, d2 uint16) {
		a := bucketTally(int64(p1), int64(m1), int64(d1))
		b := bucketTally(int64(p2), int64(m2), int64(d2))
		for _, m := range []Method{Wald, AdjustedWald} {
			c, err := Compare(a, b, m)
			if err != nil {
				if !errors.Is(err, ErrNoResponses) && !errors.Is(err, ErrZeroVariance) {
					t.Fatalf("Compare(%+v, %+v, %v) error = %v", a, b, m, err)
				}
				continue
			}
			for _, v := range []float64{c.Difference, c.StandardError, c.Z, c.P} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("Compare(%+v, %+v, %v) = %+v, want finite values", a, b, m, c)
				}
			}
			if c.P < 0 || c.P > 1 || c.Difference < -200 || c.Difference > 200 {
				t.Fatalf("Compare(%+v, %+v, %v) = %+v out of range", a, b, m, c)
			}
		}
	})
}

func checkResults(t *testing.T, tally Tally) {
	t.Helper()
	score, err := tally.Score()
	if tally.Responses() == 0 {
		if !errors.Is(err, ErrNoResponses) {
			t.Fatalf("Score() of empty tally error = %v", err)
		}
		return
	}
	if err != nil || score < -100 || score > 100 || math.IsNaN(score) {
		t.Fatalf("Score() of %+v = %v, %v", tally, score, err)
	}
	for _, m := range []Method{Wald, AdjustedWald} {
		iv, err := tally.Interval(0.95, m)
		if err != nil || math.IsNaN(iv.Lower) || math.IsNaN(iv.Upper) || iv.Lower > iv.Upper {
			t.Fatalf("Interval(0.95, %v) of %+v = %+v, %v", m, tally, iv, err)
		}
	}
}
