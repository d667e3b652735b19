package risk

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// ChainStage is one stage of a chained-exposure calculation.
type ChainStage struct {
	Stage world.Stage `json:"stage"`
	// Available is false when the stage has no data; it is then skipped (the exposure of
	// the stage before is carried over to the next stage unchanged), the final exposure is
	// a lower bound, and Share and Exposure are nil (JSON null: unknown, not 0; a trial read
	// a Dy chain with no data's "exposure": 0 as no exposure).
	Available bool          `json:"available"`
	Year      int           `json:"year,omitempty"`
	From      world.Measure `json:"from,omitempty"` // production or share
	Basis     string        `json:"basis,omitempty"`
	// Share is the country's share of world output of the stage (0..1); nil when the
	// stage has no data.
	Share *float64 `json:"share"`
	// Exposure is the fraction of the stage's world output that used input from the
	// country at this or an earlier stage: s_k + (1 - s_k) x exposure_{k-1}; nil when the
	// stage has no data.
	Exposure *float64 `json:"exposure"`
	Notes    []string `json:"notes,omitempty"`
}

// ChainedResult is the share of a commodity's final-stage supply that passes through a
// country at any stage, for the world and for an importer. Pointer fields are nil when not
// computable; Notes says why.
type ChainedResult struct {
	Importer  string       `json:"importer,omitempty"`
	Commodity string       `json:"commodity"`
	Country   string       `json:"country"`
	Chain     []ChainStage `json:"chain"`
	// FinalStage is the last stage of the chain; WorldExposure is the exposure of world
	// output at the last stage with data.
	FinalStage    world.Stage `json:"final_stage"`
	WorldExposure *float64    `json:"world_exposure"`
	// ImporterExposure is the exposure of the importer's final-stage supply:
	// d x domestic + (1 - d) x imports, d = 1 - NIR.
	ImporterExposure *float64 `json:"importer_exposure"`
	// DomesticShare is d, the part of supply the importer produces itself (1 - NIR).
	DomesticShare *float64 `json:"domestic_share"`
	// ImportBasis says what the import exposure was computed from: the importer's source
	// mix of the final-stage product, or the world final-stage shares.
	ImportBasis string `json:"import_basis,omitempty"`
	// MissingStages are the stages of the chain without data. Their exposure is unknown,
	// not 0: the exposures above are then lower bounds (LowerBound) and the upper bound is
	// 100% (the missing stage could be entirely in the country). A mine-only chain is a
	// lower bound too: its processing stages are not in the data at all.
	// An NIR given as a lower bound (">50") makes the importer's exposure a lower bound
	// too: its domestic share 1 - NIR is then an upper bound.
	MissingStages []world.Stage `json:"missing_stages,omitempty"`
	LowerBound    bool          `json:"lower_bound,omitempty"`
	// UpperBound is true when the importer's exposure may be lower than given: without
	// an NIR all its supply is taken as imported, and with an NIR given as an upper bound
	// ("<25") its domestic share is a lower bound, while domestic producers, who draw on
	// the world pool of the stage before, pass less through the supplier than imports
	// do. With LowerBound as well, the figure is neither bound.
	UpperBound bool `json:"upper_bound,omitempty"`
	// NIR is the net import reliance the importer's exposure used, with its source and
	// basis (nil when the data has none).
	NIR   *NIR     `json:"nir,omitempty"`
	Notes []string `json:"notes,omitempty"`
}

// outgrowsFeed is how much more a stage must make than the stage before it, in world
// tonnes, for the chained lens to say it takes feed from outside the chain.
const outgrowsFeed = 1.1

// fmtTonnes formats a world tonnage without decimals.
func fmtTonnes(t float64) string { return strconv.FormatFloat(math.Round(t), 'f', -1, 64) }

// ChainedExposure computes the share of final-stage supply of a commodity that passes
// through country at any stage of the chain, under proportional mixing: producers outside
// the country at stage k draw their input from the world pool of stage k-1, producers in
// the country use input that passed through it. Stages without data are skipped and
// flagged, never counted as 0. importer may be "" for the world chain alone. year 0 means
// each stage's default year.
func ChainedExposure(ds *world.Dataset, importer, commodity, country string, year int) ChainedResult {
	r := ChainedResult{Importer: importer, Commodity: commodity, Country: country, Chain: []ChainStage{}}
	c, ok := ds.Commodity(commodity)
	if !ok {
		r.Notes = append(r.Notes, fmt.Sprintf("not computable because commodity %q is not in the dataset", commodity))
		return r
	}
	r.FinalStage = c.Stages[len(c.Stages)-1]
	exposure, seen := 0.0, false
	// before is the exposure of the stage before the last one with data: what a
	// producer outside the country at the final stage draws on.
	before := 0.0
	var skipped []string
	// prevT is the world tonnage of the last stage with production figures, and prevStage
	// that stage: a later stage that makes more than it takes feed the chain does not
	// model (synthetic graphite in battery anode material).
	prevT, prevStage, prevYear := 0.0, world.Stage(""), 0
	var unlisted []string // stages where the country is not named and output is unattributed
	for _, s := range c.Stages {
		st := ChainStage{Stage: s}
		t, ok, note := stageShares(ds, commodity, s, year)
		if note != "" {
			st.Notes = append(st.Notes, note)
		}
		if !ok {
			st.Notes = append(st.Notes, "skipped: no production or share figures; exposure carried over")
			skipped = append(skipped, string(s))
			r.Chain = append(r.Chain, st)
			continue
		}
		st.Available, st.Year, st.From, st.Basis = true, t.Year, t.From, t.Basis
		share := t.Share(country)
		st.Share = &share
		if !tableLists(t, country) && t.Other > 0 {
			st.Notes = append(st.Notes, fmt.Sprintf("%s not listed; part of the unattributed %s may be its", country, pctText(t.Other)))
			// Counted as 0, a share that may be up to Other: the exposure is a lower bound.
			r.LowerBound = true
			unlisted = append(unlisted, string(s))
		}
		if t.From == world.Production && t.WorldTonnes > 0 {
			// Figures a year apart may differ by a year's growth: they must differ by more.
			limit := outgrowsFeed
			if t.Year != prevYear {
				limit *= outgrowsFeed
			}
			if prevT > 0 && t.WorldTonnes > limit*prevT {
				note := fmt.Sprintf("world output of %s (%s t, %d) exceeds that of %s (%s t, %d): the stage also takes feed the chain does not model (secondary material, stocks or other sources), which proportional mixing counts as %s output, so the exposure carried from earlier stages is overstated",
					s, fmtTonnes(t.WorldTonnes), t.Year, prevStage, fmtTonnes(prevT), prevYear, prevStage)
				st.Notes = append(st.Notes, note)
				r.Notes = append(r.Notes, note)
			}
			prevT, prevStage, prevYear = t.WorldTonnes, s, t.Year
		}
		if s == r.FinalStage {
			before = exposure
		}
		exposure = share + (1-share)*exposure
		e := exposure // exposure changes at the next stage: each stage keeps its own
		st.Exposure = &e
		seen = true
		r.Chain = append(r.Chain, st)
	}
	if !seen {
		r.Notes = append(r.Notes, fmt.Sprintf("not computable because no stage of %s has production or share figures", commodity))
		return r
	}
	w := exposure
	r.WorldExposure = &w
	if len(skipped) > 0 {
		r.LowerBound = true
		for _, s := range skipped {
			r.MissingStages = append(r.MissingStages, world.Stage(s))
		}
		r.Notes = append(r.Notes, fmt.Sprintf("stages without data (%s): their exposure is unknown, not 0, so the exposure is a lower bound (the range runs to 100%%)", strings.Join(skipped, ", ")))
	}
	if len(unlisted) > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s is not named at %s, where some output is unattributed: its share there is counted as 0, so the exposure is a lower bound", country, strings.Join(unlisted, ", ")))
	}
	if len(c.Stages) == 1 && c.Stages[0] == world.Mine {
		r.LowerBound = true
		r.Notes = append(r.Notes, fmt.Sprintf("the data has only the mine stage of %s: processing (refining, alloys) is not covered, so the exposure of processed supply is a lower bound", commodity))
	}
	final := r.Chain[len(r.Chain)-1]
	if !final.Available {
		r.Notes = append(r.Notes, fmt.Sprintf("final stage %s has no data; world exposure is that of the last stage with data", r.FinalStage))
	}
	if importer != "" {
		importerExposure(ds, &r, before, final.Available)
	}
	return r
}

// importerExposure fills the importer's exposure. before is the world exposure of the input
// to the final stage, used for producers outside the country.
func importerExposure(ds *world.Dataset, r *ChainedResult, before float64, finalAvailable bool) {
	if !finalAvailable {
		r.Notes = append(r.Notes, "importer exposure not computable because the final stage has no data")
		return
	}
	// A producer in the country passes everything through it; any other producer draws on
	// the world pool of the stage before.
	via := func(producer string) float64 {
		if producer == r.Country {
			return 1
		}
		return before
	}
	imports := *r.WorldExposure
	r.ImportBasis = fmt.Sprintf("world %s shares", r.FinalStage)
	if mix := finalStageMix(ds, r.Importer, r.Commodity, r.FinalStage); mix != nil {
		imports = 0
		listed := false
		for _, s := range mix.Sources {
			imports += s.SharePct / 100 * via(s.Exporter)
			listed = listed || s.Exporter == r.Country
		}
		r.ImportBasis = fmt.Sprintf("%s source mix %q (%s)", r.Importer, mix.Category, mix.Period)
		if !listed {
			r.Notes = append(r.Notes, fmt.Sprintf("%s is not listed in the %q mix; any part of 'other countries' from it is counted as non-%s", r.Country, mix.Category, r.Country))
		}
	} else {
		r.Notes = append(r.Notes, fmt.Sprintf("no %s source mix for the final stage (%s); imports assumed to follow world %s shares", r.Importer, r.FinalStage, r.FinalStage))
	}
	nir, note := nirFor(ds, r.Importer, r.Commodity, r.Chain[len(r.Chain)-1].Year)
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
	d := 0.0
	// Domestic supply passes less through the supplier than imports (via(r.Importer) is
	// the stage before's exposure, at most the imports'), unless the importer is the
	// supplier itself: more domestic supply, less exposure.
	lessExposed := r.Importer != r.Country
	r.NIR = nir
	if nir == nil {
		r.Notes = append(r.Notes, fmt.Sprintf("no net import reliance for %s %s: supply assumed all imported, so the exposure is an upper bound (domestic supply, which the data cannot size, passes less through %s)", r.Importer, r.Commodity, r.Country))
		r.UpperBound = r.UpperBound || lessExposed
	} else {
		d = 1 - nir.Fraction()
		r.Notes = append(r.Notes, fmt.Sprintf("domestic share 1 - NIR uses the %s NIR of %s (%s, %d) from %s, %s",
			r.Importer, r.Commodity, nir.Display, nir.Year, nir.Source, nirScope(*nir, r.FinalStage)))
		// The overview's NIR column shows the latest year; this lens the year of its
		// production figures. Say so where they differ (a trial read 67 in one view and 53
		// in the other for US rare earths, with nothing to tell why).
		if latest, ok := ds.NetImportReliance(r.Importer, r.Commodity, 0); ok && latest.Year != nir.Year {
			l := newNIR(latest)
			r.Notes = append(r.Notes, fmt.Sprintf("the NIR of the chain's production year (%d) is used; the latest, %s (%d), is what the overview's NIR column shows",
				nir.Year, l.Display, l.Year))
		}
		switch nir.Bound {
		case world.AtLeast:
			r.Notes = append(r.Notes, fmt.Sprintf("NIR %s is a lower bound, so the domestic share is an upper bound and the exposure a lower bound", nir.Display))
			r.LowerBound = r.LowerBound || lessExposed
			r.UpperBound = r.UpperBound || !lessExposed
		case world.AtMost:
			r.Notes = append(r.Notes, fmt.Sprintf("NIR %s is an upper bound, so the domestic share is a lower bound and the exposure an upper bound", nir.Display))
			r.UpperBound = r.UpperBound || lessExposed
			r.LowerBound = r.LowerBound || !lessExposed
		}
	}
	r.DomesticShare = &d
	v := d*via(r.Importer) + (1-d)*imports
	r.ImporterExposure = &v
}

// finalStageMix returns the importer's source mix whose category names the final stage
// (e.g. "NdFeB magnets" for stage magnet), the principal form's first, or nil when the
// data has none.
func finalStageMix(ds *world.Dataset, importer, commodity string, final world.Stage) *world.ImportMix {
	if m, _, ok := ds.PrincipalMix(importer, commodity); ok && strings.Contains(strings.ToLower(m.Category), string(final)) {
		return &m
	}
	for _, m := range ds.ImportMixes(importer, commodity) {
		if strings.Contains(strings.ToLower(m.Category), string(final)) {
			return &m
		}
	}
	return nil
}

// nirScope says what an NIR row measures against the chain's final stage: the EU CRM's
// import reliance is given at the stage its basis names (processing, extraction), USGS's
// for the commodity as a whole.
func nirScope(n NIR, final world.Stage) string {
	for _, st := range []string{"processing stage", "extraction stage"} {
		if strings.Contains(n.Basis, st) {
			return fmt.Sprintf("which gives it at the %s (%s)", st, n.Basis)
		}
	}
	return fmt.Sprintf("which gives it for the commodity, not for the %s stage", final)
}
