package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/critmin/critmin/internal/risk"
)

// riskQuery is a checked GET /risk request, with countries resolved to ISO3 codes.
type riskQuery struct {
	lens string
	risk.Query
}

// getRisk gives the JSON of 'critmin risk --json' for the same options.
func (s *Server) getRisk(w http.ResponseWriter, r *http.Request) error {
	return s.serveCached(w, r, func() (any, error) {
		q, err := s.riskQuery(r)
		if err != nil {
			return nil, err
		}
		return risk.Compute(s.ds, q.lens, q.Query)
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
	q := riskQuery{lens: get("lens", "overview")}
	if !slices.Contains(risk.Lenses, q.lens) {
		return q, badParam("lens", "unknown lens %q (want %s)", q.lens, strings.Join(risk.Lenses, ", "))
	}
	var ok bool
	if q.Importer, ok = s.ds.ResolveImporter(get("importer", "USA")); !ok || !slices.Contains(s.ds.Importers(), q.Importer) {
		return q, badParam("importer", "no import data for %q; importers with data: %s (EU = EU27, imports from outside the EU)",
			get("importer", "USA"), strings.Join(s.ds.Importers(), ", "))
	}
	if q.Country, ok = s.ds.ResolveCountry(get("country", risk.DefaultCountry)); !ok {
		return q, badParam("country", "unknown country %q", get("country", risk.DefaultCountry))
	}
	if id := v.Get("commodity"); id != "" {
		if _, ok := s.ds.Commodity(id); !ok {
			return q, badParam("commodity", "unknown commodity %q (GET %s/commodities lists them)", id, Prefix)
		}
		q.Commodities = []string{id}
	}
	year, err := yearParam(r)
	q.Year = year
	if err == nil && year != 0 && q.lens != "eu-crm" {
		ids := q.Commodities
		if len(ids) == 0 {
			for _, c := range s.ds.Commodities {
				ids = append(ids, c.ID)
			}
		}
		if years := s.ds.DataYears(q.Importer, ids...); !slices.Contains(years, year) {
			err = badParam("year", "no figures or net import reliance for %d; years with data: %s", year, intList(years))
		}
	}
	return q, err
}

// intList prints years newest first.
func intList(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, ", ")
}

// yearParam reads the optional data year; 0 means each stage's latest year.
func yearParam(r *http.Request) (int, error) {
	year, err := intParam(r, "year", 0)
	if err == nil && year != 0 && (year < 1900 || year > 2200) {
		err = badParam("year", "must be a year between 1900 and 2200, got %d", year)
	}
	return year, err
}
