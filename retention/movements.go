package retention

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/crmmetrics/crmmetrics/internal/decsum"
	"github.com/shopspring/decimal"
)

// CustomerMonth is one customer's monthly recurring revenue in one calendar
// month. A customer without a row for a month had no MRR that month; a row
// with MRR 0 (a free plan) means the same.
type CustomerMonth struct {
	Customer string          `json:"customer"`
	Month    Month           `json:"month"`
	MRR      decimal.Decimal `json:"mrr"`
	// Currency is the currency code; all rows of one computation share it.
	Currency string `json:"currency"`
}

// Movements is the MRR bridge of one month or of a range of months: the
// MRR at the start, the five movements, and the MRR at the end, with the
// number of customers behind each. Movement amounts are positive; the
// bridge always closes to the cent:
//
//	End = Start + New + Expansion + Reactivation − Contraction − Churn
//
// Movements hold no currency: Bridge keeps it, and the caller must not add
// Movements of different currencies.
type Movements struct {
	// From and To are the first and last month covered.
	From Month `json:"from"`
	To   Month `json:"to"`
	// Start is the MRR of the month before From.
	Start decimal.Decimal `json:"start"`
	// New is the MRR of customers paying for the first time.
	New decimal.Decimal `json:"new"`
	// Expansion is the increase of customers who paid in both months.
	Expansion decimal.Decimal `json:"expansion"`
	// Reactivation is the whole MRR of customers who paid in some earlier
	// month, paid nothing in the month before, and pay again.
	Reactivation decimal.Decimal `json:"reactivation"`
	// Contraction is the decrease of customers who paid in both months.
	Contraction decimal.Decimal `json:"contraction"`
	// Churn is the previous month's MRR of customers who pay nothing now.
	Churn decimal.Decimal `json:"churn"`
	// End is the MRR of month To.
	End decimal.Decimal `json:"end"`

	StartCustomers       int64 `json:"start_customers"`
	NewCustomers         int64 `json:"new_customers"`
	ExpansionCustomers   int64 `json:"expansion_customers"`
	ReactivatedCustomers int64 `json:"reactivated_customers"`
	ContractionCustomers int64 `json:"contraction_customers"`
	ChurnedCustomers     int64 `json:"churned_customers"`
	EndCustomers         int64 `json:"end_customers"`
}

// NetNew returns New + Expansion + Reactivation − Contraction − Churn, which
// equals End − Start.
func (m Movements) NetNew() decimal.Decimal {
	return m.New.Add(m.Expansion).Add(m.Reactivation).Sub(m.Contraction).Sub(m.Churn)
}

// QuickRatio returns the SaaS quick ratio
//
//	(New + Expansion) / (Contraction + Churn)
//
// as Baremetrics defines it, or with Reactivation added to the numerator
// when withReactivation is true (tools differ on this). It is at least 0.
// It returns an error wrapping ErrNoLosses when contraction and churn are
// both 0.
func (m Movements) QuickRatio(withReactivation bool) (float64, error) {
	losses := m.Contraction.Add(m.Churn)
	if losses.IsZero() {
		return 0, errorf(ErrNoLosses, "quick ratio %s..%s: no contraction or churn", m.From, m.To)
	}
	gains := m.New.Add(m.Expansion)
	if withReactivation {
		gains = gains.Add(m.Reactivation)
	}
	return ratio(gains, losses), nil
}

// GrossChurnRate returns ChartMogul's gross MRR churn rate
//
//	(Churn + Contraction) / Start
//
// For one month it lies in [0, 1]. Over several months it can exceed 1,
// because customers who join after the start can churn; use
// Bridge.Cohort for rates over a range. It returns an error wrapping
// ErrNoRevenue when Start is 0.
func (m Movements) GrossChurnRate() (float64, error) {
	if m.Start.IsZero() {
		return 0, errorf(ErrNoRevenue, "gross MRR churn %s..%s: starting MRR is 0", m.From, m.To)
	}
	return ratio(m.Churn.Add(m.Contraction), m.Start), nil
}

// NetChurnRate returns ChartMogul's net MRR churn rate
//
//	(Churn + Contraction − Expansion − Reactivation) / Start
//
// which is negative when expansion and reactivation outweigh losses. For
// one month it is at most 1. It returns an error wrapping ErrNoRevenue when
// Start is 0.
func (m Movements) NetChurnRate() (float64, error) {
	if m.Start.IsZero() {
		return 0, errorf(ErrNoRevenue, "net MRR churn %s..%s: starting MRR is 0", m.From, m.To)
	}
	net := m.Churn.Add(m.Contraction).Sub(m.Expansion).Sub(m.Reactivation)
	return ratio(net, m.Start), nil
}

// Bridge is the month-by-month MRR bridge of a range of months, with the
// revenue retention of the customers who paid in the month before the
// range.
//
// The zero value is an empty bridge. Bridges of disjoint sets of customers
// over the same months combine with Merge to exactly the bridge of one
// pass over all of them.
type Bridge struct {
	// Months has one entry per month of the range, in order.
	Months []Movements `json:"months"`
	// Cohort follows the customers with MRR in the month before the range
	// (the opening month) to the last month of the range.
	Cohort RevenueCohort `json:"cohort"`
	// Currency is the currency of the rows the bridge was built from, ""
	// when it was built from no rows. Merge refuses to add bridges whose
	// currencies differ.
	Currency string `json:"currency"`
}

// Total returns the movements of the whole range: Start of the first
// month, End of the last, and the sums of the movements and their customer
// counts. A customer who moves in several months is counted once per
// month. The empty bridge gives the zero Movements.
func (b Bridge) Total() Movements {
	if len(b.Months) == 0 {
		return Movements{}
	}
	first, last := b.Months[0], b.Months[len(b.Months)-1]
	total := Movements{From: first.From, To: last.To, Start: first.Start, End: last.End,
		StartCustomers: first.StartCustomers, EndCustomers: last.EndCustomers}
	var sums [5]decsum.Sum
	for _, m := range b.Months {
		for i, d := range [5]decimal.Decimal{m.New, m.Expansion, m.Reactivation, m.Contraction, m.Churn} {
			sums[i].Add(d)
		}
		total.NewCustomers += m.NewCustomers
		total.ExpansionCustomers += m.ExpansionCustomers
		total.ReactivatedCustomers += m.ReactivatedCustomers
		total.ContractionCustomers += m.ContractionCustomers
		total.ChurnedCustomers += m.ChurnedCustomers
	}
	total.New, total.Expansion, total.Reactivation = sums[0].Value(), sums[1].Value(), sums[2].Value()
	total.Contraction, total.Churn = sums[3].Value(), sums[4].Value()
	return total
}

// Merge adds the bridge of other customers over the same months. It
// returns an error wrapping ErrMonthOutOfRange when both bridges are
// non-empty and cover different months. A bridge that BuildBridge cannot
// give, as JSON may hold (months not consecutive, a negative amount or
// count, or a month that does not close), gives ErrInvalidMonth or
// ErrInvalidCounts. Both having a Currency and the two differing gives
// ErrCurrencyMismatch. On error b is unchanged. A bridge with Currency ""
// (built from no rows) takes other's currency.
func (b *Bridge) Merge(other Bridge) error {
	if err := errors.Join(b.validate(), other.validate()); err != nil {
		return err
	}
	if b.Currency != "" && other.Currency != "" && b.Currency != other.Currency {
		return errorf(ErrCurrencyMismatch, "merge bridges in %q and %q", b.Currency, other.Currency)
	}
	if len(b.Months) > 0 && len(other.Months) > 0 &&
		(len(b.Months) != len(other.Months) || b.Months[0].From != other.Months[0].From) {
		return errorf(ErrMonthOutOfRange, "merge bridges of %s..%s and %s..%s",
			b.Months[0].From, b.Months[len(b.Months)-1].To,
			other.Months[0].From, other.Months[len(other.Months)-1].To)
	}

	if b.Currency == "" {
		b.Currency = other.Currency
	}
	switch {
	case len(b.Months) == 0:
		b.Months = slices.Clone(other.Months)
	case len(other.Months) > 0:
		for i := range b.Months {
			b.Months[i].merge(other.Months[i])
		}
	}
	b.Cohort.Merge(other.Cohort)
	return nil
}

// validate returns an error for a bridge that BuildBridge and Merge cannot
// give: months not consecutive or invalid (ErrInvalidMonth), or a month
// with a negative amount or count, or that does not close, Start + NetNew
// ≠ End (ErrInvalidCounts). Counts that overflow in Merge are caught here
// on the next Merge, as mergeCount leaves math.MinInt64.
func (b Bridge) validate() error {
	for i, m := range b.Months {
		if !m.From.valid() || m.To != m.From || (i > 0 && m.From != b.Months[0].From.AddMonths(i)) {
			return invalidMonth(fmt.Sprintf("bridge month %d", i), m.From)
		}
		if err := m.validate(); err != nil {
			return err
		}
	}
	return nil
}

// validate returns an error wrapping ErrInvalidCounts for movements with
// a negative amount or count, or that do not close.
func (m Movements) validate() error {
	for _, d := range [...]decimal.Decimal{m.Start, m.New, m.Expansion, m.Reactivation, m.Contraction, m.Churn, m.End} {
		if d.Sign() < 0 {
			return errorf(ErrInvalidCounts, "movements %s..%s: negative amount %s", m.From, m.To, d)
		}
	}
	if min(m.StartCustomers, m.NewCustomers, m.ExpansionCustomers, m.ReactivatedCustomers,
		m.ContractionCustomers, m.ChurnedCustomers, m.EndCustomers) < 0 {
		return errorf(ErrInvalidCounts, "movements %s..%s: negative or overflowed customer count", m.From, m.To)
	}
	if !m.Start.Add(m.NetNew()).Equal(m.End) {
		return errorf(ErrInvalidCounts, "movements %s..%s: start %s + net new %s ≠ end %s", m.From, m.To, m.Start, m.NetNew(), m.End)
	}
	return nil
}

func (m *Movements) merge(o Movements) {
	m.Start = m.Start.Add(o.Start)
	m.New = m.New.Add(o.New)
	m.Expansion = m.Expansion.Add(o.Expansion)
	m.Reactivation = m.Reactivation.Add(o.Reactivation)
	m.Contraction = m.Contraction.Add(o.Contraction)
	m.Churn = m.Churn.Add(o.Churn)
	m.End = m.End.Add(o.End)
	m.StartCustomers = mergeCount(m.StartCustomers, o.StartCustomers)
	m.NewCustomers = mergeCount(m.NewCustomers, o.NewCustomers)
	m.ExpansionCustomers = mergeCount(m.ExpansionCustomers, o.ExpansionCustomers)
	m.ReactivatedCustomers = mergeCount(m.ReactivatedCustomers, o.ReactivatedCustomers)
	m.ContractionCustomers = mergeCount(m.ContractionCustomers, o.ContractionCustomers)
	m.ChurnedCustomers = mergeCount(m.ChurnedCustomers, o.ChurnedCustomers)
	m.EndCustomers = mergeCount(m.EndCustomers, o.EndCustomers)
}

// monthSums accumulates one month of the bridge without allocating per
// customer. An increase or decrease is summed as the new amount minus the
// old one, each in its own exact sum, and subtracted once at the end.
type monthSums struct {
	end, new, reactivation, churn        decsum.Sum
	expansionUp, expansionDown           decsum.Sum
	contractionDown, contractionUp       decsum.Sum
	endCustomers                         int64
	newCustomers, reactivatedCustomers   int64
	expansionCustomers, contractionCount int64
	churnedCustomers                     int64
}

// BuildBridge returns the MRR bridge of the months first..last from rows of
// monthly MRR per customer. Each month compares every customer's MRR with
// the month before:
//
//	none before, some now, never paid in any earlier row: New
//	none before, some now, paid in some earlier row:      Reactivation (all of it)
//	more than before:  Expansion     less, but some:  Contraction
//	some before, none now:                             Churn (the previous MRR)
//
// Rows before first serve as history: the month before first is the
// opening month, whose MRR is the first month's Start, and any earlier row
// makes a returning customer a reactivation (ChartMogul's definitions).
// Several rows of one customer and month add up. The cohort of customers
// with MRR in the opening month is followed to month last.
//
// It returns an error naming the index for a row after last
// (ErrMonthOutOfRange), a month number outside 1..12, a year outside
// 0..9999 or last before first (ErrInvalidMonth), negative MRR
// (ErrNegativeAmount) or a currency that differs from the first row's
// (ErrCurrencyMismatch).
//
// It sorts an index of the rows, O(n log n), and otherwise allocates only
// per month of the range, not per row (except for customer-months given in
// several rows, whose sum allocates).
func BuildBridge(rows []CustomerMonth, first, last Month) (Bridge, error) {
	if err := validateMonthRows(rows, first, last); err != nil {
		return Bridge{}, err
	}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(rows[a].Customer, rows[b].Customer); c != 0 {
			return c
		}
		return rows[a].Month.Compare(rows[b].Month)
	})

	w := bridgeWalk{first: first, last: last, months: make([]monthSums, last.monthsFrom(first)+2)}
	if len(rows) > 0 {
		w.currency = rows[0].Currency
	}
	for len(order) > 0 {
		n := 1
		for n < len(order) && rows[order[n]].Customer == rows[order[0]].Customer {
			n++
		}
		w.customer(rows, order[:n])
		order = order[n:]
	}
	return w.bridge(), nil
}

func validateMonthRows(rows []CustomerMonth, first, last Month) error {
	if !first.valid() {
		return invalidMonth("first month", first)
	}
	if !last.valid() {
		return invalidMonth("last month", last)
	}
	if last.Compare(first) < 0 {
		return errorf(ErrInvalidMonth, "month range %s..%s: last month before first", first, last)
	}
	for i, r := range rows {
		switch {
		case !r.Month.valid():
			return invalidMonth(fmt.Sprintf("row %d (customer %q)", i, r.Customer), r.Month)
		case r.Month.Compare(last) > 0:
			return errorf(ErrMonthOutOfRange, "row %d (customer %q): month %s after the last month %s",
				i, r.Customer, r.Month, last)
		case r.MRR.Sign() < 0:
			return errorf(ErrNegativeAmount, "row %d (customer %q, %s): negative MRR %s",
				i, r.Customer, r.Month, r.MRR)
		case r.Currency != rows[0].Currency:
			return errorf(ErrCurrencyMismatch, "row %d (customer %q, %s): currency %q differs from %q of row 0",
				i, r.Customer, r.Month, r.Currency, rows[0].Currency)
		}
	}
	return nil
}

// bridgeWalk accumulates a bridge one customer at a time. months[0] is the
// opening month (first − 1) and months[k] is month first + k − 1.
type bridgeWalk struct {
	first, last Month
	months      []monthSums
	cohort      cohortSums
	currency    string
}

type cohortSums struct {
	customers            int64
	start, end, retained decsum.Sum
}

// customer walks one customer's rows, given in month order.
func (w *bridgeWalk) customer(rows []CustomerMonth, order []int) {
	opening, closing := w.first.AddMonths(-1), w.last
	var openingMRR, closingMRR, previous decimal.Decimal
	var previousMonth Month
	started, paid := false, false
	for len(order) > 0 {
		month, mrr, n := monthTotal(rows, order)
		order = order[n:]

		if started && previousMonth.AddMonths(1) != month {
			// A gap after previousMonth: the customer paid nothing in the
			// month after it.
			w.step(previousMonth.AddMonths(1), previous, decimal.Decimal{}, paid)
			previous = decimal.Decimal{}
		}
		w.step(month, previous, mrr, paid)
		paid = paid || mrr.Sign() > 0
		previous, previousMonth, started = mrr, month, true
		switch month {
		case opening:
			openingMRR = mrr
		case closing:
			closingMRR = mrr
		}
	}
	if started && previousMonth != w.last {
		w.step(previousMonth.AddMonths(1), previous, decimal.Decimal{}, paid)
	}
	if openingMRR.Sign() > 0 {
		w.cohort.add(openingMRR, closingMRR)
	}
}

// monthTotal returns the month of the first row of order, the sum of the
// MRR of the rows in that month, and how many rows it read.
func monthTotal(rows []CustomerMonth, order []int) (Month, decimal.Decimal, int) {
	month := rows[order[0]].Month
	if len(order) == 1 || rows[order[1]].Month != month {
		return month, rows[order[0]].MRR, 1
	}
	var sum decsum.Sum
	n := 0
	for n < len(order) && rows[order[n]].Month == month {
		sum.Add(rows[order[n]].MRR)
		n++
	}
	return month, sum.Value(), n
}

// step records the change of one customer's MRR from previous, the MRR of
// the month before month, to current. paid reports whether the customer
// had MRR in any month before the previous one.
func (w *bridgeWalk) step(month Month, previous, current decimal.Decimal, paid bool) {
	k := month.monthsFrom(w.first) + 1
	if k < 0 || k >= len(w.months) {
		return
	}
	s := &w.months[k]
	if current.Sign() > 0 {
		s.end.Add(current)
		s.endCustomers++
	}
	if k == 0 {
		return
	}
	switch was, is := previous.Sign() > 0, current.Sign() > 0; {
	case !was && is && paid:
		s.reactivation.Add(current)
		s.reactivatedCustomers++
	case !was && is:
		s.new.Add(current)
		s.newCustomers++
	case was && !is:
		s.churn.Add(previous)
		s.churnedCustomers++
	case was && is:
		switch compareDecimals(current, previous) {
		case 1:
			s.expansionUp.Add(current)
			s.expansionDown.Add(previous)
			s.expansionCustomers++
		case -1:
			s.contractionDown.Add(previous)
			s.contractionUp.Add(current)
			s.contractionCount++
		}
	}
}

func (c *cohortSums) add(start, end decimal.Decimal) {
	c.customers++
	c.start.Add(start)
	c.end.Add(end)
	if compareDecimals(end, start) < 0 {
		c.retained.Add(end)
	} else {
		c.retained.Add(start)
	}
}

// bridge derives the per-month movements from the sums.
func (w *bridgeWalk) bridge() Bridge {
	b := Bridge{Months: make([]Movements, len(w.months)-1), Currency: w.currency}
	for k := 1; k < len(w.months); k++ {
		s, before := &w.months[k], &w.months[k-1]
		month := w.first.AddMonths(k - 1)
		b.Months[k-1] = Movements{
			From: month, To: month,
			Start:        before.end.Value(),
			New:          s.new.Value(),
			Expansion:    s.expansionUp.Value().Sub(s.expansionDown.Value()),
			Reactivation: s.reactivation.Value(),
			Contraction:  s.contractionDown.Value().Sub(s.contractionUp.Value()),
			Churn:        s.churn.Value(),
			End:          s.end.Value(),

			StartCustomers:       before.endCustomers,
			NewCustomers:         s.newCustomers,
			ExpansionCustomers:   s.expansionCustomers,
			ReactivatedCustomers: s.reactivatedCustomers,
			ContractionCustomers: s.contractionCount,
			ChurnedCustomers:     s.churnedCustomers,
			EndCustomers:         s.endCustomers,
		}
	}
	b.Cohort = RevenueCohort{
		Customers: w.cohort.customers,
		Start:     w.cohort.start.Value(),
		End:       w.cohort.end.Value(),
		Retained:  w.cohort.retained.Value(),
	}
	return b
}
