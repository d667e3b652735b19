package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShareStatements: the selected statements are stored as shares of their year (never
// tonnes), closed by a derived ROW; a chart read is estimated, a "~" share too; a region
// goes into ROW with its name in the note; the earlier chart dot gets its own year.
func TestShareStatements(t *testing.T) {
	raw := filepath.Join("testdata", "raw")
	d, err := newDataset(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.addShareStatements(raw); err != nil {
		t.Fatal(err)
	}
	type cell struct{ value, unit, status string }
	got := map[string]cell{}
	notes := map[string]string{}
	c := d.figures.col
	for _, r := range d.figures.rows {
		if r[c("measure")] != "share" {
			t.Errorf("%v: measure %q, want share", r, r[c("measure")])
		}
		k := strings.Join([]string{r[c("commodity")], r[c("stage")], r[c("country")], r[c("year")]}, "/")
		got[k] = cell{r[c("value")], r[c("unit")], r[c("status")]}
		notes[k] = r[c("note")]
	}
	want := map[string]cell{
		"germanium/refined/CHN/2025":          {"94", "%", "reported"},
		"germanium/refined/ROW/2025":          {"6", "%", "derived"},
		"tungsten/refined/CHN/2025":           {"76", "%", "reported"},
		"tungsten/refined/ROW/2025":           {"24", "%", "derived"},
		"manganese_sulphate/refined/CHN/2025": {"97", "%", "estimated"},
		"manganese_sulphate/refined/CHN/2023": {"92", "%", "estimated"},
		"manganese_sulphate/refined/ROW/2023": {"8", "%", "derived"},
		"rare_earths/magnet/CHN/2021":         {"84", "%", "reported"},
		"rare_earths/magnet/JPN/2021":         {"15", "%", "reported"},
		"rare_earths/magnet/ROW/2021":         {"1", "%", "derived"},
		"rare_earths/magnet/CHN/2017":         {"90", "%", "estimated"},
		"rare_earths/magnet/CHN/2010":         {"79.4", "%", "reported"},
		"rare_earths/magnet/ROW/2010":         {"1.3", "%", "derived"},
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %+v, want %+v", k, got[k], w)
		}
	}
	if n := notes["rare_earths/magnet/CHN/2010"]; !strings.Contains(n, "Europe 1.3%, a region, which is inside ROW") {
		t.Errorf("2010 note %q does not name the region", n)
	}
	if n := notes["germanium/refined/CHN/2025"]; !strings.Contains(n, "p.199") || !strings.Contains(n, "concentration_statements.csv:") {
		t.Errorf("germanium note %q lacks the other statement or the raw line", n)
	}
	// Bounds (">90" in 2020, "<9" for Japan) are not share tables.
	for k := range got {
		if strings.HasSuffix(k, "/2020") || strings.HasSuffix(k, "/2022") {
			t.Errorf("%s stored from a bound", k)
		}
	}
}

// TestShareStatementBoundRefused: a selected magnet group whose share is a bound stops
// the program instead of being stored as a number.
func TestShareStatementBoundRefused(t *testing.T) {
	raw := t.TempDir()
	dir := filepath.Join(raw, statementsDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data := "product,metric,country,share_pct,quantity,quantity_unit,period,primary_statistic,source_url,source_publisher,source_date,status,note\n" +
		"neodymium (NdFeB) magnets,share,China,>84,,,2021,x,,x,,V2,\n"
	if err := os.WriteFile(filepath.Join(dir, "magnet_production_shares.csv"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := newDataset(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	err = d.addMagnetShares(raw)
	if err == nil || !strings.Contains(err.Error(), "is a bound") {
		t.Errorf("err = %v, want the bound refused", err)
	}
}
