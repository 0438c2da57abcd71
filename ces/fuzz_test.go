package ces_test

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/crmmetrics/crmmetrics/ces"
)

// answersFromBytes maps each byte to an answer in −1..11, so that fuzzed
// input hits every scale and both sides of it.
func answersFromBytes(data []byte) []int {
	answers := make([]int, len(data))
	for i, b := range data {
		answers[i] = int(b%13) - 1
	}
	return answers
}

// endBands returns bands of one answer at each end of a valid scale, which
// fit every direction.
func endBands(s ces.Scale) ces.Bands {
	if s == (ces.Scale{}) {
		return ces.Bands{}
	}
	easy, difficult := s.Max, s.Min
	if s.Direction == ces.LowIsEasy {
		easy, difficult = s.Min, s.Max
	}
	return ces.Bands{Easy: ces.Band{Min: easy, Max: easy}, Difficult: ces.Band{Min: difficult, Max: difficult}}
}

// checkResults checks the invariants of every result of a valid tally.
func checkResults(t *testing.T, tally ces.Tally, bands ces.Bands, confidence float64) {
	t.Helper()
	mean, err := tally.Mean()
	if tally.Responses() == 0 {
		if !errors.Is(err, ces.ErrNoResponses) {
			t.Fatalf("Mean() of no answers error = %v, want ErrNoResponses", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Mean() error = %v", err)
	}
	if math.IsNaN(mean.Value) || mean.Value < float64(mean.Scale.Min) || mean.Value > float64(mean.Scale.Max) || !(mean.SumSquares >= 0) {
		t.Fatalf("Mean() = %+v outside the scale", mean)
	}
	if interval, err := mean.Interval(confidence); err == nil && (math.IsNaN(interval.Lower) || interval.Lower > interval.Upper) {
		t.Fatalf("Mean.Interval(%v) = %+v", confidence, interval)
	}

	share, err := tally.EasyShare(bands)
	if err != nil {
		return
	}
	if !(share.Value >= 0 && share.Value <= 1) || share.Count > share.Responses {
		t.Fatalf("EasyShare() = %+v outside [0, 1]", share)
	}
	if interval, err := share.Interval(confidence); err == nil && !(interval.Lower >= 0 && interval.Lower <= interval.Upper && interval.Upper <= 1) {
		t.Fatalf("Share.Interval(%v) = %+v", confidence, interval)
	}
	net, err := tally.Net(bands)
	if err != nil {
		t.Fatalf("Net() error = %v after EasyShare() succeeded", err)
	}
	if !(net.Value >= -1 && net.Value <= 1) {
		t.Fatalf("Net() = %+v outside [−1, 1]", net)
	}
	if interval, err := net.Interval(confidence); err == nil && !(interval.Lower >= -1 && interval.Lower <= interval.Upper && interval.Upper <= 1) {
		t.Fatalf("Net.Interval(%v) = %+v", confidence, interval)
	}
}

func FuzzFromScores(f *testing.F) {
	f.Add([]byte{8, 8, 8}, 0, 0, uint8(0), 1)
	f.Add([]byte{2, 3, 4, 5, 6, 7, 8}, 1, 7, uint8(ces.HighIsEasy), 3)
	f.Add([]byte{2, 2, 6, 4}, 1, 5, uint8(ces.LowIsEasy), 2)
	f.Add([]byte{1, 9}, 1, 7, uint8(0), 0)
	f.Add([]byte{0, 11, 12}, 0, 10, uint8(ces.LowIsEasy), 1)
	f.Add([]byte{}, 0, 0, uint8(0), 0)
	f.Fuzz(func(t *testing.T, data []byte, lo, hi int, direction uint8, cut int) {
		answers := answersFromBytes(data)
		scale := ces.Scale{Min: lo, Max: hi, Direction: ces.Direction(direction)}
		tally, err := ces.FromScores(answers, scale)

		var added ces.Tally
		added.Scale = scale
		var addErr error
		for _, v := range answers {
			if addErr = added.Add(v); addErr != nil {
				break
			}
		}
		if len(answers) > 0 && (err == nil) != (addErr == nil) {
			t.Fatalf("FromScores error %v but Add error %v", err, addErr)
		}
		if err != nil {
			if !errors.Is(err, ces.ErrScoreOutOfRange) && !errors.Is(err, ces.ErrInvalidScale) {
				t.Fatalf("FromScores error %v wraps no documented sentinel", err)
			}
			return
		}
		if len(answers) > 0 && added != tally {
			t.Fatalf("Add loop %+v differs from FromScores %+v", added, tally)
		}

		reversed := slices.Clone(answers)
		slices.Reverse(reversed)
		if back, _ := ces.FromScores(reversed, scale); back != tally {
			t.Fatalf("reversed answers give %+v, want %+v", back, tally)
		}

		cut = min(max(cut, 0), len(answers))
		left, _ := ces.FromScores(answers[:cut], scale)
		right, _ := ces.FromScores(answers[cut:], scale)
		if err := right.Merge(left); err != nil || right != tally {
			t.Fatalf("merge of split at %d = %+v, %v; want %+v", cut, right, err, tally)
		}

		checkResults(t, tally, endBands(scale), 0.95)
	})
}

func FuzzFromFloats(f *testing.F) {
	seed := func(values ...float64) []byte {
		var data []byte
		for _, v := range values {
			data = binary.LittleEndian.AppendUint64(data, math.Float64bits(v))
		}
		return data
	}
	f.Add(seed(7, 7, 7))
	f.Add(seed(0, 8))
	f.Add(seed(math.NaN()))
	f.Add(seed(math.Inf(1), math.Inf(-1)))
	f.Add(seed(4.5, math.Copysign(0, -1), 1e300))
	f.Fuzz(func(t *testing.T, data []byte) {
		var scores []float64
		for len(data) >= 8 {
			scores = append(scores, math.Float64frombits(binary.LittleEndian.Uint64(data)))
			data = data[8:]
		}
		tally, err := ces.FromFloats(scores, ces.Scale{})
		if err != nil {
			if !errors.Is(err, ces.ErrNotInteger) && !errors.Is(err, ces.ErrScoreOutOfRange) {
				t.Fatalf("FromFloats error %v wraps no documented sentinel", err)
			}
			return
		}
		ints := make([]int, len(scores))
		for i, v := range scores {
			ints[i] = int(v)
		}
		if want, err := ces.FromScores(ints, ces.Scale{}); err != nil || want != tally {
			t.Fatalf("FromFloats = %+v, FromScores of the same values = %+v, %v", tally, want, err)
		}
		checkResults(t, tally, ces.Bands{}, 0.95)
	})
}

func FuzzFromAnswers(f *testing.F) {
	f.Add([]byte{6, 0xff, 5, 0xff, 4})
	f.Add([]byte{0xff, 0xff})
	f.Add([]byte{9, 0xff})
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
		tally, err := ces.FromAnswers(answers, ces.Scale{})
		want, wantErr := ces.FromScores(rated, ces.Scale{})
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
		checkResults(t, tally, ces.Bands{}, 0.95)
	})
}

// FuzzTallyResults feeds arbitrary tallies, as decoded from untrusted JSON,
// arbitrary bands and confidence levels to every result and Merge.
func FuzzTallyResults(f *testing.F) {
	f.Add(int64(3), int64(0), int64(5), int64(-1), 1, 7, uint8(1), 5, 7, 1, 3, 0.95)
	f.Add(int64(1), int64(2), int64(3), int64(0), 1, 5, uint8(2), 1, 2, 4, 5, 0.9)
	f.Add(int64(math.MaxInt64), int64(1), int64(0), int64(0), 0, 0, uint8(0), 0, 0, 0, 0, 0.5)
	f.Add(int64(0), int64(0), int64(0), int64(2), 0, 0, uint8(0), 0, 0, 0, 0, math.NaN())
	f.Fuzz(func(t *testing.T, low, middle, high, unanswered int64, lo, hi int, direction uint8,
		easyMin, easyMax, difficultMin, difficultMax int, confidence float64) {
		tally := ces.Tally{Scale: ces.Scale{Min: lo, Max: hi, Direction: ces.Direction(direction)}, Unanswered: unanswered}
		tally.Counts[1], tally.Counts[4], tally.Counts[7] = low, middle, high
		bands := ces.Bands{Easy: ces.Band{Min: easyMin, Max: easyMax}, Difficult: ces.Band{Min: difficultMin, Max: difficultMax}}

		var merged ces.Tally
		mergeErr := merged.Merge(tally)
		_, meanErr := tally.Mean()
		if mergeErr == nil && meanErr != nil && !errors.Is(meanErr, ces.ErrNoResponses) {
			t.Fatalf("Merge accepted a tally that Mean rejects: %v", meanErr)
		}
		if mergeErr != nil {
			return
		}
		checkResults(t, tally, bands, confidence)
		if err := merged.Merge(tally); err == nil {
			checkResults(t, merged, bands, confidence)
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
		m := ces.Mean{Value: value, SumSquares: sumSquares, Responses: responses}
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
		var tally ces.Tally
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
