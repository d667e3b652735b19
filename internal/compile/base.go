package compile

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"weak"

	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// A base is what compiling reads from a dataset whatever the scenario: its simulation
// tables mapped to model nodes and turned into Builder declarations. A Monte Carlo study
// compiles one model per replication over the same dataset, so each dataset's base is
// built once (baseOf) and shared by every compile.
//
// Datasets are immutable after load, so a base never goes stale. A base is immutable once
// built, but for its caches of values derived on demand (idle processes, demand, rival
// content, series), which are safe for concurrent use: so is a base. Nothing in it
// refers to the dataset, whose accessors callers pass the dataset to.
type base struct {
	// procs are the baseline processes by model node (EU members merged), in the order of
	// sim_processes.csv; baseline are the same as Builder declarations, with their recipes.
	procs    []world.SimProcess
	baseline []sim.Process
	// processOf maps a main product to the process a project builds for it in a country
	// that does not make it yet: the process with a default (AllKey) recipe, which can
	// run anywhere. ownProcessOf maps (main product, country) to the process the country
	// runs for it, which may have a recipe of that country only (China's ion-adsorption
	// clay separation). hasProc holds the baseline (process, country) pairs and procCountry
	// their countries.
	processOf    map[string]string
	ownProcessOf map[[2]string]string
	hasProc      map[[2]string]bool
	procCountry  map[string]bool
	// recipes are the recipes of the baseline processes (world.Dataset.SimRecipe).
	recipes map[[2]string][]world.SimRecipe
	// countries are the model nodes that produce or demand, sorted.
	countries []string

	products    []world.SimProduct
	simProducts []sim.Product
	endItems    []sim.EndItemInfo
	// demandRows are the rows of sim_demand.csv with Importer mapped to its model node.
	demandRows []world.SimDemand
	// coverRows are the commercial rows of sim_stocks.csv giving months of cover, with
	// Region mapped to its model node (AllKey kept).
	coverRows []world.SimStock

	// inputNeeds are the inputs the baseline processes consume at their 2024 production,
	// t/month, in the order of procs and their recipes.
	inputNeeds []inputNeed
	// needProducts indexes the products a baseline need can name (final demand or a
	// recipe input), sorted: needIndex[id] is the position of id in needProducts.
	needProducts []string
	needIndex    map[string]int
	// productIndex is the position of each product in products.
	productIndex map[string]int
	// dedicated are the dedicated processes of the products, without their country
	// (compiler.dedicatedProcess).
	dedicated map[string]sim.Process
	// reconciled lists how reconcile made the data year's baseline feasible.
	reconciled []Reconciliation

	// params are DefaultParams with the values sim_parameters.csv gives for every product.
	params sim.Params
	// qualLag is each product's qualification lag in months (its own row, else the
	// default row), where the data gives one, parallel to products.
	qualLag    []int
	hasQualLag []bool

	// series holds the constant series of the models compiled over the dataset (base
	// capacities, baseline demand), which they share.
	series sim.SeriesCache

	idle         sync.Map // [2]string{process, country} -> sim.Process (recipe at zero capacity)
	demandOf     sync.Map // year -> []sim.Demand
	rivalContent sync.Map // rival -> []float64, per product of products
}

// inputNeed is a process's monthly consumption of a product in a country.
type inputNeed struct {
	country, product string
	t                float64
	proc             int // index in procs and baseline
}

// bases holds the base of each dataset compiled so far. Its keys are weak, so that a
// dataset no longer used is collected with its entry.
var bases sync.Map // weak.Pointer[world.Dataset] -> *baseEntry

type baseEntry struct {
	once sync.Once
	base *base
}

// baseOf returns the base of a dataset, building it on first use.
func baseOf(ds *world.Dataset) *base {
	key := weak.Make(ds)
	v, ok := bases.Load(key)
	if !ok {
		var loaded bool
		if v, loaded = bases.LoadOrStore(key, &baseEntry{}); !loaded {
			runtime.AddCleanup(ds, func(k weak.Pointer[world.Dataset]) { bases.Delete(k) }, key)
		}
	}
	e := v.(*baseEntry)
	e.once.Do(func() { e.base = newBase(ds) })
	return e.base
}

func newBase(ds *world.Dataset) *base {
	b := &base{processOf: map[string]string{}, ownProcessOf: map[[2]string]string{}, hasProc: map[[2]string]bool{}, procCountry: map[string]bool{},
		recipes: map[[2]string][]world.SimRecipe{}, productIndex: map[string]int{}, needIndex: map[string]int{}}
	b.procs = nodeProcesses(ds)
	nodes := map[string]bool{}
	for _, p := range b.procs {
		if ds.SimRecipe(p.Process, world.AllKey) != nil {
			b.processOf[p.MainProduct] = p.Process
		}
		b.ownProcessOf[[2]string{p.MainProduct, p.Country}] = p.Process
		b.hasProc[[2]string{p.Process, p.Country}] = true
		b.procCountry[p.Country] = true
		nodes[p.Country] = true
		key := [2]string{p.Process, p.Country}
		if _, ok := b.recipes[key]; !ok {
			b.recipes[key] = ds.SimRecipe(p.Process, p.Country)
		}
		capacity, util := p.CapacityTPerYear/12, 1.0
		if p.CapacityTPerYear > 0 && p.ProductionTPerYear > 0 {
			util = math.Min(1, p.ProductionTPerYear/p.CapacityTPerYear)
		} else {
			// Idle capacity is not modelled: a process without 2024 output starts at zero
			// and grows only through the scenario's projects.
			capacity = 0
		}
		b.baseline = append(b.baseline, recipe(b.recipes[key], p.Process, p.Country, capacity, util))
		for _, r := range b.recipes[key] {
			if r.Direction == world.In {
				b.inputNeeds = append(b.inputNeeds, inputNeed{p.Country, r.Product, p.ProductionTPerYear / 12 * r.TPerTMain, len(b.baseline) - 1})
			}
		}
	}
	b.demandRows = ds.SimDemand()
	for i := range b.demandRows {
		d := &b.demandRows[i]
		d.Importer = node(ds, d.Importer)
		nodes[d.Importer] = true
	}
	b.countries = slices.Sorted(mapsKeys(nodes))
	for _, s := range ds.SimStocks() {
		if s.Kind == "commercial" && !math.IsNaN(s.MonthsOfCover) {
			s.Region = node(ds, s.Region)
			b.coverRows = append(b.coverRows, s)
		}
	}

	b.products = ds.SimProducts()
	b.dedicated = map[string]sim.Process{}
	for i, p := range b.products {
		b.productIndex[p.ID] = i
		b.dedicated[p.ID] = dedicated(p.ID)
		b.simProducts = append(b.simProducts, sim.Product{ID: p.ID, Basis: p.Basis, PriceUSDPerKg: p.PriceUSDPerKg, Final: p.Final})
	}
	for _, e := range ds.BOM() {
		b.endItems = append(b.endItems, sim.EndItemInfo{ID: e.ID, Name: e.Name, Product: e.Product, Sector: e.Sector,
			KgLow: e.KgPerUnitLow, KgHigh: e.KgPerUnitHigh, Source: e.Source, UnitsPerYear: e.UnitsPerYear, RateSource: e.RateSource, RateScope: e.RateScope})
	}
	needs := map[string]bool{}
	for _, d := range b.demandRows {
		needs[d.Product] = true
	}
	for _, x := range b.inputNeeds {
		needs[x.product] = true
	}
	b.reconcile()
	b.needProducts = slices.Sorted(mapsKeys(needs))
	for i, p := range b.needProducts {
		b.needIndex[p] = i
	}
	b.dataParams(ds)
	return b
}

// dataParams reads the engine parameters sim_parameters.csv sets (params applies them).
func (b *base) dataParams(ds *world.Dataset) {
	p := sim.DefaultParams()
	get := func(name string) (float64, bool) {
		v, _, ok := ds.SimParameter(name, world.AllKey)
		return v, ok
	}
	if v, ok := get("demand_elasticity"); ok {
		p.DemandElasticity = math.Abs(v)
	}
	if v, ok := get("supply_elasticity"); ok {
		p.SupplyElasticity = v
	}
	if v, ok := get("armington_elasticity"); ok {
		p.ArmingtonElasticity = v
	}
	if v, ok := get("qualification_lag_months"); ok {
		p.QualificationLagMonths = int(math.Round(v))
	}
	if v, ok := get("rival_home_priority"); ok {
		p.HomePriority = v >= 0.5
	}
	if v, ok := get("inventory_target_months"); ok {
		p.TargetStockMonths = v
	}
	// The market-dynamics parameters calibrated on the episodes of docs/validation.md.
	for _, x := range []struct {
		name string
		f    *float64
	}{
		{"price_adjustment", &p.PriceAdjustment},
		{"price_elasticity", &p.PriceElasticity},
		{"price_cap", &p.PriceCap},
		{"inventory_adjustment_months", &p.InventoryAdjustmentMonths},
		{"thrift_months", &p.ThriftMonths},
		{"rush_cover_months", &p.RushCoverMonths},
		{"entry_elasticity", &p.EntryElasticity},
		{"entry_hurdle", &p.EntryHurdle},
		{"expected_price_months", &p.ExpectedPriceMonths},
		{"arbitrage_elasticity", &p.ArbitrageElasticity},
		{"feed_adjustment_months", &p.FeedAdjustmentMonths},
	} {
		if v, ok := get(x.name); ok {
			*x.f = v
		}
	}
	if v, ok := get("long_run_demand_elasticity"); ok {
		p.LongRunDemandElasticity = math.Abs(v)
	}
	if v, ok := get("entry_lead_months"); ok {
		p.EntryLeadMonths = int(math.Round(v))
	}
	b.params = p
	b.qualLag = make([]int, len(b.products))
	b.hasQualLag = make([]bool, len(b.products))
	for i, prod := range b.products {
		v, _, ok := ds.SimParameter("qualification_lag_months", prod.ID)
		b.qualLag[i], b.hasQualLag[i] = int(math.Round(v)), ok
	}
}

// idleProcess returns a process of the data at zero capacity and full utilisation in a
// country, with the recipe sim_recipes.csv gives that country (declareIdle).
func (b *base) idleProcess(ds *world.Dataset, process, country string) sim.Process {
	key := [2]string{process, country}
	if p, ok := b.idle.Load(key); ok {
		return p.(sim.Process)
	}
	r, ok := b.recipes[key]
	if !ok {
		r = ds.SimRecipe(process, country)
	}
	p, _ := b.idle.LoadOrStore(key, recipe(r, process, country, 0, 1))
	return p.(sim.Process)
}

// demands returns the final demand of a data year, in the order of sim_demand.csv (rows
// of 0 t left out). Callers must not modify it.
func (b *base) demands(year int) []sim.Demand {
	if d, ok := b.demandOf.Load(year); ok {
		return d.([]sim.Demand)
	}
	var out []sim.Demand
	for _, d := range b.demandRows {
		if d.Year != year || d.TPerYear == 0 {
			continue
		}
		out = append(out, sim.Demand{Region: d.Importer, Product: d.Product, Sector: d.Sector, TPerMonth: d.TPerYear / 12})
	}
	d, _ := b.demandOf.LoadOrStore(year, slices.Clip(out)) // appending to it copies
	return d.([]sim.Demand)
}

// recipe returns a process of a country with a recipe of sim_recipes.csv. A recipe's
// unbalanced mass enters as external input (ore in the ground, iron and boron in a
// magnet) or leaves as loss, so every process balances exactly.
func recipe(rows []world.SimRecipe, process, country string, capacity, util float64) sim.Process {
	proc := sim.Process{ID: process, Country: country, CapacityTPerMonth: capacity, Utilisation: util}
	in, out := 0.0, 0.0
	for _, r := range rows {
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

// worldRivalContent is, per product of products, the share of world output that passed
// through the rival at any stage, at the 2024 baseline. It depends only on the rival, so
// it is computed once per rival.
func (b *base) worldRivalContent(rival string) []float64 {
	if f, ok := b.rivalContent.Load(rival); ok {
		return f.([]float64)
	}
	type outRow struct {
		country string
		t       float64
		inputs  []world.SimRecipe
	}
	outs := make([][]outRow, len(b.products))
	for _, p := range b.procs {
		rows := b.recipes[[2]string{p.Process, p.Country}]
		var ins []world.SimRecipe
		for _, r := range rows {
			if r.Direction == world.In {
				ins = append(ins, r)
			}
		}
		for _, r := range rows {
			if r.Direction == world.Out {
				i := b.productIndex[r.Product]
				outs[i] = append(outs[i], outRow{p.Country, p.ProductionTPerYear * r.TPerTMain, ins})
			}
		}
	}
	f := make([]float64, len(b.products))
	// The chain is a few stages deep; iterating to a fixed point avoids ordering products.
	for range 16 {
		for product, rows := range outs {
			total, rivalT := 0.0, 0.0
			for _, o := range rows {
				share := 0.0
				if o.country == rival {
					share = 1
				} else if len(o.inputs) > 0 {
					in := 0.0
					for _, r := range o.inputs {
						in += r.TPerTMain
						share += r.TPerTMain * f[b.productIndex[r.Product]]
					}
					share /= in
				}
				total += o.t
				rivalT += o.t * share
			}
			if total > 0 {
				f[product] = rivalT / total
			}
		}
	}
	v, _ := b.rivalContent.LoadOrStore(rival, f)
	return v.([]float64)
}
