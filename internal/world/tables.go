package world

import (
	"fmt"
	"strings"
)

// The files of a dataset and their columns; see docs/data-format.md.
const (
	fileSources       = "sources.csv"
	fileCountries     = "countries.csv"
	fileCommodities   = "commodities.csv"
	fileFigures       = "figures.csv"
	fileTrade         = "trade.csv"
	fileReliance      = "reliance.csv"
	filePrices        = "prices.csv"
	fileGovernance    = "governance.csv"
	fileEUCRM         = "eu_crm.csv"
	fileEUTradeParams = "eu_trade_parameters.csv"
	fileElements      = "element_distribution.csv"
	filePrincipal     = "principal_forms.csv"
)

var columns = map[string][]string{
	fileSources:       {"id", "publisher", "title", "url", "published", "via", "note"},
	fileCountries:     {"iso3", "name", "aliases", "groups"},
	fileCommodities:   {"commodity", "name", "parent", "stages", "note"},
	fileFigures:       {"commodity", "stage", "measure", "country", "year", "value", "unit", "basis", "status", "source", "note"},
	fileTrade:         {"importer", "commodity", "category", "period", "exporter", "share_pct", "status", "source", "note"},
	fileReliance:      {"importer", "commodity", "year", "value_pct", "bound", "basis", "status", "source", "note"},
	filePrices:        {"commodity", "product", "market", "period", "value", "unit", "status", "source", "note"},
	fileGovernance:    {"country", "year", "wgi_normalised", "status", "source", "note"},
	fileEUCRM:         {"material", "commodity", "stages", "sourcing_primary", "sourcing_refined", "si_sr", "si_ei", "ir_primary_pct", "ir_refined_pct", "eol_rir_pct", "pub_supply_risk", "pub_economic_importance", "pub_used_stage", "pub_sr_primary", "pub_sr_refined", "source", "note"},
	fileEUTradeParams: {"material", "country", "stage", "scope", "t", "source"},
	fileElements:      {"deposit", "country", "ore_type", "element", "share_pct", "bound", "status", "source", "note"},
	filePrincipal:     {"commodity", "category", "rank", "status", "source", "note"},
}

// Files lists the data file names a dataset directory may hold, in load order.
func Files() []string {
	return append([]string{fileSources, fileCountries, fileCommodities, fileFigures, fileTrade, fileReliance,
		filePrices, fileGovernance, fileEUCRM, fileEUTradeParams, fileElements, filePrincipal}, simFiles...)
}

// refs is what row parsers check references against: the merged sources, countries and
// commodities.
type refs struct {
	sources     map[string]Source
	countries   countryResolver
	commodities map[string]Commodity
	groups      map[string]bool // country groups of countries.csv (EU27)
}

func (r *row) source(x *refs) string {
	id := r.required("source")
	if id != "" && x != nil {
		if _, ok := x.sources[id]; !ok {
			r.fail("source", "unknown source %q (not in sources.csv)", id)
		}
	}
	return id
}

func (r *row) country(name string, x *refs) string {
	s := r.required(name)
	if s == "" {
		return ""
	}
	iso, ok := x.countries.resolve(s)
	if !ok {
		r.fail(name, "unknown country %q (use an ISO 3166 alpha-3 code or a name or alias from countries.csv)", s)
		return s
	}
	return iso
}

func (r *row) commodity(name string, x *refs) string {
	id := r.required(name)
	if id != "" {
		if _, ok := x.commodities[id]; !ok {
			r.fail(name, "unknown commodity %q (not in commodities.csv)", id)
		}
	}
	return id
}

// cite reads status, source and note, which every figure-bearing table has.
func (r *row) cite(x *refs) Cite {
	c := Cite{Origin: r.origin(), Source: r.source(x), Note: r.str("note")}
	switch r.oneOf("status", "reported", "estimated", "derived") {
	case "reported":
		c.Status = Reported
	case "estimated":
		c.Status = Estimated
	case "derived":
		c.Status = Derived
	}
	if c.Status != Reported && c.Status != 0 && c.Note == "" {
		r.fail("note", "must say how the %s value was made", c.Status)
	}
	return c
}

func parseSource(r *row) Source {
	return Source{ID: r.required("id"), Publisher: r.required("publisher"), Title: r.required("title"),
		URL: r.str("url"), Published: r.str("published"), Via: r.str("via"), Note: r.str("note"), Origin: r.origin()}
}

func parseCountry(r *row) Country {
	iso := r.required("iso3")
	if iso != "" && (len(iso) != 3 || strings.ToUpper(iso) != iso || iso == World || iso == OtherCountry) {
		r.fail("iso3", "must be an upper-case ISO 3166 alpha-3 code, got %q", iso)
	}
	return Country{ISO3: iso, Name: r.required("name"), Aliases: r.list("aliases"), Groups: r.list("groups"), Origin: r.origin()}
}

func parseCommodity(r *row) Commodity {
	c := Commodity{ID: r.required("commodity"), Name: r.required("name"), Parent: r.str("parent"), Note: r.str("note"), Origin: r.origin()}
	if c.ID != "" && (strings.ToLower(c.ID) != c.ID || strings.ContainsAny(c.ID, " ,;")) {
		r.fail("commodity", "must be a lower-case slug without spaces, got %q", c.ID)
	}
	seen := map[Stage]bool{}
	for _, s := range r.list("stages") {
		st := Stage(s)
		if !knownStage(st) {
			r.fail("stages", "unknown stage %q (want %s)", s, stageNames())
			continue
		}
		if seen[st] {
			r.fail("stages", "stage %q listed twice", s)
		}
		seen[st] = true
		c.Stages = append(c.Stages, st)
	}
	if len(c.Stages) == 0 {
		r.fail("stages", "must list at least one stage")
	}
	return c
}

func knownStage(s Stage) bool {
	for _, k := range Stages {
		if k == s {
			return true
		}
	}
	return false
}

func stageNames() string {
	names := make([]string, len(Stages))
	for i, s := range Stages {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

func parseFigure(r *row, x *refs) Figure {
	f := Figure{
		Commodity: r.commodity("commodity", x),
		Stage:     Stage(r.required("stage")),
		Measure:   Measure(r.oneOf("measure", string(Production), string(Capacity), string(Reserves), string(Share))),
		Country:   r.country("country", x),
		Year:      r.year("year"),
		Value:     r.number("value"),
		Unit:      Unit(r.required("unit")),
		Basis:     r.str("basis"),
		Cite:      r.cite(x),
	}
	if c, ok := x.commodities[f.Commodity]; ok && f.Stage != "" && !c.HasStage(f.Stage) {
		r.fail("stage", "stage %q is not in the chain of %s (%s)", f.Stage, f.Commodity, joinStages(c.Stages))
	}
	if f.Value < 0 {
		r.fail("value", "must not be negative, got %g", f.Value)
	}
	switch {
	case f.Unit != "" && !f.Unit.known():
		r.fail("unit", "unknown unit %q (want kg, t, kt, Mt or %%)", f.Unit)
	case f.Measure == Share && f.Unit != Percentage && f.Unit != "":
		r.fail("unit", "unit mismatch: a share must be in %%, got %q", f.Unit)
	case f.Measure != Share && f.Measure != "" && f.Unit == Percentage:
		r.fail("unit", "unit mismatch: %s must be a mass (kg, t, kt, Mt), got %%", f.Measure)
	}
	if f.Measure == Share && f.Value > 100 {
		r.fail("value", "a share must be at most 100, got %g", f.Value)
	}
	return f
}

func joinStages(ss []Stage) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = string(s)
	}
	return strings.Join(names, " -> ")
}

// importer reads an importing country or a country group of countries.csv (EU27), whose
// rows describe the group's imports from outside it.
func (r *row) importer(name string, x *refs) string {
	if s := r.str(name); x.groups[s] {
		return s
	}
	iso := r.country(name, x)
	if iso == World || iso == OtherCountry {
		r.fail(name, "must be a country or a country group of countries.csv (EU27), got %q", iso)
	}
	return iso
}

func parseTrade(r *row, x *refs) TradeShare {
	return TradeShare{
		Importer:  r.importer("importer", x),
		Commodity: r.commodity("commodity", x),
		Category:  r.required("category"),
		Period:    r.required("period"),
		Exporter:  r.country("exporter", x),
		SharePct:  r.within("share_pct", 0, 100),
		Cite:      r.cite(x),
	}
}

func parseReliance(r *row, x *refs) Reliance {
	v := Reliance{
		Importer:  r.importer("importer", x),
		Commodity: r.commodity("commodity", x),
		Year:      r.year("year"),
		ValuePct:  r.within("value_pct", 0, 100),
		Bound:     Bound(r.oneOf("bound", string(Exact), string(AtLeast), string(AtMost), string(NetExporter))),
		Basis:     r.str("basis"),
		Cite:      r.cite(x),
	}
	if v.Bound == NetExporter && v.ValuePct != 0 {
		r.fail("value_pct", "must be 0 for a net exporter, got %g", v.ValuePct)
	}
	return v
}

func parsePrice(r *row, x *refs) Price {
	p := Price{
		Commodity: r.commodity("commodity", x),
		Product:   r.required("product"),
		Market:    r.required("market"),
		Period:    r.required("period"),
		Value:     r.number("value"),
		Unit:      r.required("unit"),
		Cite:      r.cite(x),
	}
	if p.Value < 0 {
		r.fail("value", "must not be negative, got %g", p.Value)
	}
	if p.Unit != "" && !strings.Contains(p.Unit, "/") {
		r.fail("unit", "a price unit must be currency per quantity (e.g. USD/kg), got %q", p.Unit)
	}
	return p
}

func parseGovernance(r *row, x *refs) Governance {
	return Governance{
		Country:       r.country("country", x),
		Year:          r.year("year"),
		WGINormalised: r.within("wgi_normalised", 0, 1),
		Cite:          r.cite(x),
	}
}

var sourcingModes = []string{"", "GS+EU", "GSonly", "EUonly"}

func parseEUCRM(r *row, x *refs) EUCRMMaterial {
	m := EUCRMMaterial{
		Material:        strings.ToLower(r.required("material")),
		Stages:          r.oneOf("stages", "E", "P", "E+P"),
		SourcingPrimary: r.oneOf("sourcing_primary", sourcingModes...),
		SourcingRefined: r.oneOf("sourcing_refined", sourcingModes...),
		SISR:            r.optWithin("si_sr", 0, 1),
		SIEI:            r.optWithin("si_ei", 0, 1),
		IRPrimaryPct:    r.optWithin("ir_primary_pct", 0, 100),
		IRRefinedPct:    r.optWithin("ir_refined_pct", 0, 100),
		EoLRIRPct:       r.optWithin("eol_rir_pct", 0, 100),
		PubSupplyRisk:   r.optWithin("pub_supply_risk", 0, 100),
		PubEconImport:   r.optWithin("pub_economic_importance", 0, 100),
		PubUsedStage:    r.oneOf("pub_used_stage", "", "Extraction", "Processing"),
		PubSRPrimary:    r.optWithin("pub_sr_primary", 0, 100),
		PubSRRefined:    r.optWithin("pub_sr_refined", 0, 100),
		Cite:            Cite{Status: Reported, Source: r.source(x), Note: r.str("note"), Origin: r.origin()},
	}
	if r.str("commodity") != "" {
		m.Commodity = r.commodity("commodity", x)
	}
	return m
}

func parseEUTradeParameter(r *row, x *refs) EUTradeParameter {
	return EUTradeParameter{
		Material: strings.ToLower(r.required("material")),
		Country:  r.country("country", x),
		Stage:    r.oneOf("stage", "primary", "refined"),
		Scope:    r.oneOf("scope", "world", "eu"),
		T:        r.within("t", 0.5, 2),
		Source:   r.source(x),
		Origin:   r.origin(),
	}
}

func parseElementShare(r *row, x *refs) ElementShare {
	return ElementShare{
		Deposit:  r.required("deposit"),
		Country:  r.country("country", x),
		OreType:  r.str("ore_type"),
		Element:  r.required("element"),
		SharePct: r.within("share_pct", 0, 100),
		Bound:    Bound(r.oneOf("bound", string(Exact), string(AtLeast))),
		Cite:     r.cite(x),
	}
}

// maxPrincipalRank bounds principal_forms.csv ranks; a handful of sources per commodity
// is all a preference order needs.
const maxPrincipalRank = 9

func parsePrincipalForm(r *row, x *refs) PrincipalForm {
	p := PrincipalForm{
		Commodity: r.commodity("commodity", x),
		Category:  r.required("category"),
		Rank:      int(r.within("rank", 1, maxPrincipalRank)),
		Cite:      r.cite(x),
	}
	if v := r.str("rank"); v != "" && v != fmt.Sprint(p.Rank) {
		r.fail("rank", "must be a whole number from 1 to %d, got %q", maxPrincipalRank, v)
	}
	return p
}

// Keys identify rows for duplicate detection and for overriding embedded rows.

func (s Source) key() string    { return s.ID }
func (c Country) key() string   { return c.ISO3 }
func (c Commodity) key() string { return c.ID }
func (f Figure) key() string {
	return join(f.Commodity, string(f.Stage), string(f.Measure), f.Country, fmt.Sprint(f.Year))
}
func (t TradeShare) key() string {
	return join(t.Importer, t.Commodity, t.Category, t.Period, t.Exporter)
}
func (v Reliance) key() string         { return join(v.Importer, v.Commodity, fmt.Sprint(v.Year)) }
func (p Price) key() string            { return join(p.Commodity, p.Product, p.Market, p.Period) }
func (g Governance) key() string       { return join(g.Country, fmt.Sprint(g.Year)) }
func (m EUCRMMaterial) key() string    { return m.Material }
func (t EUTradeParameter) key() string { return join(t.Material, t.Country, t.Stage, t.Scope) }
func (e ElementShare) key() string     { return join(e.Deposit, e.Element) }
func (p PrincipalForm) key() string    { return join(p.Commodity, p.Category) }

func (s Source) origin() Origin           { return s.Origin }
func (c Country) origin() Origin          { return c.Origin }
func (c Commodity) origin() Origin        { return c.Origin }
func (t EUTradeParameter) origin() Origin { return t.Origin }
func (c Cite) origin() Origin             { return c.Origin }

func join(parts ...string) string { return strings.Join(parts, "|") }
