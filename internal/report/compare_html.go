package report

import (
	"io"
	"slices"

	"github.com/critmin/critmin/internal/result"
)

// WriteCompareHTML writes a self-contained HTML report that sets run b beside run a: a
// verdict in words, both summaries (side by side where the page is wide enough), the differences, and charts that overlay both runs' shortfall,
// prices, stockpile and cost, A solid and B dashed, on one calendar axis. A is the
// reference the verdict at the top measures B against.
func WriteCompareHTML(w io.Writer, a, b *result.Run, opts HTMLOptions) error {
	cmpOut := CompareSummary(a, b)
	p := page{
		Title:   "A: " + runTitle(a) + " vs B: " + runTitle(b) + " - critmin comparison",
		Heading: "A: " + runTitle(a) + " vs B: " + runTitle(b),
		Facts: []Fact{
			{"A", a.Scenario + ", importer " + a.Importer + ", rival " + a.Rival + ", " + horizon(a)},
			{"B", b.Scenario + ", importer " + b.Importer + ", rival " + b.Rival + ", " + horizon(b)},
		},
		Footer: footer(opts, a, b),
	}
	ids := &pageCtx{name: opts.CountryName}
	cc := newPair(ids, a, b)
	p.Sections = []section{
		{ID: "verdict", Title: "In short", Intro: compareVerdict(ids, a, b)},
		{ID: "summaries", Title: "The two summaries", Columns: []htmlColumn{
			{Heading: cc.label[0] + ": " + runTitle(a), Tables: toHTMLAll([]*Table{headlineTable(a), productVolumeTable(a)})},
			{Heading: cc.label[1] + ": " + runTitle(b), Tables: toHTMLAll([]*Table{headlineTable(b), productVolumeTable(b)})},
		}},
		{ID: "differences", Title: "Differences, B minus A", Tables: toHTMLAll(cmpOut.Tables)},
		cc.shortfallSection(ids),
		cc.priceSection(ids),
		cc.stockSection(ids),
		cc.costSection(ids),
	}
	return writePage(w, p)
}

// pair is two runs drawn on one calendar axis from the earlier start to the later end.
type pair struct {
	a, b   *result.Run
	start  result.Month
	months int
	// label names each run in headings, legends and intros: "A" and "B", with each
	// run's importer when they differ ("A (the EU)"), since every figure is then the
	// named importer's own.
	label [2]string
}

func newPair(ids *pageCtx, a, b *result.Run) pair {
	start := min(a.Start, b.Start)
	end := max(a.Start+result.Month(a.Months), b.Start+result.Month(b.Months))
	c := pair{a: a, b: b, start: start, months: int(end - start), label: [2]string{"A", "B"}}
	if a.Importer != b.Importer {
		c.label = [2]string{"A (" + ids.country(a.Importer) + ")", "B (" + ids.country(b.Importer) + ")"}
	}
	return c
}

// solidDashed is the intro phrase for how the charts draw the two runs.
func (c pair) solidDashed() string { return c.label[0] + " solid, " + c.label[1] + " dashed" }

func (c pair) chart(ids *pageCtx, title, unit string) *chart {
	return &chart{id: ids.next(), title: title, unit: unit, start: c.start, months: c.months}
}

// both returns the A (solid) and B (dashed) series of product id taken from s of each run;
// a run without the product contributes nothing.
func (c pair) both(name, id string, s func(*result.Run) [][]float64, color string) []series {
	var out []series
	for k, r := range []*result.Run{c.a, c.b} {
		p := productIndex(r, id)
		if p < 0 {
			continue
		}
		out = append(out, series{name: c.label[k] + ": " + name, values: column(r, s(r), p),
			offset: int(r.Start - c.start), color: color, dashed: k == 1, strong: k == 0})
	}
	return out
}

// name names product id in words, from whichever run has it.
func (c pair) name(id string) string {
	if p := productIndex(c.a, id); p >= 0 {
		return productName(c.a.Products[p])
	}
	return productNameByID(c.b, id)
}

// basis returns the basis of product id in whichever run has it.
func (c pair) basis(id string) string {
	if p := productIndex(c.a, id); p >= 0 {
		return c.a.Products[p].Basis
	}
	return c.b.Products[productIndex(c.b, id)].Basis
}

func (c pair) shortfallSection(ids *pageCtx) section {
	s := section{ID: "shortfall", Title: "Shortfall", Intro: []string{"Monthly shortfall per final product; " + c.solidDashed() + "."}}
	for _, id := range productUnion(c.a, c.b) {
		ch := c.chart(ids, c.name(id)+": shortfall, A and B", flowUnit(c.basis(id)))
		ch.series = c.both("shortfall", id, func(r *result.Run) [][]float64 { return r.Shortfall }, colorShortfall)
		if !slices.ContainsFunc(ch.series, func(s series) bool { return nonZero(s.values) }) {
			continue
		}
		s.Figures = append(s.Figures, toFigure(ch))
	}
	if len(s.Figures) == 0 {
		s.Intro = append(s.Intro, "Neither run is short of any final product.")
	}
	return s
}

// allProducts returns the IDs of every product of a and then those only b has.
func (c pair) allProducts() []string {
	var ids []string
	for _, r := range []*result.Run{c.a, c.b} {
		for _, p := range r.Products {
			if !slices.Contains(ids, p.ID) {
				ids = append(ids, p.ID)
			}
		}
	}
	return ids
}

func (c pair) priceSection(ids *pageCtx) section {
	s := section{ID: "prices", Title: "Prices", Intro: []string{"Prices outside (blue) and inside (purple) the rival's market; " + c.solidDashed() + "."}}
	for _, id := range c.allProducts() {
		ch := c.chart(ids, c.name(id)+": prices, A and B", priceUnit(c.basis(id)))
		ch.series = append(c.both("outside", id, func(r *result.Run) [][]float64 { return r.PriceOut }, colorSupply),
			c.both("inside", id, func(r *result.Run) [][]float64 { return r.PriceIn }, colorInside)...)
		s.Figures = append(s.Figures, toFigure(ch))
	}
	return s
}

func (c pair) stockSection(ids *pageCtx) section {
	s := section{ID: "stockpile", Title: "Strategic stockpile", Intro: []string{"Month-end stockpile per product that either run holds; " + c.solidDashed() + "."}}
	ch := c.chart(ids, "Strategic stockpile, A and B", "t, each product's basis")
	k := 0
	for _, id := range c.allProducts() {
		ss := c.both(c.name(id), id, func(r *result.Run) [][]float64 { return r.Stockpile }, palette(k))
		if !slices.ContainsFunc(ss, func(s series) bool { return nonZero(s.values) }) {
			continue
		}
		ch.series = append(ch.series, ss...)
		k++
	}
	if len(ch.series) == 0 {
		s.Intro = append(s.Intro, "Neither run holds a stockpile.")
		return s
	}
	s.Figures = append(s.Figures, toFigure(ch))
	return s
}

func (c pair) costSection(ids *pageCtx) section {
	s := section{ID: "cost", Title: "Cumulative cost"}
	ch := c.chart(ids, "Cumulative cost of the responses, A and B", "MUSD")
	for k, r := range []*result.Run{c.a, c.b} {
		ch.series = append(ch.series, series{name: c.label[k] + ": total", values: monthly(r, r.CostTotal),
			offset: int(r.Start - c.start), color: colorTotal, dashed: k == 1, strong: k == 0})
	}
	s.Figures = append(s.Figures, toFigure(ch))
	return s
}
