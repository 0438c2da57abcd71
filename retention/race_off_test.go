//go:build !race

package retention

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = false
