package main

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/crmmetrics/crmmetrics/health"
	"github.com/shopspring/decimal"
)

// healthSection scores every customer active on as_of with a weighted
// health scorecard over the signals the data folder provides, and reports
// the score distribution by band and the five lowest customers with each
// signal's contribution.
var healthSection = Section{
	Name:  "health",
	Title: "Customer health",
	Needs: []string{"customers.csv"},
	Run:   runHealth,
}

// healthSignals is one active customer's raw signals; ok fields report
// whether the signal has a value.
type healthSignals struct {
	customer string
	// activeDays is the number of days with any product activity in the
	// 30 days ending with as_of.
	activeDays   float64
	activeDaysOK bool
	// mrrRatio is the MRR of as_of's month over the MRR three months
	// before; missing without MRR then.
	mrrRatio   float64
	mrrRatioOK bool
	// tickets is the number of tickets created in the 90 days ending with
	// as_of.
	tickets   float64
	ticketsOK bool
	// csat is the mean CSAT answer (1..5) in the period.
	csat   float64
	csatOK bool
	// nps is the latest NPS answer (0..10) in the period.
	nps   float64
	npsOK bool
}

func (s healthSignals) any() bool {
	return s.activeDaysOK || s.mrrRatioOK || s.ticketsOK || s.csatOK || s.npsOK
}

// healthScorecard is the report's recipe: usage 30 %, MRR trend 25 %,
// support load, CSAT and NPS 15 % each, Gainsight's bands, and signals
// without a value left out with the weights of the rest renormalised.
func healthScorecard() health.Scorecard[healthSignals] {
	return health.Scorecard[healthSignals]{
		Signals: []health.Signal[healthSignals]{
			{
				Name: "usage", Weight: 30,
				Normaliser: health.Linear{Min: 0, Max: 30, Direction: health.HigherIsBetter},
				Value:      func(s healthSignals) (float64, bool) { return s.activeDays, s.activeDaysOK },
			},
			{
				Name: "mrr_trend", Weight: 25,
				Normaliser: health.Thresholds{Direction: health.HigherIsBetter, Tiers: []health.Tier{
					{Range: health.Range{Min: 0, Max: 0.75, MinInclusive: true}, Value: 0},
					{Range: health.Range{Min: 0.75, Max: 1, MinInclusive: true}, Value: 0.5},
					{Range: health.Range{Min: 1, Max: math.Inf(1), MinInclusive: true}, Value: 1},
				}},
				Value: func(s healthSignals) (float64, bool) { return s.mrrRatio, s.mrrRatioOK },
			},
			{
				Name: "tickets_90d", Weight: 15,
				Normaliser: health.Thresholds{Direction: health.LowerIsBetter, Tiers: []health.Tier{
					{Range: health.Range{Min: 0, Max: 0, MinInclusive: true, MaxInclusive: true}, Value: 1},
					{Range: health.Range{Min: 0, Max: 2, MaxInclusive: true}, Value: 0.6},
					{Range: health.Range{Min: 2, Max: 5, MaxInclusive: true}, Value: 0.3},
					{Range: health.Range{Min: 5, Max: math.Inf(1)}, Value: 0},
				}},
				Value: func(s healthSignals) (float64, bool) { return s.tickets, s.ticketsOK },
			},
			{
				Name: "csat", Weight: 15,
				Normaliser: health.Linear{Min: 1, Max: 5, Direction: health.HigherIsBetter},
				Value:      func(s healthSignals) (float64, bool) { return s.csat, s.csatOK },
			},
			{
				Name: "nps", Weight: 15,
				Normaliser: health.Linear{Min: 0, Max: 10, Direction: health.HigherIsBetter},
				Value:      func(s healthSignals) (float64, bool) { return s.nps, s.npsOK },
			},
		},
		Bands: health.GainsightBands(),
		ID:    func(s healthSignals) string { return s.customer },
	}
}

// HealthReport is the health section's JSON table.
type HealthReport struct {
	// Customers is the number of customers active on as_of.
	Customers int `json:"customers"`
	// Scored is the number of those with at least one signal; NotScored
	// have none and get no score.
	Scored    int `json:"scored"`
	NotScored int `json:"not_scored"`
	// SignalsPresent counts, per signal, the scored customers with a value.
	SignalsPresent map[string]int     `json:"signals_present"`
	Bands          []health.BandCount `json:"bands"`
	Lowest         []CustomerHealth   `json:"lowest"`
}

// CustomerHealth is one customer's score and its explanation.
type CustomerHealth struct {
	Customer string `json:"customer"`
	health.Result
}

func runHealth(d *Dataset, p Period, out *SectionOutput) error {
	// Gather the signals of the customers active on as_of.
	signals := healthInputs(d, p)
	report := HealthReport{Customers: len(signals), SignalsPresent: map[string]int{}}
	var scored []healthSignals
	for _, s := range signals {
		if s.any() {
			scored = append(scored, s)
		}
	}
	report.Scored, report.NotScored = len(scored), len(signals)-len(scored)
	if len(scored) == 0 {
		out.Line("no customer active on %s has a health signal (activity, subscriptions, tickets or survey answers)", d.AsOf.Format(dateLayout))
		out.Table("health", report)
		return nil
	}

	// Score and summarise.
	card := healthScorecard()
	results, err := card.ScoreAll(scored)
	if err != nil {
		return err
	}
	report.Bands, err = health.CountBands(results, card.Bands)
	if err != nil {
		return err
	}
	for _, r := range results {
		for _, c := range r.Signals {
			if !c.Missing {
				report.SignalsPresent[c.Name]++
			}
		}
	}
	report.Lowest = lowestHealth(scored, results, 5)
	out.Table("health", report)
	writeHealthLines(out, report)
	return nil
}

// lowestHealth returns the n lowest scores, ties broken by customer id.
func lowestHealth(signals []healthSignals, results []health.Result, n int) []CustomerHealth {
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(results[a].Score, results[b].Score), cmp.Compare(signals[a].customer, signals[b].customer))
	})
	lowest := make([]CustomerHealth, 0, n)
	for _, i := range order[:min(n, len(order))] {
		lowest = append(lowest, CustomerHealth{Customer: signals[i].customer, Result: results[i]})
	}
	return lowest
}

func writeHealthLines(out *SectionOutput, r HealthReport) {
	out.Line("%d customers active on as_of, %d scored, %d without any signal", r.Customers, r.Scored, r.NotScored)
	out.Line("signals with a value: usage %d, mrr_trend %d, tickets_90d %d, csat %d, nps %d",
		r.SignalsPresent["usage"], r.SignalsPresent["mrr_trend"], r.SignalsPresent["tickets_90d"],
		r.SignalsPresent["csat"], r.SignalsPresent["nps"])
	out.Line("score distribution (Gainsight bands, score on 0..100):")
	for _, b := range r.Bands {
		out.Line("  %-7s %6d  %5.1f%%", b.Band, b.Count, 100*b.Share)
	}
	out.Line("five lowest (signal: raw → normalised, contribution in points):")
	for _, c := range r.Lowest {
		out.Line("  %s  %5.1f %s", c.Customer, 100*c.Score, c.Band)
		for _, s := range c.Signals {
			if s.Missing {
				out.Line("      %-12s no value", s.Name)
				continue
			}
			out.Line("      %-12s %8.2f → %.2f  %5.1f", s.Name, s.Raw, s.Value, 100*s.Contribution)
		}
	}
}

// healthInputs returns the raw signals of every customer active on as_of
// (signed up before the period's end and not churned by then), by customer
// id. A signal whose file is absent has no value for anyone.
func healthInputs(d *Dataset, p Period) []healthSignals {
	// Index the active customers.
	index := map[string]int{}
	var signals []healthSignals
	for _, c := range d.Customers {
		if !c.SignedUpOn.Before(p.End) || (!c.ChurnedOn.IsZero() && c.ChurnedOn.Before(p.End)) {
			continue
		}
		index[c.ID] = len(signals)
		signals = append(signals, healthSignals{customer: c.ID})
	}
	at := func(id string) *healthSignals {
		if i, ok := index[id]; ok {
			return &signals[i]
		}
		return nil
	}

	// Read each file into its signal.
	if d.Has("activity.csv") {
		activeDays(d, p, signals, at)
	}
	if d.Has("subscriptions.csv") {
		mrrRatios(d, p, at)
	}
	if d.Has("tickets.csv") {
		recentTickets(d, p, signals, at)
	}
	if d.Has("responses.csv") {
		surveySignals(d, p, at)
	}
	slices.SortFunc(signals, func(a, b healthSignals) int { return cmp.Compare(a.customer, b.customer) })
	return signals
}

func activeDays(d *Dataset, p Period, signals []healthSignals, at func(string) *healthSignals) {
	from := p.End.AddDate(0, 0, -30)
	days := map[string]map[time.Time]bool{}
	for _, a := range d.Activity {
		if a.ActiveOn.Before(from) || at(a.CustomerID) == nil {
			continue
		}
		if days[a.CustomerID] == nil {
			days[a.CustomerID] = map[time.Time]bool{}
		}
		days[a.CustomerID][a.ActiveOn] = true
	}
	for i := range signals {
		signals[i].activeDays, signals[i].activeDaysOK = float64(len(days[signals[i].customer])), true
	}
}

func mrrRatios(d *Dataset, p Period, at func(string) *healthSignals) {
	last := monthStart(p.End.AddDate(0, 0, -1))
	before := last.AddDate(0, -3, 0)
	now, then := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	for _, s := range d.Subscriptions {
		switch {
		case s.Month.Equal(last):
			now[s.CustomerID] = now[s.CustomerID].Add(s.MRR)
		case s.Month.Equal(before):
			then[s.CustomerID] = then[s.CustomerID].Add(s.MRR)
		}
	}
	for id, base := range then {
		if s := at(id); s != nil && base.IsPositive() {
			s.mrrRatio = now[id].DivRound(base, 12).InexactFloat64()
			s.mrrRatioOK = true
		}
	}
}

func recentTickets(d *Dataset, p Period, signals []healthSignals, at func(string) *healthSignals) {
	from := p.End.AddDate(0, 0, -90)
	for i := range signals {
		signals[i].ticketsOK = true
	}
	for _, t := range d.Tickets {
		if s := at(t.CustomerID); s != nil && !t.CreatedAt.Before(from) && t.CreatedAt.Before(p.End) {
			s.tickets++
		}
	}
}

func surveySignals(d *Dataset, p Period, at func(string) *healthSignals) {
	type csatSum struct{ sum, n float64 }
	csat := map[string]csatSum{}
	latest := map[string]time.Time{}
	for _, r := range d.Responses {
		s := at(r.CustomerID)
		if s == nil || r.Score == nil || !p.Contains(r.AnsweredOn) {
			continue
		}
		switch r.Survey {
		case SurveyCSAT:
			c := csat[r.CustomerID]
			csat[r.CustomerID] = csatSum{c.sum + float64(*r.Score), c.n + 1}
		case SurveyNPS:
			if !r.AnsweredOn.Before(latest[r.CustomerID]) {
				latest[r.CustomerID] = r.AnsweredOn
				s.nps, s.npsOK = float64(*r.Score), true
			}
		}
	}
	for id, c := range csat {
		s := at(id)
		s.csat, s.csatOK = c.sum/c.n, true
	}
}
