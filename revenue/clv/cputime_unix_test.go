//go:build unix

package clv_test

import (
	"syscall"
	"time"
)

// processCPUTime returns the user and system CPU time the process has used,
// which other processes on a shared machine inflate less than wall time.
func processCPUTime() (time.Duration, bool) {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return 0, false
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano()), true
}
