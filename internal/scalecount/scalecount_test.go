package scalecount

import (
	"errors"
	"fmt"
	"testing"
)

var (
	errScoreOutOfRange = errors.New("score out of range")
	errInvalidScale    = errors.New("invalid scale")
	errInvalidCounts   = errors.New("invalid counts")
	errScaleMismatch   = errors.New("scales differ")
	errNoResponses     = errors.New("no rated answers")
	errTooFewResponses = errors.New("too few rated answers")
)

// testScale is a minimal scale whose zero value stands for 1..5.
type testScale struct{ Min, Max int }

func (s testScale) resolve() testScale {
	if s == (testScale{}) {
		return testScale{Min: 1, Max: 5}
	}
	return s
}

func (s testScale) String() string {
	s = s.resolve()
	return fmt.Sprintf("%d..%d", s.Min, s.Max)
}

func (s testScale) Validate() error {
	s = s.resolve()
	if s.Min < 0 || s.Max > MaxAnswer || s.Min >= s.Max {
		return fmt.Errorf("test: scale %d..%d: %w", s.Min, s.Max, errInvalidScale)
	}
	return nil
}

func (s testScale) bounds() (lo, hi int) {
	s = s.resolve()
	if s.Validate() != nil {
		return 1, 0
	}
	return s.Min, s.Max
}

var testSpec = Spec[testScale]{
	Name:               "test",
	Default:            testScale{Min: 1, Max: 5},
	Bounds:             testScale.bounds,
	ErrScoreOutOfRange: errScoreOutOfRange,
	ErrInvalidScale:    errInvalidScale,
	ErrInvalidCounts:   errInvalidCounts,
	ErrScaleMismatch:   errScaleMismatch,
	ErrNoResponses:     errNoResponses,
	ErrTooFewResponses: errTooFewResponses,
}

func TestAddNErrors(t *testing.T) {
	tests := []struct {
		name    string
		tally   Tally[testScale]
		score   int
		n       int64
		wantErr error
		wantMsg string
	}{
		{"answer above scale", Tally[testScale]{}, 6, 1, errScoreOutOfRange, "test: answer 6 outside the scale 1..5: score out of range"},
		{"invalid scale", Tally[testScale]{Scale: testScale{Min: 3, Max: 3}}, 3, 1, errInvalidScale, "test: answer 3 not counted: test: scale 3..3: invalid scale"},
		{"negative count", Tally[testScale]{}, 2, -1, errInvalidCounts, "test: count -1 of answer 2 is negative: invalid counts"},
		{"past maximum", Tally[testScale]{Counts: [11]int64{1: MaxResponses}}, 2, 1, errInvalidCounts,
			fmt.Sprintf("test: 1 more answers of 2 on top of %d would exceed the maximum of %d answers: invalid counts", int64(MaxResponses), int64(MaxResponses))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.tally
			err := AddN[testScale, testPackage](&tt.tally, tt.score, tt.n)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("AddN(%d, %d) error = %v, want %v", tt.score, tt.n, err, tt.wantErr)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("AddN(%d, %d) message = %q, want %q", tt.score, tt.n, err, tt.wantMsg)
			}
			if tt.tally != before {
				t.Errorf("AddN changed the tally on error: %+v, want %+v", tt.tally, before)
			}
		})
	}
}

func TestMergeScales(t *testing.T) {
	ten := testScale{Min: 1, Max: 10}
	var zero Tally[testScale]
	other := Tally[testScale]{Scale: ten, Counts: [11]int64{10: 2}, Unanswered: 1}
	if err := zero.Merge(&other, &testSpec); err != nil {
		t.Fatalf("Merge into zero tally: %v", err)
	}
	if zero != other {
		t.Errorf("Merge into zero tally = %+v, want %+v", zero, other)
	}

	five := Tally[testScale]{Scale: testScale{Min: 1, Max: 5}, Counts: [11]int64{3: 1}}
	err := zero.Merge(&five, &testSpec)
	if !errors.Is(err, errScaleMismatch) {
		t.Fatalf("Merge 1..10 with 1..5 error = %v, want errScaleMismatch", err)
	}
	if want := "test: cannot merge a tally on scale 1..10 with one on scale 1..5: scales differ"; err.Error() != want {
		t.Errorf("Merge message = %q, want %q", err, want)
	}
}

func TestCheckRejectsCorruptCounts(t *testing.T) {
	tests := []struct {
		name  string
		tally Tally[testScale]
	}{
		{"negative count", Tally[testScale]{Counts: [11]int64{2: -1}}},
		{"count outside scale", Tally[testScale]{Counts: [11]int64{7: 1}}},
		{"negative unanswered", Tally[testScale]{Unanswered: -1}},
		{"sum overflows", Tally[testScale]{Counts: [11]int64{1: MaxResponses, 2: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.tally.Check(&testSpec); !errors.Is(err, errInvalidCounts) {
				t.Errorf("Check() error = %v, want errInvalidCounts", err)
			}
		})
	}
}

func TestFromScoresCountsEachAnswer(t *testing.T) {
	got, err := FromScores([]int8{1, 5, 5, 3}, testScale{}, &testSpec)
	if err != nil {
		t.Fatalf("FromScores: %v", err)
	}
	want := Tally[testScale]{Scale: testScale{Min: 1, Max: 5}, Counts: [11]int64{1: 1, 3: 1, 5: 2}}
	if got != want {
		t.Errorf("FromScores = %+v, want %+v", got, want)
	}

	_, err = FromScores([]int8{1, -128}, testScale{}, &testSpec)
	if want := "test: answer -128 at index 1 outside the scale 1..5: score out of range"; err == nil || err.Error() != want {
		t.Errorf("FromScores out of range error = %v, want %q", err, want)
	}
}

func TestMomentsOfTally(t *testing.T) {
	// Answers 1, 3, 5: mean 3, centred sum of squares 4 + 0 + 4 = 8,
	// sample variance 8 / 2 = 4.
	tally := Tally[testScale]{Counts: [11]int64{1: 1, 3: 1, 5: 1}}
	got, err := tally.Moments(&testSpec)
	if err != nil {
		t.Fatalf("Moments: %v", err)
	}
	want := Moments[testScale]{Scale: testScale{Min: 1, Max: 5}, Responses: 3, Mean: 3, SumSquares: 8}
	if got != want {
		t.Errorf("Moments = %+v, want %+v", got, want)
	}
	if v, err := Variance(got.SumSquares, got.Responses, &testSpec); err != nil || v != 4 {
		t.Errorf("Variance = %v, %v, want 4, nil", v, err)
	}

	if _, err := (&Tally[testScale]{Unanswered: 2}).Moments(&testSpec); !errors.Is(err, errNoResponses) {
		t.Errorf("Moments of unanswered tally error = %v, want errNoResponses", err)
	}
	if _, err := Variance(0, 1, &testSpec); !errors.Is(err, errTooFewResponses) {
		t.Errorf("Variance of 1 answer error = %v, want errTooFewResponses", err)
	}
}

// testPackage gives testSpec to AddN and Rejected.
type testPackage struct{}

func (testPackage) Spec() *Spec[testScale] { return &testSpec }
