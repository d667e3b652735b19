package main

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"
)

// liPerCarbonate is lithium's mass fraction of Li2CO3, from atomic masses
// (2 x 6.94 / 73.89): the stoichiometric factor docs/sim-data.md uses.
const liPerCarbonate = 2 * 6.94 / (2*6.94 + 12.011 + 3*15.999)

// TestBatteryChainGap recomputes, from the raw data, the figures docs/sim-data.md
// ("The battery chain: not simulated, and why") gives for why apparent consumption of
// battery materials cannot be derived: what the BACI 2024 extract covers, and what the
// balance production + imports - exports would say with it. It also checks that the
// codes named as missing are absent. When the extract gains them, this test fails on
// purpose: the derivation may then hold, and the section must be redone.
func TestBatteryChainGap(t *testing.T) {
	raw := requireRaw(t)
	recs, err := readRaw(filepath.Join(raw, baciDir, "trade_2024.csv"), "year", "exporter_iso3", "importer_iso3", "hs6",
		"atlas_material", "value_kusd", "qty_t")
	if err != nil {
		t.Fatal(err)
	}
	present := map[string]bool{}
	// sum adds qty_t (or value_kusd) over the flows of one code, filtered by importer
	// and exporter when they are not "".
	sum := func(hs, importer, exporter, col string) float64 {
		var s float64
		for _, r := range recs {
			if r.get("hs6") != hs || (importer != "" && r.get("importer_iso3") != importer) ||
				(exporter != "" && r.get("exporter_iso3") != exporter) || r.get(col) == "" {
				continue
			}
			v, err := parseNum(r.get(col))
			if err != nil {
				t.Fatal(r.errorf("%s: %v", col, err))
			}
			s += v
		}
		return s
	}
	for _, r := range recs {
		present[r.get("hs6")] = true
	}
	for _, hs := range []string{"282520", "810520", "283329", "720260", "750110", "750120", "283324", "380110", "380190", "250410", "850760"} {
		if present[hs] {
			t.Errorf("HS %s is now in the BACI extract: redo the battery-chain derivation in docs/sim-data.md", hs)
		}
	}

	iea, err := readRaw(filepath.Join(raw, "iea-cm-explorer-2025", "supply_by_country.csv"), "mineral_key", "mineral_iea_scope",
		"stage", "country", "year", "value_kt", "value_type")
	if err != nil {
		t.Fatal(err)
	}
	ieaKt := func(mineral, stage, country string) float64 {
		for _, r := range iea {
			if r.get("mineral_key") == mineral && r.get("stage") == stage && r.get("country") == country && r.get("year") == "2024" {
				v, err := parseNum(r.get("value_kt"))
				if err != nil {
					t.Fatal(r.errorf("value_kt: %v", err))
				}
				return v
			}
		}
		t.Fatalf("IEA explorer has no 2024 %s %s row for %s", mineral, stage, country)
		return 0
	}
	net := func(hs, iso string) float64 { return sum(hs, iso, "", "qty_t") - sum(hs, "", iso, "qty_t") }

	liWorld := ieaKt("Lithium", "refining", "Total")
	cobaltCoO := 58.933 / (58.933 + 15.999) // Co mass fraction of CoO, the richest oxide
	tests := []struct {
		what string
		got  float64
		want string
	}{
		{"lithium carbonate traded, t", sum("283691", "", "", "qty_t"), "327224"},
		{"its Li content, kt", sum("283691", "", "", "qty_t") * liPerCarbonate / 1000, "61.5"},
		{"its share of world lithium chemicals, %", sum("283691", "", "", "qty_t") * liPerCarbonate / 1000 / liWorld * 100, "25"},
		{"China's carbonate-only apparent consumption, kt Li", ieaKt("Lithium", "refining", "China") + net("283691", "CHN")*liPerCarbonate/1000, "214.0"},
		{"its share of world chemicals, %", (ieaKt("Lithium", "refining", "China") + net("283691", "CHN")*liPerCarbonate/1000) / liWorld * 100, "89"},
		{"Korea's net carbonate imports, kt Li", net("283691", "KOR") * liPerCarbonate / 1000, "4.5"},
		{"Japan's net carbonate imports, kt Li", net("283691", "JPN") * liPerCarbonate / 1000, "2.3"},
		{"Korea's carbonate imports, MUSD", sum("283691", "KOR", "", "value_kusd") / 1000, "425"},
		{"Korea's carbonate imports, t", sum("283691", "KOR", "", "qty_t"), "27454"},
		{"cobalt oxides and hydroxides traded, t", sum("282200", "", "", "qty_t"), "70938"},
		{"DRC exports of 282200, t", sum("282200", "", "COD", "qty_t"), "23506"},
		{"China's net imports of 282200, t", net("282200", "CHN"), "8127"},
		{"US imports of 282200, t", sum("282200", "USA", "", "qty_t"), "1949"},
		{"their Co content at most (CoO), t", sum("282200", "USA", "", "qty_t") * cobaltCoO, "1533"},
		{"unwrought nickel traded, t", sum("750210", "", "", "qty_t"), "729767"},
		{"its share of IEA refined nickel, %", sum("750210", "", "", "qty_t") / 1000 / ieaKt("Nickel", "refining", "Total") * 100, "21"},
		{"US imports of 750210, t", sum("750210", "USA", "", "qty_t"), "79682"},
		{"Indonesia's apparent consumption, kt Ni", ieaKt("Nickel", "refining", "Indonesia") + net("750210", "IDN")/1000, "1444.2"},
		{"its share of IEA refined nickel, %", (ieaKt("Nickel", "refining", "Indonesia") + net("750210", "IDN")/1000) / ieaKt("Nickel", "refining", "Total") * 100, "41.5"},
		{"natural graphite 250490 traded, t", sum("250490", "", "", "qty_t"), "72548"},
		{"US imports of 250490, t", sum("250490", "USA", "", "qty_t"), "8920"},
	}
	for _, tt := range tests {
		if got := roundLike(tt.got, tt.want); got != tt.want {
			t.Errorf("%s = %s (%g), docs/sim-data.md says %s", tt.what, got, tt.got, tt.want)
		}
	}
}

// roundLike formats v with as many decimals as want has.
func roundLike(v float64, want string) string {
	decimals := 0
	for i, c := range want {
		if c == '.' {
			decimals = len(want) - i - 1
		}
	}
	p := math.Pow(10, float64(decimals))
	return fmt.Sprintf("%.*f", decimals, math.Round(v*p)/p)
}
