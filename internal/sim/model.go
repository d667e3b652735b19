package sim

// DefenseSector is the sector whose consumption builds end items, whose requests a
// licensing regime may deny, and which the stockpile and priority rules usually name.
const DefenseSector = "defense"

// Cost kinds, in the order of Result.CostByKind.
const (
	costCapex = iota
	costStockpile
	costPriceFloor
	costOfftakePremium
	numCostKinds
)

var costKinds = [numCostKinds]string{"capex", "stockpile", "price_floor", "offtake_premium"}

// A Model is a validated, dense model built by a Builder. Products, countries and sectors
// are indexed in declaration order; per-(product, country) tables are flat slices indexed
// p*nc + c and per-link tables (p*nc + buyer)*nc + exporter. A Model is immutable and safe
// for concurrent use by several Engines.
type Model struct {
	header Header
	params Params
	np     int // products
	nc     int // countries
	ns     int // sectors

	countries []string
	sectors   []string
	products  []ProductInfo
	price0    []float64 // USD/kg per product
	final     []bool
	importer  int
	rival     int // -1 without a rival
	defense   int // -1 without a defense sector

	procs        []proc
	rankProcs    [][]int // processes by rank
	rankProducts [][]int // products allocated after the processes of the same rank

	demands   []demandEntry
	recycling []recycleEntry

	producerStock0 []float64 // t, [p*nc+c]
	producerFrac0  []float64 // rival content share
	userStock0     []float64
	userFrac0      []float64
	cover          []float64 // users' target stock, months of need, [p*nc+c]

	stockpiles  []stockpile
	stockpileOf []int // [p*nc+c] -> stockpile index or -1

	weights []float64 // baseline sourcing weights, [(p*nc+b)*nc+e]

	controls []control
	ringOf   []int // licensing ring of a link, or -1
	nRings   int
	ringLen  int

	tariffs    []tariff
	offtakes   []offtake
	offtakesOf [][]int // per product
	floors     []floor
	priorities []priority
	qualLag    []int // months, [p*nc+b]

	endItems       []EndItemInfo
	endItemProduct []int
	endItemSector  []int     // -1 for a defense item in a model without a defense sector
	capex          []float64 // MUSD per month

	// own backs the per-month series the model owns (capex, changing capacities and
	// demands, offtakes, recycling, approvals...), not those shared through a SeriesCache:
	// BuildReusing reuses it.
	own []float64

	// Sparse indexes of the dense tables above, built by index so that the engine visits
	// only what can be non-zero.
	// The exporters row p*nc+b can ever weight are wExporters[wStart[p*nc+b]:wStart[p*nc+b+1]],
	// ascending: those with a positive declared weight for a declared row, else every
	// exporter of p that has capacity in some month (but b under home priority).
	// wQualFrom, parallel to wExporters, is the month from which a default row weights the
	// exporter: 0 for a baseline supplier, else its first month of capacity plus the row's
	// qualification lag.
	wStart     []int32
	wExporters []int32
	wQualFrom  []int32
	// Default rows follow capacity: capRowsOf lists, per product, the default rows (p*nc+b,
	// b active) to recompute when the product's capacity or qualified exporters change;
	// wUpd[wUpdStart[t]:wUpdStart[t+1]] are the products whose rows change in month t.
	capRowsOf  [][]int
	makersOf   [][]maker // per product with capRowsOf rows: its processes, in order
	wUpdStart  []int32
	wUpd       []int32
	tariffRows []int   // rows p*nc+b some tariff covers, ascending
	hasDemand  []bool  // some final demand is declared, [p*nc+c]
	controlsOf [][]int // controls per product
	// activeOf lists, per product, the countries whose stocks and flows of it can ever be
	// non-zero (a process makes or uses it there, or it has demand, a stockpile, an
	// initial stock, recycling or an offtake); activeIdx the same as p*nc+c, ascending.
	// Every other (product, country) keeps zero stocks, requests and flows for ever.
	activeOf  [][]int
	activeIdx []int
	// needDemandFactor and needSupplyFactor mark the (product, market) pairs,
	// [p*2+market], whose demand price factor (some demand) or supply price factor (some
	// process's first output) is used.
	needDemandFactor, needSupplyFactor []bool
	linkWords                          int // words of a per-product link bitset (nc*nc bits)
	countryWords                       int // words of a per-country bitset (nc bits)
}

// maker is a process k making a product at coef t per reference unit.
type maker struct {
	k    int
	coef float64
}

type flow struct {
	p    int
	coef float64 // t per reference unit
}

type proc struct {
	id       string
	country  int
	util     float64
	in, out  []flow
	ext      float64
	loss     float64
	capacity []float64 // t reference unit per month, per month
	rank     int
}

type demandEntry struct {
	p, c, s int
	series  []float64 // t/month at the baseline price, per month
	// slot is the entry's index in the engine's final demand table, (p*nc+c)*ns+s, and
	// factor its market's in the price factor table, p*2+market; first marks the first
	// entry of its slot.
	slot, factor int
	first        bool
}

type recycleEntry struct {
	p, c   int
	series []float64 // t/month
}

type stockpile struct {
	holder, p int
	init      float64
	initFrac  float64
	trigger   float64
	maxT      float64
	sectors   []bool // per sector: may draw on releases
	procs     bool   // the holder's processes may draw on releases
	purchases []purchase
}

type purchase struct {
	span     span
	t        float64
	maxPrice float64 // USD/kg, 0 = no limit
}

type control struct {
	id          string
	p           int
	exporter    int
	dests       []int
	kind        ControlKind
	active      []bool    // per month
	approval    []float64 // per month, licensing
	quota       float64   // t per month, or per year when perYear
	perYear     bool
	group       int    // the first control of its quota group (itself when alone)
	groupName   string // the declared QuotaGroup
	rushFrom    int    // month index from which the rush runs, -1 for none
	rushTo      int    // last month of the rush
	delay       int
	delayShares []float64 // nil: all at delay
	validity    int
	milDenied   bool
	extra       bool
	extraMin    float64
}

type tariff struct {
	p, b, e int
	rate    float64
	span    span
}

type offtake struct {
	b, e, p int
	qty     []float64 // t/month, per month
	premium float64   // USD/kg
}

type floor struct {
	p         int
	producers []int
	price     float64 // USD/kg
	span      span
}

type priority struct {
	c, s int
	span span
}

// Countries returns the countries in index order.
func (m *Model) Countries() []string { return m.countries }

// Sectors returns the sectors in index order.
func (m *Model) Sectors() []string { return m.sectors }

// Products returns the products in index order.
func (m *Model) Products() []ProductInfo { return m.products }

// Months returns the number of simulated months.
func (m *Model) Months() int { return m.header.Months }

// Start returns the first simulated month.
func (m *Model) Start() Month { return m.header.Start }

// Params returns the model parameters.
func (m *Model) Params() Params { return m.params }

// Weight returns the baseline sourcing weight of buyer on exporter for a product, by index.
func (m *Model) Weight(p, buyer, exporter int) float64 {
	return m.weights[(p*m.nc+buyer)*m.nc+exporter]
}

func (m *Model) link(p, b, e int) int { return (p*m.nc+b)*m.nc + e }
