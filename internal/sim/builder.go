package sim

import "slices"

// A Builder collects the declarations of a model; Build validates them all at once and
// compiles them into a dense Model. The zero Builder is not usable; call NewBuilder. Add
// methods copy their arguments, so callers may reuse them.
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

// SetParams replaces the model parameters.
func (b *Builder) SetParams(p Params) { b.params = p }

// AddCountry declares countries by ISO 3166 alpha-3 code ("ROW" for the rest of the
// world). Countries are indexed in declaration order.
func (b *Builder) AddCountry(iso3 ...string) { b.countries = append(b.countries, iso3...) }

// AddSector declares demand sectors; the sector named DefenseSector is the defense sector.
func (b *Builder) AddSector(ids ...string) { b.sectors = append(b.sectors, ids...) }

// AddProduct declares a product.
func (b *Builder) AddProduct(p Product) { b.products = append(b.products, p) }

// AddProcess declares a process in a country.
func (b *Builder) AddProcess(p Process) {
	p.CapacityByMonth = slices.Clone(p.CapacityByMonth)
	p.Inputs = slices.Clone(p.Inputs)
	p.Outputs = slices.Clone(p.Outputs)
	b.processes = append(b.processes, p)
}

// AddDemand declares final demand; entries with the same key add up.
func (b *Builder) AddDemand(d Demand) { b.demands = append(b.demands, d) }

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

// AddEndItem declares an end item whose bill of material counts a product consumed by the
// importer's defense sector.
func (b *Builder) AddEndItem(e EndItemInfo) { b.endItems = append(b.endItems, e) }
