package report

import (
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestVerdictComparesOriginsWithTradeData: a rival's share of the importer's imports at
// the run's start that is 15 points or more from the trade data is named, with both
// figures and the trade category, why the two differ, which way a control's reach is
// off; a gap under 15 points says nothing.
func TestVerdictComparesOriginsWithTradeData(t *testing.T) {
	magnet := func(run, trade float64) result.TradeOrigin {
		return result.TradeOrigin{Product: "ndpr/magnet", RunSharePct: run, TradeSharePct: trade,
			Category: "HS 850511 permanent magnets of metal (BACI)", Period: "2024", Source: "cepii-baci-2024",
			OutsideProducers: []result.Producer{{Country: "ROW", CapacityTPerYear: 11930}}}
	}
	const lead = "At the start of this run CHN supplies USA's imports in shares far from its trade data"
	for _, c := range []struct {
		name string
		o    result.TradeOrigin
		want []string // nil for no sentence
	}{
		{"run above trade", magnet(100, 35.9), []string{
			lead + ": NdPr magnet 100% (trade data 35.9%: HS 850511 permanent magnets of metal (BACI), 2024).",
			"trade data name the last shipper",
			"a control on CHN reaches these imports harder in this run than in trade."}},
		{"run below trade", magnet(29, 55), []string{lead + ": NdPr magnet 29% (trade data 55%",
			"a control on CHN reaches these imports less in this run than in trade."}},
		{"within 15 points", magnet(91, 77.4), nil},
	} {
		r := testRun(0)
		r.TradeOrigins = []result.TradeOrigin{c.o}
		got := strings.Join(dataCaveats(&pageCtx{}, r), "\n")
		if c.want == nil && strings.Contains(got, lead) {
			t.Errorf("%s: verdict compares origins:\n%s", c.name, got)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: verdict lacks %q:\n%s", c.name, w, got)
			}
		}
		if c.want != nil && !strings.HasPrefix(got, dataCaveatsHeading+"\n") {
			t.Errorf("%s: the caveats do not open with their heading:\n%s", c.name, got)
		}
	}
}

// TestVerdictNamesEstimatedDemand: products whose demand rows are all estimates are named
// whole, those partly estimated with the share and sectors; sourced demand says nothing.
func TestVerdictNamesEstimatedDemand(t *testing.T) {
	r := testRun(0)
	r.DemandBasis = []result.DemandRow{
		{Product: "ndpr/oxide", Sector: "automotive", TPerYear: 720, Status: "estimated", Source: "critmin-estimate"},
		{Product: "ndpr/magnet", Sector: "automotive", TPerYear: 3000, Status: "derived", Source: "x"},
		{Product: "ndpr/magnet", Sector: "defense", TPerYear: 1000, Status: "estimated", Source: "x"},
	}
	const want = "Of USA's demand in the data, all of NdPr oxide, and 25% of NdPr magnet (its defense demand) is an estimate, not a reported or derived figure;"
	if got := strings.Join(dataCaveats(&pageCtx{}, r), "\n"); !strings.Contains(got, want) {
		t.Errorf("verdict lacks %q:\n%s", want, got)
	}
	r.DemandBasis[0].Status, r.DemandBasis[2].Status = "reported", "derived"
	if got := strings.Join(dataCaveats(&pageCtx{}, r), "\n"); strings.Contains(got, "is an estimate") {
		t.Errorf("verdict names estimates where every row is sourced:\n%s", got)
	}
}

// TestVerdictNamesUnsimulatedStages: a mine-only product's later stages are named with
// the rival's share; none, no sentence.
func TestVerdictNamesUnsimulatedStages(t *testing.T) {
	r := testRun(0)
	const lead = "This run stops at the mine for some products"
	if got := strings.Join(dataCaveats(&pageCtx{}, r), "\n"); strings.Contains(got, lead) {
		t.Errorf("verdict names unsimulated stages where there are none:\n%s", got)
	}
	r.UnsimulatedStages = []result.StageShare{{Product: "ndpr/oxide", Commodity: "rare_earths", Stage: "metal", SharePct: 90.5, Year: 2024}}
	const want = lead + ", and the later stages the data holds are not simulated, so neither a control on them nor their capacity is in this run: after NdPr oxide, the metal stage (CHN 90.5% of world output in 2024)."
	if got := strings.Join(dataCaveats(&pageCtx{}, r), "\n"); !strings.Contains(got, want) {
		t.Errorf("verdict lacks %q:\n%s", want, got)
	}
}

// TestShareCheckSentence: a rival share of world output 15 points or more from the
// figures is named with both and the figures' source; a closer one is not.
func TestShareCheckSentence(t *testing.T) {
	r := testRun(0)
	r.ShareChecks = []result.ShareCheck{
		{Product: "ndpr/oxide", Commodity: "rare_earths", Stage: "separation", RunSharePct: 60, DataSharePct: 94, Year: 2025, Source: "iea-test"},
		{Product: "ndpr/magnet", Commodity: "rare_earths", Stage: "magnet", RunSharePct: 94, DataSharePct: 94, Year: 2024, Source: "iea-test"},
	}
	want := "CHN's share of world output differs between the simulation's tables and the world data the risk lenses read, which rest on different sources: NdPr oxide, 60% in this run against 94% in the world data's 2025 figures (iea-test);"
	if got := shareCheckSentence(&pageCtx{}, r); !strings.HasPrefix(got, want) {
		t.Errorf("got %q\nwant prefix %q", got, want)
	}
	r.ShareChecks = r.ShareChecks[1:]
	if got := shareCheckSentence(&pageCtx{}, r); got != "" {
		t.Errorf("agreeing shares: got %q", got)
	}
}

// TestHTMLDrawsTheDataCaveatsHeading: the caveats' opening line is a heading in the HTML
// report, not a paragraph.
func TestHTMLDrawsTheDataCaveatsHeading(t *testing.T) {
	r := testRun(0)
	r.TradeOrigins = []result.TradeOrigin{{Product: "ndpr/magnet", RunSharePct: 100, TradeSharePct: 35.9, Category: "HS 850511", Period: "2024"}}
	var b strings.Builder
	if err := WriteRunHTML(&b, r, HTMLOptions{Generated: "fixture"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "<h3>"+dataCaveatsHeading+"</h3>") {
		t.Error("the HTML report does not draw the data caveats' heading as a heading")
	}
}

// TestIdleDataSentence: capacity the data lists without output is named with the
// countries of its note, what the run built there, and the project that restarts it; an
// EU run is told a member state's plant serves its node; none, no sentence.
func TestIdleDataSentence(t *testing.T) {
	r := testRun(0)
	if got := idleDataSentence(&pageCtx{}, r); got != "" {
		t.Errorf("no idle capacity: got %q", got)
	}
	r.IdleCapacity = []result.IdleCapacity{{Product: "ndpr/oxide", Country: "ROW", CapacityTPerYear: 100, Year: 2024, Source: "usgs-test",
		Named: []string{"DE", "KZ"}, RunCapacityTPerYear: 8.4}}
	for _, c := range []struct{ importer, want string }{
		{"USA", "The simulation data list capacity outside CHN that made nothing in their base year: 100 t/yr of NdPr oxide in the rest of the world (the world data's capacity note names DE, KZ), with no output in 2024 (usgs-test), where the run's projects and price-triggered entry build at most 8.4 t/yr. The simulation starts such a process at zero, so this run leaves that capacity idle whatever the price; a project of the scenario restarts it: `projects: [{name: restart, country: <ISO3 code of the plant's country>, product: ndpr/oxide, capacity_t_per_year: 100, announced: YYYY-MM}]`."},
		{"EU27", "announced: YYYY-MM}]` (a plant in a member state, e.g. DEU, serves the EU27 node)."},
	} {
		r.Importer = c.importer
		if got := strings.Join(dataCaveats(&pageCtx{}, r), "\n"); !strings.Contains(got, c.want) {
			t.Errorf("importer %s: caveats lack %q:\n%s", c.importer, c.want, got)
		}
	}
	// A scenario about magnets only hears nothing of idle oxide plants: the oxide is not a
	// final product it touches nor a stage of one (the fixture's road is empty).
	r.ScenarioProducts = []string{"ndpr/magnet"}
	if got := idleDataSentence(&pageCtx{}, r); got != "" {
		t.Errorf("a magnet scenario is told of idle NdPr oxide capacity: %q", got)
	}
	r.ScenarioProducts = []string{"ndpr/oxide"}
	if got := idleDataSentence(&pageCtx{}, r); got == "" {
		t.Error("an NdPr oxide scenario is not told of idle NdPr oxide capacity")
	}
}

// TestStartingStockSentence: the users' starting stock of a touched final product is
// named when an estimated row of sim_stocks.csv sets it, not when a sourced row or the
// scenario's inventories do, nor for a product or scenario that touches nothing.
func TestStartingStockSentence(t *testing.T) {
	estimate := func(product string, months float64) result.StartingStock {
		return result.StartingStock{Product: product, MonthsOfCover: months, RowRegion: "all", RowProduct: product, Status: "estimated", Source: "critmin-estimate"}
	}
	const tail = " (docs/scenarios.md, Stock sensitivity); a scenario's inventories: entry replaces "
	for _, c := range []struct {
		name    string
		touched []string
		stocks  []result.StartingStock
		want    string
	}{
		{"one estimate", []string{"ndpr/magnet"}, []result.StartingStock{estimate("ndpr/magnet", 3), estimate("ndpr/oxide", 2)},
			"The run starts USA's users with 3 months of NdPr magnet in stock (and has them aim to keep that cover), an estimate (sim_stocks.csv), not a sourced figure, and shortfalls depend on it" + tail + "it."},
		{"two covers", []string{"ndpr"}, []result.StartingStock{estimate("ndpr/oxide", 1), estimate("ndpr/magnet", 2.5)},
			"The run starts USA's users with 1 month of NdPr oxide and 2.5 months of NdPr magnet in stock (and has them aim to keep those covers), estimates (sim_stocks.csv), not sourced figures, and shortfalls depend on them" + tail + "them."},
		{"baseline", nil, []result.StartingStock{estimate("ndpr/magnet", 3)}, ""},
		{"sourced row", []string{"ndpr/magnet"}, []result.StartingStock{{Product: "ndpr/magnet", MonthsOfCover: 2.19, RowRegion: "USA", RowProduct: "ndpr/magnet", Status: "derived", Source: "usgs"}}, ""},
		{"scenario inventory", []string{"ndpr/magnet"}, []result.StartingStock{{Product: "ndpr/magnet", MonthsOfCover: 1, FromScenario: true}}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := testRun(0)
			r.StartingStocks = c.stocks
			for _, id := range c.touched {
				for _, p := range r.Products {
					if p.ID == id || p.Material == id {
						r.ScenarioProducts = append(r.ScenarioProducts, p.ID)
					}
				}
			}
			if got := startingStockSentence(&pageCtx{}, r); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
