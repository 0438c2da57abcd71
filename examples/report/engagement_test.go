package main

import (
	"math"
	"testing"
	"time"
)

// TestEngagementSectionSample recomputes the engagement figures of the
// embedded sample in plain Go and compares.
func TestEngagementSectionSample(t *testing.T) {
	d := Sample()
	r, err := Build("sample", d, []Section{engagementSection})
	if err != nil {
		t.Fatal(err)
	}

	first := d.AsOf.AddDate(0, 0, -29)
	type user struct{ customer, id string }
	daily := map[time.Time]map[user]bool{}
	all := map[user]bool{}
	customersWithActivity := map[string]bool{}
	for _, a := range d.Activity {
		if a.ActiveOn.Before(first) || a.ActiveOn.After(d.AsOf) {
			continue
		}
		u := user{a.CustomerID, a.UserID}
		if daily[a.ActiveOn] == nil {
			daily[a.ActiveOn] = map[user]bool{}
		}
		daily[a.ActiveOn][u] = true
		all[u] = true
		customersWithActivity[a.CustomerID] = true
	}
	var sum int
	for _, users := range daily {
		sum += len(users)
	}
	var active, engaged int
	for _, c := range d.Customers {
		if !c.SignedUpOn.After(d.AsOf) && (c.ChurnedOn.IsZero() || c.ChurnedOn.After(d.AsOf)) {
			active++
			if customersWithActivity[c.ID] {
				engaged++
			}
		}
	}

	checks := []struct {
		name string
		want float64
	}{
		{"engagement.mau", float64(len(all))},
		{"engagement.dau_mau", float64(sum) / 30 / float64(len(all))},
		{"engagement.active_customer_share", float64(engaged) / float64(active)},
	}
	for _, c := range checks {
		// Tolerance: the same ratios of exact counts, divided in another order.
		if got := figureFloat(t, r, c.name); math.Abs(got-c.want) > 1e-12*c.want {
			t.Errorf("%s = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestEngagementSectionByHand checks a small activity.csv: users are
// (customer, user) pairs, days without activity count as 0, and a churned
// customer's activity enters MAU but not the customer share.
func TestEngagementSectionByHand(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"as_of.txt": "2024-12-31\n",
		"customers.csv": "customer_id,signed_up_on,churned_on\n" +
			"A,2024-01-01,\n" +
			"B,2024-01-01,\n" +
			"C,2024-01-01,2024-12-15\n",
		"activity.csv": "customer_id,user_id,active_on,feature\n" +
			"A,u1,2024-12-31,reports\n" +
			"A,u1,2024-12-31,export\n" +
			"A,u1,2024-12-30,reports\n" +
			"C,u1,2024-12-10,reports\n" +
			"A,u2,2024-11-30,reports\n",
	})
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(dir, d, []Section{engagementSection})
	if err != nil {
		t.Fatal(err)
	}

	// Window 2024-12-02 .. 2024-12-31: users A/u1 and C/u1 (A/u2 is a day
	// early); daily counts 1 + 1 + 1 = 3 over 30 days; mean 0.1, over MAU
	// 2 = 0.05. Active customers A and B; only A has activity: 1/2.
	checks := []struct {
		name string
		want float64
	}{
		{"engagement.mau", 2},
		{"engagement.dau_mau", 0.05},
		{"engagement.active_customer_share", 0.5},
	}
	for _, c := range checks {
		// Tolerance: 3/30/2 is not exact in binary.
		if got := figureFloat(t, r, c.name); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%s = %v, want %v", c.name, got, c.want)
		}
	}
}
