package revenue

import "github.com/crmmetrics/crmmetrics/internal/decsum"

// Sum is the exact running total of decimals that Purchases and
// CustomerPurchases keep in their Revenue fields. It is an alias of an
// internal type, so that a caller can declare variables and build those
// structs while the sum stays shared with the other packages of this
// module. The zero Sum is the total 0.
//
// Its methods: Add(d) adds a decimal, Merge(other) adds another Sum,
// Value() returns the exact total as a decimal.Decimal, and Sign() returns
// -1, 0 or +1. MarshalText and UnmarshalText write and read the total as a
// plain decimal string such as "12.50", which is the JSON form of the
// Revenue fields.
type Sum = decsum.Sum
