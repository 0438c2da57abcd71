package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/crmmetrics/crmmetrics/nps"
)

const surveyCSV = `response_id,customer_id,answered_on,survey,score
R1,A,2024-02-01,nps,10
R2,B,2024-03-01,nps,9
R3,C,2024-04-01,nps,6
R4,D,2024-04-02,nps,
R5,E,2023-06-30,nps,0
S1,A,2024-05-01,csat,5
S2,B,2024-05-01,csat,4
S3,C,2024-05-01,csat,3
S4,D,2024-05-01,csat,
S5,E,2024-05-01,csat,1
E1,A,2024-06-01,ces,7
E2,B,2024-06-01,ces,5
E3,C,2024-06-01,ces,4
E4,D,2024-06-01,ces,2
`

func TestSurveyFiguresByHand(t *testing.T) {
	dir := writeFiles(t, map[string]string{"as_of.txt": "2024-12-31\n", "responses.csv": surveyCSV})
	r := buildFromDir(t, dir)

	// Period [2024-01-01, 2025-01-01): R5 (2023) is outside it and R4 has no
	// score. NPS answers 10, 9, 6: P 2, D 1, n 3, NPS = 100/3; margin =
	// 1.959964 · 100 · √((2/3 + 1/3 − (1/3)²)/3) = 106.686926141229. CSAT answers
	// 5, 4, 3, 1: 2 of 4 in the top two boxes, mean 13/4. CES answers 7, 5,
	// 4, 2: mean 4.5, easy (5..7) 2 of 4.
	wantInts := map[string]int64{"nps.responses": 3, "csat.responses": 4, "ces.responses": 4}
	for name, want := range wantInts {
		v, _ := r.Figure(name)
		if got, ok := v.(int64); !ok || got != want {
			t.Errorf("%s = %v (%T), want %d", name, v, v, want)
		}
	}
	wantFloats := map[string]float64{
		"nps.score": 100.0 / 3, "nps.margin_of_error_95": 106.686926141229,
		"csat.score": 0.5, "csat.mean": 3.25, "ces.mean": 4.5, "ces.easy_share": 0.5,
	}
	for name, want := range wantFloats {
		checkClose(t, name, figureFloat(t, r, name), want)
	}
}

func TestSurveyNoAnswersInPeriod(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"as_of.txt":     "2024-12-31\n",
		"responses.csv": "response_id,customer_id,answered_on,survey,score\nR1,A,2023-02-01,nps,10\nR2,A,2024-02-01,nps,\n",
	})
	r := buildFromDir(t, dir)
	if v, _ := r.Figure("nps.responses"); v != int64(0) {
		t.Errorf("nps.responses = %v, want 0", v)
	}
	absent := map[string]bool{}
	for _, a := range r.Absent {
		absent[a.Name] = true
	}
	if !absent["nps.score"] || !absent["nps.margin_of_error_95"] {
		t.Errorf("absent = %v, want nps.score and nps.margin_of_error_95", r.Absent)
	}
	if _, ok := r.Figure("csat.responses"); ok {
		t.Error("csat.responses present for a file without CSAT rows")
	}
}

func TestSurveyBadScoreNamesRow(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"as_of.txt":     "2024-12-31\n",
		"responses.csv": "response_id,customer_id,answered_on,survey,score\nR1,A,2024-02-01,nps,10\nR2,A,2024-02-01,nps,11\n",
	})
	d, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(dir, d, sections)
	if !errors.Is(err, nps.ErrScoreOutOfRange) || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), `"R2"`) {
		t.Errorf("Build error = %v, want ErrScoreOutOfRange naming line 3 and R2", err)
	}
}

func TestNPSByMonthLeavesEmptyMonthsUnscored(t *testing.T) {
	dir := writeFiles(t, map[string]string{"as_of.txt": "2024-12-31\n", "responses.csv": surveyCSV})
	r := buildFromDir(t, dir)
	var months []MonthlyNPS
	for _, table := range r.Tables {
		if table.Key == "nps_by_month" {
			months = table.Value.([]MonthlyNPS)
		}
	}
	if len(months) != 12 {
		t.Fatalf("nps_by_month has %d months, want 12", len(months))
	}
	// February: one answer of 10, NPS 100. January: no answers, no score.
	if months[0].Score != nil || months[0].Responses != 0 {
		t.Errorf("January = %+v, want no score", months[0])
	}
	if months[1].Score == nil || *months[1].Score != 100 || months[1].Responses != 1 {
		t.Errorf("February = %+v, want one answer and NPS 100", months[1])
	}
}
