package main

import (
	"errors"
	"testing"
	"time"

	"github.com/crmmetrics/crmmetrics/retention"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// tableOf returns the value of r's table key.
func tableOf(t *testing.T, r *Report, key string) any {
	t.Helper()
	for _, tb := range r.Tables {
		if tb.Key == key {
			return tb.Value
		}
	}
	t.Fatalf("report has no table %s", key)
	return nil
}

// bucketCounts returns the counts of a distribution's buckets.
func bucketCounts(d *DurationDistribution) []int64 {
	counts := make([]int64, len(d.Buckets))
	for i, b := range d.Buckets {
		counts[i] = b.Count
	}
	return counts
}

func TestSupportDurationsTable(t *testing.T) {
	created := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	d := &Dataset{AsOf: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), Files: map[string]bool{"tickets.csv": true}}
	for i, after := range []time.Duration{10 * time.Minute, 15 * time.Minute, 30 * time.Minute, 2 * time.Hour, 24 * time.Hour, 30 * time.Hour, 0} {
		tk := Ticket{ID: string(rune('A' + i)), CreatedAt: created}
		if after > 0 {
			tk.FirstResponseAt = created.Add(after)
		}
		d.Tickets = append(d.Tickets, tk)
	}
	r, err := Build("test", d, []Section{supportSection})
	if err != nil {
		t.Fatal(err)
	}
	got := tableOf(t, r, "support_durations").(SupportDurations).FirstResponse

	// Hand count: buckets are (lower, upper], so 15 min falls in the first
	// and 24 h in the fifth (8 to 24 h); 30 h is in 1 to 3 days. Five of
	// the six answered tickets are within 24 hours; one is unanswered.
	if diff := cmp.Diff([]int64{2, 1, 1, 0, 1, 1, 0, 0}, bucketCounts(got)); diff != "" {
		t.Errorf("first response buckets mismatch (-want +got):\n%s", diff)
	}
	wantSLA := &SLACount{Minutes: 1440, Within: 5, Of: 6, Share: 5.0 / 6}
	if diff := cmp.Diff(wantSLA, got.SLA, cmpopts.EquateApprox(0, 1e-15)); diff != "" {
		t.Errorf("SLA mismatch (-want +got):\n%s", diff)
	}
	if got.Measured != 6 || got.Missing != 1 {
		t.Errorf("measured %d, missing %d, want 6 and 1", got.Measured, got.Missing)
	}
	if res := tableOf(t, r, "support_durations").(SupportDurations).Resolution; res != nil {
		t.Errorf("resolution distribution = %+v, want nil without resolved tickets", res)
	}
}

func TestLeadResponseTable(t *testing.T) {
	created := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	d := &Dataset{AsOf: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), Files: map[string]bool{"leads.csv": true}}
	for i, after := range []time.Duration{5 * time.Minute, 90 * time.Minute, 72 * time.Hour, 240 * time.Hour, 0} {
		l := Lead{ID: string(rune('A' + i)), CreatedAt: created}
		if after > 0 {
			l.FirstResponseAt = created.Add(after)
		}
		d.Leads = append(d.Leads, l)
	}
	r, err := Build("test", d, []Section{leadsSection})
	if err != nil {
		t.Fatal(err)
	}
	got := tableOf(t, r, "leads_response_times").(DurationDistribution)

	// Hand count: 5 min, 90 min (1 to 4 h), exactly 3 days (1 to 3 days,
	// the bound included) and 10 days (over 7 days); 2 of the 5 leads are
	// answered within 24 hours, the unanswered one counting as late.
	if diff := cmp.Diff([]int64{1, 0, 1, 0, 0, 1, 0, 1}, bucketCounts(&got)); diff != "" {
		t.Errorf("lead buckets mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&SLACount{Minutes: 1440, Within: 2, Of: 5, Share: 0.4}, got.SLA); diff != "" {
		t.Errorf("SLA mismatch (-want +got):\n%s", diff)
	}
	share, _ := r.Figure("leads.responded_within_24h_share")
	if share != got.SLA.Share {
		t.Errorf("SLA share %v differs from leads.responded_within_24h_share %v", got.SLA.Share, share)
	}
}

func TestDurationBucketsError(t *testing.T) {
	errCount := errors.New("count failed")
	_, err := durationBuckets(3, func(time.Duration) (int64, error) { return 0, errCount })
	if !errors.Is(err, errCount) {
		t.Errorf("durationBuckets error = %v, want %v", err, errCount)
	}
}

// TestNetNewMRRTable checks on the sample that each month's net new MRR
// is its end MRR minus its start MRR, the identity of the MRR bridge.
func TestNetNewMRRTable(t *testing.T) {
	r, err := Build("sample", Sample(), sections)
	if err != nil {
		t.Fatal(err)
	}
	months := tableOf(t, r, "mrr_by_month").([]retention.Movements)
	netNew := tableOf(t, r, "mrr_net_new_by_month").([]MonthlyNetNewMRR)
	if len(netNew) != len(months) {
		t.Fatalf("%d net new months, %d MRR months", len(netNew), len(months))
	}
	for i, m := range months {
		if !netNew[i].NetNew.Equal(m.End.Sub(m.Start)) || netNew[i].Month != m.From {
			t.Errorf("month %s: net new %s, want end %s − start %s", m.From, netNew[i].NetNew, m.End, m.Start)
		}
	}
}
