package csat_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/crmmetrics/crmmetrics/csat"
)

// benchmarkSizes are the answer counts of every benchmark.
var benchmarkSizes = []int{1_000_000, 10_000_000}

// benchmarkAnswers holds seeded answers on 1..5 per size, built once and
// shared by the benchmarks of one run.
var benchmarkAnswers = sync.OnceValue(func() map[int][]int {
	rng := rand.New(rand.NewPCG(7, 7))
	answers := make(map[int][]int)
	for _, n := range benchmarkSizes {
		answers[n] = randomScores(rng, n, fivePoint)
	}
	return answers
})

// Sinks keep the compiler from removing benchmarked work.
var (
	sinkCounts [11]int64
	sinkTally  csat.Tally
)

// benchmarkSizesOf runs body as a sub-benchmark n=N per size, and reports
// the time per answer.
func benchmarkSizesOf(b *testing.B, body func(b *testing.B, answers []int)) {
	for _, n := range benchmarkSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			answers := benchmarkAnswers()[n]
			b.ReportAllocs()
			body(b, answers)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/answer")
		})
	}
}

// BenchmarkPlainLoop is the baseline: counting answers per value with no
// validation, the least any tally can do.
func BenchmarkPlainLoop(b *testing.B) {
	benchmarkSizesOf(b, func(b *testing.B, answers []int) {
		for b.Loop() {
			var counts [11]int64
			for _, v := range answers {
				counts[v]++
			}
			sinkCounts = counts
		}
	})
}

func BenchmarkTallyAdd(b *testing.B) {
	benchmarkSizesOf(b, func(b *testing.B, answers []int) {
		for b.Loop() {
			var tally csat.Tally
			for _, v := range answers {
				if err := tally.Add(v); err != nil {
					b.Fatal(err)
				}
			}
			sinkTally = tally
		}
	})
}

func BenchmarkFromScores(b *testing.B) {
	benchmarkSizesOf(b, func(b *testing.B, answers []int) {
		for b.Loop() {
			tally, err := csat.FromScores(answers, csat.Scale{})
			if err != nil {
				b.Fatal(err)
			}
			sinkTally = tally
		}
	})
}

// countChecked is plain Go that does the work of FromScores on 1..5: it
// rejects an answer outside the scale and counts the rest.
func countChecked(answers []int) ([11]int64, error) {
	var counts [11]int64
	for i, v := range answers {
		if v < 1 || v > 5 {
			return counts, fmt.Errorf("answer %d at index %d outside 1..5", v, i)
		}
		counts[v]++
	}
	return counts, nil
}

// BenchmarkCheckedLoop is a second baseline: the plain loop with the range
// check that any tally needs to reject an answer outside the scale.
func BenchmarkCheckedLoop(b *testing.B) {
	benchmarkSizesOf(b, func(b *testing.B, answers []int) {
		for b.Loop() {
			counts, err := countChecked(answers)
			if err != nil {
				b.Fatal(err)
			}
			sinkCounts = counts
		}
	})
}
