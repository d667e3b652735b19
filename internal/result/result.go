package result

// DefenseSector is the demand sector that builds an end item whose Sector is empty.
const DefenseSector = "defense"

// Version is the schema version of the Run (and study) documents this program writes.
// Version 1 is the layout of the results stored before the field existed: a document
// without schema_version is a version 1 document. An optional field added to the layout
// keeps the version; one removed, renamed or changed in meaning or unit raises it, with
// a reader of the earlier version in Decode.
const Version = 1

// Run is the outcome of one deterministic run. Series are indexed [month], with month 0
// the scenario's first month; per-product series are then indexed by product, per-country
// by country, in the order of Products and Countries. Quantities are metric tonnes of the
// product's basis per month; prices are USD per kg; costs are million USD.
type Run struct {
	// SchemaVersion is the version of this layout (Version when written by this
	// program).
	SchemaVersion int `json:"schema_version"`

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
	// build that month, at the low and high bill of material (low kilograms per unit, more
	// units), capped at the programme's build rate (EndItemInfo.UnitsPerYear / 12) when
	// it has one.
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

	Summary Summary `json:"summary"`

	// TradeOrigins sets the rival's share of the importer's imports at the run's first
	// month beside its share in the importer's trade data, per final product whose traded
	// form the data names (sim_trade_forms.csv); filled by compile.TradeOrigins, absent
	// in results written before it (additive to schema 1).
	TradeOrigins []TradeOrigin `json:"trade_origins,omitempty"`
	// DemandBasis lists the importer's final demand rows of the data year the run starts
	// from, with their status (reported, derived, estimated) and source, so that a
	// reader can tell a sourced figure from a critmin estimate; filled by
	// compile.DemandBasis, absent in results written before it (additive to schema 1).
	DemandBasis []DemandRow `json:"demand_basis,omitempty"`
	// UnsimulatedStages lists, per final product the importer demands that the run
	// models only at the mine, the later stages of its commodity that the world data
	// holds and the simulation does not, with the rival's share of each (compile.
	// UnsimulatedStages; additive to schema 1): a control there is not in the run.
	UnsimulatedStages []StageShare `json:"unsimulated_stages,omitempty"`
	// ShareChecks sets, per final product whose stage the world data's figures also
	// cover, the rival's share of world output at the run's first month beside the
	// figures' share (compile.ShareChecks; additive to schema 1): the simulation tables
	// and the figures may rest on different sources.
	ShareChecks []ShareCheck `json:"share_checks,omitempty"`
	// ScenarioProducts lists the products the scenario's elements name (controls,
	// outages, responses; compile.Touched; additive to schema 1), so that the verdict
	// can lead with the final products they touch, and the chains feeding them, rather
	// than every product of the data its baseline carries; empty for a scenario with no
	// element, whose verdict speaks of every product.
	ScenarioProducts []string `json:"scenario_products,omitempty"`
	// LicensedFlows sets, per licensing control in force in the run and product it
	// covers, what the exporter shipped against the same months of the scenario run
	// without its licensing controls (compile.LicensedFlows; additive to schema 1): the
	// share of the flow a licence lets through, which its approval rate does not give.
	LicensedFlows []LicensedFlow `json:"licensed_flows,omitempty"`
	// IdleCapacity lists, per product the run simulates, the capacity outside the rival
	// that the simulation data gives without output in its base year: the run starts it
	// at zero and never restarts it (compile.IdleCapacity; additive to schema 1).
	IdleCapacity []IdleCapacity `json:"idle_capacity,omitempty"`
	// StartingStocks gives, per final product the importer demands, its users' starting
	// stock in months of cover and the rule that sets it, the scenario's inventories or
	// a row of sim_stocks.csv with its status (compile.StartingStocks; additive to
	// schema 1): a shortfall depends on it, and the data's rows are mostly estimates.
	StartingStocks []StartingStock `json:"starting_stocks,omitempty"`
	// InertTariffs lists the tariffs of the scenario on the importer that change nothing
	// in the run, per product, with why (compile.InertTariffs; additive to schema 1):
	// tariffs shift sourcing only and do not enter prices, so one with nowhere to shift
	// the importer's purchases to leaves the run as it was.
	InertTariffs []InertTariff `json:"inert_tariffs,omitempty"`
	// PlantInputs lists, per product the importer's plants make (a process the importer
	// runs in the data, or the one a project of the scenario builds there), the inputs
	// their recipe takes per tonne of it (compile.PlantInputs; additive to schema 1), so
	// that the verdict can name the inputs idle plants did not get (a trial's US magnet
	// plants made nothing for ten years under a ban: no NdPr, Dy or Tb metal reached them).
	PlantInputs []PlantInput `json:"plant_inputs,omitempty"`
	// CostRecipes lists, per product of the run that a recipe with one output makes (the
	// same inputs in every country that runs it), the inputs it takes per tonne of it
	// (compile.CostRecipes; additive to schema 1), so that the verdict can name a price
	// below the cost of its inputs (report.PriceInversions): the model passes no cost on.
	CostRecipes []PlantInput `json:"cost_recipes,omitempty"`
	// Verdict is the run's summary in words as `critmin run` prints it before its tables
	// (the verdict, the data caveats, the scenario parts that cannot act and the point
	// values), written when the run is made (report.RunLead) so that a JSON reader has
	// the caveats too; absent in results written before it (additive to schema 1).
	Verdict []string `json:"verdict,omitempty"`
}

// A PlantInput is one input of the importer's plants of a product: TPerT tonnes of
// Input (its basis) per tonne of Product, from the recipe they run (sim_recipes.csv).
type PlantInput struct {
	Product string  `json:"product"`
	Input   string  `json:"input"`
	TPerT   float64 `json:"t_per_t"`
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
	// DefenseSector, "defense".
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

// A LicensedFlow is what an exporter shipped of one product under a licensing control
// over the months it is in force within the run, beside the same months of the baseline
// run (the scenario without its licensing controls), t of the product's basis.
type LicensedFlow struct {
	Control  string `json:"control"`
	Exporter string `json:"exporter"`
	Product  string `json:"product"`
	// Approval is the control's approval rate at its start: the share of each month's
	// applications approved; ApprovalChanges says whether later rates follow.
	Approval        float64 `json:"approval"`
	ApprovalChanges bool    `json:"approval_changes,omitempty"`
	// From and To are the first and last months the control is in force within the run;
	// Months counts them (suspensions left out).
	From   Month `json:"from"`
	To     Month `json:"to"`
	Months int   `json:"months"`
	// ReachesImporter says whether the control covers exports to the run's importer;
	// the two ToImporter figures are 0 when it does not.
	ReachesImporter     bool    `json:"reaches_importer"`
	ToImporterT         float64 `json:"to_importer_t"`
	ToImporterBaselineT float64 `json:"to_importer_baseline_t"`
	// Destinations are the model countries the control covers, AllDestinations whether
	// that is every country but the exporter; the two ToDestinations figures are the
	// exporter's exports to them (none, and Destinations empty, for an exporter other
	// than the rival whose control covers only some countries: the run records the
	// rival's exports by destination and other exporters' totals only).
	Destinations            []string `json:"destinations,omitempty"`
	AllDestinations         bool     `json:"all_destinations"`
	ToDestinationsT         float64  `json:"to_destinations_t"`
	ToDestinationsBaselineT float64  `json:"to_destinations_baseline_t"`
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
// basis, at baseline prices and at the run's prices; LastAtBaselinePrice and
// LastAtRunPrices are the same in the run's last month, t/month (additive to schema 1:
// 0 in documents written before them), so that a cut that lasts to the end, demand
// destroyed for good, can be told from one prices gave back.
type ProductDemand struct {
	Product             string  `json:"product"`
	AtBaselinePrice     float64 `json:"at_baseline_prices_t"`
	AtRunPrices         float64 `json:"at_run_prices_t"`
	LastAtBaselinePrice float64 `json:"last_month_at_baseline_prices_t,omitempty"`
	LastAtRunPrices     float64 `json:"last_month_at_run_prices_t,omitempty"`
}

// An OfftakeDelivery is what one offtake contracted, requested and shipped over the
// horizon, t of its product's basis.
type OfftakeDelivery struct {
	Buyer   string `json:"buyer"`
	Seller  string `json:"seller"`
	Product string `json:"product"`
	// ContractedT is the offtake's tonnage per month summed over its window within the
	// horizon; RequestedT the part the buyer requested (an offtake serves the buyer's
	// requests, up to its tonnage); ShippedT what the seller shipped under it, from its own
	// output and stock (what it could not ship was re-sourced from other exporters).
	ContractedT float64 `json:"contracted_t"`
	RequestedT  float64 `json:"requested_t"`
	ShippedT    float64 `json:"shipped_t"`
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
	// not add up. Low and high name the bill of material, not the count: the low
	// kilograms per unit (KgLow) give the larger number of units, so EndItemsLostLow is
	// at least EndItemsLostHigh.
	EndItemsLostLow  map[string]float64 `json:"end_items_lost_low"`
	EndItemsLostHigh map[string]float64 `json:"end_items_lost_high"`
	// StockpileExhausted is the first month a stockpile that had stock reaches zero; null
	// both when the importer holds no stockpile and when its stockpile lasts the horizon
	// (the Stockpile series and StockpilePurchases tell the two apart; reports print "no
	// stockpile" or "never").
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
	// process, in the order of the model's processes; absent when none entered (and in
	// documents written before entry existed).
	Entry []EnteredCapacity `json:"entry,omitempty"`
	// DemandResponse is, for each final product the importer demands (in the order of
	// Products), its final demand over the horizon at baseline prices and at the run's
	// prices: what thrift and the short-run price response took off, which no shortfall
	// shows. Absent in documents written before it existed.
	DemandResponse []ProductDemand `json:"demand_response,omitempty"`
	// StockpilePurchases lists, per stockpile with purchases in the horizon, what they
	// planned, requested and bought; absent when no stockpile buys (and in documents
	// written before it existed).
	StockpilePurchases []StockpilePurchase `json:"stockpile_purchases,omitempty"`
	// Offtakes lists, per offtake with tonnage in the horizon, what it contracted,
	// requested and shipped; absent when the scenario has none (and in documents written
	// before it existed).
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

// A StageCover is one stage of the supply chain of a final product the importer
// demands: a product of the chain (the final product itself, or an input of a stage
// below), with what the importer needs of it and what capacity outside the rival could
// make of it.
type StageCover struct {
	Product string `json:"product"` // the final product
	Stage   string `json:"stage"`   // the product of the chain, e.g. "dy/separation"
	// Month is the first month from which, through the end of the horizon, capacity
	// outside the rival with feed made outside the rival covers the importer's need of
	// the stage; nil when it never does.
	Month *Month `json:"month"`
	// At the last month, t/year of the stage's basis: what the importer needs of it to
	// meet its demand of Product; the stage's capacity outside the rival; and what that
	// capacity can make with feed made outside the rival.
	NeedTPerYear     float64 `json:"need_t_per_year"`
	CapacityTPerYear float64 `json:"capacity_t_per_year"`
	FedTPerYear      float64 `json:"fed_t_per_year"`
	// OthersNeedTPerYear is what the countries other than the importer and the rival need
	// of the stage for their own demand of Product at baseline prices (additive to
	// schema 1; 0 in documents written before it).
	OthersNeedTPerYear float64 `json:"others_need_t_per_year,omitempty"`
}

// A Blocked is a binding stage of a final product whose supply chain capacity outside
// the rival never covers the importer's need: there, capacity outside the rival falls
// GapTPerYear short of the need at Until, the horizon's last month. A product may have
// several binding stages (both Dy and Tb oxide, say).
type Blocked struct {
	Product     string  `json:"product"`
	Stage       string  `json:"stage"`
	GapTPerYear float64 `json:"gap_t_per_year"`
	Until       Month   `json:"until"`
}

// EnteredCapacity is the capacity price-triggered entry installed at one process by the
// horizon.
type EnteredCapacity struct {
	Country string `json:"country"`
	Process string `json:"process"`
	// Product is the process's first output, in whose units TPerYear counts.
	Product  string  `json:"product"`
	TPerYear float64 `json:"t_per_year"`
	// First is the first month with entered capacity.
	First Month `json:"first"`
}

// TradeOrigin compares, for one final product, where the importer's imports come from at
// the start of a run with its trade data: the simulation sources imports from where the
// data's plants are (capacity-weighted), trade data name the last shipper.
type TradeOrigin struct {
	Product string `json:"product"`
	// RunSharePct is the rival's share of the importer's imports of Product in the run's
	// first month, percent.
	RunSharePct float64 `json:"run_share_pct"`
	// TradeSharePct is the rival's share in the importer's trade data for Category over
	// Period (0 when the rival is not among the listed sources), percent.
	TradeSharePct float64 `json:"trade_share_pct"`
	Category      string  `json:"category"`
	Period        string  `json:"period"`
	Source        string  `json:"source"` // the trade row's source id (sources.csv)
	// OutsideProducers lists the countries outside the rival whose plants make Product in
	// the data, with their capacity at the run's first month, t/yr, largest first.
	OutsideProducers []Producer `json:"outside_producers"`
}

// Producer is a producing country and its capacity.
type Producer struct {
	Country          string  `json:"country"`
	CapacityTPerYear float64 `json:"capacity_t_per_year"`
}

// DemandRow is one row of the importer's final demand in the data (sim_demand.csv).
type DemandRow struct {
	Product  string  `json:"product"`
	Sector   string  `json:"sector"`
	TPerYear float64 `json:"t_per_year"`
	Status   string  `json:"status"` // reported, derived or estimated
	Source   string  `json:"source"`
}

// StartingStock is the importer's users' stock of a final product at the start of a
// run, in months of cover of their baseline need, and where that figure comes from.
type StartingStock struct {
	Product       string  `json:"product"`
	MonthsOfCover float64 `json:"months_of_cover"`
	// FromScenario is true when the scenario's inventories set the cover; otherwise the
	// row of sim_stocks.csv that does is named by its region and product (either may be
	// "all"), with its status (reported, derived or estimated) and source.
	FromScenario bool   `json:"from_scenario,omitempty"`
	RowRegion    string `json:"row_region,omitempty"`
	RowProduct   string `json:"row_product,omitempty"`
	Status       string `json:"status,omitempty"`
	Source       string `json:"source,omitempty"`
}

// InertTariff is a tariff of the scenario on the run's importer that changes nothing for
// one product it names: the run with the tariff no longer naming the product gives the
// importer the same demand, supply, shortfall, stock and imports by origin, and every
// product the same prices.
type InertTariff struct {
	// Index is the tariff's position in the scenario's tariffs.
	Index    int     `json:"index"`
	Exporter string  `json:"exporter"` // as the scenario names it: a country, a group or "all"
	RatePct  float64 `json:"rate_pct"`
	Product  string  `json:"product"`
	// From and To are the tariff's first and last months within the run.
	From Month `json:"from"`
	To   Month `json:"to"`
	// Reason is why it changes nothing: TariffZero, TariffUniform, TariffNoImports or
	// TariffSoleSupplier.
	Reason string `json:"reason"`
	// OtherMakers are, for "sole_supplier", the countries neither taxed nor the importer
	// with capacity of the product in those months, largest first: where the tariff
	// sends the importer's requests, and which ship it none.
	OtherMakers []string `json:"other_makers,omitempty"`
}

// Reasons an InertTariff gives for a tariff that changes nothing.
const (
	TariffZero         = "zero"          // a rate of 0 %
	TariffUniform      = "uniform"       // it taxes every supplier of the importer alike
	TariffNoImports    = "no_imports"    // the importer imports none of the product while it is in force
	TariffSoleSupplier = "sole_supplier" // the importer receives the product from no untaxed country
)

// StageShare is a stage of a commodity with the rival's share of world output there.
type StageShare struct {
	Product   string  `json:"product"`   // the simulated final product
	Commodity string  `json:"commodity"` // the world data's commodity it belongs to
	Stage     string  `json:"stage"`     // a stage of Commodity the simulation does not model
	SharePct  float64 `json:"share_pct"` // the rival's share of world output of Stage
	Year      int     `json:"year"`
}

// IdleCapacity is capacity the simulation data lists for a product in a country (a model
// node, or ROW) with no output in the data's year, which a run leaves idle.
type IdleCapacity struct {
	Product          string  `json:"product"`
	Country          string  `json:"country"`             // model node, or ROW
	CapacityTPerYear float64 `json:"capacity_t_per_year"` // sim_processes.csv
	Year             int     `json:"year"`                // the data's year, without output
	Source           string  `json:"source"`
	// Named lists the countries the world data's capacity note gives for a ROW row, as
	// the note writes them (ISO 3166 alpha-2 codes for USGS's gallium footnote); empty
	// when it names none.
	Named []string `json:"named,omitempty"`
	// RunCapacityTPerYear is the most capacity the run gives the country for the product
	// in any month (projects of the scenario, price-triggered entry), 0 if none.
	RunCapacityTPerYear float64 `json:"run_capacity_t_per_year"`
}

// ShareCheck compares the rival's share of world output of a product's stage in a run
// with the world data's figures for the same stage.
type ShareCheck struct {
	Product      string  `json:"product"`
	Commodity    string  `json:"commodity"`
	Stage        string  `json:"stage"`
	RunSharePct  float64 `json:"run_share_pct"`  // in the run's first month
	DataSharePct float64 `json:"data_share_pct"` // in the figures, Year
	Year         int     `json:"year"`
	Source       string  `json:"source"` // the figures' source of the rival's share
}
