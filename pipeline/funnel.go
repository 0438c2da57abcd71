package pipeline

import (
	"fmt"
	"time"
)

// StageTimeStats summarises the time deals spent in one stage.
type StageTimeStats struct {
	Stage string `json:"stage"`
	// Deals counts the deals that entered the stage.
	Deals int64 `json:"deals"`
	// Latest summarises each deal's latest time in the stage.
	Latest DurationStats `json:"latest"`
	// Cumulative summarises each deal's cumulative time in the stage,
	// re-entries included.
	Cumulative DurationStats `json:"cumulative"`
}

// StageTimes returns, for each stage of stages that at least one deal
// entered, in the order of stages, the latest and cumulative time in stage
// per deal (see TimeInStage) summarised over the deals. It measures deal
// velocity: where deals wait.
//
// Errors: ErrOutcome for a stage with an invalid outcome; for a deal, named
// by index and id: ErrHistory for an empty history, entries out of time
// order or before CreatedAt; ErrStage for an entry whose stage is not in
// stages; ErrDate for an entry after asOf; ErrOutOfRange for a time in
// stage longer than a time.Duration holds.
func StageTimes(deals []Deal, stages []Stage, asOf time.Time) ([]StageTimeStats, error) {
	index, err := newStageIndex(stages)
	if err != nil {
		return nil, err
	}
	latest := make([][]time.Duration, len(stages))
	cumulative := make([][]time.Duration, len(stages))
	for i := range deals {
		d := &deals[i]
		if err := checkTimedHistory(i, d, index, asOf); err != nil {
			return nil, err
		}
		times, err := timeInStage(i, d, asOf)
		if err != nil {
			return nil, err
		}
		for _, t := range times {
			k := index[t.Stage]
			latest[k] = append(latest[k], t.Latest)
			cumulative[k] = append(cumulative[k], t.Cumulative)
		}
	}

	var result []StageTimeStats
	for k, s := range stages {
		if len(latest[k]) == 0 {
			continue
		}
		result = append(result, StageTimeStats{
			Stage:      s.Name,
			Deals:      int64(len(latest[k])),
			Latest:     summarize(latest[k]),
			Cumulative: summarize(cumulative[k]),
		})
	}
	return result, nil
}

// FunnelStep is one step of a stage-to-stage funnel.
type FunnelStep struct {
	Stage string `json:"stage"`
	// Reached counts the deals that reached this step or a later one.
	Reached int64 `json:"reached"`
	// Previous is Reached of the step before, or the number of deals for the
	// first step.
	Previous int64 `json:"previous"`
}

// Conversion returns Reached / Previous, the share of the deals that reached
// the previous step and went on to this one.
//
// Errors: ErrNoDeals when no deal reached the previous step;
// ErrInvalidCounts unless 0 ≤ Reached ≤ Previous.
func (s FunnelStep) Conversion() (Rate, error) {
	if s.Previous == 0 {
		return Rate{}, undefined(ErrNoDeals, "conversion to stage %q: no deal reached the step before", s.Stage)
	}
	if s.Reached < 0 || s.Reached > s.Previous {
		return Rate{}, countError("conversion to stage %q: FunnelStep.Reached %d outside [0, FunnelStep.Previous %d]", s.Stage, s.Reached, s.Previous)
	}
	return newRate(s.Reached, s.Previous), nil
}

// Funnel returns the stage-to-stage funnel of the deals. Its steps are the
// open and won stages of stages, in that order; lost stages are exits, not
// steps. A deal reaches every step up to the furthest open step in its
// History, so a skipped step counts as passed, and every deal reaches the
// first step. A won step counts only when it is the deal's latest stage: a
// deal moved back out of a won stage has not been won. A deal without
// History is taken to be in its current Stage, entered once. History is read
// in full; cut it with DealAt to see the funnel as of an earlier time.
//
// Errors: ErrOutcome for a stage with an invalid outcome; ErrStage when
// stages has no open or won stage; for a deal, named by index and id:
// ErrHistory for entries out of time order or before CreatedAt; ErrStage for
// a stage (in History, or Stage when History is empty) not in stages.
func Funnel(deals []Deal, stages []Stage) ([]FunnelStep, error) {
	index, err := newStageIndex(stages)
	if err != nil {
		return nil, err
	}
	steps, stepOf := funnelSteps(stages)
	if len(steps) == 0 {
		return nil, fmt.Errorf("pipeline: %w: a funnel needs an open or won stage, got %d stages", ErrStage, len(stages))
	}

	furthest := make([]int64, len(steps))
	for i := range deals {
		d := &deals[i]
		k, err := furthestStep(i, d, index, stages, stepOf)
		if err != nil {
			return nil, err
		}
		furthest[k]++
	}

	reached := int64(0)
	for k := len(steps) - 1; k >= 0; k-- {
		reached += furthest[k]
		steps[k].Reached = reached
	}
	for k := range steps {
		steps[k].Previous = int64(len(deals))
		if k > 0 {
			steps[k].Previous = steps[k-1].Reached
		}
	}
	return steps, nil
}

// funnelSteps returns the steps of stages and, for each stage, its step
// number or -1 for a lost stage.
func funnelSteps(stages []Stage) ([]FunnelStep, []int) {
	var steps []FunnelStep
	stepOf := make([]int, len(stages))
	for i, s := range stages {
		stepOf[i] = -1
		if s.Outcome != Lost {
			stepOf[i] = len(steps)
			steps = append(steps, FunnelStep{Stage: s.Name})
		}
	}
	return steps, stepOf
}

// furthestStep returns the furthest step deal d reached; see Funnel.
func furthestStep(i int, d *Deal, index stageIndex, stages []Stage, stepOf []int) (int, error) {
	if err := validateHistory(i, d, index); err != nil {
		return 0, err
	}
	history := d.History
	if len(history) == 0 {
		if _, ok := index[d.Stage]; !ok {
			return 0, dealError(i, d, ErrStage, "stage %q is not among the pipeline's stages", d.Stage)
		}
		history = []StageEntry{{Stage: d.Stage}}
	}

	furthest := 0
	for j, e := range history {
		k := index[e.Stage]
		step := stepOf[k]
		if step < 0 || (stages[k].Outcome == Won && j < len(history)-1) {
			continue
		}
		furthest = max(furthest, step)
	}
	return furthest, nil
}
