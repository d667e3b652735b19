package main

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const (
	ieaExplorerDir = "iea-cm-explorer-2025"
	ieaGCMODir     = "iea-gcmo2026-atlas"
)

// ieaStage maps an IEA (mineral, stage) block to a critmin stage. Blocks not listed are
// left out because USGS already gives the stage by country (mining of cobalt, lithium,
// nickel and graphite; copper refining). The magnet rare earths are Nd, Pr, Dy and Tb
// together, not split by element, so they go to their own commodity, magnet_rees; the
// element commodities get no figures from them. The IEA's "refining" of magnet REEs is
// separated material, critmin's separation stage.
type ieaStage struct {
	commodity, stage, basis string
}

var ieaStages = map[[2]string]ieaStage{
	{"cobalt", "refining"}:   {"cobalt", "refined", "cobalt content of refined metal and chemicals (IEA)"},
	{"lithium", "refining"}:  {"lithium", "refined", "lithium content of lithium chemicals (IEA)"},
	{"nickel", "refining"}:   {"nickel", "refined", "nickel content of refined products incl. NPI, ferronickel and sulphate (IEA)"},
	{"graphite", "refining"}: {"graphite_natural", "anode", "battery-grade graphite: spherical natural and synthetic (IEA)"},
	{"copper", "mining"}:     {"copper", "mine", "copper content of mine output (IEA)"},

	{"rare earth elements", "mining"}:   {"magnet_rees", "mine", ieaMagnetBasis + " in mine output (IEA)"},
	{"rare earth elements", "refining"}: {"magnet_rees", "separation", ieaMagnetBasis + " in separated material (IEA)"},
	{"rare_earths_magnet", "mining"}:    {"magnet_rees", "mine", ieaMagnetBasis + " in mine output (IEA)"},
	{"rare_earths_magnet", "refining"}:  {"magnet_rees", "separation", ieaMagnetBasis + " in separated material (IEA)"},
}

// ieaMagnetBasis is the IEA's scope of the magnet rare earths; the explorer keys them
// "Rare Earth Elements" (the dashboard's rename), the GCMO annex "rare_earths_magnet".
const ieaMagnetBasis = "Nd, Pr, Dy and Tb content together"

// ieaRow is one country row of an IEA block.
type ieaRow struct {
	country string
	kt      float64
	line    int
}

// ieaBlock is one (mineral, stage, year) table: country rows, the rest of the world and
// the total.
type ieaBlock struct {
	file              string
	rows              []ieaRow
	rest, total       ieaRow
	hasRest, hasTotal bool
}

// addIEA stores the 2024 base year of the IEA Critical Minerals Data Explorer (2025) and
// the historical years 2021 and 2025 of the Global Critical Minerals Outlook 2026 annex.
// Projections are not observations and are left out.
func (d *dataset) addIEA(rawDir string) error {
	explorer, err := readRaw(filepath.Join(rawDir, ieaExplorerDir, "supply_by_country.csv"),
		"mineral_key", "mineral_iea_scope", "stage", "country", "year", "value_kt", "value_type")
	if err != nil {
		return err
	}
	blocks := map[[3]string]*ieaBlock{}
	var order [][3]string
	add := func(file, mineral, stage, year, country, value string, line int) error {
		st, ok := ieaStages[[2]string{mineral, stage}]
		if !ok {
			return nil
		}
		v, err := parseNum(value)
		if err != nil {
			return fmt.Errorf("%s:%d: %v", file, line, err)
		}
		k := [3]string{st.commodity + "/" + st.stage, year, file}
		b := blocks[k]
		if b == nil {
			b = &ieaBlock{file: file}
			blocks[k] = b
			order = append(order, k)
		}
		r := ieaRow{country: country, kt: v, line: line}
		switch country {
		case "Rest of world":
			b.rest, b.hasRest = r, true
		case "Total", "World":
			b.total, b.hasTotal = r, true
		default:
			b.rows = append(b.rows, r)
		}
		return nil
	}
	for _, rec := range explorer {
		if rec.get("value_type") != "historical (base year)" {
			continue
		}
		if err := add(ieaExplorerDir+"/supply_by_country.csv", strings.ToLower(rec.get("mineral_key")), rec.get("stage"), rec.get("year"),
			rec.get("country"), rec.get("value_kt"), rec.line); err != nil {
			return err
		}
	}
	gcmo, err := readRaw(filepath.Join(rawDir, ieaGCMODir, "supply_by_country.csv"),
		"mineral", "stage", "iea_table", "country", "year", "value", "unit", "value_type")
	if err != nil {
		return err
	}
	for _, rec := range gcmo {
		if rec.get("value_type") != "historical" || rec.get("country") == "Top3_share_pct" {
			continue
		}
		if err := add(ieaGCMODir+"/supply_by_country.csv", rec.get("mineral"), rec.get("stage"), rec.get("year"),
			rec.get("country"), rec.get("value"), rec.line); err != nil {
			return err
		}
	}
	sort.Slice(order, func(i, j int) bool { return fmt.Sprint(order[i]) < fmt.Sprint(order[j]) })
	for _, k := range order {
		if err := d.addIEABlock(k[0], k[1], blocks[k]); err != nil {
			return err
		}
	}
	return nil
}

// addIEABlock writes one block. Where the listed rows and the rest of the world exceed
// the total by exactly one listed country's value (PROVENANCE: nickel refining 2024,
// Canada), that country is taken to be inside "Rest of world" too, and the ROW row is the
// rest of the world minus it, so that rows add up to the IEA's total.
func (d *dataset) addIEABlock(key, yearText string, b *ieaBlock) error {
	year, err := strconv.Atoi(yearText)
	if err != nil {
		return fmt.Errorf("%s %s: year %q: %v", b.file, key, yearText, err)
	}
	var st ieaStage
	for _, s := range ieaStages {
		if s.commodity+"/"+s.stage == key && (st.basis == "" || s.basis < st.basis) {
			st = s
		}
	}
	src := "iea-cmde-2025"
	if b.file == ieaGCMODir+"/supply_by_country.csv" {
		src = "iea-gcmo-2026"
	}
	if !b.hasTotal || !b.hasRest {
		return fmt.Errorf("%s %s %s: block without a total or rest-of-world row", b.file, key, yearText)
	}
	sum := b.rest.kt
	for _, r := range b.rows {
		sum += r.kt
	}
	restKt, restNote := b.rest.kt, fmt.Sprintf("IEA 'Rest of world' (%s:%d)", b.file, b.rest.line)
	if excess := sum - b.total.kt; math.Abs(excess) > 1 {
		memo := ""
		for _, r := range b.rows {
			if math.Abs(r.kt-excess) < 0.01 {
				memo = r.country
			}
		}
		if memo == "" {
			d.warn("%s %s %s: rows sum to %s kt, total %s kt; stored as published", b.file, key, yearText, fmtNum(sum), fmtNum(b.total.kt))
		} else {
			restKt = b.rest.kt - excess
			restNote = fmt.Sprintf("derived: IEA 'Rest of world' %s kt (%s:%d) minus %s %s kt, which the rows double count: rows exceed the IEA total by exactly that value, so %s is taken to be inside 'Rest of world' as well",
				fmtNum(b.rest.kt), b.file, b.rest.line, memo, fmtNum(excess), memo)
		}
	}
	com, stage := st.commodity, st.stage
	for _, r := range b.rows {
		name := r.country
		if name == "Korea" {
			name = "Republic of Korea" // the IEA's "Korea"; a bare "Korea" is ambiguous elsewhere
		}
		iso, _, err := d.countries.resolve(name)
		if err != nil {
			return fmt.Errorf("%s:%d: %v", b.file, r.line, err)
		}
		if err := d.addFigure(figure{commodity: com, stage: stage, measure: "production", country: iso, year: year,
			value: r.kt, unit: "kt", basis: st.basis, status: "reported", source: src,
			note: fmt.Sprintf("%s:%d", b.file, r.line)}); err != nil {
			return err
		}
	}
	status := "reported"
	if restKt != b.rest.kt {
		status = "derived"
	}
	if err := d.addFigure(figure{commodity: com, stage: stage, measure: "production", country: otherCountry, year: year,
		value: round3(restKt), unit: "kt", basis: st.basis, status: status, source: src, note: restNote}); err != nil {
		return err
	}
	return d.addFigure(figure{commodity: com, stage: stage, measure: "production", country: world, year: year,
		value: b.total.kt, unit: "kt", basis: st.basis, status: "reported", source: src,
		note: fmt.Sprintf("IEA world total (%s:%d)", b.file, b.total.line)})
}
