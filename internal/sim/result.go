package sim

// Month is a calendar month counted from year 0: 12*year + (month - 1). 2025-01 is
// 12*2025 + 0. Its String method prints YYYY-MM.
type Month int

// Result is the outcome of one deterministic run. Series are indexed [month], with month 0
// the scenario's first month; per-product series are then indexed by product, per-country
// by country, in the order of Products and Countries. Quantities are metric tonnes of the
// product's basis per month; prices are USD per kg; costs are million USD.
type Result struct {
	Scenario string `json:"scenario"`
	Title    string `json:"title"`
	Start    Month  `json:"start"`
	Months   int    `json:"months"`
	// Importer is whose supply, shortfall and end items are reported; Rival is the country
	// independence is measured from.
	Importer string `json:"importer"`
	Rival    string `json:"rival"`

	Products  []ProductInfo `json:"products"`
	Countries []string      `json:"countries"`
	Sectors   []string      `json:"sectors"`
	EndItems  []EndItemInfo `json:"end_items"`

	// Per month and product, for the importer.
	Demand    [][]float64 `json:"demand"`    // final demand requested, t/month
	Supply    [][]float64 `json:"supply"`    // final demand delivered, t/month
	Shortfall [][]float64 `json:"shortfall"` // Demand - Supply, t/month
	Inventory [][]float64 `json:"inventory"` // users' commercial inventory at month end, t
	Stockpile [][]float64 `json:"stockpile"` // strategic stockpile at month end, t
	// RivalFree is the importer's delivered supply that did not pass through Rival at any
	// stage, t/month.
	RivalFree [][]float64 `json:"rival_free"`

	// Per month and product, world-wide.
	Production [][]float64 `json:"production"`   // t/month, all countries
	PriceOut   [][]float64 `json:"price_out"`    // price outside the rival's market, USD/kg
	PriceIn    [][]float64 `json:"price_inside"` // price inside the rival's market, USD/kg

	// Per month, product and country.
	CountryProduction [][][]float64 `json:"country_production"` // t/month
	CountryCapacity   [][][]float64 `json:"country_capacity"`   // t/month
	// CountryExports is what each country shipped to other countries, t/month.
	CountryExports [][][]float64 `json:"country_exports"`
	// ImportsByOrigin is what the importer received from each other country (the
	// exporter), t/month: its supply by origin, home production aside.
	ImportsByOrigin [][][]float64 `json:"imports_by_origin"`
	// RivalExportsByDestination is what the rival shipped to each other country, t/month.
	RivalExportsByDestination [][][]float64 `json:"rival_exports_by_destination"`

	// Per month and sector: the importer's shortfall over all final products, t/month.
	SectorShortfall [][]float64 `json:"sector_shortfall"`

	// Per month and end item: units the importer's allocation to the item's sector could
	// build that month, at the low and high bill of material, capped at the programme's
	// build rate (EndItemInfo.UnitsPerYear / 12) when it has one.
	EndItemsLow  [][]float64 `json:"end_items_low"`
	EndItemsHigh [][]float64 `json:"end_items_high"`

	// Per month: cumulative cost of the responses, million USD, by kind (capex, stockpile,
	// price floor, offtake premium), and the total.
	CostByKind []string    `json:"cost_kinds"`
	Cost       [][]float64 `json:"cost"`
	CostTotal  []float64   `json:"cost_total"`

	// MassBalance is, per month, (inflows - outflows - change in stocks) / throughput over
	// all products and countries; it must stay within 1e-9.
	MassBalance []float64 `json:"mass_balance"`

	// entered is, per month and process, the capacity price-triggered entry has
	// installed, t reference unit per month: the road to independence reads it, and a
	// frozen process keeps the rows of the run that filled them (Engine.Freeze).
	entered [][]float64
	// enteredSet is true once a run with entry on wrote entered.
	enteredSet bool

	Summary Summary `json:"summary"`
}

// ProductInfo describes a simulated product.
type ProductInfo struct {
	ID       string `json:"id"` // material/stage, e.g. "ndpr/separation"
	Material string `json:"material"`
	Stage    string `json:"stage"`
	Basis    string `json:"basis"` // what a tonne counts, e.g. "NdPr oxide"
	Final    bool   `json:"final"` // consumed by final demand
}

// EndItemInfo is an end item with its bill of material: the importer's consumption of
// Product in Sector builds it.
type EndItemInfo struct {
	ID      string `json:"id"` // e.g. "f35"
	Name    string `json:"name"`
	Product string `json:"product"` // the product the bill of material counts
	// Sector is the demand sector whose consumption builds the item; empty means
	// DefenseSector.
	Sector string  `json:"sector"`
	KgLow  float64 `json:"kg_per_unit_low"`
	KgHigh float64 `json:"kg_per_unit_high"`
	Source string  `json:"source"`
	// UnitsPerYear is the programme's build rate (deliveries per year), cited by
	// RateSource: no month builds or loses more than UnitsPerYear/12 units. 0 means the
	// item is not one programme and is not capped.
	UnitsPerYear float64 `json:"units_per_year,omitempty"`
	RateSource   string  `json:"rate_source,omitempty"`
	// RateScope says whose units UnitsPerYear counts (bom.csv rate_scope): "all
	// customers" (US and international) for the F-35, so the importer's defense
	// shortfall is charged against a line that also builds other customers' units and
	// the units delayed are not the importer's alone; "US Navy procurement" for the
	// warships. Reports print it beside the rate.
	RateScope string `json:"rate_scope,omitempty"`
}

// SectorOrDefense is the sector whose consumption builds the item.
func (e EndItemInfo) SectorOrDefense() string {
	if e.Sector == "" {
		return DefenseSector
	}
	return e.Sector
}

// ProductMonth is a month for one product; Month is nil for never within the horizon.
type ProductMonth struct {
	Product string `json:"product"`
	Month   *Month `json:"month"`
}

// A PriceCapCount is how many months the target price of a product in one market
// ("outside" or "inside" the rival's) sat at the price cap.
type PriceCapCount struct {
	Product string `json:"product"`
	Market  string `json:"market"`
	// Bound is "cap" (the target at P0 x PriceCap) or "floor" (at P0 / PriceCap).
	Bound  string `json:"bound"`
	Months int    `json:"months"`
}

// A ProductDemand is a final product's demand by the importer over the horizon, t of its
// basis, at baseline prices and at the run's prices, and the same in the run's last
// month, t/month: a cut that lasts to the end is demand destroyed for good, which can
// make "independence" a matter of thrift rather than supply.
type ProductDemand struct {
	Product             string  `json:"product"`
	AtBaselinePrice     float64 `json:"at_baseline_prices_t"`
	AtRunPrices         float64 `json:"at_run_prices_t"`
	LastAtBaselinePrice float64 `json:"last_month_at_baseline_prices_t"`
	LastAtRunPrices     float64 `json:"last_month_at_run_prices_t"`
}

// A StockpilePurchase is what one stockpile's purchases planned, requested and bought
// over the horizon, t of its product's basis.
type StockpilePurchase struct {
	Holder  string `json:"holder"`
	Product string `json:"product"`
	// PlannedT is the purchases' tonnage per month summed over their windows within the
	// horizon; RequestedT the part requested, in months when the holder's market price was
	// within the purchase's price limit; BoughtT what the stockpile received: users are
	// served first, so a short market leaves it less than it requested.
	PlannedT   float64 `json:"planned_t"`
	RequestedT float64 `json:"requested_t"`
	BoughtT    float64 `json:"bought_t"`
}

// An OfftakeDelivery is what one offtake contracted, requested and shipped over the
// horizon, t of its product's basis.
type OfftakeDelivery struct {
	Buyer   string `json:"buyer"`
	Seller  string `json:"seller"`
	Product string `json:"product"`
	// ContractedT is the offtake's tonnage per month summed over its window within the
	// horizon; RequestedT the part the buyer requested (an offtake serves the buyer's
	// requests, up to its tonnage, so a buyer that needs less asks less); ShippedT what the
	// seller shipped under it: a seller serves its offtakes from its own output and stock,
	// and what it cannot ship is re-sourced from other exporters, outside the offtake.
	ContractedT float64 `json:"contracted_t"`
	RequestedT  float64 `json:"requested_t"`
	ShippedT    float64 `json:"shipped_t"`
}

// Summary is the headline of a run.
type Summary struct {
	// PeakShortfall is the largest monthly shortfall of one final product as a share of its
	// demand, with the product and month.
	PeakShortfallShare   float64 `json:"peak_shortfall_share"`
	PeakShortfallT       float64 `json:"peak_shortfall_t"`
	PeakShortfallProduct string  `json:"peak_shortfall_product,omitempty"`
	PeakShortfallMonth   *Month  `json:"peak_shortfall_month"`
	// MonthsShort counts months with any shortfall above 0.1% of demand.
	MonthsShort int `json:"months_short"`
	// EndItemsLost is, per end item, units not buildable over the horizon because its
	// sector was short (low and high bill of material): each month, the sector's
	// shortfall of the product in units, capped at the programme's monthly build rate when
	// it has one. Each item counts the whole sector shortfall, so items of one sector do
	// not add up.
	EndItemsLostLow  map[string]float64 `json:"end_items_lost_low"`
	EndItemsLostHigh map[string]float64 `json:"end_items_lost_high"`
	// StockpileExhausted is the first month a stockpile that had stock reaches zero.
	StockpileExhausted *Month `json:"stockpile_exhausted"`
	// Independence is the first month from which the importer's rival-free supply covers
	// its demand of every final product for 12 consecutive months; nil when that never
	// happens in the horizon.
	Independence *Month `json:"independence"`
	// IndependenceByProduct is the same month for each final product the importer
	// demands, in the order of Products.
	IndependenceByProduct []ProductMonth `json:"independence_by_product"`
	// Road is the road to independence by capacity: for each final product the importer
	// demands (in the order of Products) and each stage of its supply chain, downstream
	// first, from when capacity outside the rival with its own feed covers the importer's
	// need. Blocked names, for each product with a stage never covered, the binding
	// stages and their gaps.
	Road    []StageCover `json:"road"`
	Blocked []Blocked    `json:"blocked"`
	// Entry lists the capacity price-triggered entry installed by the horizon, per
	// process, in the order of the model's processes (Params.EntryElasticity).
	Entry []EnteredCapacity `json:"entry,omitempty"`
	// DemandResponse is, for each final product the importer demands (in the order of
	// Products), its final demand over the horizon at baseline prices and at the run's
	// prices: what thrift and the short-run price response took off, which no shortfall
	// shows. Absent in documents written before it existed.
	DemandResponse []ProductDemand `json:"demand_response,omitempty"`
	// StockpilePurchases lists, per stockpile with purchases in the horizon, what they
	// planned, requested and bought; absent when no stockpile buys.
	StockpilePurchases []StockpilePurchase `json:"stockpile_purchases,omitempty"`
	// Offtakes lists, per offtake with tonnage in the horizon, what it contracted,
	// requested and shipped; absent when the scenario has none.
	Offtakes []OfftakeDelivery `json:"offtakes,omitempty"`
	// TotalCostMUSD is the cumulative cost of the responses at the horizon.
	TotalCostMUSD float64 `json:"total_cost_musd"`
	// PriceRatioPeak is the largest outside/inside price ratio of any product, and when.
	PriceRatioPeak        float64 `json:"price_ratio_peak"`
	PriceRatioPeakProduct string  `json:"price_ratio_peak_product,omitempty"`
	PriceRatioPeakMonth   *Month  `json:"price_ratio_peak_month"`
	// PriceCapMonths lists the markets whose target price sat at the cap
	// (Params.PriceCap) in some month, with how many months: prices there are bounded by
	// the cap, not by the market.
	PriceCapMonths []PriceCapCount `json:"price_cap_months"`
	// MaxMassBalance is the largest |MassBalance| of any month.
	MaxMassBalance float64 `json:"max_mass_balance_residual"`
}
