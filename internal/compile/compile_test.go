package compile

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// The tests below compile small scenario files over the embedded world data and check the
// behaviour of the resulting model through sim.Run: each scenario term must reach the
// engine with the meaning docs/scenario-format.md and docs/model.md give it.

var testData = sync.OnceValues(world.Default)

func testEnv(t *testing.T) (*world.Dataset, scenario.Env) {
	t.Helper()
	ds, err := testData()
	if err != nil {
		t.Fatal(err)
	}
	return ds, scenario.Env{World: ds, Products: scenario.WorldCatalogue(ds), Base: scenario.Builtin}
}

// header is the start of every fixture: the US against China over 2025-01..2026-12.
const header = `name: fixture
importer: USA
rival: CHN
start: 2025-01
end: 2026-12
`

// compileYAML parses, resolves and compiles a fixture; it fails the test on any error.
func compileYAML(t *testing.T, body string) *sim.Model {
	t.Helper()
	m, err := tryCompile(t, body)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func tryCompile(t *testing.T, body string) (*sim.Model, error) {
	t.Helper()
	ds, env := testEnv(t)
	text := body
	if !strings.HasPrefix(body, "name:") {
		text = header + body
	}
	sc, err := scenario.Parse("fixture.yaml", []byte(text), env)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	sc, err = scenario.Resolve(sc, scenario.Builtin)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	return Compile(ds, sc)
}

// runYAML compiles and runs a fixture and checks the engine's invariants.
func runYAML(t *testing.T, body string) *sim.Result {
	t.Helper()
	m := compileYAML(t, body)
	r := sim.NewResult(m)
	sim.Run(m, r)
	if err := sim.CheckInvariants(m, r); err != nil {
		t.Errorf("invariants: %v", err)
	}
	return r
}

func prodIdx(t *testing.T, r *sim.Result, id string) int {
	t.Helper()
	i := slices.IndexFunc(r.Products, func(p sim.ProductInfo) bool { return p.ID == id })
	if i < 0 {
		t.Fatalf("no product %s", id)
	}
	return i
}

func countryIdx(t *testing.T, r *sim.Result, iso string) int {
	t.Helper()
	i := slices.Index(r.Countries, iso)
	if i < 0 {
		t.Fatalf("no country %s in the model", iso)
	}
	return i
}

func sectorIdx(t *testing.T, r *sim.Result, s string) int {
	t.Helper()
	i := slices.Index(r.Sectors, s)
	if i < 0 {
		t.Fatalf("no sector %s", s)
	}
	return i
}

// mon is the month index of "YYYY-MM" in r.
func mon(t *testing.T, r *sim.Result, s string) int {
	t.Helper()
	m, err := scenario.ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return int(sim.Month(m) - r.Start)
}

func exports(r *sim.Result, t, p, c int) float64 { return r.CountryExports[t][p][c] }

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// usDemand returns the US baseline demand (t/month) of a product, total and per sector.
func usDemand(t *testing.T, product string) (float64, map[string]float64) {
	t.Helper()
	ds, _ := testEnv(t)
	c := &compiler{ds: ds, sc: &scenario.Scenario{Start: scenario.MonthOf(2025, 1)}}
	y := c.baseYear(ds.SimDemand())
	total, by := 0.0, map[string]float64{}
	for _, d := range ds.SimDemand() {
		if d.Year == y && d.Importer == "USA" && d.Product == product {
			total += d.TPerYear / 12
			by[d.Sector] += d.TPerYear / 12
		}
	}
	if total == 0 {
		t.Fatalf("no US demand for %s", product)
	}
	return total, by
}

// TestControlWindows: a control's months, its suspensions and the licensing clock decide
// exactly when the exporter ships. A ban to every destination leaves China's magnet
// exports at 0 in its months and nowhere else; a licence approved in full ships after the clock in
// whole months (45 working days at 21 a month = 2 months).
func TestControlWindows(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		zero     []string // months with no Chinese exports of ndfeb/magnet
		positive []string // months with some
	}{
		{
			name: "ban with a suspension and snap-back",
			body: `controls:
  - {id: b, exporter: CHN, products: [ndfeb/magnet], destinations: [all], kind: ban, start: 2025-03, end: 2025-12}
suspensions:
  - {control: b, start: 2025-06, end: 2025-08}
`,
			zero:     []string{"2025-03", "2025-04", "2025-05", "2025-09", "2025-10", "2025-11", "2025-12"},
			positive: []string{"2025-01", "2025-02", "2025-06", "2025-07", "2025-08", "2026-01"},
		},
		{
			name: "open suspension ends the control",
			body: `controls:
  - {id: b, exporter: CHN, products: [ndfeb], destinations: [all], kind: ban, start: 2025-03}
suspensions:
  - {control: b, start: 2025-05}
`,
			zero:     []string{"2025-03", "2025-04"},
			positive: []string{"2025-02", "2025-05", "2026-12"},
		},
		{
			// Decisions spread over the clock (decisionMonths): some ship in the first
			// month, all are approved.
			name: "licensing, 45 working days",
			body: `controls:
  - id: l
    exporter: CHN
    products: [ndfeb/magnet]
    destinations: [all]
    kind: licensing
    start: 2025-03
    licensing: {approval: 1, processing_working_days: 45}
`,
			positive: []string{"2025-02", "2025-03", "2025-04", "2025-05", "2025-06"},
		},
		{
			name: "licensing approving nothing",
			body: `controls:
  - id: l
    exporter: CHN
    products: [ndfeb/magnet]
    destinations: [all]
    kind: licensing
    start: 2025-03
    licensing: {approval: 0, processing_working_days: 45}
`,
			zero:     []string{"2025-03", "2025-04", "2025-12"},
			positive: []string{"2025-02"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runYAML(t, tt.body)
			p, chn := prodIdx(t, r, "ndfeb/magnet"), countryIdx(t, r, "CHN")
			for _, s := range tt.zero {
				if x := exports(r, mon(t, r, s), p, chn); x != 0 {
					t.Errorf("%s: China exports %.3g t of ndfeb/magnet, want 0", s, x)
				}
			}
			for _, s := range tt.positive {
				if x := exports(r, mon(t, r, s), p, chn); x <= 0 {
					t.Errorf("%s: China exports %.3g t of ndfeb/magnet, want some", s, x)
				}
			}
		})
	}
}

// TestDecisionMonths: a licensing clock of up to D working days decides applications
// uniformly over [0, D]: the share decided j months after applying is the part of the
// clock that falls in month j.
func TestDecisionMonths(t *testing.T) {
	for _, tc := range []struct {
		days, perMonth float64
		last           int
		shares         []float64
	}{
		{0, 21, 0, nil},
		{21, 21, 0, []float64{1}},
		{45, 21, 2, []float64{21.0 / 45, 21.0 / 45, 3.0 / 45}},
		{45, 15, 2, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		{10, 21, 0, []float64{1}},
	} {
		last, shares := decisionMonths(tc.days, tc.perMonth)
		if last != tc.last || len(shares) != len(tc.shares) {
			t.Errorf("decisionMonths(%v, %v) = %d, %v; want %d, %v", tc.days, tc.perMonth, last, shares, tc.last, tc.shares)
			continue
		}
		for j := range shares {
			if !near(shares[j], tc.shares[j], 1e-12) {
				t.Errorf("decisionMonths(%v, %v) = %v, want %v", tc.days, tc.perMonth, shares, tc.shares)
			}
		}
	}
}

// TestControlDestinations: destinations and except select the importers a control
// reaches; EU27 is the EU demand node (and EU members that run processes), and naming it
// adds no country to the model.
func TestControlDestinations(t *testing.T) {
	base := runYAML(t, "")
	p, chn := prodIdx(t, base, "ndfeb/magnet"), countryIdx(t, base, "CHN")
	b0 := exports(base, 0, p, chn)
	if b0 <= 0 {
		t.Fatal("no baseline Chinese magnet exports")
	}
	tests := []struct {
		name   string
		dest   string
		lo, hi float64 // bounds of China's exports in 2025-01 as a share of the baseline's
	}{
		{"all", "destinations: [all]", 0, 0},
		{"all except USA", "destinations: [all], except: [USA]", 1e-6, 0.3},
		{"USA", "destinations: [USA]", 0.7, 0.999},
		{"EU27 reaches the EU node", "destinations: [EU27]", 0.4, 0.85},
		{"all except EU27", "destinations: [all], except: [EU27]", 0.15, 0.6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runYAML(t, "controls:\n  - {id: b, exporter: CHN, products: [ndfeb/magnet], "+tt.dest+", kind: ban, start: 2025-01}\n")
			if !slices.Equal(r.Countries, base.Countries) {
				t.Errorf("countries %v, want the baseline's %v", r.Countries, base.Countries)
			}
			got := exports(r, 0, p, chn) / b0
			if got < tt.lo || got > tt.hi {
				t.Errorf("China's magnet exports at %.3f of the baseline, want [%g, %g]", got, tt.lo, tt.hi)
			}
		})
	}
}

// TestExtraterritorialShare: extraterritorial_min_content_pct is a percentage; the
// engine's threshold is a share (0.1 % -> 0.001). Third countries' re-exports are caught
// when their rival content reaches the share. In the 2024 data no third country re-exports
// magnets (the rest of the world uses what it makes), so the fixture adds a magnet plant
// in Korea, which has no magnet demand of its own and buys its metal from China: under a
// US ban on Chinese magnets with the 0.1 % rule, its magnets are stopped too and the US
// runs shorter.
func TestExtraterritorialShare(t *testing.T) {
	const plant = `projects:
  - {name: KOR magnets, country: KOR, product: ndfeb/magnet, capacity_t_per_year: 6000, capex_musd: 1, announced: 2024-01, permitting_months: 0, construction_months: 0, ramp_months: 0}
`
	ctl := "controls:\n  - {id: b, exporter: CHN, products: [ndfeb/magnet], destinations: [USA], kind: ban, start: 2025-01%s}\n" + plant
	short := func(r *sim.Result) float64 {
		p, s := prodIdx(t, r, "ndfeb/magnet"), 0.0
		for m := range r.Months {
			s += r.Shortfall[m][p]
		}
		return s
	}
	none := short(runYAML(t, strings.Replace(ctl, "%s", "", 1)))
	tenth := short(runYAML(t, strings.Replace(ctl, "%s", ", extraterritorial_min_content_pct: 0.1", 1)))
	if !(tenth > none*1.01) {
		t.Errorf("US magnet shortfall with the 0.1 %% rule %.0f t, without %.0f t: want more with it", tenth, none)
	}
}

// TestProjectStart: operation starts at announced + permitting x (1 - reduction) +
// construction, the reduction applying only when an emergency power of the project's
// country is in force in the month of announcement; capex is spread over the construction
// months before the start.
func TestProjectStart(t *testing.T) {
	project := `name: fixture
importer: USA
rival: CHN
start: 2025-01
end: 2027-12
projects:
  - {name: p, country: USA, product: ndfeb/magnet, capacity_t_per_year: 1200, capex_musd: 60,
     announced: 2025-03, permitting_months: 12, construction_months: 6}
`
	tests := []struct {
		name, powers, start string
	}{
		{"no emergency power", "", "2026-09"},
		{"50 % in force at announcement", "emergency_powers:\n  - {country: USA, permitting_reduction_pct: 50, start: 2025-01}\n", "2026-03"},
		{"25 % in force from the announcement month", "emergency_powers:\n  - {country: USA, permitting_reduction_pct: 25, start: 2025-03}\n", "2026-06"},
		{"power starts after the announcement", "emergency_powers:\n  - {country: USA, permitting_reduction_pct: 50, start: 2025-04}\n", "2026-09"},
		{"power ended before the announcement", "emergency_powers:\n  - {country: USA, permitting_reduction_pct: 50, start: 2024-01, end: 2025-02}\n", "2026-09"},
		{"power of another country", "emergency_powers:\n  - {country: AUS, permitting_reduction_pct: 50, start: 2025-01}\n", "2026-09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runYAML(t, project+tt.powers)
			p, us := prodIdx(t, r, "ndfeb/magnet"), countryIdx(t, r, "USA")
			start := mon(t, r, tt.start)
			for m := range r.Months {
				want := 0.0
				if m >= start {
					want = 100
				}
				if got := r.CountryCapacity[m][p][us]; !near(got, want, 1e-9) {
					t.Fatalf("month %d: US magnet capacity %g t/month, want %g (start %s)", m, got, want, tt.start)
				}
			}
			capex := slices.Index(r.CostByKind, "capex")
			if got := r.Cost[start-7][capex]; got != 0 {
				t.Errorf("capex %g MUSD before construction", got)
			}
			if got := r.Cost[start-6][capex]; !near(got, 10, 1e-9) {
				t.Errorf("capex %g MUSD in the first construction month, want 10", got)
			}
			if got := r.Cost[start-1][capex]; !near(got, 60, 1e-9) {
				t.Errorf("capex %g MUSD by the start, want 60", got)
			}
		})
	}
}

// TestProjectInNewCountry: a project for a process the country does not run yet uses
// sim_recipes.csv's recipe for that country (its own rows, else the all rows), as
// docs/model.md says, not the recipe of whichever country was declared first. An
// Australian separation plant on the default (hard-rock) recipe makes no Dy or Tb and
// 4.41562 t of other oxides per t of NdPr.
func TestProjectInNewCountry(t *testing.T) {
	r := runYAML(t, `projects:
  - {name: sep, country: AUS, product: ndpr/separation, capacity_t_per_year: 1200, announced: 2024-01}
`)
	aus := countryIdx(t, r, "AUS")
	for id, want := range map[string]float64{"ndpr/separation": 100, "dy/separation": 0, "tb/separation": 0, "other/separation": 441.562} {
		if got := r.CountryCapacity[0][prodIdx(t, r, id)][aus]; !near(got, want, 1e-9) {
			t.Errorf("AUS capacity of %s %g t/month, want %g", id, got, want)
		}
	}
}

// TestDedicatedCoProductPlant: a project for a co-product (Dy oxide) becomes a dedicated
// plant of that product only.
func TestDedicatedCoProductPlant(t *testing.T) {
	r := runYAML(t, `projects:
  - {name: dy, country: USA, product: dy/separation, capacity_t_per_year: 120, announced: 2025-02}
`)
	us := countryIdx(t, r, "USA")
	if got := r.CountryCapacity[1][prodIdx(t, r, "dy/separation")][us]; !near(got, 10, 1e-9) {
		t.Errorf("US Dy oxide capacity %g t/month, want 10", got)
	}
	if got := r.CountryCapacity[1][prodIdx(t, r, "ndpr/separation")][us]; !near(got, 1300.0/12, 1e-9) {
		t.Errorf("US NdPr capacity %g t/month, want the 2024 plant's %g", got, 1300.0/12)
	}
}

// TestOutageWindow: an outage takes its fraction of capacity for its months (rounded up)
// from its start, and no other month.
func TestOutageWindow(t *testing.T) {
	r := runYAML(t, `outages:
  - {country: CHN, products: [reo/mine], fraction: 0.5, start: 2025-04, months: 2.5}
`)
	p, chn := prodIdx(t, r, "reo/mine"), countryIdx(t, r, "CHN")
	full := r.CountryCapacity[0][p][chn]
	for m := range r.Months {
		want := full
		if m >= 3 && m <= 5 {
			want = full / 2
		}
		if got := r.CountryCapacity[m][p][chn]; !near(got, want, 1e-12) {
			t.Errorf("month %d: China mine capacity %g, want %g", m, got, want)
		}
	}
}

// TestDemandGrowthAndSubstitution: growth and substitution reach the demands of the
// importer and sector they name ("all" matches every one); EU27 reaches the EU node and
// not the US. Demand is price-independent here (elasticity 0).
func TestDemandGrowthAndSubstitution(t *testing.T) {
	d0, by := usDemand(t, "ndfeb/magnet")
	ev, def := by["ev"], by["defense"]
	if ev <= 0 || def <= 0 {
		t.Fatalf("US magnet demand by sector %v lacks ev or defense", by)
	}
	// Prices do not move demand here, neither at once nor through thrift: the test is of
	// the growth and substitution series alone.
	const fixed = "parameters: {demand_price_elasticity: 0, long_run_demand_elasticity: 0}\n"
	tests := []struct {
		name  string
		body  string
		month string
		want  float64
	}{
		{"no change", "", "2026-01", d0},
		{"growth, all importers, EV", "demand_growth:\n  - {importer: all, sector: ev, products: [ndfeb/magnet], pct_per_year: 12, start: 2025-01}\n", "2026-01", d0 + 0.12*ev},
		{"growth, US, all sectors, bare material", "demand_growth:\n  - {importer: USA, sector: all, products: [ndfeb], pct_per_year: 12, start: 2025-01}\n", "2026-01", d0 * 1.12},
		{"growth, EU27 only", "demand_growth:\n  - {importer: EU27, sector: all, products: [ndfeb/magnet], pct_per_year: 12, start: 2025-01}\n", "2026-01", d0},
		{"growth window kept after its end", "demand_growth:\n  - {importer: all, sector: all, products: [ndfeb/magnet], pct_per_year: 12, start: 2025-01, end: 2025-12}\n", "2026-12", d0 * 1.12},
		{"substitution, all importers, EV, no ramp", "substitution:\n  - {importer: all, sector: ev, product: ndfeb/magnet, reduction_pct: 30, start: 2025-01}\n", "2025-01", d0 - 0.3*ev},
		{"substitution ramp, US defense", "substitution:\n  - {importer: USA, sector: defense, product: ndfeb/magnet, reduction_pct: 40, start: 2025-03, ramp_months: 4}\n", "2025-04", d0 - 0.4*def*2/4},
		{"substitution lifted after its window", "substitution:\n  - {importer: all, sector: all, product: ndfeb/magnet, reduction_pct: 40, start: 2025-03, end: 2025-06}\n", "2025-07", d0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runYAML(t, tt.body+fixed)
			if got := r.Demand[mon(t, r, tt.month)][prodIdx(t, r, "ndfeb/magnet")]; !near(got, tt.want, 1e-9) {
				t.Errorf("US magnet demand in %s %g t/month, want %g", tt.month, got, tt.want)
			}
		})
	}
}

// TestEventsMatchingNothing: a demand change that matches no declared demand, or a control
// toward countries with no demand or production in the model, does nothing the user can
// see; the compiler reports it instead of dropping it.
func TestEventsMatchingNothing(t *testing.T) {
	for _, body := range []string{
		// Japan has no final demand for reo/mine.
		"demand_growth:\n  - {importer: JPN, sector: all, products: [reo/mine], pct_per_year: 5, start: 2025-01}\n",
		// reo/mine is not a final product: nobody has final demand for it.
		"substitution:\n  - {importer: all, sector: all, product: reo/mine, reduction_pct: 10, start: 2025-01}\n",
		// The United Kingdom is not a node of the data: its trade is inside ROW.
		"controls:\n  - {id: b, exporter: CHN, products: [ndfeb/magnet], destinations: [GBR], kind: ban, start: 2025-01}\n",
	} {
		if _, err := tryCompile(t, body); !errors.Is(err, ErrScenario) {
			t.Errorf("%q: err = %v, want ErrScenario", body, err)
		}
	}
}

// TestInventories: a scenario's months of cover replace sim_stocks.csv, including 0. The US has no process that uses magnets, so its need is its
// final demand.
func TestInventories(t *testing.T) {
	d0, _ := usDemand(t, "ndfeb/magnet")
	tests := []struct {
		name   string
		body   string
		months float64
	}{
		{"data default for magnets (3 months)", "", 3},
		{"all countries, 6 months", "inventories:\n  - {country: all, products: [ndfeb/magnet], months_of_cover: 6}\n", 6},
		{"US, bare material", "inventories:\n  - {country: USA, products: [ndfeb], months_of_cover: 1.5}\n", 1.5},
		{"other countries only", "inventories:\n  - {country: EU27, products: [ndfeb/magnet], months_of_cover: 6}\n", 3},
		{"zero cover", "inventories:\n  - {country: USA, products: [ndfeb/magnet], months_of_cover: 0}\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runYAML(t, tt.body+"parameters: {demand_price_elasticity: 0}\n")
			if got := r.Inventory[0][prodIdx(t, r, "ndfeb/magnet")]; !near(got, tt.months*d0, 1e-9) {
				t.Errorf("US magnet inventory after the first month %g t, want %g months = %g t", got, tt.months, tt.months*d0)
			}
		})
	}
}

// TestStockpile: purchases buy up to their tonnage in their window while the price is
// under their cap; a release draws at most its monthly maximum.
func TestStockpile(t *testing.T) {
	ds, _ := testEnv(t)
	ga, _ := ds.SimProduct("gallium/refined")
	cheap := ga.PriceUSDPerKg / 2
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, r *sim.Result, s []float64)
	}{
		{"purchases 2025-03..05", `stockpiles:
  - holder: USA
    product: gallium/refined
    initial_t: 10
    release: {shortfall_trigger: 1, max_t_per_month: 0} # held: the test is about buying
    purchases: [{start: 2025-03, end: 2025-05, t_per_month: 1}]
`, func(t *testing.T, r *sim.Result, s []float64) {
			// The market is balanced, so the purchase competes with users and gets part
			// of its 1 t/month; it buys only in its window.
			prev := 10.0
			for m := range 8 {
				d := s[m] - prev
				in := m >= 2 && m <= 4
				if (in && (d <= 0 || d > 1+1e-9)) || (!in && d != 0) {
					t.Errorf("month %d: stockpile grew by %g t, want in (0, 1] in 2025-03..05 and 0 outside", m, d)
				}
				prev = s[m]
			}
		}},
		{"price above the cap", `stockpiles:
  - holder: USA
    product: gallium/refined
    initial_t: 10
    release: {shortfall_trigger: 1, max_t_per_month: 0} # held: the test is about buying
    purchases: [{start: 2025-03, end: 2025-05, t_per_month: 1, max_usd_per_kg: ` + ftoa(cheap) + `}]
`, func(t *testing.T, r *sim.Result, s []float64) {
			for m := range 7 {
				if s[m] != 10 {
					t.Errorf("month %d: stockpile %g t, want 10 (no purchase above the cap)", m, s[m])
				}
			}
		}},
		{"release at most max_t_per_month", `controls:
  - {id: b, exporter: CHN, products: [gallium], destinations: [USA], kind: ban, start: 2025-01}
stockpiles:
  - holder: USA
    product: gallium/refined
    initial_t: 10
    release: {shortfall_trigger: 0.05, max_t_per_month: 0.25}
`, func(t *testing.T, r *sim.Result, s []float64) {
			prev, released := 10.0, false
			for m := range r.Months {
				d := prev - s[m]
				if d < -1e-12 || d > 0.25+1e-12 {
					t.Errorf("month %d: stockpile moved by %g t, want a release in [0, 0.25]", m, -d)
				}
				released = released || d > 0
				prev = s[m]
			}
			if !released {
				t.Error("the stockpile never released under a ban")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runYAML(t, tt.body)
			p := prodIdx(t, r, "gallium/refined")
			s := make([]float64, r.Months)
			for m := range s {
				s[m] = r.Stockpile[m][p]
			}
			tt.check(t, r, s)
		})
	}
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// TestPriceFloorProducers: producers lists expand like any country list; the floor's
// cost is (floor - price) x covered production.
func TestPriceFloorProducers(t *testing.T) {
	cost := func(producers string) (*sim.Result, float64) {
		r := runYAML(t, "price_floors:\n  - {product: ndpr/separation, producers: "+producers+", usd_per_kg: 1000, start: 2025-01, payer: USA}\n")
		return r, r.Cost[0][slices.Index(r.CostByKind, "price_floor")]
	}
	r, us := cost("[USA]")
	p := prodIdx(t, r, "ndpr/separation")
	want := (1000 - r.PriceOut[0][p]) * r.CountryProduction[0][p][countryIdx(t, r, "USA")] / 1000
	if !near(us, want, 1e-9) || us <= 0 {
		t.Errorf("first-month floor cost for US producers %g MUSD, want %g", us, want)
	}
	if _, eu := cost("[EU27]"); eu != 0 {
		t.Errorf("floor cost for EU producers %g MUSD, want 0 (no EU separation)", eu)
	}
	if _, all := cost("[all]"); !(all > 10*us) {
		t.Errorf("floor cost for all producers %g MUSD, want far above the US's %g", all, us)
	}
}

// TestPriority: a priority sector is served first, so US defense has no shortfall when
// a fifth of the US magnet requests to China are approved.
func TestPriority(t *testing.T) {
	ban := "controls:\n  - {id: l, exporter: CHN, products: [ndfeb/magnet], destinations: [USA], kind: licensing, start: 2025-01, licensing: {approval: 0.2, processing_working_days: 0}}\n"
	for _, prio := range []bool{false, true} {
		body := ban
		if prio {
			body += "priority:\n  - {importer: USA, sector: defense, start: 2025-01}\n"
		}
		r := runYAML(t, body)
		def, total, short := sectorIdx(t, r, "defense"), 0.0, 0.0
		for m := range r.Months {
			total += r.Shortfall[m][prodIdx(t, r, "ndfeb/magnet")]
			short += r.SectorShortfall[m][def]
		}
		if total <= 0 {
			t.Fatal("no US shortfall under the ban")
		}
		if prio && short > 1e-9 {
			t.Errorf("defense shortfall %g t with priority, want 0", short)
		}
		if !prio && short <= 0 {
			t.Errorf("no defense shortfall without priority")
		}
	}
}

// TestOfftakes: t_per_year is shipped as t_per_year / 12 each month of the window, and a
// project offtake reserves its share of the project's monthly output. Canada has no
// antimony process in the data, so no buyer sources from it at baseline: until buyers
// short of antimony qualify it (3 months after their first unmet month), it sells only
// through the offtakes. The product is refined antimony, which US demand consumes (mine
// output only feeds refineries).
func TestOfftakes(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []float64 // Canada's exports in 2025-01..03
	}{
		{"offtake 1,200 t/year", `recycling:
  - {country: CAN, product: antimony/refined, t_per_year: 12000, start: 2025-01}
offtakes:
  - {buyer: USA, seller: CAN, product: antimony/refined, t_per_year: 1200, start: 2025-01}
`, []float64{100, 100, 100}},
		{"project offtake, half the output", `projects:
  - {name: sb, country: CAN, product: antimony/refined, capacity_t_per_year: 12000, announced: 2025-02,
     offtake: {buyer: USA, sector: defense, share: 0.5}}
`, []float64{0, 500, 500}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runYAML(t, tt.body)
			p, can := prodIdx(t, r, "antimony/refined"), countryIdx(t, r, "CAN")
			for m, want := range tt.want {
				if got := exports(r, m, p, can); !near(got, want, 1e-9) {
					t.Errorf("month %d: Canada exports %g t, want %g", m, got, want)
				}
			}
		})
	}
}

// TestRecyclingRamp: recycling enters at t_per_year / 12 x ramp from its start. Canada's
// recycled antimony leaves only through the offtake, which is larger than the output.
func TestRecyclingRamp(t *testing.T) {
	r := runYAML(t, `recycling:
  - {country: CAN, product: antimony/refined, t_per_year: 1200, start: 2025-03, ramp_months: 4}
offtakes:
  - {buyer: USA, seller: CAN, product: antimony/refined, t_per_year: 12000, start: 2025-01}
`)
	p, can := prodIdx(t, r, "antimony/refined"), countryIdx(t, r, "CAN")
	for m, want := range []float64{0, 0, 25, 50, 75, 100, 100} {
		if got := exports(r, m, p, can); !near(got, want, 1e-9) {
			t.Errorf("month %d: recycled exports %g t, want %g", m, got, want)
		}
	}
}

// TestTariffs: rate_pct is a percentage and the Armington elasticity a scenario
// parameter: (1 + 1.00)^-1 = (1 + 3.00)^-0.5, so the two runs are identical, and differ
// from a run at another elasticity. Group and "all" importers compile.
func TestTariffs(t *testing.T) {
	tariff := func(rate, sigma string) *sim.Result {
		return runYAML(t, "tariffs:\n  - {importer: USA, exporter: CHN, products: [other/separation], rate_pct: "+rate+", start: 2025-01}\nparameters: {armington_elasticity: "+sigma+"}\n")
	}
	a, b, c := tariff("100", "1"), tariff("300", "0.5"), tariff("100", "4")
	p := prodIdx(t, a, "other/separation")
	same, differs := true, false
	for m := range a.Months {
		for x := range a.Countries {
			same = same && near(exports(a, m, p, x), exports(b, m, p, x), 1e-9)
			differs = differs || !near(exports(a, m, p, x), exports(c, m, p, x), 1e-6)
		}
	}
	if !same {
		t.Error("a 100 % tariff at elasticity 1 differs from a 300 % tariff at elasticity 0.5")
	}
	if !differs {
		t.Error("the Armington elasticity does not change the run")
	}
	for _, imp := range []string{"all", "EU27"} {
		t.Run("importer "+imp, func(t *testing.T) {
			if _, err := tryCompile(t, "tariffs:\n  - {importer: "+imp+", exporter: CHN, products: [ndfeb/magnet], rate_pct: 25, start: 2025-01}\n"); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestQualificationLag: after a buyer's first unmet month, an exporter it did not buy from
// at baseline qualifies after the lag: 9 months for magnets and 3 for other products in
// sim_parameters.csv, one lag for all when the scenario sets it. Canada (no process in
// the data) recycles magnets and antimony and can sell them only to a qualified buyer.
func TestQualificationLag(t *testing.T) {
	const body = `controls:
  - {id: b, exporter: CHN, products: [ndfeb/magnet, antimony/mine], destinations: [USA], kind: ban, start: 2025-01}
recycling:
  - {country: CAN, product: ndfeb/magnet, t_per_year: 12000, start: 2025-01}
  - {country: CAN, product: antimony/mine, t_per_year: 12000, start: 2025-01}
`
	tests := []struct {
		name                string
		params              string
		magnetLag, otherLag int
	}{
		{"data lags", "", 9, 3},
		{"scenario lag for all", "parameters: {qualification_lag_months: 5}\n", 5, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runYAML(t, body+tt.params)
			can := countryIdx(t, r, "CAN")
			for id, lag := range map[string]int{"ndfeb/magnet": tt.magnetLag, "antimony/mine": tt.otherLag} {
				p := prodIdx(t, r, id)
				first := -1
				for m := range r.Months {
					if exports(r, m, p, can) > 0 {
						first = m
						break
					}
				}
				if first != lag {
					t.Errorf("%s: Canada first exports in month %d, want %d", id, first, lag)
				}
			}
		})
	}
}

// TestScenarioParametersOverride: a scenario's demand elasticity replaces the data's, so
// at 0 the US demand does not react to the price rise a ban causes.
func TestScenarioParametersOverride(t *testing.T) {
	ban := "controls:\n  - {id: b, exporter: CHN, products: [ndfeb/magnet], destinations: [all], kind: ban, start: 2025-01}\n"
	d0, _ := usDemand(t, "ndfeb/magnet")
	for _, tt := range []struct {
		params string
		fixed  bool
	}{{"", false}, {"parameters: {demand_price_elasticity: 0, long_run_demand_elasticity: 0}\n", true}} {
		r := runYAML(t, ban+tt.params)
		got := r.Demand[6][prodIdx(t, r, "ndfeb/magnet")]
		if tt.fixed != near(got, d0, 1e-12) {
			t.Errorf("%q: US magnet demand %g after a price rise, baseline %g", tt.params, got, d0)
		}
	}
}

// TestUnsupportedParameter: parameters.utilisation is accepted by the format but the
// compiler has nowhere to put it; it must say so rather than ignore it.
func TestUnsupportedParameter(t *testing.T) {
	if _, err := tryCompile(t, "parameters: {utilisation: 0.5}\n"); !errors.Is(err, ErrScenario) {
		t.Errorf("err = %v, want ErrScenario", err)
	}
}

// TestStockpileRivalContent: a stockpile's initial holding carries the rival's share of
// world supply, like users' stocks, so releasing Chinese-made gallium to US users does not
// count as rival-free supply.
func TestStockpileRivalContent(t *testing.T) {
	ban := "controls:\n  - {id: b, exporter: CHN, products: [gallium], destinations: [USA], kind: ban, start: 2025-01}\n"
	pile := "stockpiles:\n  - {holder: USA, product: gallium/refined, initial_t: 100, release: {shortfall_trigger: 0, max_t_per_month: 100}}\n"
	without, with := runYAML(t, ban), runYAML(t, ban+pile)
	p := prodIdx(t, with, "gallium/refined")
	free := func(r *sim.Result) float64 {
		s := 0.0
		for m := range r.Months {
			s += r.RivalFree[m][p]
		}
		return s
	}
	released := 100 - with.Stockpile[with.Months-1][p]
	if released <= 0 {
		t.Fatal("the stockpile released nothing")
	}
	ds, _ := testEnv(t)
	c := newCompiler(ds, &scenario.Scenario{Rival: "CHN"})
	share := c.rivalShare(c.base.worldRivalContent(c.sc.Rival), "gallium/refined")
	if share < 0.5 {
		t.Fatalf("world rival content of gallium %g, expected China to dominate", share)
	}
	if extra := free(with) - free(without); extra > released*(1-share)+1e-6*released {
		t.Errorf("releasing %g t added %g t of rival-free supply, want at most %g (world rival content %g)", released, extra, released*(1-share), share)
	}
}

// TestAlliedBuildoutSeparation: the allied separation plants of allied-buildout take the
// 57,000 t REO/yr their header states at the model's recipes (5.70065 t REO per t NdPr),
// make other oxides once (from the joint process, or a dedicated plant in the USA whose
// recipe books them as loss) and Dy/Tb only from their dedicated plants.
func TestAlliedBuildoutSeparation(t *testing.T) {
	ds, _ := testEnv(t)
	sc, err := scenario.Builtin("allied-buildout")
	if err != nil {
		t.Fatal(err)
	}
	if sc, err = scenario.Resolve(sc, scenario.Builtin); err != nil {
		t.Fatal(err)
	}
	// The scenario's own capacity, without what price-triggered entry adds to it.
	off := scenario.Fix(0)
	sc.Parameters.EntryElasticity = &off
	m, err := Compile(ds, sc)
	if err != nil {
		t.Fatal(err)
	}
	r := sim.NewResult(m)
	sim.Run(m, r)
	last := r.Months - 1
	capOf := func(id, c string) float64 {
		return r.CountryCapacity[last][prodIdx(t, r, id)][countryIdx(t, r, c)] * 12
	}
	feed := (capOf("ndpr/separation", "USA") - 1300) * 5.70065
	// Estonia's plant is in the EU node (EURegion), which has no separation of its own.
	for c, want := range map[string]float64{"AUS": 20000, "CAN": 6000, EURegion: 6000} {
		ndpr := capOf("ndpr/separation", c)
		feed += ndpr * 5.70065
		if got := capOf("other/separation", c); !near(got, ndpr*4.41562, 1e-9) {
			t.Errorf("%s: other oxides %g t/yr, want the joint output %g", c, got, ndpr*4.41562)
		}
		for id, share := range map[string]float64{"dy/separation": 0.0035, "tb/separation": 0.002} {
			if got := capOf(id, c); math.Abs(got-want*share) > 0.5 {
				t.Errorf("%s: %s %g t/yr, want the dedicated plant's %g", c, id, got, want*share)
			}
		}
	}
	if got := capOf("other/separation", "USA"); math.Abs(got-(capOf("ndpr/separation", "USA")-1300)*4.41562) > 1 {
		t.Errorf("USA: other oxides %g t/yr, want 4.41562 per t of added NdPr", got)
	}
	if math.Abs(feed-57000) > 57000*1e-3 {
		t.Errorf("allied separation feed %g t REO/yr, want 57,000", feed)
	}
}

// TestEUMembersAreOneNode: an EU member's plant and EU demand are one model node, so the
// member's output serves EU demand as home demand, and events naming a member act on it.
func TestEUMembersAreOneNode(t *testing.T) {
	r := runYAML(t, "demand_growth:\n  - {importer: DEU, sector: all, products: [ndfeb/magnet], pct_per_year: 12, start: 2025-01}\n")
	if slices.Contains(r.Countries, "DEU") || slices.Contains(r.Countries, "AUT") || !slices.Contains(r.Countries, EURegion) {
		t.Fatalf("countries %v: want EU members merged into %s", r.Countries, EURegion)
	}
	// Baseline EU graphite (AUT 100 + DEU 140 t/yr) and tungsten (AUT 840, ESP 700, PRT 650
	// t/yr) production adds up in the node.
	for id, want := range map[string]float64{"graphite/mine": 240, "tungsten/mine": 2190} {
		if got := r.CountryProduction[0][prodIdx(t, r, id)][countryIdx(t, r, EURegion)] * 12; !near(got, want, 1e-9) {
			t.Errorf("EU %s production %g t/yr, want %g", id, got, want)
		}
	}
}

// TestEU27NamesTheMembersNode: every single-country field takes EU27 and means the node a
// member state names, so a response written with EU27 runs exactly as with DEU.
func TestEU27NamesTheMembersNode(t *testing.T) {
	const head = "name: fixture\nimporter: EU27\nrival: CHN\nstart: 2025-01\nend: 2026-06\ncontrols: [{id: ban, exporter: CHN, products: [gallium], destinations: [all], kind: ban, start: 2025-03}]\n"
	for _, tc := range []struct{ name, body string }{
		{"stockpile holder", "stockpiles: [{holder: %s, product: gallium/refined, initial_t: 10, release: {shortfall_trigger: 0.1, max_t_per_month: 1}}]\n"},
		{"recycling country", "recycling: [{country: %s, product: gallium/refined, t_per_year: 4, start: 2025-06}]\n"},
		{"offtake buyer", "offtakes: [{buyer: %s, seller: RUS, product: gallium/refined, t_per_year: 3, start: 2025-06}]\n"},
		{"project country", "projects: [{name: P, country: %s, product: gallium/refined, capacity_t_per_year: 20, announced: 2025-01, construction_months: 3}]\n"},
		{"priority importer", "priority: [{importer: %s, sector: electronics, start: 2025-01}]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eu := runYAML(t, head+fmt.Sprintf(tc.body, "EU27"))
			deu := runYAML(t, head+fmt.Sprintf(tc.body, "DEU"))
			p := prodIdx(t, eu, "gallium/refined")
			var got, want float64
			for m := range eu.Supply {
				got += eu.Supply[m][p]
				want += deu.Supply[m][p]
			}
			if got != want || got == 0 {
				t.Errorf("EU27 gallium supply %g t with EU27, %g t with DEU: want equal and positive", got, want)
			}
		})
	}
}

// TestOfftakeDeliveries: the summary says what each offtake contracted, requested and
// shipped. Under a Chinese gallium ban, Japan uses all the gallium it makes and ships the
// EU nothing under an offtake (home users come first), while Russia, which exports, ships
// what the EU requests.
func TestOfftakeDeliveries(t *testing.T) {
	const head = "name: fixture\nimporter: EU27\nrival: CHN\nstart: 2025-01\nend: 2026-12\ncontrols: [{id: ban, exporter: CHN, products: [gallium], destinations: [all], kind: ban, start: 2025-01}]\n"
	for _, c := range []struct {
		seller         string
		shippedAtLeast float64 // share of the contracted tonnage
		shippedAtMost  float64
	}{
		{"JPN", 0, 0.01},
		{"RUS", 0.95, 1},
	} {
		r := runYAML(t, head+"offtakes: [{buyer: DEU, seller: "+c.seller+", product: gallium/refined, t_per_year: 3, start: 2025-07}]\n")
		if len(r.Summary.Offtakes) != 1 {
			t.Fatalf("%s: summary offtakes %+v, want one", c.seller, r.Summary.Offtakes)
		}
		o := r.Summary.Offtakes[0]
		if o.Buyer != EURegion || o.Seller != c.seller || o.Product != "gallium/refined" || !near(o.ContractedT, 4.5, 1e-9) || !near(o.RequestedT, 4.5, 1e-9) {
			t.Errorf("%s: %+v, want buyer EU27, 4.5 t contracted (18 months at 0.25 t) and requested", c.seller, o)
		}
		if s := o.ShippedT / o.ContractedT; s < c.shippedAtLeast || s > c.shippedAtMost {
			t.Errorf("%s: shipped %g of %g t (%.3f), want within [%g, %g]", c.seller, o.ShippedT, o.ContractedT, s, c.shippedAtLeast, c.shippedAtMost)
		}
	}
}
