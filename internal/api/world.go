package api

import (
	"maps"
	"net/http"
	"slices"
	"sort"

	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/world"
)

// The views below give the same JSON as 'critmin world --json' and 'critmin world show
// COMMODITY --sources --json'; cmd/critmin's tests check that they stay the same.

// commodityCoverage is one commodity of GET /commodities.
type commodityCoverage struct {
	Commodity   string   `json:"commodity"`
	Name        string   `json:"name"`
	Parent      string   `json:"parent,omitempty"`
	Stages      []string `json:"stages"`
	StagesData  []string `json:"stages_with_data"`
	FirstYear   int      `json:"first_year,omitempty"`
	LatestYear  int      `json:"latest_year,omitempty"`
	Figures     int      `json:"figures"`
	Prices      int      `json:"prices"`
	Sources     []string `json:"sources"`
	ImportersNI []string `json:"importers_with_reliance,omitempty"`
}

// stageView is one stage of GET /commodities/{id}.
type stageView struct {
	Stage      world.Stage      `json:"stage"`
	HasData    bool             `json:"has_data"`
	Shares     world.ShareTable `json:"shares"`
	HHIPoints  float64          `json:"hhi_points"`
	Top1       string           `json:"top1_country,omitempty"`
	Top1Share  float64          `json:"top1_share"`
	Top3Share  float64          `json:"top3_share"`
	OtherYears []int            `json:"other_years,omitempty"`
}

// commodityView is the body of GET /commodities/{id}.
type commodityView struct {
	Commodity world.Commodity      `json:"commodity"`
	Stages    []stageView          `json:"stages"`
	Reserves  []world.Figure       `json:"reserves"`
	Capacity  []world.Figure       `json:"capacity"`
	Prices    []world.Price        `json:"prices"`
	Elements  []world.Commodity    `json:"elements,omitempty"`
	Sources   []world.Source       `json:"sources,omitempty"`
	Deposits  []world.ElementShare `json:"element_distribution,omitempty"`
}

func (s *Server) listCommodities(w http.ResponseWriter, r *http.Request) error {
	return s.serveCached(w, r, func() (any, error) { return coverage(s.ds), nil })
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
		return buildCommodityView(s.ds, c, year), nil
	})
}

// serveCached serves a response that depends only on the world data and the request's
// path and query, computing it on the first request.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, compute func() (any, error)) error {
	key := r.URL.Path + "?" + r.URL.RawQuery
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

func coverage(ds *world.Dataset) []commodityCoverage {
	byID := map[string]*commodityCoverage{}
	out := make([]commodityCoverage, len(ds.Commodities))
	sources := map[string]map[string]bool{}
	for i, c := range ds.Commodities {
		out[i] = commodityCoverage{Commodity: c.ID, Name: c.Name, Parent: c.Parent, Stages: stageStrings(c.Stages), StagesData: []string{}}
		byID[c.ID] = &out[i]
		sources[c.ID] = map[string]bool{}
	}
	withData := map[string]map[world.Stage]bool{}
	for _, f := range ds.Figures {
		cv := byID[f.Commodity]
		cv.Figures++
		sources[f.Commodity][f.Source] = true
		if cv.FirstYear == 0 || f.Year < cv.FirstYear {
			cv.FirstYear = f.Year
		}
		cv.LatestYear = max(cv.LatestYear, f.Year)
		if withData[f.Commodity] == nil {
			withData[f.Commodity] = map[world.Stage]bool{}
		}
		withData[f.Commodity][f.Stage] = true
	}
	for _, p := range ds.Prices {
		byID[p.Commodity].Prices++
		sources[p.Commodity][p.Source] = true
	}
	for _, r := range ds.Reliance {
		cv := byID[r.Commodity]
		if !slices.Contains(cv.ImportersNI, r.Importer) {
			cv.ImportersNI = append(cv.ImportersNI, r.Importer)
		}
		sources[r.Commodity][r.Source] = true
	}
	for i, c := range ds.Commodities {
		for _, s := range c.Stages {
			if withData[c.ID][s] {
				out[i].StagesData = append(out[i].StagesData, string(s))
			}
		}
		out[i].Sources = sortedKeys(sources[c.ID])
		sort.Strings(out[i].ImportersNI)
	}
	return out
}

func buildCommodityView(ds *world.Dataset, c world.Commodity, year int) commodityView {
	v := commodityView{Commodity: c, Prices: ds.PricesOf(c.ID), Elements: ds.Children(c.ID),
		Reserves: []world.Figure{}, Capacity: []world.Figure{}}
	for _, e := range v.Elements {
		v.Prices = append(v.Prices, ds.PricesOf(e.ID)...)
	}
	used := map[string]bool{}
	for _, s := range c.Stages {
		sv := stageView{Stage: s}
		if t, ok := ds.Shares(c.ID, s, year); ok {
			sv.HasData, sv.Shares = true, t
			sv.HHIPoints = risk.HHIPoints(t)
			sv.Top1Share, sv.Top3Share = t.Top(1), t.Top(3)
			if len(t.Entries) > 0 {
				sv.Top1 = t.Entries[0].Country
			}
			for _, e := range t.Entries {
				used[e.Source] = true
			}
			if t.WorldCite.Source != "" {
				used[t.WorldCite.Source] = true
			}
			for _, y := range ds.StageYears(c.ID, s) {
				if y != t.Year {
					sv.OtherYears = append(sv.OtherYears, y)
				}
			}
		}
		v.Stages = append(v.Stages, sv)
		for _, f := range ds.FiguresOf(c.ID, s, world.Reserves) {
			v.Reserves = append(v.Reserves, f)
			used[f.Source] = true
		}
		for _, f := range ds.FiguresOf(c.ID, s, world.Capacity) {
			v.Capacity = append(v.Capacity, f)
			used[f.Source] = true
		}
	}
	for _, p := range v.Prices {
		used[p.Source] = true
	}
	if c.ID == "rare_earths" || c.Parent == "" && len(v.Elements) > 0 {
		v.Deposits = ds.ElementShares
		for _, e := range v.Deposits {
			used[e.Source] = true
		}
	}
	for _, id := range sortedKeys(used) {
		if s, ok := ds.Source(id); ok {
			v.Sources = append(v.Sources, s)
		}
	}
	return v
}

func stageStrings(ss []world.Stage) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }
