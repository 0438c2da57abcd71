package retention

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"
)

// CellState is how much of a cohort cell's month has been observed.
type CellState int

const (
	// Complete means the whole month lies before the end of observation.
	Complete CellState = iota
	// InProgress means the month contains the end of observation: the
	// count covers the part observed so far and can still change.
	InProgress
	// NotObservable means the month starts at or after the end of
	// observation: there is no data, which is not the same as 0%.
	NotObservable
)

// String returns the CellState's name, or CellState(n) for an unknown value.
func (s CellState) String() string {
	switch s {
	case Complete:
		return "complete"
	case InProgress:
		return "in progress"
	case NotObservable:
		return "not observable"
	}
	return fmt.Sprintf("CellState(%d)", int(s))
}

// CohortCell is the retention of one cohort at one age.
type CohortCell struct {
	// Age is the number of months since the cohort month; age 0 is the
	// cohort month itself.
	Age int `json:"age"`
	// Active is the number of the cohort's customers active at that age.
	Active int64 `json:"active"`
	// Share is Active divided by the cohort size, in [0, 1]; it is 0 and
	// meaningless when State is NotObservable.
	Share float64   `json:"share"`
	State CellState `json:"state"`
}

// Cohort is one row of a cohort table: the customers who started in Month.
type Cohort struct {
	Month Month `json:"month"`
	// Size is the number of customers in the cohort, always positive.
	Size int64 `json:"size"`
	// Cells has one cell per age from 0 to the table's largest age;
	// ages the cohort has not reached are NotObservable.
	Cells []CohortCell `json:"cells"`
}

// CohortTable is a cohort retention table: cohorts by start month, in
// increasing month, and their retention by months since start.
//
// The zero value is an empty table. Tables of disjoint sets of customers
// built with the same end of observation and location combine with Merge
// to exactly the table of one pass over all of them.
type CohortTable struct {
	Cohorts []Cohort `json:"cohorts"`
}

// Retention returns the retention at age pooled over the cohorts whose
// cell at that age is Complete: their active customers over their sizes,
// the weighted mean that Amplitude reports. Cohorts that have not
// completed the age are left out rather than counted as 0. It returns an
// error wrapping ErrNoCustomers when no cohort has completed the age, and
// one wrapping ErrInvalidCounts or ErrInvalidMonth for a table that
// fails the checks of Merge or whose pooled sizes overflow int64.
func (t CohortTable) Retention(age int) (Rate, error) {
	if err := t.validate(); err != nil {
		return Rate{}, err
	}
	var active, size int64
	for _, c := range t.Cohorts {
		if age >= 0 && age < len(c.Cells) && c.Cells[age].State == Complete {
			var ok bool
			if size, ok = addCounts(size, c.Size); !ok {
				return Rate{}, errorf(ErrInvalidCounts, "cohort retention at age %d: pooled size overflows int64", age)
			}
			active += c.Cells[age].Active // at most size: no overflow
		}
	}
	if size == 0 {
		return Rate{}, errorf(ErrNoCustomers, "cohort retention at age %d: no cohort has completed it", age)
	}
	return newRate(active, size), nil
}

// Merge adds the cohorts of other customers observed to the same end. It
// checks both tables first, because either may come from JSON. An invalid
// cohort month gives an error wrapping ErrInvalidMonth. A size that is not
// positive, a cell whose Age is not its index, whose Active is outside
// [0, Size] or whose State is unknown, or sizes whose sum overflows int64
// give ErrInvalidCounts. On error t is unchanged.
func (t *CohortTable) Merge(other CohortTable) error {
	if err := errors.Join(t.validate(), other.validate()); err != nil {
		return err
	}
	counts, ok := t.counts()
	if !ok {
		return errorf(ErrInvalidCounts, "cohort table: sizes of one month overflow int64")
	}
	for i, c := range other.Cohorts {
		if !counts.addCohort(c) {
			return errorf(ErrInvalidCounts, "cohort %d (%s): merged size overflows int64", i, c.Month)
		}
	}
	*t = counts.table()
	return nil
}

// validate checks every cohort of t; see Merge.
func (t CohortTable) validate() error {
	for i, c := range t.Cohorts {
		if err := c.validate(i); err != nil {
			return err
		}
	}
	return nil
}

// validate checks the cohort's month, size and cells; i is its index.
func (c Cohort) validate(i int) error {
	if !c.Month.valid() {
		return invalidMonth(fmt.Sprintf("cohort %d", i), c.Month)
	}
	if c.Size <= 0 {
		return errorf(ErrInvalidCounts, "cohort %d (%s): size %d is not positive", i, c.Month, c.Size)
	}
	for j, cell := range c.Cells {
		switch {
		case cell.Age != j:
			return errorf(ErrInvalidCounts, "cohort %d (%s): cell %d has age %d, not %d", i, c.Month, j, cell.Age, j)
		case cell.Active < 0 || cell.Active > c.Size:
			return errorf(ErrInvalidCounts, "cohort %d (%s): cell %d has %d active, outside [0, %d]", i, c.Month, j, cell.Active, c.Size)
		case cell.State < Complete || cell.State > NotObservable:
			return errorf(ErrInvalidCounts, "cohort %d (%s): cell %d has unknown state %d", i, c.Month, j, int(cell.State))
		}
	}
	return nil
}

// cohortCounts is a table under construction, keyed by cohort month.
type cohortCounts struct {
	cohorts map[Month]*Cohort
}

// counts returns t under construction, or false when the sizes of rows
// of one month overflow int64.
func (t CohortTable) counts() (cohortCounts, bool) {
	cc := cohortCounts{cohorts: map[Month]*Cohort{}}
	for _, c := range t.Cohorts {
		if !cc.addCohort(c) {
			return cc, false
		}
	}
	return cc, true
}

// addCohort adds c to its row, or returns false when the row's size
// would overflow int64. Active counts are at most their sizes, so they
// cannot overflow when the sizes do not.
func (cc *cohortCounts) addCohort(c Cohort) bool {
	row := cc.cohort(c.Month)
	size, ok := addCounts(row.Size, c.Size)
	if !ok {
		return false
	}
	row.Size = size
	for _, cell := range c.Cells {
		r := row.cell(cell.Age)
		r.Active += cell.Active
		// A cell padded here is NotObservable, the largest state; shards
		// observed to the same end agree on every other cell.
		r.State = min(r.State, cell.State)
	}
	return true
}

func (cc *cohortCounts) cohort(m Month) *Cohort {
	row, ok := cc.cohorts[m]
	if !ok {
		row = &Cohort{Month: m}
		cc.cohorts[m] = row
	}
	return row
}

func (c *Cohort) cell(age int) *CohortCell {
	for len(c.Cells) <= age {
		c.Cells = append(c.Cells, CohortCell{Age: len(c.Cells), State: NotObservable})
	}
	return &c.Cells[age]
}

// table returns the cohorts in month order, every row padded to the
// largest age, with shares.
func (cc cohortCounts) table() CohortTable {
	var t CohortTable
	width := 0
	for _, c := range cc.cohorts {
		width = max(width, len(c.Cells))
	}
	for _, c := range cc.cohorts {
		if width > 0 {
			c.cell(width - 1)
		}
		for i := range c.Cells {
			if c.Cells[i].State != NotObservable && c.Size > 0 {
				c.Cells[i].Share = float64(c.Cells[i].Active) / float64(c.Size)
			}
		}
		t.Cohorts = append(t.Cohorts, *c)
	}
	slices.SortFunc(t.Cohorts, func(a, b Cohort) int { return a.Month.Compare(b.Month) })
	return t
}

// observed returns the state of month m for observation ending at end, the
// first instant not covered, in loc.
func observed(m Month, end time.Time, loc *time.Location) CellState {
	switch {
	case !m.AddMonths(1).Start(loc).After(end):
		return Complete
	case m.Start(loc).Before(end):
		return InProgress
	}
	return NotObservable
}

// Activity is one dated activity of a customer, such as an order or a
// login.
type Activity struct {
	Customer string    `json:"customer"`
	At       time.Time `json:"at"`
}

// CohortsFromActivity returns the cohort table of activity records
// observed until end (the first instant not covered), in loc. A customer's
// cohort is the month of their first activity, and they are active at age
// k when they have an activity in the k-th month after it (Amplitude's
// "return on" retention by calendar month). Every cohort gets a cell for
// each age up to the month of end. The month containing end is
// InProgress, unless end is that month's first instant.
//
// It returns an error naming the index for an activity at or after end
// (ErrAfterEnd), one wrapping ErrInvalidMonth for an activity or end in
// a year outside 0..9999, and ErrNoLocation for a nil loc.
func CohortsFromActivity(records []Activity, end time.Time, loc *time.Location) (CohortTable, error) {
	if loc == nil {
		return CohortTable{}, errorf(ErrNoLocation, "cohorts: nil location")
	}
	if err := checkYear("end of observation", end.Add(-1), loc); err != nil {
		return CohortTable{}, err
	}
	for i, r := range records {
		if err := checkYear(fmt.Sprintf("activity %d (customer %q)", i, r.Customer), r.At, loc); err != nil {
			return CohortTable{}, err
		}
		if !r.At.Before(end) {
			return CohortTable{}, errorf(ErrAfterEnd, "activity %d (customer %q): %s not before the end of observation %s",
				i, r.Customer, formatTime(r.At), formatTime(end))
		}
	}
	order := make([]int, len(records))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(records[a].Customer, records[b].Customer); c != 0 {
			return c
		}
		return records[a].At.Compare(records[b].At)
	})

	cc := cohortCounts{cohorts: map[Month]*Cohort{}}
	for len(order) > 0 {
		n := 1
		for n < len(order) && records[order[n]].Customer == records[order[0]].Customer {
			n++
		}
		cc.activeCustomer(records, order[:n], end, loc)
		order = order[n:]
	}
	return cc.table(), nil
}

// activeCustomer adds one customer's activity, given in time order.
func (cc *cohortCounts) activeCustomer(records []Activity, order []int, end time.Time, loc *time.Location) {
	start, _ := MonthOf(records[order[0]].At, loc)
	row := cc.cohort(start)
	row.Size++
	cc.padAges(row, start, end, loc)
	lastAge := -1
	for _, i := range order {
		m, _ := MonthOf(records[i].At, loc)
		if age := m.monthsFrom(start); age != lastAge {
			row.Cells[age].Active++
			lastAge = age
		}
	}
}

// padAges gives row a cell for every age up to the month of end, with its
// observation state.
func (cc *cohortCounts) padAges(row *Cohort, start Month, end time.Time, loc *time.Location) {
	last, _ := MonthOf(end.Add(-1), loc)
	for age := 0; age <= last.monthsFrom(start); age++ {
		row.cell(age).State = observed(start.AddMonths(age), end, loc)
	}
}

// CohortsFromSubscriptions returns the cohort table of subscriptions
// observed until end (the first instant not covered), in loc. A customer's
// cohort is the month their first subscription starts, and they are active
// at age k when a subscription is active just before the end of the k-th
// month after it (start < month end ≤ end), or, for the month containing
// the end of observation, just before end. A customer who joins and leaves
// within their first month is in the cohort but not active at age 0.
//
// It returns an error naming the index for a subscription that ends before
// it starts (ErrEndBeforeStart) or starts at or after end (ErrAfterEnd),
// and ErrNoLocation for a nil loc. A start or end in a year outside
// 0..9999 gives an error wrapping ErrInvalidMonth.
func CohortsFromSubscriptions(subs []Subscription, end time.Time, loc *time.Location) (CohortTable, error) {
	if loc == nil {
		return CohortTable{}, errorf(ErrNoLocation, "cohorts: nil location")
	}
	if err := checkYear("end of observation", end.Add(-1), loc); err != nil {
		return CohortTable{}, err
	}
	for i, s := range subs {
		if err := s.validate(i); err != nil {
			return CohortTable{}, err
		}
		if err := checkYear(fmt.Sprintf("subscription %d (id %q)", i, s.ID), s.Start, loc); err != nil {
			return CohortTable{}, err
		}
		if !s.Start.Before(end) {
			return CohortTable{}, errorf(ErrAfterEnd, "subscription %d (id %q): start %s not before the end of observation %s",
				i, s.ID, formatTime(s.Start), formatTime(end))
		}
	}
	order := make([]int, len(subs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(subs[a].Customer, subs[b].Customer); c != 0 {
			return c
		}
		return subs[a].Start.Compare(subs[b].Start)
	})

	cc := cohortCounts{cohorts: map[Month]*Cohort{}}
	for len(order) > 0 {
		n := 1
		for n < len(order) && subs[order[n]].Customer == subs[order[0]].Customer {
			n++
		}
		cc.subscribedCustomer(subs, order[:n], end, loc)
		order = order[n:]
	}
	return cc.table(), nil
}

// subscribedCustomer adds one customer's subscriptions, given in order of
// start.
func (cc *cohortCounts) subscribedCustomer(subs []Subscription, order []int, end time.Time, loc *time.Location) {
	firstSub := -1
	for _, i := range order {
		if !subs[i].Start.Equal(subs[i].End) {
			firstSub = i
			break
		}
	}
	if firstSub < 0 {
		return // only empty subscriptions: never active
	}
	start, _ := MonthOf(subs[firstSub].Start, loc)
	row := cc.cohort(start)
	row.Size++
	cc.padAges(row, start, end, loc)
	for age := range row.Cells {
		at := start.AddMonths(age + 1).Start(loc)
		if at.After(end) {
			at = end
		}
		for _, i := range order {
			if activeBefore(subs[i].Start, subs[i].End, at) {
				row.Cells[age].Active++
				break
			}
		}
	}
}

// Rate returns the retention of the cohort at age as a Rate, Active of
// Size, which gives a Wilson interval. It returns an error wrapping
// ErrAfterEnd when the cell is NotObservable or age is outside the table,
// and one wrapping ErrInvalidMonth or ErrInvalidCounts for a cohort that
// fails the checks of CohortTable.Merge.
func (c Cohort) Rate(age int) (Rate, error) {
	if err := c.validate(0); err != nil {
		return Rate{}, err
	}
	if age < 0 || age >= len(c.Cells) || c.Cells[age].State == NotObservable || c.Size == 0 {
		return Rate{}, errorf(ErrAfterEnd, "cohort %s: age %d is not observed", c.Month, age)
	}
	return newRate(c.Cells[age].Active, c.Size), nil
}
