package main

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// The rows below are the elements of the pipeline's input PCollections.
// Every field is exported because Beam's row coder encodes exported fields
// only. File and Line (1-based, the header is line 1; 0 for generated rows)
// let a later step name the row behind a value it rejects.

// Survey kinds of responses.csv.
const (
	surveyNPS  = "nps"
	surveyCSAT = "csat"
	surveyCES  = "ces"
)

// Segment labels that are not attribute values.
const (
	// segmentAll is the key of the figures over every row.
	segmentAll = "(all)"
	// segmentNone is the segment of a row whose segment attribute is empty
	// or whose customer is not in customers.csv.
	segmentNone = "(none)"
)

// Customer is a row of customers.csv.
type Customer struct {
	File       string
	Line       int64
	ID         string
	SignedUpOn time.Time
	// ChurnedOn is the first day without the customer; zero while active.
	ChurnedOn time.Time
	// Segment is the value of the segment attribute, segmentNone when the
	// cell is empty or no segment attribute was chosen.
	Segment string
}

// where returns the file and line of the row, for error messages.
func (c Customer) where() string {
	return fmt.Sprintf("%s line %d, customer %q", c.File, c.Line, c.ID)
}

// Response is a row of responses.csv.
type Response struct {
	File       string
	Line       int64
	ID         string
	CustomerID string
	AnsweredOn time.Time
	// Survey is surveyNPS, surveyCSAT or surveyCES.
	Survey string
	// Answered is false for a submission without a score; Score is then 0.
	Answered bool
	Score    int64
	// OwnSegment reports whether responses.csv has the segment attribute as
	// a column, in which case Segment is its value and the customer's
	// attribute is not looked up.
	OwnSegment bool
	Segment    string
}

// where returns the file and line of the row, for error messages.
func (r Response) where() string {
	return fmt.Sprintf("%s line %d, response %q", r.File, r.Line, r.ID)
}

// Answer is one survey submission as the survey CombineFns take it.
type Answer struct {
	// Where is the file and line of the response row, for the error of a
	// rejected score.
	Where    string
	Answered bool
	Score    int64
}

// SubscriptionMonth is a row of subscriptions.csv: a customer's monthly
// recurring revenue in one calendar month.
type SubscriptionMonth struct {
	File       string
	Line       int64
	CustomerID string
	// Month is the first day of the month, at 00:00 UTC.
	Month time.Time
	MRR   decimal.Decimal
}

// where returns the file and line of the row, for error messages.
func (m SubscriptionMonth) where() string {
	return fmt.Sprintf("%s line %d, customer %q, month %s", m.File, m.Line, m.CustomerID, m.Month.Format(monthLayout))
}

// Order is a row of orders.csv.
type Order struct {
	File       string
	Line       int64
	ID         string
	CustomerID string
	OrderedOn  time.Time
	Amount     decimal.Decimal
}

// where returns the file and line of the row, for error messages.
func (o Order) where() string {
	return fmt.Sprintf("%s line %d, order %q", o.File, o.Line, o.ID)
}
