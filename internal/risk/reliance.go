package risk

import (
	"fmt"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// NIR is a published net import reliance: net imports as a percentage of apparent
// consumption (USGS: imports - exports + adjustments for stock changes, over apparent
// consumption).
type NIR struct {
	Year     int         `json:"year"`
	ValuePct float64     `json:"value_pct"`
	Bound    world.Bound `json:"bound"`
	// Display is the value as the source prints it: "80", ">95", "<25" or "E" (net exporter).
	Display string       `json:"display"`
	Basis   string       `json:"basis,omitempty"`
	Status  world.Status `json:"status"`
	Source  string       `json:"source"`
}

// Fraction is the reliance as a fraction of apparent consumption, 0 for a net exporter.
// For a ">95" bound it is the bound itself, a lower bound on the true value.
func (n NIR) Fraction() float64 {
	if n.Bound == world.NetExporter {
		return 0
	}
	return n.ValuePct / 100
}

func newNIR(r world.Reliance) NIR {
	n := NIR{Year: r.Year, ValuePct: r.ValuePct, Bound: r.Bound, Basis: r.Basis, Status: r.Status, Source: r.Source}
	v := fmt.Sprintf("%g", r.ValuePct)
	switch r.Bound {
	case world.AtLeast:
		n.Display = ">" + v
	case world.AtMost:
		n.Display = "<" + v
	case world.NetExporter:
		n.Display = "E"
	default:
		n.Display = v
	}
	// An import reliance given at one stage of the chain (the EU's, at extraction or
	// processing) says which, so that a column mixing stages reads as it is.
	for _, st := range []struct{ in, mark string }{{"extraction stage", " (ext)"}, {"processing stage", " (proc)"}} {
		if strings.Contains(r.Basis, st.in) {
			n.Display += st.mark
		}
	}
	return n
}

// SourceShare is one exporter's share of an importer's imports of a product category.
type SourceShare struct {
	Exporter string  `json:"exporter"`
	SharePct float64 `json:"share_pct"`
	// ReliancePct is derived, not published: NIR x share / 100, the percentage of the
	// importer's apparent consumption met by net imports from this exporter. It is absent
	// when the importer has no NIR; its bound is the NIR's (">95" makes it a lower bound).
	ReliancePct   *float64     `json:"reliance_pct,omitempty"`
	RelianceBound world.Bound  `json:"reliance_bound,omitempty"`
	Status        world.Status `json:"status"`
	Source        string       `json:"source"`
}

// SourceMix is an importer's source mix for one product category in its latest period.
type SourceMix struct {
	Category string `json:"category"`
	Period   string `json:"period"`
	// Principal is true for the mix of the commodity's principal traded form (the form the
	// NIR is defined on; principal_forms.csv). Only that mix carries derived reliance;
	// other forms are shown as shares of their own imports.
	Principal bool          `json:"principal"`
	Sources   []SourceShare `json:"sources"` // largest share first, ties by exporter code
}

// RelianceResult is the USGS-style view of an importer's dependence on imports of one
// commodity: its net import reliance and its latest source mix per import category.
type RelianceResult struct {
	Importer  string `json:"importer"`
	Commodity string `json:"commodity"`
	// Available is false when the dataset has neither a NIR nor a source mix for the pair.
	Available bool        `json:"available"`
	NIR       *NIR        `json:"nir"`
	Mixes     []SourceMix `json:"mixes"` // the principal form first, then by category
	Notes     []string    `json:"notes,omitempty"`
}

// ImportReliance returns an importer's net import reliance on a commodity for year (0 =
// the latest year the data has; if the year asked has no value, the latest earlier year,
// else the latest year, with a note) and the latest source mix of each import category.
// The derived reliance on each exporter is computed on the principal traded form only:
// multiplying the NIR by the shares of ore or scrap imports would credit a supplier of a
// minor form with the whole reliance.
func ImportReliance(ds *world.Dataset, importer, commodity string, year int) RelianceResult {
	r := RelianceResult{Importer: importer, Commodity: commodity, Mixes: []SourceMix{}}
	nir, note := nirFor(ds, importer, commodity, year)
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
	r.NIR = nir
	principal, form, hasPrincipal := ds.PrincipalMix(importer, commodity)
	mixes := ds.ImportMixes(importer, commodity)
	if hasPrincipal {
		r.Mixes = append(r.Mixes, sourceMix(principal, nir, true))
		if len(mixes) > 1 {
			r.Notes = append(r.Notes, principalNote(principal, form))
		}
	} else if len(mixes) > 1 {
		r.Notes = append(r.Notes, fmt.Sprintf("no principal traded form of %s is known among %s's %d import categories; reliance on exporters is not derived from any of them", commodity, importer, len(mixes)))
	}
	for _, m := range mixes {
		if !hasPrincipal || m.Category != principal.Category {
			r.Mixes = append(r.Mixes, sourceMix(m, nil, false))
		}
	}
	r.Available = nir != nil || len(r.Mixes) > 0
	switch {
	case !r.Available:
		r.Notes = append(r.Notes, fmt.Sprintf("not computable because the dataset has no net import reliance and no import sources for %s %s", importer, commodity))
	case nir == nil:
		r.Notes = append(r.Notes, fmt.Sprintf("no net import reliance for %s %s; reliance on each exporter is not computable", importer, commodity))
	case len(r.Mixes) == 0:
		r.Notes = append(r.Notes, fmt.Sprintf("no import sources for %s %s", importer, commodity))
	}
	if nir != nil && nir.Bound == world.NetExporter {
		r.Notes = append(r.Notes, fmt.Sprintf("%s is a net exporter of %s in %d: net import reliance 0", importer, commodity, nir.Year))
	}
	if nir != nil && nir.Bound == world.AtLeast {
		r.Notes = append(r.Notes, fmt.Sprintf("net import reliance is published as %s; derived reliance on exporters is a lower bound", nir.Display))
	}
	return r
}

// principalNote says which category was used as the principal form and why.
func principalNote(m world.ImportMix, form world.PrincipalForm) string {
	why := "the only category with a NIR-defining row"
	if form.Note != "" {
		why = form.Note
	}
	return fmt.Sprintf("principal traded form: %q (%s); other categories are shown as shares of their own imports", m.Category, why)
}

func sourceMix(m world.ImportMix, nir *NIR, principal bool) SourceMix {
	out := SourceMix{Category: m.Category, Period: m.Period, Principal: principal, Sources: make([]SourceShare, 0, len(m.Sources))}
	for _, s := range m.Sources {
		e := SourceShare{Exporter: s.Exporter, SharePct: s.SharePct, Status: s.Status, Source: s.Source}
		if nir != nil {
			v := nir.Fraction() * s.SharePct
			e.ReliancePct, e.RelianceBound = &v, nir.Bound
		}
		out.Sources = append(out.Sources, e)
	}
	return out
}

// nirFor returns the NIR for year (0 = latest), falling back as ImportReliance documents.
func nirFor(ds *world.Dataset, importer, commodity string, year int) (*NIR, string) {
	if r, ok := ds.NetImportReliance(importer, commodity, year); ok {
		n := newNIR(r)
		return &n, ""
	}
	if year == 0 {
		return nil, ""
	}
	var best *world.Reliance
	for i := range ds.Reliance {
		r := &ds.Reliance[i]
		if r.Importer != importer || r.Commodity != commodity || r.Year > year {
			continue
		}
		if best == nil || r.Year > best.Year {
			best = r
		}
	}
	if best == nil {
		latest, ok := ds.NetImportReliance(importer, commodity, 0)
		if !ok {
			return nil, ""
		}
		best = &latest
	}
	n := newNIR(*best)
	return &n, fmt.Sprintf("no net import reliance for %s %s in %d; used %d", importer, commodity, year, n.Year)
}

// CountryReliance is an importer's derived reliance on one exporting country through one
// import category: NIR x the exporter's share of imports. It is derived by critmin, not
// published by USGS, and assumes that the exporter's share of gross imports is also its
// share of net imports.
type CountryReliance struct {
	Importer  string `json:"importer"`
	Commodity string `json:"commodity"`
	Country   string `json:"country"`
	Category  string `json:"category"`
	Period    string `json:"period"`
	// Listed is false when the country is not in the mix; SharePct is then 0 among named
	// exporters, though part of an "other countries" row may be from it.
	Listed      bool        `json:"listed"`
	SharePct    float64     `json:"share_pct"`
	NIR         NIR         `json:"nir"`
	ReliancePct float64     `json:"reliance_pct"`
	Bound       world.Bound `json:"bound"`
	Notes       []string    `json:"notes,omitempty"`
}

// RelianceOn returns the importer's derived reliance on country through the principal
// traded form's source mix. It is empty (with ok false and a reason) when the importer has
// no NIR or no principal-form source mix for the commodity.
func RelianceOn(ds *world.Dataset, importer, commodity, country string, year int) (out []CountryReliance, ok bool, reason string) {
	rel := ImportReliance(ds, importer, commodity, year)
	if rel.NIR == nil {
		return nil, false, fmt.Sprintf("not computable because %s has no net import reliance for %s", importer, commodity)
	}
	if len(rel.Mixes) == 0 {
		return nil, false, fmt.Sprintf("not computable because %s has no import sources for %s", importer, commodity)
	}
	for _, m := range rel.Mixes {
		if !m.Principal {
			continue
		}
		c := CountryReliance{Importer: importer, Commodity: commodity, Country: country, Category: m.Category,
			Period: m.Period, NIR: *rel.NIR, Bound: rel.NIR.Bound}
		other := 0.0
		for _, s := range m.Sources {
			if s.Exporter == world.OtherCountry {
				other = s.SharePct
			}
			if s.Exporter == country {
				c.Listed, c.SharePct = true, s.SharePct
			}
		}
		c.ReliancePct = rel.NIR.Fraction() * c.SharePct
		c.Notes = append(c.Notes, "derived: NIR x share of imports; not a published figure")
		if !c.Listed && other > 0 {
			c.Notes = append(c.Notes, fmt.Sprintf("%s is not listed; it may supply part of the %g%% from other countries", country, other))
		}
		if rel.NIR.Year != 0 && m.Period != fmt.Sprint(rel.NIR.Year) {
			c.Notes = append(c.Notes, fmt.Sprintf("the NIR is for %d and the source mix for %s", rel.NIR.Year, m.Period))
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, false, fmt.Sprintf("not computable because no principal traded form of %s is known among %s's import categories", commodity, importer)
	}
	return out, true, ""
}
