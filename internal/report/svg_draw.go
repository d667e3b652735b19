package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// plot is the drawing area of a chart and its scales.
type plot struct {
	left, right, top, bottom float64
	months                   int
	y                        axis
}

// x returns the horizontal pixel of chart month i.
func (p plot) x(i int) float64 {
	if p.months <= 1 {
		return (p.left + p.right) / 2
	}
	return p.left + float64(i)*(p.right-p.left)/float64(p.months-1)
}

// yv returns the vertical pixel of value v.
func (p plot) yv(v float64) float64 { return p.y.scale(v, p.bottom, p.top) }

// grid draws the horizontal grid, both axes with their ticks and labels, and the unit.
func (p plot) grid(b *strings.Builder, unit string, start result.Month) {
	b.WriteString(`<g class="grid">` + "\n")
	for _, t := range p.y.ticks {
		y := coord(p.yv(t))
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, coord(p.left), y, coord(p.right), y)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" dy="0.32em" class="tick">%s</text>`+"\n",
			coord(p.left-6), y, svgText(p.y.label(t)))
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(b, `<text x="%s" y="%s" class="unit">%s</text>`+"\n", coord(p.left), coord(p.top-12), svgText(unit))
	zero := coord(p.yv(0))
	fmt.Fprintf(b, `<g class="axis"><line x1="%s" y1="%s" x2="%s" y2="%s"/><line x1="%s" y1="%s" x2="%s" y2="%s"/>`,
		coord(p.left), coord(p.top), coord(p.left), coord(p.bottom), coord(p.left), zero, coord(p.right), zero)
	for _, t := range monthTicks(start, p.months) {
		x := coord(p.x(t.index))
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, x, coord(p.bottom), x, coord(p.bottom+5))
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" class="tick">%s</text>`, x, coord(p.bottom+18), svgText(t.label))
	}
	b.WriteString("</g>\n")
}

// segments returns the [from, to) runs of chart months where ok holds.
func segments(n int, ok func(int) bool) [][2]int {
	var segs [][2]int
	from := -1
	for i := 0; i <= n; i++ {
		if i < n && ok(i) {
			if from < 0 {
				from = i
			}
			continue
		}
		if from >= 0 {
			segs = append(segs, [2]int{from, i})
			from = -1
		}
	}
	return segs
}

// draw draws series s; base is the top of the stack below it, for stackKind.
func (p plot) draw(b *strings.Builder, s series, base []float64) {
	val := func(vs []float64, m int) float64 {
		i := m - s.offset
		if i < 0 || i >= len(vs) {
			return math.NaN()
		}
		return vs[i]
	}
	has := func(m int) bool { i := m - s.offset; return i >= 0 && i < len(s.values) }
	var d strings.Builder
	point := func(cmd string, m int, v float64) {
		fmt.Fprintf(&d, "%s%s %s ", cmd, coord(p.x(m)), coord(p.yv(v)))
	}
	switch s.kind {
	case lineKind:
		segs := segments(p.months, func(m int) bool { return finite(val(s.values, m)) })
		for _, seg := range segs {
			if seg[1]-seg[0] == 1 {
				fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="2.5" fill="%s"/>`+"\n", coord(p.x(seg[0])), coord(p.yv(val(s.values, seg[0]))), s.color)
				continue
			}
			point("M", seg[0], val(s.values, seg[0]))
			for m := seg[0] + 1; m < seg[1]; m++ {
				point("L", m, val(s.values, m))
			}
		}
		if d.Len() > 0 {
			width := "2"
			if s.strong {
				width = "3.5"
			}
			dash := ""
			if s.dashed {
				dash = ` stroke-dasharray="7 4"`
			}
			fmt.Fprintf(b, `<path d="%s" fill="none" stroke="%s" stroke-width="%s"%s stroke-linejoin="round"/>`+"\n",
				strings.TrimSpace(d.String()), s.color, width, dash)
		}
		return
	case areaKind, stackKind:
		lower := func(m int) float64 {
			if s.kind == stackKind {
				return base[m]
			}
			return 0
		}
		upper := func(m int) float64 {
			v := val(s.values, m)
			if !finite(v) {
				v = 0
			}
			return lower(m) + v
		}
		for _, seg := range segments(p.months, has) {
			p.polygon(&d, seg, upper, lower)
		}
	case bandKind:
		ok := func(m int) bool { return finite(val(s.values, m)) && finite(val(s.hi, m)) }
		for _, seg := range segments(p.months, ok) {
			p.polygon(&d, seg, func(m int) float64 { return val(s.hi, m) }, func(m int) float64 { return val(s.values, m) })
		}
	}
	if d.Len() == 0 {
		return
	}
	stroke := ""
	switch {
	case s.strong:
		stroke = ` stroke="#111111" stroke-width="1.5"`
	case s.kind == areaKind:
		// A light fill alone is too faint to make out (WCAG 1.4.11); outline it.
		stroke = ` stroke="` + s.color + `" stroke-width="1.5" stroke-linejoin="round"`
	}
	fmt.Fprintf(b, `<path d="%s" fill="%s" fill-opacity="%s"%s/>`+"\n", strings.TrimSpace(d.String()), s.color, fillOpacity(s.kind), stroke)
}

// polygon appends the closed outline between upper and lower over segment seg.
func (p plot) polygon(d *strings.Builder, seg [2]int, upper, lower func(int) float64) {
	for m := seg[0]; m < seg[1]; m++ {
		cmd := "L"
		if m == seg[0] {
			cmd = "M"
		}
		fmt.Fprintf(d, "%s%s %s ", cmd, coord(p.x(m)), coord(p.yv(upper(m))))
	}
	if seg[1]-seg[0] == 1 { // one month: give it some width so it shows
		fmt.Fprintf(d, "L%s %s ", coord(p.x(seg[0])+2), coord(p.yv(upper(seg[0]))))
		fmt.Fprintf(d, "L%s %s ", coord(p.x(seg[0])+2), coord(p.yv(lower(seg[0]))))
	}
	for m := seg[1] - 1; m >= seg[0]; m-- {
		fmt.Fprintf(d, "L%s %s ", coord(p.x(m)), coord(p.yv(lower(m))))
	}
	d.WriteString("Z ")
}

// fillOpacity is lighter for areas, which lines are drawn over, than for stacks.
func fillOpacity(k seriesKind) string {
	switch k {
	case areaKind:
		return "0.25"
	case bandKind:
		return "0.2"
	}
	return "0.75"
}
