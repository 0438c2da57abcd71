package segment

import (
	"cmp"
	"math"
	"slices"
)

// Group is the records that share one key, in input order.
type Group[K cmp.Ordered, R any] struct {
	// Key is the value the key function returned for every record of the
	// group.
	Key K `json:"key"`
	// Records lists the group's records in the order they came.
	Records []R `json:"records"`
}

// GroupBy splits records by key(record) and returns the groups in
// ascending key order, each keeping its records in input order. Every
// record lands in exactly one group.
//
// Keys are compared with cmp.Compare, so with floating-point keys every
// NaN falls into one group, which comes first. key is called once per
// record.
//
// GroupBy allocates a fixed number of slices whatever the number of
// records: the groups share one backing array of len(records). It costs
// O(n) map operations plus O(g log g) to sort g distinct keys.
func GroupBy[R any, K cmp.Ordered](records []R, key func(R) K) []Group[K, R] {
	if len(records) <= math.MaxInt32 {
		return groupBy[int32](records, key)
	}
	return groupBy[int](records, key)
}

// groupBy is GroupBy with group indexes of type I, which only needs to
// hold the number of records.
func groupBy[I int32 | int, R any, K cmp.Ordered](records []R, key func(R) K) []Group[K, R] {
	// Give each record the index of its group, in order of first
	// appearance.
	ix := newIndex[K](0)
	ids := make([]I, len(records))
	var sizes []int
	for i, r := range records {
		g, added := ix.lookup(key(r))
		if added {
			sizes = append(sizes, 0)
		}
		sizes[g]++
		ids[i] = I(g)
	}

	// Lay the groups out in key order over one backing array.
	order := ix.sorted()
	offsets := make([]int, len(order))
	offset := 0
	for _, g := range order {
		offsets[g] = offset
		offset += sizes[g]
	}

	// Place each record, moving its group's offset past it, so that
	// offsets[g] ends where group g ends.
	backing := make([]R, len(records))
	for i, r := range records {
		g := ids[i]
		backing[offsets[g]] = r
		offsets[g]++
	}
	groups := make([]Group[K, R], len(order))
	for rank, g := range order {
		end := offsets[g]
		groups[rank] = Group[K, R]{Key: ix.keys[g], Records: backing[end-sizes[g] : end : end]}
	}
	return groups
}

// index numbers distinct keys in order of first appearance.
type index[K cmp.Ordered] struct {
	ids  map[K]int
	keys []K
	nan  int // index of the NaN group, or -1
}

func newIndex[K cmp.Ordered](hint int) *index[K] {
	return &index[K]{ids: make(map[K]int, hint), nan: -1}
}

// lookup returns the index of key and reports whether key is new. NaN
// keys, which a map never finds again, share one index.
func (ix *index[K]) lookup(key K) (int, bool) {
	if key != key { // NaN
		if ix.nan < 0 {
			ix.nan = len(ix.keys)
			ix.keys = append(ix.keys, key)
			return ix.nan, true
		}
		return ix.nan, false
	}
	if g, ok := ix.ids[key]; ok {
		return g, false
	}
	g := len(ix.keys)
	ix.ids[key] = g
	ix.keys = append(ix.keys, key)
	return g, true
}

// sorted returns the indexes in ascending key order.
func (ix *index[K]) sorted() []int {
	order := make([]int, len(ix.keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ix.keys[a], ix.keys[b]) })
	return order
}
