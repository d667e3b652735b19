package risk

import (
	"fmt"
	"sort"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// NeutralInstability is the instability g given to a supplier without a governance score
// and to the sources' "other countries" rows: the middle of the 0..1 scale. geopolrisk-py
// assigns the same 0.5 to countries whose WGI score is missing.
const NeutralInstability = 0.5

// Instability is g, a country's geopolitical instability on 0..1 (1 = worst governed):
// 1 minus its normalised WGI score. known is false when the dataset has no score for the
// country; g is then NeutralInstability.
func Instability(ds *world.Dataset, iso3 string) (g float64, year int, known bool) {
	w, ok := ds.WGI(iso3)
	if !ok {
		return NeutralInstability, 0, false
	}
	return 1 - w.WGINormalised, w.Year, true
}

// GeoPolRiskOptions selects the inputs of the GeoPolRisk lens.
type GeoPolRiskOptions struct {
	// Year is the production and NIR year; 0 = the latest with data.
	Year int
	// Stage is the production stage whose HHI is used; "" = the first stage of the
	// commodity's chain that has data.
	Stage world.Stage
	// Category is the import category whose source mix is used; "" = the principal
	// traded form (world.Dataset.PrincipalMix).
	Category string
}

// GeoPolTerm is one exporter's contribution to the import-risk sum.
type GeoPolTerm struct {
	Exporter       string  `json:"exporter"`
	ImportSharePct float64 `json:"import_share_pct"`
	// Weight approximates f_i / (p + F) as NIR x import share (fraction of supply).
	Weight float64 `json:"weight"`
	// G is the exporter's instability (1 - normalised WGI); GKnown is false when neutral.
	G            float64 `json:"g"`
	GKnown       bool    `json:"g_known"`
	Contribution float64 `json:"contribution"` // G x Weight
}

// GeoPolRiskResult is the importer-perspective GeoPolRisk score of a commodity. Pointer
// fields are nil when not computable; Notes says why.
type GeoPolRiskResult struct {
	Importer  string      `json:"importer"`
	Commodity string      `json:"commodity"`
	Stage     world.Stage `json:"stage,omitempty"`
	Year      int         `json:"year,omitempty"` // production year of the HHI
	Category  string      `json:"category,omitempty"`
	Period    string      `json:"period,omitempty"`
	// HHI is the production HHI on 0..1.
	HHI *float64 `json:"hhi"`
	NIR *NIR     `json:"nir"`
	// ImportRisk is sum_i g_i x NIR x m_i, the weighted import term (0..1).
	ImportRisk *float64 `json:"import_risk"`
	// Score is HHI x ImportRisk (0..1), the GeoPolRisk score for comparative assessment.
	Score *float64 `json:"score"`
	// SharesOnly is true when the importer has no NIR and the weights are import shares.
	SharesOnly bool         `json:"import_shares_only,omitempty"`
	Terms      []GeoPolTerm `json:"terms,omitempty"` // largest contribution first
	Notes      []string     `json:"notes,omitempty"`
}

// GeoPolRisk computes the GeoPolRisk score of a commodity from an importer's perspective
// (Gemechu et al. 2016; Cimprich et al. 2017; Koyamparambath et al. 2022):
//
//	GeoPolRisk = HHI x sum_i g_i x f_i / (p + F)
//
// with the import weights f_i / (p + F) approximated as NIR x m_i, m_i the exporter's
// share of imports, and g_i = 1 - normalised WGI. docs/lenses.md states the approximation.
func GeoPolRisk(ds *world.Dataset, importer, commodity string, opts GeoPolRiskOptions) GeoPolRiskResult {
	r := GeoPolRiskResult{Importer: importer, Commodity: commodity}
	t, ok, note := productionTable(ds, commodity, opts.Stage, opts.Year)
	r.Stage = t.Stage
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
	if ok {
		h := HHI(t)
		r.HHI, r.Year = &h, t.Year
	}
	nir, note := nirFor(ds, importer, commodity, opts.Year)
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
	r.NIR = nir
	mix, note := pickMix(ds, importer, commodity, opts.Category)
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
	hasMixes := len(ds.ImportMixes(importer, commodity)) > 0
	// Without a NIR the importer's consumption is unknown: the import term weighs each
	// exporter by its import share alone, as if all supply were imported (an upper bound).
	weight := 1.0
	if nir != nil {
		weight = nir.Fraction()
	}
	switch {
	case nir == nil && !hasMixes:
		r.Notes = append(r.Notes, fmt.Sprintf("not computable because %s has no net import reliance and no import sources for %s", importer, commodity))
	case nir == nil && mix == nil:
		r.Notes = append(r.Notes, fmt.Sprintf("not computable because %s has no net import reliance for %s and no principal-form import sources", importer, commodity))
	case nir == nil:
		r.SharesOnly = true
		r.Notes = append(r.Notes, fmt.Sprintf("%s has no net import reliance for %s (consumption unknown): import weights are the import shares alone, as if all supply were imported, so the import risk and score are upper bounds", importer, commodity))
	}
	if nir != nil && nir.Bound == world.NetExporter {
		zero := 0.0
		r.ImportRisk = &zero
		r.Notes = append(r.Notes, fmt.Sprintf("%s is a net exporter of %s: import risk 0 under the NIR approximation (the published method weighs gross imports and would give a small positive value)", importer, commodity))
	} else if nir != nil && !hasMixes {
		r.Notes = append(r.Notes, fmt.Sprintf("not computable because %s has no import sources for %s", importer, commodity))
	} else if nir != nil && mix == nil {
		r.Notes = append(r.Notes, fmt.Sprintf("not computable because %s has no principal-form import sources for %s", importer, commodity))
	} else if mix != nil {
		r.Category, r.Period = mix.Category, mix.Period
		ir := 0.0
		var neutral []string
		for _, s := range mix.Sources {
			g, _, known := Instability(ds, s.Exporter)
			if s.Exporter == importer {
				g, known = 0, true // re-imports are not a foreign supply risk
			}
			if !known {
				neutral = append(neutral, s.Exporter)
			}
			w := weight * s.SharePct / 100
			term := GeoPolTerm{Exporter: s.Exporter, ImportSharePct: s.SharePct, Weight: w, G: g, GKnown: known, Contribution: g * w}
			ir += term.Contribution
			r.Terms = append(r.Terms, term)
		}
		sortTerms(r.Terms)
		r.ImportRisk = &ir
		if len(neutral) > 0 {
			r.Notes = append(r.Notes, fmt.Sprintf("no governance score for %s: g = %g (neutral)", strings.Join(neutral, ", "), NeutralInstability))
		}
		if nir != nil && nir.Bound == world.AtLeast {
			r.Notes = append(r.Notes, fmt.Sprintf("NIR published as %s: the import risk and score are lower bounds", nir.Display))
		}
		if nir != nil {
			r.Notes = append(r.Notes, "import weights f_i/(p+F) approximated as NIR x import share (derived)")
		}
	}
	if r.Year != 0 && r.NIR != nil && r.NIR.Year != r.Year {
		r.Notes = append(r.Notes, fmt.Sprintf("production is for %d and the NIR for %d (%s)", r.Year, r.NIR.Year, r.NIR.Status))
	}
	if r.HHI != nil && r.ImportRisk != nil {
		s := *r.HHI * *r.ImportRisk
		r.Score = &s
	}
	return r
}

func sortTerms(ts []GeoPolTerm) {
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].Contribution != ts[j].Contribution {
			return ts[i].Contribution > ts[j].Contribution
		}
		return ts[i].Exporter < ts[j].Exporter
	})
}

// pickMix returns the source mix of category ("" = the principal traded form), or nil.
func pickMix(ds *world.Dataset, importer, commodity, category string) (*world.ImportMix, string) {
	mixes := ds.ImportMixes(importer, commodity)
	if len(mixes) == 0 {
		return nil, ""
	}
	if category == "" {
		m, form, ok := ds.PrincipalMix(importer, commodity)
		if !ok {
			names := make([]string, len(mixes))
			for i, m := range mixes {
				names[i] = m.Category
			}
			return nil, fmt.Sprintf("%s has several import categories for %s (%s) and none is known as the principal traded form", importer, commodity, strings.Join(names, "; "))
		}
		if len(mixes) > 1 {
			return &m, principalNote(m, form)
		}
		return &m, ""
	}
	for i := range mixes {
		if mixes[i].Category == category {
			return &mixes[i], ""
		}
	}
	return nil, fmt.Sprintf("no import category %q for %s %s", category, importer, commodity)
}

// productionTable returns the share table the production-based lenses use: stage (or the
// first stage of the chain with data when stage is "") in year (0 = default year).
func productionTable(ds *world.Dataset, commodity string, stage world.Stage, year int) (world.ShareTable, bool, string) {
	c, ok := ds.Commodity(commodity)
	if !ok {
		return world.ShareTable{}, false, fmt.Sprintf("not computable because commodity %q is not in the dataset", commodity)
	}
	if stage != "" {
		t, ok, note := stageShares(ds, commodity, stage, year)
		t.Stage = stage
		if !ok {
			return t, false, noStageData(commodity, stage, year)
		}
		return t, true, note
	}
	for _, s := range c.Stages {
		if t, ok, note := stageShares(ds, commodity, s, year); ok {
			return t, true, note
		}
	}
	return world.ShareTable{}, false, fmt.Sprintf("not computable because no stage of %s has production or share figures", commodity)
}
