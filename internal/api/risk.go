package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/world"
)

// lenses are the values of GET /risk?lens=, as 'critmin risk --lens' takes them.
func lenses() []string {
	return []string{"overview", "concentration", "reliance", "eu-crm", "usgs", "geopolrisk", "chained"}
}

// riskQuery is a checked GET /risk request, with countries resolved to ISO3 codes.
type riskQuery struct {
	lens, importer, country string
	commodities             []world.Commodity
	year                    int
}

// getRisk gives the JSON of 'critmin risk --json' for the same options.
func (s *Server) getRisk(w http.ResponseWriter, r *http.Request) error {
	return s.serveCached(w, r, func() (any, error) {
		q, err := s.riskQuery(r)
		if err != nil {
			return nil, err
		}
		return lensValue(s.ds, q), nil
	})
}

func (s *Server) riskQuery(r *http.Request) (riskQuery, error) {
	v := r.URL.Query()
	get := func(name, def string) string {
		if x := v.Get(name); x != "" {
			return x
		}
		return def
	}
	q := riskQuery{lens: get("lens", "overview"), commodities: s.ds.Commodities}
	if !slices.Contains(lenses(), q.lens) {
		return q, badParam("lens", "unknown lens %q (want %s)", q.lens, strings.Join(lenses(), ", "))
	}
	var ok bool
	if q.importer, ok = s.ds.ResolveCountry(get("importer", "USA")); !ok {
		return q, badParam("importer", "unknown country %q", get("importer", "USA"))
	}
	if q.country, ok = s.ds.ResolveCountry(get("country", risk.DefaultCountry)); !ok {
		return q, badParam("country", "unknown country %q", get("country", risk.DefaultCountry))
	}
	if id := v.Get("commodity"); id != "" {
		c, ok := s.ds.Commodity(id)
		if !ok {
			return q, badParam("commodity", "unknown commodity %q (GET %s/commodities lists them)", id, Prefix)
		}
		q.commodities = []world.Commodity{c}
	}
	year, err := yearParam(r)
	q.year = year
	return q, err
}

// yearParam reads the optional data year; 0 means each stage's latest year.
func yearParam(r *http.Request) (int, error) {
	year, err := intParam(r, "year", 0)
	if err == nil && year != 0 && (year < 1900 || year > 2200) {
		err = badParam("year", "must be a year between 1900 and 2200, got %d", year)
	}
	return year, err
}

// lensValue computes one lens; the slices are those 'critmin risk --json' prints.
func lensValue(ds *world.Dataset, q riskQuery) any {
	cs := q.commodities
	switch q.lens {
	case "concentration":
		var rows []risk.StageConcentration
		for _, c := range cs {
			rows = append(rows, risk.ConcentrationOf(ds, c.ID, q.year, q.country)...)
		}
		return rows
	case "reliance":
		rows := make([]risk.RelianceResult, 0, len(cs))
		for _, c := range cs {
			rows = append(rows, risk.ImportReliance(ds, q.importer, c.ID, q.year))
		}
		return rows
	case "eu-crm":
		return risk.EUCRM(ds, q.year)
	case "usgs":
		rows := make([]risk.USGSRisk, 0, len(cs))
		for _, c := range cs {
			rows = append(rows, risk.USGSSupplyRisk(ds, q.importer, c.ID, risk.USGSOptions{Year: q.year}))
		}
		return rows
	case "geopolrisk":
		rows := make([]risk.GeoPolRiskResult, 0, len(cs))
		for _, c := range cs {
			rows = append(rows, risk.GeoPolRisk(ds, q.importer, c.ID, risk.GeoPolRiskOptions{Year: q.year}))
		}
		return rows
	case "chained":
		rows := make([]risk.ChainedResult, 0, len(cs))
		for _, c := range cs {
			rows = append(rows, risk.ChainedExposure(ds, q.importer, c.ID, q.country, q.year))
		}
		return rows
	}
	rows := make([]risk.CommodityRisk, 0, len(cs))
	for _, c := range cs {
		rows = append(rows, risk.CommodityOverview(ds, q.importer, c.ID, q.year))
	}
	return rows
}
