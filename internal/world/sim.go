package world

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The simulation tables: the baseline the monthly engine starts from. Their format and the
// meaning of every coefficient are in docs/data-format.md ("Simulation tables"); the values
// and their derivations in docs/sim-data.md.
const (
	fileSimProducts   = "sim_products.csv"
	fileSimProcesses  = "sim_processes.csv"
	fileSimRecipes    = "sim_recipes.csv"
	fileSimDemand     = "sim_demand.csv"
	fileSimStocks     = "sim_stocks.csv"
	fileSimParameters = "sim_parameters.csv"
	fileBOM           = "bom.csv"
	fileSimTradeForms = "sim_trade_forms.csv"
)

// simFiles lists the simulation tables in load order: products first, since the others
// refer to them.
var simFiles = []string{fileSimProducts, fileSimProcesses, fileSimRecipes, fileSimDemand, fileSimStocks,
	fileSimParameters, fileBOM, fileSimTradeForms}

var simColumns = map[string][]string{
	fileSimProducts:   {"product", "material", "stage", "basis", "final", "price_usd_per_kg", "price_year", "status", "source", "note"},
	fileSimProcesses:  {"process", "country", "main_product", "year", "capacity_t_per_year", "production_t_per_year", "status", "source", "note"},
	fileSimRecipes:    {"process", "country", "product", "direction", "t_per_t_main", "status", "source", "note"},
	fileSimDemand:     {"importer", "product", "sector", "year", "t_per_year", "status", "source", "note"},
	fileSimStocks:     {"region", "product", "kind", "months_of_cover", "tonnes", "status", "source", "note"},
	fileSimParameters: {"parameter", "product", "value", "unit", "status", "source", "note"},
	fileBOM: {"end_item", "name", "product", "sector", "kg_per_unit_low", "kg_per_unit_high", "basis",
		"units_per_year", "rate_source", "rate_scope", "status", "source", "note"},
	fileSimTradeForms: {"product", "commodity", "category", "rank", "status", "source", "note"},
}

func init() {
	for f, cols := range simColumns {
		columns[f] = cols
	}
}

// AllKey is the wildcard of the simulation tables: a recipe for every country, a stock or
// parameter for every region or product.
const AllKey = "all"

// SimSectors are the demand sectors of sim_demand.csv.
var SimSectors = []string{"defense", "ev", "wind", "electronics", "industrial", "other"}

// simStages are the stages a simulation product may have.
var simStages = []Stage{Mine, Refined, Separation, Metal, Magnet}

// SimProduct is a product the simulation tracks, named material/stage, with its baseline
// price.
type SimProduct struct {
	ID       string `json:"product"` // "ndpr/separation"
	Material string `json:"material"`
	Stage    Stage  `json:"stage"`
	// Basis says what one tonne counts, e.g. "t NdPr oxide (Nd2O3 + Pr6O11)".
	Basis string `json:"basis"`
	// Final is true when final demand consumes the product (sim_demand.csv may list it).
	Final         bool    `json:"final"`
	PriceUSDPerKg float64 `json:"price_usd_per_kg"`
	PriceYear     int     `json:"price_year"`
	Cite
}

// SimProcess is one country's baseline of a production process. Capacity and production
// count tonnes of the main product per year (the process's reference unit).
type SimProcess struct {
	Process            string  `json:"process"`
	Country            string  `json:"country"` // ISO3 or ROW
	MainProduct        string  `json:"main_product"`
	Year               int     `json:"year"`
	CapacityTPerYear   float64 `json:"capacity_t_per_year"`
	ProductionTPerYear float64 `json:"production_t_per_year"`
	Cite
}

// Direction is the role of a product in a recipe.
type Direction string

// The recipe directions.
const (
	In   Direction = "in"   // consumed per tonne of main product
	Out  Direction = "out"  // produced per tonne of main product (the main product's row is 1)
	Loss Direction = "loss" // input mass lost per tonne of main product (mass-balanced recipes)
)

// SimRecipe is one coefficient of a process recipe: tonnes of Product consumed (In),
// produced (Out) or lost (Loss) per tonne of the process's main product. Country is an
// ISO3 code, ROW, or AllKey for the default recipe.
type SimRecipe struct {
	Process   string    `json:"process"`
	Country   string    `json:"country"`
	Product   string    `json:"product"`
	Direction Direction `json:"direction"`
	TPerTMain float64   `json:"t_per_t_main"`
	Cite
}

// SimDemand is the baseline final demand of an importer region for a product in a sector.
// Importer is an ISO3 code, a country group of countries.csv (EU27) or ROW (every country
// not listed as an importer of that product).
type SimDemand struct {
	Importer string  `json:"importer"`
	Product  string  `json:"product"`
	Sector   string  `json:"sector"`
	Year     int     `json:"year"`
	TPerYear float64 `json:"t_per_year"`
	Cite
}

// SimStock is an initial inventory: commercial stock held by users, or a strategic
// stockpile. Exactly one of MonthsOfCover (of the region's demand) and Tonnes is set; the
// other is NaN. Region and Product may be AllKey.
type SimStock struct {
	Region        string  `json:"region"`
	Product       string  `json:"product"`
	Kind          string  `json:"kind"` // commercial or strategic
	MonthsOfCover float64 `json:"-"`
	Tonnes        float64 `json:"-"`
	Cite
}

// SimParameter is a model parameter for one product or for all (Product == AllKey).
type SimParameter struct {
	Parameter string  `json:"parameter"`
	Product   string  `json:"product"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Cite
}

// SimTradeForm names the import category of trade.csv that stands for a simulation
// product's traded form, so that a run's import origins can be set beside an importer's
// trade data. Of several rows of a product, the lowest rank an importer has is used.
type SimTradeForm struct {
	Product   string `json:"product"`
	Commodity string `json:"commodity"`
	Category  string `json:"category"`
	Rank      int    `json:"rank"`
	Cite
}

// EndItem is the bill of material of an end item: kilograms of a product per unit, as a
// range where sources disagree, with the demand sector whose consumption builds it and,
// for a production programme, its build rate.
type EndItem struct {
	ID            string  `json:"end_item"`
	Name          string  `json:"name"`
	Product       string  `json:"product"`
	Sector        string  `json:"sector"` // one of SimSectors
	KgPerUnitLow  float64 `json:"kg_per_unit_low"`
	KgPerUnitHigh float64 `json:"kg_per_unit_high"`
	Basis         string  `json:"basis"` // what the kilograms count
	// UnitsPerYear is the programme's build rate, deliveries per year, cited by
	// RateSource; 0 when the item is not one programme (an EV motor, a MW of wind).
	UnitsPerYear float64 `json:"units_per_year"`
	RateSource   string  `json:"rate_source,omitempty"`
	// RateScope says whose units the build rate counts ("all customers", US
	// and international, for the F-35, "US Navy procurement" for the warships): a run charges
	// one importer's shortfall against it, so a rate of all customers' units makes the
	// units delayed units of any customer, and every report prints it beside the rate.
	RateScope string `json:"rate_scope,omitempty"`
	Cite
}

// simData holds the simulation tables of a dataset.
type simData struct {
	products   []SimProduct
	processes  []SimProcess
	recipes    []SimRecipe
	demand     []SimDemand
	stocks     []SimStock
	parameters []SimParameter
	bom        []EndItem
	tradeForms []SimTradeForm

	productByID map[string]int
	recipeOf    map[string][]SimRecipe // process|country, also process|all
	paramByKey  map[string]int
}

// SimProducts returns the simulation products, sorted by id.
func (d *Dataset) SimProducts() []SimProduct { return slices.Clone(d.sim.products) }

// SimProduct returns a simulation product by its id ("ndpr/separation").
func (d *Dataset) SimProduct(id string) (SimProduct, bool) {
	i, ok := d.sim.productByID[id]
	if !ok {
		return SimProduct{}, false
	}
	return d.sim.products[i], true
}

// SimProcesses returns the baseline process rows, sorted by process and country.
func (d *Dataset) SimProcesses() []SimProcess { return slices.Clone(d.sim.processes) }

// SimRecipes returns every recipe row as written, country defaults (AllKey) included.
func (d *Dataset) SimRecipes() []SimRecipe { return slices.Clone(d.sim.recipes) }

// SimRecipe returns the recipe a country's process uses: the country's own rows when it has
// any, else the AllKey rows. It is nil when neither exists.
func (d *Dataset) SimRecipe(process, country string) []SimRecipe {
	if r, ok := d.sim.recipeOf[join(process, country)]; ok {
		return slices.Clone(r)
	}
	return slices.Clone(d.sim.recipeOf[join(process, AllKey)])
}

// SimDemand returns the baseline final demand rows, sorted by importer, product, sector
// and year.
func (d *Dataset) SimDemand() []SimDemand { return slices.Clone(d.sim.demand) }

// SimStocks returns the initial inventory rows.
func (d *Dataset) SimStocks() []SimStock { return slices.Clone(d.sim.stocks) }

// SimParameters returns every model parameter row.
func (d *Dataset) SimParameters() []SimParameter { return slices.Clone(d.sim.parameters) }

// SimParameter returns a model parameter for a product, falling back to the parameter's
// AllKey row; ok is false when neither exists.
func (d *Dataset) SimParameter(name, product string) (value float64, cite Cite, ok bool) {
	for _, p := range []string{product, AllKey} {
		if i, found := d.sim.paramByKey[join(name, p)]; found {
			v := d.sim.parameters[i]
			return v.Value, v.Cite, true
		}
	}
	return 0, Cite{}, false
}

// BOM returns the bills of material of the end items, sorted by id.
func (d *Dataset) BOM() []EndItem { return slices.Clone(d.sim.bom) }

// Keys of the simulation tables.

func (p SimProduct) key() string   { return p.ID }
func (p SimProcess) key() string   { return join(p.Process, p.Country) }
func (r SimRecipe) key() string    { return join(r.Process, r.Country, r.Product, string(r.Direction)) }
func (v SimDemand) key() string    { return join(v.Importer, v.Product, v.Sector, strconv.Itoa(v.Year)) }
func (s SimStock) key() string     { return join(s.Region, s.Product, s.Kind) }
func (p SimParameter) key() string { return join(p.Parameter, p.Product) }
func (e EndItem) key() string      { return e.ID }
func (f SimTradeForm) key() string { return join(f.Product, f.Category) }

// loadSim reads the simulation tables into ds and applies their cross-row rules.
func (l *loader) loadSim(layers []Layer, ds *Dataset, x *refs) {
	s := &ds.sim
	s.products = table(l, layers, fileSimProducts, func(r *row) SimProduct { return parseSimProduct(r, x) })
	s.productByID = map[string]int{}
	for i, p := range s.products {
		s.productByID[p.ID] = i
	}
	sx := &simRefs{refs: x, products: s.productByID, all: s.products, regions: regionNames(ds.Countries)}
	s.processes = table(l, layers, fileSimProcesses, func(r *row) SimProcess { return parseSimProcess(r, sx) })
	s.recipes = table(l, layers, fileSimRecipes, func(r *row) SimRecipe { return parseSimRecipe(r, sx) })
	s.demand = table(l, layers, fileSimDemand, func(r *row) SimDemand { return parseSimDemand(r, sx) })
	s.stocks = table(l, layers, fileSimStocks, func(r *row) SimStock { return parseSimStock(r, sx) })
	s.parameters = table(l, layers, fileSimParameters, func(r *row) SimParameter { return parseSimParameter(r, sx) })
	s.bom = table(l, layers, fileBOM, func(r *row) EndItem { return parseEndItem(r, sx) })
	s.tradeForms = table(l, layers, fileSimTradeForms, func(r *row) SimTradeForm { return parseSimTradeForm(r, sx) })
	l.checkTradeForms(s.tradeForms, ds.Trade)

	s.recipeOf = map[string][]SimRecipe{}
	for _, r := range s.recipes {
		k := join(r.Process, r.Country)
		s.recipeOf[k] = append(s.recipeOf[k], r)
	}
	s.paramByKey = map[string]int{}
	for i, p := range s.parameters {
		s.paramByKey[p.key()] = i
	}
	l.checkSim(s)
}

// simRefs is what simulation row parsers check references against.
type simRefs struct {
	*refs
	products map[string]int
	all      []SimProduct
	regions  map[string]bool // country groups usable as importer regions (EU27)
}

func regionNames(cs []Country) map[string]bool {
	out := map[string]bool{}
	for _, c := range cs {
		for _, g := range c.Groups {
			out[g] = true
		}
	}
	return out
}

func (r *row) simProduct(name string, x *simRefs, allowAll bool) string {
	id := r.required(name)
	if id == "" || (allowAll && id == AllKey) {
		return id
	}
	if _, ok := x.products[id]; !ok {
		r.fail(name, "unknown product %q (not in sim_products.csv)", id)
	}
	return id
}

// simCountry reads a producing country: an ISO3 code or alias, or ROW; with allowAll also
// the AllKey default.
func (r *row) simCountry(name string, x *simRefs, allowAll bool) string {
	s := r.required(name)
	if s == "" || (allowAll && s == AllKey) {
		return s
	}
	iso := r.country(name, x.refs)
	if iso == World {
		r.fail(name, "must be a country or ROW, not the world total")
	}
	return iso
}

// region reads an importer region: a country, a country group of countries.csv (EU27), ROW,
// or with allowAll the AllKey wildcard.
func (r *row) region(name string, x *simRefs, allowAll bool) string {
	s := r.required(name)
	switch {
	case s == "":
		return s
	case allowAll && s == AllKey, x.regions[s]:
		return s
	}
	iso, ok := x.countries.resolve(s)
	if !ok || iso == World {
		r.fail(name, "unknown region %q (use an ISO 3166 alpha-3 code, a country name, a group of countries.csv such as EU27, or ROW)", s)
		return s
	}
	return iso
}

func (r *row) slug(name string) string {
	s := r.required(name)
	if s != "" && (strings.ToLower(s) != s || strings.ContainsAny(s, " ,;/")) {
		r.fail(name, "must be a lower-case slug without spaces or slashes, got %q", s)
	}
	return s
}

// nonNegative parses a required number that must not be negative.
func (r *row) nonNegative(name string) float64 {
	v := r.number(name)
	if v < 0 {
		r.fail(name, "must not be negative, got %g", v)
	}
	return v
}

// optNonNegative is nonNegative for an optional field; empty gives NaN.
func (r *row) optNonNegative(name string) float64 {
	if r.str(name) == "" {
		return nan
	}
	return r.nonNegative(name)
}

// maxMonthsOfCover bounds a stock given in months: ten years of demand is a typing error.
const maxMonthsOfCover = 120

func parseSimProduct(r *row, x *refs) SimProduct {
	p := SimProduct{
		ID:            r.required("product"),
		Material:      r.slug("material"),
		Stage:         Stage(r.required("stage")),
		Basis:         r.required("basis"),
		Final:         r.oneOf("final", "yes", "no") == "yes",
		PriceUSDPerKg: r.nonNegative("price_usd_per_kg"),
		PriceYear:     r.year("price_year"),
		Cite:          r.cite(x),
	}
	if p.Stage != "" && !slices.Contains(simStages, p.Stage) {
		r.fail("stage", "unknown simulation stage %q (want mine, refined, separation, metal or magnet)", p.Stage)
	}
	if p.ID != "" && p.ID != p.Material+"/"+string(p.Stage) {
		r.fail("product", "must be material/stage (%s/%s), got %q", p.Material, p.Stage, p.ID)
	}
	return p
}

func parseSimProcess(r *row, x *simRefs) SimProcess {
	p := SimProcess{
		Process:            r.slug("process"),
		Country:            r.simCountry("country", x, false),
		MainProduct:        r.simProduct("main_product", x, false),
		Year:               r.year("year"),
		CapacityTPerYear:   r.nonNegative("capacity_t_per_year"),
		ProductionTPerYear: r.nonNegative("production_t_per_year"),
		Cite:               r.cite(x.refs),
	}
	if p.ProductionTPerYear > p.CapacityTPerYear*(1+1e-9) {
		r.fail("production_t_per_year", "production %g t exceeds capacity %g t", p.ProductionTPerYear, p.CapacityTPerYear)
	}
	return p
}

// maxCoefficient bounds recipe coefficients: the largest real one is a few tonnes of
// concentrate per tonne of separated oxide; a value above this is a unit error.
const maxCoefficient = 100

func parseSimRecipe(r *row, x *simRefs) SimRecipe {
	v := SimRecipe{
		Process:   r.slug("process"),
		Country:   r.simCountry("country", x, true),
		Product:   r.simProduct("product", x, false),
		Direction: Direction(r.oneOf("direction", string(In), string(Out), string(Loss))),
		TPerTMain: r.within("t_per_t_main", 0, maxCoefficient),
		Cite:      r.cite(x.refs),
	}
	if v.TPerTMain == 0 && v.Direction != Loss {
		r.fail("t_per_t_main", "an %s coefficient must be positive (leave a product out instead of giving 0)", v.Direction)
	}
	return v
}

func parseSimDemand(r *row, x *simRefs) SimDemand {
	v := SimDemand{
		Importer: r.region("importer", x, false),
		Product:  r.simProduct("product", x, false),
		Sector:   r.oneOf("sector", SimSectors...),
		Year:     r.year("year"),
		TPerYear: r.nonNegative("t_per_year"),
		Cite:     r.cite(x.refs),
	}
	if i, ok := x.products[v.Product]; ok && !x.all[i].Final {
		r.fail("product", "%s is not a final product (final = no in sim_products.csv)", v.Product)
	}
	return v
}

func parseSimStock(r *row, x *simRefs) SimStock {
	s := SimStock{
		Region:        r.region("region", x, true),
		Product:       r.simProduct("product", x, true),
		Kind:          r.oneOf("kind", "commercial", "strategic"),
		MonthsOfCover: r.optWithin("months_of_cover", 0, maxMonthsOfCover),
		Tonnes:        r.optNonNegative("tonnes"),
		Cite:          r.cite(x.refs),
	}
	if math.IsNaN(s.MonthsOfCover) == math.IsNaN(s.Tonnes) {
		r.fail("months_of_cover", "give exactly one of months_of_cover and tonnes")
	}
	return s
}

func parseSimParameter(r *row, x *simRefs) SimParameter {
	return SimParameter{
		Parameter: r.slug("parameter"),
		Product:   r.simProduct("product", x, true),
		Value:     r.number("value"),
		Unit:      r.required("unit"),
		Cite:      r.cite(x.refs),
	}
}

func parseSimTradeForm(r *row, x *simRefs) SimTradeForm {
	f := SimTradeForm{
		Product:   r.simProduct("product", x, false),
		Commodity: r.commodity("commodity", x.refs),
		Category:  r.required("category"),
		Rank:      int(r.within("rank", 1, maxPrincipalRank)),
		Cite:      r.cite(x.refs),
	}
	if v := r.str("rank"); v != "" && v != fmt.Sprint(f.Rank) {
		r.fail("rank", "must be a whole number from 1 to %d, got %q", maxPrincipalRank, v)
	}
	return f
}

// checkTradeForms requires each trade form to name a category that trade.csv holds for
// its commodity: a category no importer has would never be compared.
func (l *loader) checkTradeForms(forms []SimTradeForm, trade []TradeShare) {
	known := map[[2]string]bool{}
	for _, t := range trade {
		known[[2]string{t.Commodity, t.Category}] = true
	}
	for _, f := range forms {
		if f.Commodity != "" && f.Category != "" && !known[[2]string{f.Commodity, f.Category}] {
			l.probs.add(&FieldError{File: f.Origin.File, Line: f.Origin.Line, Field: "category",
				Rule: fmt.Sprintf("no row of trade.csv has category %q for commodity %s", f.Category, f.Commodity)})
		}
	}
}

// SimTradeForms returns the traded forms of sim_trade_forms.csv, sorted by product and
// category.
func (d *Dataset) SimTradeForms() []SimTradeForm { return slices.Clone(d.sim.tradeForms) }

// SimTradeMix returns the importer's source mix of the traded form that stands for a
// simulation product (sim_trade_forms.csv): of the product's forms, the lowest-ranked
// one the importer has in trade.csv, for the latest period. ok is false when it has none.
func (d *Dataset) SimTradeMix(importer, product string) (mix ImportMix, form SimTradeForm, ok bool) {
	for _, f := range d.sim.tradeForms {
		if f.Product != product || (ok && f.Rank >= form.Rank) {
			continue
		}
		for _, m := range d.ImportMixes(importer, f.Commodity) {
			if m.Category == f.Category {
				mix, form, ok = m, f, true
			}
		}
	}
	return mix, form, ok
}

func parseEndItem(r *row, x *simRefs) EndItem {
	e := EndItem{
		ID:            r.slug("end_item"),
		Name:          r.required("name"),
		Product:       r.simProduct("product", x, false),
		Sector:        r.oneOf("sector", SimSectors...),
		KgPerUnitLow:  r.nonNegative("kg_per_unit_low"),
		KgPerUnitHigh: r.nonNegative("kg_per_unit_high"),
		Basis:         r.required("basis"),
		Cite:          r.cite(x.refs),
	}
	// A build rate and its source come together: a rate nobody cites is not data.
	if rate := r.optNonNegative("units_per_year"); !math.IsNaN(rate) {
		e.UnitsPerYear = rate
		if rate <= 0 {
			r.fail("units_per_year", "must be positive when given, got %g", rate)
		}
		if e.RateSource = r.required("rate_source"); e.RateSource != "" {
			if _, ok := x.sources[e.RateSource]; !ok {
				r.fail("rate_source", "unknown source %q (not in sources.csv)", e.RateSource)
			}
		}
		if e.RateScope = r.str("rate_scope"); e.RateScope == "" {
			r.fail("rate_scope", "a build rate needs its scope, whose units it counts (\"all customers\", \"US Navy procurement\")")
		}
	} else if r.str("rate_source") != "" {
		r.fail("rate_source", "given without units_per_year")
	} else if r.str("rate_scope") != "" {
		r.fail("rate_scope", "given without units_per_year")
	}
	if e.Sector == "defense" && e.UnitsPerYear == 0 {
		r.fail("units_per_year", "a defense end item needs its programme's build rate (deliveries per year)")
	}
	if e.KgPerUnitLow <= 0 {
		r.fail("kg_per_unit_low", "must be positive, got %g", e.KgPerUnitLow)
	}
	if e.KgPerUnitHigh < e.KgPerUnitLow {
		r.fail("kg_per_unit_high", "must be at least kg_per_unit_low (%g), got %g", e.KgPerUnitLow, e.KgPerUnitHigh)
	}
	return e
}

// simMaterialCommodities maps the simulation's materials to the figures.csv commodities
// that describe the same supply chain. A material not listed maps to the commodity of the
// same slug, if there is one.
var simMaterialCommodities = map[string][]string{
	"reo":        {"rare_earths"},
	"ionic_clay": {"rare_earths"},
	"ndpr":       {"rare_earths", "neodymium", "praseodymium"},
	"dy":         {"rare_earths", "dysprosium"},
	"tb":         {"rare_earths", "terbium"},
	"other":      {"rare_earths"},
	"ndfeb":      {"rare_earths", "neodymium", "praseodymium", "dysprosium", "terbium"},
	"graphite":   {"graphite_natural"},
}

// SimulatedCommodities returns the figures.csv commodities whose supply the simulation
// models. Their production and capacity figures do not feed the simulation, which reads
// its own capacities from sim_processes.csv.
func (d *Dataset) SimulatedCommodities() map[string]bool {
	out := map[string]bool{}
	for _, p := range d.sim.products {
		cs, ok := simMaterialCommodities[p.Material]
		if !ok {
			cs = []string{p.Material}
		}
		for _, c := range cs {
			if _, known := d.Commodity(c); known {
				out[c] = true
			}
		}
	}
	return out
}
