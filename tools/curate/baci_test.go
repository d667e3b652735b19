package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBACIMixes builds mixes from a small extract: the EU27 mix counts only imports from
// outside the EU, summed over members; a flow without a quantity stays out of the tonnage
// shares and is reported; exporters below 1% of tonnes and of value close the list as ROW.
func TestBACIMixes(t *testing.T) {
	raw := t.TempDir()
	dir := filepath.Join(raw, baciDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data := `year,exporter_iso3,importer_iso3,hs6,atlas_material,value_kusd,qty_t
2024,CHN,DEU,811010,antimony,60,6
2024,CHN,FRA,811010,antimony,20,2
2024,FRA,DEU,811010,antimony,100,10
2024,TJK,FRA,811010,antimony,20,
2024,VNM,DEU,811010,antimony,0.5,0.05
2024,S19,JPN,850511,magnets,10,1
`
	if err := os.WriteFile(filepath.Join(dir, "trade_2024.csv"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := newDataset(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.addBACI(raw); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	notes := map[string]string{}
	for _, r := range d.trade.rows {
		k := r[0] + "/" + r[1] + "/" + r[4]
		got[k] = r[5]
		notes[k] = r[8]
	}
	want := map[string]string{
		"EU27/antimony/CHN":   "99.4", // 8 of 8.05 t; FRA -> DEU is intra-EU
		"EU27/antimony/ROW":   "0.6",
		"DEU/antimony/FRA":    "62.3", // member states keep intra-EU flows
		"DEU/antimony/CHN":    "37.4",
		"DEU/antimony/ROW":    "0.3",
		"FRA/antimony/CHN":    "100",
		"JPN/rare_earths/TWN": "100", // S19 is Taiwan
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["EU27/antimony/FRA"]; ok {
		t.Error("EU27 mix lists a member state as a source")
	}
	if n := notes["EU27/antimony/CHN"]; !strings.Contains(n, "extra-EU") || !strings.Contains(n, "19.9% of value has no quantity") {
		t.Errorf("EU27 note %q lacks the scope or the missing-quantity value", n)
	}
	if len(got) != len(want) {
		t.Errorf("%d rows, want %d: %v", len(got), len(want), got)
	}
}

func TestBACICodesCovered(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range baciCodes {
		seen[c.hs6] = true
		if c.commodity != "" && (c.label == "" || c.form == "") {
			t.Errorf("%s %s: label and form are required", c.hs6, c.commodity)
		}
	}
	if len(seen) != 30 {
		t.Errorf("%d HS6 codes mapped, the extract has 30", len(seen))
	}
}

// TestStatements converts the printed import-source lists: a list naming its main partners
// only is closed by a derived ROW row (Eurostat 2024 REE+: 46.3 + 28.4 + 19.9 = 94.6).
func TestStatements(t *testing.T) {
	raw := rawDir()
	if _, err := os.Stat(filepath.Join(raw, statementsDir)); err != nil {
		t.Skipf("raw statements not found under %s (set CRITMIN_RAW)", raw)
	}
	d, err := newDataset(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.addStatements(raw); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range d.trade.rows {
		got[r[0]+"/"+r[2]+"/"+r[3]+"/"+r[4]] = r[5] + " " + r[6]
	}
	eu := "EU27/REE+ rare-earth elements incl. Sc and Y, CN 280530xx (Eurostat)/2024/"
	for k, want := range map[string]string{eu + "CHN": "46.3 reported", eu + "RUS": "28.4 reported", eu + "ROW": "5.4 derived",
		"KOR/neodymium permanent magnets (KITA)/2023/CHN": "84.7 reported"} {
		if got[k] != want {
			t.Errorf("%s = %q, want %q", k, got[k], want)
		}
	}
}
