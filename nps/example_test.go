package nps_test

import (
	"errors"
	"fmt"

	"github.com/crmmetrics/crmmetrics/nps"
)

func ExampleFromScores() {
	answers := []int{10, 9, 9, 8, 7, 7, 6, 0, 10, 9}
	tally, err := nps.FromScores(answers)
	if err != nil {
		fmt.Println(err)
		return
	}
	score, _ := tally.Score()
	fmt.Printf("promoters %d, passives %d, detractors %d\n", tally.Promoters(), tally.Passives(), tally.Detractors())
	fmt.Printf("NPS %.1f\n", score)
	// Output:
	// promoters 5, passives 3, detractors 2
	// NPS 30.0
}

func ExampleFromScores_outOfRange() {
	_, err := nps.FromScores([]int{9, 10, 11})
	fmt.Println(err)
	fmt.Println(errors.Is(err, nps.ErrScoreOutOfRange))
	// Output:
	// nps: score out of range [0,10]: score 11 at index 2
	// true
}

func ExampleTally_Add() {
	var tally nps.Tally // the zero value is an empty tally
	for _, answer := range []int{9, 10, 3} {
		if err := tally.Add(answer); err != nil {
			fmt.Println(err)
		}
	}
	tally.AddUnanswered() // a submission that skipped the question
	score, _ := tally.Score()
	fmt.Printf("%d answers, %d unanswered, NPS %.2f\n", tally.Responses(), tally.Unanswered, score)
	// Output:
	// 3 answers, 1 unanswered, NPS 33.33
}

// Tallies computed separately, one per day here, merge into the period's
// tally: the period's score pools the answers and is never a sum or mean of
// daily scores.
func ExampleTally_Merge() {
	days := [][]int{{10, 10, 6}, {}, {0}, {9, 9, 9, 7}}
	var period nps.Tally
	for _, answers := range days {
		day, _ := nps.FromScores(answers)
		if score, err := day.Score(); err != nil {
			fmt.Println("day:", err)
		} else {
			fmt.Printf("day: %.2f\n", score)
		}
		period.Merge(day)
	}
	score, _ := period.Score()
	fmt.Printf("period: %.2f\n", score)
	// Output:
	// day: 33.33
	// day: nps: no responses
	// day: -100.00
	// day: 75.00
	// period: 37.50
}

func ExampleTally_Interval() {
	// Counts already aggregated elsewhere, added as (score, count) pairs.
	var tally nps.Tally
	tally.AddN(10, 250)
	tally.AddN(8, 675)
	tally.AddN(3, 75)
	score, _ := tally.Score()
	wald, _ := tally.Interval(0.95, nps.Wald)
	adjusted, _ := tally.Interval(0.95, nps.AdjustedWald)
	fmt.Printf("NPS %.1f\n", score)
	fmt.Printf("Wald 95%%          [%.2f, %.2f]\n", wald.Lower, wald.Upper)
	fmt.Printf("adjusted Wald 95%% [%.2f, %.2f]\n", adjusted.Lower, adjusted.Upper)
	// Output:
	// NPS 17.5
	// Wald 95%          [14.14, 20.86]
	// adjusted Wald 95% [14.09, 20.81]
}

func ExampleCompare() {
	march, _ := nps.FromScores(repeat(map[int]int{10: 250, 7: 675, 0: 75}))
	april, _ := nps.FromScores(repeat(map[int]int{9: 100, 8: 300, 5: 100}))
	c, _ := nps.Compare(march, april, nps.AdjustedWald)
	fmt.Printf("difference %.1f points, z %.2f, p %.1e\n", c.Difference, c.Z, c.P)
	// Output:
	// difference 17.4 points, z 5.28, p 1.3e-07
}

// repeat returns each score as many times as its count.
func repeat(counts map[int]int) []int {
	var scores []int
	for score := 0; score <= 10; score++ {
		for range counts[score] {
			scores = append(scores, score)
		}
	}
	return scores
}

// The bucket edges and the empty tally: 6 is a detractor, 7 and 8 are
// passives, 9 is a promoter, and a tally without answers has no score.
func Example_truthTable() {
	for _, answers := range [][]int{{6}, {7}, {8}, {9}, {6, 9}, {7, 8}, {0, 10, 10}, {}} {
		tally, _ := nps.FromScores(answers)
		score, err := tally.Score()
		if err != nil {
			fmt.Printf("%-10s %v\n", fmt.Sprint(answers), err)
			continue
		}
		fmt.Printf("%-10s %7.2f\n", fmt.Sprint(answers), score)
	}
	// Output:
	// [6]        -100.00
	// [7]           0.00
	// [8]           0.00
	// [9]         100.00
	// [6 9]         0.00
	// [7 8]         0.00
	// [0 10 10]    33.33
	// []         nps: no responses
}
