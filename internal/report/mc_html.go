package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/critmin/critmin/internal/montecarlo"
)

// tornadoTop is how many inputs a tornado chart shows.
const tornadoTop = 10

// WriteMCHTML writes a self-contained HTML report of a Monte Carlo run: the summary
// tables, fan charts (P5 to P95 band, P50 line, mean dashed) of the importer's shortfall,
// prices, stockpiles and cost, the probability of a shortfall by month, and tornado
// charts of the sensitivity ranking.
func WriteMCHTML(w io.Writer, r *MCRun, opts HTMLOptions) error {
	opts.Provenance = append(mcFacts(r), opts.Provenance...)
	p := page{
		Title:   mcTitle(r) + " - critmin Monte Carlo report",
		Heading: mcTitle(r) + " (Monte Carlo)",
		Facts: []Fact{{"Scenario", r.Scenario}, {"Importer", r.Importer}, {"Rival", r.Rival},
			{"Replications", fmt.Sprintf("%d, seed %d", r.Replications, r.Seed)}},
		Footer: footer(opts),
	}
	sum := MCSummary(r)
	p.Sections = append([]section{{ID: "summary", Title: "Summary", Intro: sum.Lead, Tables: toHTMLAll(sum.Tables)}}, mcSections(r)...)
	return writePage(w, p)
}

func mcSections(r *MCRun) []section {
	ids := &pageCtx{}
	newC := func(title, unit string) *chart {
		return &chart{id: ids.next(), title: title, unit: unit, start: r.Start, months: r.Months}
	}
	fan := func(s montecarlo.SeriesStat, color string) []series {
		return []series{
			{name: "P5 to P95", kind: bandKind, values: s.P5, hi: s.P95, color: color},
			{name: "P50", values: s.P50, color: color, strong: true},
			{name: "mean", values: s.Mean, color: colorDemand, dashed: true},
		}
	}
	find := func(measure, product string) (montecarlo.SeriesStat, bool) {
		for _, s := range r.Series {
			if s.Measure == measure && s.Product == product && len(s.Mean) > 0 {
				return s, true
			}
		}
		return montecarlo.SeriesStat{}, false
	}
	short := section{ID: "shortfall", Title: "Shortfall of " + r.Importer,
		Intro: []string{"Per final product, the band holds 90 % of the replications in each month; the line is the median."}}
	if len(r.ProbShortfall) > 0 {
		c := newC("Probability that "+r.Importer+" is short of some final product", "share of replications")
		c.series = []series{{name: "probability of a shortfall", values: r.ProbShortfall, color: colorShortfall, strong: true}}
		short.Figures = append(short.Figures, toFigure(c))
	}
	prices := section{ID: "prices", Title: "Prices outside and inside " + r.Rival + "'s market"}
	stocks := section{ID: "stockpiles", Title: "Strategic stockpiles and cost"}
	for _, s := range r.Series {
		if len(s.Mean) == 0 {
			continue
		}
		switch s.Measure {
		case montecarlo.MeasureShortfall:
			c := newC(s.Product+": shortfall of "+r.Importer, s.Unit)
			c.series = fan(s, colorShortfall)
			if d, ok := find(montecarlo.MeasureDemand, s.Product); ok {
				c.series = append(c.series, series{name: "demand, P50", values: d.P50, color: colorSupply, dashed: true})
			}
			short.Figures = append(short.Figures, toFigure(c))
		case montecarlo.MeasurePriceOut:
			c := newC(s.Product+": price outside and inside "+r.Rival, s.Unit)
			c.series = fan(s, colorSupply)
			if in, ok := find(montecarlo.MeasurePriceIn, s.Product); ok {
				c.series = append(c.series, series{name: "inside " + r.Rival + ", P50", values: in.P50, color: colorInside, dashed: true})
			}
			prices.Figures = append(prices.Figures, toFigure(c))
		case montecarlo.MeasureStockpile:
			c := newC(s.Product+": stockpile of "+r.Importer, s.Unit)
			c.series = fan(s, colorImporter)
			stocks.Figures = append(stocks.Figures, toFigure(c))
		case montecarlo.MeasureCost:
			c := newC("Cumulative cost of the responses", s.Unit)
			c.series = fan(s, colorTotal)
			stocks.Figures = append(stocks.Figures, toFigure(c))
		}
	}
	sens := section{ID: "sensitivity", Title: "Sensitivity",
		Intro: []string{"Bars are Spearman rank correlations between each uncertain input and the output, over the replications; the longest bars are the inputs that move the output most."}}
	for _, s := range headlineSensitivity(r) {
		if len(s.Inputs) == 0 || s.Constant {
			continue
		}
		sens.Figures = append(sens.Figures, tornado(ids.next(), "Sensitivity of "+s.Output, s.Inputs[:min(tornadoTop, len(s.Inputs))]))
	}
	return []section{short, prices, stocks, sens}
}

// tornado draws horizontal bars of rank correlations in [-1, 1], largest first.
func tornado(id, title string, effects []montecarlo.InputEffect) figure {
	const rowH, top, bottomPad = 22.0, 28.0, 30.0
	labelW := 40.0
	for _, e := range effects {
		labelW = max(labelW, float64(len([]rune(e.Path)))*charWidth*0.9+12)
	}
	left, right := labelW, chartWidth-marginRight
	mid := (left + right) / 2
	x := func(v float64) float64 { return mid + v*(right-left)/2 }
	height := top + float64(len(effects))*rowH + bottomPad
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc">`,
		coord(chartWidth), coord(height), coord(chartWidth), coord(height), id, id)
	var desc strings.Builder
	desc.WriteString("Rank correlation with the output, from -1 to 1.")
	for _, e := range effects {
		fmt.Fprintf(&desc, " %s: %s.", e.Path, Num(e.Rho, 2))
	}
	fmt.Fprintf(&b, "\n<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", id, svgText(title), id, svgText(desc.String()))
	b.WriteString(`<g class="grid">` + "\n")
	for _, v := range []float64{-1, -0.5, 0, 0.5, 1} {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, coord(x(v)), coord(top-4), coord(x(v)), coord(height-bottomPad))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" class="tick">%s</text>`+"\n", coord(x(v)), coord(height-bottomPad+16), Num(v, 1))
	}
	b.WriteString("</g>\n")
	for i, e := range effects {
		y := top + float64(i)*rowH
		x0, x1 := x(min(0, e.Rho)), x(max(0, e.Rho))
		color := colorSupply
		if e.Rho < 0 {
			color = colorShortfall
		}
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, coord(x0), coord(y+3), coord(max(x1-x0, 0.5)), coord(rowH-6), color)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" dy="0.32em" class="tick">%s</text>`+"\n", coord(left-6), coord(y+rowH/2), svgText(e.Path))
	}
	b.WriteString("</svg>")
	// The builder escapes every text it writes, so the SVG is safe HTML.
	return figure{Title: title, SVG: template.HTML(b.String()), Desc: desc.String()}
}
