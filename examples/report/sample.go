package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// The generated sample: a software company selling monthly plans, with
// add-on orders, surveys, a sales team and a support desk. Everything comes
// from one seeded generator, so every run produces the same data.
var (
	sampleAsOf  = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	sampleStart = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
)

type plan struct {
	name          string
	price         int64 // monthly price per seat, in cents
	monthlyChurn  float64
	npsMean       float64
	seatsMin, max int
}

var samplePlans = []plan{
	{name: "basic", price: 2900, monthlyChurn: 0.035, npsMean: 8.1, seatsMin: 1, max: 5},
	{name: "pro", price: 7900, monthlyChurn: 0.02, npsMean: 8.5, seatsMin: 3, max: 25},
	{name: "enterprise", price: 19900, monthlyChurn: 0.008, npsMean: 8.9, seatsMin: 20, max: 120},
}

var (
	sampleRegions  = []string{"EMEA", "Americas", "APAC"}
	sampleOwners   = []string{"Avery", "Blake", "Casey", "Devon", "Emery", "Finley"}
	sampleSources  = []string{"web", "referral", "event", "outbound"}
	sampleFeatures = []string{"dashboard", "reports", "automation", "api", "mobile"}
	sampleStages   = []string{"Prospecting", "Qualification", "Proposal", "Negotiation"}
)

// Sample returns the generated sample company's data as of 2025-12-31.
func Sample() *Dataset {
	g := &generator{rng: rand.New(rand.NewPCG(20251231, 42)), d: &Dataset{AsOf: sampleAsOf, Files: map[string]bool{}}}
	g.customers()
	g.orders()
	g.responses()
	g.leads()
	g.deals()
	g.tickets()
	g.activity()
	g.costs()
	for _, f := range dataFiles {
		g.d.Files[f.name] = true
	}
	g.d.Files["as_of.txt"] = true
	return g.d
}

type generator struct {
	rng *rand.Rand
	d   *Dataset
	// plans and seats by customer index, for the subscription months.
	plans []plan
}

func (g *generator) days(from, to time.Time) int {
	return int(to.Sub(from).Hours() / 24)
}

// day returns a uniformly chosen day in [from, to).
func (g *generator) day(from, to time.Time) time.Time {
	return from.AddDate(0, 0, g.rng.IntN(max(1, g.days(from, to))))
}

// businessInstant returns a time of day between 08:00 and 18:00 on day.
func (g *generator) businessInstant(day time.Time) time.Time {
	return day.Add(8*time.Hour + time.Duration(g.rng.IntN(10*3600))*time.Second)
}

// exponential returns an exponentially distributed duration with the given
// mean.
func (g *generator) exponential(mean time.Duration) time.Duration {
	return time.Duration(g.rng.ExpFloat64() * float64(mean)).Round(time.Second)
}

func cents(c int64) decimal.Decimal {
	return decimal.New(c, -2)
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// customers generates 3,000 customers signing up at a growing pace, their
// churn, and their monthly recurring revenue with upgrades, downgrades and
// some returns after churn.
func (g *generator) customers() {
	const n = 3000
	end := sampleAsOf.AddDate(0, 0, 1)
	span := float64(g.days(sampleStart, end))
	for i := range n {
		// Sign-ups grow over time: the square root of a uniform draw puts
		// more of them late in the span.
		signup := sampleStart.AddDate(0, 0, int(math.Sqrt(g.rng.Float64())*span))
		p := samplePlans[weightedIndex(g.rng, []float64{0.55, 0.35, 0.10})]
		c := Customer{
			ID:         fmt.Sprintf("C%05d", i+1),
			SignedUpOn: signup,
			Attrs: map[string]string{
				"plan":   p.name,
				"region": sampleRegions[g.rng.IntN(len(sampleRegions))],
			},
		}
		g.plans = append(g.plans, p)
		g.subscriptionMonths(&c, p, end)
		g.d.Customers = append(g.d.Customers, c)
	}
}

// subscriptionMonths walks a customer month by month from sign-up: each
// month the customer may churn, change seats, and, after churning, return.
func (g *generator) subscriptionMonths(c *Customer, p plan, end time.Time) {
	seats := p.seatsMin + g.rng.IntN(p.max-p.seatsMin+1)
	active := true
	for month := monthStart(c.SignedUpOn); month.Before(end); month = month.AddDate(0, 1, 0) {
		if !active {
			// One churned customer in forty returns in a given month.
			if g.rng.Float64() < 0.025 {
				active = true
				c.ChurnedOn = time.Time{}
			} else {
				continue
			}
		}
		churns := month.After(monthStart(c.SignedUpOn)) && g.rng.Float64() < p.monthlyChurn
		if churns {
			// The customer pays for this month and leaves on a day after its
			// first, so the month still has MRR and the next has none.
			churnedOn := month.AddDate(0, 0, 1+g.rng.IntN(27))
			if churnedOn.Before(end) {
				c.ChurnedOn = churnedOn
				active = false
			}
		}
		switch r := g.rng.Float64(); {
		case r < 0.04:
			seats += 1 + g.rng.IntN(max(1, seats/4))
		case r < 0.06 && seats > 1:
			seats -= 1 + g.rng.IntN(max(1, seats/5))
			seats = max(1, seats)
		}
		g.d.Subscriptions = append(g.d.Subscriptions, SubscriptionMonth{
			CustomerID: c.ID,
			Month:      month,
			MRR:        cents(p.price * int64(seats)),
		})
	}
}

// orders generates one-off purchases (add-ons and services) the way
// buy-till-you-die models describe repeat buying. Each customer buys at a
// rate of their own, drawn from a gamma distribution. After each purchase
// the customer stops buying for good with a probability of their own, drawn
// from a beta distribution. Purchases also stop when the customer churns.
func (g *generator) orders() {
	end := sampleAsOf.AddDate(0, 0, 1)
	id := 0
	for _, c := range g.d.Customers {
		last := end
		if !c.ChurnedOn.IsZero() {
			last = c.ChurnedOn
		}
		// Mean rate 0.35 purchases a month; dropout probability with mean 0.2.
		perMonth := gammaVariate(g.rng, 0.9) * 0.35 / 0.9
		dropout := betaVariate(g.rng, 1, 4)
		at := c.SignedUpOn
		for {
			id++
			amount := int64(math.Exp(g.rng.NormFloat64()*0.7+math.Log(12000))) + 500
			g.d.Orders = append(g.d.Orders, Order{
				ID:         "O" + strconv.Itoa(id),
				CustomerID: c.ID,
				OrderedOn:  at,
				Amount:     cents(amount),
			})
			if g.rng.Float64() < dropout || perMonth == 0 {
				break
			}
			at = at.AddDate(0, 0, 1+int(g.rng.ExpFloat64()*30.44/perMonth))
			if !at.Before(last) {
				break
			}
		}
	}
	sort.SliceStable(g.d.Orders, func(i, j int) bool { return g.d.Orders[i].OrderedOn.Before(g.d.Orders[j].OrderedOn) })
}

// responses generates a quarterly NPS survey of active customers, each
// answering on a day of the quarter while still a customer, with one
// submission in twelve left unanswered.
func (g *generator) responses() {
	id := 0
	for quarter := sampleStart; quarter.Before(sampleAsOf); quarter = quarter.AddDate(0, 3, 0) {
		for i, c := range g.d.Customers {
			if c.SignedUpOn.After(quarter) || (!c.ChurnedOn.IsZero() && c.ChurnedOn.Before(quarter)) || g.rng.Float64() > 0.3 {
				continue
			}
			id++
			r := Response{
				ID:         "R" + strconv.Itoa(id),
				CustomerID: c.ID,
				AnsweredOn: g.day(quarter, lastDay(quarter.AddDate(0, 3, 0), c.ChurnedOn)),
				Survey:     SurveyNPS,
			}
			if g.rng.IntN(12) != 0 {
				score := clampScore(g.rng.NormFloat64()*2+g.plans[i].npsMean, 0, 10)
				r.Score = &score
			}
			g.d.Responses = append(g.d.Responses, r)
		}
	}
}

// leads generates inbound and outbound leads; most get a first response
// within hours, some never do.
func (g *generator) leads() {
	const n = 6000
	from := sampleAsOf.AddDate(-2, 0, 0)
	for i := range n {
		created := g.businessInstant(g.day(from, sampleAsOf))
		if g.rng.IntN(5) == 0 {
			created = created.Add(time.Duration(g.rng.IntN(14)) * time.Hour) // evenings and nights
		}
		l := Lead{
			ID:        fmt.Sprintf("L%05d", i+1),
			CreatedAt: created,
			Source:    sampleSources[weightedIndex(g.rng, []float64{0.45, 0.2, 0.15, 0.2})],
		}
		if g.rng.IntN(14) != 0 {
			l.FirstResponseAt = created.Add(g.exponential(5 * time.Hour))
			if l.FirstResponseAt.After(sampleAsOf) {
				l.FirstResponseAt = time.Time{}
			}
		}
		l.Qualified = g.rng.Float64() < 0.4
		l.Converted = l.Qualified && g.rng.Float64() < 0.3
		g.d.Leads = append(g.d.Leads, l)
	}
}

// deals generates opportunities moving through the stages with their stage
// history; deals still open at as_of keep their current stage.
func (g *generator) deals() {
	const n = 1800
	from := sampleAsOf.AddDate(-2, -6, 0)
	for i := range n {
		created := g.day(from, sampleAsOf)
		deal := Deal{
			ID:        fmt.Sprintf("D%05d", i+1),
			Account:   fmt.Sprintf("Account %d", 1+g.rng.IntN(900)),
			Owner:     sampleOwners[g.rng.IntN(len(sampleOwners))],
			CreatedOn: created,
			Amount:    decimal.NullDecimal{Decimal: cents(100 * int64(math.Exp(g.rng.NormFloat64()*0.8+math.Log(9000)))), Valid: true},
			Attrs:     map[string]string{"product": []string{"basic", "pro", "enterprise"}[weightedIndex(g.rng, []float64{0.4, 0.4, 0.2})]},
		}
		at := g.businessInstant(created)
		deal.Outcome = OutcomeOpen
		for s, stage := range sampleStages {
			if at.After(sampleAsOf) {
				break
			}
			deal.Stage = stage
			g.d.DealStages = append(g.d.DealStages, DealStage{DealID: deal.ID, Stage: stage, EnteredAt: at})
			at = at.Add(g.exponential(time.Duration(9+3*s) * 24 * time.Hour))
			if at.After(sampleAsOf) {
				break
			}
			// Each stage loses some deals; past the last stage the rest win.
			if g.rng.Float64() < 0.18 || s == len(sampleStages)-1 {
				won := s == len(sampleStages)-1 && g.rng.Float64() < 0.7
				deal.Outcome, deal.Stage = OutcomeLost, "Lost"
				if won {
					deal.Outcome, deal.Stage = OutcomeWon, "Won"
				}
				deal.ClosedOn = at.Truncate(24 * time.Hour)
				g.d.DealStages = append(g.d.DealStages, DealStage{DealID: deal.ID, Stage: deal.Stage, EnteredAt: at})
				break
			}
		}
		g.d.Deals = append(g.d.Deals, deal)
	}
}

// tickets generates support tickets with first responses, resolutions,
// contact counts and an occasional satisfaction rating.
func (g *generator) tickets() {
	end := sampleAsOf.AddDate(0, 0, 1)
	id := 0
	for _, c := range g.d.Customers {
		last := end
		if !c.ChurnedOn.IsZero() {
			last = c.ChurnedOn
		}
		for range poisson(g.rng, 0.3*float64(g.days(c.SignedUpOn, last))/30) {
			id++
			created := g.businessInstant(g.day(c.SignedUpOn, last))
			t := Ticket{ID: fmt.Sprintf("T%06d", id), CustomerID: c.ID, CreatedAt: created}
			t.FirstResponseAt = created.Add(g.exponential(2 * time.Hour))
			t.ResolvedAt = t.FirstResponseAt.Add(g.exponential(20 * time.Hour))
			contacts := 1 + poisson(g.rng, 0.6)
			t.Contacts = &contacts
			if g.rng.IntN(3) == 0 {
				rating := clampScore(g.rng.NormFloat64()+4.6-0.4*float64(contacts), 1, 5)
				t.CSAT = &rating
			}
			if !t.FirstResponseAt.Before(end) {
				t.FirstResponseAt, t.ResolvedAt, t.Contacts, t.CSAT = time.Time{}, time.Time{}, nil, nil
			} else if !t.ResolvedAt.Before(end) {
				t.ResolvedAt, t.Contacts = time.Time{}, nil
			}
			g.d.Tickets = append(g.d.Tickets, t)
			g.ticketSurveys(t)
		}
	}
}

// ticketSurveys adds the CSAT and CES answers that a rated, resolved ticket
// produces in responses.csv.
func (g *generator) ticketSurveys(t Ticket) {
	if t.CSAT == nil || t.ResolvedAt.IsZero() {
		return
	}
	day := t.ResolvedAt.Truncate(24 * time.Hour)
	csat := *t.CSAT
	g.d.Responses = append(g.d.Responses, Response{
		ID: "S" + t.ID, CustomerID: t.CustomerID, AnsweredOn: day, Survey: SurveyCSAT, Score: &csat,
	})
	ces := clampScore(g.rng.NormFloat64()*1.2+float64(csat)+1.2-0.5*float64(*t.Contacts-1), 1, 7)
	g.d.Responses = append(g.d.Responses, Response{
		ID: "E" + t.ID, CustomerID: t.CustomerID, AnsweredOn: day, Survey: SurveyCES, Score: &ces,
	})
}

// activity generates product usage over the last 60 days: each active
// customer has a few users who use some features on some days.
func (g *generator) activity() {
	from := sampleAsOf.AddDate(0, 0, -59)
	for i, c := range g.d.Customers {
		if c.SignedUpOn.After(sampleAsOf) || !c.ChurnedOn.IsZero() {
			continue
		}
		users := 1 + g.rng.IntN(min(8, g.plans[i].max))
		engagement := g.rng.Float64() * 0.6
		for u := range users {
			first := from
			if c.SignedUpOn.After(first) {
				first = c.SignedUpOn
			}
			for day := first; !day.After(sampleAsOf); day = day.AddDate(0, 0, 1) {
				if g.rng.Float64() > engagement {
					continue
				}
				for _, f := range sampleFeatures[:1+g.rng.IntN(3)] {
					g.d.Activity = append(g.d.Activity, Activity{
						CustomerID: c.ID, UserID: "u" + strconv.Itoa(u+1), ActiveOn: day, Feature: f,
					})
				}
			}
		}
	}
}

// costs generates monthly acquisition and retention spend.
func (g *generator) costs() {
	for month := sampleStart; !month.After(sampleAsOf); month = month.AddDate(0, 1, 0) {
		growth := 1 + float64(g.days(sampleStart, month))/365
		g.d.Costs = append(g.d.Costs,
			Cost{Month: month, Kind: CostAcquisition, Amount: cents(int64((4_000_000 + g.rng.Float64()*1_000_000) * growth))},
			Cost{Month: month, Kind: CostRetention, Amount: cents(int64((900_000 + g.rng.Float64()*200_000) * growth))},
		)
	}
}

// lastDay returns the earlier of end and churnedOn, ignoring a zero
// churnedOn.
func lastDay(end, churnedOn time.Time) time.Time {
	if !churnedOn.IsZero() && churnedOn.Before(end) {
		return churnedOn
	}
	return end
}

// gammaVariate draws from the gamma distribution with the given shape and
// scale 1 (Marsaglia and Tsang, 2000; shapes below 1 use the boost
// Gamma(k) = Gamma(k+1)·U^(1/k)).
func gammaVariate(rng *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gammaVariate(rng, shape+1) * math.Pow(rng.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := rng.Float64(); math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// betaVariate draws from the beta distribution with shapes a and b.
func betaVariate(rng *rand.Rand, a, b float64) float64 {
	x := gammaVariate(rng, a)
	return x / (x + gammaVariate(rng, b))
}

// weightedIndex draws an index with probability proportional to weights.
func weightedIndex(rng *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// poisson draws a Poisson count with mean lambda by Knuth's method, which is
// exact and fast for the small means used here.
func poisson(rng *rand.Rand, lambda float64) int {
	limit, product, k := math.Exp(-lambda), rng.Float64(), 0
	for product > limit {
		k++
		product *= rng.Float64()
	}
	return k
}

func clampScore(x float64, lo, hi int) int {
	return min(hi, max(lo, int(math.Round(x))))
}
