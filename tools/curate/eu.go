package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

const euDir = "eu-crm-2023-critmat"

// euResultCols are the columns of eureport_results.csv.
var euResultCols = []string{"material_name", "supply_risk", "economic_importance", "eu_used_stage", "eu_stages",
	"eu_used_supply_primary", "supply_risk_primary", "eu_used_supply_refined", "supply_risk_refined", "si_ei", "si_sr",
	"import_reliance_primary", "import_reliance_refined", "end_of_life", "source_name", "publish_year", "date_year"}

// euWithheld are the materials whose published results were blanked on purpose in the
// shared copy (PROVENANCE): they are the hold-out check of critmin's EU CRM lens.
var euWithheld = map[string]bool{"terbium": true, "samarium": true, "lanthanum": true, "gallium": true,
	"tungsten": true, "cobalt": true, "nickel": true, "platinum": true}

// euShiftedSR are the E-stage rows whose published extraction SR the seed shifted into
// eu_used_supply_refined (PROVENANCE "known glitches").
var euShiftedSR = map[string]bool{"coking coal": true, "diatomite": true, "magnesite": true, "natural cork": true, "strontium": true}

// euSourcingFixes are sourcing cells outside the vocabulary, read explicitly.
var euSourcingFixes = map[string]map[string]string{
	"molybdenum": {"EU": "EUonly"},
}

// euMapping links an EU material to a critmin commodity, with a note on how well the
// USGS table behind the commodity matches the stages the EU assesses.
type euMapping struct {
	commodity string
	note      string
}

const (
	noteMatch    = "critmin figures cover the stage the EU assesses"
	noteMineOnly = "critmin figures are USGS mine production only; no processing-stage figures"
	noteREE      = "no element-level USGS figures; use rare_earths (REO) figures with element_distribution"
	noteGroup    = "group row: no single critmin commodity"
)

// euMappings maps EU material names (lower case) to critmin commodities. Group rows
// (LREE, HREE, PGM) and materials without USGS figures in critmin stay unmapped.
var euMappings = map[string]euMapping{
	"aluminium":        {"aluminum", "mismatch: critmin figures are USGS primary aluminium smelter output (refined); the EU extraction stage (bauxite) has no figures"},
	"antimony":         {"antimony", noteMineOnly},
	"arsenic":          {"arsenic", noteMatch + " (USGS arsenic trioxide/metal production, refined)"},
	"baryte":           {"barite", noteMatch + " (USGS mine production)"},
	"beryllium":        {"beryllium", noteMineOnly},
	"bismuth":          {"bismuth", noteMatch + " (USGS refinery production)"},
	"boron":            {"boron", "USGS production rows mix product forms (crude ore, ulexite, refined borates, compounds); not a clean E or P stage"},
	"chromium":         {"chromium", "critmin figures are USGS chromite ore (gross weight, mine); no ferrochromium (processing) figures"},
	"cobalt":           {"cobalt", noteMineOnly},
	"copper":           {"copper", "critmin production figures are USGS refinery output (refined) and reserves are mine; no mine production by country"},
	"fluorspar":        {"fluorspar", noteMatch + " (USGS mine production)"},
	"gallium":          {"gallium", noteMatch + " (USGS low-purity primary production, refined)"},
	"germanium":        {"germanium", "USGS publishes no world refinery production table for germanium (MCS 2026): no figures"},
	"indium":           {"indium", noteMatch + " (USGS refinery production)"},
	"lead":             {"lead", noteMineOnly},
	"lithium":          {"lithium", noteMineOnly + " (the EU used the processing stage)"},
	"magnesium":        {"magnesium_metal", noteMatch + " (USGS primary magnesium metal)"},
	"manganese":        {"manganese", noteMineOnly},
	"molybdenum":       {"molybdenum", noteMineOnly},
	"natural graphite": {"graphite_natural", noteMatch + " (USGS mine production)"},
	"nickel":           {"nickel", noteMineOnly},
	"niobium":          {"niobium", noteMineOnly},
	"palladium":        {"palladium", "mismatch: critmin figures are USGS palladium mine production; the EU assesses processing (refining)"},
	"platinum":         {"platinum", "mismatch: critmin figures are USGS platinum mine production (2025e only); the EU assesses processing (refining)"},
	"phosphate rock":   {"phosphate_rock", noteMatch + " (USGS mine production)"},
	"potash":           {"potash", noteMatch + " (USGS mine production, K2O)"},
	"rhenium":          {"rhenium", "USGS table is labelled mine production (by-product of Cu-Mo mining); the EU assesses processing"},
	"silicon metal":    {"silicon", "mismatch: the transcribed USGS production columns are ferrosilicon, not silicon metal"},
	"silver":           {"silver", noteMatch + " (USGS mine production)"},
	"tantalum":         {"tantalum", noteMatch + " (USGS mine production)"},
	"tellurium":        {"tellurium", noteMatch + " (USGS refinery production)"},
	"tin":              {"tin", noteMineOnly + " (the EU used the processing stage)"},
	"titanium metal":   {"titanium_sponge", "USGS titanium sponge production (refined) stands in for the EU 'titanium metal' processing stage; its extraction stage has no figures"},
	"tungsten":         {"tungsten", noteMineOnly},
	"vanadium":         {"vanadium", noteMineOnly},
	"zinc":             {"zinc", noteMineOnly},
	"zirconium":        {"zirconium_hafnium", noteMatch + " (USGS zirconium mineral concentrates, gross weight, mine; unit inferred by the transcriber)"},
	"scandium":         {"scandium", "USGS MCS 2026 has no world scandium production table: no figures"},
	"yttrium":          {"yttrium", noteREE},
	"cerium":           {"cerium", noteREE},
	"dysprosium":       {"dysprosium", noteREE},
	"erbium":           {"erbium", noteREE},
	"europium":         {"europium", noteREE},
	"gadolinium":       {"gadolinium", noteREE},
	"holmium":          {"holmium", noteREE},
	"lanthanum":        {"lanthanum", noteREE},
	"lutetium":         {"lutetium", noteREE},
	"neodymium":        {"neodymium", noteREE},
	"praseodymium":     {"praseodymium", noteREE},
	"samarium":         {"samarium", noteREE},
	"terbium":          {"terbium", noteREE},
	"thulium":          {"thulium", noteREE},
	"ytterbium":        {"ytterbium", noteREE},
	"lree":             {"", noteGroup},
	"hree":             {"", noteGroup},
	"pgm":              {"", noteGroup},
	"titanium":         {"", "no critmin commodity: the USGS titanium mineral concentrates chapter is not in the transcribed source"},
	"hafnium":          {"", "not mapped: critmin's zirconium_hafnium figures are zirconium mineral concentrates, not hafnium"},
}

// euNum normalises an optional EU number ("1.00" -> "1"); blank stays blank.
func euNum(rec record, col string) (string, error) {
	s := rec.get(col)
	if s == "" {
		return "", nil
	}
	v, err := parseNum(s)
	if err != nil {
		return "", rec.errorf("%s: %v", col, err)
	}
	return fmtNum(v), nil
}

// euSourcing checks a sourcing cell against the vocabulary, applying listed fixes.
func euSourcing(rec record, material, col string) (string, string, error) {
	s := rec.get(col)
	switch s {
	case "", "GS+EU", "GSonly", "EUonly":
		return s, "", nil
	}
	if fixed, ok := euSourcingFixes[material][s]; ok {
		return fixed, fmt.Sprintf("seed %s is %q, read as %s", col, s, fixed), nil
	}
	return "", "", rec.errorf("%s: sourcing %q not in vocabulary and not in euSourcingFixes", col, s)
}

// euRow is one eu_crm.csv row before it is written.
type euRow struct {
	cells map[string]string
	notes []string
}

// addEUCRM converts eureport_results.csv, handling the seed's known glitches explicitly.
func (d *dataset) addEUCRM(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, euDir, "eureport_results.csv"), euResultCols...)
	if err != nil {
		return err
	}
	first := map[string]record{}
	d.euMaterials = map[string]bool{}
	for _, rec := range recs {
		mat := strings.ToLower(rec.get("material_name"))
		if prev, ok := first[mat]; ok {
			// Known glitch: the seed repeats the Tungsten row verbatim. Keep one, and only
			// if the copies agree.
			if !sameRecord(prev, rec) {
				return rec.errorf("material %q repeated with different values", mat)
			}
			d.euDuplicates = append(d.euDuplicates, mat)
			continue
		}
		first[mat] = rec
		d.euMaterials[mat] = true
		row, err := euConvert(rec, mat)
		if err != nil {
			return err
		}
		if err := d.euCRM.add(row.ordered(d.euCRM.header, d.use("eu-crm-2023"))...); err != nil {
			return err
		}
	}
	for _, mat := range d.euDuplicates {
		i := d.euCRM.col("note")
		for _, r := range d.euCRM.rows {
			if r[0] == mat {
				r[i] = joinNote(r[i], "seed row duplicated verbatim; one copy kept")
			}
		}
	}
	return nil
}

// sameRecord reports whether two raw rows hold the same cells.
func sameRecord(a, b record) bool {
	for k, v := range a.m {
		if b.m[k] != v {
			return false
		}
	}
	return true
}

// euConvert maps one results row to eu_crm.csv cells.
func euConvert(rec record, mat string) (euRow, error) {
	row := euRow{cells: map[string]string{"material": mat, "stages": rec.get("eu_stages"), "pub_used_stage": rec.get("eu_used_stage")}}
	m := euMappings[mat]
	row.cells["commodity"] = m.commodity
	row.notes = append(row.notes, m.note)
	nums := map[string]string{"si_sr": "si_sr", "si_ei": "si_ei", "ir_primary_pct": "import_reliance_primary",
		"ir_refined_pct": "import_reliance_refined", "eol_rir_pct": "end_of_life", "pub_supply_risk": "supply_risk",
		"pub_economic_importance": "economic_importance", "pub_sr_refined": "supply_risk_refined"}
	for out, in := range nums {
		v, err := euNum(rec, in)
		if err != nil {
			return row, err
		}
		row.cells[out] = v
	}
	var err error
	var fix string
	if row.cells["sourcing_primary"], fix, err = euSourcing(rec, mat, "eu_used_supply_primary"); err != nil {
		return row, err
	}
	row.notes = append(row.notes, fix)
	if err := euPrimarySR(rec, mat, &row); err != nil {
		return row, err
	}
	if mat == "praseodymium" && row.cells["pub_sr_refined"] == "" {
		// Known glitch: the seed leaves Praseodymium's processing SR blank.
		row.notes = append(row.notes, "pub_sr_refined empty: blank in the seed (transcription gap); not looked up")
	}
	if euWithheld[mat] {
		for _, c := range []string{"pub_supply_risk", "pub_economic_importance", "pub_used_stage", "pub_sr_primary", "pub_sr_refined"} {
			if row.cells[c] != "" {
				return row, rec.errorf("withheld material %q has a published value in %s", mat, c)
			}
		}
		row.notes = append(row.notes, "published results withheld on purpose in the shared copy (hold-out check of the EU CRM lens); not looked up")
	}
	return row, nil
}

// euPrimarySR fills pub_sr_primary and sourcing_refined, handling the shifted-SR rows and
// the LREE percentage glitch.
func euPrimarySR(rec record, mat string, row *euRow) error {
	switch {
	case euShiftedSR[mat]:
		// Known glitch: the published extraction SR sits in eu_used_supply_refined and
		// supply_risk_primary is blank. Move it to pub_sr_primary; the refined sourcing
		// basis is lost.
		if rec.get("supply_risk_primary") != "" {
			return rec.errorf("%s: expected blank supply_risk_primary in a shifted row", mat)
		}
		v, err := euNum(rec, "eu_used_supply_refined")
		if err != nil {
			return err
		}
		row.cells["pub_sr_primary"], row.cells["sourcing_refined"] = v, ""
		row.notes = append(row.notes, "seed shifted the published extraction SR into eu_used_supply_refined; moved to pub_sr_primary; sourcing_refined left empty (lost in the seed)")
		return nil
	case rec.get("supply_risk_primary") == "281%":
		// Known glitch: the seed's LREE extraction SR reads "281%"; not a valid SR.
		row.cells["pub_sr_primary"] = ""
		row.notes = append(row.notes, "pub_sr_primary left empty: the seed has '281%' (transcription glitch); not looked up")
	default:
		v, err := euNum(rec, "supply_risk_primary")
		if err != nil {
			return err
		}
		row.cells["pub_sr_primary"] = v
	}
	s, fix, err := euSourcing(rec, mat, "eu_used_supply_refined")
	row.cells["sourcing_refined"] = s
	row.notes = append(row.notes, fix)
	return err
}

// ordered returns the row's cells in table column order.
func (r euRow) ordered(header []string, source string) []string {
	r.cells["source"] = source
	r.cells["note"] = joinNote(r.notes...)
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = r.cells[h]
	}
	return out
}

// euTradeCols are the columns of eureport_tradeparameters.csv.
var euTradeCols = []string{"material_name", "country_name", "parameter", "category", "scope", "source_name", "date_year"}

// addEUTrade converts eureport_tradeparameters.csv; every material must be one of the
// results table's materials.
func (d *dataset) addEUTrade(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, euDir, "eureport_tradeparameters.csv"), euTradeCols...)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		mat := strings.ToLower(rec.get("material_name"))
		if !d.euMaterials[mat] {
			return rec.errorf("trade parameter for material %q, which the results table lacks", mat)
		}
		iso, _, err := d.countries.resolve(rec.get("country_name"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		if st := rec.get("category"); st != "primary" && st != "refined" {
			return rec.errorf("category %q", st)
		}
		t, err := parseNum(rec.get("parameter"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		if err := d.euTrade.add(mat, iso, rec.get("category"), rec.get("scope"), fmtNum(t), d.use("eu-crm-2023")); err != nil {
			return err
		}
	}
	return nil
}

// euRelianceYear is the year an EU import-reliance row carries: the last of the EU CRM
// 2023 assessment's 2016-2020 averaging window.
const euRelianceYear = "2020"

// addEUReliance writes the EU27's import reliance from the EU CRM 2023 results
// (eu_crm.csv, built by addEUCRM) into reliance.csv, one row per mapped commodity, so
// that the reliance and chained lenses of an EU27 importer use the EU's own figure
// instead of assuming everything is imported. The EU defines import reliance as net
// imports over apparent consumption, as USGS defines its NIR; it gives it at the
// extraction and the processing stage. The row takes the stage the EU assessed
// (pub_used_stage) where it has a value there; where the stage is withheld in the shared
// copy (the hold-out materials) or has no value, the processing stage's, else the
// extraction stage's, and the basis says which.
func (d *dataset) addEUReliance(string) error {
	t := d.euCRM
	com, used, prim, ref := t.col("commodity"), t.col("pub_used_stage"), t.col("ir_primary_pct"), t.col("ir_refined_pct")
	for _, r := range t.rows {
		if r[com] == "" {
			continue
		}
		stage, v, how := "", "", ""
		switch {
		case r[used] == "Extraction" && r[prim] != "":
			stage, v, how = "extraction", r[prim], "the stage the EU assessed"
		case r[used] == "Processing" && r[ref] != "":
			stage, v, how = "processing", r[ref], "the stage the EU assessed"
		case r[ref] != "":
			stage, v, how = "processing", r[ref], "chosen by critmin: the EU's assessed stage is not in the shared copy or has no value there; processing where given"
		case r[prim] != "":
			stage, v, how = "extraction", r[prim], "chosen by critmin: the EU's assessed stage is not in the shared copy or has no value there; the only stage given"
		default:
			continue
		}
		basis := "% of apparent consumption, EU27, " + stage + " stage, 2016-2020 average"
		if err := d.reliance.add("EU27", r[com], euRelianceYear, v, "eq", basis, "reported", d.use("eu-crm-2023"),
			"EU CRM 2023 import reliance of "+r[t.col("material")]+" at the "+stage+" stage ("+how+")"); err != nil {
			return err
		}
	}
	return nil
}
