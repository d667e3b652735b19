package main

import (
	"fmt"
	"sort"
)

// principalForm is the hand-curated choice of the USGS import category that matches the
// form on which USGS defines the net import reliance of a commodity with several import
// categories. why cites the raw row that defines the NIR's form (usgs-mcs2026-pranava).
type principalForm struct {
	commodity, category, status, why string
}

// principalForms lists, for every USGS commodity with more than one import category, the
// category the NIR is defined on. A commodity with a single USGS category gets a rank-1 row
// for it automatically. Status is "reported" when the NIR row itself names the form and
// "derived" when the form follows from the salient statistics the NIR is computed from.
var principalForms = []principalForm{
	{"antimony", "Total metal and oxide", "derived", "NIR is on apparent consumption of antimony content; us_salient.csv 2024 imports are oxide 24,000 t and unwrought metal and powder 4,920 t against 430 t of ore and concentrates, so metal and oxide carry the NIR"},
	{"arsenic", "All forms of arsenic", "reported", "us_net_import_reliance.csv basis: '% of estimated consumption, all forms of arsenic'"},
	{"chromium", "Total imports", "derived", "NIR is on apparent consumption of chromium content, which counts total imports for consumption (us_salient.csv 'Imports for consumption', chromium content)"},
	{"copper", "Refined copper", "derived", "NIR is on apparent consumption of primary refined copper and copper from old scrap (us_salient.csv 'Consumption: Apparent, primary refined copper and copper from old scrap'); the imports it counts are refined (us_salient.csv 'Imports for consumption: Refined')"},
	{"germanium", "Combined total", "derived", "NIR is on estimated consumption of germanium content, which counts metal and dioxide imports together (us_salient.csv 'Imports for consumption: Germanium metal' and 'Germanium dioxide')"},
	{"manganese", "Manganese contained in principal manganese imports", "reported", "us_net_import_reliance.csv basis: '% of apparent consumption, Mn content'; this category is USGS's manganese-content total"},
	{"molybdenum", "Total", "derived", "NIR is on apparent consumption of molybdenum content, counting ore and concentrates and primary products (us_salient.csv 'Imports for consumption total')"},
	{"nickel", "Primary nickel", "derived", "NIR is on total apparent consumption including scrap (us_net_import_reliance.csv note, footnote 6) and USGS gives no total import list; primary imports were 105,000 t against 40,000 t secondary in 2024 (us_salient.csv 'Imports: Primary' and 'Imports: Secondary')"},
	{"niobium", "Total imports", "derived", "NIR is on apparent consumption of niobium content, which counts all imports for consumption (us_salient.csv 'Imports for consumption', niobium content)"},
	{"rhenium", "Total imports", "derived", "NIR is on apparent consumption of rhenium content, counting metal and ammonium perrhenate imports (us_salient.csv 'Imports for consumption: Rhenium, unwrought and powders' and 'Ammonium perrhenate')"},
	{"silicon", "Total", "reported", "us_net_import_reliance.csv basis: '% of apparent consumption (total ferrosilicon + silicon metal)'"},
	{"tantalum", "Total", "derived", "NIR is on apparent consumption of tantalum content, which counts all imports for consumption (us_salient.csv 'Imports for consumption', tantalum content)"},
	{"tin", "Refined tin", "reported", "us_net_import_reliance.csv basis: '% of apparent consumption, refined tin'"},
	{"vanadium", "Total", "derived", "NIR is on apparent consumption of vanadium content, which counts every import form (us_salient.csv 'Imports for consumption: ...', vanadium content)"},
	{"zinc", "Refined metal", "reported", "us_salient.csv 'Net import reliance as a percentage of apparent consumption: Refined zinc' (ores and concentrates: net exporter)"},
	{"zirconium_hafnium", "Zirconium ores and concentrates", "reported", "us_net_import_reliance.csv basis: '% of apparent consumption (zirconium ores and concentrates)'"},
}

// usgsPrincipalRank ranks USGS categories before bilateral-trade forms: they are the
// categories the US NIR is defined on.
const usgsPrincipalRank = "1"

// addPrincipalForms writes the rank-1 rows: the curated choices above, and the only
// category of every USGS commodity that has one. Commodities with several categories and
// no choice get no rank-1 row (magnesium: the list holding unwrought metal lost its label
// in the transcription, so BACI's unwrought magnesium stands in); a choice naming no
// category in trade.csv is an error.
func (d *dataset) addPrincipalForms(string) error {
	cats := map[string]map[string]bool{}
	ti, ci, ki := d.trade.col("importer"), d.trade.col("commodity"), d.trade.col("category")
	for _, r := range d.trade.rows {
		if r[ti] != "USA" {
			continue
		}
		if cats[r[ci]] == nil {
			cats[r[ci]] = map[string]bool{}
		}
		cats[r[ci]][r[ki]] = true
	}
	chosen := map[string]bool{}
	for _, p := range principalForms {
		if !cats[p.commodity][p.category] {
			return fmt.Errorf("principal form %s / %q: no such USGS import category in trade.csv", p.commodity, p.category)
		}
		chosen[p.commodity] = true
		if err := d.principal.add(p.commodity, p.category, usgsPrincipalRank, p.status, d.use("usgs-mcs2026"), p.why); err != nil {
			return err
		}
	}
	coms := make([]string, 0, len(cats))
	for c := range cats {
		coms = append(coms, c)
	}
	sort.Strings(coms)
	for _, c := range coms {
		if chosen[c] {
			continue
		}
		if len(cats[c]) != 1 {
			d.warn("%s has %d USGS import categories and none is its principal form: a bilateral-trade form (rank %s) stands in where one exists", c, len(cats[c]), baciPrincipalRank)
			continue
		}
		for cat := range cats[c] {
			if err := d.principal.add(c, cat, usgsPrincipalRank, "derived", d.use("usgs-mcs2026"),
				"the only USGS import category of the commodity; USGS publishes one source list, taken as the NIR's form"); err != nil {
				return err
			}
		}
	}
	return nil
}
