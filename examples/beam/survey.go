package main

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/crmmetrics/crmmetrics/ces"
	"github.com/crmmetrics/crmmetrics/csat"
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
	csatTallies := beam.CombinePerKey(s.Scope("csat"), &csatFn{}, keyed(surveyCSAT))
	cesTallies := beam.CombinePerKey(s.Scope("ces"), &cesFn{}, keyed(surveyCES))
	return beam.Flatten(s,
		beam.ParDo(s.Scope("nps"), formatNPS, npsTallies),
		beam.ParDo(s.Scope("csat"), formatCSAT, csatTallies),
		beam.ParDo(s.Scope("ces"), formatCES, cesTallies),
	)
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

// csatMerges counts the calls of csatFn.MergeAccumulators.
var csatMerges = beam.NewCounter("crmmetrics", "csat.merges")

// csatFn runs csat.Tally as a CombineFn. The zero tally takes the default
// 1..5 scale on its first answer, and a merge of tallies on different
// scales fails the pipeline.
type csatFn struct{}

func (*csatFn) CreateAccumulator() csat.Tally { return csat.Tally{} }

func (*csatFn) AddInput(t csat.Tally, a Answer) (csat.Tally, error) {
	if !a.Answered {
		t.AddUnanswered()
		return t, nil
	}
	if err := t.Add(int(a.Score)); err != nil {
		return t, fmt.Errorf("%s: %w", a.Where, err)
	}
	return t, nil
}

func (*csatFn) MergeAccumulators(ctx context.Context, a, b csat.Tally) (csat.Tally, error) {
	csatMerges.Inc(ctx, 1)
	err := a.Merge(b)
	return a, err
}

func (*csatFn) ExtractOutput(t csat.Tally) csat.Tally { return t }

// formatCSAT returns the output line of one segment's CSAT tally: the
// share of 4 and 5 (the top two boxes of 1..5) and the mean answer.
func formatCSAT(segment string, t csat.Tally) (string, error) {
	line := resultLine{Metric: "csat", Segment: segment, Accumulator: t, Figures: map[string]any{"csat.responses": t.Responses()}}
	score, err := t.Score()
	if err != nil {
		line.Absent = map[string]string{"csat.score": err.Error(), "csat.mean": err.Error()}
		return encodeLine(line)
	}
	mean, err := t.Mean()
	if err != nil {
		return "", fmt.Errorf("csat mean of segment %q: %w", segment, err)
	}
	line.Figures["csat.score"] = score.Value
	line.Figures["csat.mean"] = mean.Value
	return encodeLine(line)
}

// cesMerges counts the calls of cesFn.MergeAccumulators.
var cesMerges = beam.NewCounter("crmmetrics", "ces.merges")

// cesFn runs ces.Tally as a CombineFn. The zero tally takes the default
// 1..7 agreement scale (7 = very easy) on its first answer.
type cesFn struct{}

func (*cesFn) CreateAccumulator() ces.Tally { return ces.Tally{} }

func (*cesFn) AddInput(t ces.Tally, a Answer) (ces.Tally, error) {
	if !a.Answered {
		t.AddUnanswered()
		return t, nil
	}
	if err := t.Add(int(a.Score)); err != nil {
		return t, fmt.Errorf("%s: %w", a.Where, err)
	}
	return t, nil
}

func (*cesFn) MergeAccumulators(ctx context.Context, a, b ces.Tally) (ces.Tally, error) {
	cesMerges.Inc(ctx, 1)
	err := a.Merge(b)
	return a, err
}

func (*cesFn) ExtractOutput(t ces.Tally) ces.Tally { return t }

// formatCES returns the output line of one segment's CES tally: the mean
// answer and the share of easy answers (5, 6 or 7 on the default scale).
func formatCES(segment string, t ces.Tally) (string, error) {
	line := resultLine{Metric: "ces", Segment: segment, Accumulator: t, Figures: map[string]any{"ces.responses": t.Responses()}}
	mean, err := t.Mean()
	if err != nil {
		line.Absent = map[string]string{"ces.mean": err.Error(), "ces.easy_share": err.Error()}
		return encodeLine(line)
	}
	easy, err := t.EasyShare(ces.Bands{})
	if err != nil {
		return "", fmt.Errorf("ces easy share of segment %q: %w", segment, err)
	}
	line.Figures["ces.mean"] = mean.Value
	line.Figures["ces.easy_share"] = easy.Value
	return encodeLine(line)
}
