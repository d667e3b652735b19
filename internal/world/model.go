package world

import "fmt"

// Status says how a figure came to be.
type Status uint8

const (
	// Reported means the cited source states the value.
	Reported Status = iota + 1
	// Estimated means the value is an estimate; the figure's note says whose and how.
	Estimated
	// Derived means critmin computed the value from other figures; the note gives the working.
	Derived
)

var statusNames = map[Status]string{Reported: "reported", Estimated: "estimated", Derived: "derived"}

func (s Status) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// MarshalText implements encoding.TextMarshaler so JSON output names the status.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Stage is one step of a commodity's supply chain.
type Stage string

// The stage vocabulary, upstream to downstream.
const (
	Mine       Stage = "mine"       // extraction: ore or concentrate
	Refined    Stage = "refined"    // refinery, smelter or other primary processing
	Separation Stage = "separation" // rare-earth separated oxides
	Metal      Stage = "metal"      // rare-earth metal and alloy
	Magnet     Stage = "magnet"     // NdFeB and SmCo permanent magnets
	Anode      Stage = "anode"      // battery anode material
)

// Stages lists the known stages in chain order.
var Stages = []Stage{Mine, Refined, Separation, Metal, Magnet, Anode}

// IsProcessing reports whether the stage counts as "processing" in the EU CRM sense.
func (s Stage) IsProcessing() bool { return s != Mine }

// Measure is what a figure quantifies.
type Measure string

// The measures a figure may carry.
const (
	Production Measure = "production"
	Capacity   Measure = "capacity"
	Reserves   Measure = "reserves"
	Share      Measure = "share" // percent of world output of the stage
)

// Pseudo-countries used by the tables.
const (
	World         = "WLD" // world total
	OtherCountry  = "ROW" // the sources' "Other countries" row
	pseudoWorldNm = "World total"
	pseudoROWNm   = "Other countries"
)

// Origin is where a row was read: the file and the 1-based line.
type Origin struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

func (o Origin) String() string { return fmt.Sprintf("%s:%d", o.File, o.Line) }

// Source is a publication that figures cite.
type Source struct {
	ID        string `json:"id"`
	Publisher string `json:"publisher"`
	Title     string `json:"title"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Via       string `json:"via,omitempty"`
	Note      string `json:"note,omitempty"`
	Origin    Origin `json:"-"`
}

// Country is an ISO 3166-1 alpha-3 country with the spellings sources use for it.
type Country struct {
	ISO3    string   `json:"iso3"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Groups  []string `json:"groups,omitempty"`
	Origin  Origin   `json:"-"`
}

// Commodity is a mineral commodity (or a rare-earth element) with its stage chain.
type Commodity struct {
	ID     string  `json:"commodity"`
	Name   string  `json:"name"`
	Parent string  `json:"parent,omitempty"`
	Stages []Stage `json:"stages"`
	Note   string  `json:"note,omitempty"`
	Origin Origin  `json:"-"`
}

// HasStage reports whether s is in the commodity's chain.
func (c Commodity) HasStage(s Stage) bool {
	for _, x := range c.Stages {
		if x == s {
			return true
		}
	}
	return false
}

// Cite is the provenance every figure carries.
type Cite struct {
	Status Status `json:"status"`
	Source string `json:"source"`
	Note   string `json:"note,omitempty"`
	Origin Origin `json:"-"`
}

// Figure is one production, capacity, reserves or share value.
// Mass values keep the unit they were published in; Tonnes converts.
type Figure struct {
	Commodity string  `json:"commodity"`
	Stage     Stage   `json:"stage"`
	Measure   Measure `json:"measure"`
	Country   string  `json:"country"`
	Year      int     `json:"year"`
	Value     float64 `json:"value"`
	Unit      Unit    `json:"unit"`
	Basis     string  `json:"basis,omitempty"`
	Cite
}

// Tonnes is the figure's value in metric tonnes; it is only meaningful for mass units.
func (f Figure) Tonnes() float64 { return f.Value * f.Unit.tonnes() }

// TradeShare is one exporter's share of an importer's imports of a commodity.
type TradeShare struct {
	Importer  string  `json:"importer"`
	Commodity string  `json:"commodity"`
	Category  string  `json:"category"`
	Period    string  `json:"period"`
	Exporter  string  `json:"exporter"`
	SharePct  float64 `json:"share_pct"`
	Cite
}

// PrincipalForm marks an import category as the principal traded form of a commodity: the
// form on which the net import reliance is defined (USGS: refined copper, refined tin,
// antimony metal and oxide, all forms of arsenic), or, for an importer without such a
// category, the form a bilateral source covers. Rank orders the rows of one commodity: an
// importer's principal mix is the category with the lowest rank among those it has.
type PrincipalForm struct {
	Commodity string `json:"commodity"`
	Category  string `json:"category"`
	Rank      int    `json:"rank"`
	Cite
}

// Bound qualifies a published value such as ">95" or "E" (net exporter).
type Bound string

// The bounds a reliance value may carry.
const (
	Exact       Bound = "eq"
	AtLeast     Bound = "gt"
	AtMost      Bound = "lt"
	NetExporter Bound = "net_exporter"
)

// Reliance is an importer's net import reliance for a commodity in one year.
type Reliance struct {
	Importer  string  `json:"importer"`
	Commodity string  `json:"commodity"`
	Year      int     `json:"year"`
	ValuePct  float64 `json:"value_pct"`
	Bound     Bound   `json:"bound"`
	Basis     string  `json:"basis,omitempty"`
	Cite
}

// Price is a published price for a commodity product in a market and period.
type Price struct {
	Commodity string  `json:"commodity"`
	Product   string  `json:"product"`
	Market    string  `json:"market"`
	Period    string  `json:"period"`
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Cite
}

// Governance is a country's World Governance Indicator score for a year.
type Governance struct {
	Country string `json:"country"`
	Year    int    `json:"year"`
	// WGINormalised is the mean of the six WGI estimates rescaled to [0, 1], 1 = best.
	WGINormalised float64 `json:"wgi_normalised"`
	Cite
}

// EUCRMMaterial holds the EU CRM 2023 assessment's inputs for one material and its
// published results (Pub* fields; NaN where not published).
type EUCRMMaterial struct {
	Material        string  `json:"material"`
	Commodity       string  `json:"commodity,omitempty"`
	Stages          string  `json:"stages"`
	SourcingPrimary string  `json:"sourcing_primary,omitempty"`
	SourcingRefined string  `json:"sourcing_refined,omitempty"`
	SISR            float64 `json:"si_sr"`
	SIEI            float64 `json:"si_ei"`
	IRPrimaryPct    float64 `json:"ir_primary_pct"`
	IRRefinedPct    float64 `json:"ir_refined_pct"`
	EoLRIRPct       float64 `json:"eol_rir_pct"`
	PubSupplyRisk   float64 `json:"-"`
	PubEconImport   float64 `json:"-"`
	PubUsedStage    string  `json:"pub_used_stage,omitempty"`
	PubSRPrimary    float64 `json:"-"`
	PubSRRefined    float64 `json:"-"`
	Cite
}

// EUTradeParameter is the EU CRM trade parameter t for exports of a material from a country.
type EUTradeParameter struct {
	Material string  `json:"material"`
	Country  string  `json:"country"`
	Stage    string  `json:"stage"` // primary or refined
	Scope    string  `json:"scope"` // world or eu
	T        float64 `json:"t"`
	Source   string  `json:"source"`
	Origin   Origin  `json:"-"`
}

// ElementShare is one element's (or group's) share of total REO in a deposit.
type ElementShare struct {
	Deposit  string  `json:"deposit"`
	Country  string  `json:"country"`
	OreType  string  `json:"ore_type"`
	Element  string  `json:"element"`
	SharePct float64 `json:"share_pct"`
	Bound    Bound   `json:"bound"`
	Cite
}
