package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Raw file locations, relative to -raw.
const (
	mcs2026Dir = "usgs-mcs2026-pranava"
	mcs2025Dir = "usgs-mcs2025-nssac"
)

// Notes shared by many rows.
const (
	note2025e        = "USGS MCS 2026 estimate (2025e)"
	noteReserves2025 = "reserves as published in MCS 2026 (February 2026); critmin records MCS 2026 reserves as year 2025"
)

// worldSpec says how one commodity's USGS world table maps onto figures.csv.
type worldSpec struct {
	label    string // expected raw table_label (checked)
	rawUnit  string // expected raw unit (checked)
	stage    string // stage of production and capacity rows
	unit     string // unit of production and capacity rows
	basis    string // what the production mass counts
	resStage string // stage of reserves rows ("" = stage)
	resUnit  string // unit of reserves rows ("" = unit)
	resBasis string // basis of reserves rows ("" = basis)
	note     string // added to every row of the commodity
	resNote  string // added to reserves rows
}

const (
	mineTable     = "World Mine Production and Reserves"
	refineryTable = "World Refinery Production and Capacity"
)

// worldSpecs maps every commodity of world_production_reserves.csv. Stage judgement: a
// mine-production table is stage mine; refinery, smelter, low-purity primary, primary-metal
// and sponge tables are stage refined. The pgm table is handled by addPGM.
var worldSpecs = map[string]worldSpec{
	"rare_earths":      {label: mineTable, rawUnit: "metric tons REO equivalent", stage: "mine", unit: "t", basis: "REO equivalent"},
	"graphite_natural": {label: mineTable, rawUnit: "metric tons", stage: "mine", unit: "t", basis: "natural graphite"},
	"antimony":         {label: mineTable, rawUnit: "metric tons, antimony content", stage: "mine", unit: "t", basis: "antimony content"},
	"tungsten":         {label: mineTable, rawUnit: "metric tons, tungsten content", stage: "mine", unit: "t", basis: "tungsten content"},
	"cobalt":           {label: mineTable, rawUnit: "metric tons, cobalt content", stage: "mine", unit: "t", basis: "cobalt content"},
	"lithium":          {label: mineTable, rawUnit: "metric tons, lithium content", stage: "mine", unit: "t", basis: "lithium content"},
	"nickel":           {label: mineTable, rawUnit: "metric tons, nickel content", stage: "mine", unit: "t", basis: "nickel content"},
	"barite":           {label: mineTable, rawUnit: "thousand metric tons", stage: "mine", unit: "kt", basis: "barite"},
	"beryllium":        {label: mineTable, rawUnit: "metric tons, beryllium content", stage: "mine", unit: "t", basis: "beryllium content"},
	"fluorspar":        {label: mineTable, rawUnit: "thousand metric tons", stage: "mine", unit: "kt", basis: "fluorspar"},
	"lead":             {label: mineTable, rawUnit: "thousand metric tons, lead content", stage: "mine", unit: "kt", basis: "lead content"},
	"niobium":          {label: mineTable, rawUnit: "metric tons, niobium content", stage: "mine", unit: "t", basis: "niobium content"},
	"phosphate_rock":   {label: mineTable, rawUnit: "thousand metric tons, marketable phosphate rock", stage: "mine", unit: "kt", basis: "marketable phosphate rock"},
	"potash":           {label: mineTable, rawUnit: "thousand metric tons, potassium oxide (K2O) equivalent", stage: "mine", unit: "kt", basis: "K2O equivalent"},
	"silver":           {label: mineTable, rawUnit: "metric tons, silver content", stage: "mine", unit: "t", basis: "silver content"},
	"tantalum":         {label: mineTable, rawUnit: "metric tons, tantalum content", stage: "mine", unit: "t", basis: "tantalum content"},
	"zinc":             {label: mineTable, rawUnit: "thousand metric tons, zinc content", stage: "mine", unit: "kt", basis: "zinc content"},
	"tin": {label: mineTable, rawUnit: "metric tons, tin content", stage: "mine", unit: "t", basis: "tin content",
		note: "unit per the MCS tin convention (the record's units_note is empty; transcriber asks to verify)"},
	"manganese": {label: "World Mine Production (manganese content) and Reserves", rawUnit: "thousand metric tons manganese content",
		stage: "mine", unit: "kt", basis: "manganese content",
		note: "unit from the table label; the record's chapter-wide units_note says gross weight (transcriber)"},
	"chromium": {label: mineTable, rawUnit: "thousand metric tons, gross weight (chromite ore)", stage: "mine", unit: "kt",
		basis: "chromite ore, gross weight", note: "USGS reports chromite ore in gross weight, not chromium content (footnote 12)"},
	"molybdenum": {label: mineTable, rawUnit: "metric tons, molybdenum content (production); reserves evidently thousand metric tons",
		stage: "mine", unit: "t", basis: "molybdenum content", resUnit: "kt",
		resNote: "reserves unit (thousand t) inferred by the transcriber from magnitude and MCS convention; verify"},
	"vanadium": {label: mineTable, rawUnit: "metric tons, vanadium content (production); reserves evidently thousand metric tons",
		stage: "mine", unit: "t", basis: "vanadium content", resUnit: "kt",
		resNote: "reserves unit (thousand t) inferred by the transcriber from magnitude and MCS convention; verify"},
	"rhenium": {label: mineTable, rawUnit: "kilograms, rhenium content", stage: "mine", unit: "kg", basis: "rhenium content",
		note: "USGS table is labelled mine production; rhenium is recovered from molybdenite roaster residues of copper mining"},
	"zirconium_hafnium": {label: mineTable, rawUnit: "thousand metric tons, gross weight (zirconium mineral concentrates) - inferred",
		stage: "mine", unit: "kt", basis: "zirconium mineral concentrates, gross weight",
		note: "unit inferred by the transcriber (record says metric tons; values match thousand t gross weight); verify"},
	"boron": {label: "World Production and Reserves", rawUnit: "thousand metric tons", stage: "mine", unit: "kt",
		basis: "mixed product forms (see note)",
		note:  "USGS country rows mix product forms (crude ore, ulexite, B2O3 equivalent, compounds, refined borates); not additive"},
	"gallium": {label: "World Low-Purity Production and Production Capacity", rawUnit: "kilograms, gallium content",
		stage: "refined", unit: "kg", basis: "gallium content", note: "USGS low-purity primary gallium production (refined stage)"},
	"aluminum": {label: "World Smelter Production and Capacity", rawUnit: "thousand metric tons", stage: "refined",
		unit: "kt", basis: "primary aluminum", note: "USGS primary aluminum smelter production"},
	"arsenic": {label: "World Production and Capacity", rawUnit: "metric tons, arsenic content", stage: "refined", unit: "t",
		basis: "arsenic content",
		note:  "USGS arsenic (trioxide and metal) production, taken as refined stage; footnote 8 says the table includes arsenic trioxide equivalent (transcriber: verify basis)"},
	"bismuth":   {label: refineryTable, rawUnit: "metric tons", stage: "refined", unit: "t", basis: "bismuth", note: "USGS refinery production"},
	"indium":    {label: refineryTable, rawUnit: "metric tons", stage: "refined", unit: "t", basis: "indium", note: "USGS refinery production"},
	"tellurium": {label: refineryTable, rawUnit: "metric tons, tellurium content", stage: "refined", unit: "t", basis: "tellurium content", note: "USGS refinery production"},
	"magnesium_metal": {label: "World Primary Production and Reserves", rawUnit: "thousand metric tons", stage: "refined",
		unit: "kt", basis: "primary magnesium metal", note: "USGS primary magnesium metal production"},
	"titanium_sponge": {label: "World Sponge Metal Production and Sponge and Pigment Capacity", rawUnit: "metric tons",
		stage: "refined", unit: "t", basis: "titanium sponge", note: "USGS titanium sponge metal production (capacity columns not transcribed)"},
	"silicon": {label: "World Production", rawUnit: "thousand metric tons, silicon content", stage: "refined", unit: "kt",
		basis: "silicon content of ferrosilicon",
		note:  "FERROSILICON production: the transcribed production columns are ferrosilicon; silicon metal (2025e only, in the raw note) is not used"},
	"copper": {label: "World Mine and Refinery Production and Reserves", rawUnit: "thousand metric tons, copper content",
		stage: "refined", unit: "kt", basis: "copper content", resStage: "mine",
		note:    "transcribed production columns are USGS REFINERY production (PROVENANCE); mine production by country is not in the record",
		resNote: "reserves are in-ground copper (mine stage)"},
}

// pgmSlug is the raw slug of the PGM table: production columns hold palladium, the note
// column platinum 2025e, and reserves are total PGM.
const pgmSlug = "pgm_palladium_plus_platinum"

var rePGMNote = regexp.MustCompile(`2025e Pd (\d+) Pt (\d+)`)

// worldCols are the columns of world_production_reserves.csv.
var worldCols = []string{"commodity", "table_label", "unit", "unit_source", "country", "production_2024",
	"production_2025e", "capacity_2025e", "reserves", "production_2024_raw", "production_2025e_raw", "reserves_raw", "note"}

// figure is one figures.csv row before formatting.
type figure struct {
	commodity, stage, measure, country string
	year                               int
	value                              float64
	unit, basis, status, source, note  string
}

// addFigure appends a figure row.
func (d *dataset) addFigure(f figure) error {
	return d.figures.add(f.commodity, f.stage, f.measure, f.country, strconv.Itoa(f.year), fmtNum(f.value),
		f.unit, f.basis, f.status, d.use(f.source), f.note)
}

// readValue reconciles a numeric column with its raw text: it returns the cell and
// whether a row should be written. A mismatch between the two is an error.
func readValue(rec record, numCol, rawCol string) (cell, bool, error) {
	num := rec.get(numCol)
	raw := ""
	if rawCol != "" {
		raw = rec.get(rawCol)
	}
	if raw == "" {
		if num == "" {
			return cell{kind: cellMissing}, false, nil
		}
		v, err := parseNum(num)
		if err != nil {
			return cell{}, false, rec.errorf("%s: %v", numCol, err)
		}
		return cell{kind: cellNumber, value: v}, true, nil
	}
	c, err := parseCell(raw)
	if err != nil {
		return cell{}, false, rec.errorf("%s: %v", rawCol, err)
	}
	switch c.kind {
	case cellNumber, cellAtLeast, cellZero:
		v, err := parseNum(num)
		if err != nil || v != c.value {
			return cell{}, false, rec.errorf("%s=%q disagrees with %s=%q", numCol, num, rawCol, raw)
		}
		return c, true, nil
	case cellWithheld, cellMissing, cellIncluded, cellText:
		if num != "" {
			return cell{}, false, rec.errorf("%s=%q but %s=%q has no value", numCol, num, rawCol, raw)
		}
		return c, false, nil
	}
	return cell{}, false, rec.errorf("%s: unexpected cell %q", rawCol, raw)
}

// cellNote explains a zero or bounded raw cell.
func cellNote(c cell) string {
	switch c.kind {
	case cellZero:
		return "USGS '—' (zero)"
	case cellAtLeast:
		return "USGS gives >" + fmtNum(c.value) + " (lower bound)"
	}
	return ""
}

// worldMeasure is one value column of the USGS world table.
type worldMeasure struct {
	measure, numCol, rawCol string
	year                    int
	status, note            string
}

var worldMeasures = []worldMeasure{
	{"production", "production_2024", "production_2024_raw", 2024, "reported", ""},
	{"production", "production_2025e", "production_2025e_raw", 2025, "estimated", note2025e},
	{"capacity", "capacity_2025e", "", 2025, "estimated", "USGS MCS 2026 estimate of 2025 capacity (2025e)"},
	{"reserves", "reserves", "reserves_raw", 2025, "reported", noteReserves2025},
}

// addUSGSWorld converts world_production_reserves.csv (MCS 2026) into figures.
func (d *dataset) addUSGSWorld(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, mcs2026Dir, "world_production_reserves.csv"), worldCols...)
	if err != nil {
		return err
	}
	byCommodity := map[string][]record{}
	var order []string
	for _, r := range recs {
		c := r.get("commodity")
		if byCommodity[c] == nil {
			order = append(order, c)
		}
		byCommodity[c] = append(byCommodity[c], r)
	}
	for _, c := range order {
		if c == pgmSlug {
			err = d.addPGM(byCommodity[c])
		} else {
			err = d.addWorldTable(c, byCommodity[c])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// addWorldTable converts the rows of one commodity's world table.
func (d *dataset) addWorldTable(commodity string, recs []record) error {
	spec, ok := worldSpecs[commodity]
	if !ok {
		return fmt.Errorf("world_production_reserves.csv: commodity %q has no entry in worldSpecs", commodity)
	}
	withheld := map[worldMeasure][]string{}
	var worldRows []figure
	for _, rec := range recs {
		if rec.get("table_label") != spec.label || rec.get("unit") != spec.rawUnit {
			return rec.errorf("%s: table %q unit %q, want %q %q", commodity, rec.get("table_label"), rec.get("unit"), spec.label, spec.rawUnit)
		}
		iso, qual, err := d.countries.resolve(rec.get("country"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		for _, m := range worldMeasures {
			c, ok, err := readValue(rec, m.numCol, m.rawCol)
			if err != nil {
				return err
			}
			if !ok {
				if c.kind == cellWithheld {
					withheld[m] = append(withheld[m], rec.get("country"))
				}
				continue
			}
			if iso == world && c.kind == cellAtLeast {
				// A lower bound is not a world total; shares then divide by the sum of the
				// country rows (docs/data-format.md).
				d.excluded = append(d.excluded, fmt.Sprintf("world_production_reserves.csv %s %s %d: world total given only as >%s; not stored as a world row",
					commodity, m.measure, m.year, fmtNum(c.value)))
				continue
			}
			f := spec.figure(commodity, m, iso, c.value)
			f.note = joinNote(m.note, commonNote(spec, m), measureNote(spec, m), qualNote(qual), cellNote(c), rawNote(rec.get("note")),
				d.mcs2025Note(commodity, m, iso, c.value))
			if iso == world {
				worldRows = append(worldRows, f)
				continue
			}
			if err := d.addFigure(f); err != nil {
				return err
			}
		}
	}
	for _, f := range worldRows {
		for m, names := range withheld {
			if m.measure == f.measure && m.year == f.year {
				f.note = joinNote(f.note, "country values withheld by USGS (W): "+strings.Join(names, ", "))
			}
		}
		if err := d.addFigure(f); err != nil {
			return err
		}
	}
	return nil
}

// figure builds the row skeleton of one value under the spec.
func (s worldSpec) figure(commodity string, m worldMeasure, iso string, v float64) figure {
	f := figure{commodity: commodity, stage: s.stage, measure: m.measure, country: iso, year: m.year, value: v,
		unit: s.unit, basis: s.basis, status: m.status, source: "usgs-mcs2026"}
	if m.measure == "reserves" {
		f.stage, f.unit, f.basis = or(s.resStage, s.stage), or(s.resUnit, s.unit), or(s.resBasis, s.basis)
	}
	return f
}

// commonNote returns the spec's note, except on reserves rows filed under another stage
// (copper), where it describes columns the row does not come from.
func commonNote(s worldSpec, m worldMeasure) string {
	if m.measure == "reserves" && s.resStage != "" {
		return ""
	}
	return s.note
}

// measureNote returns the spec's reserves note for reserves rows.
func measureNote(s worldSpec, m worldMeasure) string {
	if m.measure == "reserves" {
		return s.resNote
	}
	return ""
}

// or returns a unless it is empty, else b.
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// qualNote describes the product form a country cell names.
func qualNote(q string) string {
	if q == "" {
		return ""
	}
	return "USGS row is for " + q
}

// rawNote quotes the raw note column (USGS footnotes and transcriber remarks).
func rawNote(s string) string {
	if s == "" {
		return ""
	}
	return "raw note: " + s
}

// addPGM converts the PGM world table: palladium production (columns), platinum 2025e
// production (parsed from the note column) and total-PGM reserves.
func (d *dataset) addPGM(recs []record) error {
	const label, unit = mineTable, "kilograms (production_* = palladium; reserves = total PGM)"
	for _, rec := range recs {
		if rec.get("table_label") != label || rec.get("unit") != unit {
			return rec.errorf("pgm: unexpected table %q unit %q", rec.get("table_label"), rec.get("unit"))
		}
		iso, _, err := d.countries.resolve(rec.get("country"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		m := rePGMNote.FindStringSubmatch(rec.get("note"))
		if m == nil {
			return rec.errorf("pgm: note %q has no '2025e Pd .. Pt ..' values", rec.get("note"))
		}
		if m[1] != rec.get("production_2025e") {
			return rec.errorf("pgm: note Pd %s disagrees with production_2025e %s", m[1], rec.get("production_2025e"))
		}
		rest := strings.Trim(strings.NewReplacer(m[0], "", "parser put palladium in production columns", "").Replace(rec.get("note")), "; ")
		pd := worldSpec{stage: "mine", unit: "kg", basis: "palladium content",
			note: "USGS PGM table: palladium (the transcription's production columns hold palladium)"}
		for _, wm := range worldMeasures[:2] {
			c, ok, err := readValue(rec, wm.numCol, wm.rawCol)
			if err != nil || !ok {
				return rec.errorf("pgm: palladium %s: no value (%v)", wm.numCol, err)
			}
			f := pd.figure("palladium", wm, iso, c.value)
			f.note = joinNote(wm.note, pd.note, cellNote(c), rawNote(rest))
			if err := d.addFigure(f); err != nil {
				return err
			}
		}
		pt, _ := parseNum(m[2])
		if err := d.addFigure(figure{commodity: "platinum", stage: "mine", measure: "production", country: iso, year: 2025,
			value: pt, unit: "kg", basis: "platinum content", status: "estimated", source: "usgs-mcs2026",
			note: joinNote(note2025e, "platinum 2025e parsed from the transcription's note column (USGS PGM table); 2024 platinum not transcribed", rawNote(rest))}); err != nil {
			return err
		}
		c, ok, err := readValue(rec, "reserves", "reserves_raw")
		if err != nil {
			return err
		}
		if ok {
			if err := d.addFigure(figure{commodity: "platinum_group_metals", stage: "mine", measure: "reserves", country: iso,
				year: 2025, value: c.value, unit: "kg", basis: "total PGM content", status: "reported", source: "usgs-mcs2026",
				note: joinNote(noteReserves2025, "USGS PGM reserves (all six platinum-group metals)", cellNote(c), rawNote(rest))}); err != nil {
				return err
			}
		}
	}
	return nil
}

// mcs2025Cols are the columns of mcs2025_rare_earths_world.csv.
var mcs2025Cols = []string{"country", "mine_production_2023", "mine_production_2024e", "reserves", "footnotes", "ocr_raw_text"}

// addMCS2025World adds 2023 rare-earth mine production from MCS 2025 and keeps its 2024e
// values to compare with MCS 2026 (which wins for 2024).
func (d *dataset) addMCS2025World(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, mcs2025Dir, "mcs2025_rare_earths_world.csv"), mcs2025Cols...)
	if err != nil {
		return err
	}
	d.re2024e = map[string]float64{}
	for _, rec := range recs {
		iso, _, err := d.countries.resolve(rec.get("country"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		c, ok, err := readValue(rec, "mine_production_2023", "")
		if err != nil {
			return err
		}
		if ok {
			note := joinNote("USGS MCS 2025 (2023 mine production)", footnoteNote(rec.get("footnotes")),
				"OCR text of the row: "+rec.get("ocr_raw_text"))
			if err := d.addFigure(figure{commodity: "rare_earths", stage: "mine", measure: "production", country: iso,
				year: 2023, value: c.value, unit: "t", basis: "REO equivalent", status: "reported", source: "usgs-mcs2025",
				note: note}); err != nil {
				return err
			}
		}
		if c, ok, err := readValue(rec, "mine_production_2024e", ""); err != nil {
			return err
		} else if ok {
			d.re2024e[iso] = c.value
		}
	}
	return nil
}

// footnoteNote quotes MCS 2025 footnotes.
func footnoteNote(s string) string {
	if s == "" {
		return ""
	}
	return "MCS 2025 footnotes: " + s
}

// mcs2025Note compares an MCS 2026 rare-earth 2024 production value with the MCS 2025
// 2024e value; a disagreement is noted and warned about (MCS 2026 wins).
func (d *dataset) mcs2025Note(commodity string, m worldMeasure, iso string, v float64) string {
	if commodity != "rare_earths" || m.measure != "production" || m.year != 2024 {
		return ""
	}
	old, ok := d.re2024e[iso]
	switch {
	case !ok:
		d.warn("rare_earths 2024 %s: MCS 2026 %g, no MCS 2025 2024e value", iso, v)
		return "MCS 2025 gave no 2024e value"
	case old != v:
		d.warn("rare_earths 2024 %s: MCS 2026 %g vs MCS 2025 (2024e) %g; MCS 2026 kept", iso, v, old)
		return "MCS 2025 had " + fmtNum(old) + " (2024e); MCS 2026 revision kept"
	}
	return ""
}

// tradeCols are the columns of us_import_sources.csv.
var tradeCols = []string{"commodity", "category", "period", "country", "share_pct"}

// mcs2025REImports is the MCS 2025 rare-earth import-source text fact (compounds and metals,
// 2020-23) recorded in usgs-mcs2025-nssac/PROVENANCE.md.
var mcs2025REImports = [][2]string{{"China", "70"}, {"Malaysia", "13"}, {"Japan", "6"}, {"Estonia", "5"}, {"other", "6"}}

// tradeCommodity maps a raw (commodity, category) to a critmin commodity.
func tradeCommodity(commodity, category string) (string, error) {
	switch {
	case commodity == "pgm" && category == "Palladium":
		return "palladium", nil
	case commodity == "pgm" && category == "Platinum":
		return "platinum", nil
	case commodity == "pgm":
		return "", fmt.Errorf("pgm import category %q not mapped", category)
	case commodity == "titanium_sponge" && category == "TiO2 pigment":
		return "titanium_dioxide_pigment", nil
	}
	return commodity, nil
}

// unclosed reports whether an import-source list fails to sum to 100 within the loader's
// tolerance of one point.
func unclosed(sum float64) bool { return sum < 99 || sum > 101 }

// tradeRowNote explains rows the transcription altered or lists that do not close.
func tradeRowNote(commodity, category, exporter string, sum float64) string {
	var parts []string
	if unclosed(sum) {
		parts = append(parts, "listed shares sum to "+fmtNum(sum)+", not 100; closed by a derived 'other countries' row")
	}
	if strings.HasPrefix(category, "Unlabeled list") {
		parts = append(parts, "USGS category lost by the parser; the category is the transcriber's label")
	}
	if commodity == "silver" && (exporter == "Chile" || exporter == "Turkey") {
		parts = append(parts, "USGS lists 'Chile and Turkey, 5'; the transcriber split it into 5 each (list then sums to 100)")
	}
	return joinNote(parts...)
}

// addTrade converts us_import_sources.csv (importer USA) and the MCS 2025 rare-earth list.
func (d *dataset) addTrade(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, mcs2026Dir, "us_import_sources.csv"), tradeCols...)
	if err != nil {
		return err
	}
	sums := map[[3]string]float64{}
	hasOther := map[[3]string]bool{}
	var lists [][3]string
	for _, rec := range recs {
		v, err := parseNum(rec.get("share_pct"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		k := [3]string{rec.get("commodity"), rec.get("category"), rec.get("period")}
		if _, seen := sums[k]; !seen {
			lists = append(lists, k)
		}
		sums[k] += v
		if iso, _, err := d.countries.resolve(rec.get("country")); err == nil && iso == otherCountry {
			hasOther[k] = true
		}
	}
	for _, rec := range recs {
		k := [3]string{rec.get("commodity"), rec.get("category"), rec.get("period")}
		if unclosed(sums[k]) && hasOther[k] {
			// The list has an "other" row and still does not close: the transcription lost a
			// row, and no residual can be attributed without altering a published value.
			msg := fmt.Sprintf("us_import_sources.csv %s / %s / %s: shares sum to %s with an 'other' row already listed; list left out",
				k[0], k[1], k[2], fmtNum(sums[k]))
			if !slices.Contains(d.excluded, msg) {
				d.excluded = append(d.excluded, msg)
			}
			continue
		}
		com, err := tradeCommodity(rec.get("commodity"), rec.get("category"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		iso, _, err := d.countries.resolve(rec.get("country"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		v, _ := parseNum(rec.get("share_pct"))
		if err := d.trade.add("USA", com, rec.get("category"), rec.get("period"), iso, fmtNum(v), "reported",
			d.use("usgs-mcs2026"), tradeRowNote(com, rec.get("category"), rec.get("country"), sums[k])); err != nil {
			return err
		}
	}
	// A list without an "other" row that sums to less than 100 names only the main sources;
	// the remainder is attributed to other countries as a derived row.
	for _, k := range lists {
		if !unclosed(sums[k]) || hasOther[k] || sums[k] > 100 {
			continue
		}
		com, err := tradeCommodity(k[0], k[1])
		if err != nil {
			return err
		}
		if err := d.trade.add("USA", com, k[1], k[2], otherCountry, fmtNum(round3(100-sums[k])), "derived",
			d.use("usgs-mcs2026"), "100 minus the listed shares ("+fmtNum(sums[k])+"); USGS lists the main sources only or the transcription lost the 'other' row"); err != nil {
			return err
		}
	}
	for _, p := range mcs2025REImports {
		iso, _, err := d.countries.resolve(p[0])
		if err != nil {
			return err
		}
		if err := d.trade.add("USA", "rare_earths", "Rare-earth compounds and metals", "2020-23", iso, p[1], "reported",
			d.use("usgs-mcs2025"), "USGS MCS 2025 import sources (2020-23), text of the rare-earths chapter (see PROVENANCE)"); err != nil {
			return err
		}
	}
	return nil
}

// relianceCols are the columns of us_net_import_reliance.csv.
var relianceCols = []string{"commodity", "basis", "2021", "2022", "2023", "2024", "2025e", "raw_2025e", "note"}

// relianceYears are the year columns of us_net_import_reliance.csv.
var relianceYears = []struct {
	col  string
	year int
}{{"2021", 2021}, {"2022", 2022}, {"2023", 2023}, {"2024", 2024}, {"2025e", 2025}}

// relianceCommodity maps the raw NIR slugs to critmin commodities.
var relianceCommodity = map[string]string{
	"pgm_palladium":  "palladium",
	"pgm_platinum":   "platinum",
	"zirconium_ores": "zirconium_hafnium",
}

var (
	reNIRRange = regexp.MustCompile(`^raw 2021-23 were ((?:"[^"]*" ?){3})$`)
	reNIRAll   = regexp.MustCompile(`^all years "([^"]+)"$`)
	reNIRAllE  = regexp.MustCompile(`^E = net exporter all years$`)
	reNIRFive  = regexp.MustCompile(`^raw ((?:"[^"]*" ?){5})$`)
	reNIRBare  = regexp.MustCompile(`^raw (\S+) (\S+) (\S+) (\S+) (\S+)$`)
	reQuoted   = regexp.MustCompile(`"([^"]*)"`)
)

// relianceRaw recovers the raw NIR strings (">95", "E", "<25") that the transcriber kept in
// the note for years before 2025e. Only the note's first ";"-separated part is read (later
// parts describe other product forms). It returns year -> raw string.
func relianceRaw(note string) map[int]string {
	seg := strings.TrimSpace(strings.SplitN(note, ";", 2)[0])
	out := map[int]string{}
	quoted := func(s string) []string {
		var vs []string
		for _, m := range reQuoted.FindAllStringSubmatch(s, -1) {
			vs = append(vs, m[1])
		}
		return vs
	}
	switch {
	case reNIRRange.MatchString(seg):
		for i, v := range quoted(reNIRRange.FindStringSubmatch(seg)[1]) {
			out[2021+i] = v
		}
	case reNIRAll.MatchString(seg):
		for _, y := range relianceYears {
			out[y.year] = reNIRAll.FindStringSubmatch(seg)[1]
		}
	case reNIRAllE.MatchString(seg):
		for _, y := range relianceYears {
			out[y.year] = "E"
		}
	case reNIRFive.MatchString(seg):
		for i, v := range quoted(seg) {
			out[2021+i] = v
		}
	case reNIRBare.MatchString(seg):
		for i, v := range reNIRBare.FindStringSubmatch(seg)[1:] {
			out[2021+i] = v
		}
	}
	return out
}

// boundOf converts a raw NIR string into value and bound.
func boundOf(raw string) (float64, string, error) {
	c, err := parseCell(raw)
	if err != nil {
		return 0, "", err
	}
	switch c.kind {
	case cellNumber:
		return c.value, "eq", nil
	case cellAtLeast:
		return c.value, "gt", nil
	case cellAtMost:
		return c.value, "lt", nil
	case cellNetExp:
		return 0, "net_exporter", nil
	}
	return 0, "", fmt.Errorf("no reliance value in %q", raw)
}

// addReliance converts us_net_import_reliance.csv (importer USA) and adds the MCS 2025
// rare-earth value for 2020, which MCS 2026 does not cover.
func (d *dataset) addReliance(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, mcs2026Dir, "us_net_import_reliance.csv"), relianceCols...)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		com := or(relianceCommodity[rec.get("commodity")], rec.get("commodity"))
		raws := relianceRaw(rec.get("note"))
		if r := rec.get("raw_2025e"); r != "" {
			if prev, ok := raws[2025]; ok && prev != r {
				return rec.errorf("raw_2025e %q disagrees with the note's %q", r, prev)
			}
			raws[2025] = r
		}
		for _, y := range relianceYears {
			if err := d.addRelianceYear(rec, com, y.col, y.year, raws[y.year]); err != nil {
				return err
			}
		}
	}
	return d.addMCS2025Reliance(rawDir)
}

// addRelianceYear writes one NIR value after checking the raw string against the number.
func (d *dataset) addRelianceYear(rec record, com, col string, year int, raw string) error {
	num := rec.get(col)
	if raw == "" {
		raw = num
	}
	if raw == "" {
		d.warn("reliance %s %d: no value", com, year)
		return nil
	}
	v, bound, err := boundOf(raw)
	if err != nil {
		return rec.errorf("%s: %v", col, err)
	}
	if nv, err := parseNum(num); (bound == "net_exporter" && num != "") || (bound != "net_exporter" && (err != nil || nv != v)) {
		return rec.errorf("%s: value %q disagrees with raw %q", col, num, raw)
	}
	status, note := "reported", ""
	if year == 2025 {
		status, note = "estimated", note2025e
	}
	if bound != "eq" {
		note = joinNote(note, "USGS gives "+strconv.Quote(raw))
	}
	return d.reliance.add("USA", com, strconv.Itoa(year), fmtNum(v), bound, rec.get("basis"), status,
		d.use("usgs-mcs2026"), joinNote(note, rawNote(rec.get("note"))))
}

// mcs2025SalientCols are the columns of mcs2025_rare_earths_us_salient.csv.
var mcs2025SalientCols = []string{"item", "unit", "2020", "2021", "2022", "2023", "2024e"}

// addMCS2025Reliance adds the 2020 rare-earth NIR from MCS 2025 and warns where MCS 2025
// and MCS 2026 disagree for 2021-24 (MCS 2026 is kept).
func (d *dataset) addMCS2025Reliance(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, mcs2025Dir, "mcs2025_rare_earths_us_salient.csv"), mcs2025SalientCols...)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if rec.get("item") != "Net import reliance compounds and metals" {
			continue
		}
		v, bound, err := boundOf(rec.get("2020"))
		if err != nil {
			return rec.errorf("2020: %v", err)
		}
		if err := d.reliance.add("USA", "rare_earths", "2020", fmtNum(v), bound, "compounds and metals (% of apparent consumption)",
			"reported", d.use("usgs-mcs2025"), "USGS MCS 2025 salient statistics (MCS 2026 starts in 2021)"); err != nil {
			return err
		}
		for _, y := range []string{"2021", "2022", "2023", "2024e"} {
			d.compareReliance(strings.TrimSuffix(y, "e"), rec.get(y))
		}
	}
	return nil
}

// compareReliance warns when the MCS 2025 rare-earth NIR string for a year differs from
// the value and bound written from MCS 2026.
func (d *dataset) compareReliance(year, raw2025 string) {
	v, bound, err := boundOf(raw2025)
	if err != nil {
		d.warn("reliance rare_earths %s: MCS 2025 value %q unreadable", year, raw2025)
		return
	}
	t := d.reliance
	for _, r := range t.rows {
		if r[0] == "USA" && r[1] == "rare_earths" && r[2] == year {
			if r[t.col("value_pct")] != fmtNum(v) || r[t.col("bound")] != bound {
				d.warn("reliance rare_earths %s: MCS 2026 %s %s vs MCS 2025 %q; MCS 2026 kept", year,
					r[t.col("bound")], r[t.col("value_pct")], raw2025)
			}
			return
		}
	}
	d.warn("reliance rare_earths %s: no MCS 2026 row to compare with MCS 2025 %q", year, raw2025)
}
