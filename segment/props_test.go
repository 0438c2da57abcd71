package segment

import (
	"cmp"
	"slices"
	"testing"
)

// checkScoreProperties fails when two customers with equal values get
// different scores, or a better value gets a lower score. It sorts by each
// value and checks neighbours, which covers every pair.
func checkScoreProperties[K cmp.Ordered](t *testing.T, values []RFM[K], scores []Scores) {
	t.Helper()
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	dims := []struct {
		name    string
		compare func(a, b RFM[K]) int // > 0 when a is the better value
		score   func(Scores) int
	}{
		{"recency", func(a, b RFM[K]) int { return cmp.Compare(b.RecencyDays, a.RecencyDays) }, func(s Scores) int { return s.R }},
		{"frequency", func(a, b RFM[K]) int { return cmp.Compare(a.Frequency, b.Frequency) }, func(s Scores) int { return s.F }},
		{"monetary", func(a, b RFM[K]) int { return a.Monetary.Cmp(b.Monetary) }, func(s Scores) int { return s.M }},
	}
	for _, d := range dims {
		slices.SortFunc(order, func(i, j int) int { return d.compare(values[i], values[j]) })
		for n := 1; n < len(order); n++ {
			prev, next := order[n-1], order[n]
			c := d.compare(values[next], values[prev])
			sp, sn := d.score(scores[prev]), d.score(scores[next])
			if (c == 0 && sp != sn) || (c > 0 && sn < sp) {
				t.Fatalf("%s: %+v scored %d, %+v scored %d", d.name, values[prev], sp, values[next], sn)
			}
		}
	}
}
