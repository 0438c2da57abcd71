package main

import (
	"time"

	"github.com/shopspring/decimal"
)

// Dataset holds every entity the report reads, typed. Dates and timestamps
// are in UTC; a zero time.Time is an empty cell ("unknown" or "not yet").
// Line is the row's line number in its CSV file (the header is line 1), or 0
// for generated rows, so that a section can name the row behind a bad value.
type Dataset struct {
	// AsOf is the last day the data covers, inclusive, at 00:00 UTC.
	AsOf time.Time
	// Files lists the files that were present, by name (for example
	// "orders.csv"); a section whose files are absent is skipped.
	Files map[string]bool

	Customers     []Customer
	Orders        []Order
	Subscriptions []SubscriptionMonth
	Responses     []Response
	Leads         []Lead
	Deals         []Deal
	DealStages    []DealStage
	Tickets       []Ticket
	Activity      []Activity
	Costs         []Cost
}

// Has reports whether every named file was present.
func (d *Dataset) Has(files ...string) bool {
	for _, f := range files {
		if !d.Files[f] {
			return false
		}
	}
	return true
}

// Customer is a row of customers.csv.
type Customer struct {
	ID         string
	SignedUpOn time.Time
	// ChurnedOn is the first day without the customer; zero while active.
	ChurnedOn time.Time
	Attrs     map[string]string
	Line      int
}

// Order is a row of orders.csv.
type Order struct {
	ID         string
	CustomerID string
	OrderedOn  time.Time
	Amount     decimal.Decimal
	Attrs      map[string]string
	Line       int
}

// SubscriptionMonth is a row of subscriptions.csv: a customer's recurring
// revenue in one calendar month.
type SubscriptionMonth struct {
	CustomerID string
	// Month is the first day of the month.
	Month time.Time
	MRR   decimal.Decimal
	Line  int
}

// Survey kinds of responses.csv.
const (
	SurveyNPS  = "nps"
	SurveyCSAT = "csat"
	SurveyCES  = "ces"
)

// Response is a row of responses.csv.
type Response struct {
	ID         string
	CustomerID string
	AnsweredOn time.Time
	// Survey is SurveyNPS, SurveyCSAT or SurveyCES.
	Survey string
	// Score is nil for a submission without an answer.
	Score *int
	Attrs map[string]string
	Line  int
}

// Lead is a row of leads.csv.
type Lead struct {
	ID              string
	CreatedAt       time.Time
	FirstResponseAt time.Time
	Qualified       bool
	Converted       bool
	Source          string
	Attrs           map[string]string
	Line            int
}

// Deal outcomes of deals.csv.
const (
	OutcomeWon  = "won"
	OutcomeLost = "lost"
	OutcomeOpen = "open"
)

// Deal is a row of deals.csv.
type Deal struct {
	ID      string
	Account string
	Owner   string
	Stage   string
	// Amount is invalid (Valid false) for an empty cell.
	Amount    decimal.NullDecimal
	CreatedOn time.Time
	ClosedOn  time.Time
	// Outcome is OutcomeWon, OutcomeLost or OutcomeOpen.
	Outcome string
	Attrs   map[string]string
	Line    int
}

// DealStage is a row of deal_stages.csv: a deal entering a stage.
type DealStage struct {
	DealID    string
	Stage     string
	EnteredAt time.Time
	Line      int
}

// Ticket is a row of tickets.csv.
type Ticket struct {
	ID              string
	CustomerID      string
	CreatedAt       time.Time
	FirstResponseAt time.Time
	ResolvedAt      time.Time
	// Contacts is the number of customer interactions until resolution, nil
	// when unknown.
	Contacts *int
	// CSAT is the ticket's satisfaction rating, nil when not rated.
	CSAT  *int
	Attrs map[string]string
	Line  int
}

// Activity is a row of activity.csv: one user of a customer using one
// feature on one day.
type Activity struct {
	CustomerID string
	UserID     string
	ActiveOn   time.Time
	Feature    string
	Line       int
}

// Cost kinds of costs.csv.
const (
	CostAcquisition = "acquisition"
	CostRetention   = "retention"
)

// Cost is a row of costs.csv: spend of one kind in one month.
type Cost struct {
	// Month is the first day of the month.
	Month  time.Time
	Kind   string
	Amount decimal.Decimal
	Line   int
}
