package risk

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// EU CRM stage names, as the EU assessment spells them.
const (
	Extraction = "Extraction"
	Processing = "Processing"
)

// EU sourcing modes of eu_crm.csv: whether the EU blended the global supply (GS) with its
// own sourcing mix (EU) when computing a stage's supply risk.
const (
	SourcingGSandEU = "GS+EU"
	SourcingGSOnly  = "GSonly"
	SourcingEUOnly  = "EUonly"
)

// euNoteEINotComputed is attached to every result: economic importance needs the EU's
// sector value-added allocation, which critmin does not hold.
const euNoteEINotComputed = "economic importance is not computed (critmin has no EU sector value-added inputs); economic_importance_published is the EU's figure"

// EUCRMResult is the EU CRM supply risk of one material of the EU assessment, computed
// from critmin's figures with the EC 2017 formula, next to the EU's published results.
// It is EU-perspective by definition: the trade parameters and sourcing modes are the
// EU's.
type EUCRMResult struct {
	// Commodity is the EU material name, lower-case ("dysprosium", "natural graphite").
	Commodity string `json:"commodity"`
	// Material is the EU table's name for the material as loaded from eu_crm.csv.
	Material string `json:"material"`
	// CritminCommodity is the critmin commodity whose figures feed the lens; empty if none.
	CritminCommodity string `json:"critmin_commodity,omitempty"`
	// SupplyRisk is the SR at the bottleneck stage; nil when no assessed stage can be computed.
	SupplyRisk *float64 `json:"supply_risk"`
	// BottleneckStage is the stage (Extraction or Processing) with the higher SR, the one
	// the EU reports.
	BottleneckStage string `json:"bottleneck_stage,omitempty"`
	// EUSourcingMissing, Proxy and WGIFallbackCountries describe the bottleneck stage; the
	// Stages entries carry them per stage.
	EUSourcingMissing    bool   `json:"eu_sourcing_missing"`
	Proxy                string `json:"proxy,omitempty"`
	WGIFallbackCountries int    `json:"wgi_fallback_countries"`
	// Stages holds one entry per stage the EU assessed (E, P or both), computed or not.
	Stages []EUCRMStage `json:"stages"`

	PublishedSR                 *float64 `json:"published_supply_risk"`
	PublishedStage              string   `json:"published_stage,omitempty"`
	PublishedSRPrimary          *float64 `json:"published_sr_primary"`
	PublishedSRRefined          *float64 `json:"published_sr_refined"`
	EconomicImportancePublished *float64 `json:"economic_importance_published"`

	Notes []string `json:"notes,omitempty"`
}

// EUCRMStage is the supply risk of one EU stage of a material.
type EUCRMStage struct {
	Stage string `json:"stage"` // Extraction or Processing
	// CritminStage is the critmin stage whose share table was used (mine, refined, separation).
	CritminStage world.Stage `json:"critmin_stage,omitempty"`
	// ShareCommodity is the commodity whose share table was used: the material's own, or
	// its parent when Proxy is set.
	ShareCommodity string `json:"share_commodity,omitempty"`
	Proxy          string `json:"proxy,omitempty"`
	Year           int    `json:"year,omitempty"`
	// HHIWGIt is the governance- and trade-weighted HHI of global supply, on 0..10.
	HHIWGIt float64 `json:"hhi_wgi_t"`
	// Unattributed is the fraction of world output the share table does not attribute to a
	// named country; it counts as fragmented and adds nothing to HHIWGIt.
	Unattributed float64 `json:"unattributed_share"`
	// Years are the years of the global-supply shares: one year, or the years of the
	// EU's 2016-2020 window averaged when EUPeriod is set.
	Years    []int `json:"years,omitempty"`
	EUPeriod bool  `json:"eu_period"`
	// IR is the EU import reliance as a fraction; under GS+EU it weighs the global-supply
	// term by IR/2 and the EU sourcing term by 1 - IR/2.
	IR *float64 `json:"ir"`
	// EoL is the end-of-life recycling input rate as a fraction; EoL and SISR are nil
	// where the EU published none.
	EoL  *float64 `json:"eol_rir"`
	SISR *float64 `json:"si_sr"`
	// HHIWGItEU is the HHI_WGI,t of the EU sourcing mix (EU27 extra-EU imports of
	// EUSourcingCategory in EUSourcingPeriod, EU-scope trade parameters); nil when the
	// term is not used.
	HHIWGItEU              *float64 `json:"hhi_wgi_t_eu,omitempty"`
	EUSourcingCategory     string   `json:"eu_sourcing_category,omitempty"`
	EUSourcingPeriod       string   `json:"eu_sourcing_period,omitempty"`
	EUSourcingUnattributed float64  `json:"eu_sourcing_unattributed,omitempty"`
	EUSourcingWGIFallback  []string `json:"eu_sourcing_wgi_fallback,omitempty"`
	// SupplyRisk is [HHIWGIt x IR/2 + HHIWGItEU x (1 - IR/2)] x (1 - EoL) x SISR under
	// GS+EU, with HHIWGItEU alone under EUonly and HHIWGIt alone under GSonly or when
	// the EU sourcing term is missing; nil when the stage cannot be computed.
	SupplyRisk *float64 `json:"supply_risk"`
	// EUSourcing is the EU's sourcing mode for the stage; SourcingUsed is critmin's: the
	// same, or GSonly when the EU sourcing term is missing (EUSourcingNote says why).
	EUSourcing        string `json:"eu_sourcing"`
	SourcingUsed      string `json:"sourcing_used,omitempty"`
	EUSourcingMissing bool   `json:"eu_sourcing_missing"`
	EUSourcingNote    string `json:"eu_sourcing_note,omitempty"`
	// WGIFallback lists the producers without a governance score, which were given
	// WGIFallbackScaled (the median of the scored producers) instead.
	WGIFallback       []string `json:"wgi_fallback,omitempty"`
	WGIFallbackScaled float64  `json:"wgi_fallback_scaled,omitempty"`
	// Missing says why SupplyRisk is nil.
	Missing string `json:"missing,omitempty"`
}

// EUCRM computes the EU CRM supply risk of every material in ds.EUCRM, one result per
// material sorted by commodity name. year selects the figures' year; 0 takes each
// stage's default year (see world.Dataset.DefaultYear).
//
// SR = [HHI_WGI,t(GS) x IR/2 + HHI_WGI,t(EU) x (1 - IR/2)] x (1 - EoL_RIR) x SI_SR for
// each assessed stage, and the material's SR is the higher stage's. The EU sourcing
// term comes from the EU27's extra-EU import mix of the stage's form; where there is
// none the global-supply term stands alone and the stage is flagged. With year 0 the
// global supply takes the EU's 2016-2020 window where the dataset has shares in it.
// The method and its departures are in docs/lenses-eucrm.md.
func EUCRM(ds *world.Dataset, year int) []EUCRMResult {
	return euCRM(ds, year, euFull)
}

func euCRM(ds *world.Dataset, year int, opts euOptions) []EUCRMResult {
	out := make([]EUCRMResult, 0, len(ds.EUCRM))
	for _, m := range ds.EUCRM {
		out = append(out, euCRMMaterial(ds, m, year, opts))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Commodity < out[j].Commodity })
	return out
}

func euCRMMaterial(ds *world.Dataset, m world.EUCRMMaterial, year int, opts euOptions) EUCRMResult {
	r := EUCRMResult{
		Commodity:                   m.Material,
		Material:                    m.Material,
		CritminCommodity:            m.Commodity,
		PublishedSR:                 euOptional(m.PubSupplyRisk),
		PublishedStage:              m.PubUsedStage,
		PublishedSRPrimary:          euOptional(m.PubSRPrimary),
		PublishedSRRefined:          euOptional(m.PubSRRefined),
		EconomicImportancePublished: euOptional(m.PubEconImport),
		Stages:                      []EUCRMStage{},
		Notes:                       []string{euNoteEINotComputed},
	}
	c, ok := ds.Commodity(m.Commodity)
	switch {
	case m.Commodity == "":
		r.Notes = append(r.Notes, "not computable: no critmin commodity feeds this material")
		return r
	case !ok:
		r.Notes = append(r.Notes, fmt.Sprintf("not computable: critmin commodity %q is not in the dataset", m.Commodity))
		return r
	}
	for _, name := range euAssessedStages(m.Stages) {
		r.Stages = append(r.Stages, euCRMStage(ds, m, c, name, year, opts))
	}
	best := -1
	for i, s := range r.Stages {
		if s.SupplyRisk != nil && (best < 0 || *s.SupplyRisk > *r.Stages[best].SupplyRisk) {
			best = i
		}
	}
	if best < 0 {
		r.Notes = append(r.Notes, "not computable: no assessed stage has the figures and EU inputs the formula needs")
		return r
	}
	b := r.Stages[best]
	sr := *b.SupplyRisk
	r.SupplyRisk, r.BottleneckStage = &sr, b.Stage
	r.EUSourcingMissing, r.Proxy, r.WGIFallbackCountries = b.EUSourcingMissing, b.Proxy, len(b.WGIFallback)
	if b.EUSourcingMissing {
		r.Notes = append(r.Notes, fmt.Sprintf("the EU computed %s with sourcing %s; critmin uses the global-supply term alone: %s", b.Stage, euDescribeSourcing(b.EUSourcing), b.EUSourcingNote))
	}
	if b.HHIWGItEU != nil {
		r.Notes = append(r.Notes, fmt.Sprintf("EU sourcing term from EU27 extra-EU imports of %s (%s), shares of gross tonnes; domestic EU production is not in the mix", b.EUSourcingCategory, b.EUSourcingPeriod))
	}
	if b.EUPeriod {
		r.Notes = append(r.Notes, fmt.Sprintf("global supply from %s %s shares (%s), inside the EU's %s window", b.ShareCommodity, b.CritminStage, euYearsWords(b.Years), euDataPeriod))
	}
	if b.Proxy != "" {
		r.Notes = append(r.Notes, fmt.Sprintf("%s has no element-level %s figures; %s shares stand in", m.Commodity, b.CritminStage, b.Proxy))
	}
	if len(b.WGIFallback) > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("WGI fallback: %s had no WGI score and took the median of the scored producers (%.2f on the EU scale)", strings.Join(b.WGIFallback, ", "), b.WGIFallbackScaled))
	}
	return r
}

// euAssessedStages maps eu_crm.csv's stages field to the EU stage names.
func euAssessedStages(s string) []string {
	switch s {
	case "E":
		return []string{Extraction}
	case "P":
		return []string{Processing}
	case "E+P":
		return []string{Extraction, Processing}
	}
	return nil
}

func euDescribeSourcing(mode string) string {
	if mode == "" {
		return "not recorded"
	}
	return mode
}

// euOptional turns the dataset's NaN-for-empty convention into a JSON null.
func euOptional(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}
