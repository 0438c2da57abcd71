package main

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/crmmetrics/crmmetrics/pipeline"
)

// pipelineSection reports the pipeline.* figures of deals.csv: the open
// pipeline at as_of, and the win rate, won amounts, sales cycle and velocity
// of the deals closed in the period, with the win rate by owner and by
// product.
var pipelineSection = Section{
	Name:  "pipeline",
	Title: "Sales pipeline",
	Needs: []string{"deals.csv"},
	Run:   runPipeline,
}

// leadsSection reports the leads.* figures of the leads created in the
// period.
var leadsSection = Section{
	Name:  "leads",
	Title: "Leads",
	Needs: []string{"leads.csv"},
	Run:   runLeads,
}

// responseTarget is the response time of leads.responded_within_24h_share.
const responseTarget = 24 * time.Hour

// dealOutcomes maps the outcome column to the library's outcomes.
var dealOutcomes = map[string]pipeline.Outcome{
	OutcomeOpen: pipeline.Open,
	OutcomeWon:  pipeline.Won,
	OutcomeLost: pipeline.Lost,
}

func runPipeline(d *Dataset, p Period, out *SectionOutput) error {
	deals, all, err := libraryDeals(d.Deals)
	if err != nil {
		return err
	}
	period := pipeline.Period{Start: p.Start, End: p.End}

	out.Figure("pipeline.open_deals", all.Open)
	out.Figure("pipeline.open_value", all.OpenAmount)
	if all.OpenWithoutAmount > 0 {
		out.Line("%d open deals without an amount add nothing to the open value", all.OpenWithoutAmount)
	}
	if err := closedFigures(deals, period, out); err != nil {
		return err
	}
	if err := cycleFigures(deals, period, out); err != nil {
		return err
	}

	for _, by := range []struct{ key, title, column string }{
		{"pipeline_win_rate_by_owner", "owner", "owner"},
		{"pipeline_win_rate_by_product", "product", "product"},
	} {
		rows, err := winRateBy(d.Deals, deals, period, by.column)
		if err != nil {
			return err
		}
		out.Table(by.key, rows)
		writeWinRates(out, by.title, rows)
	}
	if d.Has("deal_stages.csv") {
		return stageFigures(d, deals, p, out)
	}
	return nil
}

// libraryDeals converts the rows of deals.csv and tallies all of them,
// naming the line of the first deal the library rejects.
func libraryDeals(rows []Deal) ([]pipeline.Deal, pipeline.Tally, error) {
	deals := make([]pipeline.Deal, len(rows))
	var all pipeline.Tally
	for i, r := range rows {
		outcome, ok := dealOutcomes[r.Outcome]
		if !ok {
			return nil, pipeline.Tally{}, fmt.Errorf("deals.csv line %d, deal %q: outcome %q is not open, won or lost", r.Line, r.ID, r.Outcome)
		}
		deals[i] = pipeline.Deal{
			ID: r.ID, Stage: r.Stage, Outcome: outcome,
			Amount: r.Amount.Decimal, AmountUnknown: !r.Amount.Valid,
			CreatedAt: r.CreatedOn, ClosedAt: r.ClosedOn,
		}
		if err := all.Add(deals[i]); err != nil {
			return nil, pipeline.Tally{}, fmt.Errorf("deals.csv line %d: %w", r.Line, err)
		}
	}
	return deals, all, nil
}

// closedFigures records the won and lost counts, win rate and average won
// amount of the deals closed in the period.
func closedFigures(deals []pipeline.Deal, period pipeline.Period, out *SectionOutput) error {
	res, err := pipeline.WinRate(deals, pipeline.WinRateOptions{Period: period})
	if errors.Is(err, pipeline.ErrNoClosedDeals) {
		out.Figure("pipeline.won_deals", int64(0))
		out.Figure("pipeline.lost_deals", int64(0))
		out.Absent("pipeline.win_rate", "no deals closed in the period")
		out.Absent("pipeline.average_won_amount", "no deals won in the period")
		return nil
	}
	if err != nil {
		return err
	}

	out.Figure("pipeline.won_deals", res.Deals.Won)
	out.Figure("pipeline.lost_deals", res.Deals.Lost)
	out.Figure("pipeline.win_rate", res.ByCount.Value)
	if interval, err := res.ByCount.Interval(0.95); err == nil {
		out.Line("win rate 95%% interval (Wilson) [%.4f, %.4f]", interval.Lower, interval.Upper)
	}
	if byValue, err := res.ByValue(); err == nil {
		out.Line("win rate by value %.4f", byValue)
	}

	average, err := res.Deals.AverageWonAmount()
	if err != nil {
		out.Absent("pipeline.average_won_amount", reason(err))
		return nil
	}
	out.Figure("pipeline.average_won_amount", average)
	return nil
}

// cycleFigures records the sales cycle of the deals won in the period and
// the sales velocity.
func cycleFigures(deals []pipeline.Deal, period pipeline.Period, out *SectionOutput) error {
	cycle, err := pipeline.SalesCycle(deals, pipeline.CycleOptions{Period: period})
	if err != nil {
		out.Absent("pipeline.sales_cycle_days_mean", reason(err))
		out.Absent("pipeline.sales_cycle_days_median", reason(err))
	} else {
		out.Figure("pipeline.sales_cycle_days_mean", days(cycle.Length.Mean))
		out.Figure("pipeline.sales_cycle_days_median", days(cycle.Length.Median))
		if cycle.WithoutCreated > 0 {
			out.Line("%d won deals without created_on are left out of the cycle", cycle.WithoutCreated)
		}
	}

	velocity, err := pipeline.SalesVelocity(deals, pipeline.VelocityOptions{Period: period})
	if err != nil {
		out.Absent("pipeline.sales_velocity_per_day", reason(err))
		return nil
	}
	out.Figure("pipeline.sales_velocity_per_day", velocity.PerDay)
	return nil
}

// days returns d in days of 24 hours.
func days(d time.Duration) float64 {
	return d.Hours() / 24
}

// reason returns the message of a library error for the absent list.
func reason(err error) string {
	return err.Error()
}

// SegmentWinRate is the win rate of the deals of one owner or product
// closed in the period. WinRate is nil when none closed.
type SegmentWinRate struct {
	Segment string   `json:"segment"`
	Won     int64    `json:"won"`
	Lost    int64    `json:"lost"`
	WinRate *float64 `json:"win_rate"`
	Lower   float64  `json:"lower_95,omitempty"`
	Upper   float64  `json:"upper_95,omitempty"`
}

// winRateBy returns the win rate of each value of column ("owner" or an
// attribute such as "product"), in ascending order of the value. An empty
// value is its own segment, shown as "(none)".
func winRateBy(rows []Deal, deals []pipeline.Deal, period pipeline.Period, column string) ([]SegmentWinRate, error) {
	groups := map[string][]pipeline.Deal{}
	for i, r := range rows {
		key := r.Attrs[column]
		if column == "owner" {
			key = r.Owner
		}
		if key == "" {
			key = "(none)"
		}
		groups[key] = append(groups[key], deals[i])
	}

	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	segments := make([]SegmentWinRate, 0, len(keys))
	for _, k := range keys {
		s, err := segmentWinRate(k, groups[k], period)
		if err != nil {
			return nil, err
		}
		segments = append(segments, s)
	}
	return segments, nil
}

// segmentWinRate returns the win rate of one segment's deals.
func segmentWinRate(key string, deals []pipeline.Deal, period pipeline.Period) (SegmentWinRate, error) {
	s := SegmentWinRate{Segment: key}
	res, err := pipeline.WinRate(deals, pipeline.WinRateOptions{Period: period})
	if errors.Is(err, pipeline.ErrNoClosedDeals) {
		return s, nil
	}
	if err != nil {
		return SegmentWinRate{}, err
	}
	s.Won, s.Lost = res.Deals.Won, res.Deals.Lost
	rate := res.ByCount.Value
	s.WinRate = &rate
	interval, err := res.ByCount.Interval(0.95)
	if err != nil {
		return SegmentWinRate{}, err
	}
	s.Lower, s.Upper = interval.Lower, interval.Upper
	return s, nil
}

// writeWinRates adds the segment win rates to the text output.
func writeWinRates(out *SectionOutput, title string, rows []SegmentWinRate) {
	out.Line("win rate by %s (Wilson 95%%):", title)
	for _, r := range rows {
		if r.WinRate == nil {
			out.Line("  %-24s no deals closed in the period", r.Segment)
			continue
		}
		out.Line("  %-24s %5d won %5d lost  %.3f  [%.3f, %.3f]", r.Segment, r.Won, r.Lost, *r.WinRate, r.Lower, r.Upper)
	}
}

func runLeads(d *Dataset, p Period, out *SectionOutput) error {
	leads, cohort, err := libraryLeads(d.Leads, p)
	if err != nil {
		return err
	}
	period := pipeline.Period{Start: p.Start, End: p.End}

	out.Figure("leads.count", cohort.Leads)
	if q, err := cohort.QualificationRate(); err == nil {
		out.Figure("leads.qualification_rate", q.Value)
	} else {
		out.Absent("leads.qualification_rate", reason(err))
	}
	if c, err := cohort.ConversionRate(); err == nil {
		out.Figure("leads.conversion_rate", c.Value)
	} else {
		out.Absent("leads.conversion_rate", reason(err))
	}

	times, err := pipeline.LeadResponseTimes(leads, pipeline.ResponseOptions{Period: period})
	if err != nil {
		out.Absent("leads.response_minutes_median", reason(err))
	} else {
		out.Figure("leads.response_minutes_median", times.Times.Median.Minutes())
		out.Line("response time mean %.1f min, P90 %.1f min; %d of %d leads unanswered, left out",
			times.Times.Mean.Minutes(), times.Times.P90.Minutes(), times.Unanswered, times.Leads)
	}
	within, err := pipeline.RespondedWithin(leads, responseTarget, pipeline.ResponseOptions{Period: period})
	if err != nil {
		out.Absent("leads.responded_within_24h_share", reason(err))
		return nil
	}
	out.Figure("leads.responded_within_24h_share", within.Within.Value)
	return nil
}

// libraryLeads converts the rows of leads.csv and tallies those created in
// the period, naming the line of the first lead the library rejects.
func libraryLeads(rows []Lead, p Period) ([]pipeline.Lead, pipeline.LeadTally, error) {
	leads := make([]pipeline.Lead, len(rows))
	var cohort, all pipeline.LeadTally
	for i, r := range rows {
		leads[i] = pipeline.Lead{
			ID: r.ID, CreatedAt: r.CreatedAt, FirstResponseAt: r.FirstResponseAt,
			Qualified: r.Qualified, Converted: r.Converted,
		}
		tally := &all
		if p.Contains(r.CreatedAt) {
			tally = &cohort
		}
		if err := tally.Add(leads[i]); err != nil {
			return nil, pipeline.LeadTally{}, fmt.Errorf("leads.csv line %d: %w", r.Line, err)
		}
	}
	return leads, cohort, nil
}

// StageStep is one row of the funnel and time-in-stage table.
type StageStep struct {
	Stage string `json:"stage"`
	// Reached counts the deals of the cohort that reached the step or a
	// later one; Conversion is Reached over the step before, nil when no
	// deal reached that one.
	Reached    int64    `json:"reached"`
	Conversion *float64 `json:"conversion"`
	// MedianDays is the median cumulative time in a working stage, in
	// days, of the deals that entered it; nil for closing stages and when
	// no deal entered the stage.
	MedianDays *float64 `json:"median_days"`
}

// stageFigures reports the stage-to-stage funnel and the time in stage of
// the deals created in the period that have a history in deal_stages.csv,
// as of the end of the period. The file names no stage order, so the stages are ordered by
// the mean position of their first entry in the deals' histories; closing
// stages come last, and a stage is won or lost when it ends the history of
// a won or lost deal.
func stageFigures(d *Dataset, deals []pipeline.Deal, p Period, out *SectionOutput) error {
	cohort := dealsWithHistory(d, deals, p)
	if len(cohort) == 0 {
		out.Line("no deal created in the period has a stage history")
		return nil
	}
	stages := inferStages(cohort)
	steps, err := pipeline.Funnel(cohort, stages)
	if err != nil {
		return fmt.Errorf("deal_stages.csv: %w", err)
	}
	times, err := pipeline.StageTimes(cohort, stages, p.End)
	if err != nil {
		return fmt.Errorf("deal_stages.csv: %w", err)
	}

	table := make([]StageStep, len(steps))
	for i, step := range steps {
		table[i] = StageStep{Stage: step.Stage, Reached: step.Reached}
		if c, err := step.Conversion(); err == nil {
			table[i].Conversion = &c.Value
		}
	}
	for _, st := range times {
		for i := range table {
			// A closing stage's time runs on to the end of the period, so
			// only working stages show one.
			if table[i].Stage == st.Stage && isOpenStage(stages, st.Stage) {
				median := days(st.Cumulative.Median)
				table[i].MedianDays = &median
			}
		}
	}
	out.Table("pipeline_funnel", table)
	writeFunnel(out, len(cohort), table)
	return nil
}

// dealsWithHistory returns the deals created in the period that have
// entries in deal_stages.csv before the end of the period, each with those
// entries in time order as its history.
func dealsWithHistory(d *Dataset, deals []pipeline.Deal, p Period) []pipeline.Deal {
	byID := map[string]int{}
	var cohort []pipeline.Deal
	for i, r := range d.Deals {
		if p.Contains(r.CreatedOn) {
			byID[r.ID] = len(cohort)
			cohort = append(cohort, deals[i])
		}
	}
	for _, s := range d.DealStages {
		if k, ok := byID[s.DealID]; ok && s.EnteredAt.Before(p.End) {
			cohort[k].History = append(cohort[k].History, pipeline.StageEntry{Stage: s.Stage, EnteredAt: s.EnteredAt})
		}
	}
	for k := range cohort {
		slices.SortStableFunc(cohort[k].History, func(a, b pipeline.StageEntry) int {
			return a.EnteredAt.Compare(b.EnteredAt)
		})
	}
	return slices.DeleteFunc(cohort, func(d pipeline.Deal) bool { return len(d.History) == 0 })
}

// inferStages returns the stages of the deals' histories, open stages in
// order of the mean position of their first entry, then the won and lost
// stages. A stage is won or lost when it ends the history of a won or lost
// deal.
func inferStages(deals []pipeline.Deal) []pipeline.Stage {
	outcome, position := stagePositions(deals)
	names := make([]string, 0, len(position))
	for name := range position {
		names = append(names, name)
	}
	sort.Slice(names, func(a, b int) bool {
		na, nb := names[a], names[b]
		if outcome[na] != outcome[nb] {
			return outcome[na] < outcome[nb]
		}
		if position[na] != position[nb] {
			return position[na] < position[nb]
		}
		return na < nb
	})

	stages := make([]pipeline.Stage, len(names))
	for i, name := range names {
		stages[i] = pipeline.Stage{Name: name, Outcome: outcome[name]}
	}
	return stages
}

// stagePositions returns the outcome of each closing stage and the mean
// position of each stage's first entry in the deals' histories.
func stagePositions(deals []pipeline.Deal) (map[string]pipeline.Outcome, map[string]float64) {
	outcome := map[string]pipeline.Outcome{}
	sum, count := map[string]float64{}, map[string]float64{}
	for _, deal := range deals {
		seen := map[string]bool{}
		for j, e := range deal.History {
			if !seen[e.Stage] {
				seen[e.Stage] = true
				sum[e.Stage] += float64(j)
				count[e.Stage]++
			}
		}
		if n := len(deal.History); n > 0 && deal.Outcome != pipeline.Open {
			outcome[deal.History[n-1].Stage] = deal.Outcome
		}
	}
	for name := range sum {
		sum[name] /= count[name]
	}
	return outcome, sum
}

// isOpenStage reports whether name is a working (open) stage of stages.
func isOpenStage(stages []pipeline.Stage, name string) bool {
	for _, s := range stages {
		if s.Name == name {
			return s.Outcome == pipeline.Open
		}
	}
	return false
}

// writeFunnel adds the funnel table to the text output.
func writeFunnel(out *SectionOutput, deals int, table []StageStep) {
	out.Line("funnel of the %d deals created in the period with a stage history:", deals)
	for _, row := range table {
		conversion, median := "-", "-"
		if row.Conversion != nil {
			conversion = fmt.Sprintf("%.3f", *row.Conversion)
		}
		if row.MedianDays != nil {
			median = fmt.Sprintf("%.1f", *row.MedianDays)
		}
		out.Line("  %-16s reached %5d  from previous %s  median days in stage %s", row.Stage, row.Reached, conversion, median)
	}
}
