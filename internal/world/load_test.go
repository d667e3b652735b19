package world

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func baseLayer(t testing.TB) Layer {
	t.Helper()
	return Layer{Name: "embedded", FS: os.DirFS("testdata/base")}
}

func loadBase(t testing.TB, extra ...Layer) *Dataset {
	t.Helper()
	ds, err := Load(append([]Layer{baseLayer(t)}, extra...)...)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return ds
}

func TestLoadBase(t *testing.T) {
	ds := loadBase(t)
	if got, want := len(ds.Figures), 12; got != want {
		t.Errorf("figures = %d, want %d", got, want)
	}
	if ds.Version == "" {
		t.Error("empty version")
	}
	sh, ok := ds.Shares("rare_earths", Mine, 0)
	if !ok {
		t.Fatal("no mine shares")
	}
	if sh.Year != 2024 {
		t.Errorf("default year = %d, want 2024 (latest reported)", sh.Year)
	}
	// 270000 / 390000 from the world row.
	if got, want := sh.Share("CHN"), 270000.0/390000; math.Abs(got-want) > 1e-12 {
		t.Errorf("China share = %v, want %v", got, want)
	}
	// ROW (18500) is not a named entry; it is part of Other.
	if got, want := sh.Other, 18500.0/390000; math.Abs(got-want) > 1e-12 {
		t.Errorf("other = %v, want %v", got, want)
	}
	if sh.Entries[0].Country != "CHN" || sh.Entries[1].Country != "USA" {
		t.Errorf("entries not sorted by share: %+v", sh.Entries)
	}
	sep, ok := ds.Shares("rare_earths", Separation, 0)
	if !ok || sep.From != Share || math.Abs(sep.Share("CHN")-0.91) > 1e-12 || math.Abs(sep.Other-0.09) > 1e-12 {
		t.Errorf("separation shares = %+v, %v", sep, ok)
	}
	// Cobalt mixes kt and t: shares are computed in tonnes.
	co, _ := ds.Shares("cobalt", Mine, 2024)
	if got, want := co.Share("COD"), 220000.0/223600; math.Abs(got-want) > 1e-12 {
		t.Errorf("cobalt DRC share = %v, want %v", got, want)
	}
	if _, ok := ds.Shares("rare_earths", Magnet, 0); ok {
		t.Error("magnet stage has no data but Shares returned ok")
	}
}

func TestQueries(t *testing.T) {
	ds := loadBase(t)
	mixes := ds.ImportMixes("USA", "rare_earths")
	if len(mixes) != 1 || mixes[0].Period != "2021-24" || mixes[0].Sources[0].Exporter != "CHN" {
		t.Errorf("ImportMixes = %+v, want the 2021-24 period led by China", mixes)
	}
	r, ok := ds.NetImportReliance("USA", "rare_earths", 0)
	if !ok || r.Year != 2024 || r.ValuePct != 53 {
		t.Errorf("NIR latest = %+v", r)
	}
	r, _ = ds.NetImportReliance("USA", "rare_earths", 2023)
	if r.Bound != AtLeast {
		t.Errorf("NIR 2023 bound = %q, want gt", r.Bound)
	}
	if got := ds.Importers(); len(got) != 1 || got[0] != "USA" {
		t.Errorf("Importers = %v", got)
	}
	for in, want := range map[string]string{"Burma": "MMR", "congo (kinshasa)": "COD", "Korea, Rep.": "KOR", "Turkey": "TUR", "TÜRKIYE": "TUR", "Other countries": OtherCountry, "World total": World} {
		if got, ok := ds.ResolveCountry(in); !ok || got != want {
			t.Errorf("ResolveCountry(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if !ds.InGroup("EST", "EU27") || ds.InGroup("USA", "EU27") {
		t.Error("InGroup wrong")
	}
	if got := ds.EUTradeParameter("dysprosium", "CHN", "refined", "world"); got != 1.1 {
		t.Errorf("trade parameter = %v, want 1.1", got)
	}
	if got := ds.EUTradeParameter("dysprosium", "USA", "refined", "world"); got != 1 {
		t.Errorf("default trade parameter = %v, want 1", got)
	}
	m := ds.EUCRM[0]
	if !math.IsNaN(ds.EUCRM[0].PubSRPrimary) && m.PubSRPrimary != 5.3 {
		t.Errorf("EU CRM row = %+v", m)
	}
}

func TestOverlayOverridesAndNormalises(t *testing.T) {
	user, err := DirLayer("testdata/good/aliases")
	if err != nil {
		t.Fatal(err)
	}
	ds := loadBase(t, user)
	sh, _ := ds.Shares("rare_earths", Mine, 2024)
	var mmr CountryShare
	for _, e := range sh.Entries {
		if e.Country == "MMR" {
			mmr = e
		}
	}
	if mmr.Tonnes != 31000 || mmr.Note != "user override" || !strings.HasSuffix(mmr.Origin.File, "figures.csv") || mmr.Origin.Line != 2 {
		t.Errorf("Burma row not overridden by the user file: %+v", mmr)
	}
	if n := len(ds.FiguresOf("cobalt", Mine, Production)); n != 5 {
		t.Errorf("cobalt rows = %d, want 5 (2 embedded + 3 user)", n)
	}
	base := loadBase(t)
	if base.Version == ds.Version {
		t.Error("overlay did not change the data version")
	}
}

// TestBadData loads each testdata/bad/<case> directory over the base dataset and checks
// the error names file, line, column and rule as want.txt says.
func TestBadData(t *testing.T) {
	dirs, err := filepath.Glob("testdata/bad/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no bad fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			user, err := DirLayer(dir)
			var ds *Dataset
			if err == nil {
				ds, err = Load(baseLayer(t), user)
			}
			if err == nil {
				t.Fatalf("load succeeded, want error containing %q", want)
			}
			if ds != nil {
				t.Error("a failed load returned a dataset")
			}
			if !errors.Is(err, ErrInvalidData) {
				t.Errorf("error does not wrap ErrInvalidData: %v", err)
			}
			for _, w := range strings.Split(strings.TrimSpace(string(want)), "\n") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain\n%s", err, w)
				}
			}
		})
	}
}

func TestErrorsAreBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(strings.Join(columns[fileFigures], ",") + "\n")
	for i := 0; i < 2*maxErrors; i++ {
		b.WriteString("cobalt,mine,production,Nowhere,2024,1,t,cobalt content,reported,usgs-test,\n")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, fileFigures), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	user, _ := DirLayer(dir)
	_, err := Load(baseLayer(t), user)
	if err == nil || !strings.Contains(err.Error(), "and 50 more problems") {
		t.Errorf("want a bounded list ending in a count, got %v", err)
	}
}

func TestFoldName(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Türkiye", "Turkiye"},
		{"Korea, Republic of", "korea republic of"},
		{"Congo (Kinshasa)", "CONGO KINSHASA"},
		{"Côte d'Ivoire", "Cote dIvoire"},
	}
	for _, tt := range tests {
		if foldName(tt.a) != foldName(tt.b) {
			t.Errorf("foldName(%q) != foldName(%q)", tt.a, tt.b)
		}
	}
	if foldName("Congo (Kinshasa)") == foldName("Congo (Brazzaville)") {
		t.Error("the two Congos fold together")
	}
}

func TestPeriodEnd(t *testing.T) {
	tests := map[string]int{"2021-24": 2024, "2020-2023": 2023, "2024": 2024, "1998-02": 1902}
	for in, want := range tests {
		if got := periodEnd(in); got != want {
			t.Errorf("periodEnd(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestShareBasesByYear: shares of different years may have different bases (sources),
// since shares are never summed across years; within a year they may not (bad case
// share_basis_in_year).
func TestShareBasesByYear(t *testing.T) {
	user, err := DirLayer("testdata/good/share_bases")
	if err != nil {
		t.Fatal(err)
	}
	ds := loadBase(t, user)
	for _, c := range []struct {
		year int
		chn  float64
	}{{2020, 0.60}, {2025, 0.75}} {
		sh, ok := ds.Shares("cobalt", Refined, c.year)
		if !ok || math.Abs(sh.Share("CHN")-c.chn) > 1e-9 {
			t.Errorf("cobalt refined %d: ok %v, China %v, want %v", c.year, ok, sh.Share("CHN"), c.chn)
		}
	}
}
