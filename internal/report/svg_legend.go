package report

import (
	"fmt"
	"strings"
)

// legendItem is a series' entry in a chart's legend, placed on a row from the left.
type legendItem struct {
	s   series
	x   float64
	row int
}

// legendLayout flows the legend entries of ss from left to right, wrapping at right.
func legendLayout(ss []series, left, right float64) []legendItem {
	var items []legendItem
	x, row := left, 0
	for _, s := range ss {
		w := 30 + float64(len([]rune(s.name)))*charWidth + 16
		if x > left && x+w > right {
			x, row = left, row+1
		}
		items = append(items, legendItem{s: s, x: x, row: row})
		x += w
	}
	return items
}

// draw draws the entry with its swatch: a line for lines, a filled box for the others.
func (it legendItem) draw(b *strings.Builder, top float64) {
	y := top + float64(it.row)*legendRow + 10
	s := it.s
	if s.kind == lineKind {
		width, dash := "2", ""
		if s.strong {
			width = "3.5"
		}
		if s.dashed {
			dash = ` stroke-dasharray="7 4"`
		}
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`,
			coord(it.x), coord(y), coord(it.x+24), coord(y), s.color, width, dash)
	} else {
		stroke := ""
		if s.strong {
			stroke = ` stroke="#111111" stroke-width="1.5"`
		}
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="24" height="10" fill="%s" fill-opacity="%s"%s/>`,
			coord(it.x), coord(y-5), s.color, fillOpacity(s.kind), stroke)
	}
	fmt.Fprintf(b, `<text x="%s" y="%s" dy="0.32em" class="legend">%s</text>`+"\n", coord(it.x+30), coord(y), svgText(s.name))
}
