package pipeline

import "time"

// CycleOptions selects the deals of a sales cycle and how their length is
// measured. The zero value measures the elapsed time of every won deal.
type CycleOptions struct {
	// Period restricts the deals to those closed in [Start, End). The zero
	// Period counts all closed deals.
	Period Period
	// IncludeLost counts lost deals as well as won ones. The default counts
	// won deals only, so the cycle is the time a sale takes.
	IncludeLost bool
	// Location, when set, measures each cycle in whole calendar days
	// between the dates of CreatedAt and ClosedAt in that location, so
	// that 2024-03-30 to 2024-04-01 in Europe/Berlin is 48 hours although
	// only 47 elapsed. The default nil measures the elapsed time
	// ClosedAt − CreatedAt.
	Location *time.Location
}

// Cycle is the length of the sales cycles of the selected deals.
type Cycle struct {
	// Length summarises the cycles of the deals with a creation time.
	Length DurationStats `json:"length"`
	// WithoutCreated counts selected deals without CreatedAt, which have no
	// cycle and are left out of Length.
	WithoutCreated int64 `json:"without_created"`
}

// SalesCycle returns the mean, median and quantiles of the time from
// CreatedAt to ClosedAt over the won deals (and lost ones, with
// IncludeLost) closed in opts.Period. Open deals never count, so a reopened
// deal's stale close time is not a cycle. It makes one pass and allocates
// one slice of durations.
//
// Errors: ErrPeriod for a period that ends before it starts; a deal that
// fails validation, named by index and id; ErrNoWonDeals when no selected
// deal has a creation time.
func SalesCycle(deals []Deal, opts CycleOptions) (Cycle, error) {
	if err := opts.Period.validate(); err != nil {
		return Cycle{}, err
	}

	var result Cycle
	lengths := make([]time.Duration, 0, len(deals))
	for i := range deals {
		d := &deals[i]
		if err := validateDeal(i, d); err != nil {
			return Cycle{}, err
		}
		if !inCycle(d, opts) {
			continue
		}
		if d.CreatedAt.IsZero() {
			result.WithoutCreated++
			continue
		}
		lengths = append(lengths, cycleLength(d, opts.Location))
	}

	if len(lengths) == 0 {
		return Cycle{}, undefined(ErrNoWonDeals, "sales cycle needs closed deals with a creation time, got none of %d", result.WithoutCreated)
	}
	result.Length = summarize(lengths)
	return result, nil
}

// inCycle reports whether the validated deal d counts in a sales cycle.
func inCycle(d *Deal, opts CycleOptions) bool {
	switch d.Outcome {
	case Won:
	case Lost:
		if !opts.IncludeLost {
			return false
		}
	default:
		return false
	}
	return opts.Period.Contains(d.ClosedAt)
}

// cycleLength returns the cycle of a closed deal with a creation time.
func cycleLength(d *Deal, loc *time.Location) time.Duration {
	if loc == nil {
		return d.ClosedAt.Sub(d.CreatedAt)
	}
	return calendarDays(d.CreatedAt, d.ClosedAt, loc)
}

// calendarDays returns the number of calendar days from the date of from to
// the date of to, both taken in loc, as a multiple of 24 hours.
func calendarDays(from, to time.Time, loc *time.Location) time.Duration {
	y1, m1, d1 := from.In(loc).Date()
	y2, m2, d2 := to.In(loc).Date()
	start := time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)
	end := time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC)
	return end.Sub(start)
}
