package api

import (
	"net/http"
	"slices"

	"github.com/critmin/critmin/internal/profile"
)

// The bodies are the profiles "critmin world --json" and "critmin world show COMMODITY
// --sources --json" print; cmd/critmin's tests check that they stay the same.

func (s *Server) listCommodities(w http.ResponseWriter, r *http.Request) error {
	return s.serveCached(w, r, func() (any, error) { return profile.Coverages(s.ds), nil })
}

func (s *Server) getCommodity(w http.ResponseWriter, r *http.Request) error {
	return s.serveCached(w, r, func() (any, error) {
		id := r.PathValue("id")
		c, ok := s.ds.Commodity(id)
		if !ok {
			return nil, notFound("unknown commodity %q (GET %s/commodities lists them)", id, Prefix)
		}
		year, err := yearParam(r)
		if err != nil {
			return nil, err
		}
		if years := s.ds.DataYears("", id); year != 0 && !slices.Contains(years, year) {
			return nil, badParam("year", "%s has no figures for %d; years with figures: %s", id, year, intList(years))
		}
		return profile.Of(s.ds, c, year), nil
	})
}

// serveCached serves a response that depends only on the world data and the request's
// path and query, computing it on the first request.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, compute func() (any, error)) error {
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	c, ok := s.cache.get(key)
	if !ok {
		var err error
		if c, err = s.cache.fill(key, compute); err != nil {
			return err
		}
	}
	c.serve(w, r, datasetMaxAge)
	return nil
}
