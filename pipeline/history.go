package pipeline

import (
	"fmt"
	"math"
	"time"
)

// stageIndex maps stage names to their position in the caller's stages.
type stageIndex map[string]int

// newStageIndex returns the index of stages. A name listed twice keeps its
// first position.
func newStageIndex(stages []Stage) (stageIndex, error) {
	index := make(stageIndex, len(stages))
	for i, s := range stages {
		if !s.Outcome.valid() {
			return nil, fmt.Errorf("pipeline: stage %d (%q): %w: outcome %d is not Open, Won or Lost",
				i, s.Name, ErrOutcome, uint8(s.Outcome))
		}
		if _, ok := index[s.Name]; !ok {
			index[s.Name] = i
		}
	}
	return index, nil
}

// validateHistory checks that d.History is in time order, starts no earlier
// than d.CreatedAt and, when index is not nil, names only listed stages. An
// empty history is valid here; callers that need one check its length.
func validateHistory(i int, d *Deal, index stageIndex) error {
	for j, e := range d.History {
		if e.EnteredAt.IsZero() {
			return dealError(i, d, ErrHistory, "entry %d (stage %q) has no time", j, e.Stage)
		}
		if j == 0 && !d.CreatedAt.IsZero() && e.EnteredAt.Before(d.CreatedAt) {
			return dealError(i, d, ErrHistory, "entry 0 (stage %q) at %s is before the deal was created at %s",
				e.Stage, formatTime(e.EnteredAt), formatTime(d.CreatedAt))
		}
		if j > 0 && e.EnteredAt.Before(d.History[j-1].EnteredAt) {
			return dealError(i, d, ErrHistory, "entry %d (stage %q) at %s is before entry %d at %s",
				j, e.Stage, formatTime(e.EnteredAt), j-1, formatTime(d.History[j-1].EnteredAt))
		}
		if _, ok := index[e.Stage]; index != nil && !ok {
			return dealError(i, d, ErrStage, "entry %d: stage %q is not among the pipeline's stages", j, e.Stage)
		}
	}
	return nil
}

// DealAt returns d as it was at asOf according to its History. The result's
// History keeps the entries at or before asOf, and Stage is the latest of
// them. Outcome is that stage's outcome in stages. ClosedAt is the time the
// deal entered that stage when it is a closing stage, else the zero time. A
// deal moved back out of a won stage is therefore open again, and its old
// win time is no longer a close time. Other fields are copied, and the
// returned History shares d's backing array.
//
// Errors: ErrOutcome for a stage with an invalid outcome; ErrHistory for a
// history that is empty, out of time order or starts before CreatedAt, or
// that has no entry at or before asOf; ErrStage for an entry whose stage is
// not in stages.
func DealAt(d Deal, stages []Stage, asOf time.Time) (Deal, error) {
	index, err := newStageIndex(stages)
	if err != nil {
		return Deal{}, err
	}
	if err := validateHistory(-1, &d, index); err != nil {
		return Deal{}, err
	}

	n := 0
	for n < len(d.History) && !d.History[n].EnteredAt.After(asOf) {
		n++
	}
	if n == 0 {
		return Deal{}, dealError(-1, &d, ErrHistory, "no stage entered at or before %s", formatTime(asOf))
	}

	latest := d.History[n-1]
	d.History = d.History[:n]
	d.Stage = latest.Stage
	d.Outcome = stages[index[latest.Stage]].Outcome
	d.ClosedAt = time.Time{}
	if d.Outcome != Open {
		d.ClosedAt = latest.EnteredAt
	}
	return d, nil
}

// StageTime is the time one deal spent in one stage, in HubSpot's terms:
// latest time in the stage (the most recent visit) and cumulative time (all
// visits, re-entries included).
type StageTime struct {
	Stage string `json:"stage"`
	// Visits counts the times the deal entered the stage.
	Visits int `json:"visits"`
	// FirstEntered and LastEntered are the first and latest entry times.
	FirstEntered time.Time `json:"first_entered"`
	LastEntered  time.Time `json:"last_entered"`
	// LastExited is when the latest visit ended, or the zero time while the
	// deal is still in the stage.
	LastExited time.Time `json:"last_exited"`
	// Latest is the length of the latest visit, up to asOf while the deal
	// is still in the stage.
	Latest time.Duration `json:"latest"`
	// Cumulative is the total length of all visits.
	Cumulative time.Duration `json:"cumulative"`
}

// TimeInStage returns, for each stage in d.History in order of first entry,
// the time d spent in it up to asOf. A visit ends when the deal enters the
// next stage. The visit of the deal's current stage, closing stages
// included, lasts until asOf, as HubSpot's stage properties keep updating.
//
// Errors: ErrHistory for an empty history, entries out of time order or
// before CreatedAt; ErrDate for an entry after asOf; ErrOutOfRange for a
// visit, or a stage's visits together, longer than a time.Duration holds
// (about 292 years).
func TimeInStage(d Deal, asOf time.Time) ([]StageTime, error) {
	if err := checkTimedHistory(-1, &d, nil, asOf); err != nil {
		return nil, err
	}
	return timeInStage(-1, &d, asOf)
}

// timeInStage returns the times in stage of d, the i-th deal of the
// caller's slice, whose history checkTimedHistory has validated.
func timeInStage(i int, d *Deal, asOf time.Time) ([]StageTime, error) {
	var times []StageTime
	for j, e := range d.History {
		exit := exitTime(d.History, j, asOf)
		k := findStage(times, e.Stage)
		if k < 0 {
			times = append(times, StageTime{Stage: e.Stage, FirstEntered: e.EnteredAt})
			k = len(times) - 1
		}
		t := &times[k]
		t.Visits++
		t.LastEntered = e.EnteredAt
		latest, ok := span(e.EnteredAt, exit)
		if !ok || t.Cumulative > math.MaxInt64-latest {
			return nil, dealError(i, d, ErrOutOfRange, "%s", spanError(fmt.Sprintf("time in stage %q", e.Stage), t.FirstEntered, exit))
		}
		t.Latest = latest
		t.Cumulative += latest
		t.LastExited = time.Time{}
		if j+1 < len(d.History) {
			t.LastExited = exit
		}
	}
	return times, nil
}

// checkTimedHistory validates a history that must be non-empty and end no
// later than asOf.
func checkTimedHistory(i int, d *Deal, index stageIndex, asOf time.Time) error {
	if len(d.History) == 0 {
		return dealError(i, d, ErrHistory, "no stage history")
	}
	if err := validateHistory(i, d, index); err != nil {
		return err
	}
	last := d.History[len(d.History)-1]
	if last.EnteredAt.After(asOf) {
		return dealError(i, d, ErrDate, "stage %q entered at %s, after as-of time %s",
			last.Stage, formatTime(last.EnteredAt), formatTime(asOf))
	}
	return nil
}

// exitTime returns when visit j of history ended: the next entry's time, or
// asOf for the last visit.
func exitTime(history []StageEntry, j int, asOf time.Time) time.Time {
	if j+1 < len(history) {
		return history[j+1].EnteredAt
	}
	return asOf
}

// findStage returns the position of stage in times, or -1.
func findStage(times []StageTime, stage string) int {
	for k := range times {
		if times[k].Stage == stage {
			return k
		}
	}
	return -1
}
