package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// shareStatement selects one printed country share of a stage and says where it goes in
// figures.csv. A share statement is stored as a share, never turned into tonnes; the rest
// of the world is closed by a derived ROW row.
type shareStatement struct {
	// material and country select the raw row (as in the raw file); section is a prefix
	// of its section column (GCMO) or its product column (magnet shares).
	section, material, country, year string
	commodity, stage                 string
	// alsoPrinted names the other statements of the same stage and year that the stored
	// one was preferred to, and why; it goes into the note.
	alsoPrinted string
}

// gcmoShares are the IEA GCMO 2026 share statements stored as figures. The p.39 table is
// printed exactly, the p.31 chart is read off the bars (+-1-2 pp). Statements for stages
// that the annex gives in tonnes (magnet rare earths) are not stored: tonnages come first.
// The GCMO has no magnesium statement; primary magnesium comes from BGS.
var gcmoShares = []shareStatement{
	{"p39 export-control table", "Germanium", "China", "2025", "germanium", "refined",
		"the p.199 scatter reads the top refiner's share at about 78% (chart read, refiner not named); the exact table value is used"},
	{"p39 export-control table", "Tungsten", "China", "2025", "tungsten", "refined",
		"the p.199 scatter reads the top refiner's share at about 78% (chart read, refiner not named); the exact table value is used; the table names no stage, and it is read as processing as for the other metals of the table (p.199 is a refining chart)"},
	{"p31 chart", "manganese sulphate (battery-grade)", "China", "2025", "manganese_sulphate", "refined",
		"scattered text elsewhere in the report gives China 95% with no year; the dated chart value is used"},
}

// gcmoDotYears are the earlier-year dots a p.31 chart row prints in its note ("2023 dot 92"):
// stored as shares of that year, with the same chart-read caveat.
var gcmoDotYears = map[string]bool{"manganese sulphate (battery-grade)": true}

// magnetShareGroups are the magnet production shares of magnet_production_shares.csv stored
// as shares of rare_earths' magnet stage: every row of the product and period. A group
// with a bound ("<9", ">90") is not stored, since a share table needs numbers; "~" marks
// an approximate figure, stored as estimated.
var magnetShareGroups = []struct{ product, period, source string }{
	{"neodymium (NdFeB) magnets", "2021", "fujikeizai-ckhq"},
	{"sintered NdFeB magnets (semi-finished)", "2010", "china-org-cn-2013"},
	{"NdFeB permanent magnets", "2017", "magneticsmag-2017"},
}

// regionNames are regions some statements name beside countries; their share goes into the
// derived ROW row, named in its note.
var regionNames = map[string]bool{"Europe": true}

// addShareStatements stores the selected GCMO share statements and the magnet production
// shares.
func (d *dataset) addShareStatements(rawDir string) error {
	if err := d.addGCMOShares(rawDir); err != nil {
		return err
	}
	return d.addMagnetShares(rawDir)
}

func (d *dataset) addGCMOShares(rawDir string) error {
	file := ieaGCMODir + "/concentration_statements.csv"
	recs, err := readRaw(filepath.Join(rawDir, ieaGCMODir, "concentration_statements.csv"),
		"section", "material_or_stage", "country", "share_pct", "year", "value_kind", "note", "report_page")
	if err != nil {
		return err
	}
	for _, st := range gcmoShares {
		found := false
		for _, rec := range recs {
			if !strings.HasPrefix(rec.get("section"), st.section) || rec.get("material_or_stage") != st.material ||
				rec.get("country") != st.country || rec.get("year") != st.year {
				continue
			}
			found = true
			v, err := parseNum(rec.get("share_pct"))
			if err != nil {
				return rec.errorf("share_pct %q: %v", rec.get("share_pct"), err)
			}
			year, err := strconv.Atoi(rec.get("year"))
			if err != nil {
				return rec.errorf("year: %v", err)
			}
			status := "reported"
			kind := rec.get("value_kind")
			if strings.HasPrefix(kind, "chart read") {
				status = "estimated"
			}
			base := fmt.Sprintf("IEA GCMO 2026 p.%s, %s: %s (%s:%d)", rec.get("report_page"), rec.get("section"), kind, file, rec.line)
			if err := d.addShareTable(st.commodity, st.stage, year, "iea-gcmo-2026-statements", status,
				[]shareRow{{st.country, v}}, base+"; "+st.alsoPrinted); err != nil {
				return err
			}
			if gcmoDotYears[st.material] {
				if err := d.addDotYear(st, rec, base); err != nil {
					return err
				}
			}
		}
		if !found {
			return fmt.Errorf("%s: no row for %s / %s / %s", file, st.material, st.country, st.year)
		}
	}
	return nil
}

// addDotYear stores the earlier year a chart row prints in its note, "2023 dot 92".
func (d *dataset) addDotYear(st shareStatement, rec record, base string) error {
	var year int
	var v float64
	if _, err := fmt.Sscanf(rec.get("note"), "%d dot %g", &year, &v); err != nil {
		return rec.errorf("note %q: want \"YEAR dot SHARE\": %v", rec.get("note"), err)
	}
	return d.addShareTable(st.commodity, st.stage, year, "iea-gcmo-2026-statements", "estimated",
		[]shareRow{{st.country, v}}, fmt.Sprintf("the %d dot of the same chart row; %s", year, base))
}

func (d *dataset) addMagnetShares(rawDir string) error {
	file := statementsDir + "/magnet_production_shares.csv"
	recs, err := readRaw(filepath.Join(rawDir, statementsDir, "magnet_production_shares.csv"), "product", "metric",
		"country", "share_pct", "quantity", "quantity_unit", "period", "primary_statistic", "source_url",
		"source_publisher", "source_date", "status", "note")
	if err != nil {
		return err
	}
	for _, g := range magnetShareGroups {
		var rows []shareRow
		var lines, regions []string
		status := "reported"
		year := 0
		for _, rec := range recs {
			if rec.get("product") != g.product || rec.get("period") != g.period {
				continue
			}
			text := rec.get("share_pct")
			if strings.HasPrefix(text, "<") || strings.HasPrefix(text, ">") {
				return rec.errorf("share_pct %q is a bound; the group %s %s cannot be a share table", text, g.product, g.period)
			}
			if t, ok := strings.CutPrefix(text, "~"); ok {
				text, status = t, "estimated"
			}
			v, err := parseNum(text)
			if err != nil {
				return rec.errorf("share_pct %q: %v", rec.get("share_pct"), err)
			}
			if year, err = strconv.Atoi(rec.get("period")); err != nil {
				return rec.errorf("period: %v", err)
			}
			lines = append(lines, fmt.Sprint(rec.line))
			if regionNames[rec.get("country")] {
				regions = append(regions, fmt.Sprintf("%s %s%%", rec.get("country"), fmtNum(v)))
				continue
			}
			rows = append(rows, shareRow{rec.get("country"), v})
		}
		if len(rows) == 0 {
			return fmt.Errorf("%s: no rows for %s %s", file, g.product, g.period)
		}
		note := fmt.Sprintf("share of world magnet production, %s as printed (%s:%s)", g.product, file, strings.Join(lines, ", "))
		if len(regions) > 0 {
			note += "; the source also names " + strings.Join(regions, ", ") + ", a region, which is inside ROW"
		}
		if err := d.addShareTable("rare_earths", "magnet", year, g.source, status, rows, note); err != nil {
			return err
		}
	}
	return nil
}

// shareRow is one printed country share, in percent.
type shareRow struct {
	country string
	pct     float64
}

// addShareTable writes the printed shares of one stage and year and closes them with a
// derived ROW row of 100 minus their sum.
func (d *dataset) addShareTable(commodity, stage string, year int, source, status string, rows []shareRow, note string) error {
	sum := 0.0
	for _, r := range rows {
		iso, _, err := d.countries.resolve(r.country)
		if err != nil {
			return fmt.Errorf("%s %s %d: %v", commodity, stage, year, err)
		}
		if err := d.addFigure(figure{commodity: commodity, stage: stage, measure: "share", country: iso, year: year,
			value: r.pct, unit: "%", basis: "share of world output", status: status, source: source, note: note}); err != nil {
			return err
		}
		sum += r.pct
	}
	if sum > 100 {
		return fmt.Errorf("%s %s %d: printed shares sum to %s%%", commodity, stage, year, fmtNum(sum))
	}
	return d.addFigure(figure{commodity: commodity, stage: stage, measure: "share", country: otherCountry, year: year,
		value: round3(100 - sum), unit: "%", basis: "share of world output", status: "derived", source: source,
		note: fmt.Sprintf("100 minus the printed shares (%s%%)", fmtNum(sum))})
}
