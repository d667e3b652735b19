package runner

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// finiteTemplate uses every element kind with a number the engine multiplies, grows or
// divides by; each @name@ is replaced by a fuzzed or default number. It runs to the last
// month a file can name, where growth compounds longest.
const finiteTemplate = `name: finite
importer: USA
rival: CHN
extends: apr2025-licensing
end: 2200-12
controls:
  - {id: q1, exporter: CHN, products: [gallium], destinations: [USA], kind: quota, quota_t_per_month: @quota@, start: 2026-01}
  - {id: l1, exporter: CHN, products: [germanium], destinations: [USA], kind: licensing, start: 2026-01, licensing: {approval: 0.5, processing_working_days: @days@, validity_months: @validity@}}
tariffs:
  - {importer: USA, exporter: CHN, products: [graphite], rate_pct: @rate@, start: 2025-06}
outages:
  - {country: CHN, products: [tungsten], fraction: 0.5, start: 2026-01, months: @outage@}
demand_growth:
  - {importer: all, sector: all, products: [dy], pct_per_year: @growth@, start: 2025-01}
projects:
  - {name: p, country: USA, product: ndfeb/magnet, capacity_t_per_year: @capacity@, capex_musd: @capex@, announced: 2025-01, permitting_months: @permitting@, construction_months: @construction@, ramp_months: @ramp@}
stockpiles:
  - holder: USA
    product: antimony/mine
    initial_t: @initial@
    release: {shortfall_trigger: 0.1, max_t_per_month: @release@}
    purchases: [{start: 2025-02, t_per_month: @buy@, max_usd_per_kg: @maxprice@}]
inventories:
  - {country: USA, products: [gallium], months_of_cover: @cover@}
offtakes:
  - {buyer: USA, seller: AUS, product: ndpr/separation, t_per_year: @offtake@, start: 2025-01}
recycling:
  - {country: USA, product: ndfeb/magnet, t_per_year: @recycled@, ramp_months: @recyclingramp@, start: 2025-01}
price_floors:
  - {product: ndpr/separation, producers: [USA], usd_per_kg: @floor@, payer: USA, start: 2025-10}
parameters:
  armington_elasticity: @armington@
  demand_price_elasticity: @demandelasticity@
  supply_price_elasticity: @supplyelasticity@
  qualification_lag_months: @lag@
  price_elasticity: @priceelasticity@
  price_cap: @cap@
  inventory_adjustment_months: @adjust@
  long_run_demand_elasticity: @longrun@
  thrift_months: @thrift@
  rush_cover_months: @rush@
`

// finiteDefaults are ordinary values of the template's numbers, in the order the fuzzer
// indexes them.
var finiteDefaults = []struct {
	name string
	v    float64
}{
	{"quota", 10}, {"days", 45}, {"validity", 12}, {"rate", 25}, {"outage", 6}, {"growth", 3},
	{"capacity", 1000}, {"capex", 100}, {"permitting", 12}, {"construction", 12}, {"ramp", 12},
	{"initial", 100}, {"release", 10}, {"buy", 5}, {"maxprice", 50}, {"cover", 2}, {"offtake", 100},
	{"recycled", 100}, {"recyclingramp", 12}, {"floor", 110}, {"armington", 2}, {"demandelasticity", -0.2},
	{"supplyelasticity", 0.3}, {"lag", 6}, {"priceelasticity", 0.5}, {"cap", 5}, {"adjust", 6},
	{"longrun", -0.3}, {"thrift", 24}, {"rush", 3},
}

// FuzzFiniteResult fuzzes the whole path of a served run, from YAML to the encoded
// result, with two of the template's numbers set to any value: a file the checks accept
// must compile, run and encode, so no finite number that passes validation can make a
// result infinite or NaN (which JSON cannot encode).
func FuzzFiniteResult(f *testing.F) {
	idx := func(name string) uint8 {
		for i, d := range finiteDefaults {
			if d.name == name {
				return uint8(i)
			}
		}
		panic("no template number " + name)
	}
	// The largest values the bounds admit, alone and together; and the values of issue
	// 12 that used to pass validation and fail the run.
	f.Add(idx("growth"), 100.0, idx("cover"), 3612.0)
	f.Add(idx("floor"), 1e6, idx("recycled"), 1e12)
	f.Add(idx("cap"), 1000.0, idx("demandelasticity"), -100.0)
	f.Add(idx("priceelasticity"), 1e-300, idx("armington"), 100.0)
	f.Add(idx("growth"), 1e308, idx("floor"), 1e308)
	f.Add(idx("lag"), 3612.0, idx("days"), 111972.0)
	ds, err := world.Default()
	if err != nil {
		f.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "critmin.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	r := New(st, ds, Options{}) // progress of the unstored run "fuzz" is logged, not stored
	f.Fuzz(func(t *testing.T, i uint8, v float64, j uint8, w float64) {
		vals := map[string]string{}
		for _, d := range finiteDefaults {
			vals[d.name] = strconv.FormatFloat(d.v, 'g', -1, 64)
		}
		vals[finiteDefaults[int(i)%len(finiteDefaults)].name] = strconv.FormatFloat(v, 'g', -1, 64)
		vals[finiteDefaults[int(j)%len(finiteDefaults)].name] = strconv.FormatFloat(w, 'g', -1, 64)
		yaml := finiteTemplate
		for k, s := range vals {
			yaml = strings.ReplaceAll(yaml, "@"+k+"@", s)
		}
		sc, err := r.ParseScenario("finite.yaml", "", []byte(yaml))
		if err != nil {
			return // refused at submit time, with a position
		}
		if _, err := compile.Compile(ds, sc); err != nil {
			if !errors.Is(err, compile.ErrScenario) {
				t.Fatalf("compile: %v, want nil or compile.ErrScenario (a 422 at submit time)", err)
			}
			return
		}
		b, err := r.simulate("fuzz", item{run: store.Run{Scenario: sc.Name}, sc: sc})
		if err != nil {
			t.Fatalf("accepted file failed its run: %v\n%s", err, yaml)
		}
		if len(b) == 0 {
			t.Fatal("empty result")
		}
	})
}
