package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/critmin/critmin/internal/sim"
)

// Colours with at least 3:1 contrast on white (WCAG 1.4.11), from the Okabe-Ito palette
// darkened where needed; lines also differ by dash so colour is never the only cue.
const (
	colorDemand    = "#1f1f1f"
	colorSupply    = "#0072b2"
	colorRivalFree = "#007a5a"
	colorShortfall = "#d55e00"
	colorInside    = "#a3467e"
	colorImporter  = "#0072b2"
	colorRival     = "#d55e00"
	colorTotal     = "#1f1f1f"
)

// palette returns the i-th colour of a series that has no colour of its own.
func palette(i int) string {
	colors := [...]string{"#0072b2", "#d55e00", "#007a5a", "#a3467e", "#8c6a00", "#4b4bb0", "#5e5e5e", "#b0306a"}
	return colors[i%len(colors)]
}

// chartIDs hands out ids unique within a page.
type chartIDs struct{ n int }

func (ids *chartIDs) next() string {
	ids.n++
	return fmt.Sprintf("chart-%d", ids.n)
}

// newChart returns an empty chart over r's months.
func newChart(ids *chartIDs, r *sim.Result, title, unit string) *chart {
	return &chart{id: ids.next(), title: title, unit: unit, start: r.Start, months: r.Months}
}

// runSections are the chart sections of a run report.
func runSections(r *sim.Result) []section {
	ids := &chartIDs{}
	return []section{
		supplySection(ids, r),
		productionSection(ids, r),
		priceSection(ids, r),
		stockSection(ids, r),
		capacitySection(ids, r),
		endItemSection(ids, r),
		costSection(ids, r),
		checkSection(ids, r),
	}
}

func supplySection(ids *chartIDs, r *sim.Result) section {
	s := section{ID: "supply", Title: "Supply, demand and shortfall",
		Intro: []string{"Final demand of " + r.Importer + " per final product, what was delivered, the part of it that never passed through " + r.Rival + ", and the shortfall."}}
	for _, p := range finalProducts(r) {
		info := r.Products[p]
		c := newChart(ids, r, info.ID+": demand, supply and shortfall of "+r.Importer, "t/month of "+info.Basis)
		c.series = []series{
			{name: "Shortfall", kind: areaKind, values: column(r, r.Shortfall, p), color: colorShortfall},
			{name: "Demand", values: column(r, r.Demand, p), color: colorDemand, strong: true},
			{name: "Supply", values: column(r, r.Supply, p), color: colorSupply},
			{name: "Supply free of " + r.Rival, values: column(r, r.RivalFree, p), color: colorRivalFree, dashed: true},
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	if len(r.Sectors) > 0 {
		c := newChart(ids, r, "Shortfall of "+r.Importer+" by sector, all final products", "t/month")
		for i, name := range r.Sectors {
			c.series = append(c.series, series{name: name, kind: stackKind, values: column(r, r.SectorShortfall, i), color: palette(i)})
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	return s
}

// materials returns the materials of r's products in order of first appearance, each
// with its products' indexes.
func materials(r *sim.Result) ([]string, map[string][]int) {
	var names []string
	byMaterial := map[string][]int{}
	for i, p := range r.Products {
		if _, ok := byMaterial[p.Material]; !ok {
			names = append(names, p.Material)
		}
		byMaterial[p.Material] = append(byMaterial[p.Material], i)
	}
	return names, byMaterial
}

func productionSection(ids *chartIDs, r *sim.Result) section {
	s := section{ID: "production", Title: "World production by stage",
		Intro: []string{"Production of every country, one line per stage; each stage counts tonnes of its own basis."}}
	names, byMaterial := materials(r)
	for _, m := range names {
		c := newChart(ids, r, "World production of "+m+" by stage", "t/month, each stage's basis")
		for k, p := range byMaterial[m] {
			info := r.Products[p]
			c.series = append(c.series, series{name: info.Stage + " (" + info.Basis + ")", values: column(r, r.Production, p), color: palette(k)})
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	return s
}

func priceSection(ids *chartIDs, r *sim.Result) section {
	s := section{ID: "prices", Title: "Prices inside and outside " + r.Rival + "'s market",
		Intro: []string{"A gap between the lines is what controls on " + r.Rival + "'s exports do to buyers outside its market."}}
	for p, info := range r.Products {
		c := newChart(ids, r, info.ID+": price outside and inside "+r.Rival, "USD/kg of "+info.Basis)
		c.series = []series{
			{name: "Outside " + r.Rival, values: column(r, r.PriceOut, p), color: colorSupply, strong: true},
			{name: "Inside " + r.Rival, values: column(r, r.PriceIn, p), color: colorInside, dashed: true},
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	return s
}

// nonZero reports whether xs has a finite value other than zero.
func nonZero(xs []float64) bool {
	return slices.ContainsFunc(xs, func(v float64) bool { return finite(v) && v != 0 })
}

func stockSection(ids *chartIDs, r *sim.Result) section {
	s := section{ID: "stocks", Title: "Stockpile and inventories",
		Intro: []string{"Month-end strategic stockpile (solid) and users' commercial inventory (dashed) of " + r.Importer + ", per product that holds any."}}
	c := newChart(ids, r, "Stockpile and inventory of "+r.Importer, "t, each product's basis")
	k := 0
	for p, info := range r.Products {
		stock, inv := column(r, r.Stockpile, p), column(r, r.Inventory, p)
		if !nonZero(stock) && !nonZero(inv) {
			continue
		}
		c.series = append(c.series,
			series{name: info.ID + " stockpile", values: stock, color: palette(k), strong: true},
			series{name: info.ID + " inventory", values: inv, color: palette(k), dashed: true})
		k++
	}
	if len(c.series) == 0 {
		s.Intro = append(s.Intro, r.Importer+" holds no stockpile or inventory in this run.")
		return s
	}
	s.Figures = append(s.Figures, toFigure(c))
	return s
}

// maxCapacityLayers is how many countries a capacity chart shows on their own besides the
// importer; the rest are summed as "other".
const maxCapacityLayers = 6

func capacitySection(ids *chartIDs, r *sim.Result) section {
	s := section{ID: "capacity", Title: "Capacity build-out",
		Intro: []string{fmt.Sprintf("Production capacity per country, stacked, with %s at the bottom and outlined; at most %d other countries are shown on their own.", r.Importer, maxCapacityLayers)}}
	for p, info := range r.Products {
		c := newChart(ids, r, info.ID+": capacity by country", "t/month of "+info.Basis)
		c.series = capacitySeries(r, p)
		s.Figures = append(s.Figures, toFigure(c))
	}
	return s
}

// capacitySeries stacks product p's capacity: the importer first, then the countries with
// the largest peak capacity, then the rest as one layer.
func capacitySeries(r *sim.Result, p int) []series {
	type layer struct {
		c    int
		peak float64
	}
	var layers []layer
	importer := -1
	for c, name := range r.Countries {
		if name == r.Importer {
			importer = c
			continue
		}
		pk, _ := peak(column3(r, r.CountryCapacity, p, c))
		if finite(pk) && pk > 0 {
			layers = append(layers, layer{c, pk})
		}
	}
	slices.SortStableFunc(layers, func(a, b layer) int { return cmp.Compare(b.peak, a.peak) })
	var out []series
	if importer >= 0 {
		out = append(out, series{name: r.Importer, kind: stackKind, values: column3(r, r.CountryCapacity, p, importer), color: colorImporter, strong: true})
	}
	for k, l := range layers {
		if k == maxCapacityLayers {
			other := make([]float64, r.Months)
			for _, l := range layers[k:] {
				for m, v := range column3(r, r.CountryCapacity, p, l.c) {
					if finite(v) {
						other[m] += v
					}
				}
			}
			return append(out, series{name: fmt.Sprintf("%d others", len(layers)-k), kind: stackKind, values: other, color: "#8a8a8a"})
		}
		color := palette(k + 2)
		if r.Countries[l.c] == r.Rival {
			color = colorRival
		}
		out = append(out, series{name: r.Countries[l.c], kind: stackKind, values: column3(r, r.CountryCapacity, p, l.c), color: color})
	}
	return out
}

func endItemSection(ids *chartIDs, r *sim.Result) section {
	s := section{ID: "end-items", Title: "End items " + r.Importer + " could build",
		Intro: []string{"Units per month the importer's allocation to each item's own sector could build (defense programmes from the defense sector, EV motors from the EV sector, wind turbines from the wind sector); the band runs from the high bill of material (fewer units) to the low one (more units). A defense programme never builds more than its cited build rate."}}
	for i, e := range r.EndItems {
		low, high := column(r, r.EndItemsLow, i), column(r, r.EndItemsHigh, i)
		lo, hi := make([]float64, r.Months), make([]float64, r.Months)
		for m := range lo {
			lo[m], hi[m] = min(low[m], high[m]), max(low[m], high[m])
		}
		title := e.Name + ": units buildable per month from the " + e.SectorOrDefense() + " sector's " + e.Product
		c := newChart(ids, r, title, "units/month")
		c.series = []series{
			{name: "Range", kind: bandKind, values: lo, hi: hi, color: palette(i)},
			{name: "Low BOM, " + Num(e.KgLow, 2) + " kg/unit", values: low, color: palette(i), strong: true},
			{name: "High BOM, " + Num(e.KgHigh, 2) + " kg/unit", values: high, color: palette(i), dashed: true},
		}
		if e.UnitsPerYear > 0 {
			rate := make([]float64, r.Months)
			for m := range rate {
				rate[m] = e.UnitsPerYear / 12
			}
			c.series = append(c.series, series{name: "Build rate, " + Num(e.UnitsPerYear, 1) + " units/yr (" + e.RateSource + ")",
				values: rate, color: colorTotal, dashed: true})
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	if len(r.EndItems) == 0 {
		s.Intro = append(s.Intro, "This run tracks no end items.")
	}
	return s
}

func costSection(ids *chartIDs, r *sim.Result) section {
	s := section{ID: "cost", Title: "Cumulative cost of the responses"}
	c := newChart(ids, r, "Cumulative cost by kind", "MUSD")
	for k, kind := range r.CostByKind {
		c.series = append(c.series, series{name: kind, kind: stackKind, values: column(r, r.Cost, k), color: palette(k)})
	}
	c.series = append(c.series, series{name: "Total", values: monthly(r, r.CostTotal), color: colorTotal, dashed: true})
	s.Figures = append(s.Figures, toFigure(c))
	return s
}

func checkSection(ids *chartIDs, r *sim.Result) section {
	s := section{ID: "checks", Title: "Run checks",
		Intro: []string{"Mass-balance residual: (inflows - outflows - change in stocks) / throughput over all products and countries; it must stay within 1e-9."}}
	c := newChart(ids, r, "Mass-balance residual", "share of throughput")
	c.series = []series{{name: "Residual", values: monthly(r, r.MassBalance), color: colorDemand}}
	s.Figures = append(s.Figures, toFigure(c))
	return s
}
