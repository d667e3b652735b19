package main

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
)

const bgsDir = "bgs-wms-refined-atlas"

// bgsSeries maps a BGS refined-stage series to a critmin commodity and stage. Alumina is
// left out: critmin's aluminum stage is the smelter, not the alumina refinery.
var bgsSeries = map[string]struct{ commodity, stage string }{
	"cobalt, refined":          {"cobalt", "refined"},
	"copper, refined":          {"copper", "refined"},
	"nickel, smelter/refinery": {"nickel", "refined"},
	"magnesium metal, primary": {"magnesium_metal", "refined"},
	"germanium metal":          {"germanium", "refined"},
	"arsenic, white":           {"arsenic", "refined"},
}

// bgsISO2 maps the ISO 3166-1 alpha-2 codes of the BGS file to alpha-3 (XK is Kosovo, XKX
// as in countries.csv).
var bgsISO2 = map[string]string{
	"AT": "AUT", "AU": "AUS", "BE": "BEL", "BG": "BGR", "BR": "BRA", "CA": "CAN", "CD": "COD", "CL": "CHL",
	"CN": "CHN", "CO": "COL", "CU": "CUB", "DE": "DEU", "DO": "DOM", "ES": "ESP", "FI": "FIN", "FR": "FRA",
	"GB": "GBR", "GH": "GHA", "GR": "GRC", "GT": "GTM", "ID": "IDN", "IL": "ISR", "IN": "IND", "IR": "IRN",
	"JP": "JPN", "KR": "KOR", "KZ": "KAZ", "MA": "MAR", "MG": "MDG", "MK": "MKD", "MM": "MMR", "MX": "MEX",
	"NA": "NAM", "NC": "NCL", "NO": "NOR", "PE": "PER", "PH": "PHL", "PL": "POL", "RU": "RUS", "SE": "SWE",
	"TR": "TUR", "UA": "UKR", "UG": "UGA", "US": "USA", "UZ": "UZB", "VE": "VEN", "XK": "XKX", "ZA": "ZAF",
	"ZM": "ZMB", "ZW": "ZWE",
}

// bgsMaxSumPct is the most a year's stored shares may add up to (the loader's rule).
const bgsMaxSumPct = 100.5

// addBGS stores the BGS refined-stage shares as `share` figures. The atlas rounded each
// share to a whole percent and dropped countries under 1%, so a year whose shares sum
// below 100 gets a derived ROW row for the remainder, and a year whose rounded shares sum
// above 100.5 is left out (listed by curate): storing it would need shares changed.
// Where IEA or USGS give tonnages for the same stage and year, lenses use the tonnages and
// these shares stay as the second figure.
func (d *dataset) addBGS(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, bgsDir, "refined_shares_by_country.csv"),
		"bgs_commodity", "atlas_label", "year", "country_iso2", "share_pct_rounded")
	if err != nil {
		return err
	}
	type key struct{ series, year string }
	groups := map[key][]record{}
	var keys []key
	for _, rec := range recs {
		if rec.get("bgs_commodity") == "alumina" {
			continue
		}
		if _, ok := bgsSeries[rec.get("bgs_commodity")]; !ok {
			return rec.errorf("BGS series %q not mapped in bgsSeries", rec.get("bgs_commodity"))
		}
		k := key{rec.get("bgs_commodity"), rec.get("year")}
		if _, seen := groups[k]; !seen {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], rec)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].series != keys[j].series {
			return keys[i].series < keys[j].series
		}
		return keys[i].year < keys[j].year
	})
	for _, k := range keys {
		sum := 0.0
		for _, rec := range groups[k] {
			v, err := parseNum(rec.get("share_pct_rounded"))
			if err != nil {
				return rec.errorf("%v", err)
			}
			sum += v
		}
		if sum > bgsMaxSumPct {
			d.excluded = append(d.excluded, fmt.Sprintf("%s/refined_shares_by_country.csv %s %s: rounded shares sum to %s%%, above %g; year left out",
				bgsDir, k.series, k.year, fmtNum(sum), bgsMaxSumPct))
			continue
		}
		m := bgsSeries[k.series]
		year, err := strconv.Atoi(k.year)
		if err != nil {
			return fmt.Errorf("%s %s: year %q: %v", bgsDir, k.series, k.year, err)
		}
		for _, rec := range groups[k] {
			iso, ok := bgsISO2[rec.get("country_iso2")]
			if !ok {
				return rec.errorf("ISO2 code %q not mapped in bgsISO2", rec.get("country_iso2"))
			}
			v, _ := parseNum(rec.get("share_pct_rounded"))
			if err := d.addFigure(figure{commodity: m.commodity, stage: m.stage, measure: "share", country: iso, year: year,
				value: v, unit: "%", basis: "share of the sum of BGS country tonnages (" + k.series + ")", status: "derived", source: "bgs-wms",
				note: fmt.Sprintf("computed by the atlas from BGS tonnages, rounded to 1%% (%s/refined_shares_by_country.csv:%d)", bgsDir, rec.line)}); err != nil {
				return err
			}
		}
		if sum < 100 {
			if err := d.addFigure(figure{commodity: m.commodity, stage: m.stage, measure: "share", country: otherCountry, year: year,
				value: round3(100 - sum), unit: "%", basis: "share of the sum of BGS country tonnages (" + k.series + ")", status: "derived", source: "bgs-wms",
				note: "100 minus the listed shares: countries under 1% (dropped by the atlas) and rounding"}); err != nil {
				return err
			}
		}
	}
	return nil
}
