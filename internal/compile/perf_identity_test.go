package compile

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

var updateDigests = flag.Bool("update-digests", false, "rewrite testdata/result_digests.golden from the current engine")

const digestsGolden = "testdata/result_digests.golden"

// TestResultDigests pins every number every built-in scenario produces: a SHA-256 of the
// bits of each float64 of each Result series, and of the Summary's JSON. Performance work
// on the engine must leave them bit-identical, so a change in the order of floating-point
// operations shows up here by series name. Run with -update-digests only when the model
// or the data is meant to change the numbers.
func TestResultDigests(t *testing.T) {
	var got bytes.Buffer
	eachBuiltin(t, func(t *testing.T, _ *sim.Model, r *sim.Result) {
		for _, d := range resultDigests(t, r) {
			fmt.Fprintf(&got, "%s %s %s\n", r.Scenario, d.name, d.sum)
		}
	})
	if t.Failed() {
		return // a scenario that did not run must not leave a partial golden
	}
	if *updateDigests {
		if err := os.MkdirAll(filepath.Dir(digestsGolden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(digestsGolden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(digestsGolden)
	if err != nil {
		t.Fatalf("%v (run with -update-digests to create it)", err)
	}
	wantSums, gotSums := digestLines(t, want), digestLines(t, got.Bytes())
	for _, key := range slices.Sorted(maps.Keys(wantSums)) {
		w := wantSums[key]
		g, ok := gotSums[key]
		switch {
		case !ok:
			t.Errorf("%s: missing", key)
		case g != w:
			t.Errorf("%s: digest %s, want %s", key, g[:12], w[:12])
		}
	}
	for _, key := range slices.Sorted(maps.Keys(gotSums)) {
		if _, ok := wantSums[key]; !ok {
			t.Errorf("%s: not in %s", key, digestsGolden)
		}
	}
}

type digest struct{ name, sum string }

// resultDigests hashes each series of r in a fixed order, then the Summary's JSON.
func resultDigests(t *testing.T, r *sim.Result) []digest {
	t.Helper()
	series := []struct {
		name string
		v    [][]float64
	}{
		{"demand", r.Demand}, {"supply", r.Supply}, {"shortfall", r.Shortfall},
		{"inventory", r.Inventory}, {"stockpile", r.Stockpile}, {"rival_free", r.RivalFree},
		{"production", r.Production}, {"price_out", r.PriceOut}, {"price_in", r.PriceIn},
		{"sector_shortfall", r.SectorShortfall}, {"end_items_low", r.EndItemsLow},
		{"end_items_high", r.EndItemsHigh}, {"cost", r.Cost},
		{"cost_total", [][]float64{r.CostTotal}}, {"mass_balance", [][]float64{r.MassBalance}},
	}
	cubes := []struct {
		name string
		v    [][][]float64
	}{
		{"country_production", r.CountryProduction}, {"country_capacity", r.CountryCapacity},
		{"country_exports", r.CountryExports}, {"imports_by_origin", r.ImportsByOrigin},
		{"rival_exports_by_destination", r.RivalExportsByDestination},
	}
	var out []digest
	var buf [8]byte
	add := func(name string, rows ...[]float64) {
		h := sha256.New()
		for _, row := range rows {
			binary.LittleEndian.PutUint64(buf[:], uint64(len(row)))
			h.Write(buf[:])
			for _, v := range row {
				binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
				h.Write(buf[:])
			}
		}
		out = append(out, digest{name, hex.EncodeToString(h.Sum(nil))})
	}
	for _, s := range series {
		add(s.name, s.v...)
	}
	for _, c := range cubes {
		var rows [][]float64
		for _, m := range c.v {
			rows = append(rows, m...)
		}
		add(c.name, rows...)
	}
	js, err := json.Marshal(r.Summary)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(js)
	out = append(out, digest{"summary_json", hex.EncodeToString(sum[:])})
	return out
}

// digestLines maps "scenario series" to its digest.
func digestLines(t *testing.T, data []byte) map[string]string {
	t.Helper()
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			t.Fatalf("%s: bad line %q", digestsGolden, sc.Text())
		}
		sums[f[0]+" "+f[1]] = f[2]
	}
	return sums
}
