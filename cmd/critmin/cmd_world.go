package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/profile"
	"github.com/critmin/critmin/internal/report"
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

func runWorldList(_ context.Context, g *globalOptions, w io.Writer) error {
	ds, err := g.dataset()
	if err != nil {
		return err
	}
	cov := profile.Coverages(ds)
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

func runWorldShow(_ context.Context, g *globalOptions, opts worldShowOptions, id string, w io.Writer) error {
	ds, err := g.dataset()
	if err != nil {
		return err
	}
	c, ok := ds.Commodity(id)
	if !ok {
		return usagef("unknown commodity %q (run 'critmin world' for the list)", id)
	}
	if opts.year != 0 {
		years := ds.DataYears("", id)
		if !slices.Contains(years, opts.year) {
			return usagef("--year %d: %s has no figures for that year; years with figures: %s", opts.year, id, yearList(years))
		}
	}
	v := profile.Of(ds, c, opts.year)
	tables := commodityTables(ds, v)
	if opts.sources {
		tables = append(tables, sourcesTable(v.Sources))
	} else {
		v.Sources = nil
	}
	return report.Write(w, g.format(), report.Output{Value: v, Tables: tables})
}

func commodityTables(ds *world.Dataset, v profile.Commodity) []*report.Table {
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
		top3 := top3Text(s.Top3Share, s.Top3LowerBound)
		sum.Add(string(s.Stage), strconv.Itoa(s.Shares.Year), basis, total,
			report.Num(s.HHIPoints, 0), s.Top1, report.Pct(s.Top1Share), top3)
	}
	sum.Notes = append(sum.Notes, "HHI counts named countries only; output the sources leave unattributed is treated as fragmented.",
		"top-3: '>=' where fewer than three countries are named and some output is unattributed (it may hold the second or third).")
	if v.Commodity.Parent != "" && !slices.ContainsFunc(v.Stages, func(s profile.Stage) bool { return s.HasData }) {
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
		if rows := t.RowsAboveWorld(); rows > 0 {
			tb.Notes = append(tb.Notes, fmt.Sprintf("the country rows sum to %s t, above the world total of %s t that the shares divide by (the source rounds its world total): the shares add up to %s%%, not 100",
				report.Num(rows, 0), report.Num(t.WorldTonnes, 0), report.Pct(rows/t.WorldTonnes)))
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
			tb.Add(e.ID, strings.Join(profile.StageStrings(e.Stages), ">"), e.Note)
		}
		tables = append(tables, tb)
	}
	return tables
}

// top3Text prints a top-3 share, prefixed '>=' when it is only a lower bound; world show
// and risk --lens concentration print the same figure the same way.
func top3Text(share float64, lowerBound bool) string {
	if lowerBound {
		return ">=" + report.Pct(share)
	}
	return report.Pct(share)
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

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

// yearList prints years newest first, or "none".
func yearList(years []int) string {
	if len(years) == 0 {
		return "none"
	}
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, ", ")
}
