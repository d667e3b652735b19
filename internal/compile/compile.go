package compile

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// EURegion is the simulation's code for the EU27 as one importing region: demand of the
// group is modelled at one node (the name the data and `critmin risk --importer` use for the group).
const EURegion = "EU27"

// ErrScenario is wrapped by errors caused by a scenario the data cannot represent, such as
// a project for a product no process makes.
var ErrScenario = errors.New("scenario cannot be compiled")

// Compile builds the simulation model of a resolved scenario (extends already merged) over
// the dataset's simulation tables. Every Param takes its point value: Monte Carlo draws
// are a later layer that replaces Param.Point.
func Compile(ds *world.Dataset, sc *scenario.Scenario) (*sim.Model, error) {
	return CompileReusing(ds, sc, nil)
}

// CompileReusing is Compile, but the model may take over the storage of old, a model the
// caller is done with (sim.Builder.BuildReusing), so that compiling many models in turn,
// as a Monte Carlo study does, allocates little. The model is the one Compile returns;
// old may have any shape (another scenario or dataset). The caller promises that nobody
// uses old any more, whatever CompileReusing returns: an engine that ran old must be
// rebound (sim.Engine.Use) or dropped before it runs again. A nil old is Compile.
func CompileReusing(ds *world.Dataset, sc *scenario.Scenario, old *sim.Model) (*sim.Model, error) {
	c := newCompiler(ds, sc)
	defer builders.Put(c.b)
	c.entities()
	c.processes()
	c.demand()
	c.checkImporter(sc.Importer)
	c.checkRival()
	c.checkExporters()
	c.checkSellers()
	c.checkUsers()
	c.endItems()
	c.stocks()
	c.params()
	c.events()
	if len(c.errs) > 0 {
		return nil, fmt.Errorf("%w: %s: %w", ErrScenario, sc.Name, errors.Join(c.errs...))
	}
	m, err := c.b.BuildReusing(old)
	if err != nil {
		return nil, fmt.Errorf("build model of %s: %w", sc.Name, err)
	}
	return m, nil
}

type compiler struct {
	ds   *world.Dataset
	base *base // what the dataset gives whatever the scenario
	sc   *scenario.Scenario
	b    *sim.Builder
	err  func(format string, args ...any)

	errs      []error
	countries []string // model countries, sorted
	products  []world.SimProduct
	// declared are the (process, country) pairs declared beyond the baseline processes:
	// idle plants of the data and dedicated co-product plants that projects build.
	declared map[[2]string]bool
	demands  []sim.Demand
}

func newCompiler(ds *world.Dataset, sc *scenario.Scenario) *compiler {
	c := &compiler{ds: ds, base: baseOf(ds), declared: map[[2]string]bool{}}
	c.products = c.base.products
	c.err = func(format string, args ...any) { c.errs = append(c.errs, fmt.Errorf(format, args...)) }
	c.sc = c.nodeScenario(sc)
	sc = c.sc
	start, end := sc.Start, sc.End
	if start == 0 {
		start = scenario.DefaultStart
	}
	if end == 0 {
		end = scenario.DefaultEnd
	}
	c.b = builders.Get().(*sim.Builder)
	c.b.Reset(sim.Header{
		Scenario: sc.Name, Title: sc.Title,
		Start: month(start), Months: end.Sub(start) + 1,
		Importer: sc.Importer, Rival: sc.Rival,
	})
	c.b.SetSeriesCache(&c.base.series)
	return c
}

// builders holds Builders for Compile to reuse: a model never refers to its Builder.
var builders = sync.Pool{New: func() any { return new(sim.Builder) }}

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
	countries := slices.Clone(c.base.countries) // those that produce or demand, sorted
	named := func(s string) {
		if _, found := slices.BinarySearch(c.base.countries, s); !found {
			countries = append(countries, s)
		}
	}
	for _, s := range []string{c.sc.Importer, c.sc.Rival} {
		if s != "" {
			named(s)
		}
	}
	for _, s := range c.scenarioCountries() {
		if s != scenario.All && s != "EU27" {
			named(s)
		}
	}
	slices.Sort(countries)
	c.countries = slices.Compact(countries)
	c.b.AddCountry(c.countries...)
	c.b.AddSector(world.SimSectors...)
	c.b.AddProduct(c.base.simProducts...)
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

// expand expands a scenario country list ("all", a group, countries) to model countries,
// sorted, leaving out those of except.
func (c *compiler) expand(list, except []string) []string {
	var out []string
	for _, s := range list {
		if s == scenario.All {
			out = append(out, c.countries...)
		} else {
			out = append(out, c.node(s))
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(except) > 0 {
		drop := c.expand(except, nil)
		out = slices.DeleteFunc(out, func(s string) bool {
			_, found := slices.BinarySearch(drop, s)
			return found
		})
	}
	if len(out) == 0 {
		return nil
	}
	return out
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

// processes declares each country's baseline processes with their recipes (base).
func (c *compiler) processes() {
	c.b.AddProcess(c.base.baseline...)
}

// hasProc reports whether a process is declared in a country.
func (c *compiler) hasProc(process, country string) bool {
	key := [2]string{process, country}
	return c.base.hasProc[key] || c.declared[key]
}

// declareIdle declares, at zero capacity, a process of the data in a country that does not
// run it yet, so that a project there uses the recipe sim_recipes.csv gives that country
// (its own rows, else the "all" rows). Left to the engine, the project would copy the
// recipe of the first country declared (for separation, China's, with its ionic-clay Dy
// and Tb). A new plant runs at full utilisation, as the data's plants do when no capacity
// is published.
func (c *compiler) declareIdle(process, country string) {
	if c.hasProc(process, country) {
		return
	}
	c.declared[[2]string{process, country}] = true
	c.b.AddProcess(c.base.idleProcess(c.ds, process, country))
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

// demand declares the final demand of the base year.
func (c *compiler) demand() {
	c.demands = c.base.demands(c.baseYear(c.base.demandRows))
	c.b.AddDemand(c.demands...)
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
