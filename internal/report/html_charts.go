package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/critmin/critmin/internal/result"
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

// pageCtx is what the charts of one page share: the ids it has handed out, unique
// within the page, and the names countries are shown by.
type pageCtx struct {
	n    int
	name func(iso3 string) string // nil: codes are shown as they are
}

// country names a country by its code.
func (ids *pageCtx) country(code string) string { return countryName(ids.name, code) }

func (ids *pageCtx) next() string {
	ids.n++
	return fmt.Sprintf("chart-%d", ids.n)
}

// newChart returns an empty chart over r's months.
func newChart(ids *pageCtx, r *result.Run, title, unit string) *chart {
	return &chart{id: ids.next(), title: title, unit: unit, start: r.Start, months: r.Months}
}

// runSections are the chart sections of a run report; the checks come last, as an
// appendix.
func runSections(ids *pageCtx, r *result.Run) []section {
	return []section{
		supplySection(ids, r),
		originSection(ids, r),
		productionSection(ids, r),
		priceSection(ids, r),
		stockSection(ids, r),
		capacitySection(ids, r),
		endItemSection(ids, r),
		costSection(ids, r),
		checkSection(r),
	}
}

// zoomMargin is how many months a crisis window shows before and after the short months.
const zoomMargin = 3

// crisisWindow returns the months [from, to) around the months in which xs is above
// zero, with zoomMargin on each side, and whether the window is short enough (at most a
// third of the horizon) to be worth a zoomed chart.
func crisisWindow(xs []float64, share float64) (from, to int, ok bool) {
	first, last := -1, -1
	for m, v := range xs {
		if finite(v) && v > share {
			if first < 0 {
				first = m
			}
			last = m
		}
	}
	if first < 0 {
		return 0, 0, false
	}
	from, to = max(first-zoomMargin, 0), min(last+1+zoomMargin, len(xs))
	return from, to, (to-from)*3 <= len(xs)
}

// zoomed returns a copy of c restricted to the months [from, to).
func zoomed(ids *pageCtx, c *chart, from, to int) *chart {
	z := &chart{id: ids.next(), title: c.title + ", months " + monthString(c.start+result.Month(from)) + " to " + monthString(c.start+result.Month(to-1)),
		unit: c.unit, start: c.start + result.Month(from), months: to - from}
	for _, sr := range c.series {
		sr.values = sr.values[from:to]
		if sr.hi != nil {
			sr.hi = sr.hi[from:to]
		}
		z.series = append(z.series, sr)
	}
	return z
}

func supplySection(ids *pageCtx, r *result.Run) section {
	imp, riv := ids.country(r.Importer), ids.country(r.Rival)
	s := section{ID: "supply", Title: "Supply, demand and shortfall",
		Intro: []string{"Final demand of " + imp + " per final product, what was delivered, the part of it that never passed through " + riv + ", and the shortfall. Products " + imp + " does not demand are left out; a shortfall that lasts a few months gets a second chart zoomed on those months."}}
	for _, p := range finalProducts(r) {
		info := r.Products[p]
		demand := column(r, r.Demand, p)
		if !nonZero(demand) {
			continue
		}
		short := column(r, r.Shortfall, p)
		c := newChart(ids, r, productName(info)+": demand, supply and shortfall of "+imp, flowUnit(info.Basis))
		c.series = []series{
			{name: "Shortfall", kind: areaKind, values: short, color: colorShortfall},
			{name: "Demand", values: demand, color: colorDemand, strong: true},
			{name: "Supply", values: column(r, r.Supply, p), color: colorSupply},
			{name: "Supply free of " + riv, values: column(r, r.RivalFree, p), color: colorRivalFree, dashed: true},
		}
		s.Figures = append(s.Figures, toFigure(c))
		pk, _ := peak(demand)
		if from, to, ok := crisisWindow(short, shortMonthShare*pk); ok {
			s.Figures = append(s.Figures, toFigure(zoomed(ids, c, from, to)))
		}
	}
	if len(r.Sectors) > 0 {
		c := newChart(ids, r, "Shortfall of "+imp+" by sector, all final products", "t/month, each product's basis")
		for i, name := range r.Sectors {
			c.series = append(c.series, series{name: name, kind: stackKind, values: column(r, r.SectorShortfall, i), color: palette(i)})
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	return s
}

// materials returns the materials of r's products in order of first appearance, each
// with its products' indexes.
func materials(r *result.Run) ([]string, map[string][]int) {
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

func productionSection(ids *pageCtx, r *result.Run) section {
	s := section{ID: "production", Title: "World production by stage",
		Intro: []string{"Production of every country, one line per stage; each stage counts tonnes of its own basis."}}
	names, byMaterial := materials(r)
	for _, m := range names {
		name := m
		if n, ok := materialNames[m]; ok {
			name = n
		}
		c := newChart(ids, r, "World production of "+name+" by stage", "t/month, each stage's basis")
		for k, p := range byMaterial[m] {
			info := r.Products[p]
			if xs := column(r, r.Production, p); nonZero(xs) {
				c.series = append(c.series, series{name: info.Stage + " (" + basisWords(info.Basis) + ")", values: xs, color: palette(k)})
			}
		}
		if len(c.series) > 0 {
			s.Figures = append(s.Figures, toFigure(c))
		}
	}
	return s
}

func priceSection(ids *pageCtx, r *result.Run) section {
	riv := ids.country(r.Rival)
	s := section{ID: "prices", Title: "Prices inside and outside " + possessive(riv) + " market",
		Intro: []string{"A gap between the lines is what controls on " + possessive(riv) + " exports do to buyers outside its market."}}
	for p, info := range r.Products {
		c := newChart(ids, r, productName(info)+": price outside and inside "+riv, priceUnit(info.Basis))
		c.series = []series{
			{name: "Outside " + riv, values: column(r, r.PriceOut, p), color: colorSupply, strong: true},
			{name: "Inside " + riv, values: column(r, r.PriceIn, p), color: colorInside, dashed: true},
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	return s
}

// nonZero reports whether xs has a finite value other than zero.
func nonZero(xs []float64) bool {
	return slices.ContainsFunc(xs, func(v float64) bool { return finite(v) && v != 0 })
}

func stockSection(ids *pageCtx, r *result.Run) section {
	s := section{ID: "stocks", Title: "Stockpile and inventories",
		Intro: []string{"Month-end strategic stockpile (solid) and users' commercial inventory (dashed) of " + ids.country(r.Importer) + ", per product that holds any."}}
	c := newChart(ids, r, "Stockpile and inventory of "+ids.country(r.Importer), "t, each product's basis")
	k := 0
	for p, info := range r.Products {
		stock, inv := column(r, r.Stockpile, p), column(r, r.Inventory, p)
		if !nonZero(stock) && !nonZero(inv) {
			continue
		}
		c.series = append(c.series,
			series{name: productName(info) + " stockpile", values: stock, color: palette(k), strong: true},
			series{name: productName(info) + " inventory", values: inv, color: palette(k), dashed: true})
		k++
	}
	if len(c.series) == 0 {
		s.Intro = append(s.Intro, ids.country(r.Importer)+" holds no stockpile or inventory in this run.")
		return s
	}
	s.Figures = append(s.Figures, toFigure(c))
	return s
}

// maxCapacityLayers is how many countries a capacity chart shows on their own besides the
// importer; the rest are summed as "other".
const maxCapacityLayers = 6

func capacitySection(ids *pageCtx, r *result.Run) section {
	s := section{ID: "capacity", Title: "Capacity build-out",
		Intro: []string{fmt.Sprintf("Production capacity per country, stacked, with %s at the bottom and outlined; at most %d other countries are shown on their own.", ids.country(r.Importer), maxCapacityLayers)}}
	for p, info := range r.Products {
		c := newChart(ids, r, productName(info)+": capacity by country", flowUnit(info.Basis))
		c.series = capacitySeries(ids, r, p)
		if !slices.ContainsFunc(c.series, func(sr series) bool { return nonZero(sr.values) }) {
			continue
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	return s
}

// capacitySeries stacks product p's capacity: the importer first, then the countries with
// the largest peak capacity, then the rest as one layer.
func capacitySeries(ids *pageCtx, r *result.Run, p int) []series {
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
		out = append(out, series{name: ids.country(r.Importer), kind: stackKind, values: column3(r, r.CountryCapacity, p, importer), color: colorImporter, strong: true})
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
		out = append(out, series{name: ids.country(r.Countries[l.c]), kind: stackKind, values: column3(r, r.CountryCapacity, p, l.c), color: color})
	}
	return out
}

func endItemSection(ids *pageCtx, r *result.Run) section {
	s := section{ID: "end-items", Title: "End items " + ids.country(r.Importer) + " could build",
		Intro: []string{"Units per month the importer's allocation to each item's own sector could build (defense programmes from the defense sector, EV motors from the EV sector, wind turbines from the wind sector); the band runs from the high bill of material (fewer units) to the low one (more units). A defense programme never builds more than its cited build rate."}}
	for i, e := range r.EndItems {
		low, high := column(r, r.EndItemsLow, i), column(r, r.EndItemsHigh, i)
		lo, hi := make([]float64, r.Months), make([]float64, r.Months)
		for m := range lo {
			lo[m], hi[m] = min(low[m], high[m]), max(low[m], high[m])
		}
		title := e.Name + ": units buildable per month from the " + e.SectorOrDefense() + " sector's " + productNameByID(r, e.Product)
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
			scope := ""
			if e.RateScope != "" {
				scope = ", " + e.RateScope
			}
			c.series = append(c.series, series{name: "Build rate, " + Num(e.UnitsPerYear, 1) + " units/yr" + scope + " (" + e.RateSource + ")",
				values: rate, color: colorTotal, dashed: true})
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	if len(r.EndItems) == 0 {
		s.Intro = append(s.Intro, "This run tracks no end items.")
	}
	return s
}

func costSection(ids *pageCtx, r *result.Run) section {
	s := section{ID: "cost", Title: "Cumulative cost of the responses"}
	c := newChart(ids, r, "Cumulative cost by kind", "MUSD")
	for k, kind := range r.CostByKind {
		c.series = append(c.series, series{name: kind, kind: stackKind, values: column(r, r.Cost, k), color: palette(k)})
	}
	c.series = append(c.series, series{name: "Total", values: monthly(r, r.CostTotal), color: colorTotal, dashed: true})
	s.Figures = append(s.Figures, toFigure(c))
	return s
}

// massBalanceLimit is the residual CheckInvariants allows.
const massBalanceLimit = 1e-9

// checkSection is the appendix of checks: the largest mass-balance residual of the run,
// stated rather than charted, since a chart of rounding noise tells a reader nothing.
func checkSection(r *result.Run) section {
	verdict := "within"
	if !(r.Summary.MaxMassBalance <= massBalanceLimit) {
		verdict = "ABOVE"
	}
	return section{ID: "checks", Title: "Appendix: run checks",
		Intro: []string{fmt.Sprintf("Mass balance: the largest monthly residual, (inflows - outflows - change in stocks) / throughput over all products and countries, is %s, %s the limit of %s.",
			sci(r.Summary.MaxMassBalance), verdict, sci(massBalanceLimit))}}
}

// maxOrigins is how many origins the supply-by-origin chart shows on their own; the rest
// are summed.
const maxOrigins = 5

// originSection charts the importer's imports of each final product it demands by
// country of origin (Result.ImportsByOrigin), the rival in its own colour.
func originSection(ids *pageCtx, r *result.Run) section {
	imp := ids.country(r.Importer)
	s := section{ID: "origins", Title: "Where " + possessive(imp) + " imports come from",
		Intro: []string{"Imports of " + imp + " per final product by country of origin (the exporter), stacked; home production is not shown. " + ids.country(r.Rival) + " is drawn in its own colour."}}
	if len(r.ImportsByOrigin) == 0 {
		s.Intro = append(s.Intro, "This run did not record imports by origin.")
		return s
	}
	for _, p := range finalProducts(r) {
		if !nonZero(column(r, r.Demand, p)) {
			continue
		}
		type origin struct {
			c     int
			total float64
		}
		var origins []origin
		for c := range r.Countries {
			if t := total(column3(r, r.ImportsByOrigin, p, c)); t > 0 {
				origins = append(origins, origin{c, t})
			}
		}
		if len(origins) == 0 {
			continue
		}
		slices.SortStableFunc(origins, func(a, b origin) int { return cmp.Compare(b.total, a.total) })
		c := newChart(ids, r, productName(r.Products[p])+": imports of "+imp+" by origin", flowUnit(r.Products[p].Basis))
		for k, o := range origins {
			if k == maxOrigins {
				other := make([]float64, r.Months)
				for _, o := range origins[k:] {
					for m, v := range column3(r, r.ImportsByOrigin, p, o.c) {
						if finite(v) {
							other[m] += v
						}
					}
				}
				c.series = append(c.series, series{name: fmt.Sprintf("%d others", len(origins)-k), kind: stackKind, values: other, color: "#8a8a8a"})
				break
			}
			color := palette(k + 2)
			if r.Countries[o.c] == r.Rival {
				color = colorRival
			}
			c.series = append(c.series, series{name: ids.country(r.Countries[o.c]), kind: stackKind, values: column3(r, r.ImportsByOrigin, p, o.c), color: color})
		}
		s.Figures = append(s.Figures, toFigure(c))
	}
	if len(s.Figures) == 0 {
		s.Intro = append(s.Intro, imp+" imports none of its final products in this run.")
	}
	return s
}
