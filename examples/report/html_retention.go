package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/crmmetrics/crmmetrics/retention"
)

// mrrMonth is a row of the mrr_by_month table. Money stays in the decimal
// text of the JSON; it converts to float64 only to place the bars.
type mrrMonth struct {
	From         string `json:"from"`
	Start        string `json:"start"`
	New          string `json:"new"`
	Expansion    string `json:"expansion"`
	Reactivation string `json:"reactivation"`
	Contraction  string `json:"contraction"`
	Churn        string `json:"churn"`
	End          string `json:"end"`
}

// netNewMonth is a row of the mrr_net_new_by_month table.
type netNewMonth struct {
	Month  string `json:"month"`
	NetNew string `json:"net_new"`
}

// mrrSeries are the movements of the stacked bars: gains up, losses down.
var mrrSeries = []struct {
	Name    string
	Pattern string
	Sign    float64
	Value   func(m mrrMonth) string
}{
	{"new", "p-new", 1, func(m mrrMonth) string { return m.New }},
	{"expansion", "p-expansion", 1, func(m mrrMonth) string { return m.Expansion }},
	{"reactivation", "p-reactivation", 1, func(m mrrMonth) string { return m.Reactivation }},
	{"contraction", "p-contraction", -1, func(m mrrMonth) string { return m.Contraction }},
	{"churn", "p-churned", -1, func(m mrrMonth) string { return m.Churn }},
}

// mrrChart draws each month's MRR movements as a stacked bar, gains above
// zero and losses below, with net new MRR as a line of dots.
func mrrChart(d *reportDoc, id string) (*chart, string, error) {
	var months []mrrMonth
	var netNew []netNewMonth
	ok, err := d.table("mrr_by_month", &months)
	if err != nil || !ok || len(months) == 0 {
		return nil, "No MRR movements: the data has no subscriptions.csv.", err
	}
	if _, err := d.table("mrr_net_new_by_month", &netNew); err != nil {
		return nil, "", err
	}

	table := dataTable{Caption: "MRR movements by month (data's currency)",
		Head: []string{"Month", "Start", "New", "Expansion", "Reactivation", "Contraction", "Churn", "Net new", "End"}}
	cols := make([]column, len(months))
	for i, m := range months {
		col, row, err := mrrColumn(m, netNew, i)
		if err != nil {
			return nil, "", err
		}
		cols[i] = col
		table.Rows = append(table.Rows, row)
	}
	var legend []legendItem
	for _, s := range mrrSeries {
		legend = append(legend, legendItem{Fill: "url(#" + s.Pattern + ")", Class: "swatch", Label: s.Name})
	}
	legend = append(legend, legendItem{Class: "net-swatch", Label: "net new MRR (dots)"})

	c := vbarChart(id, "MRR movements by month", cols, vbarOptions{Format: formatCompact, Integer: true, Title: "MRR change (currency)",
		XTitle: "Month (subscriptions.csv)", MonthLabels: true, Legend: legend})
	c.Desc = fmt.Sprintf("Stacked bar chart of the MRR movements of each month from %s to %s: new, expansion and reactivation above zero, "+
		"contraction and churn below, and net new MRR as dots. Net new MRR by month: %s.",
		months[0].From, months[len(months)-1].From, joinRows(table.Rows, 0, 7))
	c.Note = "Amounts in the data's currency per month; each customer's MRR against the month before."
	c.Data = table
	return c, "", nil
}

// mrrColumn returns the stacked column and the data table row of month i.
func mrrColumn(m mrrMonth, netNew []netNewMonth, i int) (column, []string, error) {
	col := column{Label: m.From}
	row := []string{m.From, formatMoney(m.Start)}
	for _, s := range mrrSeries {
		text := s.Value(m)
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return col, nil, fmt.Errorf("html: mrr_by_month %s: %s %q is not a number", m.From, s.Name, text)
		}
		col.Segments = append(col.Segments, stackPart{Value: s.Sign * v, Class: "swatch", Fill: "url(#" + s.Pattern + ")",
			Tip: fmt.Sprintf("%s %s MRR: %s", m.From, s.Name, formatMoney(text))})
		row = append(row, formatMoney(text))
	}
	net := ""
	if i < len(netNew) && netNew[i].Month == m.From {
		v, err := strconv.ParseFloat(netNew[i].NetNew, 64)
		if err != nil {
			return col, nil, fmt.Errorf("html: mrr_net_new_by_month %s: %q is not a number", m.From, netNew[i].NetNew)
		}
		net = formatMoney(netNew[i].NetNew)
		col.HasMarker, col.Marker, col.MarkerTip = true, v, fmt.Sprintf("%s net new MRR: %s", m.From, net)
	}
	return col, append(row, net, formatMoney(m.End)), nil
}

// cohortDoc is the cohort_table table.
type cohortDoc struct {
	Cohorts []cohortRow `json:"cohorts"`
}

// cohortRow is one cohort of the cohort_table table.
type cohortRow struct {
	Month string `json:"month"`
	Size  int64  `json:"size"`
	Cells []struct {
		Age    int     `json:"age"`
		Active int64   `json:"active"`
		Share  float64 `json:"share"`
		State  int     `json:"state"`
	} `json:"cells"`
}

// heatRows and heatAges bound the heat map: the most recent cohorts, by
// months since sign-up; the text report shows the same corner.
const (
	heatRows = 12
	heatAges = 13
)

// cohortChart draws the most recent cohorts as a heat map of the share
// still active by month since sign-up. A month not yet observable is
// hatched and empty, never drawn as 0%; a month in progress is marked *.
func cohortChart(d *reportDoc, id string) (*chart, string, error) {
	var t cohortDoc
	ok, err := d.table("cohort_table", &t)
	if err != nil || !ok || len(t.Cohorts) == 0 {
		return nil, "No cohorts: no customer has a sign-up month.", err
	}
	cohorts := t.Cohorts[max(0, len(t.Cohorts)-heatRows):]
	ages, shade := heatExtent(cohorts)

	// Lay out: a header of ages, a label column, one row per cohort.
	const cellW, cellH, labelW = 34.0, 22.0, 150.0
	plot := box{X: labelW, Y: 34, W: float64(ages) * cellW, H: float64(len(cohorts)) * cellH}
	c := newChart(id, "Cohort retention", plot.Bottom()+10, plot)
	header := textMark{X: plot.X + plot.W/2, Y: 12, Text: "Months since sign-up", Anchor: "middle", Class: "axis-title"}
	if textWidth(header.Text) > plot.W {
		// Wider than the cells (few ages): start it at the first cell and
		// widen the chart to hold it.
		header.X, header.Anchor = plot.X, "start"
	}
	c.Width = max(plot.Right(), header.X+textWidth(header.Text)) + 8
	c.MinWidth, c.MaxWidth = c.Width*0.9, c.Width*1.3
	c.Texts = append(c.Texts, header,
		textMark{X: plot.X - 6, Y: plot.Y - 6, Text: "Cohort (customers)", Anchor: "end", Class: "axis-title"})
	c.Data = dataTable{Caption: "Share of each cohort active at the end of each month since sign-up", Head: []string{"Cohort", "Customers"}}
	for a := range ages {
		c.Texts = append(c.Texts, textMark{X: plot.X + (float64(a)+0.5)*cellW, Y: plot.Y - 6, Text: strconv.Itoa(a), Anchor: "middle", Class: "tick-label"})
		c.Data.Head = append(c.Data.Head, "Month "+strconv.Itoa(a))
	}

	// Cells, row by row.
	for r, co := range cohorts {
		y := plot.Y + float64(r)*cellH
		c.Texts = append(c.Texts, textMark{X: plot.X - 6, Y: y + cellH/2 + 4, Text: fmt.Sprintf("%s (%s)", co.Month, formatCount(float64(co.Size))),
			Anchor: "end", Class: "row-label"})
		row := []string{co.Month, formatCount(float64(co.Size))}
		for a, cell := range co.Cells[:min(len(co.Cells), ages)] {
			row = append(row, c.addCohortCell(co.Month, cell.Age, cell.Share, cell.State, shade, box{X: plot.X + float64(a)*cellW, Y: y, W: cellW, H: cellH}))
		}
		c.Data.Rows = append(c.Data.Rows, row)
	}

	legend := []legendItem{
		{Fill: shade.colour(shade.Low), Class: "swatch", Label: formatPercentTick(shade.Low) + " or less"},
		{Fill: shade.colour(1), Class: "swatch", Label: "100%"},
		{Fill: "url(#p-hatch)", Class: "swatch", Label: "not yet observable"},
	}
	if shade.Low >= 1 {
		// Every share shown is 100%: one colour, one entry.
		legend = legend[1:]
	}
	c.Height = c.addLegend(4, c.Height+16, legend) + 8
	c.Desc = fmt.Sprintf("Heat map of the %d most recent sign-up cohorts: the share of each cohort still active at the end of each month "+
		"since sign-up, as a percentage in each cell. Hatched cells without a number are months not yet observable; * marks the month in progress.", len(cohorts))
	c.Note = "Cells: % of the cohort still active at the month's end. * month in progress; hatched: not yet observable, no data (not 0%)."
	return c, "", nil
}

// heatExtent returns the number of ages the heat map shows and its colour
// scale. The colours span the shares shown, from the lowest (rounded down
// to 10%) to 100%, so that close shares still differ; each cell is
// labelled with its share as well.
func heatExtent(cohorts []cohortRow) (ages int, shade colourScale) {
	low := 1.0
	for _, co := range cohorts {
		ages = max(ages, min(len(co.Cells), heatAges))
		for _, cell := range co.Cells[:min(len(co.Cells), heatAges)] {
			if retention.CellState(cell.State) != retention.NotObservable {
				low = min(low, cell.Share)
			}
		}
	}
	return ages, colourScale{Low: math.Floor(low*10) / 10}
}

// addCohortCell draws one cell and returns its text for the data table.
func (c *chart) addCohortCell(month string, age int, share float64, state int, shade colourScale, b box) string {
	switch retention.CellState(state) {
	case retention.NotObservable:
		c.Rects = append(c.Rects, rectMark{X: b.X, Y: b.Y, W: b.W, H: b.H, Class: "cell immature",
			Tip: fmt.Sprintf("%s, month %d: not yet observable", month, age)})
		return "not yet observable"
	}
	text := strconv.FormatFloat(math.Round(100*share), 'f', 0, 64)
	label := formatPercent(share)
	if retention.CellState(state) == retention.InProgress {
		text += "*"
		label += " (in progress)"
	}
	c.Rects = append(c.Rects, rectMark{X: b.X, Y: b.Y, W: b.W, H: b.H, Class: "cell", Fill: shade.colour(share),
		Tip: fmt.Sprintf("%s, month %d: %s active", month, age, label)})
	class := "cell-label"
	if shade.dark(share) {
		class += " inside"
	}
	c.Texts = append(c.Texts, textMark{X: b.X + b.W/2, Y: b.Y + b.H/2 + 4, Text: text, Anchor: "middle", Class: class})
	return label
}

// colourScale maps shares from Low to 1 onto the heat map's colours: a
// pale blue at Low and below, a dark blue at 1.
type colourScale struct{ Low float64 }

func (s colourScale) position(share float64) float64 {
	if s.Low >= 1 {
		return 1
	}
	return math.Max(0, math.Min(1, (share-s.Low)/(1-s.Low)))
}

func (s colourScale) colour(share float64) string {
	from, to := [3]float64{222, 235, 247}, [3]float64{8, 69, 148}
	t := s.position(share)
	var rgb [3]int
	for i := range rgb {
		rgb[i] = int(math.Round(from[i] + (to[i]-from[i])*t))
	}
	return fmt.Sprintf("rgb(%d,%d,%d)", rgb[0], rgb[1], rgb[2])
}

// dark reports whether a cell's colour needs white text.
func (s colourScale) dark(share float64) bool { return s.position(share) > 0.45 }

// survivalDoc is the survival_curve table.
type survivalDoc struct {
	Points []struct {
		Time        float64 `json:"time"`
		AtRisk      int64   `json:"at_risk"`
		Events      int64   `json:"events"`
		Censored    int64   `json:"censored"`
		Survival    float64 `json:"survival"`
		Lower       float64 `json:"lower"`
		Upper       float64 `json:"upper"`
		HasInterval bool    `json:"has_interval"`
	} `json:"points"`
	Subjects int64 `json:"subjects"`
	Events   int64 `json:"events"`
	Censored int64 `json:"censored"`
}

// survivalChart draws the Kaplan-Meier curve of customer tenure as a step
// line inside its interval band, with a tick at each time a customer was
// censored and the median from the survival.median_days figure.
func survivalChart(d *reportDoc, id string) (*chart, string, error) {
	var s survivalDoc
	ok, err := d.table("survival_curve", &s)
	if err != nil || !ok || len(s.Points) == 0 {
		return nil, "No survival curve: no customers.", err
	}
	plot := box{X: 52, Y: 12, W: chartWidth - 52 - 14, H: 210}
	c := newChart(id, "Customer survival (Kaplan-Meier)", plot.Bottom()+44, plot)
	last := s.Points[len(s.Points)-1].Time
	x := linear{D0: 0, D1: math.Max(last, 1), R0: plot.X, R1: plot.Right()}
	y := linear{D0: 0, D1: 1, R0: plot.Bottom(), R1: plot.Y}
	c.setXAxis(x, dayTicks(last), formatTick, "Days since sign-up", false)
	c.setYAxis(y, []float64{0, 0.25, 0.5, 0.75, 1}, formatPercentTick, "Still customers")

	c.addSurvivalBand(s, x, y)
	c.addSurvivalCurve(s, x, y)
	c.addMedian(d, x, y)

	table := dataTable{Caption: "Kaplan-Meier estimate at each time with a churn", Head: []string{"Day", "At risk", "Churned", "Censored", "Survival", "Lower 95%", "Upper 95%"}}
	for _, p := range s.Points {
		if p.Events == 0 {
			continue
		}
		lower, upper := "", ""
		if p.HasInterval {
			lower, upper = formatPercent(p.Lower), formatPercent(p.Upper)
		}
		table.Rows = append(table.Rows, []string{formatTick(p.Time), formatCount(float64(p.AtRisk)), formatCount(float64(p.Events)),
			formatCount(float64(p.Censored)), formatPercent(p.Survival), lower, upper})
	}
	c.Desc = fmt.Sprintf("Step chart of the share of %s customers still customers by days since sign-up, with a shaded 95%% interval band "+
		"and a tick where customers were censored (still active at as of); %s churned, %s censored. %s",
		formatCount(float64(s.Subjects)), formatCount(float64(s.Events)), formatCount(float64(s.Censored)), medianText(d))
	c.Note = "Shaded band: 95% interval. Ticks: customers still active at as of (censored). " + medianText(d)
	c.Data = table
	return c, "", nil
}

// dayTicks returns ticks for a day axis up to last: multiples of 30, 90,
// 180 or 365 days, whichever gives at most eight.
func dayTicks(last float64) []float64 {
	step := 365.0
	for _, s := range []float64{30, 90, 180, 365, 730} {
		if last/s <= 8 {
			step = s
			break
		}
	}
	var ticks []float64
	for v := 0.0; v <= last; v += step {
		ticks = append(ticks, v)
	}
	return ticks
}

// addSurvivalCurve draws the step line from S(0) = 1 and the censoring
// ticks.
func (c *chart) addSurvivalCurve(s survivalDoc, x, y linear) {
	var line pathData
	line.moveTo(x.at(0), y.at(1))
	ticks := censorTicks{x: x, y: y}
	for _, p := range s.Points {
		line.lineTo(x.at(p.Time), line.lastY)
		line.lineTo(x.at(p.Time), y.at(p.Survival))
		if p.Censored > 0 {
			ticks.add(c, p.Time, p.Survival, p.Censored)
		}
	}
	ticks.flush(c)
	c.Paths = append(c.Paths, pathMark{D: line.String(), Class: "curve", Tip: "Kaplan-Meier estimate"})
}

// censorTicks draws at most one censoring tick per 4 units of width: a
// tick stands for the censorings from the first time it covers, so that
// a large data set does not bury the curve under ticks.
type censorTicks struct {
	x, y       linear
	from, to   float64
	survival   float64
	count      int64
	hasPending bool
}

func (t *censorTicks) add(c *chart, time, survival float64, censored int64) {
	if t.hasPending && t.x.at(time)-t.x.at(t.from) >= 4 {
		t.flush(c)
	}
	if !t.hasPending {
		t.from, t.survival, t.count, t.hasPending = time, survival, 0, true
	}
	t.to, t.count = time, t.count+censored
}

func (t *censorTicks) flush(c *chart) {
	if !t.hasPending {
		return
	}
	px, py := t.x.at(t.from), t.y.at(t.survival)
	tip := fmt.Sprintf("day %s: %d censored", formatTick(t.from), t.count)
	if t.to != t.from {
		tip = fmt.Sprintf("days %s to %s: %d censored", formatTick(t.from), formatTick(t.to), t.count)
	}
	c.Lines = append(c.Lines, lineMark{X1: px, Y1: py - 5, X2: px, Y2: py + 5, Class: "censor", Tip: tip})
	t.hasPending = false
}

// addSurvivalBand draws the interval as a step band over each run of
// points that have one.
func (c *chart) addSurvivalBand(s survivalDoc, x, y linear) {
	pts := s.Points
	for i := 0; i < len(pts); {
		if !pts[i].HasInterval {
			i++
			continue
		}
		j := i
		for j+1 < len(pts) && pts[j+1].HasInterval {
			j++
		}
		// The run holds from pts[i] to the next point's time, or to its
		// own last time at the end of the curve.
		end := pts[j].Time
		if j+1 < len(pts) {
			end = pts[j+1].Time
		}
		var band pathData
		for k := i; k <= j; k++ {
			next := end
			if k < j {
				next = pts[k+1].Time
			}
			band.lineTo(x.at(pts[k].Time), y.at(pts[k].Upper))
			band.lineTo(x.at(next), y.at(pts[k].Upper))
		}
		for k := j; k >= i; k-- {
			next := end
			if k < j {
				next = pts[k+1].Time
			}
			band.lineTo(x.at(next), y.at(pts[k].Lower))
			band.lineTo(x.at(pts[k].Time), y.at(pts[k].Lower))
		}
		band.close()
		c.Paths = append(c.Paths, pathMark{D: band.String(), Class: "band", Tip: "95% interval"})
		i = j + 1
	}
}

// addMedian marks the median tenure of the survival.median_days figure,
// or the 50% line when the figure is absent.
func (c *chart) addMedian(d *reportDoc, x, y linear) {
	median, ok := d.number("survival.median_days")
	if !ok {
		c.Lines = append(c.Lines, lineMark{X1: c.Plot.X, Y1: y.at(0.5), X2: c.Plot.Right(), Y2: y.at(0.5), Class: "ref", Decor: true})
		c.Texts = append(c.Texts, textMark{X: c.Plot.X + 6, Y: y.at(0.5) + 16, Text: "50%: median not reached", Anchor: "start", Class: "ref-label"})
		return
	}
	c.Lines = append(c.Lines,
		lineMark{X1: c.Plot.X, Y1: y.at(0.5), X2: x.at(median), Y2: y.at(0.5), Class: "ref", Decor: true},
		lineMark{X1: x.at(median), Y1: y.at(0.5), X2: x.at(median), Y2: c.Plot.Bottom(), Class: "ref", Decor: true})
	label := textMark{X: x.at(median) + 5, Y: y.at(0.5) - 6, Text: "median " + formatTick(median) + " days", Anchor: "start", Class: "ref-label"}
	if label.X+textWidth(label.Text) > c.Width {
		// Past the right edge: write the label to the left of the line.
		label.X, label.Anchor = x.at(median)-5, "end"
	}
	c.Texts = append(c.Texts, label)
}

// medianText states the median tenure or why it is absent.
func medianText(d *reportDoc) string {
	if median, ok := d.number("survival.median_days"); ok {
		return "Median tenure " + formatTick(median) + " days."
	}
	if reason, ok := d.Absent["survival.median_days"]; ok {
		return "No median: " + reason + "."
	}
	return ""
}
