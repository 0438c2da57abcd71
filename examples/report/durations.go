package main

import "time"

// durationBounds are the inclusive upper bounds of the buckets of a
// duration distribution; a last, open bucket holds the longer durations.
var durationBounds = []time.Duration{
	15 * time.Minute, time.Hour, 4 * time.Hour, 8 * time.Hour,
	24 * time.Hour, 3 * 24 * time.Hour, 7 * 24 * time.Hour,
}

// DurationDistribution counts the measured durations of a table (ticket
// responses and resolutions, lead responses) by bucket. Missing counts the
// items without the event, which enter no bucket.
type DurationDistribution struct {
	Measured      int64            `json:"measured"`
	Missing       int64            `json:"missing"`
	MedianMinutes float64          `json:"median_minutes"`
	P90Minutes    float64          `json:"p90_minutes"`
	SLA           *SLACount        `json:"sla,omitempty"`
	Buckets       []DurationBucket `json:"buckets"`
}

// SLACount is the attainment of a response-time target: Within of Of
// items, in the denominator of the figure that reports it, and their
// share as the library computes it.
type SLACount struct {
	Minutes float64 `json:"minutes"`
	Within  int64   `json:"within"`
	Of      int64   `json:"of"`
	Share   float64 `json:"share"`
}

// DurationBucket is one bucket of a distribution: the durations above the
// previous bucket's bound and at most UpToMinutes (null for the last,
// open bucket).
type DurationBucket struct {
	UpToMinutes *float64 `json:"up_to_minutes"`
	Count       int64    `json:"count"`
}

// durationBuckets returns the buckets of measured durations from atMost,
// a library count of the durations at most a bound: each bucket is the
// difference of two such counts.
func durationBuckets(measured int64, atMost func(time.Duration) (int64, error)) ([]DurationBucket, error) {
	buckets := make([]DurationBucket, 0, len(durationBounds)+1)
	var below int64
	for _, bound := range durationBounds {
		n, err := atMost(bound)
		if err != nil {
			return nil, err
		}
		upTo := bound.Minutes()
		buckets = append(buckets, DurationBucket{UpToMinutes: &upTo, Count: n - below})
		below = n
	}
	return append(buckets, DurationBucket{Count: measured - below}), nil
}
