package risk

import (
	"errors"
	"fmt"

	"github.com/critmin/critmin/internal/world"
)

// Lenses names the lenses Compute knows, the overview first.
var Lenses = []string{"overview", "concentration", "reliance", "eu-crm", "usgs", "geopolrisk", "chained"}

// ErrUnknownLens is returned by Compute for a lens name not in Lenses.
var ErrUnknownLens = errors.New("unknown lens")

// Query selects what a lens covers: the importer's perspective, the supplier country whose
// shares are reported, the commodities (all when empty) and the data year (0: each
// stage's default year).
type Query struct {
	Importer    string
	Country     string
	Commodities []string
	Year        int
}

func (q Query) commodities(ds *world.Dataset) []string {
	if len(q.Commodities) > 0 {
		return q.Commodities
	}
	ids := make([]string, len(ds.Commodities))
	for i, c := range ds.Commodities {
		ids[i] = c.ID
	}
	return ids
}

// Compute runs one lens by name and returns its rows, the slices 'critmin risk --json'
// prints: []CommodityRisk, []StageConcentration, []RelianceResult, []EUCRMResult,
// []USGSRisk, []GeoPolRiskResult or []ChainedResult. The EU CRM lens covers every EU
// material whatever the query's commodities, as it is EU-perspective by definition.
func Compute(ds *world.Dataset, lens string, q Query) (any, error) {
	switch lens {
	case "overview":
		return OverviewRows(ds, q), nil
	case "concentration":
		return ConcentrationRows(ds, q), nil
	case "reliance":
		return RelianceRows(ds, q), nil
	case "eu-crm":
		return EUCRM(ds, q.Year), nil
	case "usgs":
		return USGSRows(ds, q), nil
	case "geopolrisk":
		return GeoPolRiskRows(ds, q), nil
	case "chained":
		return ChainedRows(ds, q), nil
	}
	return nil, fmt.Errorf("%w %q", ErrUnknownLens, lens)
}

// rows applies one per-commodity lens to every commodity of q.
func rows[T any](ds *world.Dataset, q Query, one func(commodity string) T) []T {
	ids := q.commodities(ds)
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		out = append(out, one(id))
	}
	return out
}

// OverviewRows is the overview lens of q's commodities.
func OverviewRows(ds *world.Dataset, q Query) []CommodityRisk {
	country := q.Country
	if country == "" {
		country = DefaultCountry
	}
	return rows(ds, q, func(c string) CommodityRisk { return CommodityOverviewOf(ds, q.Importer, c, country, q.Year) })
}

// ConcentrationRows is the concentration of every stage of q's commodities, reporting
// q.Country's share.
func ConcentrationRows(ds *world.Dataset, q Query) []StageConcentration {
	var out []StageConcentration
	for _, stages := range rows(ds, q, func(c string) []StageConcentration { return ConcentrationOf(ds, c, q.Year, q.Country) }) {
		out = append(out, stages...)
	}
	return out
}

// RelianceRows is the net import reliance and source mix of q.Importer.
func RelianceRows(ds *world.Dataset, q Query) []RelianceResult {
	return rows(ds, q, func(c string) RelianceResult { return ImportReliance(ds, q.Importer, c, q.Year) })
}

// USGSRows is the USGS-style supply risk for q.Importer.
func USGSRows(ds *world.Dataset, q Query) []USGSRisk {
	return rows(ds, q, func(c string) USGSRisk { return USGSSupplyRisk(ds, q.Importer, c, USGSOptions{Year: q.Year}) })
}

// GeoPolRiskRows is the GeoPolRisk score for q.Importer.
func GeoPolRiskRows(ds *world.Dataset, q Query) []GeoPolRiskResult {
	return rows(ds, q, func(c string) GeoPolRiskResult { return GeoPolRisk(ds, q.Importer, c, GeoPolRiskOptions{Year: q.Year}) })
}

// ChainedRows is the chained exposure of q.Importer to q.Country.
func ChainedRows(ds *world.Dataset, q Query) []ChainedResult {
	return rows(ds, q, func(c string) ChainedResult { return ChainedExposure(ds, q.Importer, c, q.Country, q.Year) })
}
