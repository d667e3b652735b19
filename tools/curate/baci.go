package main

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
)

const baciDir = "baci-2024-critmat-atlas"

// baciCode is one HS6 code of the BACI extract mapped to a critmin commodity: label is the
// trade.csv category (the code and what it covers), form says for principal_forms.csv
// which form that is and what the extract lacks (from the PROVENANCE code table).
type baciCode struct {
	hs6, commodity, label, form string
	// downstream marks a code for a product made from the commodity (permanent magnets
	// for rare earths), not the commodity itself: its mix ranks after any printed list of
	// the commodity's own forms (baciDownstreamRank).
	downstream bool
}

// baciCodes maps the HS6 codes of baci-2024-critmat-atlas to commodities. Codes for
// materials critmin does not cover (bauxite, feldspar, coking coal, helium, phosphorus,
// strontium) are listed with an empty commodity so that an unknown code stops the run.
// 811292 is left out too: it is a basket (Ga, Ge, Hf, In, Nb, Re, V, unwrought, scrap,
// powders), so its largest exporter is no answer to "where does gallium come from".
var baciCodes = []baciCode{
	{"850511", "rare_earths", "HS 850511 permanent magnets of metal (BACI)", "permanent magnets of every kind (NdFeB, SmCo, AlNiCo); rare-earth compounds 2846 and metals 2805.30 are not in the extract", true},
	{"810411", "magnesium_metal", "HS 810411 unwrought magnesium >= 99.8% Mg (BACI)", "primary magnesium metal", false},
	{"810194", "tungsten", "HS 810194 unwrought tungsten (BACI)", "unwrought metal only; APT 2841.80, oxides, carbide and powder 8101.10 are not in the extract", false},
	{"811010", "antimony", "HS 811010 unwrought antimony, powders (BACI)", "metal only; oxide 2825.80 and ores 2617.10 are not in the extract", false},
	{"250490", "graphite_natural", "HS 250490 natural graphite other than powder or flakes (BACI)", "natural graphite other than powder or flakes; flake and spherical 2504.10 and artificial 3801 are not in the extract", false},
	{"282200", "cobalt", "HS 282200 cobalt oxides and hydroxides (BACI)", "oxides and hydroxides only; cobalt metal and mattes 8105 and ores 2605 are not in the extract", false},
	{"283691", "lithium", "HS 283691 lithium carbonate (BACI)", "lithium carbonate only; lithium hydroxide 2825.20 is not in the extract", false},
	{"750210", "nickel", "HS 750210 unwrought nickel, not alloyed (BACI)", "class-1 metal only; NPI, ferronickel, matte and sulphate are not in the extract", false},
	{"740311", "copper", "HS 740311 refined copper cathodes (BACI)", "refined copper cathodes, the form the US NIR is defined on", false},
	{"280469", "silicon", "HS 280469 silicon < 99.99% Si (BACI)", "silicon metal only; ferrosilicon is not in the extract", false},
	{"260200", "manganese", "HS 260200 manganese ores and concentrates (BACI)", "ore and concentrate, not refined manganese or ferroalloys", false},
	{"810820", "titanium_sponge", "HS 810820 unwrought titanium, powders (BACI)", "unwrought titanium (sponge) and powders", false},
	{"720292", "vanadium", "HS 720292 ferrovanadium (BACI)", "ferrovanadium only", false},
	{"720293", "niobium", "HS 720293 ferroniobium (BACI)", "ferroniobium only", false},
	{"711011", "platinum", "HS 711011 platinum, unwrought or powder (BACI)", "unwrought or powder platinum", false},
	{"711021", "palladium", "HS 711021 palladium, unwrought or powder (BACI)", "unwrought or powder palladium", false},
	{"251010", "phosphate_rock", "HS 251010 natural calcium phosphates, unground (BACI)", "unground phosphate rock", false},
	{"251110", "barite", "HS 251110 natural barium sulphate (barytes) (BACI)", "barytes", false},
	{"252800", "boron", "HS 252800 natural borates and concentrates (BACI)", "natural borates; refined borates and boric acid are not in the extract", false},
	{"252922", "fluorspar", "HS 252922 fluorspar > 97% CaF2 (BACI)", "acid-grade fluorspar", false},
	{"280480", "arsenic", "HS 280480 arsenic (BACI)", "arsenic metal only; arsenic trioxide and acid are not in the extract", false},
	{"810320", "tantalum", "HS 810320 unwrought tantalum, powders (BACI)", "unwrought metal and powder; ores are not in the extract", false},
	{"811212", "beryllium", "HS 811212 unwrought beryllium, powders (BACI)", "unwrought metal and powder", false},
	{"260600", "", "", "", false}, {"252910", "", "", "", false}, {"270112", "", "", "", false}, {"280429", "", "", "", false},
	{"280470", "", "", "", false}, {"283692", "", "", "", false}, {"811292", "", "", "", false},
}

// baciPrincipalRank puts bilateral-trade forms after the USGS categories: for the United
// States the NIR's own category wins, for every other importer the BACI code is the form
// there is.
const baciPrincipalRank = "2"

// baciDownstreamRank puts a BACI code for a downstream product (permanent magnets for
// rare earths) after the printed lists of the commodity's own forms (Japanese customs'
// rare earths in all forms, Eurostat's rare-earth metals): an import mix is set beside a
// production HHI of the commodity (GeoPolRisk) and read as where the commodity comes
// from, and magnets are a different good with different suppliers (a trial found Japan's
// rare-earth GeoPolRisk read from magnets, 36 % China, where its customs give 80 %). A
// printed list of a downstream product ranks after it (statementDownstreamRank).
const baciDownstreamRank = "4"

// baciMinSharePct is the smallest share (of tonnes or of value) an exporter needs to be
// listed by name; the rest of an importer's list is one derived "other countries" row.
const baciMinSharePct = 1.0

// baciFlow is one bilateral flow.
type baciFlow struct {
	exporter      string
	tonnes, value float64
	noQty         bool // the raw row has no quantity
	line          int
}

// addBACI converts the BACI 2024 extract into import source mixes: one per importer and
// HS6 code, and one for the EU27 as a group counting only imports from outside the EU.
// Shares are of gross product weight (tonnes) within one HS6 code, so no content factor is
// needed; the share by value is kept in the note.
func (d *dataset) addBACI(rawDir string) error {
	raw := filepath.Join(rawDir, baciDir)
	recs, err := readRaw(filepath.Join(raw, "trade_2024.csv"), "year", "exporter_iso3", "importer_iso3", "hs6",
		"atlas_material", "value_kusd", "qty_t")
	if err != nil {
		return err
	}
	codes := map[string][]baciCode{}
	for _, c := range baciCodes {
		codes[c.hs6] = append(codes[c.hs6], c)
	}
	eu := map[string]bool{}
	for _, iso := range eu27 {
		eu[iso] = true
	}
	type key struct{ importer, hs6 string }
	flows := map[key][]baciFlow{}
	for _, rec := range recs {
		if rec.get("year") != "2024" {
			return rec.errorf("year %q, want 2024", rec.get("year"))
		}
		hs := rec.get("hs6")
		cs, ok := codes[hs]
		if !ok {
			return rec.errorf("HS6 code %s not mapped in baciCodes", hs)
		}
		if cs[0].commodity == "" {
			continue
		}
		exp, err := d.baciCountry(rec.get("exporter_iso3"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		imp, err := d.baciCountry(rec.get("importer_iso3"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		// PROVENANCE says no quantity is blank, but 1,030 rows have none: such a flow counts
		// in the value shares and is left out of the tonnage shares, with the value it
		// carries stated in the notes.
		t, noQty := 0.0, strings.TrimSpace(rec.get("qty_t")) == ""
		if !noQty {
			if t, err = parseNum(rec.get("qty_t")); err != nil {
				return rec.errorf("qty_t: %v", err)
			}
		}
		v, err := parseNum(rec.get("value_kusd"))
		if err != nil {
			return rec.errorf("value_kusd: %v", err)
		}
		f := baciFlow{exporter: exp, tonnes: t, value: v, noQty: noQty, line: rec.line}
		flows[key{imp, hs}] = append(flows[key{imp, hs}], f)
		if eu[imp] && !eu[exp] {
			flows[key{"EU27", hs}] = append(flows[key{"EU27", hs}], f)
		}
	}
	keys := make([]key, 0, len(flows))
	for k := range flows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].importer != keys[j].importer {
			return keys[i].importer < keys[j].importer
		}
		return keys[i].hs6 < keys[j].hs6
	})
	for _, k := range keys {
		for _, c := range codes[k.hs6] {
			if err := d.addBACIMix(k.importer, c, flows[k]); err != nil {
				return err
			}
		}
	}
	for _, c := range baciCodes {
		if c.commodity == "" {
			continue
		}
		rank, why := baciPrincipalRank, "the form BACI covers for importers without a USGS list: "+c.form
		if c.downstream {
			rank, why = baciDownstreamRank, "a product made from the commodity, ranked after printed lists of the commodity's own forms and before printed lists of the same product: "+c.form
		}
		if err := d.principal.add(c.commodity, c.label, rank, "derived", d.use("cepii-baci-2024"), why); err != nil {
			return err
		}
	}
	return nil
}

// addBACIMix writes one importer's source mix for one code: exporters with at least
// baciMinSharePct of the tonnes or of the value by name, the rest as "other countries".
func (d *dataset) addBACIMix(importer string, c baciCode, flows []baciFlow) error {
	type agg struct {
		tonnes, value float64
		hasQty        bool
		lines         []int
	}
	by := map[string]*agg{}
	var totT, totV, noQtyV float64
	for _, f := range flows {
		if f.noQty {
			noQtyV += f.value
		}
		a := by[f.exporter]
		if a == nil {
			a = &agg{}
			by[f.exporter] = a
		}
		a.tonnes += f.tonnes
		a.value += f.value
		a.hasQty = a.hasQty || !f.noQty
		a.lines = append(a.lines, f.line)
		totT += f.tonnes
		totV += f.value
	}
	if totT <= 0 {
		d.excluded = append(d.excluded, fmt.Sprintf("%s/trade_2024.csv importer %s HS %s: no tonnes recorded; no mix", baciDir, importer, c.hs6))
		return nil
	}
	exps := make([]string, 0, len(by))
	for e := range by {
		exps = append(exps, e)
	}
	sort.Strings(exps)
	// Notes are kept short: the table has some 10,000 rows and is parsed at every start.
	// What every row shares (gross product weight, the EU27 scope) is in the category,
	// the source and docs/data-format.md.
	scope := ""
	if importer == "EU27" {
		scope = "extra-EU; "
	}
	if pct := round1(100 * noQtyV / totV); pct > 0 {
		scope += fmt.Sprintf("%s%% of value has no quantity, not in the shares; ", fmtNum(pct))
	}
	listed, restT, restV, rest := 0.0, 0.0, 0.0, 0
	for _, e := range exps {
		a := by[e]
		if !a.hasQty {
			continue // no tonnage share; its value is in the notes' missing-quantity figure
		}
		st, sv := 100*a.tonnes/totT, 100*a.value/totV
		if totV <= 0 {
			sv = 0
		}
		if st < baciMinSharePct && sv < baciMinSharePct {
			restT += a.tonnes
			restV += a.value
			rest++
			continue
		}
		share := round1(st)
		listed += share
		rows := "line"
		if len(a.lines) > 1 {
			rows = "lines"
		}
		note := fmt.Sprintf("%s%s of %s t; by value %s%%; %s %s", scope, fmtNum(round3(a.tonnes)), fmtNum(round3(totT)),
			fmtNum(round1(sv)), rows, lineList(a.lines))
		if err := d.trade.add(importer, c.commodity, c.label, "2024", e, fmtNum(share), "derived", d.use("cepii-baci-2024"), note); err != nil {
			return err
		}
	}
	if rest > 0 {
		share := math.Max(0, round1(100-listed))
		note := fmt.Sprintf("%s%d exporters each under %g%%: %s of %s t; by value %s%%; 100 minus the named rounded shares",
			scope, rest, baciMinSharePct, fmtNum(round3(restT)), fmtNum(round3(totT)), fmtNum(round1(100*restV/math.Max(totV, 1e-300))))
		if err := d.trade.add(importer, c.commodity, c.label, "2024", otherCountry, fmtNum(share), "derived", d.use("cepii-baci-2024"), note); err != nil {
			return err
		}
	}
	return nil
}

// baciCountry resolves a BACI country code; S19 ("Other Asia, nes") is Taiwan, as the
// PROVENANCE says.
func (d *dataset) baciCountry(code string) (string, error) {
	if code == "S19" {
		return "TWN", nil
	}
	iso, _, err := d.countries.resolve(code)
	return iso, err
}

// lineList prints raw line numbers compactly: "12, 40, 41".
func lineList(lines []int) string {
	const max = 6
	parts := make([]string, 0, max+1)
	for i, l := range lines {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more", len(lines)-max))
			break
		}
		parts = append(parts, fmt.Sprint(l))
	}
	return strings.Join(parts, ", ")
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
