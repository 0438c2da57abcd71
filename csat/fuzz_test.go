package csat_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/crmmetrics/crmmetrics/csat"
)

// scoresFromBytes maps each byte to an answer in −1..11, so that fuzzed
// input hits every scale and both sides of it.
func scoresFromBytes(data []byte) []int {
	scores := make([]int, len(data))
	for i, b := range data {
		scores[i] = int(b%13) - 1
	}
	return scores
}

// checkResults checks the invariants of every result of a valid tally.
func checkResults(t *testing.T, tally csat.Tally, cut int, confidence float64) {
	t.Helper()
	if tally.Responses() == 0 {
		if _, err := tally.Mean(); !errors.Is(err, csat.ErrNoResponses) {
			t.Fatalf("Mean() of no answers error = %v, want ErrNoResponses", err)
		}
		return
	}
	mean, err := tally.Mean()
	if err != nil {
		t.Fatalf("Mean() error = %v", err)
	}
	scale := tally.Scale
	if scale == (csat.Scale{}) {
		scale = csat.Scale{Min: 1, Max: 5}
	}
	if !(mean.Value >= float64(scale.Min) && mean.Value <= float64(scale.Max) && mean.SumSquares >= 0) {
		t.Fatalf("Mean() = %+v outside the scale %v", mean, scale)
	}
	if interval, err := mean.Interval(confidence); err == nil && !(interval.Lower <= interval.Upper) {
		t.Fatalf("Mean.Interval(%v) = %+v", confidence, interval)
	}

	share, err := tally.TopBox(cut)
	if err != nil {
		return
	}
	if !(share.Value >= 0 && share.Value <= 1) || share.Count > share.Responses {
		t.Fatalf("TopBox(%d) = %+v outside [0, 1]", cut, share)
	}
	if interval, err := share.Interval(confidence); err == nil && !(interval.Lower >= 0 && interval.Lower <= interval.Upper && interval.Upper <= 1) {
		t.Fatalf("Share.Interval(%v) = %+v", confidence, interval)
	}
	comparison, err := csat.Compare(share, share)
	if err != nil || comparison.Difference != 0 || math.IsNaN(comparison.P) || comparison.P != 1 {
		t.Fatalf("Compare(share, share) = %+v, %v; want difference 0 and p 1", comparison, err)
	}
}

func FuzzFromScores(f *testing.F) {
	f.Add([]byte{6, 5, 4, 3, 2}, 0, 0, 4)
	f.Add([]byte{11, 10, 1}, 1, 10, 9)
	f.Add([]byte{0, 1, 2}, 0, 10, 0)
	f.Add([]byte{7}, 1, 5, 5)
	f.Add([]byte{}, 5, 1, 3)
	f.Fuzz(func(t *testing.T, data []byte, lo, hi, cut int) {
		scores := scoresFromBytes(data)
		scale := csat.Scale{Min: lo, Max: hi}
		tally, err := csat.FromScores(scores, scale)

		added := csat.Tally{Scale: scale}
		var addErr error
		for _, v := range scores {
			if addErr = added.Add(v); addErr != nil {
				break
			}
		}
		if len(scores) > 0 && (err == nil) != (addErr == nil) {
			t.Fatalf("FromScores error %v but Add error %v", err, addErr)
		}
		if err != nil {
			if !errors.Is(err, csat.ErrScoreOutOfRange) && !errors.Is(err, csat.ErrInvalidScale) {
				t.Fatalf("FromScores error %v wraps no documented sentinel", err)
			}
			return
		}
		if len(scores) > 0 && added != tally {
			t.Fatalf("Add loop %+v differs from FromScores %+v", added, tally)
		}

		reversed := slices.Clone(scores)
		slices.Reverse(reversed)
		if back, _ := csat.FromScores(reversed, scale); back != tally {
			t.Fatalf("reversed answers give %+v, want %+v", back, tally)
		}
		half := len(scores) / 2
		left, _ := csat.FromScores(scores[:half], scale)
		right, _ := csat.FromScores(scores[half:], scale)
		if err := right.Merge(left); err != nil || right != tally {
			t.Fatalf("merge of halves = %+v, %v; want %+v", right, err, tally)
		}
		checkResults(t, tally, cut, 0.95)
	})
}

func FuzzFromAnswers(f *testing.F) {
	f.Add([]byte{6, 0xff, 5, 0xff, 4, 3})
	f.Add([]byte{0xff, 0xff, 0xff})
	f.Add([]byte{7, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		answers := make([]*int, len(data))
		var rated []int
		var unanswered int64
		for i, b := range data {
			if b == 0xff {
				unanswered++
				continue
			}
			v := int(b%13) - 1
			answers[i] = &v
			rated = append(rated, v)
		}
		tally, err := csat.FromAnswers(answers, csat.Scale{})
		want, wantErr := csat.FromScores(rated, csat.Scale{})
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("FromAnswers error %v, FromScores of the rated answers error %v", err, wantErr)
		}
		if err != nil {
			return
		}
		want.Unanswered = unanswered
		if tally != want {
			t.Fatalf("FromAnswers = %+v, want %+v", tally, want)
		}
		score, err := tally.Score()
		if len(rated) == 0 {
			if !errors.Is(err, csat.ErrNoResponses) {
				t.Fatalf("Score() of unrated submissions error = %v, want ErrNoResponses", err)
			}
			return
		}
		if err != nil || score.Responses != int64(len(rated)) || score.Unanswered != unanswered {
			t.Fatalf("Score() = %+v, %v; want %d rated and %d unanswered", score, err, len(rated), unanswered)
		}
		checkResults(t, tally, 4, 0.95)
	})
}

// FuzzTallyResults feeds arbitrary tallies, as decoded from untrusted JSON,
// arbitrary cuts and confidence levels to every result and Merge.
func FuzzTallyResults(f *testing.F) {
	f.Add(int64(3), int64(1), int64(5), int64(0), 1, 5, 4, 0.95)
	f.Add(int64(-1), int64(1), int64(5), int64(0), 0, 0, 4, 0.95)
	f.Add(int64(math.MaxInt64), int64(1), int64(0), int64(0), 0, 10, 9, 0.5)
	f.Add(int64(0), int64(0), int64(0), int64(7), 0, 0, 0, math.Inf(1))
	f.Fuzz(func(t *testing.T, low, middle, high, unanswered int64, lo, hi, cut int, confidence float64) {
		tally := csat.Tally{Scale: csat.Scale{Min: lo, Max: hi}, Unanswered: unanswered}
		tally.Counts[1], tally.Counts[3], tally.Counts[5] = low, middle, high

		var merged csat.Tally
		if err := merged.Merge(tally); err != nil {
			if _, err := tally.Score(); err == nil {
				t.Fatalf("Merge rejected a tally that Score accepts")
			}
			return
		}
		checkResults(t, tally, cut, confidence)
		if err := merged.Merge(tally); err == nil {
			checkResults(t, merged, cut, confidence)
		}
	})
}

func FuzzBinary(f *testing.F) {
	f.Add(int64(19), int64(1), int64(1), int64(3), int64(0), int64(0))
	f.Add(int64(0), int64(0), int64(5), int64(0), int64(0), int64(0))
	f.Add(int64(math.MaxInt64), int64(1), int64(0), int64(1), int64(0), int64(0))
	f.Add(int64(-1), int64(0), int64(0), int64(0), int64(0), int64(0))
	f.Fuzz(func(t *testing.T, good, bad, unanswered, good2, bad2, unanswered2 int64) {
		a := csat.Binary{Good: good, Bad: bad, Unanswered: unanswered}
		b := csat.Binary{Good: good2, Bad: bad2, Unanswered: unanswered2}
		ab, ba := a, b
		errAB, errBA := ab.Merge(b), ba.Merge(a)
		if (errAB == nil) != (errBA == nil) || ab != ba && errAB == nil {
			t.Fatalf("Merge is not symmetric: %+v, %v against %+v, %v", ab, errAB, ba, errBA)
		}
		score, err := a.Score()
		if err != nil {
			return
		}
		if !(score.Value >= 0 && score.Value <= 1) || score.Responses != a.Good+a.Bad {
			t.Fatalf("Score() = %+v out of range", score)
		}
		if interval, err := score.Interval(0.9); err != nil || !(interval.Lower >= 0 && interval.Upper <= 1) {
			t.Fatalf("Interval(0.9) = %+v, %v", interval, err)
		}
		if other, err := b.Score(); err == nil {
			if c, err := csat.Compare(score, other); err == nil && (math.IsNaN(c.Z) || !(c.P >= 0 && c.P <= 1)) {
				t.Fatalf("Compare() = %+v", c)
			}
		}
	})
}

// FuzzCompare feeds arbitrary shares to Compare.
func FuzzCompare(f *testing.F) {
	f.Add(int64(40), int64(100), int64(30), int64(100))
	f.Add(int64(5), int64(5), int64(3), int64(3))
	f.Add(int64(0), int64(0), int64(1), int64(1))
	f.Add(int64(1), int64(math.MaxInt64), int64(1), int64(2))
	f.Fuzz(func(t *testing.T, k1, n1, k2, n2 int64) {
		a := csat.Share{Count: k1, Responses: n1}
		b := csat.Share{Count: k2, Responses: n2}
		c, err := csat.Compare(a, b)
		if err != nil {
			if !errors.Is(err, csat.ErrNoResponses) && !errors.Is(err, csat.ErrInvalidCounts) {
				t.Fatalf("Compare error %v wraps no documented sentinel", err)
			}
			return
		}
		if math.IsNaN(c.Difference) || math.IsNaN(c.Z) || math.IsNaN(c.StandardError) || !(c.P >= 0 && c.P <= 1) ||
			!(c.Difference >= -1 && c.Difference <= 1) {
			t.Fatalf("Compare(%+v, %+v) = %+v", a, b, c)
		}
	})
}

// FuzzMeanInterval feeds Mean values with arbitrary fields, as decoded from
// untrusted JSON, to Interval: the result is an error or finite bounds
// around Value.
func FuzzMeanInterval(f *testing.F) {
	f.Add(4.0, 2.0, int64(3), 0.95)
	f.Add(math.NaN(), 1.0, int64(3), 0.95)
	f.Add(math.Inf(1), 1.0, int64(3), 0.9)
	f.Add(5.0, math.MaxFloat64, int64(2), 0.999999)
	f.Fuzz(func(t *testing.T, value, sumSquares float64, responses int64, confidence float64) {
		m := csat.Mean{Value: value, SumSquares: sumSquares, Responses: responses}
		got, err := m.Interval(confidence)
		if err != nil {
			return
		}
		if math.IsNaN(got.Lower) || math.IsNaN(got.Upper) || math.IsInf(got.Lower, 0) || math.IsInf(got.Upper, 0) ||
			got.Lower > value || got.Upper < value {
			t.Fatalf("%+v.Interval(%v) = %+v", m, confidence, got)
		}
	})
}

// FuzzAddN checks that every count AddN accepts is one the tally's results
// accept too.
func FuzzAddN(f *testing.F) {
	f.Add(3, int64(5), 4, int64(7))
	f.Add(5, int64(math.MaxInt64/10), 4, int64(1))
	f.Add(5, int64(math.MaxInt64), 1, int64(0))
	f.Fuzz(func(t *testing.T, first int, n1 int64, second int, n2 int64) {
		var tally csat.Tally
		if tally.AddN(first, n1) != nil || tally.AddN(second, n2) != nil {
			return
		}
		if tally.Responses() == 0 {
			return
		}
		if _, err := tally.Mean(); err != nil {
			t.Fatalf("Mean() of a tally that AddN built (%d of %d, %d of %d): %v", n1, first, n2, second, err)
		}
	})
}
