package web

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/world"
)

// rivalCountry is the country whose share the world pages single out.
const rivalCountry = "CHN"

// holdersShown is how many countries the overview names per stage.
const holdersShown = 3

// overviewView is the content of the world overview.
type overviewView struct {
	DataVersion string
	Commodities int
	Rows        []overviewRow
	// NoData lists the commodities without stage figures (rare-earth elements the
	// sources publish only as a total).
	NoData []commodityLink
}

// commodityLink names a commodity page.
type commodityLink struct {
	ID   string
	Name string
}

// overviewRow is one stage of one commodity in the overview table.
type overviewRow struct {
	Commodity commodityLink
	// First marks the first stage of a commodity, which carries the commodity's name
	// cell spanning Span rows.
	First bool
	Span  int
	Stage world.Stage
	Year  int
	// HHI is the Herfindahl-Hirschman index on the 0-10,000 scale and Level its reading
	// under the US merger guidelines: "high" above 2,500, "moderate" above 1,500.
	HHI     float64
	Level   string
	Top1    countryShare
	China   float64
	Holders []countryShare
	Bar     shareBar
}

// countryShare is a country with its share (0..1) of a stage.
type countryShare struct {
	ISO3  string
	Name  string
	Share float64
}

// hhiLevel reads an HHI on the 0-10,000 scale.
func hhiLevel(points float64) string {
	switch {
	case points > 2500:
		return "high"
	case points > 1500:
		return "moderate"
	}
	return "low"
}

// overview serves the world overview: concentration of every commodity by stage.
func (s *server) overview(w http.ResponseWriter, r *http.Request) {
	v := buildOverview(s.World)
	s.render(w, http.StatusOK, "overview.html", page{Title: "World supply concentration", Nav: "world", Data: v})
}

// buildOverview gathers the concentration rows of every stage with data, in commodity
// and chain order.
func buildOverview(ds *world.Dataset) overviewView {
	v := overviewView{DataVersion: ds.Version, Commodities: len(ds.Commodities)}
	byCommodity := map[string][]risk.StageConcentration{}
	for _, c := range risk.ConcentrationAll(ds, 0, rivalCountry) {
		if c.Available {
			byCommodity[c.Commodity] = append(byCommodity[c.Commodity], c)
		}
	}
	for _, c := range ds.Commodities {
		link := commodityLink{ID: c.ID, Name: c.Name}
		stages := byCommodity[c.ID]
		if len(stages) == 0 {
			v.NoData = append(v.NoData, link)
			continue
		}
		for i, sc := range stages {
			t, _ := ds.Shares(c.ID, sc.Stage, sc.Year)
			row := overviewRow{
				Commodity: link, First: i == 0, Span: len(stages),
				Stage: sc.Stage, Year: sc.Year, HHI: sc.HHIPoints, Level: hhiLevel(sc.HHIPoints),
				Top1:    countryShare{ISO3: sc.Top1Country, Name: ds.CountryName(sc.Top1Country), Share: sc.Top1Share},
				China:   sc.CountryShare,
				Holders: holders(ds, t, holdersShown),
				Bar:     newShareBar(ds, t),
			}
			v.Rows = append(v.Rows, row)
		}
	}
	return v
}

// holders returns the n largest named countries of t.
func holders(ds *world.Dataset, t world.ShareTable, n int) []countryShare {
	var out []countryShare
	for _, e := range t.Entries {
		if len(out) == n || e.Share <= 0 {
			break
		}
		out = append(out, countryShare{ISO3: e.Country, Name: ds.CountryName(e.Country), Share: e.Share})
	}
	return out
}

// commodityView is the content of a commodity page.
type commodityView struct {
	Commodity world.Commodity
	Parent    *commodityLink
	Elements  []commodityLink
	Flow      flowDiagram
	Stages    []stageView
	Importer  importerView
	Figures   []figureRow // reserves and capacity
	Prices    []world.Price
	Sources   []sourceView
}

// stageView is one stage of a commodity with its country shares.
type stageView struct {
	Stage   world.Stage
	HasData bool
	Year    int
	// FromShares is true when the source publishes shares rather than tonnages.
	FromShares  bool
	Basis       string
	WorldTonnes float64
	HHI         float64
	Level       string
	Top1        countryShare
	Top3        float64
	// Top3LowerBound marks Top3 as a lower bound (world.ShareTable.Top3LowerBound).
	Top3LowerBound bool
	China          float64
	Entries        []shareRow
	Other          float64
	OtherYears     []int
	WorldSource    string
}

// shareRow is one country's part of a stage, with its provenance.
type shareRow struct {
	ISO3   string
	Name   string
	Tonnes float64
	Share  float64
	Status string
	Source string
	Note   string
}

// figureRow is a reserves or capacity figure with its provenance.
type figureRow struct {
	Measure world.Measure
	Stage   world.Stage
	Country string
	Name    string
	Year    int
	Value   float64
	Unit    world.Unit
	Basis   string
	Status  string
	Source  string
	Note    string
}

// importerView is an importer's net import reliance and source mix for the commodity.
type importerView struct {
	Importer  string
	Name      string
	Importers []countryShare // the choices of the importer form (Share unused)
	Result    risk.RelianceResult
	// Names are the names of the exporters in Result, by code.
	Names map[string]string
}

// sourceView is a cited publication; Address is its URL without the scheme, shown as
// text so that no page links out of a server that may have no network.
type sourceView struct {
	world.Source
	Address string
}

// commodity serves /commodities/{id}.
func (s *server) commodity(w http.ResponseWriter, r *http.Request) {
	ds := s.World
	c, ok := ds.Commodity(r.PathValue("id"))
	if !ok {
		s.fail(w, r, http.StatusNotFound, "The world dataset has no commodity with this id; the overview lists them all.", nil)
		return
	}
	importer := "USA"
	if q := r.URL.Query().Get("importer"); q != "" {
		iso, ok := ds.ResolveImporter(q)
		if !ok {
			s.fail(w, r, http.StatusBadRequest, "Unknown importer: use an ISO 3166 alpha-3 code such as USA, or EU27; the importer list shows every importer with data.", nil)
			return
		}
		importer = iso
	}
	v := buildCommodity(ds, c, importer)
	s.render(w, http.StatusOK, "commodity.html", page{Title: c.Name, Nav: "world", Data: v})
}

// buildCommodity gathers everything the commodity page shows and the sources it cites.
func buildCommodity(ds *world.Dataset, c world.Commodity, importer string) commodityView {
	used := map[string]bool{}
	cite := func(id string) string {
		if id != "" {
			used[id] = true
		}
		return id
	}
	v := commodityView{Commodity: c}
	if c.Parent != "" {
		if p, ok := ds.Commodity(c.Parent); ok {
			v.Parent = &commodityLink{ID: p.ID, Name: p.Name}
		}
	}
	for _, e := range ds.Children(c.ID) {
		v.Elements = append(v.Elements, commodityLink{ID: e.ID, Name: e.Name})
	}
	var tables []stageTable
	for _, st := range c.Stages {
		sv := stageView{Stage: st}
		t, ok := ds.Shares(c.ID, st, 0)
		tables = append(tables, stageTable{stage: st, table: t, ok: ok})
		if ok {
			sv = stageOf(ds, t, cite)
		}
		v.Stages = append(v.Stages, sv)
		for _, m := range []world.Measure{world.Reserves, world.Capacity} {
			for _, f := range ds.FiguresOf(c.ID, st, m) {
				v.Figures = append(v.Figures, figureRow{Measure: f.Measure, Stage: f.Stage, Country: f.Country,
					Name: ds.CountryName(f.Country), Year: f.Year, Value: f.Value, Unit: f.Unit, Basis: f.Basis,
					Status: f.Status.String(), Source: cite(f.Source), Note: f.Note})
			}
		}
	}
	slices.SortStableFunc(v.Figures, func(a, b figureRow) int {
		return cmp.Or(cmp.Compare(a.Measure, b.Measure), cmp.Compare(a.Country, b.Country), cmp.Compare(a.Year, b.Year))
	})
	v.Flow = buildFlow(ds, c, tables)
	v.Importer = importerView{Importer: importer, Name: ds.CountryName(importer),
		Result: risk.ImportReliance(ds, importer, c.ID, 0)}
	for _, iso := range ds.Importers() {
		v.Importer.Importers = append(v.Importer.Importers, countryShare{ISO3: iso, Name: ds.CountryName(iso)})
	}
	if n := v.Importer.Result.NIR; n != nil {
		cite(n.Source)
	}
	v.Importer.Names = map[string]string{}
	for _, m := range v.Importer.Result.Mixes {
		for _, sh := range m.Sources {
			cite(sh.Source)
			v.Importer.Names[sh.Exporter] = ds.CountryName(sh.Exporter)
		}
	}
	v.Prices = ds.PricesOf(c.ID)
	for _, e := range ds.Children(c.ID) {
		v.Prices = append(v.Prices, ds.PricesOf(e.ID)...)
	}
	for _, p := range v.Prices {
		cite(p.Source)
	}
	for _, id := range sortedKeys(used) {
		if src, ok := ds.Source(id); ok {
			v.Sources = append(v.Sources, sourceView{Source: src, Address: plainAddresses(src.URL)})
		}
	}
	return v
}

// stageOf describes one stage's share table, noting each source it cites.
func stageOf(ds *world.Dataset, t world.ShareTable, cite func(string) string) stageView {
	hhi := risk.HHIPoints(t)
	sv := stageView{Stage: t.Stage, HasData: true, Year: t.Year, FromShares: t.From == world.Share,
		Basis: t.Basis, WorldTonnes: t.WorldTonnes, HHI: hhi, Level: hhiLevel(hhi),
		Top3: t.Top(3), Top3LowerBound: t.Top3LowerBound(), China: t.Share(rivalCountry), Other: t.Other,
		WorldSource: cite(t.WorldCite.Source)}
	if len(t.Entries) > 0 {
		e := t.Entries[0]
		sv.Top1 = countryShare{ISO3: e.Country, Name: ds.CountryName(e.Country), Share: e.Share}
	}
	for _, e := range t.Entries {
		sv.Entries = append(sv.Entries, shareRow{ISO3: e.Country, Name: ds.CountryName(e.Country), Tonnes: e.Tonnes,
			Share: e.Share, Status: e.Status.String(), Source: cite(e.Source), Note: e.Note})
	}
	for _, y := range ds.StageYears(t.Commodity, t.Stage) {
		if y != t.Year {
			sv.OtherYears = append(sv.OtherYears, y)
		}
	}
	return sv
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
