//go:build !unix

package clv_test

import "time"

// processCPUTime is unavailable on this platform.
func processCPUTime() (time.Duration, bool) {
	return 0, false
}
