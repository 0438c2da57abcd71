package segment_test

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/crmmetrics/crmmetrics/segment"
	"github.com/shopspring/decimal"
)

// response is a host's own record: a survey answer with an attribute.
type response struct {
	Plan  string
	Score int // 0..10
}

// npsOf is a metric the host brings: NPS in points, an error for no answers.
func npsOf(rs []response) (float64, error) {
	if len(rs) == 0 {
		return 0, errors.New("no answers")
	}
	promoters, detractors := 0, 0
	for _, r := range rs {
		switch {
		case r.Score >= 9:
			promoters++
		case r.Score <= 6:
			detractors++
		}
	}
	return 100 * float64(promoters-detractors) / float64(len(rs)), nil
}

func ExampleGroupBy() {
	groups := segment.GroupBy([]response{{"pro", 9}, {"basic", 3}, {"pro", 10}, {"basic", 8}},
		func(r response) string { return r.Plan })
	for _, g := range groups {
		fmt.Println(g.Key, g.Records)
	}
	// Output:
	// basic [{basic 3} {basic 8}]
	// pro [{pro 9} {pro 10}]
}

func ExampleMeasure() {
	answers := []response{{"pro", 9}, {"basic", 3}, {"pro", 10}, {"basic", 8}, {"pro", 6}}
	table, err := segment.Measure(answers, func(r response) string { return r.Plan }, npsOf)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range table.Segments {
		fmt.Printf("%-5s n=%d NPS %.1f\n", row.Key, row.Count, row.Value)
	}
	fmt.Printf("all   n=%d NPS %.1f\n", table.Count, table.Total)
	// Output:
	// basic n=2 NPS -50.0
	// pro   n=3 NPS 33.3
	// all   n=5 NPS 0.0
}

// tally is a mergeable accumulator: counts of promoters, passives and
// detractors.
type tally struct{ Promoters, Passives, Detractors int }

func (t *tally) add(r response) error {
	switch {
	case r.Score < 0 || r.Score > 10:
		return fmt.Errorf("score %d outside 0..10", r.Score)
	case r.Score >= 9:
		t.Promoters++
	case r.Score >= 7:
		t.Passives++
	default:
		t.Detractors++
	}
	return nil
}

func (t *tally) merge(o tally) {
	t.Promoters += o.Promoters
	t.Passives += o.Passives
	t.Detractors += o.Detractors
}

func ExampleAccumulate() {
	answers := []response{{"pro", 9}, {"basic", 3}, {"pro", 10}, {"basic", 8}, {"pro", 6}}
	table, err := segment.Accumulate(answers, func(r response) string { return r.Plan }, (*tally).add, (*tally).merge)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range table.Segments {
		fmt.Println(row.Key, row.Value)
	}
	fmt.Println("all", table.Total)
	// Output:
	// basic {0 1 1}
	// pro {2 0 1}
	// all {2 1 2}
}

func ExampleRules() {
	type account struct {
		Seats        int
		DaysInactive int
	}
	rules := segment.Rules[account]{
		Rules: []segment.Rule[account]{
			{Name: "lapsed", Match: func(a account) bool { return a.DaysInactive > 60 }},
			{Name: "enterprise", Match: func(a account) bool { return a.Seats >= 100 }},
			{Name: "team", Match: func(a account) bool { return a.Seats >= 5 }},
		},
		Default: "individual",
	}
	names, err := rules.AssignAll([]account{{500, 90}, {500, 3}, {12, 0}, {1, 0}})
	fmt.Println(names, err)
	// Output: [lapsed enterprise team individual] <nil>
}

func ExampleQuantiles() {
	bins, err := segment.Quantiles([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 4)
	fmt.Println(bins, err)
	// Output: [1 1 1 2 2 3 3 4 4 4] <nil>
}

func ExampleCut() {
	// Days since the last order: ≤ 30, 31..90, over 90.
	bins, err := segment.Cut([]int{0, 30, 31, 90, 91}, []int{30, 90})
	fmt.Println(bins, err)
	// Output: [1 1 2 2 3] <nil>
}

func ExampleSummarise() {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	orders := []segment.Order[string]{
		{Customer: "00004", Time: day("1997-01-01"), Amount: decimal.RequireFromString("29.33")},
		{Customer: "00004", Time: day("1997-01-18"), Amount: decimal.RequireFromString("29.73")},
		{Customer: "00004", Time: day("1997-08-02"), Amount: decimal.RequireFromString("14.96")},
		{Customer: "00004", Time: day("1997-12-12"), Amount: decimal.RequireFromString("26.48")},
	}
	values, err := segment.Summarise(orders, day("1998-07-01"), time.UTC, segment.RFMOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	v := values[0]
	fmt.Println(v.Customer, v.RecencyDays, v.Frequency, v.Monetary)
	// Output: 00004 201 4 100.5
}

func ExampleScore() {
	values := []segment.RFM[string]{
		{Customer: "A", RecencyDays: 5, Frequency: 10, Monetary: decimal.RequireFromString("500")},
		{Customer: "B", RecencyDays: 40, Frequency: 1, Monetary: decimal.RequireFromString("20")},
		{Customer: "C", RecencyDays: 200, Frequency: 2, Monetary: decimal.RequireFromString("35.50")},
		{Customer: "D", RecencyDays: 5, Frequency: 1, Monetary: decimal.RequireFromString("20.00")},
		{Customer: "E", RecencyDays: 90, Frequency: 4, Monetary: decimal.RequireFromString("120")},
	}
	scores, err := segment.Score(values, segment.ScoreOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	names, err := segment.StandardSegments().Assign(scores, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, v := range values {
		fmt.Println(v.Customer, scores[i], names[i])
	}
	// Output:
	// A 455 Champions
	// B 311 Promising
	// C 133 At Risk
	// D 411 New Customers
	// E 244 Loyal Customers
}

func ExampleSegmentMap_Coverage() {
	m := segment.SegmentMap{Segments: []segment.NamedSegment{
		{Name: "Loyal", R: segment.ScoreRange{Min: 2, Max: 3}, F: segment.ScoreRange{Min: 2, Max: 3}, M: segment.ScoreRange{Min: 1, Max: 3}},
		{Name: "Champions", R: segment.ScoreRange{Min: 3, Max: 3}, F: segment.ScoreRange{Min: 3, Max: 3}, M: segment.ScoreRange{Min: 3, Max: 3}},
	}}
	coverage, _ := m.Coverage(3)
	for _, c := range coverage {
		fmt.Printf("%-9s covers %2d cells, receives %2d\n", c.Name, c.Covered, c.Assigned)
	}
	fmt.Println(m.Validate(3))
	// Output:
	// Loyal     covers 12 cells, receives 12
	// Champions covers  1 cells, receives  0
	// Other     covers 15 cells, receives 15
	// segment: named segment 1 ("Champions") receives no scores: segment is shadowed by earlier segments
}

// Example_edges prints the package's edge cases: ties, values on a cut
// point, a single customer, and the errors for empty and NaN input.
func Example_edges() {
	ties, _ := segment.Quantiles([]int{1, 1, 1, 1, 2}, 2)
	fmt.Println("ties:", ties)
	onCut, _ := segment.Cut([]float64{29.99, 30, 30.01}, []float64{30})
	fmt.Println("on a cut point:", onCut)
	single, _ := segment.Score([]segment.RFM[int]{{Customer: 1, RecencyDays: 0, Frequency: 1, Monetary: decimal.Zero}}, segment.ScoreOptions{})
	fmt.Println("single customer:", single)
	_, err := segment.Quantiles([]float64{}, 5)
	fmt.Println("empty:", err)
	_, err = segment.Quantiles([]float64{1, math.NaN()}, 5)
	fmt.Println("NaN:", err)
	_, err = segment.Score([]segment.RFM[int]{{Customer: 7, RecencyDays: 3, Frequency: 0}}, segment.ScoreOptions{})
	fmt.Println("frequency 0:", err)
	// Output:
	// ties: [1 1 1 1 2]
	// on a cut point: [1 1 2]
	// single customer: [111]
	// empty: segment: no values to bin: no records
	// NaN: segment: value 1 is NaN: invalid value
	// frequency 0: segment: customer 0 (7): frequency 0 below 1: invalid value
}
