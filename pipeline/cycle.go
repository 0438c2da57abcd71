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
// fails validation, named by index and id; ErrOutOfRange, naming the deal,
// for a cycle longer than a time.Duration holds (about 292 years, as from
// a CreatedAt in year 1); ErrNoWonDeals when no selected deal has a
// creation time.
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
		length, err := cycleLength(i, d, opts.Location)
		if err != nil {
			return Cycle{}, err
		}
		lengths = append(lengths, length)
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

// cycleLength returns the cycle of a closed deal with a creation time, the
// i-th of the caller's slice. It returns an error wrapping ErrOutOfRange
// for a cycle longer than a time.Duration holds.
func cycleLength(i int, d *Deal, loc *time.Location) (time.Duration, error) {
	from, to := d.CreatedAt, d.ClosedAt
	if loc != nil {
		from, to = localMidnight(from, loc), localMidnight(to, loc)
	}
	length, ok := span(from, to)
	if !ok {
		return 0, dealError(i, d, ErrOutOfRange, "%s", spanError("sales cycle", d.CreatedAt, d.ClosedAt))
	}
	return length, nil
}

// localMidnight returns midnight UTC of the date of t in loc, so that the
// difference of two such times counts calendar days as multiples of 24
// hours.
func localMidnight(t time.Time, loc *time.Location) time.Time {
	year, month, day := t.In(loc).Date()
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
}
