package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/world"
)

func newWorldCommand(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "world",
		Short: "List the commodities of the world dataset with their coverage and vintage",
		Long: `List every commodity of the world dataset (embedded, with --data merged over it):
its stage chain, the stages that have figures, the years covered, and how many figures
and sources back it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWorldList(cmd.Context(), g, cmd.OutOrStdout())
		},
	}
	cmd.AddCommand(newWorldShowCommand(g))
	return cmd
}

// commodityCoverage is one line of "critmin world".
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

func runWorldList(_ context.Context, g *globalOptions, w io.Writer) error {
	ds, err := g.dataset()
	if err != nil {
		return err
	}
	cov := coverage(ds)
	t := &report.Table{
		Title: fmt.Sprintf("critmin world data (version %s): %d commodities", ds.Version, len(cov)),
		Columns: []report.Column{{Name: "commodity"}, {Name: "stages"}, {Name: "with data"},
			{Name: "years"}, {Name: "figures", Right: true}, {Name: "prices", Right: true}, {Name: "sources"}},
	}
	for _, c := range cov {
		years := ""
		if c.LatestYear > 0 {
			years = strconv.Itoa(c.FirstYear)
			if c.LatestYear != c.FirstYear {
				years += "-" + strconv.Itoa(c.LatestYear)
			}
		}
		t.Add(c.Commodity, strings.Join(c.Stages, ">"), strings.Join(c.StagesData, ","), years,
			strconv.Itoa(c.Figures), strconv.Itoa(c.Prices), strings.Join(c.Sources, ","))
	}
	t.Notes = []string{"'critmin world show COMMODITY' prints the figures of one commodity with their sources."}
	return report.Write(w, g.format(), report.Output{Value: cov, Tables: []*report.Table{t}})
}

type worldShowOptions struct {
	year    int
	sources bool
}

func newWorldShowCommand(g *globalOptions) *cobra.Command {
	var opts worldShowOptions
	cmd := &cobra.Command{
		Use:   "show COMMODITY",
		Short: "Show a commodity's production by stage and country, reserves, concentration and prices",
		Long: `Show one commodity: for each stage of its chain, production (or published shares) by
country with each figure's status and source; reserves and capacity; the concentration
of each stage (HHI on the 0-10,000 scale, top-1 and top-3 shares); prices; and, with
--sources, the full citation of every source the figures use.

Masses are metric tonnes on the basis the table states. Shares are percent of world
output of the stage; "other" is output the source does not attribute to a named
country. --year picks the data year (default: the latest year with reported data).`,
		Example: "  critmin world show rare_earths\n  critmin world show gallium --sources --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWorldShow(cmd.Context(), g, opts, args[0], cmd.OutOrStdout())
		},
	}
	cmd.Flags().IntVar(&opts.year, "year", 0, "data year (default: latest year with reported data per stage)")
	cmd.Flags().BoolVar(&opts.sources, "sources", false, "list the full citation of every source used")
	return cmd
}

// stageView is one stage of "critmin world show".
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

func runWorldShow(_ context.Context, g *globalOptions, opts worldShowOptions, id string, w io.Writer) error {
	ds, err := g.dataset()
	if err != nil {
		return err
	}
	c, ok := ds.Commodity(id)
	if !ok {
		return usagef("unknown commodity %q (run 'critmin world' for the list)", id)
	}
	v := buildCommodityView(ds, c, opts.year)
	tables := commodityTables(ds, v)
	if opts.sources {
		tables = append(tables, sourcesTable(v.Sources))
	} else {
		v.Sources = nil
	}
	return report.Write(w, g.format(), report.Output{Value: v, Tables: tables})
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

func commodityTables(ds *world.Dataset, v commodityView) []*report.Table {
	var tables []*report.Table
	sum := &report.Table{
		Title: fmt.Sprintf("%s (%s): concentration by stage", v.Commodity.Name, v.Commodity.ID),
		Columns: []report.Column{{Name: "stage"}, {Name: "year"}, {Name: "basis"}, {Name: "world", Unit: "t", Right: true},
			{Name: "HHI", Unit: "0-10000", Right: true}, {Name: "top-1"}, {Name: "top-1", Unit: "%", Right: true},
			{Name: "top-3", Unit: "%", Right: true}},
	}
	for _, s := range v.Stages {
		if !s.HasData {
			sum.Add(string(s.Stage), "", "no data", "", "", "", "", "")
			continue
		}
		basis := "production"
		if s.Shares.From == world.Share {
			basis = "published shares"
		}
		total := ""
		if s.Shares.From == world.Production {
			total = report.Num(s.Shares.WorldTonnes, 0)
		}
		sum.Add(string(s.Stage), strconv.Itoa(s.Shares.Year), basis, total,
			report.Num(s.HHIPoints, 0), s.Top1, report.Pct(s.Top1Share), report.Pct(s.Top3Share))
	}
	sum.Notes = append(sum.Notes, "HHI counts named countries only; output the sources leave unattributed is treated as fragmented.")
	if v.Commodity.Parent != "" && !slices.ContainsFunc(v.Stages, func(s stageView) bool { return s.HasData }) {
		sum.Notes = append(sum.Notes, fmt.Sprintf("no element-level figures: sources publish %s as a total; lenses that need stage shares use the parent's as a flagged proxy ('critmin world show %s').",
			v.Commodity.Parent, v.Commodity.Parent))
	}
	tables = append(tables, sum)

	for _, s := range v.Stages {
		if !s.HasData {
			continue
		}
		t := s.Shares
		unit := "t"
		if t.Basis != "" {
			unit = "t " + t.Basis
		}
		tb := &report.Table{
			Title: fmt.Sprintf("%s %s %d", v.Commodity.ID, s.Stage, t.Year),
			Columns: []report.Column{{Name: "country"}, {Name: "name"}, {Name: "production", Unit: unit, Right: true},
				{Name: "share", Unit: "%", Right: true}, {Name: "status"}, {Name: "source"}, {Name: "note"}},
		}
		for _, e := range t.Entries {
			prod := ""
			if t.From == world.Production {
				prod = report.Num(e.Tonnes, 1)
			}
			tb.Add(e.Country, ds.CountryName(e.Country), prod, report.Pct(e.Share), e.Status.String(), e.Source, e.Note)
		}
		if t.Other > 0 {
			prod := ""
			if t.From == world.Production {
				prod = report.Num(t.Other*t.WorldTonnes, 1)
			}
			tb.Add(world.OtherCountry, "other / unattributed", prod, report.Pct(t.Other), "derived", "", "100% minus the named countries")
		}
		if len(s.OtherYears) > 0 {
			tb.Notes = append(tb.Notes, fmt.Sprintf("also has data for %s (use --year)", joinInts(s.OtherYears)))
		}
		tables = append(tables, tb)
	}
	if fs := append(append([]world.Figure{}, v.Reserves...), v.Capacity...); len(fs) > 0 {
		tb := &report.Table{
			Title: v.Commodity.ID + " reserves and capacity",
			Columns: []report.Column{{Name: "measure"}, {Name: "stage"}, {Name: "country"}, {Name: "year"},
				{Name: "value", Right: true}, {Name: "unit"}, {Name: "basis"}, {Name: "status"}, {Name: "source"}, {Name: "note"}},
		}
		for _, f := range fs {
			tb.Add(string(f.Measure), string(f.Stage), f.Country, strconv.Itoa(f.Year), report.Num(f.Value, 3), string(f.Unit), f.Basis, f.Status.String(), f.Source, f.Note)
		}
		tables = append(tables, tb)
	}
	if len(v.Prices) > 0 {
		tb := &report.Table{
			Title: v.Commodity.ID + " prices",
			Columns: []report.Column{{Name: "commodity"}, {Name: "product"}, {Name: "market"}, {Name: "period"}, {Name: "value", Right: true},
				{Name: "unit"}, {Name: "status"}, {Name: "source"}},
		}
		for _, p := range v.Prices {
			tb.Add(p.Commodity, p.Product, p.Market, p.Period, report.Num(p.Value, 4), p.Unit, p.Status.String(), p.Source)
		}
		tables = append(tables, tb)
	}
	if len(v.Deposits) > 0 {
		tb := &report.Table{
			Title: "rare-earth element distribution by deposit (% of total REO)",
			Columns: []report.Column{{Name: "deposit"}, {Name: "country"}, {Name: "ore type"}, {Name: "element"},
				{Name: "share", Unit: "% of REO", Right: true}, {Name: "bound"}, {Name: "status"}, {Name: "source"}},
		}
		for _, e := range v.Deposits {
			tb.Add(e.Deposit, e.Country, e.OreType, e.Element, report.Num(e.SharePct, 3), string(e.Bound), e.Status.String(), e.Source)
		}
		tables = append(tables, tb)
	}
	if len(v.Elements) > 0 {
		tb := &report.Table{Title: v.Commodity.ID + " elements", Columns: []report.Column{{Name: "commodity"}, {Name: "stages"}, {Name: "note"}}}
		for _, e := range v.Elements {
			tb.Add(e.ID, strings.Join(stageStrings(e.Stages), ">"), e.Note)
		}
		tables = append(tables, tb)
	}
	return tables
}

func sourcesTable(ss []world.Source) *report.Table {
	tb := &report.Table{
		Title:   "sources",
		Columns: []report.Column{{Name: "id"}, {Name: "publisher"}, {Name: "title"}, {Name: "published"}, {Name: "url"}, {Name: "via"}},
	}
	for _, s := range ss {
		tb.Add(s.ID, s.Publisher, s.Title, s.Published, s.URL, s.Via)
	}
	return tb
}

func stageStrings(ss []world.Stage) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}
