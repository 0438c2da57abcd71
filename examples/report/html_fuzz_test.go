package main

import (
	"bytes"
	"encoding/xml"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/retention"
	"github.com/shopspring/decimal"
)

// FuzzWriteHTML draws a report of small tables from fuzzed values in the
// ranges the report produces and checks that every chart is well-formed
// SVG without NaN or infinite coordinates.
func FuzzWriteHTML(f *testing.F) {
	f.Add(28.5, 3.5, 0.66, int64(10), int64(2), 1500.0, 0.5)
	f.Add(0.0, 0.0, 0.0, int64(0), int64(0), 0.0, 0.0)
	f.Add(-100.0, 100.0, 1.0, int64(1), int64(5), 1e9, 1.0)
	f.Add(100.0, 0.0, 1e-9, int64(1e12), int64(0), -2.5e6, 1e-9)
	f.Add(20.0, 5.0, 0.5, int64(2), int64(1), 100.0, 0.5)
	f.Fuzz(func(t *testing.T, score, margin, share float64, count, missing int64, money, survival float64) {
		for _, v := range []float64{score, margin, share, money, survival} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Skip("the report has no NaN or infinite value")
			}
		}
		if score < -100 || score > 100 || margin < 0 || margin > 200 || share < 0 || share > 1 ||
			survival < 0 || survival > 1 || count < 0 || missing < 0 || count > 1e15 || missing > 1e15 || math.Abs(money) > 1e15 {
			t.Skip("outside the values the report produces")
		}

		var b bytes.Buffer
		if err := fuzzReport(score, margin, share, count, missing, money, survival).WriteHTML(&b); err != nil {
			t.Fatalf("WriteHTML: %v", err)
		}
		charts := svgPattern.FindAllString(b.String(), -1)
		if len(charts) == 0 {
			t.Fatal("no chart drawn")
		}
		for _, svg := range charts {
			if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
				t.Fatalf("chart with NaN or Inf:\n%s", svg)
			}
			var n svgNode
			if err := xml.Unmarshal([]byte(svg), &n); err != nil {
				t.Fatalf("chart is not well-formed: %v", err)
			}
			checkDistinctTicks(t, &n)
		}
	})
}

// fuzzReport returns a report whose tables take the fuzzed values.
func fuzzReport(score, margin, share float64, count, missing int64, money, survival float64) *Report {
	amount := decimal.NewFromFloat(money).Round(2)
	month := retention.Month{Year: 2025, Month: time.December}
	dist := &DurationDistribution{Measured: count, Missing: missing, MedianMinutes: share * 100, P90Minutes: share * 1000,
		SLA: &SLACount{Minutes: 1440, Within: count, Of: count, Share: share}, Buckets: durationTestBuckets(count, 0, count, 0, 0, 0, 0, 0)}
	return testReport(
		[]Figure{{"nps.score", score}, {"nps.margin_of_error_95", margin}, {"nps.responses", count}, {"survival.median_days", share * 100}},
		Table{"nps_by_month", []MonthlyNPS{
			{Month: "2025-11", Responses: count, Score: &score, Lower: score - margin, Upper: score + margin},
			{Month: "2025-12", Responses: 0},
		}},
		Table{"support_durations", SupportDurations{FirstResponse: dist}},
		Table{"engagement_feature_adoption", []FeatureAdoptionRow{{Feature: "f", Users: count, Active: count, Rate: share}}},
		Table{"survival_curve", retention.Curve{Points: []retention.SurvivalPoint{
			{Time: share * 100, Events: 1, Censored: missing, Survival: survival, Lower: survival / 2, Upper: survival, HasInterval: true},
		}}},
		Table{"mrr_by_month", []retention.Movements{{From: month, To: month, Start: amount, New: amount.Abs(), Churn: amount.Abs(), End: amount}}},
		Table{"mrr_net_new_by_month", []MonthlyNetNewMRR{{Month: month, NetNew: amount}}},
		Table{"health", map[string]any{"scored": count, "bands": []map[string]any{{"band": "red", "count": count, "share": share}}}},
	)
}

// checkDistinctTicks fails when an axis repeats a tick label, as a count
// axis with a step of 0.5 did (0 1 1 2 2).
func checkDistinctTicks(t *testing.T, chart *svgNode) {
	t.Helper()
	for _, axis := range []string{"x", "y"} {
		labels := axisLabels(chart, axis)
		seen := map[string]bool{}
		for _, l := range labels {
			if seen[l] {
				t.Fatalf("chart %s: %s axis repeats tick label %q: %q", chart.attr("id"), axis, l, labels)
			}
			seen[l] = true
		}
	}
}
