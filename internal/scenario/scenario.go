package scenario

import "math"

// Scenario is one scenario file as written, or, after Resolve, a complete scenario ready to
// run. Countries are ISO 3166 alpha-3 codes; where the format allows a list or a scope,
// entries may also be "all" or a group name such as "EU27".
type Scenario struct {
	// Name is a slug (lower-case letters, digits and hyphens), unique among built-ins.
	Name    string   `json:"name"`
	Title   string   `json:"title,omitempty"`
	Summary string   `json:"summary,omitempty"`
	Sources []string `json:"sources,omitempty"`
	// Importer is whose shortfall, end items and independence are reported; Rival is the
	// country independence is measured from.
	Importer string `json:"importer,omitempty"`
	Rival    string `json:"rival,omitempty"`
	// Start and End are the first and last months simulated. In a file as written they are
	// zero when not given; Resolve fills in DefaultStart and DefaultEnd.
	Start Month `json:"start,omitzero"`
	End   Month `json:"end,omitzero"`
	// Extends names a built-in scenario whose lists this one adds to; Resolve clears it.
	Extends string `json:"extends,omitempty"`

	Controls        []Control        `json:"controls,omitempty"`
	Suspensions     []Suspension     `json:"suspensions,omitempty"`
	Tariffs         []Tariff         `json:"tariffs,omitempty"`
	Outages         []Outage         `json:"outages,omitempty"`
	DemandGrowth    []DemandGrowth   `json:"demand_growth,omitempty"`
	Projects        []Project        `json:"projects,omitempty"`
	EmergencyPowers []EmergencyPower `json:"emergency_powers,omitempty"`
	Stockpiles      []Stockpile      `json:"stockpiles,omitempty"`
	Inventories     []Inventory      `json:"inventories,omitempty"`
	Offtakes        []Offtake        `json:"offtakes,omitempty"`
	Recycling       []Recycling      `json:"recycling,omitempty"`
	Substitution    []Substitution   `json:"substitution,omitempty"`
	PriceFloors     []PriceFloor     `json:"price_floors,omitempty"`
	Priority        []Priority       `json:"priority,omitempty"`
	Parameters      Parameters       `json:"parameters,omitzero"`
	// Correlations make uncertain numbers move together in Monte Carlo runs.
	Correlations []Correlation `json:"correlations,omitempty"`

	// Origin is the file the scenario was read from; ImporterOrigin and RivalOrigin where
	// its importer and rival are written (the file alone when the scenario inherits them
	// or was not read from a file).
	Origin         Origin `json:"-"`
	ImporterOrigin Origin `json:"-"`
	RivalOrigin    Origin `json:"-"`
}

// The horizon of a scenario that does not set one.
var (
	DefaultStart = MonthOf(2025, 1)
	DefaultEnd   = MonthOf(2035, 12)
)

// Origin is where an item was written: the file, and the line and column of the item.
type Origin struct {
	File   string
	Line   int
	Column int
}

// All is the country-list entry and scope meaning every country, and the sector scope
// meaning every sector.
const All = "all"

// ControlKind is how an export control restricts shipments.
type ControlKind string

// The kinds of export control.
const (
	Ban       ControlKind = "ban"       // nothing leaves
	Quota     ControlKind = "quota"     // at most QuotaTPerMonth (or QuotaTPerYear) leaves
	Licensing ControlKind = "licensing" // shipments need a licence, granted as Licensing says
)

// Control is an export control of one exporter on some products toward some destinations.
type Control struct {
	// ID is unique in the scenario and its parents; suspensions refer to it.
	ID       string `json:"id"`
	Exporter string `json:"exporter"`
	// Products are product ids or bare materials (all their stages).
	Products []string `json:"products"`
	// Destinations are countries, groups or "all"; Except removes countries or groups.
	Destinations []string    `json:"destinations"`
	Except       []string    `json:"except,omitempty"`
	Kind         ControlKind `json:"kind"`
	Window
	// QuotaTPerMonth is set for kind quota only: tonnes per month allowed to leave. A
	// control naming several products sets one quota for all of them together.
	QuotaTPerMonth *Param `json:"quota_t_per_month,omitempty"`
	// QuotaTPerYear is the alternative for kind quota: tonnes per calendar year, released
	// evenly over the year's months with unused tonnage carried forward.
	QuotaTPerYear *Param `json:"quota_t_per_year,omitempty"`
	// Announced, when set, is the month the control became known, before its start:
	// buyers build stock until it takes effect (the export rush).
	Announced *Month `json:"announced,omitempty"`
	// Licensing is set for kind licensing only.
	Licensing *LicensingRule `json:"licensing,omitempty"`
	// ExtraterritorialMinContentPct, when set, extends the control to re-exports from third
	// countries of products whose content from the exporter is at least this percentage.
	ExtraterritorialMinContentPct *Param `json:"extraterritorial_min_content_pct,omitempty"`
	Origin                        Origin `json:"-"`
	// ExporterOrigin is where the exporter is written (zero when not read from a file).
	ExporterOrigin Origin `json:"-"`
}

// LicensingRule is how an exporter's licensing regime treats applications.
type LicensingRule struct {
	// Approval is the share of applied tonnage approved, in [0, 1].
	Approval Param `json:"approval"`
	// ApprovalChanges are later approval rates, in increasing month order.
	ApprovalChanges []ApprovalChange `json:"approval_changes,omitempty"`
	// ProcessingWorkingDays is the statutory clock; 21 working days make a month.
	ProcessingWorkingDays Param `json:"processing_working_days"`
	// ValidityMonths is how long an approved licence covers shipments; nil means until the
	// control ends.
	ValidityMonths *Param `json:"validity_months,omitempty"`
	// MilitaryDenied means defense-sector requests are never approved.
	MilitaryDenied bool `json:"military_denied,omitempty"`
}

// ApprovalChange sets the approval rate from a month on.
type ApprovalChange struct {
	From     Month `json:"from"`
	Approval Param `json:"approval"`
}

// Suspension lifts a control for a window; the control applies again after End.
type Suspension struct {
	Control string `json:"control"`
	Window
	Origin Origin `json:"-"`
}

// Tariff is an import duty. Rates on the same flow add up, as stacked duties do.
type Tariff struct {
	// Importer and Exporter are countries, groups or "all".
	Importer string   `json:"importer"`
	Exporter string   `json:"exporter"`
	Products []string `json:"products"`
	// RatePct is ad valorem, in percent; it may exceed 100.
	RatePct Param `json:"rate_pct"`
	Window
	Origin Origin `json:"-"`
}

// Outage takes a share of a country's capacity off line for some months.
type Outage struct {
	Country  string   `json:"country"`
	Products []string `json:"products"`
	// Fraction is the share of capacity lost, in [0, 1].
	Fraction Param `json:"fraction"`
	Start    Month `json:"start"`
	// Months is the duration; fractional months are allowed.
	Months Param  `json:"months"`
	Origin Origin `json:"-"`
	// ProductsOrigin is where the products are written (zero when not read from a file).
	ProductsOrigin Origin `json:"-"`
}

// Window returns the outage's months at its Point duration, rounded up.
func (o Outage) Window() Window {
	n := int(math.Ceil(o.Months.Point()))
	end := o.Start.Add(max(n, 1) - 1)
	return Window{Start: o.Start, End: &end}
}

// DemandGrowth grows final demand at a yearly rate, compounded monthly.
type DemandGrowth struct {
	// Importer is a country, a group or "all"; Sector a sector or "all".
	Importer string   `json:"importer"`
	Sector   string   `json:"sector"`
	Products []string `json:"products"`
	// PctPerYear is in percent per year, above -100.
	PctPerYear Param `json:"pct_per_year"`
	Window
	Origin Origin `json:"-"`
}

// Project is new capacity: announced, then permitted, built and ramped up.
type Project struct {
	// Name is unique in the scenario and its parents.
	Name             string `json:"name"`
	Country          string `json:"country"`
	Product          string `json:"product"`
	CapacityTPerYear Param  `json:"capacity_t_per_year"`
	CapexMUSD        Param  `json:"capex_musd"`
	Announced        Month  `json:"announced"`
	// PermittingMonths, ConstructionMonths and RampMonths follow each other; capacity
	// ramps linearly from 0 to full over RampMonths.
	PermittingMonths   Param `json:"permitting_months"`
	ConstructionMonths Param `json:"construction_months"`
	RampMonths         Param `json:"ramp_months"`
	// DelayRiskMonths is a Monte Carlo spread of the start; deterministic runs use none.
	DelayRiskMonths Param           `json:"delay_risk_months"`
	Offtake         *ProjectOfftake `json:"offtake,omitempty"`
	Sources         []string        `json:"sources,omitempty"`
	Origin          Origin          `json:"-"`
}

// ProjectOfftake reserves a share of a project's output for a buyer and sector.
type ProjectOfftake struct {
	Buyer  string `json:"buyer"`
	Sector string `json:"sector"`
	Share  Param  `json:"share"`
}

// EmergencyPower shortens the permitting of projects in a country.
type EmergencyPower struct {
	Country                string `json:"country"`
	PermittingReductionPct Param  `json:"permitting_reduction_pct"`
	Window
	Origin Origin `json:"-"`
}

// Stockpile is a strategic stock held by a government.
type Stockpile struct {
	Holder    string     `json:"holder"`
	Product   string     `json:"product"`
	InitialT  Param      `json:"initial_t"`
	Release   *Release   `json:"release,omitempty"`
	Purchases []Purchase `json:"purchases,omitempty"`
	Origin    Origin     `json:"-"`
	// HolderOrigin is where the holder is written (zero when not read from a file).
	HolderOrigin Origin `json:"-"`
}

// Release is when and to whom a stockpile releases material.
type Release struct {
	// ShortfallTrigger: release when the holder's shortfall exceeds this share of demand.
	ShortfallTrigger Param `json:"shortfall_trigger"`
	MaxTPerMonth     Param `json:"max_t_per_month"`
	// Sectors may draw on the release; empty means all.
	Sectors []string `json:"sectors,omitempty"`
}

// Purchase buys into a stockpile over a window.
type Purchase struct {
	Window
	TPerMonth Param `json:"t_per_month"`
	// MaxUSDPerKg is the highest price paid; nil means no limit.
	MaxUSDPerKg *Param `json:"max_usd_per_kg,omitempty"`
}

// Inventory is the commercial stock users hold at the start.
type Inventory struct {
	// Country is a country, a group or "all".
	Country       string   `json:"country"`
	Products      []string `json:"products"`
	MonthsOfCover Param    `json:"months_of_cover"`
	Origin        Origin   `json:"-"`
}

// Offtake is a supply agreement between countries; agreements add up.
type Offtake struct {
	Buyer    string `json:"buyer"`
	Seller   string `json:"seller"`
	Product  string `json:"product"`
	TPerYear Param  `json:"t_per_year"`
	Window
	Origin Origin `json:"-"`
	// SellerOrigin and BuyerOrigin are where the seller and the buyer are written (zero
	// when not read from a file).
	SellerOrigin Origin `json:"-"`
	BuyerOrigin  Origin `json:"-"`
}

// Recycling is secondary supply in a country; entries add up.
type Recycling struct {
	Country  string `json:"country"`
	Product  string `json:"product"`
	TPerYear Param  `json:"t_per_year"`
	Window
	RampMonths Param  `json:"ramp_months"`
	Origin     Origin `json:"-"`
}

// Substitution reduces demand by thrifting or substitution, ramping in linearly.
type Substitution struct {
	// Importer is a country, a group or "all"; Sector a sector or "all".
	Importer     string `json:"importer"`
	Sector       string `json:"sector"`
	Product      string `json:"product"`
	ReductionPct Param  `json:"reduction_pct"`
	Window
	RampMonths Param  `json:"ramp_months"`
	Origin     Origin `json:"-"`
}

// PriceFloor guarantees producers a price: the payer pays (floor - market price) times
// the covered tonnage.
type PriceFloor struct {
	Product string `json:"product"`
	// Producers are countries, groups or "all".
	Producers []string `json:"producers"`
	USDPerKg  Param    `json:"usd_per_kg"`
	Window
	Payer  string `json:"payer"`
	Origin Origin `json:"-"`
}

// Priority serves a sector of an importer first when supply is short (e.g. DPA Title I
// rated orders for defense).
type Priority struct {
	Importer string `json:"importer"`
	Sector   string `json:"sector"`
	Window
	Origin Origin `json:"-"`
}

// Parameters override model parameters; nil means the model's default.
type Parameters struct {
	// ArmingtonElasticity is the elasticity of substitution between suppliers (> 0).
	ArmingtonElasticity *Param `json:"armington_elasticity,omitempty"`
	// DemandPriceElasticity is the own-price elasticity of final demand (<= 0).
	DemandPriceElasticity *Param `json:"demand_price_elasticity,omitempty"`
	// SupplyPriceElasticity is the price elasticity of capacity utilisation (>= 0).
	SupplyPriceElasticity *Param `json:"supply_price_elasticity,omitempty"`
	// QualificationLagMonths is how long a buyer takes to qualify a new supplier.
	QualificationLagMonths *Param `json:"qualification_lag_months,omitempty"`
	// Utilisation is the normal share of capacity used, in [0, 1].
	Utilisation *Param `json:"utilisation,omitempty"`
	// WorkingDaysPerMonth converts licensing clocks to months (default 21).
	WorkingDaysPerMonth *Param `json:"working_days_per_month,omitempty"`
	// PriceAdjustment is the share of the gap to the target price closed each month.
	PriceAdjustment *Param `json:"price_adjustment,omitempty"`
	// PriceElasticity is the elasticity of the target price's market balance.
	PriceElasticity *Param `json:"price_elasticity,omitempty"`
	// PriceCap bounds the target price within [P0/cap, P0 x cap].
	PriceCap *Param `json:"price_cap,omitempty"`
	// InventoryAdjustmentMonths is how many months users take to close the gap to their
	// target stock.
	InventoryAdjustmentMonths *Param `json:"inventory_adjustment_months,omitempty"`
	// LongRunDemandElasticity is the elasticity of persistent demand intensity (<= 0).
	LongRunDemandElasticity *Param `json:"long_run_demand_elasticity,omitempty"`
	// ThriftMonths is the time constant of the intensity's fall.
	ThriftMonths *Param `json:"thrift_months,omitempty"`
	// RushCoverMonths is the stock users add between a control's announcement and start.
	RushCoverMonths *Param `json:"rush_cover_months,omitempty"`
	// EntryElasticity sizes price-triggered entry: new capacity ordered per log of the
	// expected price over the hurdle, as a share of capacity (0 switches entry off).
	EntryElasticity *Param `json:"entry_elasticity,omitempty"`
	// EntryHurdle is the expected price, as a multiple of the baseline price, above which
	// producers order new capacity.
	EntryHurdle *Param `json:"entry_hurdle,omitempty"`
	// EntryLeadMonths is the time from an order of new capacity to its first output.
	EntryLeadMonths *Param `json:"entry_lead_months,omitempty"`
	// ExpectedPriceMonths is the time constant of the expected price producers invest on.
	ExpectedPriceMonths *Param `json:"expected_price_months,omitempty"`
	// FeedAdjustmentMonths is how many months a process takes to plan for the feed it
	// gets when an input is short (0: never).
	FeedAdjustmentMonths *Param `json:"feed_adjustment_months,omitempty"`
	// ArbitrageElasticity is how strongly exporters follow the dearer of the rival's market
	// and the rest (0: one fill share for all, and the rival's users first).
	ArbitrageElasticity *Param `json:"arbitrage_elasticity,omitempty"`
}
