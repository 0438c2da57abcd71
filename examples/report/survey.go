package main

import (
	"fmt"

	"github.com/crmmetrics/crmmetrics/nps"
)

// surveySection reports the nps.*, csat.* and ces.* figures over the
// answers of responses.csv dated in the period. A submission without a score
// is no answer and enters no figure.
var surveySection = Section{
	Name:  "survey",
	Title: "Surveys (NPS, CSAT, CES)",
	Needs: []string{"responses.csv"},
	Run:   runSurvey,
}

func runSurvey(d *Dataset, p Period, out *SectionOutput) error {
	kinds := map[string]bool{}
	for _, r := range d.Responses {
		kinds[r.Survey] = true
	}
	if kinds[SurveyNPS] {
		if err := npsFigures(d, p, out); err != nil {
			return err
		}
	}
	return nil
}

func npsFigures(d *Dataset, p Period, out *SectionOutput) error {
	var tally nps.Tally
	for _, r := range d.Responses {
		if r.Survey != SurveyNPS || !p.Contains(r.AnsweredOn) {
			continue
		}
		if r.Score == nil {
			tally.AddUnanswered()
			continue
		}
		if err := tally.Add(*r.Score); err != nil {
			return fmt.Errorf("responses.csv line %d, response %q: %w", r.Line, r.ID, err)
		}
	}

	out.Figure("nps.responses", tally.Responses())
	score, err := tally.Score()
	if err != nil {
		out.Absent("nps.score", "no NPS answers in the period")
		out.Absent("nps.margin_of_error_95", "no NPS answers in the period")
		return nil
	}
	margin, err := tally.MarginOfError(0.95)
	if err != nil {
		return err
	}
	out.Figure("nps.score", score)
	out.Figure("nps.margin_of_error_95", margin)
	shares, _ := tally.Shares()
	out.Line("promoters %.1f%%, passives %.1f%%, detractors %.1f%%; %d submissions without an answer",
		100*shares.Promoters, 100*shares.Passives, 100*shares.Detractors, tally.Unanswered)
	return nil
}
