package segment

import (
	"cmp"
	"errors"
	"fmt"
)

// Row is one segment's result.
type Row[K cmp.Ordered, V any] struct {
	// Key is the segment's key.
	Key K `json:"key"`
	// Count is the number of records in the segment.
	Count int `json:"count"`
	// Value is the metric's result over the segment's records; the zero V
	// when Err is set.
	Value V `json:"value"`
	// Err is the metric's error for this segment, such as an undefined
	// ratio in a small segment; nil on success. It does not survive JSON.
	Err error `json:"-"`
}

// Table is a metric computed per segment and over all records.
type Table[K cmp.Ordered, V any] struct {
	// Segments lists the segments in ascending key order.
	Segments []Row[K, V] `json:"segments"`
	// Total is the metric over all records; the zero V when TotalErr is
	// set.
	Total V `json:"total"`
	// Count is the number of records, the sum of the segments' counts.
	Count int `json:"count"`
	// TotalErr is the metric's error over all records; nil on success.
	TotalErr error `json:"-"`
}

// Measure groups records by key (see GroupBy) and applies metric to each
// segment's records and to all records. metric can be any function of a
// slice of records, such as a closure around another package's function.
//
// A segment whose metric fails keeps its row, with the error in Err, and
// Measure returns every such error joined (errors.Join), each naming the
// segment's key and wrapping the metric's error, so errors.Is finds the
// metric's sentinels. The table is complete even when the error is not
// nil. An empty records slice gives no segments and the metric's result
// over no records.
//
// Whether the segments' values add up to Total depends on the metric: sums
// and counts do; ratios and medians do not, so for those use Accumulate
// with a mergeable accumulator.
func Measure[R any, K cmp.Ordered, V any](records []R, key func(R) K, metric func([]R) (V, error)) (Table[K, V], error) {
	// Apply the metric per segment.
	groups := GroupBy(records, key)
	table := Table[K, V]{Segments: make([]Row[K, V], len(groups)), Count: len(records)}
	var errs []error
	for i, g := range groups {
		row := &table.Segments[i]
		row.Key, row.Count = g.Key, len(g.Records)
		row.Value, row.Err = metric(g.Records)
		if row.Err != nil {
			errs = append(errs, fmt.Errorf("segment: segment %v: %w", g.Key, row.Err))
		}
	}

	// Apply it to the whole.
	table.Total, table.TotalErr = metric(records)
	if table.TotalErr != nil {
		errs = append(errs, fmt.Errorf("segment: all records: %w", table.TotalErr))
	}
	return table, errors.Join(errs...)
}

// Accumulate adds each record to the accumulator of its segment in one
// pass, with add, and returns the accumulators in ascending key order. Its
// Total merges the segments' accumulators in key order with merge, so
// Total equals one pass over all records whenever merge is exact, as the
// Merge methods of this library's accumulators are. Row.Err and TotalErr
// are always nil.
//
// A is the accumulator type, whose zero value must be an empty
// accumulator, for example nps.Tally with add calling Tally.Add. add
// returning an error stops Accumulate, which returns the error naming the
// record's index and key. Accumulate allocates per distinct key, not per
// record.
func Accumulate[R any, K cmp.Ordered, A any](records []R, key func(R) K, add func(*A, R) error, merge func(*A, A)) (Table[K, A], error) {
	// Accumulate per key.
	ix := newIndex[K](0)
	var rows []Row[K, A]
	for i, r := range records {
		k := key(r)
		g, added := ix.lookup(k)
		if added {
			rows = append(rows, Row[K, A]{Key: k})
		}
		if err := add(&rows[g].Value, r); err != nil {
			return Table[K, A]{}, fmt.Errorf("segment: record %d (key %v): %w", i, k, err)
		}
		rows[g].Count++
	}

	// Order by key and merge into the total.
	table := Table[K, A]{Segments: make([]Row[K, A], len(rows)), Count: len(records)}
	for rank, g := range ix.sorted() {
		table.Segments[rank] = rows[g]
		merge(&table.Total, rows[g].Value)
	}
	return table, nil
}
