package compile

// The data caveats of a run: what the run's data and scope leave out, set beside the
// world data the lenses read (trade origins, demand estimates, stages not simulated,
// rival shares). Each fills a field of result.Run after the run, once, from the world
// dataset; the report says what they mean (internal/report, datacaveats.go).

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// TradeOrigins sets, for every final product the importer imports in the run's first
// month and whose traded form sim_trade_forms.csv names, the rival's share of those
// imports beside its share in the importer's trade data (world.Dataset.SimTradeMix).
// The two differ by construction where the data places plants in ROW that trade data
// name by country (Japan's magnet makers' plants in the Philippines and Vietnam), or
// where trade names a refiner of metal made elsewhere; the report says so when they are
// far apart. It needs the run's bilateral series (ImportsByOrigin, CountryCapacity): a
// run without them gets none.
//
// A product that a control of the rival covers in the run's first month is left out:
// its first month shows the control, not where the importer buys (under the renewed
// 2024-12 ban, refined gallium 0 % from China against the trade data's 18 %).
func TradeOrigins(ds *world.Dataset, sc *scenario.Scenario, r *result.Run) []result.TradeOrigin {
	if r.Months == 0 || len(r.ImportsByOrigin) == 0 || len(r.CountryCapacity) == 0 || r.Rival == "" {
		return nil
	}
	rival := slices.Index(r.Countries, r.Rival)
	if rival < 0 {
		return nil
	}
	var out []result.TradeOrigin
	for p, info := range r.Products {
		if !info.Final {
			continue
		}
		row := r.ImportsByOrigin[0][p]
		total := 0.0
		for _, v := range row {
			total += v
		}
		if total <= 0 {
			continue
		}
		mix, _, ok := ds.SimTradeMix(r.Importer, info.ID)
		if !ok || controlledAt(ds, sc, r.Rival, info, scenario.Month(r.Start)) {
			continue
		}
		o := result.TradeOrigin{Product: info.ID, RunSharePct: 100 * row[rival] / total,
			Category: mix.Category, Period: mix.Period}
		for _, s := range mix.Sources {
			if o.Source == "" {
				o.Source = s.Source
			}
			if s.Exporter == r.Rival {
				o.TradeSharePct, o.Source = s.SharePct, s.Source
			}
		}
		for c, capacity := range r.CountryCapacity[0][p] {
			if c != rival && capacity > 0 {
				o.OutsideProducers = append(o.OutsideProducers, result.Producer{Country: r.Countries[c], CapacityTPerYear: 12 * capacity})
			}
		}
		slices.SortStableFunc(o.OutsideProducers, func(a, b result.Producer) int {
			return cmp.Compare(b.CapacityTPerYear, a.CapacityTPerYear)
		})
		out = append(out, o)
	}
	return out
}

// DemandBasis returns the importer's final demand rows of the data's latest year
// (sim_demand.csv), in the data's order, for the report to say which of the figures a
// run rests on are critmin estimates rather than reported or derived ones.
func DemandBasis(ds *world.Dataset, r *result.Run) []result.DemandRow {
	rows := ds.SimDemand()
	year := 0
	for _, d := range rows {
		if d.Importer == r.Importer {
			year = max(year, d.Year)
		}
	}
	var out []result.DemandRow
	for _, d := range rows {
		if d.Importer == r.Importer && d.Year == year {
			out = append(out, result.DemandRow{Product: d.Product, Sector: d.Sector, TPerYear: d.TPerYear,
				Status: d.Status.String(), Source: d.Source})
		}
	}
	return out
}

// UnsimulatedStages lists, for each final product the importer demands that the run
// models at the mine stage only (natural graphite, tungsten ore), the later stages of its
// commodity (sim_trade_forms.csv names the commodity) that the world data holds and no
// simulation product of the same material models, with the rival's share of world
// output there: Japan imports graphite anode material, 94 % of it made in China, which a
// run of natural graphite ore cannot see.
func UnsimulatedStages(ds *world.Dataset, r *result.Run) []result.StageShare {
	if r.Rival == "" {
		return nil
	}
	modelled := map[string]bool{} // material|stage
	for _, p := range r.Products {
		modelled[p.Material+"|"+p.Stage] = true
	}
	var out []result.StageShare
	for i, p := range r.Products {
		if !p.Final || p.Stage != string(world.Mine) || !slices.ContainsFunc(r.Demand, func(row []float64) bool { return row[i] > 0 }) {
			continue
		}
		// Every traded form of a product names the same commodity: any will do.
		form, ok := anyTradeForm(ds, p.ID)
		if !ok {
			continue
		}
		c, ok := ds.Commodity(form.Commodity)
		if !ok {
			continue
		}
		later := false
		for _, st := range c.Stages {
			if st == world.Mine {
				later = true
				continue
			}
			if !later || modelled[p.Material+"|"+string(st)] {
				continue
			}
			t, ok := ds.Shares(c.ID, st, 0)
			if !ok {
				continue
			}
			out = append(out, result.StageShare{Product: p.ID, Commodity: c.ID, Stage: string(st), SharePct: 100 * t.Share(r.Rival), Year: t.Year})
		}
	}
	return out
}

// anyTradeForm returns the first trade form sim_trade_forms.csv lists for product: what
// names its commodity, whatever trade data the importer has.
func anyTradeForm(ds *world.Dataset, product string) (world.SimTradeForm, bool) {
	for _, f := range ds.SimTradeForms() {
		if f.Product == product {
			return f, true
		}
	}
	return world.SimTradeForm{}, false
}

// controlledAt reports whether a control of the rival (its exporter's model node) names
// the product, by id or by its bare material, in a window containing month m.
func controlledAt(ds *world.Dataset, sc *scenario.Scenario, rival string, p result.ProductInfo, m scenario.Month) bool {
	if sc == nil {
		return false
	}
	for _, c := range sc.Controls {
		if node(ds, c.Exporter) != rival || !c.Window.Contains(m) {
			continue
		}
		if slices.ContainsFunc(c.Products, func(id string) bool { return id == p.ID || id == p.Material }) {
			return true
		}
	}
	return false
}

// ShareChecks sets, for every final product whose commodity (sim_trade_forms.csv) has
// figures of the product's own stage, the rival's share of world output in the run's
// first month beside the figures' share: the simulation tables and the lenses may rest
// on different sources (germanium refining: 60 % China in sim_processes.csv, after
// rawmaterials.net 2024; 94 % in the figures, after the IEA's 2026 outlook).
func ShareChecks(ds *world.Dataset, r *result.Run) []result.ShareCheck {
	rival := slices.Index(r.Countries, r.Rival)
	if rival < 0 || r.Months == 0 || len(r.CountryProduction) == 0 {
		return nil
	}
	var out []result.ShareCheck
	for p, info := range r.Products {
		if !info.Final {
			continue
		}
		form, ok := anyTradeForm(ds, info.ID)
		if !ok {
			continue
		}
		t, ok := ds.Shares(form.Commodity, world.Stage(info.Stage), 0)
		if !ok {
			continue
		}
		total := 0.0
		for _, v := range r.CountryProduction[0][p] {
			total += v
		}
		if total <= 0 {
			continue
		}
		c := result.ShareCheck{Product: info.ID, Commodity: form.Commodity, Stage: info.Stage,
			RunSharePct: 100 * r.CountryProduction[0][p][rival] / total, DataSharePct: 100 * t.Share(r.Rival), Year: t.Year}
		for _, e := range t.Entries {
			if e.Country == r.Rival {
				c.Source = e.Source
			}
		}
		out = append(out, c)
	}
	return out
}

// IdleCapacity lists, per product the run simulates, the capacity that the simulation
// data (sim_processes.csv, EU members merged into their node) gives outside the rival
// with no output in the data's year: the compiler starts such a process at zero
// (newBase: idle capacity is not modelled), so the run never uses it unless a project of
// the scenario adds capacity. The world data lists 100 t/yr of gallium refining in ROW
// (Germany, Hungary, Kazakhstan, Korea, Ukraine in USGS's note), which a gallium ban
// leaves idle however high the outside price goes.
func IdleCapacity(ds *world.Dataset, r *result.Run) []result.IdleCapacity {
	var out []result.IdleCapacity
	for _, pr := range nodeProcesses(ds) {
		if pr.CapacityTPerYear <= 0 || pr.ProductionTPerYear > 0 || pr.Country == r.Rival {
			continue
		}
		p := slices.IndexFunc(r.Products, func(info result.ProductInfo) bool { return info.ID == pr.MainProduct })
		if p < 0 {
			continue
		}
		idle := result.IdleCapacity{Product: pr.MainProduct, Country: pr.Country, CapacityTPerYear: pr.CapacityTPerYear,
			Year: pr.Year, Source: pr.Source, Named: capacityNoteCountries(ds, pr)}
		if c := slices.Index(r.Countries, pr.Country); c >= 0 {
			for _, month := range r.CountryCapacity {
				idle.RunCapacityTPerYear = max(idle.RunCapacityTPerYear, 12*month[p][c])
			}
		}
		out = append(out, idle)
	}
	return out
}

// noteCountries matches a list of country codes in a figure's note, as USGS's gallium
// footnote gives the countries of its ROW capacity: "footnote 6 (DE HU KZ KR UA capacity)".
var noteCountries = regexp.MustCompile(`\(((?:[A-Z]{2,3} )+)capacity\)`)

// capacityNoteCountries returns the countries the world data's capacity figure of the
// process's commodity, stage and country names in its note, or nil.
func capacityNoteCountries(ds *world.Dataset, pr world.SimProcess) []string {
	info, ok := ds.SimProduct(pr.MainProduct)
	if !ok {
		return nil
	}
	form, ok := anyTradeForm(ds, pr.MainProduct)
	if !ok {
		return nil
	}
	for _, f := range ds.FiguresOf(form.Commodity, world.Stage(info.Stage), world.Capacity) {
		if f.Country != pr.Country {
			continue
		}
		if m := noteCountries.FindStringSubmatch(f.Note); m != nil {
			return strings.Fields(m[1])
		}
	}
	return nil
}

// StartingStocks returns, for every final product the importer demands in the run, the
// months of cover of its users' stock at the start and the rule that sets them: the
// scenario's inventories, or a row of sim_stocks.csv with its status and source. A
// shortfall under a control depends on that stock, and the data's rows are mostly
// critmin's estimates ("scenario premise, not a sourced fact" for magnets), which the
// report names beside a verdict such as "never short" (trial 7: the USA under Ann. 18 is
// never short with three months of magnets, short in 128 of 132 months with one).
func StartingStocks(ds *world.Dataset, sc *scenario.Scenario, r *result.Run) []result.StartingStock {
	if r.Months == 0 || r.Importer == "" {
		return nil
	}
	c := &compiler{ds: ds, base: baseOf(ds)}
	c.products = c.base.products
	var rules []coverRule
	if sc != nil {
		c.sc = c.nodeScenario(sc)
		rules = c.coverRules()
	}
	var out []result.StartingStock
	for p, info := range r.Products {
		if !info.Final || !slices.ContainsFunc(r.Demand, func(row []float64) bool { return row[p] > 0 }) {
			continue
		}
		rule, ok := c.coverRule(rules, r.Importer, info.ID)
		if !ok {
			continue
		}
		s := result.StartingStock{Product: info.ID, MonthsOfCover: rule.months, FromScenario: rule.inventory >= 0}
		if !s.FromScenario {
			s.RowRegion, s.RowProduct, s.Status, s.Source = rule.row.Region, rule.row.Product, rule.row.Status.String(), rule.row.Source
		}
		out = append(out, s)
	}
	return out
}
