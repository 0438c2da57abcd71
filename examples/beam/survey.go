package main

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/crmmetrics/crmmetrics/nps"
)

// surveyResults computes the NPS, CSAT and CES figures of the responses
// answered in [start, end), overall and per segment, as output lines.
// segments is the PCollection<KV<customer id, segment>> of customers.csv.
func surveyResults(s beam.Scope, cfg config, responses, segments beam.PCollection) beam.PCollection {
	s = s.Scope("surveys")
	keyed := func(survey string) beam.PCollection {
		fn := &keyAnswersFn{Survey: survey, Start: cfg.period.Start, End: cfg.period.End, BySegment: cfg.segment != ""}
		return beam.ParDo(s.Scope(survey), fn, responses, beam.SideInput{Input: segments})
	}

	npsTallies := beam.CombinePerKey(s.Scope("nps"), &npsFn{}, keyed(surveyNPS))
	return beam.ParDo(s.Scope("nps"), formatNPS, npsTallies)
}

// keyAnswersFn keeps the responses of one survey answered in [Start, End)
// and emits each as an Answer keyed by segmentAll and, with BySegment, by
// its segment: the response's own segment column if responses.csv has it,
// else its customer's.
type keyAnswersFn struct {
	Survey     string
	Start, End time.Time
	BySegment  bool
}

func (fn *keyAnswersFn) ProcessElement(r Response, segmentOf func(string) func(*string) bool, emit func(string, Answer)) error {
	if r.Survey != fn.Survey || r.AnsweredOn.Before(fn.Start) || !r.AnsweredOn.Before(fn.End) {
		return nil
	}
	a := Answer{Where: r.where(), Answered: r.Answered, Score: r.Score}
	emit(segmentAll, a)
	if !fn.BySegment {
		return nil
	}
	if r.OwnSegment {
		emit(r.Segment, a)
		return nil
	}
	segment, err := lookupSegment(segmentOf, r.CustomerID)
	if err != nil {
		return fmt.Errorf("%s: %w", r.where(), err)
	}
	emit(segment, a)
	return nil
}

// lookupSegment returns the segment of a customer from the customers.csv
// side input, segmentNone for a customer it does not list, and an error
// for a customer it lists twice.
func lookupSegment(segmentOf func(string) func(*string) bool, customerID string) (string, error) {
	segment, found := segmentNone, 0
	next := segmentOf(customerID)
	var value string
	for next(&value) {
		segment = value
		found++
	}
	if found > 1 {
		return "", fmt.Errorf("customer %q is listed %d times in customers.csv", customerID, found)
	}
	return segment, nil
}

// npsMerges counts the calls of npsFn.MergeAccumulators.
var npsMerges = beam.NewCounter("crmmetrics", "nps.merges")

// npsFn runs nps.Tally as a CombineFn: the accumulator is the tally itself,
// so the runner's coder carries its exported counts between workers.
type npsFn struct{}

func (*npsFn) CreateAccumulator() nps.Tally { return nps.Tally{} }

func (*npsFn) AddInput(t nps.Tally, a Answer) (nps.Tally, error) {
	if !a.Answered {
		t.AddUnanswered()
		return t, nil
	}
	if err := t.Add(int(a.Score)); err != nil {
		return t, fmt.Errorf("%s: %w", a.Where, err)
	}
	return t, nil
}

func (*npsFn) MergeAccumulators(ctx context.Context, a, b nps.Tally) nps.Tally {
	npsMerges.Inc(ctx, 1)
	a.Merge(b)
	return a
}

func (*npsFn) ExtractOutput(t nps.Tally) nps.Tally { return t }

// formatNPS returns the output line of one segment's NPS tally, with the
// figures of the report's nps.* names.
func formatNPS(segment string, t nps.Tally) (string, error) {
	line := resultLine{Metric: "nps", Segment: segment, Accumulator: t, Figures: map[string]any{"nps.responses": t.Responses()}}
	score, err := t.Score()
	if err != nil {
		line.Absent = map[string]string{"nps.score": err.Error(), "nps.margin_of_error_95": err.Error()}
		return encodeLine(line)
	}
	margin, err := t.MarginOfError(0.95)
	if err != nil {
		return "", fmt.Errorf("nps margin of error of segment %q: %w", segment, err)
	}
	line.Figures["nps.score"] = score
	line.Figures["nps.margin_of_error_95"] = margin
	return encodeLine(line)
}
