package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// wgiNonCountries lists WGI rows that are regional or income aggregates and are skipped.
// The 2022 pytradeshifts file holds none; a future file's aggregates must be listed here,
// since any other unknown name stops the program.
var wgiNonCountries = map[string]bool{}

// noteWGI explains the normalisation done by the transcribing repository.
const noteWGI = "mean of six WGI estimates rescaled to [0,1] by pytradeshifts as (mean+2.5)/5; formula inferred, see PROVENANCE"

// addGovernance converts the WGI 2022 file: one row per country.
func (d *dataset) addGovernance(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, "wgi-2022-pytradeshifts", "worldbank_governence_indicator_2022_normalised.csv"),
		"Country/Territory", "2022")
	if err != nil {
		return err
	}
	scores := map[string]float64{}
	for _, rec := range recs {
		name := rec.get("Country/Territory")
		if wgiNonCountries[name] {
			continue
		}
		iso, _, err := d.countries.resolve(name)
		if err != nil {
			return rec.errorf("%v", err)
		}
		v, err := parseNum(rec.get("2022"))
		if err != nil {
			return rec.errorf("%v", err)
		}
		if v < 0 || v > 1 {
			return rec.errorf("WGI value %g outside [0,1]", v)
		}
		if err := d.governance.add(iso, "2022", fmtNum(v), "derived", d.use("wgi-2022"), noteWGI); err != nil {
			return err
		}
		scores[iso] = v
	}
	for _, p := range wgiProxies {
		v, ok := scores[p.proxy]
		if !ok {
			return fmt.Errorf("WGI proxy for %s: %s has no score", p.territory, p.proxy)
		}
		if _, scored := scores[p.territory]; scored {
			return fmt.Errorf("WGI proxy for %s: the file now scores it; drop the proxy", p.territory)
		}
		if err := d.governance.add(p.territory, "2022", fmtNum(v), "estimated", d.use("wgi-2022"),
			"not in the WGI 2022 file; "+p.proxy+"'s score used as a proxy: "+p.why); err != nil {
			return err
		}
	}
	return nil
}

// wgiProxies gives producing territories that the WGI file does not score the score of
// the state responsible for them, an estimate the row says it is.
var wgiProxies = []struct{ territory, proxy, why string }{
	{"NCL", "FRA", "New Caledonia is a French special collectivity (nickel and cobalt producer)"},
}

const reeDir = "ree-element-distribution"

// elementSources maps the start of a raw source text to a source id.
var elementSources = []struct{ prefix, id string }{
	{"Deng H. & Kendall A. (2019)", "deng-kendall-2019"},
	{"Chinese journal article", "cn-ree-partitioning-abstract"},
	{"Oliveira A.L.B. de", "cetem-araxa-2020"},
	{"Rodrigues R.C.", "cetem-pitinga-2001"},
	{"Arafura Rare Earths", "arafura-nolans-2017"},
	{"Greenland Minerals (GGG)", "ggg-kvanefjeld"},
	{"About Rare Earths blog", "aboutrareearths-mountain-pass"},
}

// elementNames maps the raw element or group labels to the vocabulary of
// element_distribution.csv; "" marks labels outside the vocabulary, which are skipped.
var elementNames = map[string]string{
	"La": "La", "Ce": "Ce", "Pr": "Pr", "Nd": "Nd", "Pm": "Pm", "Sm": "Sm", "Eu": "Eu", "Gd": "Gd", "Tb": "Tb",
	"Dy": "Dy", "Ho": "Ho", "Er": "Er", "Tm": "Tm", "Yb": "Yb", "Lu": "Lu", "Y": "Y", "Sc": "Sc",
	"LREE": "LREE", "HREE": "HREE", "NdPr (Nd2O3+Pr6O11)": "NdPr", "HREO+Y2O3": "HREO+Y",
	"MREE": "", // middle REE group: not in the data-format vocabulary
}

// elementDepositNotes are caveats from the PROVENANCE that apply to whole deposits.
var elementDepositNotes = map[string]string{
	"Longnan (Jiangxi)":                    "listed oxides sum to 97.27 as published (gap unexplained in the source); secondary transcription (akarshgopal/ultimat-sim), not checked against the journal",
	"Araxa (Minas Gerais)":                 "Sc is included in the 100% basis; values read from the transcription in joao-mbn/etr-optimization (fractions x100); Ho 0.0000 as printed",
	"Pitinga (Amazonas)":                   "xenotime concentrate, not a national production basket; Sc included in the 100% basis; values read from joao-mbn/etr-optimization (fractions x100); Eu 0.0000 as printed",
	"Xunwu (Jiangxi) [partition abstract]": "CeO2 47.16% as printed; Xunwu-type ores are elsewhere described as La-rich and Ce-depleted, so it may be a misprint (PROVENANCE)",
}

// elementSource finds the source id of a raw source text.
func elementSource(text string) (string, error) {
	for _, s := range elementSources {
		if strings.HasPrefix(text, s.prefix) {
			return s.id, nil
		}
	}
	return "", fmt.Errorf("element source %q has no entry in elementSources", text)
}

// addElements converts distribution.csv and aggregates.csv.
func (d *dataset) addElements(rawDir string) error {
	dist, err := readRaw(filepath.Join(rawDir, reeDir, "distribution.csv"),
		"deposit", "country_iso3", "ore_type", "element", "share_pct_of_reo", "source")
	if err != nil {
		return err
	}
	for _, rec := range dist {
		if err := d.addElement(rec, rec.get("element"), "eq", ""); err != nil {
			return err
		}
	}
	agg, err := readRaw(filepath.Join(rawDir, reeDir, "aggregates.csv"),
		"deposit", "country_iso3", "ore_type", "group_or_element", "share_pct_of_reo", "bound", "scope_note", "source")
	if err != nil {
		return err
	}
	bounds := map[string]string{"equal": "eq", "lower_bound": "gt"}
	for _, rec := range agg {
		b, ok := bounds[rec.get("bound")]
		if !ok {
			return rec.errorf("bound %q", rec.get("bound"))
		}
		if err := d.addElement(rec, rec.get("group_or_element"), b, rec.get("scope_note")); err != nil {
			return err
		}
	}
	return nil
}

// addElement writes one element-distribution row.
func (d *dataset) addElement(rec record, label, bound, scope string) error {
	el, ok := elementNames[label]
	if !ok {
		return rec.errorf("element %q has no entry in elementNames", label)
	}
	if el == "" {
		d.warn("element_distribution: skipped %s %s (not in the element vocabulary)", rec.get("deposit"), label)
		return nil
	}
	iso, _, err := d.countries.resolve(rec.get("country_iso3"))
	if err != nil {
		return rec.errorf("%v", err)
	}
	src, err := elementSource(rec.get("source"))
	if err != nil {
		return rec.errorf("%v", err)
	}
	v, err := parseNum(rec.get("share_pct_of_reo"))
	if err != nil {
		return rec.errorf("%v", err)
	}
	note := joinNote("share of total REO, each element as its customary oxide", elementDepositNotes[rec.get("deposit")], scope)
	return d.elements.add(rec.get("deposit"), iso, rec.get("ore_type"), el, fmtNum(v), bound, "reported", d.use(src), note)
}

// curatedFigures holds the hand-entered rare-earth stage figures (facts.md section 3 and
// the sources it names); every row carries its own source id, status and note.
//
//go:embed curated_figures.csv
var curatedFigures []byte

// addCurated appends the hand-entered figures, then closes every share table that has
// no ROW row with a derived ROW row (100 minus the listed shares).
func (d *dataset) addCurated(string) error {
	rows, err := csv.NewReader(bytes.NewReader(curatedFigures)).ReadAll()
	if err != nil {
		return fmt.Errorf("curated_figures.csv: %w", err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != strings.Join(d.figures.header, ",") {
		return fmt.Errorf("curated_figures.csv: header must be %q", d.figures.header)
	}
	type group struct{ commodity, stage, year string }
	shares := map[group][]string{}
	sums := map[group]float64{}
	for i, r := range rows[1:] {
		v, err := parseNum(r[5])
		if err != nil {
			return fmt.Errorf("curated_figures.csv:%d: %v", i+2, err)
		}
		if r[8] != "reported" && r[9] == "" {
			return fmt.Errorf("curated_figures.csv:%d: a %s row needs a note", i+2, r[8])
		}
		r[5] = fmtNum(v)
		d.use(r[9])
		if err := d.figures.add(r...); err != nil {
			return fmt.Errorf("curated_figures.csv:%d: %w", i+2, err)
		}
		if r[2] == "share" {
			g := group{r[0], r[1], r[4]}
			shares[g] = append(shares[g], r[3])
			sums[g] += v
		}
	}
	keys := make([]group, 0, len(shares))
	for g := range shares {
		keys = append(keys, g)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	for _, g := range keys {
		if err := d.closeShares(g.commodity, g.stage, g.year, shares[g], sums[g]); err != nil {
			return err
		}
	}
	return nil
}

// closeShares adds the derived ROW row of a share table, unless it already has one.
func (d *dataset) closeShares(commodity, stage, year string, countries []string, sum float64) error {
	for _, c := range countries {
		if c == otherCountry {
			return nil
		}
	}
	rest := 100 - sum
	if rest < 0 {
		return fmt.Errorf("curated shares of %s %s %s sum to %g, more than 100", commodity, stage, year, sum)
	}
	note := "100 minus China's share"
	if len(countries) > 1 || countries[0] != "CHN" {
		note = "100 minus the listed shares (" + strings.Join(countries, ", ") + ")"
	}
	src := d.sourceOfShare(commodity, stage, year)
	return d.figures.add(commodity, stage, "share", otherCountry, year, fmtNum(round3(rest)), "%", "share of world output",
		"derived", src, note)
}

// sourceOfShare returns the source of the CHN share row of a table (the ROW row derives
// from it).
func (d *dataset) sourceOfShare(commodity, stage, year string) string {
	t := d.figures
	for _, r := range t.rows {
		if r[0] == commodity && r[1] == stage && r[2] == "share" && r[3] == "CHN" && r[4] == year {
			return r[t.col("source")]
		}
	}
	return ""
}

// round3 rounds to three decimals, removing float noise from 100 minus a sum.
func round3(v float64) float64 {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	r, _ := strconv.ParseFloat(s, 64)
	return r
}
