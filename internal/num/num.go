// Package num holds the generic numeric constraints of the library. It is
// the only place that imports golang.org/x/exp, so that replacing that
// dependency touches one file.
package num

import "golang.org/x/exp/constraints"

// Integer is any signed or unsigned integer type, including named types
// whose underlying type is one.
type Integer interface {
	constraints.Integer
}
