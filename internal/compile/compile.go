package compile

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// EURegion is the simulation's code for the EU27 as one importing region: demand of the
// group is modelled at one node (the World Bank's code for the European Union).
const EURegion = "EUU"

// ErrScenario is wrapped by errors caused by a scenario the data cannot represent, such as
// a project for a product no process makes.
var ErrScenario = errors.New("scenario cannot be compiled")

// Compile builds the simulation model of a resolved scenario (extends already merged) over
// the dataset's simulation tables. Every Param takes its point value: Monte Carlo draws
// are a later layer that replaces Param.Point.
func Compile(ds *world.Dataset, sc *scenario.Scenario) (*sim.Model, error) {
	c := newCompiler(ds, sc)
	c.entities()
	c.processes()
	c.demand()
	c.stocks()
	c.params()
	c.events()
	if len(c.errs) > 0 {
		return nil, fmt.Errorf("%w: %s: %w", ErrScenario, sc.Name, errors.Join(c.errs...))
	}
	m, err := c.b.Build()
	if err != nil {
		return nil, fmt.Errorf("build model of %s: %w", sc.Name, err)
	}
	return m, nil
}

type compiler struct {
	ds  *world.Dataset
	sc  *scenario.Scenario
	b   *sim.Builder
	err func(format string, args ...any)

	errs      []error
	countries []string
	inModel   map[string]bool
	products  []world.SimProduct
	processOf map[string]string // main product -> process id
	hasProc   map[[2]string]bool
	demands   []sim.Demand
	// procs are the baseline processes by model node (EU members merged).
	procs []world.SimProcess
	// Tables of the dataset, read once: its accessors copy them on every call.
	demandRows []world.SimDemand
	stockRows  []world.SimStock
	recipes    map[[2]string][]world.SimRecipe
}

func newCompiler(ds *world.Dataset, sc *scenario.Scenario) *compiler {
	c := &compiler{ds: ds, processOf: map[string]string{}, hasProc: map[[2]string]bool{},
		demandRows: ds.SimDemand(), stockRows: ds.SimStocks(), recipes: map[[2]string][]world.SimRecipe{}}
	c.err = func(format string, args ...any) { c.errs = append(c.errs, fmt.Errorf(format, args...)) }
	c.sc = c.nodeScenario(sc)
	sc = c.sc
	c.procs = c.nodeProcesses()
	start, end := sc.Start, sc.End
	if start == 0 {
		start = scenario.DefaultStart
	}
	if end == 0 {
		end = scenario.DefaultEnd
	}
	c.b = sim.NewBuilder(sim.Header{
		Scenario: sc.Name, Title: sc.Title,
		Start: month(start), Months: end.Sub(start) + 1,
		Importer: sc.Importer, Rival: sc.Rival,
	})
	return c
}

func month(m scenario.Month) sim.Month { return sim.Month(m) }

func window(w scenario.Window) sim.Window {
	out := sim.Window{Start: month(w.Start)}
	if w.End != nil {
		out.End = month(*w.End)
	}
	return out
}

// entities declares countries, sectors and products: every country that produces, demands,
// or that the scenario names.
func (c *compiler) entities() {
	set := map[string]bool{}
	for _, p := range c.procs {
		set[p.Country] = true
	}
	for _, d := range c.demandRows {
		set[c.node(d.Importer)] = true
	}
	for _, s := range []string{c.sc.Importer, c.sc.Rival} {
		if s != "" {
			set[s] = true
		}
	}
	for _, s := range c.scenarioCountries() {
		if s != scenario.All && s != "EU27" {
			set[s] = true
		}
	}
	c.countries = slices.Sorted(mapsKeys(set))
	c.inModel = set
	c.b.AddCountry(c.countries...)
	c.b.AddSector(world.SimSectors...)
	c.products = c.ds.SimProducts()
	for _, p := range c.products {
		c.b.AddProduct(sim.Product{ID: p.ID, Basis: p.Basis, PriceUSDPerKg: p.PriceUSDPerKg, Final: p.Final})
	}
	for _, e := range c.ds.BOM() {
		c.b.AddEndItem(sim.EndItemInfo{ID: e.ID, Name: e.Name, Product: e.Product, KgLow: e.KgPerUnitLow, KgHigh: e.KgPerUnitHigh, Source: e.Source})
	}
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// scenarioCountries lists every single country a scenario names.
func (c *compiler) scenarioCountries() []string {
	sc := c.sc
	var out []string
	for _, x := range sc.Controls {
		out = append(append(append(out, x.Exporter), x.Destinations...), x.Except...)
	}
	for _, x := range sc.Tariffs {
		out = append(out, x.Importer, x.Exporter)
	}
	for _, x := range sc.Outages {
		out = append(out, x.Country)
	}
	for _, x := range sc.Projects {
		out = append(out, x.Country)
		if x.Offtake != nil {
			out = append(out, x.Offtake.Buyer)
		}
	}
	for _, x := range sc.Stockpiles {
		out = append(out, x.Holder)
	}
	for _, x := range sc.Offtakes {
		out = append(out, x.Buyer, x.Seller)
	}
	for _, x := range sc.Recycling {
		out = append(out, x.Country)
	}
	for _, x := range sc.PriceFloors {
		out = append(append(out, x.Payer), x.Producers...)
	}
	return out
}

// countries expands a scenario country list ("all", a group, countries) to model
// countries; all gives nil, meaning every country.
func (c *compiler) expand(list, except []string) []string {
	set := map[string]bool{}
	for _, s := range list {
		switch {
		case s == scenario.All:
			for _, k := range c.countries {
				set[k] = true
			}
		default:
			set[c.node(s)] = true
		}
	}
	for _, s := range except {
		for _, k := range c.expand([]string{s}, nil) {
			delete(set, k)
		}
	}
	return slices.Sorted(mapsKeys(set))
}

// productIDs expands scenario product names: a material ("dy") gives all its stages.
func (c *compiler) productIDs(names []string) []string {
	var out []string
	for _, n := range names {
		if strings.Contains(n, "/") {
			out = append(out, n)
			continue
		}
		for _, p := range c.products {
			if p.Material == n {
				out = append(out, p.ID)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// processes declares each country's baseline processes with their recipes. A recipe's
// unbalanced mass enters as external input (ore in the ground, iron and boron in a
// magnet) or leaves as loss, so every process balances exactly.
func (c *compiler) processes() {
	for _, p := range c.procs {
		c.processOf[p.MainProduct] = p.Process
		c.hasProc[[2]string{p.Process, p.Country}] = true
		capacity, util := p.CapacityTPerYear/12, 1.0
		if p.CapacityTPerYear > 0 && p.ProductionTPerYear > 0 {
			util = math.Min(1, p.ProductionTPerYear/p.CapacityTPerYear)
		} else {
			// Idle capacity is not modelled: a process without 2024 output starts at zero
			// and grows only through the scenario's projects.
			capacity = 0
		}
		c.b.AddProcess(c.recipe(p.Process, p.Country, capacity, util))
	}
}

// declareIdle declares, at zero capacity, a process of the data in a country that does not
// run it yet, so that a project there uses the recipe sim_recipes.csv gives that country
// (its own rows, else the "all" rows). Left to the engine, the project would copy the
// recipe of the first country declared (for separation, China's, with its ionic-clay Dy
// and Tb). A new plant runs at full utilisation, as the data's plants do when no capacity
// is published.
func (c *compiler) declareIdle(process, country string) {
	key := [2]string{process, country}
	if c.hasProc[key] {
		return
	}
	c.hasProc[key] = true
	c.b.AddProcess(c.recipe(process, country, 0, 1))
}

// recipe returns a process of a country with the recipe of sim_recipes.csv.
func (c *compiler) recipe(process, country string, capacity, util float64) sim.Process {
	proc := sim.Process{ID: process, Country: country, CapacityTPerMonth: capacity, Utilisation: util}
	in, out := 0.0, 0.0
	for _, r := range c.recipe0(process, country) {
		switch r.Direction {
		case world.In:
			proc.Inputs = append(proc.Inputs, sim.Flow{Product: r.Product, TPerUnit: r.TPerTMain})
			in += r.TPerTMain
		case world.Out:
			proc.Outputs = append(proc.Outputs, sim.Flow{Product: r.Product, TPerUnit: r.TPerTMain})
			out += r.TPerTMain
		case world.Loss:
			proc.LossT += r.TPerTMain
		}
	}
	if gap := out + proc.LossT - in; gap > 0 {
		proc.ExternalInputT = gap
	} else {
		proc.LossT -= gap
	}
	return proc
}

// recipe0 returns the recipe of a process in a country as sim_recipes.csv gives it
// (world.Dataset.SimRecipe), read once per compile. Callers must not modify it.
func (c *compiler) recipe0(process, country string) []world.SimRecipe {
	key := [2]string{process, country}
	r, ok := c.recipes[key]
	if !ok {
		r = c.ds.SimRecipe(process, country)
		c.recipes[key] = r
	}
	return r
}

// baseYear is the data year the baseline demand comes from: the latest year not after the
// scenario's start.
func (c *compiler) baseYear(rows []world.SimDemand) int {
	start := c.sc.Start
	if start == 0 {
		start = scenario.DefaultStart
	}
	y := 0
	for _, d := range rows {
		if d.Year <= start.Year() && d.Year > y {
			y = d.Year
		}
	}
	return y
}

func (c *compiler) demand() {
	rows := c.demandRows
	y := c.baseYear(rows)
	for _, d := range rows {
		if d.Year != y || d.TPerYear == 0 {
			continue
		}
		dm := sim.Demand{Region: c.node(d.Importer), Product: d.Product, Sector: d.Sector, TPerMonth: d.TPerYear / 12}
		c.demands = append(c.demands, dm)
		c.b.AddDemand(dm)
	}
}

// matchingDemands returns the declared demands an event names; "all" matches any
// region or sector.
func (c *compiler) matchingDemands(importer, sector string, products []string) []sim.Demand {
	regions := map[string]bool{}
	if importer != scenario.All {
		for _, r := range c.expand([]string{importer}, nil) {
			regions[r] = true
		}
	}
	var out []sim.Demand
	for _, d := range c.demands {
		if importer != scenario.All && !regions[d.Region] {
			continue
		}
		if sector != scenario.All && sector != "" && d.Sector != sector {
			continue
		}
		if !slices.Contains(products, d.Product) {
			continue
		}
		out = append(out, d)
	}
	return out
}

func sortedStrings(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
