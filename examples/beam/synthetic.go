package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/shopspring/decimal"
)

// The synthetic input: customers of a subscription business with survey
// answers and orders, generated in independent shards so that a runner can spread a
// large input over workers. Shard i always produces the same rows, whatever
// runner or worker generates it.

var (
	syntheticAsOf  = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	syntheticFirst = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
)

const (
	syntheticFile = "synthetic"
	// syntheticSeed seeds every shard's generator together with the shard
	// number.
	syntheticSeed = 20251231
	// syntheticPerShard is the number of customers of every shard but the
	// last.
	syntheticPerShard = 1000
	// syntheticManagers is the number of account managers, the attribute
	// with many values: segmenting by it gives thousands of keys.
	syntheticManagers = 3000
	// syntheticMRRSeed seeds the generator of each shard's subscriptions.csv
	// rows, apart from the other rows, so that adding those rows changed
	// none of the others.
	syntheticMRRSeed = 20251232
)

// syntheticMRRFrom is the first month with subscriptions.csv rows: the
// opening month of the MRR bridge that ends in the month of syntheticAsOf.
// Earlier rows would only tell reactivations from new MRR, and the unpaid
// months inside the bridge already give reactivations.
var syntheticMRRFrom = time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)

// syntheticAttributes are the customer attributes the generator fills, any
// of which can be the segment attribute.
var syntheticAttributes = []string{"plan", "region", "account_manager"}

var (
	syntheticPlans   = []string{"basic", "pro", "enterprise"}
	syntheticRegions = []string{"EMEA", "Americas", "APAC"}
	// syntheticNPSMean is the mean NPS answer of each plan.
	syntheticNPSMean = []float64{7.6, 8.3, 8.9}
	// syntheticPlanMRR is the monthly price of each plan in cents, per
	// seat. The basic plan is free, so its customers have no MRR rows.
	syntheticPlanMRR = []int64{0, 9950, 49000}
)

// syntheticShard is the rows of one shard.
type syntheticShard struct {
	Customers     []Customer
	Responses     []Response
	Orders        []Order
	Subscriptions []SubscriptionMonth
}

// syntheticShards returns the number of shards of a synthetic input of n
// customers.
func syntheticShards(n int) int {
	return (n + syntheticPerShard - 1) / syntheticPerShard
}

// generateShard returns the rows of shard number shard of a synthetic input
// of total customers. A customer's segment is the value of the attribute
// segment, segmentNone for "".
func generateShard(shard, total int, segment string) syntheticShard {
	rng := rand.New(rand.NewPCG(syntheticSeed, uint64(shard)))
	mrrRNG := rand.New(rand.NewPCG(syntheticMRRSeed, uint64(shard)))
	var out syntheticShard
	days := int(syntheticAsOf.Sub(syntheticFirst).Hours()/24) + 1
	for n := shard * syntheticPerShard; n < min(total, (shard+1)*syntheticPerShard); n++ {
		c, plan := syntheticCustomer(rng, n, days, segment)
		out.Customers = append(out.Customers, c)
		out.Responses = append(out.Responses, syntheticResponses(rng, c, plan)...)
		out.Orders = append(out.Orders, syntheticOrders(rng, c)...)
		out.Subscriptions = append(out.Subscriptions, syntheticSubscriptions(mrrRNG, c, plan)...)
	}
	// An order log comes in date order, with the orders of many customers
	// interleaved.
	slices.SortStableFunc(out.Orders, func(a, b Order) int { return a.OrderedOn.Compare(b.OrderedOn) })
	return out
}

func syntheticCustomer(rng *rand.Rand, n, days int, segment string) (Customer, int) {
	plan := rng.IntN(len(syntheticPlans))
	attributes := map[string]string{
		"plan":            syntheticPlans[plan],
		"region":          syntheticRegions[rng.IntN(len(syntheticRegions))],
		"account_manager": fmt.Sprintf("AM%04d", rng.IntN(syntheticManagers)),
	}
	c := Customer{
		File:       syntheticFile,
		ID:         fmt.Sprintf("C%08d", n),
		SignedUpOn: syntheticFirst.AddDate(0, 0, rng.IntN(days)),
		Segment:    segmentNone,
	}
	if v, ok := attributes[segment]; ok {
		c.Segment = v
	}
	// About a third of the customers churn, after a geometric number of
	// months.
	if rng.IntN(3) == 0 {
		churn := c.SignedUpOn.AddDate(0, 1+int(rng.ExpFloat64()*10), 0)
		if !churn.After(syntheticAsOf) {
			c.ChurnedOn = churn
		}
	}
	return c, plan
}

// lastDay returns the last day customer c was a customer, up to as_of.
func lastDay(c Customer) time.Time {
	if c.ChurnedOn.IsZero() {
		return syntheticAsOf
	}
	return c.ChurnedOn.AddDate(0, 0, -1)
}

// syntheticOrders returns the orders of customer c: a first order on the
// day of sign-up and a geometric number of repeat orders while c was a
// customer, of 5.00 to 200.00 each.
func syntheticOrders(rng *rand.Rand, c Customer) []Order {
	span := int(lastDay(c).Sub(c.SignedUpOn).Hours()/24) + 1
	var out []Order
	for j := 0; j == 0 || rng.IntN(3) != 0; j++ {
		day := c.SignedUpOn
		if j > 0 {
			day = day.AddDate(0, 0, rng.IntN(span))
		}
		out = append(out, Order{
			File:       syntheticFile,
			ID:         fmt.Sprintf("%s-O%d", c.ID, j),
			CustomerID: c.ID,
			OrderedOn:  day,
			Amount:     decimal.New(500+rng.Int64N(19501), -2),
		})
	}
	return out
}

// syntheticSubscriptions returns the monthly MRR rows of customer c from
// the month of sign-up, or syntheticMRRFrom, to the last month c was a
// customer. The plan's price times 1 to 5 seats changes by a seat in about
// one month in twenty, and about one month in sixty is unpaid (the next
// paid month is then a reactivation).
func syntheticSubscriptions(rng *rand.Rand, c Customer, plan int) []SubscriptionMonth {
	if syntheticPlanMRR[plan] == 0 {
		return nil
	}
	seats := 1 + rng.Int64N(5)
	var out []SubscriptionMonth
	month := time.Date(c.SignedUpOn.Year(), c.SignedUpOn.Month(), 1, 0, 0, 0, 0, time.UTC)
	for ; !month.After(lastDay(c)); month = month.AddDate(0, 1, 0) {
		switch rng.IntN(60) {
		case 0:
			continue
		case 1, 2:
			seats++
		case 3:
			seats = max(1, seats-1)
		}
		if month.Before(syntheticMRRFrom) {
			continue
		}
		out = append(out, SubscriptionMonth{
			File:       syntheticFile,
			CustomerID: c.ID,
			Month:      month,
			MRR:        decimal.New(seats*syntheticPlanMRR[plan], -2),
		})
	}
	return out
}

// syntheticResponses returns 0 to 4 survey submissions of customer c,
// dated while c was a customer; about one in twenty has no answer.
func syntheticResponses(rng *rand.Rand, c Customer, plan int) []Response {
	span := int(lastDay(c).Sub(c.SignedUpOn).Hours()/24) + 1
	var out []Response
	for j := range rng.IntN(5) {
		r := Response{
			File:       syntheticFile,
			ID:         fmt.Sprintf("%s-R%d", c.ID, j),
			CustomerID: c.ID,
			AnsweredOn: c.SignedUpOn.AddDate(0, 0, rng.IntN(span)),
			Survey:     []string{surveyNPS, surveyCSAT, surveyCES}[rng.IntN(3)],
		}
		if rng.IntN(20) != 0 {
			r.Answered = true
			r.Score = syntheticScore(rng, r.Survey, plan)
		}
		out = append(out, r)
	}
	return out
}

// syntheticScore draws an answer on the survey's scale around the plan's
// mean satisfaction.
func syntheticScore(rng *rand.Rand, survey string, plan int) int64 {
	x := syntheticNPSMean[plan] + 2*rng.NormFloat64()
	switch survey {
	case surveyCSAT:
		return clamp(int64(1+x*0.45), 1, 5)
	case surveyCES:
		return clamp(int64(x*0.75), 1, 7)
	default:
		return clamp(int64(x+0.5), 0, 10)
	}
}

func clamp(v, lo, hi int64) int64 {
	return max(lo, min(v, hi))
}

// generateFn emits the rows of each shard number it receives.
type generateFn struct {
	Total   int
	Segment string
}

func (fn *generateFn) ProcessElement(shard int, emitCustomer func(Customer), emitResponse func(Response), emitOrder func(Order),
	emitSubscription func(SubscriptionMonth)) {
	rows := generateShard(shard, fn.Total, fn.Segment)
	for _, c := range rows.Customers {
		emitCustomer(c)
	}
	for _, r := range rows.Responses {
		emitResponse(r)
	}
	for _, o := range rows.Orders {
		emitOrder(o)
	}
	for _, m := range rows.Subscriptions {
		emitSubscription(m)
	}
}

// shardNumbersFn emits the shard numbers 0 to Shards-1.
type shardNumbersFn struct {
	Shards int
}

func (fn *shardNumbersFn) ProcessElement(_ []byte, emit func(int)) {
	for i := range fn.Shards {
		emit(i)
	}
}

// syntheticInputs returns the generated rows of cfg's synthetic input. The shard numbers are reshuffled so that a distributed
// runner generates the shards on several workers.
func syntheticInputs(s beam.Scope, cfg config) inputs {
	s = s.Scope("synthetic")
	shards := beam.ParDo(s, &shardNumbersFn{Shards: syntheticShards(cfg.synthetic)}, beam.Impulse(s))
	shards = beam.Reshuffle(s, shards)
	customers, responses, orders, subscriptions := beam.ParDo4(s, &generateFn{Total: cfg.synthetic, Segment: cfg.segment}, shards)
	return inputs{customers: customers, responses: responses, orders: orders, subscriptions: subscriptions}
}
