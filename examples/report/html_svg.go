package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file holds the geometry of the dashboard's SVG charts: a chart is a
// list of marks in SVG user units that dashboard.html.tmpl draws. Nothing
// here computes a metric; it only places the report's numbers on a canvas.

// chartWidth is the width of every chart's viewBox; the page scales the
// SVG to the width of its column.
const chartWidth = 400

// chart is one SVG chart with its text alternatives.
type chart struct {
	ID    string
	Title string
	// Desc is the text alternative: what the chart shows and its main
	// numbers, read by screen readers through aria-describedby.
	Desc string
	// Note is a line under the chart (period, source of an interval).
	Note   string
	Width  float64
	Height float64
	// MinWidth is the narrowest the chart may be drawn in CSS pixels
	// before its frame scrolls sideways, and MaxWidth the widest; 0 lets
	// it shrink to any width and keeps the page's maximum.
	MinWidth float64
	MaxWidth float64
	Plot     box
	X, Y     axis
	Legend   []legendItem
	Rects    []rectMark
	Paths    []pathMark
	Dots     []dotMark
	Lines    []lineMark
	Texts    []textMark
	// Data is the table of the plotted numbers, the chart's full text
	// alternative.
	Data dataTable
}

// box is a rectangle in SVG user units.
type box struct{ X, Y, W, H float64 }

// Right and Bottom return the far edges of b.
func (b box) Right() float64  { return b.X + b.W }
func (b box) Bottom() float64 { return b.Y + b.H }

// axis is a horizontal (X) or vertical (Y) axis along the plot box.
// Grid draws each tick as a line across the plot.
type axis struct {
	Ticks []tick
	Title string
	Grid  bool
}

// tick is a labelled position along an axis, in SVG user units.
type tick struct {
	Pos   float64
	Label string
}

// legendItem names a series and shows its fill, so that the chart does not
// depend on colour alone.
type legendItem struct {
	X, Y  float64
	Class string
	Fill  string
	Label string
}

// Marks that show data have the class "mark" in the SVG, so that a test
// can tell an empty chart from one with data.

// rectMark is a bar or a heat map cell. Class selects the colour; Fill,
// when set, is a pattern URL that overrides it.
type rectMark struct {
	X, Y, W, H float64
	Class      string
	Fill       string
	Tip        string
}

// pathMark is a line or a filled band given as SVG path data.
type pathMark struct {
	D     string
	Class string
	Tip   string
}

// dotMark is a point estimate.
type dotMark struct {
	X, Y, R float64
	Class   string
	Tip     string
}

// lineMark is a straight line: an interval whisker, a censoring tick, or,
// with Decor set, a zero line, axis or reference line that shows no data.
type lineMark struct {
	X1, Y1, X2, Y2 float64
	Class          string
	Tip            string
	Decor          bool
}

// textMark is a label placed on the chart. Anchor is start, middle or end;
// Rotate turns the text about (X, Y) by degrees, clockwise.
type textMark struct {
	X, Y   float64
	Text   string
	Anchor string
	Class  string
	Rotate float64
}

// dataTable is the plotted data as a table.
type dataTable struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// linear maps the domain [D0, D1] onto the range [R0, R1].
type linear struct{ D0, D1, R0, R1 float64 }

func (s linear) at(v float64) float64 {
	if s.D1 == s.D0 {
		return (s.R0 + s.R1) / 2
	}
	return s.R0 + (v-s.D0)/(s.D1-s.D0)*(s.R1-s.R0)
}

// niceTicks returns about n round tick values (steps of 1, 2 or 5 times a
// power of ten) covering [lo, hi], and the domain they span.
func niceTicks(lo, hi float64, n int) (ticks []float64, d0, d1 float64) {
	return ticks125(lo, hi, n, false)
}

// integerTicks is niceTicks with whole-number steps, for count axes: a
// step of 0.5 would label 0.5 and 1.5, which round to repeated labels.
func integerTicks(lo, hi float64, n int) (ticks []float64, d0, d1 float64) {
	return ticks125(lo, hi, n, true)
}

func ticks125(lo, hi float64, n int, integer bool) (ticks []float64, d0, d1 float64) {
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		lo, hi = lo-1, hi+1
	}
	step := niceStep((hi - lo) / float64(max(n, 1)))
	if integer && step != math.Floor(step) {
		// Below 1, or 2.5: take the next whole step, 1 or 5.
		step = niceStep(math.Ceil(step))
	}
	d0 = roundTo(math.Floor(lo/step)*step, step)
	d1 = roundTo(math.Ceil(hi/step)*step, step)
	for i := 0; ; i++ {
		v := d0 + float64(i)*step
		if v > d1+step/2 {
			break
		}
		// Snap to the step's decimal places so labels read 0.3, not
		// 0.30000000000000004.
		ticks = append(ticks, roundTo(v, step))
	}
	return ticks, d0, d1
}

func niceStep(raw float64) float64 {
	power := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*power >= raw {
			return m * power
		}
	}
	return 10 * power
}

func roundTo(v, step float64) float64 {
	places := max(0, -int(math.Floor(math.Log10(step)))+1)
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// num formats an SVG coordinate with at most two decimals.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// pathData builds SVG path data. A lineTo after close or on an empty path
// starts a new subpath.
type pathData struct {
	b            strings.Builder
	open         bool
	lastX, lastY float64
}

func (p *pathData) moveTo(x, y float64) {
	fmt.Fprintf(&p.b, "M%s,%s", num(x), num(y))
	p.open, p.lastX, p.lastY = true, x, y
}

func (p *pathData) lineTo(x, y float64) {
	if !p.open {
		p.moveTo(x, y)
		return
	}
	fmt.Fprintf(&p.b, "L%s,%s", num(x), num(y))
	p.lastX, p.lastY = x, y
}

func (p *pathData) close() {
	p.b.WriteString("Z")
	p.open = false
}

func (p *pathData) String() string { return p.b.String() }
