package profile

import (
	"maps"
	"slices"
	"sort"

	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/world"
)

// Coverage is what the dataset holds for one commodity.
type Coverage struct {
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

// Coverages returns the coverage of every commodity, in the dataset's order.
func Coverages(ds *world.Dataset) []Coverage {
	byID := map[string]*Coverage{}
	out := make([]Coverage, len(ds.Commodities))
	sources := map[string]map[string]bool{}
	for i, c := range ds.Commodities {
		out[i] = Coverage{Commodity: c.ID, Name: c.Name, Parent: c.Parent, Stages: StageStrings(c.Stages), StagesData: []string{}}
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

// Stage is one stage of a commodity profile.
type Stage struct {
	Stage     world.Stage      `json:"stage"`
	HasData   bool             `json:"has_data"`
	Shares    world.ShareTable `json:"shares"`
	HHIPoints float64          `json:"hhi_points"`
	Top1      string           `json:"top1_country,omitempty"`
	Top1Share float64          `json:"top1_share"`
	Top3Share float64          `json:"top3_share"`
	// Top3LowerBound is true when Top3Share is only a lower bound (ShareTable.Top3LowerBound).
	Top3LowerBound bool  `json:"top3_lower_bound,omitempty"`
	OtherYears     []int `json:"other_years,omitempty"`
}

// Commodity is the profile of one commodity.
type Commodity struct {
	Commodity world.Commodity      `json:"commodity"`
	Stages    []Stage              `json:"stages"`
	Reserves  []world.Figure       `json:"reserves"`
	Capacity  []world.Figure       `json:"capacity"`
	Prices    []world.Price        `json:"prices"`
	Elements  []world.Commodity    `json:"elements,omitempty"`
	Sources   []world.Source       `json:"sources,omitempty"`
	Deposits  []world.ElementShare `json:"element_distribution,omitempty"`
}

// Of builds the profile of commodity c for a data year (0: each stage's default year).
// Prices include those of c's elements; a parent of elements also gets the element
// distributions of deposits. Sources lists every source the profile's figures cite.
func Of(ds *world.Dataset, c world.Commodity, year int) Commodity {
	v := Commodity{Commodity: c, Prices: ds.PricesOf(c.ID), Elements: ds.Children(c.ID),
		Reserves: []world.Figure{}, Capacity: []world.Figure{}}
	for _, e := range v.Elements {
		v.Prices = append(v.Prices, ds.PricesOf(e.ID)...)
	}
	used := map[string]bool{}
	for _, s := range c.Stages {
		sv := Stage{Stage: s}
		if t, ok := ds.Shares(c.ID, s, year); ok {
			sv.HasData, sv.Shares = true, t
			sv.HHIPoints = risk.HHIPoints(t)
			sv.Top1Share, sv.Top3Share, sv.Top3LowerBound = t.Top(1), t.Top(3), t.Top3LowerBound()
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
	if len(v.Elements) > 0 && c.Parent == "" {
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

// StageStrings converts stages to their names.
func StageStrings(ss []world.Stage) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }
