package health

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

func benchAccounts(n int) []values {
	rng := rand.New(rand.NewPCG(1, 1))
	records := make([]values, n)
	for i := range records {
		records[i] = values{rng.Float64() * 30, float64(rng.IntN(8)), float64(rng.IntN(11))}
	}
	return records
}

// BenchmarkScoreAll compares a three-signal weighted scorecard (linear,
// tiered and linear normalisers, Gainsight bands) with the same arithmetic
// written inline in plain Go.
func BenchmarkScoreAll(b *testing.B) {
	tickets := Thresholds{Direction: LowerIsBetter, Tiers: []Tier{
		{Range{Min: 0, Max: 0, MinInclusive: true, MaxInclusive: true}, 1},
		{Range{Min: 0, Max: 3, MaxInclusive: true}, 0.5},
		{Range{Min: 3, Max: 1e9}, 0},
	}}
	c := Scorecard[values]{
		Signals: []Signal[values]{
			{Name: "usage", Weight: 0.5, Normaliser: Linear{Min: 0, Max: 20, Direction: HigherIsBetter, Saturate: true}, Value: readAt(0)},
			{Name: "tickets", Weight: 0.3, Normaliser: tickets, Value: readAt(1)},
			{Name: "nps", Weight: 0.2, Normaliser: Linear{Min: 0, Max: 10, Direction: HigherIsBetter}, Value: readAt(2)},
		},
		Bands: GainsightBands(),
	}
	for _, n := range []int{1000, 1000000} {
		records := benchAccounts(n)
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.ScoreAll(records); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline=inline", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				scores := make([]float64, len(records))
				bands := make([]string, len(records))
				for i, r := range records {
					usage := min(r[0], 20) / 20
					ticket := 0.0
					switch {
					case r[1] == 0:
						ticket = 1
					case r[1] <= 3:
						ticket = 0.5
					}
					s := (0.5*usage + 0.3*ticket + 0.2*r[2]/10) / 1.0
					scores[i] = s
					switch {
					case s <= 0.5:
						bands[i] = "red"
					case s <= 0.75:
						bands[i] = "yellow"
					default:
						bands[i] = "green"
					}
				}
			}
		})
	}
}
