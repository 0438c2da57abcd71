package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestFormatFigure(t *testing.T) {
	tests := []struct {
		name        string
		raw         string
		unit        unit
		wantDisplay string
		wantUnit    string
	}{
		// Money rounds half away from zero to cents (decimal's StringFixed).
		{"money rounds to cents", "1234567.891", unitMoney, "1,234,567.89", ""},
		{"money half cent rounds up", "0.125", unitMoney, "0.13", ""},
		{"negative money", "-1234.5", unitMoney, "-1,234.50", ""},
		{"count", "1773", unitCount, "1,773", ""},
		{"count below a thousand", "999", unitCount, "999", ""},
		{"share as percent", "0.70205", unitPercent, "70.2%", ""},
		{"points", "28.934", unitPoints, "28.9", "points"},
		{"minutes", "83.6583", unitMinutes, "83.7", "min"},
		{"days", "52.4", unitDays, "52", "days"},
		{"mean of 5", "3.864", unitOf5, "3.86", "of 5"},
		{"large plain number", "-20020.5347", unitPlain, "-20,020.5", ""},
		{"small plain number", "0.42788504", unitPlain, "0.4279", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			display, u := formatFigure(tc.raw, tc.unit)
			if display != tc.wantDisplay || u != tc.wantUnit {
				t.Errorf("formatFigure(%q, %d) = %q, %q, want %q, %q", tc.raw, tc.unit, display, u, tc.wantDisplay, tc.wantUnit)
			}
		})
	}
}

func TestBucketLabel(t *testing.T) {
	tests := []struct {
		name  string
		lower float64
		upTo  *float64
		want  string
	}{
		{"first bucket", 0, ptr(15.0), "≤ 15 min"},
		{"minutes to an hour", 15, ptr(60.0), "15–60 min"},
		{"hours", 60, ptr(240.0), "1–4 h"},
		{"up to a day", 480, ptr(1440.0), "8–24 h"},
		{"days", 1440, ptr(4320.0), "1–3 d"},
		{"open last bucket", 10080, nil, "> 7 d"},
		{"no common unit", 90, ptr(4320.0), "1.5 h–3 d"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := bucketLabel(tc.lower, tc.upTo); got != tc.want {
				t.Errorf("bucketLabel(%v, %v) = %q, want %q", tc.lower, tc.upTo, got, tc.want)
			}
		})
	}
}

func TestFormatMinutes(t *testing.T) {
	tests := []struct {
		minutes float64
		want    string
	}{
		{45, "45 min"},
		{83.65, "1.4 h"},
		{1440, "24 h"},
		{2938.47, "49.0 h"},
		{4320, "3 d"},
	}
	for _, tc := range tests {
		if got := formatMinutes(tc.minutes); got != tc.want {
			t.Errorf("formatMinutes(%v) = %q, want %q", tc.minutes, got, tc.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		name           string
		lo, hi         float64
		n              int
		want           []float64
		wantD0, wantD1 float64
	}{
		// Steps of 1, 2, 2.5 or 5 times a power of ten: (40 − 0) / 5 = 8
		// rounds up to a step of 10.
		{"points", 0, 40, 5, []float64{0, 10, 20, 30, 40}, 0, 40},
		// (150 + 30) / 5 = 36 rounds up to 50; the domain widens to
		// whole steps.
		{"negative and positive", -30, 150, 5, []float64{-50, 0, 50, 100, 150}, -50, 150},
		// 0.3 / 4 = 0.075 rounds up to 0.1, and the ticks are snapped to
		// one decimal.
		{"decimals", 0, 0.3, 4, []float64{0, 0.1, 0.2, 0.3}, 0, 0.3},
		{"equal bounds widen by one", 5, 5, 2, []float64{4, 5, 6}, 4, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ticks, d0, d1 := niceTicks(tc.lo, tc.hi, tc.n)
			if diff := cmp.Diff(tc.want, ticks, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("ticks mismatch (-want +got):\n%s", diff)
			}
			if d0 != tc.wantD0 || d1 != tc.wantD1 {
				t.Errorf("domain [%v, %v], want [%v, %v]", d0, d1, tc.wantD0, tc.wantD1)
			}
		})
	}
}

func TestFormatCompact(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 1500: "1,500", 12000: "12k", 250000: "250k", -100000: "-100k", 3500000: "3.5M", 2000000: "2M"} {
		if got := formatCompact(v); got != want {
			t.Errorf("formatCompact(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestShorten(t *testing.T) {
	// 7.4 units per character: 60 units hold 8 characters, so the label
	// keeps 7 and an ellipsis.
	if got := shorten("Jonathan Berthelot", 60); got != "Jonatha…" {
		t.Errorf("shorten = %q, want Jonatha…", got)
	}
	if got := shorten("Avery", 60); got != "Avery" {
		t.Errorf("shorten = %q, want Avery unchanged", got)
	}
}
