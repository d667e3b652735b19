package risk

import (
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// StageHeadline is the concentration headline of one stage: what `critmin risk` prints per
// stage. Available false means the stage has no data and the numbers are zero.
type StageHeadline struct {
	Stage       world.Stage   `json:"stage"`
	Available   bool          `json:"available"`
	Year        int           `json:"year,omitempty"`
	From        world.Measure `json:"from,omitempty"`
	HHIPoints   float64       `json:"hhi_points"`
	Top1Country string        `json:"top1_country,omitempty"`
	Top1Share   float64       `json:"top1_share"`
	Top3Share   float64       `json:"top3_share"`
	ChinaShare  float64       `json:"china_share"`
	// CountryUnlisted: the supplier is not named at the stage while some output is
	// unattributed, so its share is unknown between 0 and Other, not ChinaShare's 0.
	CountryUnlisted bool    `json:"country_unlisted,omitempty"`
	Other           float64 `json:"other,omitempty"`
}

// TopSource is the largest named exporter in an importer's source mix of the principal
// traded form.
type TopSource struct {
	Category string  `json:"category"`
	Period   string  `json:"period"`
	Exporter string  `json:"exporter"`
	SharePct float64 `json:"share_pct"`
	// Source is the source id of the share (sources.csv): a USGS Mineral Commodity
	// Summaries category ("usgs-mcs2026") or a customs or trade-data form (BACI, Eurostat,
	// Japanese customs), whose shares of different forms differ between importers.
	Source string `json:"source,omitempty"`
}

// USGSCategory reports whether the share is of the USGS Mineral Commodity Summaries'
// import category for the commodity, as for the USA; otherwise Category names another
// form (a customs or trade-data heading) that tables must name beside the share.
func (t TopSource) USGSCategory() bool { return strings.HasPrefix(t.Source, "usgs-") }

// CommodityRisk is the headline of every lens for one commodity and one importer. Pointer
// fields are nil when the lens is not computable; the lens results in Details say why.
type CommodityRisk struct {
	Commodity string `json:"commodity"`
	Name      string `json:"name"`
	// Country is the supplier country the china_* fields measure: China (DefaultCountry)
	// unless the query names another; the field names keep the default's.
	Country   string          `json:"country"`
	Stages    []StageHeadline `json:"stages"`
	NIR       *NIR            `json:"nir"`
	TopSource *TopSource      `json:"top_source"`
	// GeoPolRisk is the importer-perspective GeoPolRisk score (0..1).
	GeoPolRisk *float64 `json:"geopolrisk"`
	// USGSRiskWithoutEV is the USGS-style DP x TE; economic vulnerability is not available.
	USGSRiskWithoutEV *float64 `json:"usgs_dp_x_te"`
	// ChinaChained is the share of the importer's final-stage supply that passes through
	// China at any stage (the world figure when the importer's cannot be computed).
	ChinaChained *float64 `json:"china_chained_exposure"`
	// ChinaChainedScope is "importer" or "world": whose supply ChinaChained describes.
	ChinaChainedScope string `json:"china_chained_scope,omitempty"`
	// ChinaChainedLowerBound is true when ChinaChained is a lower bound: a stage of the
	// chain has no data (Details.Chained.MissingStages names the stages), the supplier is
	// unnamed where output is unattributed, or the importer's NIR is given as ">X".
	ChinaChainedLowerBound bool `json:"china_chained_lower_bound,omitempty"`
	// ChinaChainedUpperBound is true when ChinaChained is the importer's and may be lower
	// (ChainedResult.UpperBound: no NIR, so all supply taken as imported, or an NIR "<X").
	ChinaChainedUpperBound bool        `json:"china_chained_upper_bound,omitempty"`
	Details                RiskDetails `json:"details"`
}

// RiskDetails holds the full result of each lens behind a CommodityRisk headline.
type RiskDetails struct {
	Concentration []StageConcentration `json:"concentration"`
	Reliance      RelianceResult       `json:"reliance"`
	GeoPolRisk    GeoPolRiskResult     `json:"geopolrisk"`
	USGS          USGSRisk             `json:"usgs"`
	Chained       ChainedResult        `json:"chained"`
}

// Overview gathers the headline of each lens for every commodity of the dataset, from the
// perspective of importer, ordered by commodity slug. year 0 means the latest data of each
// lens. It is what `critmin risk` prints by default.
func Overview(ds *world.Dataset, importer string, year int) []CommodityRisk {
	out := make([]CommodityRisk, 0, len(ds.Commodities))
	for _, c := range ds.Commodities {
		out = append(out, CommodityOverview(ds, importer, c.ID, year))
	}
	return out
}

// CommodityOverview is Overview for one commodity.
func CommodityOverview(ds *world.Dataset, importer, commodity string, year int) CommodityRisk {
	return CommodityOverviewOf(ds, importer, commodity, DefaultCountry, year)
}

// CommodityOverviewOf is CommodityOverview with the shares and the chained exposure of
// country instead of China's: any supplier, not only the default one.
func CommodityOverviewOf(ds *world.Dataset, importer, commodity, country string, year int) CommodityRisk {
	c, _ := ds.Commodity(commodity)
	r := CommodityRisk{Commodity: commodity, Name: c.Name, Country: country}
	r.Details = RiskDetails{
		Concentration: ConcentrationOf(ds, commodity, year, country),
		Reliance:      ImportReliance(ds, importer, commodity, year),
		GeoPolRisk:    GeoPolRisk(ds, importer, commodity, GeoPolRiskOptions{Year: year}),
		USGS:          USGSSupplyRisk(ds, importer, commodity, USGSOptions{Year: year}),
		Chained:       ChainedExposure(ds, importer, commodity, country, year),
	}
	r.Stages = make([]StageHeadline, 0, len(r.Details.Concentration))
	for _, s := range r.Details.Concentration {
		r.Stages = append(r.Stages, StageHeadline{Stage: s.Stage, Available: s.Available, Year: s.Year, From: s.From,
			HHIPoints: s.HHIPoints, Top1Country: s.Top1Country, Top1Share: s.Top1Share, Top3Share: s.Top3Share,
			ChinaShare: s.CountryShare, CountryUnlisted: s.CountryUnlisted, Other: s.Other})
	}
	r.NIR = r.Details.Reliance.NIR
	for _, m := range r.Details.Reliance.Mixes {
		if !m.Principal {
			continue
		}
		for _, top := range m.Sources {
			if top.Exporter == world.OtherCountry {
				continue // "other countries" is not a source one can name
			}
			r.TopSource = &TopSource{Category: m.Category, Period: m.Period, Exporter: top.Exporter, SharePct: top.SharePct, Source: top.Source}
			break
		}
	}
	r.GeoPolRisk = r.Details.GeoPolRisk.Score
	r.USGSRiskWithoutEV = r.Details.USGS.RiskWithoutEV
	switch ch := r.Details.Chained; {
	case ch.ImporterExposure != nil:
		r.ChinaChained, r.ChinaChainedScope = ch.ImporterExposure, "importer"
	case ch.WorldExposure != nil:
		r.ChinaChained, r.ChinaChainedScope = ch.WorldExposure, "world"
	}
	r.ChinaChainedLowerBound = r.ChinaChained != nil && r.Details.Chained.LowerBound
	r.ChinaChainedUpperBound = r.ChinaChainedScope == "importer" && r.Details.Chained.UpperBound
	return r
}
