package main

import (
	"math"
	"testing"

	"github.com/crmmetrics/crmmetrics/internal/testdata"
)

// healthTable runs the health section over d and returns its table.
func healthTable(t *testing.T, d *Dataset) HealthReport {
	t.Helper()
	r, err := Build("test", d, []Section{healthSection})
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range r.Tables {
		if tab.Key == "health" {
			return tab.Value.(HealthReport)
		}
	}
	t.Fatal("no health table")
	return HealthReport{}
}

// checkHealthTable checks what must hold on any data: the counts add up,
// the lowest customers come in ascending order, and each score is the
// weighted mean of its signals.
func checkHealthTable(t *testing.T, d *Dataset, h HealthReport) {
	t.Helper()

	// The active customers, counted here from the rows.
	end := PeriodEndingOn(d.AsOf).End
	active := 0
	for _, c := range d.Customers {
		if c.SignedUpOn.Before(end) && (c.ChurnedOn.IsZero() || !c.ChurnedOn.Before(end)) {
			active++
		}
	}
	if h.Customers != active || h.Scored+h.NotScored != active {
		t.Errorf("customers %d = scored %d + not scored %d, want %d active", h.Customers, h.Scored, h.NotScored, active)
	}
	inBands := 0
	for _, b := range h.Bands {
		inBands += b.Count
	}
	if inBands != h.Scored {
		t.Errorf("bands hold %d customers, want %d scored", inBands, h.Scored)
	}

	// Lowest first; each score is Σ w·v / Σ w over the signals with a value.
	for i, c := range h.Lowest {
		if i > 0 && c.Score < h.Lowest[i-1].Score {
			t.Errorf("lowest %d (%v) below lowest %d (%v)", i, c.Score, i-1, h.Lowest[i-1].Score)
		}
		var sum, weights, contributions float64
		for _, s := range c.Signals {
			contributions += s.Contribution
			if !s.Missing {
				sum += s.Weight * s.Value
				weights += s.Weight
			}
		}
		if math.Abs(sum/weights-c.Score) > 1e-12 || math.Abs(contributions-c.Score) > 1e-12 {
			t.Errorf("%s: score %v, weighted mean %v, contributions %v", c.Customer, c.Score, sum/weights, contributions)
		}
	}
}

func TestHealthSample(t *testing.T) {
	d := Sample()
	h := healthTable(t, d)
	checkHealthTable(t, d, h)
	if len(h.Lowest) != 5 {
		t.Errorf("%d lowest customers, want 5", len(h.Lowest))
	}
	// The sample has every file, so every signal reaches some customer.
	for _, name := range []string{"usage", "mrr_trend", "tickets_90d", "csat", "nps"} {
		if h.SignalsPresent[name] == 0 {
			t.Errorf("signal %s has no value for any customer", name)
		}
	}
}

func TestHealthRavenStack(t *testing.T) {
	d, err := LoadDir(testdata.Dir(t, "saas_ravenstack", "crm"))
	if err != nil {
		t.Fatal(err)
	}
	h := healthTable(t, d)
	checkHealthTable(t, d, h)

	// RavenStack has no activity and no NPS survey: those signals have no
	// value, and tickets (a count, 0 without tickets) reach every customer.
	if h.SignalsPresent["usage"] != 0 || h.SignalsPresent["nps"] != 0 || h.SignalsPresent["tickets_90d"] != h.Scored {
		t.Errorf("signals present = %v", h.SignalsPresent)
	}

	// Customer A-65aeb5, from its rows: MRR 19,893 in 2024-12 over 32,430
	// in 2024-09 = 0.613, below 0.75, so 0; its last ticket is from
	// 2023-09-01, none in the 90 days from 2024-10-03, so 1; its only CSAT
	// answer (2023-09-01) is before the period. Score (25·0 + 15·1) /
	// (25 + 15) = 0.375.
	for _, c := range h.Lowest {
		if c.Customer == "A-65aeb5" && math.Abs(c.Score-0.375) > 1e-12 {
			t.Errorf("A-65aeb5 score %v, want 0.375", c.Score)
		}
	}
}

func TestHealthTicketsOnly(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"as_of.txt":     "2024-12-31\n",
		"customers.csv": "customer_id,signed_up_on,churned_on\nA,2024-01-01,\nB,2024-01-01,\nC,2024-01-01,2024-06-01\n",
		"tickets.csv": "ticket_id,customer_id,created_at,first_response_at,resolved_at,contacts,csat\n" +
			"T1,A,2024-12-01T10:00:00Z,,,,\nT2,A,2024-12-02T10:00:00Z,,,,\nT3,A,2024-12-03T10:00:00Z,,,,\n" +
			"T4,B,2024-09-01T10:00:00Z,,,,\n",
	})
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := healthTable(t, d)
	checkHealthTable(t, d, h)
	// A: 3 tickets in the 90 days → tier (2, 5] → 0.3. B: its ticket is
	// older than 90 days → 0 tickets → 1. C churned. With one signal the
	// score is its normalised value: A 0.3 (red), B 1 (green).
	if h.Customers != 2 || len(h.Lowest) != 2 || h.Lowest[0].Customer != "A" || h.Lowest[0].Score != 0.3 || h.Lowest[1].Score != 1 {
		t.Errorf("health = %+v", h)
	}
}

func TestHealthWithoutSignals(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"as_of.txt":     "2024-12-31\n",
		"customers.csv": "customer_id,signed_up_on,churned_on\nA,2024-01-01,\n",
	})
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := healthTable(t, d)
	if h.Customers != 1 || h.NotScored != 1 || h.Scored != 0 {
		t.Errorf("health = %+v, want one customer not scored", h)
	}
}
