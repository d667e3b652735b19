package sim

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// A Builder collects the declarations of a model; Build validates them all at once and
// compiles them into a dense Model. The zero Builder is not usable; call NewBuilder (or
// Reset). Add methods copy their arguments, so callers may reuse them.
type Builder struct {
	header         Header
	params         Params
	countries      []string
	sectors        []string
	products       []Product
	processes      []Process
	demands        []Demand
	growth         []DemandGrowth
	substitutions  []Substitution
	producerStocks []Stock
	userStocks     []Stock
	userCovers     []userCover
	stockpiles     []Stockpile
	weights        []sourcingWeight
	controls       []Control
	tariffs        []Tariff
	outages        []Outage
	projects       []Project
	offtakes       []Offtake
	recycling      []Recycling
	floors         []PriceFloor
	priorities     []Priority
	qualLags       []qualLag
	endItems       []EndItemInfo
	// flows is where AddProcess copies coefficients to: processes' copies share its
	// backing arrays, so that declaring many processes costs few allocations.
	flows []Flow
	cache *SeriesCache
	// scratch is what builds use and models do not keep, kept for the next build.
	scratch scratch
}

type sourcingWeight struct {
	product, buyer, exporter string
	w                        float64
}

type userCover struct {
	region, product string
	months          float64
}

type qualLag struct {
	buyer, product string
	months         int
}

// NewBuilder starts a model with the given header and DefaultParams.
func NewBuilder(h Header) *Builder { return &Builder{header: h, params: DefaultParams()} }

// Reset discards every declaration (and the series cache) and starts a new model with
// the given header and DefaultParams, as NewBuilder does, but keeps the Builder's storage
// for the new declarations: a caller building many models can reuse one Builder and
// allocate less (Reset also keeps what builds use and models do not). Models never refer
// to the storage of the Builder that built them.
func (b *Builder) Reset(h Header) {
	*b = Builder{
		header: h, params: DefaultParams(),
		countries: emptied(b.countries), sectors: emptied(b.sectors), products: emptied(b.products),
		processes: emptied(b.processes), demands: emptied(b.demands), growth: emptied(b.growth),
		substitutions: emptied(b.substitutions), producerStocks: emptied(b.producerStocks),
		userStocks: emptied(b.userStocks), userCovers: emptied(b.userCovers),
		stockpiles: emptied(b.stockpiles), weights: emptied(b.weights), controls: emptied(b.controls),
		tariffs: emptied(b.tariffs), outages: emptied(b.outages), projects: emptied(b.projects),
		offtakes: emptied(b.offtakes), recycling: emptied(b.recycling), floors: emptied(b.floors),
		priorities: emptied(b.priorities), qualLags: emptied(b.qualLags), endItems: emptied(b.endItems),
		flows: emptied(b.flows), scratch: b.scratch,
	}
}

// emptied returns s with its elements zeroed (so that they keep nothing alive) and its
// length 0.
func emptied[S ~[]E, E any](s S) S {
	clear(s)
	return s[:0]
}

// SetSeriesCache makes Build take the model's constant per-month series from cache: the
// capacity of a process that no by-month capacity, project or outage changes, and a demand
// that no growth or substitution changes. Models built with the same cache share those
// series, which saves memory and time when many models of the same data are built (a Monte
// Carlo study builds one per replication). A nil cache, the default, gives each model its
// own.
func (b *Builder) SetSeriesCache(cache *SeriesCache) { b.cache = cache }

// A SeriesCache holds constant per-month series that several models share
// (Builder.SetSeriesCache). A Model never modifies its series, so sharing them is safe. A
// SeriesCache is safe for concurrent use; it keeps every series it holds for its lifetime,
// up to maxCachedSeries (later ones are not shared). The zero SeriesCache is empty and
// ready to use.
type SeriesCache struct {
	series sync.Map // seriesKey -> []float64
	n      atomic.Int64
}

// maxCachedSeries bounds the memory a SeriesCache holds.
const maxCachedSeries = 1 << 12

// seriesKey identifies a constant series by its length and the bits of its value (so that
// -0 and 0 stay apart).
type seriesKey struct {
	months int
	bits   uint64
}

// constant returns a series of months times v.
func (sc *SeriesCache) constant(months int, v float64) []float64 {
	key := seriesKey{months, math.Float64bits(v)}
	if s, ok := sc.series.Load(key); ok {
		return s.([]float64)
	}
	s := make([]float64, months)
	for t := range s {
		s[t] = v
	}
	if sc.n.Load() >= maxCachedSeries {
		return s
	}
	got, loaded := sc.series.LoadOrStore(key, s)
	if !loaded {
		sc.n.Add(1)
	}
	return got.([]float64)
}

// SetParams replaces the model parameters.
func (b *Builder) SetParams(p Params) { b.params = p }

// AddCountry declares countries by ISO 3166 alpha-3 code ("ROW" for the rest of the
// world). Countries are indexed in declaration order.
func (b *Builder) AddCountry(iso3 ...string) { b.countries = append(b.countries, iso3...) }

// AddSector declares demand sectors; the sector named DefenseSector is the defense sector.
func (b *Builder) AddSector(ids ...string) { b.sectors = append(b.sectors, ids...) }

// AddProduct declares products.
func (b *Builder) AddProduct(ps ...Product) { b.products = append(b.products, ps...) }

// AddProcess declares processes, each in a country.
func (b *Builder) AddProcess(ps ...Process) {
	b.processes = slices.Grow(b.processes, len(ps))
	n := 0
	for _, p := range ps {
		n += len(p.Inputs) + len(p.Outputs)
	}
	b.flows = slices.Grow(b.flows, n)
	for _, p := range ps {
		p.CapacityByMonth = slices.Clone(p.CapacityByMonth)
		p.Inputs = b.copyFlows(p.Inputs)
		p.Outputs = b.copyFlows(p.Outputs)
		b.processes = append(b.processes, p)
	}
}

// copyFlows returns a copy of fs (nil for nil) appended to b.flows. The copy's capacity
// ends with it, so that appending to it never overwrites another process's flows.
func (b *Builder) copyFlows(fs []Flow) []Flow {
	if fs == nil {
		return nil
	}
	start := len(b.flows)
	b.flows = append(b.flows, fs...)
	return b.flows[start:len(b.flows):len(b.flows)]
}

// AddDemand declares final demands; entries with the same key add up.
func (b *Builder) AddDemand(ds ...Demand) { b.demands = append(b.demands, ds...) }

// AddDemandGrowth grows the declared demand of a (region, product, sector).
func (b *Builder) AddDemandGrowth(g DemandGrowth) { b.growth = append(b.growth, g) }

// AddSubstitution reduces the declared demand of a (region, product, sector).
func (b *Builder) AddSubstitution(s Substitution) { b.substitutions = append(b.substitutions, s) }

// AddProducerStock declares producers' initial stock of a product in a country, available
// for sale in the first month.
func (b *Builder) AddProducerStock(s Stock) { b.producerStocks = append(b.producerStocks, s) }

// AddUserStock declares users' initial commercial stock of a product in a region: what its
// final users and the processes that consume the product hold. It also sets the users'
// target stock: the same months of cover of their first month's need.
func (b *Builder) AddUserStock(s Stock) { b.userStocks = append(b.userStocks, s) }

// SetUserCover sets the users' initial and target stock of a product in a region to months
// of their first month's need (processes at capacity x utilisation plus final demand at
// the baseline price), overriding Params.TargetStockMonths there. A stock declared with
// AddUserStock takes precedence.
func (b *Builder) SetUserCover(region, product string, months float64) {
	b.userCovers = append(b.userCovers, userCover{region, product, months})
}

// AddStockpile declares a strategic stockpile.
func (b *Builder) AddStockpile(s Stockpile) {
	s.Release.Sectors = slices.Clone(s.Release.Sectors)
	s.Purchases = slices.Clone(s.Purchases)
	b.stockpiles = append(b.stockpiles, s)
}

// SetSourcingWeight sets the baseline share w >= 0 of buyer's imports of product that it
// requests from exporter. A buyer's weights for a product are normalised to sum to one.
// Declared weights are fixed for the run. Without any weight for a (product, buyer), the
// weights follow the exporters' current production at capacity x utilisation, a new
// exporter (none at month 0) counting only from its qualification lag after its first
// month of capacity. With home priority, a buyer's weight on itself is ignored: it buys
// from its own producers first.
func (b *Builder) SetSourcingWeight(product, buyer, exporter string, w float64) {
	b.weights = append(b.weights, sourcingWeight{product, buyer, exporter, w})
}

// AddControl declares an export control with its effective windows.
func (b *Builder) AddControl(c Control) {
	c.Destinations = slices.Clone(c.Destinations)
	c.Windows = slices.Clone(c.Windows)
	c.Licensing.ApprovalChanges = slices.Clone(c.Licensing.ApprovalChanges)
	b.controls = append(b.controls, c)
}

// AddTariff declares an import duty.
func (b *Builder) AddTariff(t Tariff) { b.tariffs = append(b.tariffs, t) }

// AddOutage declares a capacity outage.
func (b *Builder) AddOutage(o Outage) { b.outages = append(b.outages, o) }

// AddProject declares a capacity project.
func (b *Builder) AddProject(p Project) { b.projects = append(b.projects, p) }

// AddOfftake declares an offtake agreement.
func (b *Builder) AddOfftake(o Offtake) { b.offtakes = append(b.offtakes, o) }

// AddRecycling declares secondary supply.
func (b *Builder) AddRecycling(r Recycling) { b.recycling = append(b.recycling, r) }

// AddPriceFloor declares a price floor.
func (b *Builder) AddPriceFloor(f PriceFloor) {
	f.Producers = slices.Clone(f.Producers)
	b.floors = append(b.floors, f)
}

// AddPriority declares a priority sector of an importer.
func (b *Builder) AddPriority(p Priority) { b.priorities = append(b.priorities, p) }

// SetQualificationLag overrides Params.QualificationLagMonths for a buyer and product.
func (b *Builder) SetQualificationLag(buyer, product string, months int) {
	b.qualLags = append(b.qualLags, qualLag{buyer, product, months})
}

// AddEndItem declares end items, each with a bill of material counting a product consumed
// by one of the importer's sectors (EndItemInfo.Sector).
func (b *Builder) AddEndItem(es ...EndItemInfo) { b.endItems = append(b.endItems, es...) }
