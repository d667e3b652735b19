package world

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func mapLayer(name string, files map[string]string) Layer {
	fsys := fstest.MapFS{}
	for f, data := range files {
		fsys[f] = &fstest.MapFile{Data: []byte(data)}
	}
	return Layer{Name: name, FS: fsys}
}

// TestUserFiguresAndYears: the rows a --data layer supplies are told from embedded ones,
// and DataYears lists the years with figures or the importer's NIR.
func TestUserFiguresAndYears(t *testing.T) {
	user := mapLayer("user", map[string]string{"figures.csv": "commodity,stage,measure,country,year,value,unit,basis,status,source,note\n" +
		"rare_earths,mine,production,USA,2024,46000,t,REO equivalent,estimated,usgs-test,user override\n"})
	ds := loadBase(t, user)
	got := ds.UserFigures()
	if len(got) != 1 || got[0].Country != "USA" || got[0].Value != 46000 {
		t.Fatalf("UserFigures = %+v, want the one USA override", got)
	}
	if n := len(loadBase(t).UserFigures()); n != 0 {
		t.Errorf("embedded-only dataset has %d user figures", n)
	}
	years := ds.DataYears("", "rare_earths")
	if !slices.IsSortedFunc(years, func(a, b int) int { return b - a }) {
		t.Errorf("DataYears = %v, want newest first", years)
	}
	if slices.Contains(years, 1990) || !slices.Contains(years, 2024) {
		t.Errorf("DataYears = %v", years)
	}
}

// TestTradeImporterGroup: trade.csv accepts a country group as importer (extra-group
// imports) but not the pseudo-countries.
func TestTradeImporterGroup(t *testing.T) {
	head := "importer,commodity,category,period,exporter,share_pct,status,source,note\n"
	good := mapLayer("user", map[string]string{"trade.csv": head +
		"EU27,rare_earths,magnets,2024,CHN,90,derived,usgs-test,fixture\nEU27,rare_earths,magnets,2024,ROW,10,derived,usgs-test,fixture\n"})
	ds := loadBase(t, good)
	if got, ok := ds.ResolveImporter("European Union"); !ok || got != "EU27" {
		t.Errorf("ResolveImporter(European Union) = %q %v", got, ok)
	}
	if !slices.Contains(ds.Importers(), "EU27") {
		t.Errorf("Importers() = %v lacks EU27", ds.Importers())
	}
	bad := mapLayer("user", map[string]string{"trade.csv": head + "ROW,rare_earths,magnets,2024,CHN,100,derived,usgs-test,fixture\n"})
	_, err := Load(baseLayer(t), bad)
	if err == nil || !strings.Contains(err.Error(), "must be a country or a country group") {
		t.Errorf("ROW importer: err = %v", err)
	}
}
