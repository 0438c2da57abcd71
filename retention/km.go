package retention

import (
	"fmt"
	"math"
	"slices"

	"github.com/crmmetrics/crmmetrics/internal/stats"
)

// IntervalKind selects the transformation behind the pointwise confidence
// interval of a survival curve.
type IntervalKind int

const (
	// LogLog is the exponential Greenwood interval, built on ln(−ln S):
	// it stays inside (0, 1). It is the default of lifelines, and R's
	// conf.type = "log-log". It is not defined where S is 0 or 1.
	LogLog IntervalKind = iota
	// Log is built on ln S and capped at 1; it is the default of R's
	// survfit (conf.type = "log"). It is not defined where S is 0.
	Log
	// Plain is S ± z·SE, cut to [0, 1] (R's conf.type = "plain").
	Plain
)

// String returns the IntervalKind's name, or IntervalKind(n) for an unknown value.
func (k IntervalKind) String() string {
	switch k {
	case LogLog:
		return "log-log"
	case Log:
		return "log"
	case Plain:
		return "plain"
	}
	return fmt.Sprintf("IntervalKind(%d)", int(k))
}

// SurvivalOptions sets the confidence intervals of a Kaplan-Meier curve.
// The zero value gives 95% log-log intervals.
type SurvivalOptions struct {
	// Confidence is the level of the pointwise intervals; 0 means 0.95.
	Confidence float64 `json:"confidence"`
	// Interval is the kind of interval; the zero value is LogLog.
	Interval IntervalKind `json:"interval"`
}

func (o SurvivalOptions) resolve() (SurvivalOptions, float64, error) {
	if o.Confidence == 0 {
		o.Confidence = 0.95
	}
	if err := checkConfidence(o.Confidence); err != nil {
		return o, 0, err
	}
	if o.Interval < LogLog || o.Interval > Plain {
		return o, 0, errorf(ErrInvalidOptions, "unknown interval kind %d", int(o.Interval))
	}
	return o, stats.NormalQuantile(1 - (1-o.Confidence)/2), nil
}

// SurvivalPoint is one row of a Kaplan-Meier curve: a time at which at
// least one subject churned or was censored.
type SurvivalPoint struct {
	Time float64 `json:"time"`
	// AtRisk is the number of subjects at risk at Time: those with
	// Entry < Time ≤ their time.
	AtRisk int64 `json:"at_risk"`
	// Events is the number who churned at Time; Censored the number
	// censored at Time, who still count in AtRisk.
	Events   int64 `json:"events"`
	Censored int64 `json:"censored"`
	// Survival is Ŝ(Time), the curve from Time until the next point.
	Survival float64 `json:"survival"`
	// Greenwood is the sum Σ d/(n(n − d)) over event times up to Time,
	// leaving out a time where every subject at risk churned (n = d), whose
	// term is infinite; from there on Survival is 0.
	Greenwood float64 `json:"greenwood"`
	// StdErr is Greenwood's standard error Ŝ·√Greenwood, 0 where Ŝ = 0.
	StdErr float64 `json:"std_err"`
	// Lower and Upper bound the pointwise confidence interval when
	// HasInterval is true; both are 0 otherwise.
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	// HasInterval reports whether the interval is defined at this point:
	// false where Ŝ = 0 (Log, LogLog) or Ŝ = 1 (LogLog), as in R.
	HasInterval bool `json:"has_interval"`
}

// Curve is a Kaplan-Meier survival curve.
type Curve struct {
	// Points has one entry per distinct time with an event or a censoring,
	// in increasing time.
	Points []SurvivalPoint `json:"points"`
	// Subjects, Events and Censored count the subjects behind the curve.
	Subjects int64 `json:"subjects"`
	Events   int64 `json:"events"`
	Censored int64 `json:"censored"`
	// Options are the interval settings used, with defaults filled in.
	Options SurvivalOptions `json:"options"`
}

// KaplanMeier returns the Kaplan-Meier curve of subjects:
//
//	Ŝ(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ)
//
// over the distinct times tᵢ with dᵢ churned customers and nᵢ at risk.
// At a time with both churns and censorings the churns come first, so the
// censored subjects still count in nᵢ. See Curve for the standard errors,
// intervals, median and restricted mean.
//
// It returns an error naming the index for an invalid status
// (ErrInvalidStatus) or time or entry (ErrInvalidDuration); ErrNoSubjects
// for no subjects; ErrRiskSetEmpty when, with late entries, every subject
// has left before others enter; and ErrInvalidOptions or ErrConfidence for
// invalid options.
//
// It sorts a copy of the times with a radix sort, O(n), in O(n) memory
// taken in a few allocations and none per subject.
func KaplanMeier(subjects []Subject, opts SurvivalOptions) (Curve, error) {
	for i, s := range subjects {
		if err := s.validate(i); err != nil {
			return Curve{}, err
		}
	}
	if len(subjects) == 0 {
		return Curve{}, errorf(ErrNoSubjects, "Kaplan-Meier: no subjects")
	}
	return curveFromRows(tabulate(subjects), opts)
}

// Curve returns the Kaplan-Meier curve of the subjects added so far, as
// KaplanMeier does; it compacts the table first. It also checks rows that
// no set of subjects gives, as a table decoded from JSON may hold. A time
// that is negative, NaN or infinite gives an error wrapping
// ErrInvalidDuration. A negative count, counts past int64, or late entries
// with no later exits give ErrInvalidCounts.
func (t *SurvivalTable) Curve(opts SurvivalOptions) (Curve, error) {
	t.compact()
	return curveFromRows(t.Rows, opts)
}

// tabulate counts the valid subjects per time: one sort of encoded keys
// for the exits and one for the late entries.
func tabulate(subjects []Subject) []TimeCount {
	exits := make([]uint64, len(subjects))
	var entries []uint64
	for i, s := range subjects {
		exits[i] = exitKey(s)
		if s.Entry > 0 {
			entries = append(entries, math.Float64bits(s.Entry))
		}
	}
	scratch := make([]uint64, max(len(exits), len(entries)))
	sortKeys(exits, scratch)
	sortKeys(entries, scratch)
	return mergeCounts(exits, entries)
}

// exitKey encodes a subject's exit as a key that sorts by time: the bits
// of a float64 ≥ 0 order as the numbers do and leave the sign bit free, so
// the key shifts them left and puts the status in bit 0 (0 = churned).
func exitKey(s Subject) uint64 {
	key := math.Float64bits(s.Time+0) << 1
	if s.Status == Censored {
		key |= 1
	}
	return key
}

// radixThreshold is the length below which sortKeys uses a comparison
// sort, whose fixed cost is lower than the radix sort's 8 histograms.
const radixThreshold = 4096

// sortKeys sorts keys in increasing order, using scratch (at least as long)
// as working space. Large inputs go through a least-significant-digit
// radix sort on bytes, which skips the bytes that all keys share, as the
// high bytes of whole-number times do.
func sortKeys(keys, scratch []uint64) {
	if len(keys) < radixThreshold {
		slices.Sort(keys)
		return
	}
	var counts [8][256]int
	for _, k := range keys {
		for b := range 8 {
			counts[b][byte(k>>(8*b))]++
		}
	}
	src, dst := keys, scratch[:len(keys)]
	for b := range 8 {
		c := &counts[b]
		if c[byte(src[0]>>(8*b))] == len(src) {
			continue // every key has the same byte here
		}
		offset := 0
		for i, n := range c {
			c[i] = offset
			offset += n
		}
		shift := 8 * b
		for _, k := range src {
			d := byte(k >> shift)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// mergeCounts turns sorted exit and entry keys into rows of counts per
// time, in increasing time.
func mergeCounts(exits, entries []uint64) []TimeCount {
	rows := make([]TimeCount, 0, distinctTimes(exits, entries))
	for len(exits) > 0 || len(entries) > 0 {
		var tc TimeCount
		switch {
		case len(entries) == 0 || (len(exits) > 0 && exits[0]>>1 <= entries[0]):
			tc.Time = math.Float64frombits(exits[0] >> 1)
		default:
			tc.Time = math.Float64frombits(entries[0])
		}
		bits := math.Float64bits(tc.Time)
		for len(exits) > 0 && exits[0]>>1 == bits {
			if exits[0]&1 == 0 {
				tc.Events++
			} else {
				tc.Censored++
			}
			exits = exits[1:]
		}
		for len(entries) > 0 && entries[0] == bits {
			tc.Entered++
			entries = entries[1:]
		}
		rows = append(rows, tc)
	}
	return rows
}

// distinctTimes returns the number of distinct times in sorted exit and
// entry keys, so that the rows can be allocated once.
func distinctTimes(exits, entries []uint64) int {
	n := 0
	for len(exits) > 0 || len(entries) > 0 {
		var bits uint64
		if len(entries) == 0 || (len(exits) > 0 && exits[0]>>1 <= entries[0]) {
			bits = exits[0] >> 1
		} else {
			bits = entries[0]
		}
		for len(exits) > 0 && exits[0]>>1 == bits {
			exits = exits[1:]
		}
		for len(entries) > 0 && entries[0] == bits {
			entries = entries[1:]
		}
		n++
	}
	return n
}

// curveFromRows derives the curve from counts per time in increasing time,
// each time once.
func curveFromRows(rows []TimeCount, opts SurvivalOptions) (Curve, error) {
	opts, z, err := opts.resolve()
	if err != nil {
		return Curve{}, err
	}
	c := Curve{Options: opts}
	if err := checkRows(rows); err != nil {
		return Curve{}, err
	}
	n := 0
	for _, r := range rows {
		c.Events += r.Events // checkRows bounds the sums
		c.Censored += r.Censored
		if r.Events+r.Censored > 0 {
			n++
		}
	}
	c.Subjects = c.Events + c.Censored
	if c.Subjects == 0 {
		return Curve{}, errorf(ErrNoSubjects, "Kaplan-Meier: no subjects")
	}

	// From the last time down: nᵢ = exits at or after tᵢ − late entries at
	// or after tᵢ, since a subject entering at e is at risk only after e.
	c.Points = make([]SurvivalPoint, n)
	var exits, entries int64
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		exits += r.Events + r.Censored
		entries += r.Entered
		if r.Events+r.Censored == 0 {
			continue
		}
		// Just after tᵢ the risk set holds the later exits less the
		// entries after tᵢ; a subject entering at tᵢ is at risk from
		// then on, so one leaving at tᵢ hands over without a gap.
		later := exits - r.Events - r.Censored
		if entries > later {
			return Curve{}, errorf(ErrInvalidCounts,
				"Kaplan-Meier: %d subjects enter at or after time %v but only %d leave after it", entries, r.Time, later)
		}
		if later > 0 && later == entries-r.Entered {
			return Curve{}, errorf(ErrRiskSetEmpty,
				"Kaplan-Meier: every subject at risk left at time %v before later subjects entered", r.Time)
		}
		n--
		c.Points[n] = SurvivalPoint{Time: r.Time, AtRisk: exits - entries, Events: r.Events, Censored: r.Censored}
	}

	c.estimate(z)
	return c, nil
}

// estimate fills in the survival, Greenwood sums and intervals.
func (c *Curve) estimate(z float64) {
	s, v := 1.0, 0.0
	var lower, upper float64
	ok := false
	for i := range c.Points {
		p := &c.Points[i]
		d, n := float64(p.Events), float64(p.AtRisk)
		switch {
		case p.Events == 0 && i > 0:
			// A time with censorings only leaves the curve as it was.
		case p.Events < p.AtRisk:
			s *= 1 - d/n
			v += d / (n * (n - d))
			lower, upper, ok = band(s, v, z, c.Options.Interval)
		default:
			s = 0
			lower, upper, ok = band(s, v, z, c.Options.Interval)
		}
		p.Survival, p.Greenwood, p.StdErr = s, v, s*math.Sqrt(v)
		p.Lower, p.Upper, p.HasInterval = lower, upper, ok
	}
}

// band returns the pointwise interval of survival s with Greenwood sum v
// and normal quantile z, and whether it is defined.
func band(s, v, z float64, kind IntervalKind) (lower, upper float64, ok bool) {
	if s == 0 || (kind == LogLog && s == 1) {
		return 0, 0, false
	}
	se := math.Sqrt(v)
	switch kind {
	case Plain:
		return math.Max(0, s-z*s*se), math.Min(1, s+z*s*se), true
	case Log:
		return s * math.Exp(-z*se), math.Min(1, s*math.Exp(z*se)), true
	}
	// exp(−exp(ln(−ln s) ± zσ)) with σ = √V/|ln s| is s^exp(±zσ), which
	// needs one logarithm and three exponentials.
	logS := math.Log(s)
	widen := math.Exp(z * se / -logS)
	return math.Exp(logS * widen), math.Exp(logS / widen), true
}

// Crossing is the first time a curve is at or below a level, or the fact
// that it never gets there within the data ("not reached").
type Crossing struct {
	// Time is the crossing time; it is 0 and meaningless when Reached is
	// false.
	Time float64 `json:"time"`
	// Reached reports whether the curve gets to the level.
	Reached bool `json:"reached"`
}

// SurvivalTime is a time at which the survival curve falls to a level,
// with its confidence interval.
type SurvivalTime struct {
	// Level is the survival level, 0.5 for the median.
	Level float64 `json:"level"`
	// Estimate is the smallest time with Ŝ(t) ≤ Level.
	Estimate Crossing `json:"estimate"`
	// Lower and Upper are the smallest times at which the lower and the
	// upper confidence bands are at or below Level.
	Lower Crossing `json:"lower"`
	Upper Crossing `json:"upper"`
}

// Median returns the median survival time, the smallest time with
// Ŝ(t) ≤ 0.5, with its confidence interval (Brookmeyer and Crowley, 1982).
// The interval runs from the time the lower band first reaches 0.5 to the
// time the upper band does, which is the rule of R's print.survfit,
// taking the first such time rather than a midpoint. Points without a
// defined interval do not cross. Each part may be not reached.
func (c Curve) Median() SurvivalTime {
	t, _ := c.Quantile(0.5)
	return t
}

// Quantile returns the smallest time at which the curve falls to level or
// below, with the interval from the bands as for Median. It returns an
// error wrapping ErrInvalidRate when level is outside [0, 1] or NaN.
func (c Curve) Quantile(level float64) (SurvivalTime, error) {
	if !(level >= 0 && level <= 1) {
		return SurvivalTime{}, errorf(ErrInvalidRate, "survival level %v outside [0, 1]", level)
	}
	t := SurvivalTime{Level: level}
	for _, p := range c.Points {
		if !t.Estimate.Reached && p.Survival <= level {
			t.Estimate = Crossing{Time: p.Time, Reached: true}
		}
		if !t.Lower.Reached && p.HasInterval && p.Lower <= level {
			t.Lower = Crossing{Time: p.Time, Reached: true}
		}
		if !t.Upper.Reached && p.HasInterval && p.Upper <= level {
			t.Upper = Crossing{Time: p.Time, Reached: true}
		}
	}
	return t, nil
}

// SurvivalAt is the value of a Kaplan-Meier curve at one time.
type SurvivalAt struct {
	Time        float64 `json:"time"`
	Survival    float64 `json:"survival"`
	StdErr      float64 `json:"std_err"`
	Lower       float64 `json:"lower"`
	Upper       float64 `json:"upper"`
	HasInterval bool    `json:"has_interval"`
}

// At returns Ŝ(t) with its standard error and interval: the values of the
// last point at or before t, or 1 before the first point. It returns an
// error wrapping ErrBeyondFollowUp when t is after the last observed time
// and the curve has not reached 0 (the estimate is not defined there), and
// ErrInvalidDuration for a NaN t.
func (c Curve) At(t float64) (SurvivalAt, error) {
	if math.IsNaN(t) {
		return SurvivalAt{}, errorf(ErrInvalidDuration, "survival at NaN")
	}
	i, _ := slices.BinarySearchFunc(c.Points, t, func(p SurvivalPoint, t float64) int {
		if p.Time <= t {
			return -1
		}
		return 1
	})
	if i == 0 {
		return SurvivalAt{Time: t, Survival: 1, Lower: 1, Upper: 1, HasInterval: c.Options.Interval != LogLog}, nil
	}
	p := c.Points[i-1]
	if i == len(c.Points) && t > p.Time && p.Survival > 0 {
		return SurvivalAt{}, errorf(ErrBeyondFollowUp,
			"survival at %v: after the last observed time %v with survival %v", t, p.Time, p.Survival)
	}
	return SurvivalAt{Time: t, Survival: p.Survival, StdErr: p.StdErr,
		Lower: p.Lower, Upper: p.Upper, HasInterval: p.HasInterval}, nil
}

// checkRows returns an error for rows that no set of subjects gives, such
// as a table decoded from JSON: a time that is negative, NaN or infinite
// (ErrInvalidDuration), a negative count, or counts whose sum overflows
// int64 (ErrInvalidCounts). Entries without later exits are caught by
// curveFromRows.
func checkRows(rows []TimeCount) error {
	var total int64
	for i, r := range rows {
		if !(r.Time >= 0) || math.IsInf(r.Time, 1) {
			return errorf(ErrInvalidDuration, "survival row %d: time %v is not finite and non-negative", i, r.Time)
		}
		if min(r.Events, r.Censored, r.Entered) < 0 {
			return errorf(ErrInvalidCounts, "survival row %d (time %v): negative count", i, r.Time)
		}
		var ok1, ok2, ok3 bool
		total, ok1 = addCounts(total, r.Events)
		total, ok2 = addCounts(total, r.Censored)
		total, ok3 = addCounts(total, r.Entered)
		if !ok1 || !ok2 || !ok3 {
			return errorf(ErrInvalidCounts, "survival row %d (time %v): counts overflow int64", i, r.Time)
		}
	}
	return nil
}
