package report

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// seriesKind is how a series is drawn.
type seriesKind int

const (
	// lineKind is a polyline.
	lineKind seriesKind = iota
	// areaKind is filled down to zero, translucent, under the lines.
	areaKind
	// stackKind is stacked on the stackKind series before it, filled.
	stackKind
	// bandKind is filled between values (the lower edge) and hi.
	bandKind
)

// series is one named sequence of monthly values in a chart. Missing values are NaN:
// lines break there, and areas and stacks count them as zero.
type series struct {
	name   string
	kind   seriesKind
	values []float64
	hi     []float64 // upper edge of a band
	offset int       // chart month of values[0], for runs that start later than the chart
	color  string
	dashed bool
	strong bool // drawn thicker, for the series a chart is about
}

// chart is a monthly time-series chart drawn as inline, self-contained SVG.
type chart struct {
	id     string // unique within the page; prefixes the ids of the title and description
	title  string
	unit   string // y-axis unit, shown above the axis
	start  result.Month
	months int
	series []series
}

// Layout of every chart, in SVG user units (pixels at 100%).
const (
	chartWidth   = 720.0
	plotHeight   = 220.0
	marginTop    = 28.0
	marginRight  = 16.0
	marginBottom = 34.0
	legendRow    = 20.0
	charWidth    = 7.0 // average advance of a 12px sans-serif glyph, to lay out text
	// minLeft keeps half of the first month's label inside the picture.
	minLeft = 40.0
)

// svgText escapes s for SVG text and attribute values.
func svgText(s string) string { return html.EscapeString(s) }

// coord formats a pixel coordinate with one decimal.
func coord(v float64) string { return Num(v, 1) }

// domain returns the lowest and highest values the chart must show.
func (c *chart) domain() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	see := func(v float64) {
		if finite(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	for _, s := range c.series {
		for _, v := range s.values {
			see(v)
		}
		for _, v := range s.hi {
			see(v)
		}
	}
	for _, v := range c.stackTop(len(c.series)) {
		see(v)
	}
	if lo > hi {
		return 0, 0
	}
	return lo, hi
}

// stackTop returns, per chart month, the sum of the stackKind series before index n.
func (c *chart) stackTop(n int) []float64 {
	top := make([]float64, c.months)
	for _, s := range c.series[:n] {
		if s.kind != stackKind {
			continue
		}
		for i, v := range s.values {
			if m := i + s.offset; m >= 0 && m < c.months && finite(v) {
				top[m] += v
			}
		}
	}
	return top
}

// svg renders the chart.
func (c *chart) svg() string {
	lo, hi := c.domain()
	y := niceAxis(lo, hi, 5)
	left := minLeft
	for _, t := range y.ticks {
		left = max(left, float64(len(y.label(t)))*charWidth+14)
	}
	p := plot{left: left, right: chartWidth - marginRight, top: marginTop, bottom: marginTop + plotHeight, months: c.months, y: y}
	items := legendLayout(c.series, p.left, chartWidth-marginRight)
	rows := 0
	for _, it := range items {
		rows = max(rows, it.row+1)
	}
	height := p.bottom + marginBottom + float64(rows)*legendRow + 4

	var b strings.Builder
	titleID, descID := c.id+"-title", c.id+"-desc"
	// No xmlns: inline SVG in HTML gets its namespace from the parser, and the report
	// holds no URL at all.
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s %s">`,
		coord(chartWidth), coord(height), coord(chartWidth), coord(height), titleID, descID)
	fmt.Fprintf(&b, "\n<title id=\"%s\">%s</title>\n<desc id=\"%s\">%s</desc>\n", titleID, svgText(c.title), descID, svgText(c.describe()))
	p.grid(&b, c.unit, c.start)
	if c.months == 0 {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" class="empty">no months to show</text>`+"\n",
			coord((p.left+p.right)/2), coord((p.top+p.bottom)/2))
	}
	for _, kind := range []seriesKind{bandKind, stackKind, areaKind, lineKind} {
		for i, s := range c.series {
			if s.kind == kind {
				p.draw(&b, s, c.stackTop(i))
			}
		}
	}
	for _, it := range items {
		it.draw(&b, p.bottom+marginBottom)
	}
	b.WriteString("</svg>")
	return b.String()
}

// describe summarises the chart in words for its <desc> and for readers without the
// picture: the period, the axis and, per series, where it starts, ends and peaks.
func (c *chart) describe() string {
	var b strings.Builder
	if c.months > 0 {
		fmt.Fprintf(&b, "Monthly, %s to %s, in %s.", monthString(c.start), monthString(c.start+result.Month(c.months-1)), c.unit)
	} else {
		b.WriteString("No months to show.")
	}
	for _, s := range c.series {
		vals := s.values
		if s.kind == bandKind {
			vals = s.hi
		}
		pk, pm := peak(vals)
		if pm < 0 {
			fmt.Fprintf(&b, " %s: no data.", s.name)
			continue
		}
		what := ""
		if s.kind == bandKind {
			what = "upper edge "
		}
		fmt.Fprintf(&b, " %s: %s%s at the start, %s at the end, peak %s in %s.", s.name, what,
			humanNum(first(vals)), humanNum(last(vals)), humanNum(pk), monthString(c.start+result.Month(pm+s.offset)))
	}
	return b.String()
}
