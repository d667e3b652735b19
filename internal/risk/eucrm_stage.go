package risk

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// euCRMStage computes one assessed stage of a material.
func euCRMStage(ds *world.Dataset, m world.EUCRMMaterial, c world.Commodity, name string, year int, opts euOptions) EUCRMStage {
	s := EUCRMStage{Stage: name, EoL: euOptional(m.EoLRIRPct / 100), SISR: euOptional(m.SISR)}
	category, irPct := "primary", m.IRPrimaryPct
	s.EUSourcing = m.SourcingPrimary
	if name == Processing {
		category, irPct = "refined", m.IRRefinedPct
		s.EUSourcing = m.SourcingRefined
	}
	s.IR = euOptional(irPct / 100)

	var tab world.ShareTable
	var proxy string
	ok := false
	if year == 0 && opts.period {
		if tab, s.Years, ok = euPeriodShares(ds, c, name); ok {
			s.EUPeriod = true
		}
	}
	if !ok {
		tab, proxy, ok = euStageShares(ds, c, name, year)
	}
	if !ok {
		s.Missing = fmt.Sprintf("critmin has no %s figures for %s%s", euStageWords(name), c.ID, euYearWords(year))
		return s
	}
	s.CritminStage, s.ShareCommodity, s.Proxy, s.Year = tab.Stage, tab.Commodity, proxy, tab.Year
	if len(s.Years) == 0 {
		s.Years = []int{tab.Year}
	}
	s.Unattributed = tab.Other
	h, ok := euHHIWGIt(ds, m.Material, category, "world", tab)
	if !ok {
		s.Missing = "no producer of the stage, nor any other country, has a WGI score"
		return s
	}
	s.HHIWGIt, s.WGIFallback, s.WGIFallbackScaled = h.value, h.fallback, h.fallbackScaled
	switch {
	case math.IsNaN(m.SISR):
		s.Missing = "the EU published no SI_SR for this material"
		return s
	case math.IsNaN(m.EoLRIRPct):
		s.Missing = "the EU published no EoL-RIR for this material"
		return s
	}
	hhi := h.value
	s.SourcingUsed = SourcingGSOnly
	if s.EUSourcing == SourcingGSandEU || s.EUSourcing == SourcingEUOnly {
		hhi = euSourcingTerm(ds, m, c, name, category, opts, &s)
	}
	s.EUSourcingMissing = s.EUSourcing != SourcingGSOnly && s.SourcingUsed == SourcingGSOnly
	sr := hhi * (1 - *s.EoL) * *s.SISR
	s.SupplyRisk = &sr
	return s
}

// euSourcingTerm blends the EU sourcing term into a stage whose EU sourcing mode is GS+EU
// or EUonly, and returns the HHI the SR is built on. The EU sourcing HHI is computed
// from the EU27's extra-EU import mix of the stage's form (euHSStage) with the EU-scope
// trade parameters. Without such a mix (or, for GS+EU, without a published IR) the
// global-supply HHI stands alone and s says why.
func euSourcingTerm(ds *world.Dataset, m world.EUCRMMaterial, c world.Commodity, name, category string, opts euOptions, s *EUCRMStage) float64 {
	gs := s.HHIWGIt
	if !opts.sourcing {
		s.EUSourcingNote = "EU sourcing term switched off"
		return gs
	}
	mix, ok := euSourcingMix(ds, c.ID, name)
	if !ok {
		s.EUSourcingNote = fmt.Sprintf("no EU27 import mix of a BACI form at the %s stage of %s", strings.ToLower(name), c.ID)
		return gs
	}
	if s.EUSourcing == SourcingGSandEU && s.IR == nil {
		s.EUSourcingNote = "the EU published no import reliance to weigh the two terms"
		return gs
	}
	h, ok := euHHIWGIt(ds, m.Material, category, "eu", euMixTable(c.ID, mix))
	if !ok {
		s.EUSourcingNote = "no exporter to the EU, nor any other country, has a WGI score"
		return gs
	}
	eu := h.value
	s.HHIWGItEU = &eu
	s.EUSourcingCategory, s.EUSourcingPeriod = mix.Category, mix.Period
	s.EUSourcingUnattributed = euMixTable(c.ID, mix).Other
	s.EUSourcingWGIFallback = h.fallback
	s.SourcingUsed = s.EUSourcing
	if s.EUSourcing == SourcingEUOnly {
		return eu
	}
	half := *s.IR / 2
	return gs*half + eu*(1-half)
}

func euStageWords(name string) string {
	if name == Extraction {
		return "mine (extraction)"
	}
	return "refined or separation (processing)"
}

func euYearWords(year int) string {
	if year == 0 {
		return ""
	}
	return fmt.Sprintf(" in %d", year)
}

// euStageShares finds the share table of an EU stage: the mine stage for Extraction, the
// first of refined or separation in the chain for Processing. A rare-earth element
// without figures of its own falls back to its parent's table, returned as proxy.
func euStageShares(ds *world.Dataset, c world.Commodity, name string, year int) (t world.ShareTable, proxy string, ok bool) {
	if t, ok := euFirstShares(ds, c, name, year); ok {
		return t, "", true
	}
	if c.Parent == "" {
		return world.ShareTable{}, "", false
	}
	p, found := ds.Commodity(c.Parent)
	if !found {
		return world.ShareTable{}, "", false
	}
	if t, ok := euFirstShares(ds, p, name, year); ok {
		return t, p.ID, true
	}
	return world.ShareTable{}, "", false
}

func euFirstShares(ds *world.Dataset, c world.Commodity, name string, year int) (world.ShareTable, bool) {
	for _, st := range c.Stages {
		if !euStageHolds(name, st) {
			continue
		}
		if t, ok := ds.Shares(c.ID, st, year); ok {
			return t, true
		}
	}
	return world.ShareTable{}, false
}

// euStageHolds reports whether a critmin stage stands for an EU stage. Metal, magnet and
// anode are downstream of what the EU calls processing and are never used.
func euStageHolds(name string, st world.Stage) bool {
	if name == Extraction {
		return st == world.Mine
	}
	return st == world.Refined || st == world.Separation
}

type euHHITerm struct {
	value          float64 // sum of share^2 x scaled WGI x t, 0..10
	fallback       []string
	fallbackScaled float64
}

// euHHIWGIt is the EU's HHI_WGI,t of a share table: shares as fractions, WGI on the EU
// scale (ScaledWGI) and the EU's trade parameter t of the material, category and scope
// ("world" for global supply, "eu" for the EU sourcing mix). Producers without a score get the median score of the table's scored
// producers (of all scored countries when none is scored); ok is false when the dataset
// has no scores at all.
func euHHIWGIt(ds *world.Dataset, material, category, scope string, t world.ShareTable) (euHHITerm, bool) {
	var scored []float64
	for _, e := range t.Entries {
		if g, ok := ds.WGI(e.Country); ok {
			scored = append(scored, g.WGINormalised)
		}
	}
	if len(scored) == 0 && len(t.Entries) > 0 {
		for _, g := range ds.Governance {
			if latest, _ := ds.WGI(g.Country); latest.Year == g.Year {
				scored = append(scored, g.WGINormalised)
			}
		}
		if len(scored) == 0 {
			return euHHITerm{}, false
		}
	}
	var h euHHITerm
	if len(scored) > 0 {
		h.fallbackScaled = ScaledWGI(euMedian(scored))
	}
	for _, e := range t.Entries {
		w := h.fallbackScaled
		if g, ok := ds.WGI(e.Country); ok {
			w = ScaledWGI(g.WGINormalised)
		} else {
			h.fallback = append(h.fallback, e.Country)
		}
		h.value += e.Share * e.Share * w * ds.EUTradeParameter(material, e.Country, category, scope)
	}
	if len(h.fallback) == 0 {
		h.fallbackScaled = 0
	}
	sort.Strings(h.fallback)
	return h, true
}

// euMedian returns the median of a non-empty slice, which it sorts.
func euMedian(v []float64) float64 {
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
