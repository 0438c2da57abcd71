package nps

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

var benchSizes = []int{1_000_000, 10_000_000}

func benchScores(n int) []int {
	rng := rand.New(rand.NewPCG(1, 1))
	scores := make([]int, n)
	for i := range scores {
		scores[i] = rng.IntN(11)
	}
	return scores
}

// BenchmarkFromScores compares FromScores with a plain loop that counts the
// three buckets of the same answers without validating them.
func BenchmarkFromScores(b *testing.B) {
	for _, n := range benchSizes {
		scores := benchScores(n)
		b.Run("n="+strconv.Itoa(n)+"/FromScores", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FromScores(scores); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/Tally.Add", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var tally Tally
				for _, s := range scores {
					if err := tally.Add(s); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/baseline", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var counts [11]int64
				for _, s := range scores {
					counts[s]++
				}
				_ = counts[9] + counts[10] - (counts[0] + counts[1] + counts[2] + counts[3] + counts[4] + counts[5] + counts[6])
			}
		})
	}
}
