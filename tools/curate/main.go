// Command curate converts the raw source extracts kept under -raw (USGS MCS 2025 and 2026
// transcriptions, WGI 2022, EU CRM 2023, rare-earth element distributions) into critmin's
// world data tables (docs/data-format.md) under -out, and appends the hand-curated rare-earth
// stage figures of curated_figures.csv.
//
//	go run ./tools/curate -raw ../shared/data/raw -out internal/world/data
//
// The output is deterministic: rows are sorted by key and numbers are printed in their
// shortest exact form. Anything the program does not recognise (a country spelling, a unit,
// a table label, a price statistic, a material) stops it with an error instead of being
// skipped. Checks that concern the data rather than the program (lists that do not sum to
// 100, countries exceeding the world total, disagreements between MCS editions) are printed
// to stderr as warnings.
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	raw := flag.String("raw", "../shared/data/raw", "directory holding the raw source extracts")
	out := flag.String("out", "internal/world/data", "directory the data tables are written to")
	flag.Parse()
	if err := run(*raw, *out, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "curate:", err)
		os.Exit(1)
	}
}

// run builds every table from rawDir and writes them into outDir; warnings go to logw.
func run(rawDir, outDir string, logw io.Writer) error {
	ds, err := build(rawDir, logw)
	if err != nil {
		return err
	}
	if err := checkHandCurated(outDir, logw); err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	for _, t := range ds.tables() {
		if err := t.write(filepath.Join(outDir, t.file)); err != nil {
			return err
		}
	}
	for _, e := range ds.excluded {
		fmt.Fprintln(logw, "left out:", e)
	}
	return nil
}

// dataset holds the output tables while they are built.
type dataset struct {
	countries countryResolver
	warn      func(format string, args ...any)
	usedSrc   map[string]bool
	re2024e   map[string]float64 // MCS 2025 rare-earth 2024e mine production by country

	euMaterials  map[string]bool // materials of the EU results table
	euDuplicates []string        // materials repeated verbatim in the EU seed
	excluded     []string        // raw lists left out, with the reason; printed at the end

	sources, countryTab, commodities, figures, trade, reliance, prices,
	governance, euCRM, euTrade, elements, principal *table
}

// newDataset creates the empty tables with their columns and key columns.
func newDataset(logw io.Writer) (*dataset, error) {
	res, err := newCountryResolver(countryTable)
	if err != nil {
		return nil, err
	}
	return &dataset{
		countries:  res,
		warn:       func(format string, args ...any) { fmt.Fprintf(logw, "warning: "+format+"\n", args...) },
		usedSrc:    map[string]bool{},
		sources:    newTable("sources.csv", []string{"id", "publisher", "title", "url", "published", "via", "note"}, "id"),
		countryTab: newTable("countries.csv", []string{"iso3", "name", "aliases", "groups"}, "iso3"),
		commodities: newTable("commodities.csv", []string{"commodity", "name", "parent", "stages", "note"},
			"commodity"),
		figures: newTable("figures.csv", []string{"commodity", "stage", "measure", "country", "year", "value", "unit",
			"basis", "status", "source", "note"}, "commodity", "stage", "measure", "country", "year"),
		trade: newTable("trade.csv", []string{"importer", "commodity", "category", "period", "exporter", "share_pct",
			"status", "source", "note"}, "importer", "commodity", "category", "period", "exporter"),
		reliance: newTable("reliance.csv", []string{"importer", "commodity", "year", "value_pct", "bound", "basis",
			"status", "source", "note"}, "importer", "commodity", "year"),
		prices: newTable("prices.csv", []string{"commodity", "product", "market", "period", "value", "unit", "status",
			"source", "note"}, "commodity", "product", "market", "period"),
		governance: newTable("governance.csv", []string{"country", "year", "wgi_normalised", "status", "source", "note"},
			"country", "year"),
		euCRM: newTable("eu_crm.csv", []string{"material", "commodity", "stages", "sourcing_primary", "sourcing_refined",
			"si_sr", "si_ei", "ir_primary_pct", "ir_refined_pct", "eol_rir_pct", "pub_supply_risk",
			"pub_economic_importance", "pub_used_stage", "pub_sr_primary", "pub_sr_refined", "source", "note"},
			"material"),
		euTrade: newTable("eu_trade_parameters.csv", []string{"material", "country", "stage", "scope", "t", "source"},
			"material", "country", "stage", "scope"),
		elements: newTable("element_distribution.csv", []string{"deposit", "country", "ore_type", "element",
			"share_pct", "bound", "status", "source", "note"}, "deposit", "element"),
		principal: newTable("principal_forms.csv", []string{"commodity", "category", "rank", "status", "source", "note"},
			"commodity", "category"),
	}, nil
}

// tables lists the output tables in the order data-format.md documents them.
func (d *dataset) tables() []*table {
	return []*table{d.sources, d.countryTab, d.commodities, d.figures, d.trade, d.reliance, d.prices,
		d.governance, d.euCRM, d.euTrade, d.elements, d.principal}
}

// build reads every raw file and returns the finished, checked dataset.
func build(rawDir string, logw io.Writer) (*dataset, error) {
	d, err := newDataset(logw)
	if err != nil {
		return nil, err
	}
	steps := []func(string) error{
		d.addMCS2025World, d.addUSGSWorld, d.addCurated, d.addIEA, d.addBGS, d.addTrade, d.addReliance, d.addPrices,
		d.addGovernance, d.addEUCRM, d.addEUReliance, d.addEUTrade, d.addElements, d.addPrincipalForms, d.addBACI, d.addStatements,
		d.addShareStatements,
	}
	for _, step := range steps {
		if err := step(rawDir); err != nil {
			return nil, err
		}
	}
	for _, r := range countryRows(countryTable) {
		if err := d.countryTab.add(r...); err != nil {
			return nil, err
		}
	}
	if err := d.addCommodities(); err != nil {
		return nil, err
	}
	if err := d.addSources(); err != nil {
		return nil, err
	}
	d.checkFigures()
	d.checkTrade()
	for _, t := range d.tables() {
		t.sort()
	}
	return d, nil
}

// table is one output CSV file.
type table struct {
	file   string
	header []string
	key    []int
	rows   [][]string
	seen   map[string]bool
}

// newTable creates an empty table whose rows are identified by the named key columns.
func newTable(file string, header []string, keyCols ...string) *table {
	t := &table{file: file, header: header, seen: map[string]bool{}}
	for _, k := range keyCols {
		t.key = append(t.key, t.col(k))
	}
	return t
}

// col returns the index of a column; an unknown name is a programming error.
func (t *table) col(name string) int {
	for i, h := range t.header {
		if h == name {
			return i
		}
	}
	panic(fmt.Sprintf("%s has no column %q", t.file, name))
}

// keyOf joins the key cells of a row.
func (t *table) keyOf(row []string) string {
	parts := make([]string, len(t.key))
	for i, k := range t.key {
		parts[i] = row[k]
	}
	return strings.Join(parts, "\x00")
}

// add appends a row; a second row with the same key is an error.
func (t *table) add(cells ...string) error {
	if len(cells) != len(t.header) {
		return fmt.Errorf("%s: row has %d cells, want %d: %q", t.file, len(cells), len(t.header), cells)
	}
	k := t.keyOf(cells)
	if t.seen[k] {
		return fmt.Errorf("%s: duplicate key %q", t.file, strings.ReplaceAll(k, "\x00", ","))
	}
	t.seen[k] = true
	t.rows = append(t.rows, cells)
	return nil
}

// sort orders the rows by key (years are four digits, so text order is numeric order).
func (t *table) sort() {
	sort.SliceStable(t.rows, func(i, j int) bool { return t.keyOf(t.rows[i]) < t.keyOf(t.rows[j]) })
}

// write stores the table as RFC 4180 CSV with LF line ends.
func (t *table) write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.Write(t.header); err != nil {
		f.Close()
		return err
	}
	if err := w.WriteAll(t.rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// record is one raw CSV row addressed by column name.
type record struct {
	file string
	line int
	m    map[string]string
}

// get returns a cell; asking for a column the file lacks is a programming error.
func (r record) get(col string) string {
	v, ok := r.m[col]
	if !ok {
		panic(fmt.Sprintf("%s has no column %q", r.file, col))
	}
	return v
}

// errorf prefixes an error with the raw file and line.
func (r record) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", r.file, r.line, fmt.Sprintf(format, args...))
}

// readRaw reads a raw CSV file and checks that it has exactly the expected columns.
func readRaw(path string, want ...string) ([]record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	all, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("%s: empty file", path)
	}
	if strings.Join(all[0], ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("%s: columns are %q, want %q", path, all[0], want)
	}
	recs := make([]record, 0, len(all)-1)
	for i, row := range all[1:] {
		m := make(map[string]string, len(want))
		for j, h := range want {
			m[h] = strings.TrimSpace(row[j])
		}
		recs = append(recs, record{file: filepath.Base(path), line: i + 2, m: m})
	}
	return recs, nil
}

// fmtNum prints a number in its shortest exact decimal form, without trailing zeros.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// parseNum parses a plain decimal (thousands separators are accepted and removed).
func parseNum(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), 64)
	if err != nil {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	return v, nil
}

// cellKind classifies a raw USGS cell.
type cellKind int

// The kinds of raw cells USGS tables contain.
const (
	cellNumber   cellKind = iota // a plain value
	cellZero                     // "—": zero
	cellAtLeast                  // ">95", ">85,000,000": a lower bound
	cellAtMost                   // "<25": an upper bound
	cellWithheld                 // "W": withheld to avoid disclosing company data
	cellMissing                  // "NA", blank: not available
	cellIncluded                 // "( )": included in the world total
	cellNetExp                   // "E": net exporter (net import reliance only)
	cellText                     // "Small", "Large", "XX": no usable value
)

// cell is a parsed raw cell.
type cell struct {
	kind  cellKind
	value float64
}

// parseCell classifies a raw USGS cell and parses its number, if any.
func parseCell(s string) (cell, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "—", "–", "-":
		return cell{kind: cellZero}, nil
	case "W":
		return cell{kind: cellWithheld}, nil
	case "", "NA":
		return cell{kind: cellMissing}, nil
	case "( )", "()":
		return cell{kind: cellIncluded}, nil
	case "E":
		return cell{kind: cellNetExp}, nil
	case "Small", "Large", "XX":
		return cell{kind: cellText}, nil
	}
	kind := cellNumber
	switch {
	case strings.HasPrefix(s, ">"):
		kind, s = cellAtLeast, s[1:]
	case strings.HasPrefix(s, "<"):
		kind, s = cellAtMost, s[1:]
	}
	v, err := parseNum(s)
	if err != nil {
		return cell{}, err
	}
	return cell{kind: kind, value: v}, nil
}

// joinNote joins the non-empty parts of a note with "; ".
func joinNote(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "; ")
}

// use records that a source id is cited and returns it.
func (d *dataset) use(id string) string {
	d.usedSrc[id] = true
	return id
}

// addSources writes one sources.csv row per cited source id; a cited id without a
// definition in sourceTable is an error, and so is an unused definition.
func (d *dataset) addSources() error {
	defined := map[string]bool{}
	for _, s := range sourceTable {
		defined[s[0]] = true
		if !d.usedSrc[s[0]] {
			return fmt.Errorf("source %q is defined but no row cites it", s[0])
		}
		if err := d.sources.add(s[:]...); err != nil {
			return err
		}
	}
	for _, s := range simSourceTable {
		defined[s[0]] = true
		if err := d.sources.add(s[:]...); err != nil {
			return err
		}
	}
	var missing []string
	for id := range d.usedSrc {
		if !defined[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return errors.New("sources cited but not defined in sourceTable: " + strings.Join(missing, ", "))
	}
	return nil
}

// addCommodities writes commodities.csv and checks that every commodity used by any table
// is defined and that every figure's stage is in its commodity's chain.
func (d *dataset) addCommodities() error {
	stages := map[string]map[string]bool{}
	for _, c := range commodityTable {
		if err := d.commodities.add(c.id, c.name, c.parent, strings.Join(c.stages, ";"), c.note); err != nil {
			return err
		}
		stages[c.id] = map[string]bool{}
		for _, s := range c.stages {
			stages[c.id][s] = true
		}
	}
	check := func(t *table, col string) error {
		i := t.col(col)
		for _, r := range t.rows {
			if r[i] != "" && stages[r[i]] == nil {
				return fmt.Errorf("%s: commodity %q is not in commodityTable", t.file, r[i])
			}
		}
		return nil
	}
	for _, t := range []*table{d.figures, d.trade, d.reliance, d.prices, d.euCRM} {
		if err := check(t, "commodity"); err != nil {
			return err
		}
	}
	ci, si := d.figures.col("commodity"), d.figures.col("stage")
	for _, r := range d.figures.rows {
		if !stages[r[ci]][r[si]] {
			return fmt.Errorf("figures.csv: stage %q is not in the chain of %s", r[si], r[ci])
		}
	}
	return nil
}

// checkFigures warns when country rows exceed the world row by more than 2% (and says so
// in the world row's note, since USGS rounds world totals), when shares exceed 100 or when
// a table closed by a ROW row does not sum to 100.
func (d *dataset) checkFigures() {
	t := d.figures
	c := func(n string) int { return t.col(n) }
	type group struct{ commodity, stage, measure, year string }
	sums, closed := map[group]float64{}, map[group]bool{}
	worlds := map[group][]string{}
	tonnes := map[string]float64{"kg": 1e-3, "t": 1, "kt": 1e3, "Mt": 1e6, "%": 1}
	for _, r := range t.rows {
		g := group{r[c("commodity")], r[c("stage")], r[c("measure")], r[c("year")]}
		v, _ := strconv.ParseFloat(r[c("value")], 64)
		switch r[c("country")] {
		case world:
			worlds[g] = r
		case otherCountry:
			closed[g] = true
			sums[g] += v * tonnes[r[c("unit")]]
		default:
			sums[g] += v * tonnes[r[c("unit")]]
		}
	}
	keys := make([]group, 0, len(sums))
	for g := range sums {
		keys = append(keys, g)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	for _, g := range keys {
		s := sums[g]
		if g.measure == "share" {
			if s > 100.5 || (closed[g] && s < 99.5) {
				d.warn("figures: shares of %s %s %s sum to %g", g.commodity, g.stage, g.year, s)
			}
			continue
		}
		w := worlds[g]
		if w == nil {
			continue
		}
		wv, _ := strconv.ParseFloat(w[c("value")], 64)
		if f := tonnes[w[c("unit")]]; s > wv*f*1.02 {
			over := strconv.FormatFloat((s/(wv*f)-1)*100, 'f', 1, 64)
			d.warn("figures: %s %s %s %s: countries sum to %g t, %s%% above the world row",
				g.commodity, g.stage, g.measure, g.year, s, over)
			w[c("note")] = joinNote(w[c("note")], "country rows sum to "+fmtNum(s/f)+" "+w[c("unit")]+
				", "+over+"% above this world total (USGS world totals are rounded or lower bounds; values not altered)")
		}
	}
}

// checkTrade warns about import-source lists that do not sum to 100 +/- 1.
func (d *dataset) checkTrade() {
	sums := d.tradeSums()
	keys := make([]string, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if s := sums[k]; s < 99 || s > 101 {
			d.warn("trade: %s sums to %g, not 100 +/- 1", strings.ReplaceAll(k, "\x00", " | "), s)
		}
	}
}

// tradeSums totals the shares of each (importer, commodity, category, period) list.
func (d *dataset) tradeSums() map[string]float64 {
	t := d.trade
	sums := map[string]float64{}
	for _, r := range t.rows {
		k := strings.Join([]string{r[0], r[1], r[2], r[3]}, "\x00")
		v, _ := strconv.ParseFloat(r[t.col("share_pct")], 64)
		sums[k] += v
	}
	return sums
}
