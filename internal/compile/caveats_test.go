package compile

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// TestTradeOrigins: with no policy, Japan buys all its imported magnets from China (the
// data's only other magnet plants sit in ROW, whose own users come first), where its
// trade data give 35.9 % (BACI HS 850511); the comparison names both, the trade row's
// source and the capacity outside China. The USA's refined antimony uses the USGS list
// of metal and oxide (rank 1), which Japan lacks.
func TestTradeOrigins(t *testing.T) {
	ds, _ := testEnv(t)
	origins := func(importer string) map[string]result.TradeOrigin {
		body := "name: fixture\nimporter: " + importer + "\nrival: CHN\nstart: 2025-01\nend: 2025-03\n"
		out := map[string]result.TradeOrigin{}
		for _, o := range TradeOrigins(ds, nil, result.FromSim(runYAML(t, body))) {
			out[o.Product] = o
		}
		return out
	}
	jpn := origins("JPN")
	m, ok := jpn["ndfeb/magnet"]
	if !ok {
		t.Fatalf("JPN: no magnet comparison in %+v", jpn)
	}
	if math.Abs(m.RunSharePct-100) > 1e-9 || m.TradeSharePct != 35.9 || m.Source != "cepii-baci-2024" || m.Period != "2024" {
		t.Errorf("JPN magnets: %+v, want 100 %% in the run against 35.9 %% (cepii-baci-2024, 2024)", m)
	}
	if len(m.OutsideProducers) != 1 || m.OutsideProducers[0].Country != "ROW" || math.Abs(m.OutsideProducers[0].CapacityTPerYear-11930) > 1e-6 {
		t.Errorf("JPN magnets: producers outside China %+v, want ROW 11930 t/yr", m.OutsideProducers)
	}
	if a := origins("USA")["antimony/refined"]; a.Category != "Total metal and oxide" || a.TradeSharePct != 55 {
		t.Errorf("USA refined antimony: %+v, want the USGS list of metal and oxide at 55 %%", a)
	}
	if a := jpn["antimony/refined"]; a.Category != "HS 811010 unwrought antimony, powders (BACI)" {
		t.Errorf("JPN refined antimony: %+v, want BACI's unwrought metal", a)
	}
	// A product the importer does not import at the start is not compared.
	if _, ok := jpn["ndpr/separation"]; ok {
		t.Error("JPN: NdPr oxide compared, which Japan does not import in the data")
	}
}

// TestDemandBasis: the run carries the importer's demand rows of the data with their
// status and source: Japan's are all estimates, the USA's magnet rows partly reported.
func TestDemandBasis(t *testing.T) {
	ds, _ := testEnv(t)
	rows := func(importer string) []result.DemandRow {
		body := "name: fixture\nimporter: " + importer + "\nrival: CHN\nstart: 2025-01\nend: 2025-02\n"
		return DemandBasis(ds, result.FromSim(runYAML(t, body)))
	}
	jpn := rows("JPN")
	if len(jpn) == 0 {
		t.Fatal("JPN: no demand rows")
	}
	for _, d := range jpn {
		if d.Status != "estimated" {
			t.Errorf("JPN %s %s: status %q, want estimated (the data's split of a world remainder)", d.Product, d.Sector, d.Status)
		}
	}
	var magnets, estimated float64
	for _, d := range rows("USA") {
		if d.Product == "ndfeb/magnet" {
			magnets += d.TPerYear
			if d.Status == "estimated" {
				estimated += d.TPerYear
			}
		}
	}
	if magnets != 8223 || estimated != 3413 {
		t.Errorf("USA magnets: %g t/yr of which %g estimated, want 8223 and 3413 (sim_demand.csv)", magnets, estimated)
	}
}

// TestUnsimulatedStages: the run models natural graphite and tungsten at the mine only;
// the world data's anode and refined stages, where China holds 94.4 % and 76 %, are
// listed for the importer that demands them, and nothing for a product whose chain the
// run models to the end (magnets).
func TestUnsimulatedStages(t *testing.T) {
	ds, _ := testEnv(t)
	body := "name: fixture\nimporter: JPN\nrival: CHN\nstart: 2025-01\nend: 2025-02\n"
	run := result.FromSim(runYAML(t, body))
	got := map[string]result.StageShare{}
	for _, s := range UnsimulatedStages(ds, run) {
		got[s.Product+" "+s.Stage] = s
	}
	for key, share := range map[string]float64{"graphite/mine anode": 94.4, "tungsten/mine refined": 76} { // as rounded by risk --lens concentration
		if s, ok := got[key]; !ok || math.Abs(s.SharePct-share) > 0.05 {
			t.Errorf("%s: %+v, %v; want China at %v %%", key, s, ok, share)
		}
	}
	if len(got) != 2 {
		t.Errorf("unsimulated stages %v, want graphite's anode and tungsten's refined only", got)
	}
}

// TestTradeOriginsSkipControlledProducts: a product the rival's control covers in the
// run's first month is not compared (its first month shows the control: refined gallium
// 0 % from China under a ban against 18 % in the USGS list), the others still are.
func TestTradeOriginsSkipControlledProducts(t *testing.T) {
	ds, env := testEnv(t)
	body := header + `controls:
  - id: ga-ban
    exporter: CHN
    products: [gallium]
    destinations: [USA]
    kind: ban
    start: 2025-01
`
	sc, err := scenario.Parse("fixture.yaml", []byte(body), env)
	if err != nil {
		t.Fatal(err)
	}
	r := result.FromSim(runYAML(t, body))
	got := map[string]bool{}
	for _, o := range TradeOrigins(ds, sc, r) {
		got[o.Product] = true
	}
	if got["gallium/refined"] || !got["ndfeb/magnet"] {
		t.Errorf("compared %v, want magnets and not gallium (banned from the first month)", got)
	}
}

// TestShareChecks: the run's China share of refined germanium (sim_processes.csv, 60 %)
// is set beside the figures' (IEA 2026 outlook statement, 94 %); magnets agree (94 %).
func TestShareChecks(t *testing.T) {
	ds, _ := testEnv(t)
	body := "name: fixture\nimporter: USA\nrival: CHN\nstart: 2025-01\nend: 2025-02\n"
	got := map[string]result.ShareCheck{}
	for _, c := range ShareChecks(ds, result.FromSim(runYAML(t, body))) {
		got[c.Product] = c
	}
	ge, ok := got["germanium/refined"]
	if !ok || math.Abs(ge.RunSharePct-60) > 1e-6 || math.Abs(ge.DataSharePct-94) > 1e-6 || ge.Source == "" {
		t.Errorf("germanium: %+v, %v; want 60 %% in the run against 94 %% in the figures, with the figures' source", ge, ok)
	}
	if m := got["ndfeb/magnet"]; math.Abs(m.RunSharePct-m.DataSharePct) > 0.1 {
		t.Errorf("magnets: %+v, want the run and the figures to agree", m)
	}
}

// TestIdleCapacity: the data's gallium refining in ROW (100 t/yr, no 2024 output; USGS
// names Germany, Hungary, Kazakhstan, Korea and Ukraine) is listed for every run, since
// every run simulates refined gallium and starts that process at zero; nothing else in
// the data is idle, and the run builds nothing there.
func TestIdleCapacity(t *testing.T) {
	ds, _ := testEnv(t)
	r := result.FromSim(runYAML(t, "name: fixture\nimporter: EU27\nrival: CHN\nstart: 2025-01\nend: 2025-03\n"))
	got := IdleCapacity(ds, r)
	want := []result.IdleCapacity{{Product: "gallium/refined", Country: "ROW", CapacityTPerYear: 100, Year: 2024, Source: "usgs-mcs2026",
		Named: []string{"DE", "HU", "KZ", "KR", "UA"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("idle capacity %+v\nwant %+v", got, want)
	}
}

// TestStartingStocks: without inventories the USA's users start from sim_stocks.csv, the
// most specific row winning (magnets: the estimated 'all' magnet row, 3 months; refined
// gallium: the derived USGS row, 2.19; refined antimony: the default row, 2); the
// scenario's inventories replace a row for the country and product they name.
func TestStartingStocks(t *testing.T) {
	ds, env := testEnv(t)
	for _, c := range []struct {
		name, inventories string
		want              map[string]result.StartingStock
	}{
		{"data rows", "", map[string]result.StartingStock{
			"ndfeb/magnet":     {Product: "ndfeb/magnet", MonthsOfCover: 3, RowRegion: "all", RowProduct: "ndfeb/magnet", Status: "estimated", Source: "critmin-estimate"},
			"gallium/refined":  {Product: "gallium/refined", MonthsOfCover: 2.19, RowRegion: "USA", RowProduct: "gallium/refined", Status: "derived", Source: "usgs-mcs2026"},
			"antimony/refined": {Product: "antimony/refined", MonthsOfCover: 2, RowRegion: "all", RowProduct: "all", Status: "estimated", Source: "critmin-estimate"},
		}},
		{"inventories", "inventories:\n  - {country: USA, products: [ndfeb], months_of_cover: 4}\n  - {country: JPN, products: [gallium], months_of_cover: 5}\n",
			map[string]result.StartingStock{
				"ndfeb/magnet":    {Product: "ndfeb/magnet", MonthsOfCover: 4, FromScenario: true},
				"gallium/refined": {Product: "gallium/refined", MonthsOfCover: 2.19, RowRegion: "USA", RowProduct: "gallium/refined", Status: "derived", Source: "usgs-mcs2026"},
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := header + c.inventories
			sc, err := scenario.Parse("fixture.yaml", []byte(body), env)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]result.StartingStock{}
			for _, s := range StartingStocks(ds, sc, result.FromSim(runYAML(t, body))) {
				got[s.Product] = s
			}
			for id, want := range c.want {
				if got[id] != want {
					t.Errorf("%s: %+v, want %+v", id, got[id], want)
				}
			}
		})
	}
}

// TestPlantInputs: the importer's own plants take their recipe's inputs (US NdPr
// separation, concentrate); a project of a product the importer does not make yet takes
// the default recipe of the process it builds (a US magnet plant: NdPr, Dy and Tb metal);
// a product the importer neither makes nor builds has no entry (US NdPr metal), and
// neither has a project's dedicated plant, fed from outside the model (US Dy oxide).
func TestPlantInputs(t *testing.T) {
	ds, env := testEnv(t)
	const head = "name: fixture\nimporter: USA\nrival: CHN\nstart: 2025-01\nend: 2025-03\n"
	const projects = "projects:\n  - {name: magnets, country: USA, product: ndfeb/magnet, capacity_t_per_year: 1000, announced: 2025-01}\n  - {name: dy, country: USA, product: dy/separation, capacity_t_per_year: 100, announced: 2025-01}\n"
	body := head + projects
	sc, err := scenario.Parse("fixture.yaml", []byte(body), env)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, pi := range PlantInputs(ds, sc, result.FromSim(runYAML(t, body))) {
		got[pi.Product] = append(got[pi.Product], fmt.Sprintf("%s %g", pi.Input, pi.TPerT))
	}
	for product, want := range map[string][]string{
		"ndfeb/magnet":    {"dy/metal 0.012", "ndpr/metal 0.296", "tb/metal 0.002"},
		"ndpr/separation": {"reo/mine 5.70065"},
		"ndpr/metal":      nil,
		"dy/separation":   nil,
	} {
		g := slices.Sorted(slices.Values(got[product]))
		if !slices.Equal(g, want) {
			t.Errorf("%s: inputs %v, want %v", product, g, want)
		}
	}
}
