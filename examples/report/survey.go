package main

import (
	"fmt"
	"time"

	"github.com/crmmetrics/crmmetrics/ces"
	"github.com/crmmetrics/crmmetrics/csat"
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
	if len(kinds) == 0 {
		out.Line("responses.csv has no rows: no survey figures")
		return nil
	}
	if kinds[SurveyNPS] {
		if err := npsFigures(d, p, out); err != nil {
			return err
		}
	}
	if kinds[SurveyCSAT] {
		if err := csatFigures(d, p, out); err != nil {
			return err
		}
	}
	if kinds[SurveyCES] {
		if err := cesFigures(d, p, out); err != nil {
			return err
		}
	}
	return nil
}

// surveyAnswers calls add for the score of every answered response of kind
// dated in the period and counts the unanswered ones with unanswered. An
// error from add is returned naming the row.
func surveyAnswers(d *Dataset, p Period, kind string, add func(int) error, unanswered func()) error {
	for _, r := range d.Responses {
		if r.Survey != kind || !p.Contains(r.AnsweredOn) {
			continue
		}
		if r.Score == nil {
			unanswered()
			continue
		}
		if err := add(*r.Score); err != nil {
			return fmt.Errorf("responses.csv line %d, response %q: %w", r.Line, r.ID, err)
		}
	}
	return nil
}

// csatFigures reports CSAT on the 1..5 scale: the share of 4 and 5 (top two
// boxes) with its Wilson interval, and the mean answer.
func csatFigures(d *Dataset, p Period, out *SectionOutput) error {
	var tally csat.Tally
	if err := surveyAnswers(d, p, SurveyCSAT, tally.Add, tally.AddUnanswered); err != nil {
		return err
	}
	out.Figure("csat.responses", tally.Responses())
	score, err := tally.Score()
	if err != nil {
		out.Absent("csat.score", "no CSAT answers in the period")
		out.Absent("csat.mean", "no CSAT answers in the period")
		return nil
	}
	mean, err := tally.Mean()
	if err != nil {
		return err
	}
	out.Figure("csat.score", score.Value)
	out.Figure("csat.mean", mean.Value)
	interval, err := score.Interval(0.95)
	if err != nil {
		return err
	}
	out.Table("csat_interval_95", interval)
	out.Line("satisfied (4 or 5) %d of %d, 95%% Wilson interval [%.3f, %.3f]; %d submissions without an answer",
		score.Count, score.Responses, interval.Lower, interval.Upper, tally.Unanswered)
	return nil
}

// cesFigures reports CES on the 1..7 agreement scale, where 7 means very
// easy: the mean answer and the share answering 5, 6 or 7.
func cesFigures(d *Dataset, p Period, out *SectionOutput) error {
	tally := ces.Tally{Scale: ces.Agreement7()}
	if err := surveyAnswers(d, p, SurveyCES, tally.Add, tally.AddUnanswered); err != nil {
		return err
	}
	out.Figure("ces.responses", tally.Responses())
	mean, err := tally.Mean()
	if err != nil {
		out.Absent("ces.mean", "no CES answers in the period")
		out.Absent("ces.easy_share", "no CES answers in the period")
		return nil
	}
	easy, err := tally.EasyShare(ces.Bands{})
	if err != nil {
		return err
	}
	out.Figure("ces.mean", mean.Value)
	out.Figure("ces.easy_share", easy.Value)
	interval, err := easy.Interval(0.95)
	if err != nil {
		return err
	}
	out.Table("ces_easy_share_interval_95", interval)
	out.Line("easy (5 to 7) %d of %d, 95%% Wilson interval [%.3f, %.3f]", easy.Count, easy.Responses, interval.Lower, interval.Upper)
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

	months := npsByMonth(d, p)
	out.Table("nps_by_month", months)
	out.Line("by month (adjusted-Wald 95%% interval):")
	for _, m := range months {
		if m.Score == nil {
			out.Line("  %s  %5d answers  no score", m.Month, m.Responses)
			continue
		}
		out.Line("  %s  %5d answers  %6.1f  [%6.1f, %6.1f]", m.Month, m.Responses, *m.Score, m.Lower, m.Upper)
	}
	return nil
}

// MonthlyNPS is the NPS of the answers of one calendar month. Score is nil
// for a month without answers, whose score is undefined.
type MonthlyNPS struct {
	Month     string   `json:"month"`
	Responses int64    `json:"responses"`
	Score     *float64 `json:"score"`
	Lower     float64  `json:"lower_95,omitempty"`
	Upper     float64  `json:"upper_95,omitempty"`
}

// npsByMonth returns the NPS of each calendar month that overlaps the
// period, pooling the answers of the month that fall in the period.
func npsByMonth(d *Dataset, p Period) []MonthlyNPS {
	var months []time.Time
	for m := monthStart(p.Start); m.Before(p.End); m = m.AddDate(0, 1, 0) {
		months = append(months, m)
	}
	tallies := make([]nps.Tally, len(months))
	for _, r := range d.Responses {
		if r.Survey != SurveyNPS || r.Score == nil || !p.Contains(r.AnsweredOn) {
			continue
		}
		i := monthsBetween(months[0], r.AnsweredOn)
		// Scores were validated by the period tally above.
		_ = tallies[i].Add(*r.Score)
	}

	out := make([]MonthlyNPS, len(months))
	for i, t := range tallies {
		out[i] = MonthlyNPS{Month: months[i].Format(monthLayout), Responses: t.Responses()}
		score, err := t.Score()
		if err != nil {
			continue
		}
		interval, _ := t.Interval(0.95, nps.AdjustedWald)
		out[i].Score, out[i].Lower, out[i].Upper = &score, interval.Lower, interval.Upper
	}
	return out
}

// monthsBetween returns the number of calendar months from the month of
// from to the month of to.
func monthsBetween(from, to time.Time) int {
	return (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
}
