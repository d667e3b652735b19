package world

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Dataset is a loaded, validated world dataset. It is immutable after Load; all methods
// are safe for concurrent use.
type Dataset struct {
	// Version identifies the content: a hash of every data file read, in load order.
	Version string

	Sources           []Source
	Countries         []Country
	Commodities       []Commodity
	Figures           []Figure
	Trade             []TradeShare
	Reliance          []Reliance
	Prices            []Price
	Governance        []Governance
	EUCRM             []EUCRMMaterial
	EUTradeParameters []EUTradeParameter
	ElementShares     []ElementShare
	PrincipalForms    []PrincipalForm

	countries     countryResolver
	sourceByID    map[string]*Source
	countryByISO  map[string]*Country
	commodityByID map[string]*Commodity
	figuresByKey  map[figureGroup][]Figure
	wgiByCountry  map[string]Governance
	tradeParams   map[string]float64
	tradeByPair   map[[2]string][]int // (importer, commodity) -> indexes into Trade, in key order
	importers     []string

	sim simData // simulation tables; see sim.go for the accessors

	userKeys map[string]map[string]bool // file -> keys of rows a --data layer supplied
}

// UserFigures returns the figures.csv rows that a layer other than the embedded data
// supplied (a --data directory), in key order.
func (d *Dataset) UserFigures() []Figure {
	var out []Figure
	for _, f := range d.Figures {
		if d.userKeys[fileFigures][f.key()] {
			out = append(out, f)
		}
	}
	return out
}

type figureGroup struct {
	commodity string
	stage     Stage
	measure   Measure
}

func (d *Dataset) index() {
	d.sourceByID = map[string]*Source{}
	for i := range d.Sources {
		d.sourceByID[d.Sources[i].ID] = &d.Sources[i]
	}
	d.countryByISO = map[string]*Country{}
	for i := range d.Countries {
		d.countryByISO[d.Countries[i].ISO3] = &d.Countries[i]
	}
	d.commodityByID = map[string]*Commodity{}
	for i := range d.Commodities {
		d.commodityByID[d.Commodities[i].ID] = &d.Commodities[i]
	}
	d.figuresByKey = map[figureGroup][]Figure{}
	for _, f := range d.Figures {
		k := figureGroup{f.Commodity, f.Stage, f.Measure}
		d.figuresByKey[k] = append(d.figuresByKey[k], f)
	}
	d.wgiByCountry = map[string]Governance{}
	for _, g := range d.Governance {
		if p, ok := d.wgiByCountry[g.Country]; !ok || g.Year > p.Year {
			d.wgiByCountry[g.Country] = g
		}
	}
	d.tradeParams = map[string]float64{}
	for _, t := range d.EUTradeParameters {
		d.tradeParams[t.key()] = t.T
	}
	d.tradeByPair = map[[2]string][]int{}
	seen := map[string]bool{}
	for i, t := range d.Trade {
		k := [2]string{t.Importer, t.Commodity}
		d.tradeByPair[k] = append(d.tradeByPair[k], i)
		seen[t.Importer] = true
	}
	for _, r := range d.Reliance {
		seen[r.Importer] = true
	}
	d.importers = make([]string, 0, len(seen))
	for c := range seen {
		d.importers = append(d.importers, c)
	}
	sort.Strings(d.importers)
}

// Commodity returns a commodity by its slug.
func (d *Dataset) Commodity(id string) (Commodity, bool) {
	c, ok := d.commodityByID[id]
	if !ok {
		return Commodity{}, false
	}
	return *c, true
}

// Source returns a source by its id.
func (d *Dataset) Source(id string) (Source, bool) {
	s, ok := d.sourceByID[id]
	if !ok {
		return Source{}, false
	}
	return *s, true
}

// ResolveCountry maps an ISO3 code, name or alias to the ISO3 code.
func (d *Dataset) ResolveCountry(s string) (string, bool) { return d.countries.resolve(s) }

// groupAliases are the spellings users type for a country group.
var groupAliases = map[string]string{"eu": "EU27", "eu27": "EU27", "europeanunion": "EU27"}

// ResolveImporter returns the importer code for a country code, name or alias, or for a
// country group of countries.csv ("EU27", also "EU" and "European Union").
func (d *Dataset) ResolveImporter(s string) (string, bool) {
	if iso, ok := d.countries.resolve(s); ok && iso != World && iso != OtherCountry {
		return iso, true
	}
	g := s
	if a, ok := groupAliases[foldName(s)]; ok {
		g = a
	}
	for _, c := range d.Countries {
		if slices.Contains(c.Groups, g) {
			return g, true
		}
	}
	return "", false
}

// CountryName returns the display name of an ISO3 code (or pseudo-country).
func (d *Dataset) CountryName(iso3 string) string {
	switch iso3 {
	case World:
		return pseudoWorldNm
	case OtherCountry:
		return pseudoROWNm
	}
	if c, ok := d.countryByISO[iso3]; ok {
		return c.Name
	}
	if iso3 == "EU27" {
		return "European Union (27), imports from outside the EU"
	}
	return iso3
}

// InGroup reports whether a country belongs to a group such as "EU27".
func (d *Dataset) InGroup(iso3, group string) bool {
	c, ok := d.countryByISO[iso3]
	if !ok {
		return false
	}
	for _, g := range c.Groups {
		if g == group {
			return true
		}
	}
	return false
}

// WGI returns the latest governance score of a country.
func (d *Dataset) WGI(iso3 string) (Governance, bool) {
	g, ok := d.wgiByCountry[iso3]
	return g, ok
}

// EUTradeParameter returns the EU CRM trade parameter t for a material, exporter,
// stage ("primary" or "refined") and scope ("world" or "eu"); countries the assessment
// does not list have t = 1.
func (d *Dataset) EUTradeParameter(material, country, stage, scope string) float64 {
	if t, ok := d.tradeParams[join(material, country, stage, scope)]; ok {
		return t
	}
	return 1
}

// FiguresOf returns the figures of one commodity, stage and measure, all years.
func (d *Dataset) FiguresOf(commodity string, stage Stage, m Measure) []Figure {
	return d.figuresByKey[figureGroup{commodity, stage, m}]
}

// CountryShare is one country's share of a stage's world output.
type CountryShare struct {
	Country string  `json:"country"`
	Share   float64 `json:"share"`            // fraction of world output, 0..1
	Tonnes  float64 `json:"tonnes,omitempty"` // production, when the table comes from production
	Cite
}

// ShareTable is the distribution of one stage's world output over countries in one year.
type ShareTable struct {
	Commodity string  `json:"commodity"`
	Stage     Stage   `json:"stage"`
	Year      int     `json:"year"`
	From      Measure `json:"from"` // Production when computed from tonnages, Share when published as shares
	Basis     string  `json:"basis,omitempty"`
	// WorldTonnes is the world total: the source's world row, or the sum of the rows when
	// it has none; 0 for a table of published shares.
	WorldTonnes float64 `json:"world_tonnes,omitempty"`
	// Entries are the named countries, largest share first.
	Entries []CountryShare `json:"entries"`
	// Other is the fraction of world output not attributed to a named country: the
	// sources' "other countries", withheld values and rounding.
	Other float64 `json:"other"`
	// WorldCite is the provenance of the world total (zero for share tables).
	WorldCite Cite `json:"-"`
}

// Share returns a country's share (0 when it is not listed).
func (t ShareTable) Share(iso3 string) float64 {
	for _, e := range t.Entries {
		if e.Country == iso3 {
			return e.Share
		}
	}
	return 0
}

// Top returns the summed share of the n largest named countries.
func (t ShareTable) Top(n int) float64 {
	s := 0.0
	for i := 0; i < n && i < len(t.Entries); i++ {
		s += t.Entries[i].Share
	}
	return s
}

// Top3LowerBound reports whether Top(3) is only a lower bound of the three largest
// producers' share: fewer than three countries are named and some output is left
// unattributed, which may hold the second or third.
func (t ShareTable) Top3LowerBound() bool {
	return len(t.Entries) < 3 && t.Other > 0
}

// RowsAboveWorld returns the summed tonnes of the named countries when they exceed the
// world total the shares divide by (a source that rounds its world total down), and 0
// otherwise or for a table of published shares. The shares then add up to more than 1.
func (t ShareTable) RowsAboveWorld() float64 {
	if t.From != Production || t.WorldTonnes <= 0 {
		return 0
	}
	sum := 0.0
	for _, e := range t.Entries {
		sum += e.Tonnes
	}
	if sum <= t.WorldTonnes*(1+1e-9) {
		return 0
	}
	return sum
}

// StageYears returns the years for which a stage has production or share figures, newest first.
func (d *Dataset) StageYears(commodity string, stage Stage) []int {
	seen := map[int]bool{}
	for _, m := range []Measure{Production, Share} {
		for _, f := range d.FiguresOf(commodity, stage, m) {
			seen[f.Year] = true
		}
	}
	years := make([]int, 0, len(seen))
	for y := range seen {
		years = append(years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	return years
}

// DefaultYear picks the year lenses use for a stage when none is asked for: the latest
// year with reported (not estimated) production, else the latest year with production,
// else the latest year with published shares. It returns 0 when the stage has no data.
func (d *Dataset) DefaultYear(commodity string, stage Stage) int {
	best, bestAny := 0, 0
	for _, f := range d.FiguresOf(commodity, stage, Production) {
		if f.Country == World {
			continue
		}
		if f.Status == Reported && f.Year > best {
			best = f.Year
		}
		if f.Year > bestAny {
			bestAny = f.Year
		}
	}
	if best > 0 {
		return best
	}
	if bestAny > 0 {
		return bestAny
	}
	for _, f := range d.FiguresOf(commodity, stage, Share) {
		if f.Year > best {
			best = f.Year
		}
	}
	return best
}

// Shares returns the country distribution of a stage in a year (0 = DefaultYear). It
// prefers production tonnages, which give every producer, and falls back to published
// shares. ok is false when the stage has no usable figures for that year.
func (d *Dataset) Shares(commodity string, stage Stage, year int) (ShareTable, bool) {
	if year == 0 {
		year = d.DefaultYear(commodity, stage)
	}
	t := ShareTable{Commodity: commodity, Stage: stage, Year: year}
	var rows []Figure
	var world *Figure
	for _, f := range d.FiguresOf(commodity, stage, Production) {
		if f.Year != year {
			continue
		}
		if f.Country == World {
			w := f
			world = &w
			continue
		}
		rows = append(rows, f)
	}
	if len(rows) > 0 {
		t.From, t.Basis = Production, rows[0].Basis
		sum, named := 0.0, 0.0
		for _, f := range rows {
			sum += f.Tonnes()
		}
		// The source's own world total is the denominator when it has one, so shares match
		// the published table; rounding of that total can make named shares sum past one
		// by up to the loader's tolerance.
		t.WorldTonnes = sum
		if world != nil {
			t.WorldTonnes, t.WorldCite = world.Tonnes(), world.Cite
		}
		if t.WorldTonnes <= 0 {
			return t, false
		}
		for _, f := range rows {
			if f.Country == OtherCountry {
				continue
			}
			s := f.Tonnes() / t.WorldTonnes
			named += s
			t.Entries = append(t.Entries, CountryShare{Country: f.Country, Share: s, Tonnes: f.Tonnes(), Cite: f.Cite})
		}
		t.Other = clamp01(1 - named)
	} else {
		named := 0.0
		for _, f := range d.FiguresOf(commodity, stage, Share) {
			if f.Year != year || f.Country == World || f.Country == OtherCountry {
				continue
			}
			named += f.Value / 100
			t.Entries = append(t.Entries, CountryShare{Country: f.Country, Share: f.Value / 100, Cite: f.Cite})
		}
		if len(t.Entries) == 0 {
			return t, false
		}
		t.From = Share
		t.Other = clamp01(1 - named)
	}
	sort.SliceStable(t.Entries, func(i, j int) bool {
		if t.Entries[i].Share != t.Entries[j].Share {
			return t.Entries[i].Share > t.Entries[j].Share
		}
		return t.Entries[i].Country < t.Entries[j].Country
	})
	return t, true
}

func clamp01(v float64) float64 {
	switch {
	case v < 1e-12:
		return 0
	case v > 1:
		return 1
	}
	return v
}

// Importers lists the countries (and country groups) for which the dataset has import
// sources or net import reliance, sorted.
func (d *Dataset) Importers() []string { return slices.Clone(d.importers) }

// ImportMix is an importer's source mix for one commodity and product category.
type ImportMix struct {
	Importer  string       `json:"importer"`
	Commodity string       `json:"commodity"`
	Category  string       `json:"category"`
	Period    string       `json:"period"`
	Sources   []TradeShare `json:"sources"` // largest share first
}

// ImportMixes returns an importer's source mixes for a commodity, one per category, each
// for the latest period the data has.
func (d *Dataset) ImportMixes(importer, commodity string) []ImportMix {
	rows := d.tradeByPair[[2]string{importer, commodity}]
	latest := map[string]string{}
	for _, i := range rows {
		t := &d.Trade[i]
		if p, ok := latest[t.Category]; !ok || periodEnd(t.Period) > periodEnd(p) {
			latest[t.Category] = t.Period
		}
	}
	cats := make([]string, 0, len(latest))
	for c := range latest {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	out := make([]ImportMix, 0, len(cats))
	for _, c := range cats {
		m := ImportMix{Importer: importer, Commodity: commodity, Category: c, Period: latest[c]}
		for _, i := range rows {
			if t := d.Trade[i]; t.Category == c && t.Period == m.Period {
				m.Sources = append(m.Sources, t)
			}
		}
		sort.SliceStable(m.Sources, func(i, j int) bool {
			if m.Sources[i].SharePct != m.Sources[j].SharePct {
				return m.Sources[i].SharePct > m.Sources[j].SharePct
			}
			return m.Sources[i].Exporter < m.Sources[j].Exporter
		})
		out = append(out, m)
	}
	return out
}

// DataYears returns, newest first, the years for which the dataset has figures of the
// commodities (any stage and measure), or a net import reliance of the importer for them
// (importer "" counts figures only).
func (d *Dataset) DataYears(importer string, commodities ...string) []int {
	want := map[string]bool{}
	for _, c := range commodities {
		want[c] = true
	}
	seen := map[int]bool{}
	for _, f := range d.Figures {
		if want[f.Commodity] {
			seen[f.Year] = true
		}
	}
	for _, r := range d.Reliance {
		if importer != "" && r.Importer == importer && want[r.Commodity] {
			seen[r.Year] = true
		}
	}
	out := make([]int, 0, len(seen))
	for y := range seen {
		out = append(out, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out
}

// PrincipalMix returns an importer's source mix of the commodity's principal traded form:
// of the categories principal_forms.csv lists for the commodity, the lowest-ranked one the
// importer has. An importer with a single category uses it (form is then the zero value:
// no row names it). ok is false when the importer has several categories and none is
// listed, or none at all: picking one would be arbitrary.
func (d *Dataset) PrincipalMix(importer, commodity string) (mix ImportMix, form PrincipalForm, ok bool) {
	mixes := d.ImportMixes(importer, commodity)
	found := false
	for _, p := range d.PrincipalForms {
		if p.Commodity != commodity || (found && p.Rank >= form.Rank) {
			continue
		}
		for _, m := range mixes {
			if m.Category == p.Category {
				mix, form, found = m, p, true
			}
		}
	}
	if found {
		return mix, form, true
	}
	if len(mixes) == 1 {
		return mixes[0], PrincipalForm{}, true
	}
	return ImportMix{}, PrincipalForm{}, false
}

// periodEnd returns a sortable end of a period such as "2021-24", "2020-2023" or "2024".
func periodEnd(p string) int {
	start, end, found := strings.Cut(p, "-")
	s, _ := strconv.Atoi(start)
	if !found {
		return s
	}
	e, err := strconv.Atoi(end)
	if err != nil {
		return s
	}
	if e < 100 {
		e += s / 100 * 100
	}
	return e
}

// NetImportReliance returns an importer's net import reliance for a commodity in a year
// (0 = the latest year the data has).
func (d *Dataset) NetImportReliance(importer, commodity string, year int) (Reliance, bool) {
	var best Reliance
	found := false
	for _, r := range d.Reliance {
		if r.Importer != importer || r.Commodity != commodity {
			continue
		}
		if year != 0 && r.Year == year {
			return r, true
		}
		if year == 0 && (!found || r.Year > best.Year) {
			best, found = r, true
		}
	}
	return best, found
}

// PricesOf returns a commodity's prices, sorted by product, market and period.
func (d *Dataset) PricesOf(commodity string) []Price {
	var out []Price
	for _, p := range d.Prices {
		if p.Commodity == commodity {
			out = append(out, p)
		}
	}
	return out
}

// Children returns the commodities whose parent is id (rare-earth elements), sorted.
func (d *Dataset) Children(id string) []Commodity {
	var out []Commodity
	for _, c := range d.Commodities {
		if c.Parent == id {
			out = append(out, c)
		}
	}
	return out
}

// Describe names a figure's source for display: "publisher, title (published)".
func (d *Dataset) Describe(c Cite) string {
	s, ok := d.Source(c.Source)
	if !ok {
		return c.Source
	}
	out := s.Publisher + ", " + s.Title
	if s.Published != "" {
		out += fmt.Sprintf(" (%s)", s.Published)
	}
	return out
}
