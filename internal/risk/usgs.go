package risk

import (
	"fmt"
	"sort"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// USGSOptions selects the inputs of the USGS-style supply-risk lens.
type USGSOptions struct {
	// Year is the production and NIR year; 0 = the latest with data.
	Year int
	// Stage is the production stage of the disruption potential; "" = the first stage of
	// the commodity's chain with data (USGS MCS world production is mostly mine production).
	Stage world.Stage
}

// DPTerm is one producing country's contribution to the disruption potential.
type DPTerm struct {
	Country string  `json:"country"`
	Share   float64 `json:"share"` // fraction of world production
	// G is the country's instability (1 - normalised WGI); 0 for the importer's own
	// production. GKnown is false when the country has no score and G is neutral.
	G            float64 `json:"g"`
	GKnown       bool    `json:"g_known"`
	Contribution float64 `json:"contribution"` // G x Share^2
}

// USGSRisk is the USGS 2022-style supply risk of a commodity to an importer (Nassar et al.
// 2020; Nassar & Fortier 2021): disruption potential x trade exposure x economic
// vulnerability. critmin has no data for economic vulnerability, so EV is always nil and
// the lens reports DP x TE as RiskWithoutEV. Pointer fields are nil when not computable.
type USGSRisk struct {
	Importer  string      `json:"importer"`
	Commodity string      `json:"commodity"`
	Stage     world.Stage `json:"stage,omitempty"`
	Year      int         `json:"year,omitempty"` // production year of DP
	// DP is the disruption potential, sum_i g_i x s_i^2 (0..1), reconstructed; see docs/lenses.md.
	DP      *float64 `json:"disruption_potential"`
	DPTerms []DPTerm `json:"dp_terms,omitempty"` // largest contribution first
	// TE is the trade exposure, NIR as a fraction of apparent consumption (0 for a net exporter).
	TE  *float64 `json:"trade_exposure"`
	NIR *NIR     `json:"nir"`
	// EV is the economic vulnerability; always nil (not available in critmin's data).
	EV *float64 `json:"economic_vulnerability"`
	// RiskWithoutEV is DP x TE: the supply risk without economic vulnerability.
	RiskWithoutEV *float64 `json:"supply_risk_without_ev"`
	Notes         []string `json:"notes,omitempty"`
}

// evUnavailable says why EV is absent; every USGSRisk carries it.
const evUnavailable = "economic vulnerability not available: it needs the importing industries' price elasticities and sector data (Nassar et al. use U.S. manufacturing data), which critmin does not hold; no value is assumed"

// USGSSupplyRisk computes the disruption potential and trade exposure of a commodity for
// an importer and their product.
func USGSSupplyRisk(ds *world.Dataset, importer, commodity string, opts USGSOptions) USGSRisk {
	r := USGSRisk{Importer: importer, Commodity: commodity}
	t, ok, note := productionTable(ds, commodity, opts.Stage, opts.Year)
	r.Stage = t.Stage
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
	if ok {
		r.Year = t.Year
		dp, terms, neutral := disruptionPotential(ds, t, importer)
		r.DP, r.DPTerms = &dp, terms
		if len(neutral) > 0 {
			r.Notes = append(r.Notes, fmt.Sprintf("no governance score for %s: g = %g (neutral)", strings.Join(neutral, ", "), NeutralInstability))
		}
		if t.Other >= 0.005 {
			r.Notes = append(r.Notes, fmt.Sprintf("%s of production is unattributed and contributes nothing to DP (a lower bound)", pctText(t.Other)))
		}
	}
	nir, note := nirFor(ds, importer, commodity, opts.Year)
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
	r.NIR = nir
	if nir == nil {
		r.Notes = append(r.Notes, fmt.Sprintf("trade exposure not computable because %s has no net import reliance for %s", importer, commodity))
	} else {
		te := nir.Fraction()
		r.TE = &te
		switch nir.Bound {
		case world.NetExporter:
			r.Notes = append(r.Notes, fmt.Sprintf("%s is a net exporter of %s: trade exposure 0", importer, commodity))
		case world.AtLeast:
			r.Notes = append(r.Notes, fmt.Sprintf("NIR published as %s: trade exposure is a lower bound", nir.Display))
		case world.AtMost:
			r.Notes = append(r.Notes, fmt.Sprintf("NIR published as %s: trade exposure is an upper bound", nir.Display))
		}
	}
	if r.Year != 0 && r.NIR != nil && r.NIR.Year != r.Year {
		r.Notes = append(r.Notes, fmt.Sprintf("production is for %d and the NIR for %d (%s)", r.Year, r.NIR.Year, r.NIR.Status))
	}
	if r.DP != nil && r.TE != nil {
		v := *r.DP * *r.TE
		r.RiskWithoutEV = &v
	}
	r.Notes = append(r.Notes, evUnavailable)
	return r
}

// disruptionPotential returns sum_i g_i s_i^2 over the named producers, the importer's own
// production counting with g = 0, and the producers with a neutral g.
func disruptionPotential(ds *world.Dataset, t world.ShareTable, importer string) (float64, []DPTerm, []string) {
	dp := 0.0
	var neutral []string
	terms := make([]DPTerm, 0, len(t.Entries))
	for _, e := range t.Entries {
		g, _, known := Instability(ds, e.Country)
		if e.Country == importer {
			g, known = 0, true
		}
		if !known {
			neutral = append(neutral, e.Country)
		}
		term := DPTerm{Country: e.Country, Share: e.Share, G: g, GKnown: known, Contribution: g * e.Share * e.Share}
		dp += term.Contribution
		terms = append(terms, term)
	}
	sort.SliceStable(terms, func(i, j int) bool {
		if terms[i].Contribution != terms[j].Contribution {
			return terms[i].Contribution > terms[j].Contribution
		}
		return terms[i].Country < terms[j].Country
	})
	return dp, terms, neutral
}
