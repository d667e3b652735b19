package risk

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// euImporter is the importer whose import mixes stand for the EU sourcing: the EU27's
// imports from outside the Union, summed over the member states (trade.csv).
const euImporter = "EU27"

// euPeriodFirst and euPeriodLast bound the years the 2023 assessment averaged its supply
// data over (euDataPeriod).
const (
	euPeriodFirst = 2016
	euPeriodLast  = 2020
)

// euOptions switches the two inputs that bring the lens closer to the EU's computation,
// so the validation can state what each of them did to the error.
type euOptions struct {
	// period takes the global-supply shares from the EU's 2016-2020 window where the
	// dataset has share tables in it (BGS refined shares), when no year is asked for.
	period bool
	// sourcing blends in the EU sourcing term from the EU27 import mix where the EU used
	// GS+EU or EUonly.
	sourcing bool
}

var euFull = euOptions{period: true, sourcing: true}

// euHSStage says which EU stage each BACI HS6 code of trade.csv stands for: ores,
// concentrates and natural minerals are what the EU calls extraction; metals, refined
// products and chemicals are processing. Permanent magnets (850511) are downstream of
// both and are not listed, nor is any code the extract does not carry.
var euHSStage = map[string]string{
	"250490": Extraction, // natural graphite
	"251010": Extraction, // natural calcium phosphates, unground
	"251110": Extraction, // natural barium sulphate (barytes)
	"252800": Extraction, // natural borates and concentrates
	"252922": Extraction, // fluorspar > 97% CaF2 (acid grade, a mine concentrate)
	"260200": Extraction, // manganese ores and concentrates
	"280469": Processing, // silicon < 99.99% Si
	"280480": Processing, // arsenic
	"282200": Processing, // cobalt oxides and hydroxides
	"283691": Processing, // lithium carbonate
	"711011": Processing, // platinum, unwrought or powder
	"711021": Processing, // palladium, unwrought or powder
	"720292": Processing, // ferrovanadium
	"720293": Processing, // ferroniobium
	"740311": Processing, // refined copper cathodes
	"750210": Processing, // unwrought nickel, not alloyed
	"810194": Processing, // unwrought tungsten
	"810320": Processing, // unwrought tantalum
	"810411": Processing, // unwrought magnesium >= 99.8% Mg
	"810820": Processing, // unwrought titanium (sponge)
	"811010": Processing, // unwrought antimony
	"811212": Processing, // unwrought beryllium
}

// euHSCode returns the HS6 code of a BACI category ("HS 260200 manganese ores ... (BACI)").
func euHSCode(category string) (string, bool) {
	rest, ok := strings.CutPrefix(category, "HS ")
	if !ok || len(rest) < 6 || !strings.HasSuffix(category, "(BACI)") {
		return "", false
	}
	return rest[:6], true
}

// euSourcingMix finds the EU27 import mix that stands for a stage of a commodity: the
// BACI category whose HS code maps to the stage. With several, the first by category
// name is used; the dataset has at most one per stage today.
func euSourcingMix(ds *world.Dataset, commodity, stage string) (world.ImportMix, bool) {
	for _, m := range ds.ImportMixes(euImporter, commodity) {
		if code, ok := euHSCode(m.Category); ok && euHSStage[code] == stage {
			return m, true
		}
	}
	return world.ImportMix{}, false
}

// euMixTable turns an import mix into a share table for euHHIWGIt; the ROW remainder is
// unattributed, as the "other countries" row of a production table is.
func euMixTable(commodity string, m world.ImportMix) world.ShareTable {
	t := world.ShareTable{Commodity: commodity, From: world.Share}
	named := 0.0
	for _, s := range m.Sources {
		if s.Exporter == world.OtherCountry {
			continue
		}
		t.Entries = append(t.Entries, world.CountryShare{Country: s.Exporter, Share: s.SharePct / 100, Cite: s.Cite})
		named += s.SharePct / 100
	}
	t.Other = max(0, 1-named)
	return t
}

// euPeriodShares averages a stage's share tables over the years of the EU's window
// (2016-2020) that have one, country by country (a country absent in a year counts 0).
// ok is false when no year of the window has a table.
func euPeriodShares(ds *world.Dataset, c world.Commodity, name string) (world.ShareTable, []int, bool) {
	for _, st := range c.Stages {
		if !euStageHolds(name, st) {
			continue
		}
		var tabs []world.ShareTable
		var years []int
		for _, y := range ds.StageYears(c.ID, st) {
			if y < euPeriodFirst || y > euPeriodLast {
				continue
			}
			if t, ok := ds.Shares(c.ID, st, y); ok {
				tabs = append(tabs, t)
				years = append(years, y)
			}
		}
		if len(tabs) == 0 {
			continue
		}
		slices.Sort(years)
		return euAverageTables(tabs, years[len(years)-1]), years, true
	}
	return world.ShareTable{}, nil, false
}

func euAverageTables(tabs []world.ShareTable, year int) world.ShareTable {
	n := float64(len(tabs))
	out := world.ShareTable{Commodity: tabs[0].Commodity, Stage: tabs[0].Stage, Year: year, From: tabs[0].From, Basis: tabs[0].Basis}
	sum := map[string]float64{}
	for _, t := range tabs {
		for _, e := range t.Entries {
			sum[e.Country] += e.Share
		}
		out.Other += t.Other / n
	}
	for c, s := range sum {
		out.Entries = append(out.Entries, world.CountryShare{Country: c, Share: s / n})
	}
	sort.Slice(out.Entries, func(i, j int) bool {
		if out.Entries[i].Share != out.Entries[j].Share {
			return out.Entries[i].Share > out.Entries[j].Share
		}
		return out.Entries[i].Country < out.Entries[j].Country
	})
	return out
}

// euYearsWords renders the years a table averages: "2020", or "mean of 2016, 2020".
func euYearsWords(years []int) string {
	if len(years) == 1 {
		return fmt.Sprint(years[0])
	}
	s := make([]string, len(years))
	for i, y := range years {
		s[i] = fmt.Sprint(y)
	}
	return "mean of " + strings.Join(s, ", ")
}
