package sim

// The declarations a Builder accepts. Quantities are metric tonnes of the product's basis
// (or of a process's reference unit); months are calendar Months; shares are in [0, 1].
// Lists of countries or sectors are explicit: the scenario compiler resolves groups and
// "all" before it calls the Builder.

// Header names a run and its horizon.
type Header struct {
	Scenario string
	Title    string
	Start    Month // first simulated month
	Months   int   // number of months simulated, >= 1
	// Importer is whose supply, shortfall, end items and independence are reported; Rival
	// is the country rival content is tracked for ("" for none).
	Importer string
	Rival    string
}

// Product declares a simulated product.
type Product struct {
	ID            string  // "material/stage", e.g. "ndpr/separation"
	Basis         string  // what a tonne counts, e.g. "NdPr oxide"
	PriceUSDPerKg float64 // baseline price P0 of both markets, > 0
	Final         bool    // consumed by final demand
}

// Flow is a process coefficient: tonnes of Product per tonne of the process's reference
// unit.
type Flow struct {
	Product  string
	TPerUnit float64
}

// Process declares a process run in one country: a mine, a separation plant, a metal or
// magnet maker. Its capacity counts tonnes of a reference unit per month (for example t of
// REO fed to separation). A joint process has several outputs. Mass balance is explicit:
// per reference unit, sum(Inputs) + ExternalInputT = sum(Outputs) + LossT, within 1e-9.
type Process struct {
	ID      string // technology, e.g. "separation"; (ID, Country) is unique
	Country string
	// CapacityTPerMonth is the base capacity; CapacityByMonth, when not nil, gives it per
	// simulated month instead (len Header.Months). Projects add to it, outages scale it.
	CapacityTPerMonth float64
	CapacityByMonth   []float64
	Utilisation       float64 // normal share of capacity used, in (0, 1]
	Inputs            []Flow
	Outputs           []Flow // at least one
	// ExternalInputT is material entering from outside the model per reference unit (ore
	// in the ground, iron and boron in a magnet); LossT is material leaving it (tailings,
	// oxygen removed in reduction, scrap).
	ExternalInputT float64
	LossT          float64
}

// Demand is a region's final demand for a final product in a sector, t/month at the
// baseline price.
type Demand struct {
	Region    string
	Product   string
	Sector    string
	TPerMonth float64
}

// DemandGrowth compounds a declared Demand at RatePerYear (0.08 = 8 %/year) monthly over
// the window; demand keeps the level reached after the window ends.
type DemandGrowth struct {
	Region, Product, Sector string
	RatePerYear             float64 // > -1
	Window                  Window
}

// Substitution reduces a declared Demand by Reduction (a share) through thrifting or
// substitution, ramping in linearly over RampMonths from the window's start and lifted
// after the window's end.
type Substitution struct {
	Region, Product, Sector string
	Reduction               float64
	RampMonths              int
	Window                  Window
}

// Stock is an initial stock in tonnes. RivalShare is the share of it that passed through
// the rival (stock held in the rival always counts 1).
type Stock struct {
	Country    string
	Product    string
	T          float64
	RivalShare float64
}

// Stockpile is a strategic stockpile; (Holder, Product) is unique.
type Stockpile struct {
	Holder            string
	Product           string
	InitialT          float64
	InitialRivalShare float64
	Release           Release
	Purchases         []Purchase
}

// Release is a stockpile's release rule: when the holder's unmet need of the product
// exceeds ShortfallTrigger of its need, it releases up to MaxTPerMonth to cover the
// shortfall of Sectors (empty means every sector and the holder's processes). MaxTPerMonth
// 0 means the stockpile never releases.
type Release struct {
	ShortfallTrigger float64
	MaxTPerMonth     float64
	Sectors          []string
}

// Purchase buys TPerMonth into a stockpile during the window, in months when the holder's
// market price at the start of the month is at most MaxUSDPerKg (0: no limit).
type Purchase struct {
	Window      Window
	TPerMonth   float64
	MaxUSDPerKg float64
}

// ControlKind is how an export control restricts shipments.
type ControlKind int

// The kinds of export control, from the least to the most restrictive; when several
// controls cover a (product, exporter, destination) in a month, the most restrictive wins
// and among equals the first declared.
const (
	Quota ControlKind = iota + 1
	Licensing
	Ban
)

func (k ControlKind) String() string {
	switch k {
	case Quota:
		return "quota"
	case Licensing:
		return "licensing"
	case Ban:
		return "ban"
	}
	return "unknown"
}

// Control is an export control on one product of one exporter toward some destinations,
// in force during its effective Windows (the compiler removes suspended months, so a
// suspension with snap-back is two windows).
type Control struct {
	ID       string
	Product  string
	Exporter string
	// Destinations are the controlled importers; nil means every country but the exporter.
	Destinations []string
	Kind         ControlKind
	Windows      []Window // at least one, in any order; may overlap
	// QuotaTPerMonth (kind Quota) is the tonnage allowed to leave each month, shared by all
	// destinations and re-exporters of the control.
	QuotaTPerMonth float64
	// QuotaTPerYear (kind Quota), when positive instead of QuotaTPerMonth, is a calendar
	// year's tonnage: each month may ship what is left of it divided by the months left in
	// the year (even release, unused tonnage carried to later months of the year); a
	// control that starts in the year gets the year's remaining months' share of it.
	QuotaTPerYear float64
	// QuotaGroup, when not empty, makes the quota controls with the same group share one
	// quota (the group's controls must declare the same amount): each month's allowance is
	// split among them in proportion to their exporters' exports of their products in the
	// reference month (equally when those are all zero).
	QuotaGroup string
	// Announced, when after the start and before the first month in force, is when the
	// control became known: from then until it takes effect the destinations' users raise
	// their target stock of the product by Params.RushCoverMonths (the export rush).
	Announced Month
	Licensing LicensingRule // kind Licensing
	// Extraterritorial extends the control to exports from third countries whose stock of
	// the product carries at least ExtraterritorialMinShare rival content (as tracked at the
	// start of the month). Only the rival's controls may be extraterritorial.
	Extraterritorial         bool
	ExtraterritorialMinShare float64
}

// LicensingRule is how a licensing regime treats applications.
type LicensingRule struct {
	Approval        float64 // share of applied tonnage approved
	ApprovalChanges []ApprovalChange
	// DelayMonths is the processing time: approved tonnage ships DelayMonths after the
	// month of application.
	DelayMonths int
	// DelayShares, when set, spreads the decisions instead: DelayShares[j] of the approved
	// tonnage becomes shippable j months after the application (j <= DelayMonths; shares
	// sum to 1).
	DelayShares []float64
	// ValidityMonths is how many months, from the month it becomes shippable, an approved
	// licence may be used; 0 means as long as the control lasts.
	ValidityMonths int
	// MilitaryDenied denies the defense-sector share of every application.
	MilitaryDenied bool
}

// ApprovalChange sets the approval share from a month on; changes are in month order.
type ApprovalChange struct {
	From     Month
	Approval float64
}

// Tariff is an ad valorem import duty; rates on the same flow in the same month add up.
type Tariff struct {
	Importer, Exporter, Product string
	Rate                        float64 // 0.25 = 25 %
	Window                      Window
}

// Outage takes Fraction of a process's capacity in a country off line; simultaneous
// outages multiply their remaining shares.
type Outage struct {
	Process, Country string
	Fraction         float64
	Window           Window
}

// Project adds capacity of a process in a country. Capacity ramps linearly from Start over
// RampMonths to CapacityTPerMonth (reference unit); CapexMUSD is spread evenly over the
// ConstructionMonths before Start (months before the horizon are not counted). The
// compiler derives Start from announcement, permitting (shortened by emergency powers) and
// construction. A project in a country without the process copies the coefficients of its
// first declared instance.
type Project struct {
	Name               string
	Process, Country   string
	CapacityTPerMonth  float64
	Start              Month
	RampMonths         int
	CapexMUSD          float64
	ConstructionMonths int
	// Offtake, when Buyer is set, reserves Share of the project's output of its first
	// product for Buyer as an offtake from Country.
	Offtake ProjectOfftake
}

// ProjectOfftake reserves a share of a project's output for a buyer country.
type ProjectOfftake struct {
	Buyer string
	Share float64
}

// Offtake makes Seller serve Buyer's requests up to TPerMonth before its other exports;
// PremiumUSDPerKg, paid on the tonnage shipped under it, is a cost of the response.
type Offtake struct {
	Buyer, Seller, Product string
	TPerMonth              float64
	PremiumUSDPerKg        float64
	Window                 Window
}

// Recycling adds secondary supply to a country's producer stock, ramping linearly from the
// window's start over RampMonths to TPerMonth.
type Recycling struct {
	Country, Product string
	TPerMonth        float64
	RampMonths       int
	Window           Window
}

// PriceFloor guarantees covered producers USDPerKg: when their market price is below it,
// Payer pays (floor - price) x their production, and they produce as if the price were the
// floor.
type PriceFloor struct {
	Product   string
	Producers []string
	USDPerKg  float64
	Payer     string
	Window    Window
}

// Priority serves an importer's sector first when supply is short.
type Priority struct {
	Importer, Sector string
	Window           Window
}
