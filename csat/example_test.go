package csat_test

import (
	"fmt"

	"github.com/crmmetrics/crmmetrics/csat"
)

func ExampleFromScores() {
	// "How satisfied were you?", 1 = very dissatisfied .. 5 = very satisfied.
	scores := []int{5, 4, 4, 3, 5, 2, 1, 5}
	tally, err := csat.FromScores(scores, csat.Scale{})
	if err != nil {
		fmt.Println(err)
		return
	}
	score, _ := tally.Score()
	mean, _ := tally.Mean()
	fmt.Printf("CSAT %.3f (%d of %d satisfied), mean %.3f\n", score.Value, score.Count, score.Responses, mean.Value)
	// Output:
	// CSAT 0.625 (5 of 8 satisfied), mean 3.625
}

func ExampleFromAnswers() {
	five, four, three, two, one := 5, 4, 3, 2, 1
	// nil is a submission without a rating: counted apart, never in the
	// denominator. The neutral 3 is a rated answer and stays in it.
	answers := []*int{&five, &four, nil, &three, &five, nil, &two, &four, nil, &one}
	tally, _ := csat.FromAnswers(answers, csat.Scale{})
	score, _ := tally.Score()
	fmt.Printf("CSAT %d/%d = %.4f, %d without a rating\n", score.Count, score.Responses, score.Value, score.Unanswered)
	// Output:
	// CSAT 4/7 = 0.5714, 3 without a rating
}

func ExampleTally_Add() {
	var tally csat.Tally // the zero Tally counts on 1..5
	for _, v := range []int{5, 4, 6, 2} {
		if err := tally.Add(v); err != nil {
			fmt.Println(err)
		}
	}
	tally.AddUnanswered()
	fmt.Println(tally.Responses(), "rated,", tally.Unanswered, "unanswered")
	// Output:
	// csat: answer 6 outside the scale 1..5: score out of range
	// 3 rated, 1 unanswered
}

func ExampleTally_AddN() {
	// Delighted's example as (answer, count) pairs.
	var tally csat.Tally
	for answer, count := range map[int]int64{5: 42, 4: 32, 3: 10, 2: 9, 1: 14} {
		if err := tally.AddN(answer, count); err != nil {
			fmt.Println(err)
			return
		}
	}
	score, _ := tally.Score()
	fmt.Printf("CSAT %d/%d = %.4f\n", score.Count, score.Responses, score.Value)
	// Output:
	// CSAT 74/107 = 0.6916
}

func ExampleTally_Merge() {
	web, _ := csat.FromScores([]int{5, 5, 2}, csat.Scale{})
	phone, _ := csat.FromScores([]int{4, 3}, csat.Scale{})

	var total csat.Tally
	for _, shard := range []csat.Tally{web, phone} {
		if err := total.Merge(shard); err != nil {
			fmt.Println(err)
			return
		}
	}
	score, _ := total.Score()
	fmt.Printf("CSAT %.2f of %d answers\n", score.Value, score.Responses)
	// Output:
	// CSAT 0.60 of 5 answers
}

func ExampleTally_TopBox() {
	// A 1..10 scale has no standard cut, so Score refuses and the caller
	// names one.
	tally, _ := csat.FromScores([]int{10, 9, 8, 8, 6, 3}, csat.Scale{Min: 1, Max: 10})
	if _, err := tally.Score(); err != nil {
		fmt.Println(err)
	}
	for _, cut := range []int{9, 8} {
		share, _ := tally.TopBox(cut)
		fmt.Printf("%d..10: %.3f\n", cut, share.Value)
	}
	// Output:
	// csat: scale 1..10 has no default top-box cut, so name one with TopBox: top-box cut required for this scale
	// 9..10: 0.333
	// 8..10: 0.667
}

func ExampleShare_Interval() {
	// Delighted's example: 74 satisfied of 107 responses.
	share := csat.Share{Value: 74.0 / 107, Count: 74, Responses: 107}
	interval, _ := share.Interval(0.95)
	fmt.Printf("%.4f, Wilson 95%% [%.6f, %.6f]\n", share.Value, interval.Lower, interval.Upper)
	// Output:
	// 0.6916, Wilson 95% [0.598715, 0.771183]
}

func ExampleMean_Interval() {
	tally, _ := csat.FromScores([]int{1, 2, 3, 4, 5}, csat.Scale{})
	mean, _ := tally.Mean()
	interval, _ := mean.Interval(0.95)
	fmt.Printf("%.2f, 95%% interval [%.4f, %.4f]\n", mean.Value, interval.Lower, interval.Upper)
	// Output:
	// 3.00, 95% interval [1.0368, 4.9632]
}

func ExampleBinary() {
	var ratings csat.Binary
	for _, good := range []bool{true, true, false, true} {
		ratings.Add(good)
	}
	ratings.AddUnanswered() // a ticket whose survey got no rating
	score, _ := ratings.Score()
	fmt.Printf("good/(good+bad) = %d/%d = %.2f\n", score.Count, score.Responses, score.Value)
	// Output:
	// good/(good+bad) = 3/4 = 0.75
}

func ExampleCompare() {
	before := csat.Share{Value: 0.3, Count: 30, Responses: 100}
	after := csat.Share{Value: 0.4, Count: 40, Responses: 100}
	c, _ := csat.Compare(after, before)
	fmt.Printf("difference %+.2f, z %.3f, p %.3f\n", c.Difference, c.Z, c.P)
	// Output:
	// difference +0.10, z 1.482, p 0.138
}

// Example_edges prints how edge answers and inputs come out on the default
// 1..5 scale with its top-two-box cut.
func Example_edges() {
	cases := []struct {
		label  string
		scores []int
	}{
		{"below the scale", []int{0}},
		{"lowest answer", []int{1}},
		{"neutral", []int{3}},
		{"lowest satisfied", []int{4}},
		{"highest answer", []int{5}},
		{"above the scale", []int{6}},
		{"neutral and top", []int{3, 5}},
		{"no answers", nil},
	}
	for _, c := range cases {
		tally, err := csat.FromScores(c.scores, csat.Scale{})
		if err != nil {
			fmt.Printf("%-17s error: %v\n", c.label, err)
			continue
		}
		score, err := tally.Score()
		if err != nil {
			fmt.Printf("%-17s error: %v\n", c.label, err)
			continue
		}
		fmt.Printf("%-17s CSAT %.1f (%d of %d)\n", c.label, score.Value, score.Count, score.Responses)
	}
	// Output:
	// below the scale   error: csat: answer 0 at index 0 outside the scale 1..5: score out of range
	// lowest answer     CSAT 0.0 (0 of 1)
	// neutral           CSAT 0.0 (0 of 1)
	// lowest satisfied  CSAT 1.0 (1 of 1)
	// highest answer    CSAT 1.0 (1 of 1)
	// above the scale   error: csat: answer 6 at index 0 outside the scale 1..5: score out of range
	// neutral and top   CSAT 0.5 (1 of 2)
	// no answers        error: csat: share of 0 submissions without a rating: no rated answers
}
