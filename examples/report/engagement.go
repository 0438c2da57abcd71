package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/engagement"
)

// engagementSection reports the engagement.* figures over the 30 days that
// end with as_of (as_of − 29 .. as_of). A user is the pair of customer and
// user ID; days are the dates of activity.csv.
var engagementSection = Section{
	Name:  "engagement",
	Title: "Engagement",
	Needs: []string{"activity.csv"},
	Run:   runEngagement,
}

func runEngagement(d *Dataset, _ Period, out *SectionOutput) error {
	asOf, err := engagement.DayOf(d.AsOf, time.UTC)
	if err != nil {
		return err
	}
	w := engagement.Trailing(asOf, 30)
	events, lines := windowEvents(d, w)

	r, err := engagement.ActiveIn(events, time.UTC, w)
	if err != nil {
		return activityError(err, lines)
	}
	out.Figure("engagement.mau", r.Active)
	stickiness, err := r.Stickiness()
	switch {
	case errors.Is(err, engagement.ErrNoActiveUsers):
		out.Absent("engagement.dau_mau", "no user active in the 30 days ending with as_of")
	case err != nil:
		return err
	default:
		meanDAU, err := r.MeanDAU()
		if err != nil {
			return err
		}
		out.Figure("engagement.dau_mau", stickiness)
		out.Line("mean DAU %.2f over %d days (%s to %s)", meanDAU, w.Days(), w.Start, w.End-1)
	}

	if err := customerShare(d, events, out); err != nil {
		return err
	}
	return activityError(adoptionTable(events, r, w, out), lines)
}

// windowEvents returns the rows of activity.csv dated in w as events, with
// the line of each.
func windowEvents(d *Dataset, w engagement.Window) (events []engagement.Event, lines []int) {
	for _, a := range d.Activity {
		// DayOf fails only for a date outside 0000-01-01 to 9999-12-31,
		// which lies in no window.
		day, err := engagement.DayOf(a.ActiveOn, time.UTC)
		if err != nil || !w.Contains(day) {
			continue
		}
		events = append(events, engagement.Event{
			User:    engagement.User{Customer: a.CustomerID, ID: a.UserID},
			Time:    a.ActiveOn,
			Feature: a.Feature,
		})
		lines = append(lines, a.Line)
	}
	return events, lines
}

// customerShare records engagement.active_customer_share: the customers
// active on as_of (signed up on or before it and not churned by it) with
// any activity in the window, over those customers. Activity of other
// customers lies outside that denominator and is counted in a text line.
func customerShare(d *Dataset, events []engagement.Event, out *SectionOutput) error {
	const name = "engagement.active_customer_share"
	if !d.Has("customers.csv") {
		out.Absent(name, "customers.csv is missing, so the active customers are unknown")
		return nil
	}
	active := make(map[string]bool)
	var customers []string
	for _, c := range d.Customers {
		if !c.SignedUpOn.After(d.AsOf) && (c.ChurnedOn.IsZero() || c.ChurnedOn.After(d.AsOf)) {
			active[c.ID] = true
			customers = append(customers, c.ID)
		}
	}
	var own []engagement.Event
	for _, e := range events {
		if active[e.User.Customer] {
			own = append(own, e)
		}
	}

	p, err := engagement.EngagementRate(customers, own, 1)
	if errors.Is(err, engagement.ErrNoActiveUsers) {
		out.Absent(name, "no customer is active on as_of")
		return nil
	}
	if err != nil {
		return fmt.Errorf("customers.csv and activity.csv: %w", err)
	}
	share, _ := p.Value()
	out.Figure(name, share)
	out.Line("%d of %d active customers used the product in the window; %d activity rows of other customers left out",
		p.Successes, p.Trials, len(events)-len(own))
	return nil
}

// FeatureAdoptionRow is the adoption of one feature in the engagement
// window.
type FeatureAdoptionRow struct {
	Feature string  `json:"feature"`
	Users   int64   `json:"users"`
	Active  int64   `json:"active_users"`
	Rate    float64 `json:"rate"`
}

// adoptionTable adds the adoption of each feature among the window's
// active users.
func adoptionTable(events []engagement.Event, r engagement.ActiveUsers, w engagement.Window, out *SectionOutput) error {
	if r.Active == 0 {
		return nil
	}
	var activity engagement.Activity
	for _, e := range events {
		if err := activity.Add(e.User, e.Time, time.UTC); err != nil {
			return err
		}
	}
	users, err := activity.Users(w)
	if err != nil {
		return err
	}
	adoption, err := engagement.FeatureAdoption(users, events)
	if err != nil {
		return err
	}
	rows := make([]FeatureAdoptionRow, 0, len(adoption))
	for _, a := range adoption {
		rate, _ := a.Rate()
		rows = append(rows, FeatureAdoptionRow{Feature: a.Feature, Users: a.Users, Active: a.Active, Rate: rate})
		out.Line("feature %-20s %5d of %d active users (%.3f)", a.Feature, a.Users, a.Active, rate)
	}
	out.Table("engagement_feature_adoption", rows)
	return nil
}

// activityError adds the activity.csv line to a library error about one
// event; lines holds the line of each event passed to the library.
func activityError(err error, lines []int) error {
	var ie *engagement.InputError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ie) && ie.Kind == "event" && ie.Index < len(lines):
		return fmt.Errorf("activity.csv line %d: %w", lines[ie.Index], err)
	}
	return fmt.Errorf("activity.csv: %w", err)
}
