package main

import (
	"path/filepath"
	"strconv"
	"strings"
)

// priceSpec maps one USGS price statistic to a prices.csv series.
type priceSpec struct {
	commodity string
	product   string
	market    string
	skip      string // non-empty: the series is not written, for this reason
}

// noteMarketUnstated marks series whose label names no market; they are filed as "US"
// because they are USGS salient statistics.
const noteMarketUnstated = "market not stated in the transcribed label; filed as US (USGS salient statistic)"

// priceUnits maps the raw unit text of us_salient.csv to prices.csv units (kept as
// published: cents stay cents).
var priceUnits = map[string]string{
	"cents per pound":                                      "USc/lb",
	"dollars per pound":                                    "USD/lb",
	"dollars per metric ton":                               "USD/t",
	"dollars per metric ton (gross weight)":                "USD/t",
	"dollars per kilogram":                                 "USD/kg",
	"dollars per kilogram of contained beryllium":          "USD/kg Be",
	"cents per pound of silicon":                           "USc/lb Si",
	"dollars per troy ounce":                               "USD/ozt",
	"dollars per kilogram of Ta2O5 content":                "USD/kg Ta2O5",
	"dollars per metric ton of K2O equivalent":             "USD/t K2O",
	"dollars per dry metric ton unit of tungsten trioxide": "USD/mtu WO3",
	"dollars per metric ton unit":                          "USD/mtu Mn",
	"USD/kg":                                               "USD/kg",
}

// priceSpecs lists every price statistic of us_salient.csv, keyed by raw commodity and
// statistic. Market follows the label or its footnote; "US" where neither names one.
var priceSpecs = map[string]priceSpec{
	"aluminum|Price, ingot, average U.S. market (spot)":                                                                        {"aluminum", "primary aluminum ingot, spot", "US", ""},
	"arsenic|Price, metal, annual average, U.S. warehouse":                                                                     {"arsenic", "arsenic metal, min 99% As", "US warehouse", ""},
	"barite|Price, average unit value, ground, ex-works":                                                                       {"barite", "ground barite, average unit value", "US ex-works", ""},
	"beryllium|Price, annual average unit value, beryllium-copper master alloy":                                                {"beryllium", "beryllium-copper master alloy (4% Be), import unit value", "US imports", ""},
	"bismuth|Price, average":                                                                                                   {"bismuth", "bismuth metal 99.99%", "Europe (Rotterdam)", ""},
	"boron|Price, average unit value of combined imports, cost, insurance, and freight":                                        {"boron", "combined boron imports, average unit value (cif)", "US imports", ""},
	"chromium|Price: Chromite ore (gross weight)":                                                                              {"chromium", "chromite ore (gross weight)", "US", ""},
	"chromium|Price: Ferrochromium (chromium content)":                                                                         {"chromium", "ferrochromium (chromium content)", "US", ""},
	"chromium|Price: Chromium metal (gross weight)":                                                                            {"chromium", "chromium metal (gross weight)", "US", ""},
	"copper|Price, annual average: U.S. producer, cathode (COMEX + premium)":                                                   {"copper", "cathode, US producer (COMEX + premium)", "US", ""},
	"copper|Price, annual average: COMEX, high-grade, first position":                                                          {"copper", "high-grade, first position", "COMEX", ""},
	"copper|Price, annual average: London Metal Exchange, grade A, cash":                                                       {"copper", "grade A, cash", "LME", ""},
	"fluorspar|Price, average unit value of imports, cost, insurance, and freight: Acid grade":                                 {"fluorspar", "acid grade, import unit value (cif)", "US imports", ""},
	"fluorspar|Price, average unit value of imports, cost, insurance, and freight: Metallurgical grade":                        {"fluorspar", "metallurgical grade, import unit value (cif)", "US imports", ""},
	"indium|Price, annual average: U.S. warehouse, free on board":                                                              {"indium", "indium 99.99% min", "US warehouse (fob)", ""},
	"indium|Price, annual average: Rotterdam, duties unpaid":                                                                   {"indium", "indium", "Europe (Rotterdam, duties unpaid)", ""},
	"lead|Price, average, North American":                                                                                      {"lead", "lead", "North America", ""},
	"magnesium_metal|Price, annual average: U.S. spot Western":                                                                 {"magnesium_metal", "magnesium metal", "US spot Western", ""},
	"magnesium_metal|Price, annual average: European free market":                                                              {"magnesium_metal", "magnesium metal", "Europe (free market)", ""},
	"molybdenum|Price, average (U.S. molybdic oxide, 57% Mo)":                                                                  {"molybdenum", "molybdic oxide, 57% Mo", "US", ""},
	"niobium|Price, average unit value, ferroniobium":                                                                          {"niobium", "ferroniobium, trade unit value", "US trade", ""},
	"phosphate_rock|Price, average value, f.o.b. mine":                                                                         {"phosphate_rock", "marketable phosphate rock, average value fob mine", "US (fob mine)", ""},
	"potash|Price, average, f.o.b. mine: All products":                                                                         {"potash", "all products (MOP, SOP, SOPM), fob mine", "US (fob mine)", ""},
	"potash|Price, average, f.o.b. mine: MOP":                                                                                  {"potash", "MOP, fob mine", "US (fob mine)", ""},
	"rhenium|Price, average value, gross weight: Metal, 99.99% pure":                                                           {"rhenium", "rhenium metal 99.99% (gross weight)", "US", ""},
	"rhenium|Price, average value, gross weight: Ammonium perrhenate":                                                          {"rhenium", "ammonium perrhenate (gross weight)", "US", ""},
	"scandium|Price, global, range of average values: Scandium oxide, powder, 99.99% purity, 5- to 100-kilogram lot size":      {"scandium", "scandium oxide powder 99.99%, 5-100 kg lots", "global", ""},
	"scandium|Price, global, range of average values: Scandium metal, ingot, 99.999% purity, 1- to 10-kilogram lot size":       {"scandium", "scandium metal ingot 99.999%, 1-10 kg lots", "global", ""},
	"scandium|Price, global, range of average values: Scandium-aluminum alloy, ingot, scandium 2%, 1- to 30-kilogram lot size": {"scandium", "scandium-aluminum alloy ingot (2% Sc), 1-30 kg lots", "global", ""},
	"silicon|Price, average: Ferrosilicon, 50% silicon":                                                                        {"silicon", "ferrosilicon, 50% Si", "US", ""},
	"silicon|Price, average: Ferrosilicon, 75% silicon":                                                                        {"silicon", "ferrosilicon, 75% Si", "US", ""},
	"silicon|Price, average: Silicon metal":                                                                                    {"silicon", "silicon metal", "US", ""},
	"silver|Price, bullion, average":                                                                                           {"silver", "silver bullion", "US", ""},
	"tantalum|Price, tantalite, annual average":                                                                                {"tantalum", "tantalite (Ta2O5 content)", "US", ""},
	"tellurium|Price, annual average: United States":                                                                           {"tellurium", "tellurium 99.95% min", "US warehouse (fob)", ""},
	"tellurium|Price, annual average: Europe":                                                                                  {"tellurium", "tellurium 99.99% min", "Europe (Rotterdam)", ""},
	"tin|Price, average: New York dealer":                                                                                      {"tin", "tin", "US (New York dealer)", ""},
	"tin|Price, average: London Metal Exchange (LME), cash":                                                                    {"tin", "tin, cash", "LME", ""},
	"titanium_sponge|Sponge metal: Price":                                                                                      {"titanium_sponge", "titanium sponge, import unit value (landed duty-paid)", "US imports", ""},
	"titanium_dioxide_pigment|TiO2 pigment: Price":                                                                             {"titanium_dioxide_pigment", "TiO2 pigment, import unit value (landed duty-paid)", "US imports", ""},
	"vanadium|Price, average, vanadium pentoxide":                                                                              {"vanadium", "vanadium pentoxide 98%", "China", ""},
	"zinc|Price, average: North American":                                                                                      {"zinc", "special high grade zinc", "North America", ""},
	"zinc|Price, average: London Metal Exchange (LME), cash":                                                                   {"zinc", "zinc, cash", "LME", ""},
	"zirconium_hafnium|Price: Zircon, premium grade, CIF China":                                                                {"zirconium_hafnium", "zircon, premium grade (gross weight)", "cif China", ""},
	"zirconium_hafnium|Price: Zircon, imported":                                                                                {"zirconium_hafnium", "zircon, import unit value (landed duty-paid)", "US imports", ""},
	"zirconium_hafnium|Price: Zirconium, sponge, ex-works China":                                                               {"zirconium_hafnium", "zirconium sponge", "ex-works China", ""},
	"zirconium_hafnium|Price: Hafnium, unwrought":                                                                              {"zirconium_hafnium", "hafnium, unwrought", "US", ""},
	"gallium|Price, average unit value of imports":                                                                             {"gallium", "gallium metal, import unit value", "US imports", ""},
	"germanium|Price, annual average: Germanium metal":                                                                         {"germanium", "germanium metal 99.999% min", "Europe", ""},
	"germanium|Price, annual average: Germanium dioxide":                                                                       {"germanium", "germanium dioxide", "Europe", ""},
	"graphite_natural|Price, average unit value of imports at foreign ports: Flake":                                            {"graphite_natural", "flake, import unit value at foreign ports", "US imports", ""},
	"graphite_natural|Price, average unit value of imports at foreign ports: Lump and chip (Sri Lanka)":                        {"graphite_natural", "lump and chip (Sri Lanka), import unit value at foreign ports", "US imports", ""},
	"graphite_natural|Price, average unit value of imports at foreign ports: Amorphous":                                        {"graphite_natural", "amorphous, import unit value at foreign ports", "US imports", ""},
	"antimony|Price, metal, average":                                                                                           {"antimony", "antimony metal, min 99.65% Sb (cif)", "US", ""},
	"tungsten|Price, concentrate, average in-warehouse Rotterdam":                                                              {"tungsten", "tungsten concentrate", "Europe (Rotterdam)", ""},
	"cobalt|Price, average: U.S. spot, cathode":                                                                                {"cobalt", "cobalt cathode", "US spot", ""},
	"cobalt|Price, average: London Metal Exchange (LME), cash":                                                                 {"cobalt", "cobalt, cash", "LME", ""},
	"lithium|Price, annual average-real, battery-grade lithium carbonate":                                                      {"lithium", "battery-grade lithium carbonate (real annual average)", "global (Benchmark assessment)", ""},
	"nickel|Price, average annual, London Metal Exchange (LME), cash|dollars per metric ton":                                   {"nickel", "nickel, cash", "LME", ""},
	"nickel|Price, average annual, London Metal Exchange (LME), cash|dollars per pound":                                        {"nickel", "", "", "same LME cash series as the USD/t row, restated per pound; the USD/t row is kept"},
	"manganese|Price, average, manganese content, cost, insurance, and freight, China":                                         {"manganese", "manganese ore (Mn content), cif", "cif China", ""},
	"pgm|Price: Palladium": {"palladium", "palladium (Engelhard unfabricated metal)", "US", ""},
	"pgm|Price: Platinum":  {"platinum", "platinum (Engelhard unfabricated metal)", "US", ""},
	"pgm|Price: Iridium":   {"platinum_group_metals", "iridium (Engelhard unfabricated metal)", "US", ""},
	"pgm|Price: Rhodium":   {"platinum_group_metals", "rhodium (Engelhard unfabricated metal)", "US", ""},
	"pgm|Price: Ruthenium": {"platinum_group_metals", "ruthenium (Engelhard unfabricated metal)", "US", ""},
}

// marketUnstated lists the specs whose market is critmin's default, not the label's.
var marketUnstated = map[string]bool{
	"chromium|Price: Chromite ore (gross weight)": true, "chromium|Price: Ferrochromium (chromium content)": true,
	"chromium|Price: Chromium metal (gross weight)": true, "rhenium|Price, average value, gross weight: Metal, 99.99% pure": true,
	"rhenium|Price, average value, gross weight: Ammonium perrhenate": true, "silicon|Price, average: Ferrosilicon, 50% silicon": true,
	"silicon|Price, average: Silicon metal": true, "silver|Price, bullion, average": true,
	"tantalum|Price, tantalite, annual average": true, "zirconium_hafnium|Price: Hafnium, unwrought": true,
	"antimony|Price, metal, average": true, "pgm|Price: Palladium": true, "pgm|Price: Platinum": true,
	"pgm|Price: Iridium": true, "pgm|Price: Rhodium": true, "pgm|Price: Ruthenium": true,
}

// salientCols are the columns of us_salient.csv.
var salientCols = []string{"commodity", "statistic", "unit", "2021", "2022", "2023", "2024", "2025e", "raw_note"}

// lookupPrice finds the spec of a statistic, first by commodity|statistic|unit.
func lookupPrice(commodity, statistic, unit string) (priceSpec, string, bool) {
	k := commodity + "|" + statistic
	if s, ok := priceSpecs[k+"|"+unit]; ok {
		return s, k, true
	}
	s, ok := priceSpecs[k]
	return s, k, ok
}

// addPrices converts the price rows of us_salient.csv and the rare-earth prices of the
// MCS 2025 salient statistics.
func (d *dataset) addPrices(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, mcs2026Dir, "us_salient.csv"), salientCols...)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if !strings.Contains(strings.ToLower(rec.get("statistic")), "price") {
			continue
		}
		spec, key, ok := lookupPrice(rec.get("commodity"), rec.get("statistic"), rec.get("unit"))
		if !ok {
			return rec.errorf("price statistic %q of %s has no entry in priceSpecs", rec.get("statistic"), rec.get("commodity"))
		}
		if spec.skip != "" {
			d.warn("prices: skipped %s %q (%s): %s", rec.get("commodity"), rec.get("statistic"), rec.get("unit"), spec.skip)
			continue
		}
		unit, ok := priceUnits[rec.get("unit")]
		if !ok {
			return rec.errorf("price unit %q has no entry in priceUnits", rec.get("unit"))
		}
		if err := d.addPriceSeries(rec, spec, unit, marketUnstated[key]); err != nil {
			return err
		}
	}
	return d.addMCS2025Prices(rawDir)
}

// addPriceSeries writes the 2021-2025e values of one USGS price statistic.
func (d *dataset) addPriceSeries(rec record, spec priceSpec, unit string, unstated bool) error {
	base := ""
	if unstated {
		base = noteMarketUnstated
	}
	midpoints := strings.Contains(rec.get("raw_note"), "parser midpoints")
	for _, y := range relianceYears {
		s := rec.get(y.col)
		if s == "" {
			continue
		}
		v, err := parseNum(s)
		if err != nil {
			return rec.errorf("%s: %v", y.col, err)
		}
		status, note := "reported", ""
		if y.year == 2025 {
			status, note = "estimated", note2025e
		}
		if midpoints && y.year < 2025 {
			status, note = "derived", "midpoint of the USGS range, computed by the transcribing parser (range in raw note)"
		}
		if err := d.prices.add(spec.commodity, spec.product, spec.market, strconv.Itoa(y.year), fmtNum(v), unit, status,
			d.use("usgs-mcs2026"), joinNote(note, base, "USGS statistic: "+rec.get("statistic"), rawNote(rec.get("raw_note")))); err != nil {
			return err
		}
	}
	return nil
}

// mcs2025Prices maps the MCS 2025 rare-earth price items to commodity and product.
var mcs2025Prices = map[string][2]string{
	"Price cerium oxide 99.5%":     {"cerium", "cerium oxide 99.5%"},
	"Price dysprosium oxide 99.5%": {"dysprosium", "dysprosium oxide 99.5%"},
	"Price europium oxide 99.99%":  {"europium", "europium oxide 99.99%"},
	"Price lanthanum oxide 99.5%":  {"lanthanum", "lanthanum oxide 99.5%"},
	"Price mischmetal":             {"rare_earths", "mischmetal"},
	"Price neodymium oxide 99.5%":  {"neodymium", "neodymium oxide 99.5%"},
	"Price terbium oxide 99.99%":   {"terbium", "terbium oxide 99.99%"},
}

// addMCS2025Prices writes the rare-earth oxide prices of MCS 2025 (2020-2024e).
func (d *dataset) addMCS2025Prices(rawDir string) error {
	recs, err := readRaw(filepath.Join(rawDir, mcs2025Dir, "mcs2025_rare_earths_us_salient.csv"), mcs2025SalientCols...)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if !strings.HasPrefix(rec.get("item"), "Price") {
			continue
		}
		p, ok := mcs2025Prices[rec.get("item")]
		if !ok {
			return rec.errorf("MCS 2025 price item %q has no entry in mcs2025Prices", rec.get("item"))
		}
		unit, ok := priceUnits[rec.get("unit")]
		if !ok {
			return rec.errorf("price unit %q has no entry in priceUnits", rec.get("unit"))
		}
		for _, y := range []string{"2020", "2021", "2022", "2023", "2024e"} {
			v, err := parseNum(rec.get(y))
			if err != nil {
				return rec.errorf("%s: %v", y, err)
			}
			status, note := "reported", ""
			if y == "2024e" {
				status, note = "estimated", "USGS MCS 2025 estimate (2024e)"
			}
			if err := d.prices.add(p[0], p[1], "US", strings.TrimSuffix(y, "e"), fmtNum(v), unit, status, d.use("usgs-mcs2025"),
				joinNote(note, "USGS MCS 2025 rare-earths salient statistics (annual average); "+noteMarketUnstated)); err != nil {
				return err
			}
		}
	}
	return nil
}
