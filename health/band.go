package health

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// Band names a range of scores, such as "at risk" for (0.5, 0.75].
type Band struct {
	// Name is the band's label; non-empty and unique among the bands.
	Name string `json:"name"`
	// Range holds the scores of the band, within [0, 1].
	Range Range `json:"range"`
}

// GainsightBands returns Gainsight's default three-colour bands rescaled
// from 0..100 to [0, 1]: red [0, 0.5], yellow (0.5, 0.75], green (0.75, 1].
// Gainsight lists them as 0-50, 51-75 and 76-100 and states that, except
// for the first range, the From value is not included, so a score of
// exactly 0.5 is red and exactly 0.75 is yellow. It returns a new slice on
// each call.
func GainsightBands() []Band {
	return []Band{
		{Name: "red", Range: Range{Min: 0, Max: 0.5, MinInclusive: true, MaxInclusive: true}},
		{Name: "yellow", Range: Range{Min: 0.5, Max: 0.75, MaxInclusive: true}},
		{Name: "green", Range: Range{Min: 0.75, Max: 1, MaxInclusive: true}},
	}
}

// ValidateBands returns an error wrapping ErrInvalidConfig unless the bands
// have non-empty unique names and valid ranges that together cover [0, 1]
// exactly once, so that every score falls in exactly one band. No bands at
// all is valid and means that results carry no band.
func ValidateBands(bands []Band) error {
	if err := checkBands(bands); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	return nil
}

func checkBands(bands []Band) error {
	// Check each band on its own.
	if len(bands) == 0 {
		return nil
	}
	for i, b := range bands {
		if b.Name == "" {
			return fmt.Errorf("band %d has no name: %w", i, ErrInvalidConfig)
		}
		if err := b.Range.Validate(); err != nil {
			return fmt.Errorf("band %q: %w", b.Name, err)
		}
		for _, other := range bands[:i] {
			if other.Name == b.Name {
				return fmt.Errorf("band name %q used twice: %w", b.Name, ErrInvalidConfig)
			}
		}
	}

	// Check that, in ascending order, the bands tile [0, 1].
	sorted := slices.Clone(bands)
	slices.SortFunc(sorted, func(a, b Band) int {
		// At an equal Min, the band that includes Min comes first.
		if c := cmp.Compare(a.Range.Min, b.Range.Min); c != 0 {
			return c
		}
		return compareBool(b.Range.MinInclusive, a.Range.MinInclusive)
	})
	return checkTiling(sorted)
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// checkTiling reports a gap or an overlap among bands sorted by Min.
func checkTiling(sorted []Band) error {
	first, last := sorted[0], sorted[len(sorted)-1]
	if first.Range.Min != 0 || !first.Range.MinInclusive {
		return fmt.Errorf("band %q %v does not start at 0 inclusive: %w", first.Name, first.Range, ErrInvalidConfig)
	}
	for i := 1; i < len(sorted); i++ {
		prev, next := sorted[i-1], sorted[i]
		touching := prev.Range.Max == next.Range.Min && prev.Range.MaxInclusive != next.Range.MinInclusive
		if !touching {
			return fmt.Errorf("bands %q %v and %q %v leave a gap or overlap: %w",
				prev.Name, prev.Range, next.Name, next.Range, ErrInvalidConfig)
		}
	}
	if last.Range.Max != 1 || !last.Range.MaxInclusive {
		return fmt.Errorf("band %q %v does not end at 1 inclusive: %w", last.Name, last.Range, ErrInvalidConfig)
	}
	return nil
}

// bandOf returns the name of the band containing score, or "" without
// bands. Validated bands always contain a score in [0, 1].
func bandOf(bands []Band, score float64) string {
	for _, b := range bands {
		if b.Range.Contains(score) {
			return b.Name
		}
	}
	return ""
}

// Interval is a two-sided confidence interval with Lower ≤ Upper, here
// around a share in [0, 1].
type Interval = stats.Interval

// BandCount is the number of results in one band.
type BandCount struct {
	// Band is the band's name.
	Band string `json:"band"`
	// Count is the number of results in the band.
	Count int `json:"count"`
	// Total is the number of results counted, in all bands.
	Total int `json:"total"`
	// Share is Count / Total, a fraction in [0, 1].
	Share float64 `json:"share"`
}

// Interval returns the Wilson score interval of the band's share at the
// given confidence, such as 0.95, treating the results as a sample. It
// returns an error wrapping ErrNoSignals when Total is 0 and one wrapping
// ErrInvalidConfig for a confidence outside (0, 1) or counts with
// Count > Total.
func (b BandCount) Interval(confidence float64) (Interval, error) {
	if b.Total <= 0 {
		return Interval{}, fmt.Errorf("health: band %q: no results: %w", b.Band, ErrNoSignals)
	}
	if b.Count < 0 || b.Count > b.Total {
		return Interval{}, fmt.Errorf("health: band %q: count %d of %d: %w", b.Band, b.Count, b.Total, ErrInvalidConfig)
	}
	interval, err := stats.Wilson(int64(b.Count), int64(b.Total), confidence)
	if err != nil {
		return Interval{}, fmt.Errorf("health: band %q: %w: %w", b.Band, ErrInvalidConfig, err)
	}
	return interval, nil
}

// CountBands returns the number and share of results in each band, in the
// order of bands, including empty bands. It returns an error wrapping
// ErrNoSignals when results is empty, because the shares would be 0/0. It
// returns one wrapping ErrInvalidConfig when bands is empty or fails
// ValidateBands, so that no two bands share a name or a score, and when a
// result's band is not among bands.
func CountBands(results []Result, bands []Band) ([]BandCount, error) {
	// Validate.
	if len(results) == 0 {
		return nil, fmt.Errorf("health: no results to count: %w", ErrNoSignals)
	}
	if len(bands) == 0 {
		return nil, fmt.Errorf("health: no bands to count results in: %w", ErrInvalidConfig)
	}
	if err := checkBands(bands); err != nil {
		return nil, fmt.Errorf("health: %w", err)
	}

	// Count.
	counts := make([]BandCount, len(bands))
	for i, b := range bands {
		counts[i] = BandCount{Band: b.Name, Total: len(results)}
	}
	for i, r := range results {
		j := slices.IndexFunc(bands, func(b Band) bool { return b.Name == r.Band })
		if j < 0 {
			return nil, fmt.Errorf("health: result %d: band %q not among the bands: %w", i, r.Band, ErrInvalidConfig)
		}
		counts[j].Count++
	}

	// Derive the shares.
	for i := range counts {
		counts[i].Share = float64(counts[i].Count) / float64(len(results))
	}
	return counts, nil
}
