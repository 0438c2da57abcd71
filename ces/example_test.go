package ces_test

import (
	"errors"
	"fmt"

	"github.com/crmmetrics/crmmetrics/ces"
)

func ExampleFromScores() {
	// Answers to "The company made it easy for me to handle my issue",
	// 1 = strongly disagree .. 7 = strongly agree.
	answers := []int{7, 6, 6, 5, 4, 2, 7, 1}
	tally, err := ces.FromScores(answers, ces.Agreement7())
	if err != nil {
		fmt.Println(err)
		return
	}
	mean, _ := tally.Mean()
	easy, _ := tally.EasyShare(ces.Bands{})
	net, _ := tally.Net(ces.Bands{})
	fmt.Printf("mean %.3f of %d answers\n", mean.Value, mean.Responses)
	fmt.Printf("easy share %.3f (%d of %d)\n", easy.Value, easy.Count, easy.Responses)
	fmt.Printf("net %.3f\n", net.Value)
	// Output:
	// mean 4.750 of 8 answers
	// easy share 0.625 (5 of 8)
	// net 0.375
}

func ExampleFromScores_effortWording() {
	// CES 1.0: "How much effort did you personally have to put forth?",
	// 1 = very low effort .. 5 = very high effort. Low is easy, and the
	// bands must be named.
	answers := []uint8{1, 2, 2, 3, 5, 1}
	tally, err := ces.FromScores(answers, ces.Effort5())
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := tally.EasyShare(ces.Bands{}); errors.Is(err, ces.ErrBandsRequired) {
		fmt.Println("default bands:", err)
	}
	bands := ces.Bands{Easy: ces.Band{Min: 1, Max: 2}, Difficult: ces.Band{Min: 4, Max: 5}}
	easy, _ := tally.EasyShare(bands)
	fmt.Printf("low effort %.3f\n", easy.Value)
	// Output:
	// default bands: ces: scale 1..5 low-is-easy: easy and difficult bands required for this scale
	// low effort 0.667
}

func ExampleFromAnswers() {
	seven, five, two := 7, 5, 2
	// nil is a submission without a rating: counted, but in no denominator.
	answers := []*int{&seven, nil, &five, &two, nil}
	tally, _ := ces.FromAnswers(answers, ces.Scale{})
	easy, _ := tally.EasyShare(ces.Bands{})
	fmt.Printf("easy %d of %d rated, %d unanswered\n", easy.Count, easy.Responses, easy.Unanswered)
	// Output:
	// easy 2 of 3 rated, 2 unanswered
}

func ExampleFromFloats() {
	_, err := ces.FromFloats([]float64{7, 6.5}, ces.Scale{})
	fmt.Println(err)
	// Output:
	// ces: answer 6.5 at index 1: score is not an integer
}

func ExampleTally_Add() {
	var tally ces.Tally // the zero Tally counts on the 1..7 agreement scale
	for _, v := range []int{7, 5, 8, 3} {
		if err := tally.Add(v); err != nil {
			fmt.Println(err)
		}
	}
	tally.AddUnanswered()
	fmt.Println(tally.Responses(), "rated,", tally.Unanswered, "unanswered")
	// Output:
	// ces: answer 8 outside the scale 1..7 high-is-easy: score out of range
	// 3 rated, 1 unanswered
}

func ExampleTally_AddN() {
	// Answers exported as (answer, count) pairs.
	tally := ces.Tally{Scale: ces.Effort5()}
	for answer, count := range map[int]int64{1: 40, 2: 25, 3: 20, 4: 10, 5: 5} {
		if err := tally.AddN(answer, count); err != nil {
			fmt.Println(err)
			return
		}
	}
	bands := ces.Bands{Easy: ces.Band{Min: 1, Max: 2}, Difficult: ces.Band{Min: 4, Max: 5}}
	net, _ := tally.Net(bands)
	fmt.Printf("net %.2f: %d easy, %d difficult of %d\n", net.Value, net.Easy, net.Difficult, net.Responses)
	// Output:
	// net 0.50: 65 easy, 15 difficult of 100
}

func ExampleTally_Merge() {
	// Shards tallied apart, for example in separate goroutines or workers.
	north, _ := ces.FromScores([]int{7, 6, 2}, ces.Scale{})
	south, _ := ces.FromScores([]int{5, 4}, ces.Scale{})

	var total ces.Tally
	for _, shard := range []ces.Tally{north, south} {
		if err := total.Merge(shard); err != nil {
			fmt.Println(err)
			return
		}
	}
	mean, _ := total.Mean()
	fmt.Printf("mean %.1f of %d answers\n", mean.Value, mean.Responses)
	// Output:
	// mean 4.8 of 5 answers
}

func ExampleMean_Interval() {
	tally, _ := ces.FromScores([]int{1, 2, 3, 4, 5}, ces.Scale{})
	mean, _ := tally.Mean()
	interval, _ := mean.Interval(0.95)
	fmt.Printf("%.2f, 95%% interval [%.4f, %.4f]\n", mean.Value, interval.Lower, interval.Upper)
	// Output:
	// 3.00, 95% interval [1.0368, 4.9632]
}

func ExampleShare_Interval() {
	tally, _ := ces.FromScores([]int{7, 7, 6, 5, 5, 4, 3, 1}, ces.Scale{})
	easy, _ := tally.EasyShare(ces.Bands{})
	interval, _ := easy.Interval(0.95)
	fmt.Printf("%.3f, Wilson 95%% [%.4f, %.4f]\n", easy.Value, interval.Lower, interval.Upper)
	// Output:
	// 0.625, Wilson 95% [0.3057, 0.8632]
}

func ExampleNet_Interval() {
	tally, _ := ces.FromScores([]int{7, 7, 6, 5, 5, 4, 3, 1}, ces.Scale{})
	net, _ := tally.Net(ces.Bands{})
	interval, _ := net.Interval(0.95)
	fmt.Printf("%.3f (%d easy, %d difficult), Wald 95%% [%.4f, %.4f]\n", net.Value, net.Easy, net.Difficult, interval.Lower, interval.Upper)
	// Output:
	// 0.375 (5 easy, 2 difficult), Wald 95% [-0.2188, 0.9688]
}

// Example_edges prints how edge answers and inputs come out on the default
// 1..7 agreement scale.
func Example_edges() {
	cases := []struct {
		label   string
		answers []int
	}{
		{"below the scale", []int{0}},
		{"lowest answer", []int{1}},
		{"neutral", []int{4}},
		{"lowest easy", []int{5}},
		{"highest answer", []int{7}},
		{"above the scale", []int{8}},
		{"identical answers", []int{7, 7, 7}},
		{"no answers", nil},
	}
	for _, c := range cases {
		tally, err := ces.FromScores(c.answers, ces.Scale{})
		if err != nil {
			fmt.Printf("%-18s error: %v\n", c.label, err)
			continue
		}
		mean, err := tally.Mean()
		if err != nil {
			fmt.Printf("%-18s error: %v\n", c.label, err)
			continue
		}
		net, _ := tally.Net(ces.Bands{})
		fmt.Printf("%-18s mean %.1f easy %d difficult %d net %+.1f\n", c.label, mean.Value, net.Easy, net.Difficult, net.Value)
	}
	// Output:
	// below the scale    error: ces: answer 0 at index 0 outside the scale 1..7 high-is-easy: score out of range
	// lowest answer      mean 1.0 easy 0 difficult 1 net -1.0
	// neutral            mean 4.0 easy 0 difficult 0 net +0.0
	// lowest easy        mean 5.0 easy 1 difficult 0 net +1.0
	// highest answer     mean 7.0 easy 1 difficult 0 net +1.0
	// above the scale    error: ces: answer 8 at index 0 outside the scale 1..7 high-is-easy: score out of range
	// identical answers  mean 7.0 easy 3 difficult 0 net +1.0
	// no answers         error: ces: mean of 0 submissions without a rating: no rated answers
}
