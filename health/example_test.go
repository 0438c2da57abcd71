package health_test

import (
	"errors"
	"fmt"
	"math"

	"github.com/crmmetrics/crmmetrics/health"
)

// account is a host's own record type.
type account struct {
	ID            string
	LoginsPerWeek float64
	OpenTickets   float64
	NPS           float64 // last NPS answer, 0..10; NaN if never answered
	DaysLate      float64 // days the last invoice was paid late
}

func ExampleScorecard_ScoreAll() {
	card := health.Scorecard[account]{
		Signals: []health.Signal[account]{
			{
				Name: "usage", Weight: 40,
				Normaliser: health.Linear{Min: 0, Max: 20, Direction: health.HigherIsBetter, Saturate: true},
				Value:      func(a account) (float64, bool) { return a.LoginsPerWeek, true },
			},
			{
				Name: "tickets", Weight: 20,
				Normaliser: health.Thresholds{Direction: health.LowerIsBetter, Tiers: []health.Tier{
					{Range: health.Range{Min: 0, Max: 0, MinInclusive: true, MaxInclusive: true}, Value: 1},
					{Range: health.Range{Min: 0, Max: 3, MaxInclusive: true}, Value: 0.5},
					{Range: health.Range{Min: 3, Max: math.Inf(1)}, Value: 0},
				}},
				Value: func(a account) (float64, bool) { return a.OpenTickets, true },
			},
			{
				Name: "nps", Weight: 20,
				Normaliser: health.Linear{Min: 0, Max: 10, Direction: health.HigherIsBetter},
				Value:      func(a account) (float64, bool) { return a.NPS, !math.IsNaN(a.NPS) },
			},
			{
				Name: "payment", Weight: 20,
				Normaliser: health.Linear{Min: 0, Max: 60, Direction: health.LowerIsBetter, Saturate: true},
				Value:      func(a account) (float64, bool) { return a.DaysLate, true },
			},
		},
		Bands: health.GainsightBands(),
		ID:    func(a account) string { return a.ID },
	}
	results, err := card.ScoreAll([]account{
		{ID: "A1", LoginsPerWeek: 25, OpenTickets: 0, NPS: 9, DaysLate: 0},
		{ID: "A2", LoginsPerWeek: 4, OpenTickets: 5, NPS: math.NaN(), DaysLate: 30},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A2: (40·0.2 + 20·0 + 20·0.5) / (40 + 20 + 20) = 18/80, without NPS.
	for _, r := range results {
		fmt.Printf("%.3f %s\n", r.Score, r.Band)
		for _, c := range r.Signals {
			fmt.Printf("  %-8s missing=%-5v value=%.2f contribution=%.3f\n", c.Name, c.Missing, c.Value, c.Contribution)
		}
	}
	// Output:
	// 0.980 green
	//   usage    missing=false value=1.00 contribution=0.400
	//   tickets  missing=false value=1.00 contribution=0.200
	//   nps      missing=false value=0.90 contribution=0.180
	//   payment  missing=false value=1.00 contribution=0.200
	// 0.225 red
	//   usage    missing=false value=0.20 contribution=0.100
	//   tickets  missing=false value=0.00 contribution=0.000
	//   nps      missing=true  value=0.00 contribution=0.000
	//   payment  missing=false value=0.50 contribution=0.125
}

func ExampleWeighted() {
	// Gainsight's worked example: measures scored 47, 59 and 21 on 0..100
	// with weights 20, 15 and 22.
	card := health.Scorecard[[]float64]{Formula: health.Weighted{}}
	for i, w := range []float64{20, 15, 22} {
		card.Signals = append(card.Signals, health.Signal[[]float64]{
			Name: fmt.Sprint("measure ", i+1), Weight: w,
			Normaliser: health.Linear{Min: 0, Max: 100, Direction: health.HigherIsBetter},
			Value:      func(r []float64) (float64, bool) { return r[i], true },
		})
	}
	r, err := card.Score([]float64{47, 59, 21})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.5f on 0..100\n", r.Score*100)
	// Output: 40.12281 on 0..100
}

func ExampleWorstOf() {
	w := health.WorstOf{PoorBelow: 0.4, GoodFrom: 0.7}
	inputs := []health.Input{
		{Name: "usage", Value: 0.9},
		{Name: "support", Value: 0.5},
		{Name: "billing", Excluded: true}, // no value: left out
	}
	contributions := make([]float64, len(inputs))
	score, err := w.Combine(inputs, contributions)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(score, contributions)
	// Output: 0.6 [0 0.6 0]
}

func ExamplePoints() {
	// ChurnZero style: factors worth 60 and 40 points; the login tiers
	// include their top and exclude their bottom.
	logins := health.Thresholds{Direction: health.HigherIsBetter, Tiers: []health.Tier{
		{Range: health.Range{Min: math.Inf(-1), Max: 4, MaxInclusive: true}, Value: 0},
		{Range: health.Range{Min: 4, Max: 8, MaxInclusive: true}, Value: 0.5},
		{Range: health.Range{Min: 8, Max: math.Inf(1)}, Value: 1},
	}}
	card := health.Scorecard[[2]float64]{
		Formula: health.Points{},
		Signals: []health.Signal[[2]float64]{
			{Name: "logins", Weight: 60, Normaliser: logins, Value: func(r [2]float64) (float64, bool) { return r[0], true }},
			{Name: "adoption", Weight: 40, Value: func(r [2]float64) (float64, bool) { return r[1], true }},
		},
	}
	for _, r := range [][2]float64{{8, 0.5}, {8.5, 0.5}} {
		res, err := card.Score(r)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("logins %v: %.0f points\n", r[0], res.Score*100)
	}
	// Output:
	// logins 8: 50 points
	// logins 8.5: 80 points
}

// Example_edges prints the package's edge cases: band boundaries, a value
// at a normaliser's bound, and the errors for bad signals and weights.
func Example_edges() {
	bands := health.GainsightBands()
	card := func(weights ...float64) health.Scorecard[[]float64] {
		c := health.Scorecard[[]float64]{Bands: bands}
		for i, w := range weights {
			c.Signals = append(c.Signals, health.Signal[[]float64]{
				Name: fmt.Sprint("s", i), Weight: w,
				Value: func(r []float64) (float64, bool) { return r[i], !math.IsNaN(r[i]) },
			})
		}
		return c
	}
	for _, score := range []float64{0, 0.5, 0.75, 1} {
		r, _ := card(1).Score([]float64{score})
		fmt.Printf("score %v: %s\n", score, r.Band)
	}
	for _, tc := range []struct {
		name    string
		weights []float64
		record  []float64
	}{
		{"signal 1.5", []float64{1, 1}, []float64{0.5, 1.5}},
		{"signal NaN, both missing", []float64{1, 1}, []float64{math.NaN(), math.NaN()}},
		{"weight -1", []float64{1, -1}, []float64{0.5, 0.5}},
		{"weights 0", []float64{0, 0}, []float64{0.5, 0.5}},
	} {
		_, err := card(tc.weights...).Score(tc.record)
		fmt.Printf("%s: %v (out of domain %v, weight %v, none %v)\n", tc.name, err,
			errors.Is(err, health.ErrOutOfDomain), errors.Is(err, health.ErrInvalidWeight), errors.Is(err, health.ErrNoSignals))
	}
	days := health.Linear{Min: 0, Max: 30, Direction: health.LowerIsBetter}
	for _, raw := range []float64{0, 30, 31} {
		v, err := days.Normalise(raw)
		fmt.Println("login recency", raw, "days:", v, err)
	}
	// Output:
	// score 0: red
	// score 0.5: red
	// score 0.75: yellow
	// score 1: green
	// signal 1.5: health: record 0: signal "s1": normalised value 1.5 outside [0, 1]: value outside the signal's domain (out of domain true, weight false, none false)
	// signal NaN, both missing: health: record 0: every signal is excluded: no signals to score (out of domain false, weight false, none true)
	// weight -1: health: signal "s1": weight -1 is not a finite number ≥ 0: invalid weight (out of domain false, weight true, none false)
	// weights 0: health: every signal has weight 0: invalid weight (out of domain false, weight true, none false)
	// login recency 0 days: 1 <nil>
	// login recency 30 days: 0 <nil>
	// login recency 31 days: 0 health: raw value 31 above maximum 30: value outside the signal's domain
}
