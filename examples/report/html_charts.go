package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// charWidth estimates the width of one character of the chart font in SVG
// units, for laying out labels: DejaVu Sans averages about 0.57 em, and
// narrow screens draw the text at 13 units.
const charWidth = 7.4

func textWidth(s string) float64 {
	return float64(utf8.RuneCountInString(s)) * charWidth
}

// newChart returns an empty chart of the standard width and the given
// height around plot.
func newChart(id, title string, height float64, plot box) *chart {
	return &chart{ID: id, Title: title, Width: chartWidth, Height: height, Plot: plot}
}

// setXAxis labels the bottom axis with ticks placed by s.
func (c *chart) setXAxis(s linear, ticks []float64, format func(float64) string, title string, grid bool) {
	c.X = axis{Title: title, Grid: grid}
	for _, v := range ticks {
		c.X.Ticks = append(c.X.Ticks, tick{Pos: s.at(v), Label: format(v)})
	}
}

// setYAxis labels the left axis with ticks placed by s.
func (c *chart) setYAxis(s linear, ticks []float64, format func(float64) string, title string) {
	c.Y = axis{Title: title, Grid: true}
	for _, v := range ticks {
		c.Y.Ticks = append(c.Y.Ticks, tick{Pos: s.at(v), Label: format(v)})
	}
}

// addLegend lays out legend items in rows from (x, y), wrapping at the
// chart's width.
func (c *chart) addLegend(x, y float64, items []legendItem) float64 {
	startX := x
	for _, it := range items {
		w := 19 + textWidth(it.Label) + 14
		if x+w > c.Width && x > startX {
			x, y = startX, y+18
		}
		it.X, it.Y = x, y
		c.Legend = append(c.Legend, it)
		x += w
	}
	return y
}

// hbarRow is one horizontal bar. An interval, when HasInterval is set, is
// drawn as a whisker from Lower to Upper.
type hbarRow struct {
	Label        string
	Value        float64
	HasInterval  bool
	Lower, Upper float64
	Text         string
	Tip          string
	Class        string
}

// hbarOptions sets the value axis of an hbar chart. Max 0 takes the
// largest value (or upper bound) of the rows.
type hbarOptions struct {
	Max    float64
	Format func(float64) string
	Title  string
	// Integer puts the ticks at whole numbers only, for counts and for
	// amounts labelled without decimals (formatCompact).
	Integer bool
}

const (
	hbarRowHeight = 26
	hbarBar       = 16
)

// hbarChart draws rows as horizontal bars from 0, labelled on the left and
// with their value text on the right.
func hbarChart(id, title string, rows []hbarRow, o hbarOptions) *chart {
	// Lay out: labels, plot, value texts. Labels longer than 30% of the
	// width are shortened; the tooltip and data table keep them whole.
	labelW, textW := 0.0, 0.0
	for _, r := range rows {
		labelW = max(labelW, textWidth(r.Label))
		textW = max(textW, textWidth(r.Text))
	}
	labelW = min(labelW, 0.3*chartWidth) + 10
	for i := range rows {
		rows[i].Label = shorten(rows[i].Label, labelW-10)
	}
	plot := box{X: labelW, Y: 6, W: chartWidth - labelW - textW - 14, H: float64(len(rows)) * hbarRowHeight}
	c := newChart(id, title, plot.Bottom()+42, plot)

	// Scale: 0 to the largest bound.
	top := o.Max
	if top == 0 {
		for _, r := range rows {
			top = max(top, r.Value, r.Upper)
		}
	}
	if top <= 0 {
		// Every bar is 0: keep an axis from 0 to 1.
		top = 1
	}
	tickCount := max(2, min(5, int(plot.W/60)))
	ticks, _, d1 := niceTicks(0, top, tickCount)
	if o.Integer {
		ticks, _, d1 = integerTicks(0, top, tickCount)
	}
	if o.Max != 0 {
		d1 = o.Max
		ticks = trimTicks(ticks, d1)
	}
	x := linear{D0: 0, D1: d1, R0: plot.X, R1: plot.Right()}
	c.setXAxis(x, ticks, o.Format, o.Title, true)

	for i, r := range rows {
		c.addHBar(i, r, x)
	}
	return c
}

func (c *chart) addHBar(i int, r hbarRow, x linear) {
	y := c.Plot.Y + float64(i)*hbarRowHeight + (hbarRowHeight-hbarBar)/2
	mid := y + hbarBar/2
	class := r.Class
	if class == "" {
		class = "bar"
	}
	c.Rects = append(c.Rects, rectMark{X: x.at(0), Y: y, W: x.at(r.Value) - x.at(0), H: hbarBar, Class: class, Tip: r.Tip})
	if r.HasInterval {
		c.Lines = append(c.Lines, lineMark{X1: x.at(r.Lower), Y1: mid, X2: x.at(r.Upper), Y2: mid, Class: "whisker", Tip: r.Tip})
		for _, v := range []float64{r.Lower, r.Upper} {
			c.Lines = append(c.Lines, lineMark{X1: x.at(v), Y1: mid - 5, X2: x.at(v), Y2: mid + 5, Class: "whisker"})
		}
	}
	// Value texts line up in the column right of the plot.
	c.Texts = append(c.Texts,
		textMark{X: c.Plot.X - 6, Y: mid + 4, Text: r.Label, Anchor: "end", Class: "row-label"},
		textMark{X: c.Plot.Right() + 6, Y: mid + 4, Text: r.Text, Anchor: "start", Class: "value-label"})
}

// shorten cuts s to fit width, ending it with an ellipsis.
func shorten(s string, width float64) string {
	if textWidth(s) <= width {
		return s
	}
	runes := []rune(s)
	return string(runes[:max(1, int(width/charWidth)-1)]) + "…"
}

// trimTicks drops the ticks above top.
func trimTicks(ticks []float64, top float64) []float64 {
	var out []float64
	for _, t := range ticks {
		if t <= top+1e-9 {
			out = append(out, t)
		}
	}
	return out
}

// column is one category of a vertical bar chart: segments stacked from 0,
// positive ones upward and negative ones downward, and an optional marker
// (a net value) drawn as a dot joined to its neighbours.
type column struct {
	Label     string
	Segments  []stackPart
	HasMarker bool
	Marker    float64
	MarkerTip string
	Text      string
}

// stackPart is one stacked part of a column.
type stackPart struct {
	Value float64
	Class string
	Fill  string
	Tip   string
}

// vbarOptions sets the value axis and decorations of a column chart.
type vbarOptions struct {
	Format func(float64) string
	Title  string
	// Integer puts the ticks at whole numbers only, for counts and for
	// amounts labelled without decimals (formatCompact).
	Integer bool
	XTitle  string
	// RefAfter, when RefLabel is set, draws a dashed reference line on
	// the boundary after column RefAfter (for example an SLA target).
	RefAfter int
	RefLabel string
	// MonthLabels writes the YYYY-MM labels of the columns as months.
	MonthLabels bool
	Legend      []legendItem
}

// vbarChart draws columns of stacked segments with their labels below.
func vbarChart(id, title string, cols []column, o vbarOptions) *chart {
	// Lay out: rotate the category labels when they do not fit their band.
	band := (chartWidth - 70.0 - 10) / float64(max(len(cols), 1))
	rotate, below := categoryLabelSpace(cols, band, o.MonthLabels)
	plot := box{X: 70, Y: 18, W: chartWidth - 70 - 10, H: 180}
	c := newChart(id, title, plot.Bottom()+below+24, plot)

	// Scale: from the lowest negative stack to the highest positive one.
	lo, hi := stackRange(cols)
	if lo == 0 && hi == 0 {
		// Every column is 0: keep an axis from 0 to 1.
		hi = 1
	}
	ticks, d0, d1 := niceTicks(lo, hi, 5)
	if o.Integer {
		ticks, d0, d1 = integerTicks(lo, hi, 5)
	}
	y := linear{D0: d0, D1: d1, R0: plot.Bottom(), R1: plot.Y}
	c.setYAxis(y, ticks, o.Format, o.Title)
	c.Lines = append(c.Lines, lineMark{X1: plot.X, Y1: y.at(0), X2: plot.Right(), Y2: y.at(0), Class: "zero", Decor: true})

	// Columns, their markers and labels.
	var net pathData
	for i, col := range cols {
		cx := plot.X + (float64(i)+0.5)*band
		c.addColumn(col, cx, band*0.62, y)
		if col.HasMarker {
			net.lineTo(cx, y.at(col.Marker))
			c.Dots = append(c.Dots, dotMark{X: cx, Y: y.at(col.Marker), R: 3.5, Class: "net-dot", Tip: col.MarkerTip})
		}
		if o.MonthLabels {
			c.addMonthLabel(i, col.Label, cx, plot.Bottom())
		} else {
			c.addCategoryLabel(col.Label, cx, plot.Bottom(), rotate)
		}
	}
	if net.String() != "" {
		c.Paths = append(c.Paths, pathMark{D: net.String(), Class: "net"})
	}
	c.decorateColumns(o, band)
	return c
}

// categoryLabelSpace reports whether the category labels of cols must be
// rotated to fit their band, and the height they take below the plot.
func categoryLabelSpace(cols []column, band float64, months bool) (rotate bool, below float64) {
	if months {
		return false, 36
	}
	labelW := 0.0
	for _, col := range cols {
		labelW = max(labelW, textWidth(col.Label))
	}
	if labelW > band-4 {
		return true, labelW*0.64 + 14
	}
	return false, 24
}

// decorateColumns adds the reference line, the axis title and the legend
// of a column chart.
func (c *chart) decorateColumns(o vbarOptions, band float64) {
	plot := c.Plot
	if o.RefLabel != "" {
		x := plot.X + float64(o.RefAfter+1)*band
		c.Lines = append(c.Lines, lineMark{X1: x, Y1: plot.Y - 6, X2: x, Y2: plot.Bottom(), Class: "ref", Tip: o.RefLabel, Decor: true})
		c.Texts = append(c.Texts, textMark{X: x + 4, Y: plot.Y + 6, Text: o.RefLabel, Anchor: "start", Class: "ref-label"})
	}
	if o.XTitle != "" {
		c.Texts = append(c.Texts, textMark{X: plot.X + plot.W/2, Y: c.Height - 6, Text: o.XTitle, Anchor: "middle", Class: "axis-title"})
	}
	if len(o.Legend) > 0 {
		c.Height = c.addLegend(10, c.Height+16, o.Legend) + 8
	}
}

func (c *chart) addColumn(col column, cx, width float64, y linear) {
	up, down := 0.0, 0.0
	for _, s := range col.Segments {
		from := up
		if s.Value < 0 {
			from = down
		}
		to := from + s.Value
		top, bottom := y.at(math.Max(from, to)), y.at(math.Min(from, to))
		c.Rects = append(c.Rects, rectMark{X: cx - width/2, Y: top, W: width, H: bottom - top, Class: s.Class, Fill: s.Fill, Tip: s.Tip})
		if s.Value < 0 {
			down = to
		} else {
			up = to
		}
	}
	if col.Text != "" {
		c.Texts = append(c.Texts, textMark{X: cx, Y: y.at(up) - 4, Text: col.Text, Anchor: "middle", Class: "value-label"})
	}
}

func (c *chart) addCategoryLabel(label string, cx, bottom float64, rotate bool) {
	if rotate {
		c.Texts = append(c.Texts, textMark{X: cx + 4, Y: bottom + 12, Text: label, Anchor: "end", Class: "row-label", Rotate: -40})
		return
	}
	c.Texts = append(c.Texts, textMark{X: cx, Y: bottom + 15, Text: label, Anchor: "middle", Class: "row-label"})
}

// stackRange returns the lowest and highest value the stacked columns and
// their markers reach, always including 0.
func stackRange(cols []column) (lo, hi float64) {
	for _, col := range cols {
		up, down := 0.0, 0.0
		for _, s := range col.Segments {
			if s.Value < 0 {
				down += s.Value
			} else {
				up += s.Value
			}
		}
		lo, hi = math.Min(lo, down), math.Max(hi, up)
		if col.HasMarker {
			lo, hi = math.Min(lo, col.Marker), math.Max(hi, col.Marker)
		}
	}
	return lo, hi
}

// scoreRow is one score on its own scale [Min, Max] with ticks every Step,
// and its interval [Lower, Upper] from Count answers.
type scoreRow struct {
	Label               string
	Value, Lower, Upper float64
	Min, Max, Step      float64
	Format              func(float64) string
	TickFormat          func(float64) string
	Count               float64
}

const scoreRowHeight = 84

// intervalChart draws each score as a dot with its interval whisker above
// an axis of the score's own scale.
func intervalChart(id, title string, rows []scoreRow) *chart {
	plot := box{X: 24, Y: 0, W: chartWidth - 48, H: float64(len(rows)) * scoreRowHeight}
	c := newChart(id, title, plot.H+6, plot)
	c.Data = dataTable{Caption: title, Head: []string{"Score", "Value", "Lower 95%", "Upper 95%", "Answers"}}
	var desc []string
	for i, r := range rows {
		c.addScoreRow(plot.Y+float64(i)*scoreRowHeight, r)
		c.Data.Rows = append(c.Data.Rows, []string{r.Label, r.Format(r.Value), r.Format(r.Lower), r.Format(r.Upper), formatCount(r.Count)})
		desc = append(desc, fmt.Sprintf("%s %s, 95%% interval %s to %s, from %s answers",
			r.Label, r.Format(r.Value), r.Format(r.Lower), r.Format(r.Upper), formatCount(r.Count)))
	}
	c.Desc = "Dot and whisker chart: " + strings.Join(desc, "; ") + "."
	return c
}

func (c *chart) addScoreRow(top float64, r scoreRow) {
	x := linear{D0: r.Min, D1: r.Max, R0: c.Plot.X, R1: c.Plot.Right()}
	mid, axisY := top+46, top+58
	tip := fmt.Sprintf("%s %s, 95%% interval %s to %s", r.Label, r.Format(r.Value), r.Format(r.Lower), r.Format(r.Upper))

	// Heading: the score's name, then its value and interval.
	c.Texts = append(c.Texts,
		textMark{X: c.Plot.X, Y: top + 14, Text: r.Label, Anchor: "start", Class: "axis-title"},
		textMark{X: c.Plot.X, Y: top + 30, Anchor: "start", Class: "value-label",
			Text: fmt.Sprintf("%s, interval %s to %s, n = %s", r.Format(r.Value), r.Format(r.Lower), r.Format(r.Upper), formatCount(r.Count))})

	// Axis of the score's scale.
	c.Lines = append(c.Lines, lineMark{X1: c.Plot.X, Y1: axisY, X2: c.Plot.Right(), Y2: axisY, Class: "axis-line", Decor: true})
	for v := r.Min; v <= r.Max+r.Step/2; v += r.Step {
		c.Lines = append(c.Lines, lineMark{X1: x.at(v), Y1: axisY, X2: x.at(v), Y2: axisY + 4, Class: "axis-line", Decor: true})
		c.Texts = append(c.Texts, textMark{X: x.at(v), Y: axisY + 16, Text: r.TickFormat(v), Anchor: "middle", Class: "tick-label"})
	}

	// The interval and the estimate.
	c.Lines = append(c.Lines,
		lineMark{X1: x.at(r.Lower), Y1: mid, X2: x.at(r.Upper), Y2: mid, Class: "whisker", Tip: tip},
		lineMark{X1: x.at(r.Lower), Y1: mid - 6, X2: x.at(r.Lower), Y2: mid + 6, Class: "whisker"},
		lineMark{X1: x.at(r.Upper), Y1: mid - 6, X2: x.at(r.Upper), Y2: mid + 6, Class: "whisker"})
	c.Dots = append(c.Dots, dotMark{X: x.at(r.Value), Y: mid, R: 5, Class: "estimate", Tip: tip})
}

// monthBandChart draws monthly scores as a line with dots inside their
// interval band, on a points axis that includes 0. Months without a score
// break the line and the band and are labelled on the axis.
func monthBandChart(id string, months []monthlyNPSRow) *chart {
	plot := box{X: 52, Y: 14, W: chartWidth - 52 - 12, H: 200}
	c := newChart(id, "NPS by month", plot.Bottom()+58, plot)

	// Scales: months as bands, points from the lowest bound to the highest.
	lo, hi := 0.0, 0.0
	for _, m := range months {
		if m.Score != nil {
			lo, hi = min(lo, m.Lower), max(hi, m.Upper)
		}
	}
	ticks, d0, d1 := niceTicks(lo, hi, 5)
	y := linear{D0: d0, D1: d1, R0: plot.Bottom(), R1: plot.Y}
	c.setYAxis(y, ticks, formatTick, "NPS (points)")
	band := plot.W / float64(len(months))
	xOf := func(i int) float64 { return plot.X + (float64(i)+0.5)*band }
	if d0 < 0 {
		c.Lines = append(c.Lines, lineMark{X1: plot.X, Y1: y.at(0), X2: plot.Right(), Y2: y.at(0), Class: "zero", Decor: true})
	}

	c.addMonthlyBands(months, xOf, y)
	c.addMonthlyDots(months, xOf, y)
	c.Texts = append(c.Texts, textMark{X: plot.X + plot.W/2, Y: c.Height - 4, Text: "Month answered", Anchor: "middle", Class: "axis-title"})
	c.Desc = fmt.Sprintf("Line chart of the Net Promoter Score of each month from %s to %s with a shaded 95%% interval band: %s.",
		months[0].Month, months[len(months)-1].Month, joinRows(c.Data.Rows, 0, 2))
	c.Note = "Shaded band: 95% adjusted-Wald interval of each month's score."
	return c
}

// addMonthlyBands draws the band and the line, one run of consecutive
// scored months at a time; a month alone between gaps shows its interval
// as a whisker.
func (c *chart) addMonthlyBands(months []monthlyNPSRow, xOf func(int) float64, y linear) {
	var line pathData
	for _, run := range scoredRuns(months) {
		if len(run) == 1 {
			m := months[run[0]]
			c.Lines = append(c.Lines, lineMark{X1: xOf(run[0]), Y1: y.at(m.Upper), X2: xOf(run[0]), Y2: y.at(m.Lower), Class: "band-whisker",
				Tip: "95% interval (adjusted Wald)"})
		} else {
			c.Paths = append(c.Paths, monthBand(run, months, xOf, y))
		}
		line.open = false
		for _, i := range run {
			line.lineTo(xOf(i), y.at(*months[i].Score))
		}
	}
	c.Paths = append(c.Paths, pathMark{D: line.String(), Class: "curve"})
}

// addMonthlyDots draws each scored month's dot, labels the months and
// fills the data table.
func (c *chart) addMonthlyDots(months []monthlyNPSRow, xOf func(int) float64, y linear) {
	c.Data = dataTable{Caption: "NPS by month with 95% intervals", Head: []string{"Month", "Answers", "NPS", "Lower 95%", "Upper 95%"}}
	for i, m := range months {
		c.addMonthLabel(i, m.Month, xOf(i), c.Plot.Bottom())
		if m.Score == nil {
			c.Texts = append(c.Texts, textMark{X: xOf(i), Y: y.at(0) - 6, Text: "none", Anchor: "middle", Class: "tick-label"})
			c.Data.Rows = append(c.Data.Rows, []string{m.Month, formatCount(float64(m.Responses)), "no answers", "", ""})
			continue
		}
		tip := fmt.Sprintf("%s: NPS %s, 95%% interval %s to %s, %s answers", m.Month, formatPoints(*m.Score),
			formatPoints(m.Lower), formatPoints(m.Upper), formatCount(float64(m.Responses)))
		c.Dots = append(c.Dots, dotMark{X: xOf(i), Y: y.at(*m.Score), R: 3.5, Class: "estimate", Tip: tip})
		c.Data.Rows = append(c.Data.Rows, []string{m.Month, formatCount(float64(m.Responses)),
			formatPoints(*m.Score), formatPoints(m.Lower), formatPoints(m.Upper)})
	}
}

// monthBand returns the interval band of a run of consecutive months:
// along the upper bounds, then back along the lower ones.
func monthBand(run []int, months []monthlyNPSRow, xOf func(int) float64, y linear) pathMark {
	var area pathData
	for _, i := range run {
		area.lineTo(xOf(i), y.at(months[i].Upper))
	}
	for k := len(run) - 1; k >= 0; k-- {
		area.lineTo(xOf(run[k]), y.at(months[run[k]].Lower))
	}
	area.close()
	return pathMark{D: area.String(), Class: "band", Tip: "95% interval (adjusted Wald)"}
}

// scoredRuns returns the indices of months with a score, grouped into
// runs of consecutive months.
func scoredRuns(months []monthlyNPSRow) [][]int {
	var runs [][]int
	var run []int
	for i, m := range months {
		if m.Score == nil {
			if len(run) > 0 {
				runs = append(runs, run)
			}
			run = nil
			continue
		}
		run = append(run, i)
	}
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
}

// addMonthLabel writes a YYYY-MM month as its abbreviation, with the year
// under the first month and under each January.
func (c *chart) addMonthLabel(i int, month string, x, bottom float64) {
	t, err := time.Parse(monthLayout, month)
	if err != nil {
		c.Texts = append(c.Texts, textMark{X: x, Y: bottom + 15, Text: month, Anchor: "middle", Class: "tick-label"})
		return
	}
	c.Texts = append(c.Texts, textMark{X: x, Y: bottom + 15, Text: t.Format("Jan"), Anchor: "middle", Class: "tick-label"})
	if i == 0 || t.Month() == time.January {
		c.Texts = append(c.Texts, textMark{X: x, Y: bottom + 29, Text: t.Format("2006"), Anchor: "middle", Class: "tick-label"})
	}
}

// formatTick labels a numeric axis tick without trailing zeros.
func formatTick(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
