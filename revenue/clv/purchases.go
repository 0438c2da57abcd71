package clv

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// maxSpanDays is the longest span in days from a first purchase day to the
// cut-off day that Summarize accepts: 106,751, the whole days in the
// largest time.Duration (about 292 years).
const maxSpanDays = int64(math.MaxInt64 / int64(Day))

// MeanValuePlaces is the number of decimal places to which Summarize rounds
// each customer's mean repeat value (half away from zero).
const MeanValuePlaces = 12

// Purchases accumulates purchases per customer and calendar day, the input
// of the BG/NBD and Gamma-Gamma summaries: several purchases of a customer
// on one day count as one purchase worth their total. The zero value is
// empty and ready to use. Purchases holds one entry per customer and
// purchase day, so shards of the same customers can be merged in any order.
type Purchases struct {
	// Days maps a customer ID to the customer's purchase days in strictly
	// ascending order. UnmarshalJSON and Summarize reject a Days that
	// breaks this or holds an empty ID or a negative value.
	Days map[string][]PurchaseDay `json:"days"`
}

// PurchaseDay is the total value of a customer's purchases on one calendar
// day.
type PurchaseDay struct {
	// Day counts calendar days from 1970-01-01 to the purchase's date in the
	// location passed to Add.
	Day int64 `json:"day"`
	// Value is the sum of the day's purchase amounts.
	Value decimal.Decimal `json:"value"`
}

// Add records a purchase of amount by the customer at time at, on the
// calendar day of at in loc. It returns an error wrapping
// ErrInvalidPurchase for an empty customer ID, the zero time.Time, a nil
// location or a negative amount. The zero time is what a missing date
// usually decodes to. An amount of 0 is a purchase.
func (p *Purchases) Add(customerID string, at time.Time, amount decimal.Decimal, loc *time.Location) error {
	switch {
	case customerID == "":
		return fmt.Errorf("%w: empty customer id (purchase at %v)", ErrInvalidPurchase, at)
	case at.IsZero():
		return fmt.Errorf("%w: customer %q: purchase time is missing (the zero time.Time)", ErrInvalidPurchase, customerID)
	case loc == nil:
		return fmt.Errorf("%w: customer %q: nil location", ErrInvalidPurchase, customerID)
	case amount.IsNegative():
		return fmt.Errorf("%w: customer %q: amount %s at %v is negative", ErrInvalidPurchase, customerID, amount, at)
	}
	p.addDay(customerID, PurchaseDay{Day: civilDay(at, loc), Value: amount})
	return nil
}

// Merge adds the purchases of other to p, so that merging the shards of a
// purchase log gives the Purchases of the whole log. It does not modify
// other.
func (p *Purchases) Merge(other Purchases) {
	for id, days := range other.Days {
		for _, day := range days {
			p.addDay(id, day)
		}
	}
}

// addDay inserts day into the customer's sorted days or adds its value to
// the day already there.
func (p *Purchases) addDay(customerID string, day PurchaseDay) {
	if p.Days == nil {
		p.Days = make(map[string][]PurchaseDay)
	}
	days := p.Days[customerID]
	// A log in date order appends after the last day; check that first.
	if n := len(days); n == 0 || days[n-1].Day < day.Day {
		p.Days[customerID] = append(days, day)
		return
	}
	i, found := slices.BinarySearchFunc(days, day.Day, func(d PurchaseDay, target int64) int {
		return cmp.Compare(d.Day, target)
	})
	if found {
		days[i].Value = days[i].Value.Add(day.Value)
		return
	}
	p.Days[customerID] = slices.Insert(days, i, day)
}

// Summarize returns the customers' summaries at the end of the calendar day
// asOf in loc, sorted by ID: Frequency = purchase days − 1, Recency = first
// to last purchase day, Age = first purchase day to asOf's day, both a
// whole number of days, and MeanValue = the mean value of the purchase days
// after the first, rounded to MeanValuePlaces. Fit the models in any time
// unit afterwards.
//
// Summarize checks the invariants of Days that Add and Merge keep, because
// a Purchases built by hand or decoded by a coder other than UnmarshalJSON
// may break them. It returns an error wrapping ErrNoCustomers when no
// purchase was added. It returns ErrInvalidPurchase naming the customer for
// an empty customer id, a customer without purchase days, days out of
// ascending order or repeated, a negative value, or a purchase day after
// asOf. It also returns ErrInvalidPurchase for a first purchase day more
// than 106,751 days (about 292 years) before asOf's day, whose age does not
// fit in a time.Duration, and for a nil location.
func (p Purchases) Summarize(asOf time.Time, loc *time.Location) ([]Customer, error) {
	if loc == nil {
		return nil, fmt.Errorf("%w: nil location", ErrInvalidPurchase)
	}
	if len(p.Days) == 0 {
		return nil, ErrNoCustomers
	}
	end := civilDay(asOf, loc)
	ids := sortedIDs(p.Days)

	customers := make([]Customer, 0, len(ids))
	for _, id := range ids {
		c, err := summarizeDays(id, p.Days[id], end)
		if err != nil {
			return nil, err
		}
		customers = append(customers, c)
	}
	return customers, nil
}

func summarizeDays(id string, days []PurchaseDay, end int64) (Customer, error) {
	if err := validateDays(id, days); err != nil {
		return Customer{}, err
	}
	first, last := days[0].Day, days[len(days)-1].Day
	if last > end {
		return Customer{}, fmt.Errorf("%w: customer %q: purchase on %s is after the cut-off day %s",
			ErrInvalidPurchase, id, dayString(last), dayString(end))
	}
	// first ≤ last ≤ end, so the age bounds the recency. The difference
	// of two int64 day numbers wraps to a negative number when it
	// exceeds math.MaxInt64.
	if span := end - first; span < 0 || span > maxSpanDays {
		return Customer{}, fmt.Errorf("%w: customer %q: first purchase on %s is more than %d days before the cut-off day %s, so its age overflows time.Duration",
			ErrInvalidPurchase, id, dayString(first), maxSpanDays, dayString(end))
	}
	c := Customer{
		ID:        id,
		Frequency: len(days) - 1,
		Recency:   time.Duration(last-first) * Day,
		Age:       time.Duration(end-first) * Day,
	}
	if c.Frequency > 0 {
		var sum decsum.Sum
		for _, day := range days[1:] {
			sum.Add(day.Value)
		}
		c.MeanValue = sum.Value().DivRound(decimal.NewFromInt(int64(c.Frequency)), MeanValuePlaces)
	}
	return c, nil
}

// UnmarshalJSON decodes the JSON that encoding/json writes for a
// Purchases and replaces p's contents with it. It rejects what Add and
// Merge cannot produce, with an error wrapping ErrInvalidPurchase naming
// the customer: an empty customer id, a customer without purchase days,
// days out of ascending order or repeated, or a negative value. Accepted
// data keeps the invariants that Add relies on. The JSON null leaves p
// unchanged.
func (p *Purchases) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	type plain Purchases // the same fields without this method
	var decoded plain
	if err := json.Unmarshal(data, &decoded); err != nil {
		return err
	}
	// Sorted, so that the error names the same customer on every run.
	for _, id := range sortedIDs(decoded.Days) {
		if err := validateDays(id, decoded.Days[id]); err != nil {
			return err
		}
	}
	*p = Purchases(decoded)
	return nil
}

func sortedIDs(days map[string][]PurchaseDay) []string {
	ids := make([]string, 0, len(days))
	for id := range days {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// validateDays checks the invariants that Add and Merge keep for one
// customer: a non-empty id, at least one purchase day, days in strictly
// ascending order and values ≥ 0.
func validateDays(id string, days []PurchaseDay) error {
	if id == "" {
		return fmt.Errorf("%w: empty customer id with %d purchase days", ErrInvalidPurchase, len(days))
	}
	if len(days) == 0 {
		return fmt.Errorf("%w: customer %q has no purchase days", ErrInvalidPurchase, id)
	}
	for i, day := range days {
		if day.Value.IsNegative() {
			return fmt.Errorf("%w: customer %q: purchase day %d (%s) has negative value %s",
				ErrInvalidPurchase, id, i, dayString(day.Day), shortDecimal(day.Value))
		}
		if i > 0 && day.Day <= days[i-1].Day {
			return fmt.Errorf("%w: customer %q: purchase day %d (%s) is not after purchase day %d (%s): days must be ascending without repeats",
				ErrInvalidPurchase, id, i, dayString(day.Day), i-1, dayString(days[i-1].Day))
		}
	}
	return nil
}

// civilDay returns the number of calendar days from 1970-01-01 to the date
// of t in loc.
func civilDay(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// dayString formats a day number as a date, or as "day N" when the number
// of seconds would overflow int64 (only a decoded Purchases holds such
// days).
func dayString(day int64) string {
	if day > math.MaxInt64/86400 || day < math.MinInt64/86400 {
		return fmt.Sprintf("day %d", day)
	}
	return time.Unix(day*86400, 0).UTC().Format(time.DateOnly)
}
