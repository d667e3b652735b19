package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawDir returns the raw-data directory: $CRITMIN_RAW, else the copy of the shared raw
// extracts vendored in testdata/raw (with their PROVENANCE.md files), so that the tests
// run in a plain clone.
func rawDir() string {
	if d := os.Getenv("CRITMIN_RAW"); d != "" {
		return d
	}
	return filepath.Join("testdata", "raw")
}

// requireRaw returns the raw-data directory, failing t when it is missing: the tests
// never skip, and CRITMIN_RAW naming a directory that is not there is a mistake.
func requireRaw(t *testing.T) string {
	t.Helper()
	raw := rawDir()
	if st, err := os.Stat(raw); err != nil || !st.IsDir() {
		t.Fatalf("raw data directory %s not found (CRITMIN_RAW, or the vendored testdata/raw)", raw)
	}
	return raw
}

// committedDir is where the generated tables are committed.
const committedDir = "../../internal/world/data"

// TestOutputMatchesCommitted regenerates every table from the raw files and requires the
// committed internal/world/data files to be byte-for-byte identical.
func TestOutputMatchesCommitted(t *testing.T) {
	raw := requireRaw(t)
	out := t.TempDir()
	if err := run(raw, out, io.Discard); err != nil {
		t.Fatalf("run: %v", err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		got, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(committedDir, e.Name()))
		if err != nil {
			t.Errorf("%s: generated but not committed: %v", e.Name(), err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the committed file; regenerate with: go run ./tools/curate -raw %s -out internal/world/data\n%s",
				e.Name(), raw, firstDiff(string(want), string(got)))
			t.Log("if the shared raw extracts changed, refresh testdata/raw first (testdata/raw/README.md)")
		}
	}
	committed, _ := filepath.Glob(filepath.Join(committedDir, "*.csv"))
	generated := 0
	for _, f := range committed {
		if !isHandCurated(filepath.Base(f)) {
			generated++
		}
	}
	if generated != len(entries) {
		t.Errorf("committed %d generated csv files, the program writes %d", generated, len(entries))
	}
}

// TestDeterministic runs the conversion twice and compares the outputs.
func TestDeterministic(t *testing.T) {
	raw := requireRaw(t)
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if err := run(raw, d, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(a, "*.csv"))
	for _, f := range files {
		x, _ := os.ReadFile(f)
		y, _ := os.ReadFile(filepath.Join(b, filepath.Base(f)))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", filepath.Base(f))
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + itoa(i+1) + ":\n  committed: " + wl + "\n  generated: " + gl
		}
	}
	return "(no line differs; line endings?)"
}

func itoa(i int) string { return fmtNum(float64(i)) }

func TestResolveCountry(t *testing.T) {
	r, err := newCountryResolver(countryTable)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, iso, qual string
	}{
		{"China", "CHN", ""},
		{"Burma", "MMR", ""},
		{"Myanmar", "MMR", ""},
		{"Congo (Kinshasa)", "COD", ""},
		{"Congo, Dem. Rep.", "COD", ""},
		{"DR Congo", "COD", ""},
		{"Congo, Rep.", "COG", ""},
		{"Korea, Republic of", "KOR", ""},
		{"Republic of Korea", "KOR", ""},
		{"Korea, Rep.", "KOR", ""},
		{"Korea, North", "PRK", ""},
		{"Korea, Dem. Rep.", "PRK", ""},
		{"Russian Federation", "RUS", ""},
		{"Russia", "RUS", ""},
		{"Türkiye", "TUR", ""},
		{"Turkey", "TUR", ""},
		{"Côte d’Ivoire", "CIV", ""},
		{"Côte d'Ivoire", "CIV", ""},
		{"Lao PDR", "LAO", ""},
		{"Laos", "LAO", ""},
		{"Kyrgyz Republic", "KGZ", ""},
		{"Slovak Republic", "SVK", ""},
		{"Czech Republic", "CZE", ""},
		{"Kosovo", "XKX", ""},
		{"West Bank and Gaza", "PSE", ""},
		{"united states", "USA", ""},
		{"U.S.", "USA", ""},
		{"US", "USA", ""},
		{"UK", "GBR", ""},
		{"USA", "USA", ""},
		{"World total (rounded)", "WLD", ""},
		{"World total", "WLD", ""},
		{"Other countries", "ROW", ""},
		{"Other", "ROW", ""},
		{"others", "ROW", ""},
		{"Turkey, refined borates", "TUR", "refined borates"},
		{"Sweden (concentrate)", "SWE", "concentrate"},
		{"United States (copper telluride)", "USA", "copper telluride"},
	}
	for _, tc := range tests {
		iso, qual, err := r.resolve(tc.in)
		if err != nil || iso != tc.iso || qual != tc.qual {
			t.Errorf("resolve(%q) = %q, %q, %v; want %q, %q", tc.in, iso, qual, err, tc.iso, tc.qual)
		}
	}
	for _, bad := range []string{"Atlantis", "Korea", "World", "Congo Kinshasa", ""} {
		if iso, _, err := r.resolve(bad); err == nil {
			t.Errorf("resolve(%q) = %q, want an error", bad, iso)
		}
	}
}

// TestFactsCountries checks that every country named in facts.md resolves.
func TestFactsCountries(t *testing.T) {
	r, err := newCountryResolver(countryTable)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"China", "US", "U.S.", "USA", "Myanmar", "Burma", "Malaysia", "Japan", "Estonia",
		"Australia", "Brazil", "India", "Nigeria", "Thailand", "Russia", "Iran", "North Korea", "Zambia",
		"Canada", "Vietnam", "Laos", "Greenland", "UK", "Papua New Guinea", "Korea, Republic of"} {
		if _, _, err := r.resolve(n); err != nil {
			t.Error(err)
		}
	}
}

func TestCountryTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range countryTable {
		if len(c.iso3) != 3 || strings.ToUpper(c.iso3) != c.iso3 || c.iso3 == world || c.iso3 == otherCountry {
			t.Errorf("bad code %q", c.iso3)
		}
		if seen[c.iso3] {
			t.Errorf("code %s listed twice", c.iso3)
		}
		seen[c.iso3] = true
		for _, a := range c.aliases {
			if strings.Contains(a, ";") {
				t.Errorf("%s alias %q contains the list separator", c.iso3, a)
			}
		}
	}
	if len(eu27) != 27 {
		t.Errorf("eu27 has %d members", len(eu27))
	}
	for _, iso := range eu27 {
		if !seen[iso] {
			t.Errorf("EU member %s not in countryTable", iso)
		}
	}
}

func TestParseCell(t *testing.T) {
	tests := []struct {
		in   string
		kind cellKind
		v    float64
	}{
		{"270000", cellNumber, 270000},
		{"1,900,000", cellNumber, 1900000},
		{"0.5", cellNumber, 0.5},
		{"—", cellZero, 0},
		{">85,000,000", cellAtLeast, 85000000},
		{">95", cellAtLeast, 95},
		{"<25", cellAtMost, 25},
		{"W", cellWithheld, 0},
		{"NA", cellMissing, 0},
		{"", cellMissing, 0},
		{"( )", cellIncluded, 0},
		{"E", cellNetExp, 0},
		{"Small", cellText, 0},
		{"XX", cellText, 0},
	}
	for _, tc := range tests {
		c, err := parseCell(tc.in)
		if err != nil || c.kind != tc.kind || c.value != tc.v {
			t.Errorf("parseCell(%q) = %+v, %v; want kind %d value %g", tc.in, c, err, tc.kind, tc.v)
		}
	}
	for _, bad := range []string{"281%", "abc", ">", "1.2.3"} {
		if _, err := parseCell(bad); err == nil {
			t.Errorf("parseCell(%q): want an error", bad)
		}
	}
}

func TestFmtNum(t *testing.T) {
	tests := map[float64]string{1: "1", 1.5: "1.5", 0.1: "0.1", 270000: "270000", 85000000: "85000000",
		0.7197311500708262: "0.7197311500708262", 2.74: "2.74", 0: "0"}
	for v, want := range tests {
		if got := fmtNum(v); got != want {
			t.Errorf("fmtNum(%g) = %q, want %q", v, got, want)
		}
	}
	for in, want := range map[string]string{"1.00": "1", "0.30": "0.3", "7,200": "7200"} {
		v, err := parseNum(in)
		if err != nil || fmtNum(v) != want {
			t.Errorf("parseNum(%q) -> %q, %v; want %q", in, fmtNum(v), err, want)
		}
	}
}

func TestRelianceRaw(t *testing.T) {
	tests := []struct {
		note string
		want map[int]string
	}{
		{`raw 2021-23 were ">95" ">95" ">90"; mineral concentrates: E (net exporter) all years`,
			map[int]string{2021: ">95", 2022: ">95", 2023: ">90"}},
		{`all years ">50"`, map[int]string{2021: ">50", 2022: ">50", 2023: ">50", 2024: ">50", 2025: ">50"}},
		{`E = net exporter all years`, map[int]string{2021: "E", 2022: "E", 2023: "E", 2024: "E", 2025: "E"}},
		{`raw ">95" ">75" "E" "<25" ">25"`, map[int]string{2021: ">95", 2022: ">75", 2023: "E", 2024: "<25", 2025: ">25"}},
		{`raw 11 7 E E E; E = net exporter 2023-2025e`, map[int]string{2021: "11", 2022: "7", 2023: "E", 2024: "E", 2025: "E"}},
		{`raw "<50" "<50" "<50" "<50" ">50"; ferrosilicon raw "<50" ">50" ">50" "<50" "<50"`,
			map[int]string{2021: "<50", 2022: "<50", 2023: "<50", 2024: "<50", 2025: ">50"}},
		{`all years 100 (2021/2022 filled on 2nd pass from record)`, map[int]string{}},
		{``, map[int]string{}},
	}
	for _, tc := range tests {
		got := relianceRaw(tc.note)
		if len(got) != len(tc.want) {
			t.Errorf("relianceRaw(%q) = %v, want %v", tc.note, got, tc.want)
			continue
		}
		for y, v := range tc.want {
			if got[y] != v {
				t.Errorf("relianceRaw(%q)[%d] = %q, want %q", tc.note, y, got[y], v)
			}
		}
	}
	for raw, want := range map[string]string{">95": "gt", "<25": "lt", "E": "net_exporter", "53": "eq"} {
		if _, b, err := boundOf(raw); err != nil || b != want {
			t.Errorf("boundOf(%q) = %q, %v; want %q", raw, b, err, want)
		}
	}
}

// TestHandCuratedUntouched runs the program into a directory holding a hand-curated table
// and checks the table is left byte-for-byte as it was, and that the committed hand-curated
// tables cite only defined sources and cite every simSourceTable entry.
func TestHandCuratedUntouched(t *testing.T) {
	raw := requireRaw(t)
	out := t.TempDir()
	want := []byte("end_item,name,product,kg_per_unit_low,kg_per_unit_high,basis,status,source,note\n")
	if err := os.WriteFile(filepath.Join(out, "bom.csv"), want, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(raw, out, io.Discard); err != nil {
		t.Fatalf("run: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "bom.csv")); !bytes.Equal(got, want) {
		t.Errorf("bom.csv was rewritten:\n%s", got)
	}
	if err := checkHandCurated(committedDir, io.Discard); err != nil {
		t.Error(err)
	}
}
