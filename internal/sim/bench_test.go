package sim

import (
	"maps"
	"math"
	"reflect"
	"slices"
	"testing"
)

// chainBuilder declares a synthetic model the size of the rare-earth chain: 14 products,
// 12 countries, 6 sectors, demand in 6 regions, 132 months, with every kind of scenario
// element when shocks is set. Figures are invented for size and coverage, not data; at
// baseline every stage has a little more capacity than the next one needs.
func chainBuilder(shocks bool) *Builder {
	start := MonthOf(2025, 1)
	at := func(i int) Month { return start + Month(i) }
	b := NewBuilder(Header{Scenario: "synthetic-chain", Title: "Synthetic rare-earth chain", Start: start, Months: 132,
		Importer: "USA", Rival: "CHN"})
	b.AddCountry("CHN", "USA", "AUS", "MYS", "JPN", "KOR", "DEU", "VNM", "MMR", "CAN", "IND", "ROW")
	sectors := []string{DefenseSector, "ev", "wind", "electronics", "industrial", "other"}
	b.AddSector(sectors...)
	for _, p := range []Product{
		{"ree/mine", "REO", 5, false},
		{"ndpr/separation", "NdPr oxide", 60, false},
		{"dytb/separation", "Dy/Tb oxide", 300, false},
		{"sm/separation", "Sm oxide", 15, false},
		{"ce/separation", "La/Ce oxide", 1, true},
		{"ndpr/metal", "NdPr metal", 75, false},
		{"dytb/metal", "Dy/Tb metal", 400, false},
		{"sm/metal", "Sm metal", 30, false},
		{"ndfeb/magnet", "magnet", 50, true},
		{"smco/magnet", "magnet", 80, true},
		{"gallium/refined", "Ga", 300, true},
		{"germanium/refined", "Ge", 1500, true},
		{"graphite/mine", "flake", 0.6, false},
		{"graphite/anode", "anode", 5, true},
	} {
		b.AddProduct(p)
	}
	source := func(id string, out string, caps map[string]float64) {
		for _, c := range slices.Sorted(maps.Keys(caps)) {
			b.AddProcess(Process{ID: id, Country: c, CapacityTPerMonth: caps[c], Utilisation: 0.9,
				Outputs: []Flow{{out, 1}}, ExternalInputT: 1})
		}
	}
	convert := func(id string, in []Flow, out []Flow, ext, loss float64, caps map[string]float64) {
		for _, c := range slices.Sorted(maps.Keys(caps)) {
			b.AddProcess(Process{ID: id, Country: c, CapacityTPerMonth: caps[c], Utilisation: 0.85,
				Inputs: in, Outputs: out, ExternalInputT: ext, LossT: loss})
		}
	}
	source("ree mine", "ree/mine", map[string]float64{"CHN": 5000, "AUS": 1500, "MMR": 2000, "USA": 3000, "ROW": 1000})
	convert("separation", []Flow{{"ree/mine", 1}},
		[]Flow{{"ndpr/separation", 0.2}, {"dytb/separation", 0.01}, {"sm/separation", 0.02}, {"ce/separation", 0.7}},
		0, 0.07, map[string]float64{"CHN": 10000, "MYS": 1200, "USA": 300, "VNM": 300})
	convert("ndpr metal", []Flow{{"ndpr/separation", 1}}, []Flow{{"ndpr/metal", 0.85}}, 0, 0.15,
		map[string]float64{"CHN": 2000, "JPN": 200, "VNM": 80, "USA": 40})
	convert("dytb metal", []Flow{{"dytb/separation", 1}}, []Flow{{"dytb/metal", 0.87}}, 0, 0.13,
		map[string]float64{"CHN": 100, "JPN": 10})
	convert("sm metal", []Flow{{"sm/separation", 1}}, []Flow{{"sm/metal", 0.86}}, 0, 0.14,
		map[string]float64{"CHN": 200, "JPN": 25})
	convert("ndfeb magnet", []Flow{{"ndpr/metal", 0.29}, {"dytb/metal", 0.01}}, []Flow{{"ndfeb/magnet", 1}}, 0.7, 0,
		map[string]float64{"CHN": 5500, "JPN": 600, "DEU": 150, "USA": 80, "VNM": 250})
	convert("smco magnet", []Flow{{"sm/metal", 0.35}}, []Flow{{"smco/magnet", 1}}, 0.65, 0,
		map[string]float64{"CHN": 450, "JPN": 70, "USA": 30})
	source("gallium", "gallium/refined", map[string]float64{"CHN": 40, "JPN": 2, "DEU": 1, "ROW": 2})
	source("germanium", "germanium/refined", map[string]float64{"CHN": 10, "ROW": 4, "CAN": 1})
	source("graphite mine", "graphite/mine", map[string]float64{"CHN": 50000, "IND": 5000, "ROW": 10000, "MYS": 1000})
	convert("anode", []Flow{{"graphite/mine", 1.1}}, []Flow{{"graphite/anode", 1}}, 0, 0.1,
		map[string]float64{"CHN": 40000, "JPN": 3000, "KOR": 5000})

	regions := map[string]float64{"CHN": 0.5, "USA": 0.12, "JPN": 0.12, "DEU": 0.1, "KOR": 0.1, "IND": 0.06}
	sectorShare := []float64{0.03, 0.4, 0.15, 0.2, 0.12, 0.1}
	totals := map[string]float64{"ce/separation": 5000, "ndfeb/magnet": 5000, "smco/magnet": 300,
		"gallium/refined": 35, "germanium/refined": 12, "graphite/anode": 38000}
	for _, region := range []string{"CHN", "USA", "JPN", "DEU", "KOR", "IND"} {
		for _, product := range slices.Sorted(maps.Keys(totals)) {
			total := totals[product]
			for s, sector := range sectors {
				b.AddDemand(Demand{Region: region, Product: product, Sector: sector, TPerMonth: total * regions[region] * sectorShare[s]})
			}
		}
		b.AddUserStock(Stock{Country: region, Product: "ndfeb/magnet", T: 3 * totals["ndfeb/magnet"] * regions[region], RivalShare: 0.9})
	}
	b.AddProducerStock(Stock{Country: "CHN", Product: "ndfeb/magnet", T: 3000})
	if !shocks {
		return b
	}
	for _, region := range []string{"CHN", "USA", "JPN", "DEU", "KOR", "IND"} {
		b.AddDemandGrowth(DemandGrowth{Region: region, Product: "ndfeb/magnet", Sector: "ev", RatePerYear: 0.08})
		b.AddSubstitution(Substitution{Region: region, Product: "ndfeb/magnet", Sector: "ev", Reduction: 0.1,
			RampMonths: 36, Window: Window{Start: at(12)}})
	}

	lic := LicensingRule{Approval: 0.3, ApprovalChanges: []ApprovalChange{{From: at(12), Approval: 0.6}},
		DelayMonths: 2, ValidityMonths: 12, MilitaryDenied: true}
	for _, p := range []string{"dytb/separation", "dytb/metal", "ndfeb/magnet"} {
		b.AddControl(Control{ID: "lic " + p, Product: p, Exporter: "CHN", Kind: Licensing, Licensing: lic,
			Windows:          []Window{{Start: at(3), End: at(22)}, {Start: at(34)}},
			Extraterritorial: p == "ndfeb/magnet", ExtraterritorialMinShare: 0.5})
	}
	for _, p := range []string{"gallium/refined", "germanium/refined"} {
		b.AddControl(Control{ID: "ban " + p, Product: p, Exporter: "CHN", Destinations: []string{"USA"}, Kind: Ban,
			Windows: []Window{{Start: at(11), End: at(22)}, {Start: at(60)}}})
	}
	b.AddControl(Control{ID: "graphite quota", Product: "graphite/anode", Exporter: "CHN", Kind: Quota,
		QuotaTPerMonth: 10000, Windows: []Window{{Start: at(6)}}})
	b.AddTariff(Tariff{Importer: "USA", Exporter: "CHN", Product: "ndfeb/magnet", Rate: 0.25, Window: Window{Start: at(2), End: at(40)}})
	b.AddTariff(Tariff{Importer: "USA", Exporter: "CHN", Product: "graphite/anode", Rate: 0.5, Window: Window{Start: at(2)}})
	b.AddOutage(Outage{Process: "ree mine", Country: "MMR", Fraction: 0.5, Window: Window{End: at(5)}})
	b.AddProject(Project{Name: "US separation", Process: "separation", Country: "USA", CapacityTPerMonth: 500,
		Start: at(18), RampMonths: 12, CapexMUSD: 500, ConstructionMonths: 18})
	b.AddProject(Project{Name: "US magnets", Process: "ndfeb magnet", Country: "USA", CapacityTPerMonth: 600,
		Start: at(24), RampMonths: 18, CapexMUSD: 1000, ConstructionMonths: 24})
	b.AddProject(Project{Name: "AUS separation", Process: "separation", Country: "AUS", CapacityTPerMonth: 1000,
		Start: at(30), RampMonths: 12, CapexMUSD: 800, ConstructionMonths: 24, Offtake: ProjectOfftake{Buyer: "JPN", Share: 0.5}})
	b.AddOfftake(Offtake{Buyer: "JPN", Seller: "MYS", Product: "ndpr/separation", TPerMonth: 50, PremiumUSDPerKg: 5})
	b.AddStockpile(Stockpile{Holder: "USA", Product: "dytb/metal", InitialT: 20,
		Release:   Release{ShortfallTrigger: 0.1, MaxTPerMonth: 2, Sectors: []string{DefenseSector}},
		Purchases: []Purchase{{Window: Window{Start: at(6), End: at(36)}, TPerMonth: 1, MaxUSDPerKg: 5000}}})
	b.AddStockpile(Stockpile{Holder: "USA", Product: "ndfeb/magnet", InitialT: 500, InitialRivalShare: 1,
		Release: Release{ShortfallTrigger: 0.05, MaxTPerMonth: 50}})
	b.AddPriceFloor(PriceFloor{Product: "ndpr/separation", Producers: []string{"USA"}, USDPerKg: 110, Payer: "USA",
		Window: Window{Start: at(9)}})
	b.AddPriority(Priority{Importer: "USA", Sector: DefenseSector})
	b.AddRecycling(Recycling{Country: "USA", Product: "ndfeb/magnet", TPerMonth: 50, RampMonths: 24, Window: Window{Start: at(12)}})
	b.SetQualificationLag("USA", "ndfeb/magnet", 9)
	b.AddEndItem(EndItemInfo{ID: "f35", Name: "F-35", Product: "ndfeb/magnet", KgLow: 400, KgHigh: 450})
	b.AddEndItem(EndItemInfo{ID: "ddg51", Name: "DDG-51", Product: "ndfeb/magnet", KgLow: 2300, KgHigh: 2600})
	return b
}

func chainModel(tb testing.TB) *Model { return mustBuild(tb, chainBuilder(true)) }

func TestChainInvariants(t *testing.T) {
	m := chainModel(t)
	r := runChecked(t, m)
	s := r.Summary
	if s.PeakShortfallShare <= 0 || s.MonthsShort == 0 {
		t.Errorf("the controls cause no shortfall: %+v", s)
	}
	if s.TotalCostMUSD < 2300 {
		t.Errorf("total cost %v MUSD, want at least the 2300 MUSD capex", s.TotalCostMUSD)
	}
	if s.EndItemsLostLow["f35"] < s.EndItemsLostHigh["f35"] {
		t.Errorf("more units lost at the high bill of material than at the low one: %v", s)
	}
	for tt := range r.Months {
		for p := range r.Products {
			if math.IsNaN(r.PriceOut[tt][p]) || math.IsNaN(r.PriceIn[tt][p]) {
				t.Fatalf("NaN price at month %d product %d", tt, p)
			}
		}
	}
}

// At baseline the chain has capacity to spare at every stage: nobody runs short and every
// price stays within 5 % of its baseline (the invented chain is not a steady state: its
// surpluses move between markets as unsold stock builds up; the reference balance is the
// first month's).
func TestChainBaseline(t *testing.T) {
	m := mustBuild(t, chainBuilder(false))
	r := runChecked(t, m)
	for tt := range r.Months {
		for p, info := range r.Products {
			if r.Shortfall[tt][p] > 1e-9*r.Demand[tt][p] {
				t.Fatalf("month %d %s: shortfall %g of %g", tt, info.ID, r.Shortfall[tt][p], r.Demand[tt][p])
			}
			if math.Abs(r.PriceOut[tt][p]/m.price0[p]-1) > 0.05 || math.Abs(r.PriceIn[tt][p]/m.price0[p]-1) > 0.05 {
				t.Fatalf("month %d %s: price %g / %g, more than 5 %% from baseline %g", tt, info.ID, r.PriceOut[tt][p], r.PriceIn[tt][p], m.price0[p])
			}
		}
	}
}

// TestEngineStocks checks the engine's internal stocks stay non-negative every month and
// the licensing queues hold nothing negative.
func TestEngineStocks(t *testing.T) {
	m := chainModel(t)
	e, r := NewEngine(m), NewResult(m)
	for e.Month() < m.Months() {
		e.Step(r)
		for _, s := range [][]float64{e.ps, e.us, e.sp, e.ringAmt, e.ringOld, e.resv} {
			for i, v := range s {
				if v < 0 || math.IsNaN(v) {
					t.Fatalf("month %d: stock %d is %g", e.Month()-1, i, v)
				}
			}
		}
		for _, s := range [][]float64{e.psF, e.usF, e.spF} {
			for i, v := range s {
				if v < 0 || v > 1 {
					t.Fatalf("month %d: rival share %d is %g", e.Month()-1, i, v)
				}
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	m := chainModel(t)
	a, b := NewResult(m), NewResult(m)
	Run(m, a)
	Run(chainModel(t), b)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs of the same model differ")
	}
	// Reusing an engine and a result gives the same numbers too.
	e := NewEngine(m)
	e.Run(b)
	e.Run(b)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("a rerun on a reused engine and result differs")
	}
}

func TestStepDoesNotAllocate(t *testing.T) {
	m := chainModel(t)
	e, r := NewEngine(m), NewResult(m)
	allocs := testing.AllocsPerRun(500, func() {
		if e.Month() == m.Months() {
			e.Reset()
		}
		e.Step(r)
	})
	if allocs != 0 {
		t.Errorf("Step allocates %v times per call", allocs)
	}
}

func BenchmarkRun(b *testing.B) {
	m := chainModel(b)
	e, r := NewEngine(m), NewResult(m)
	b.ReportAllocs()
	for b.Loop() {
		e.Run(r)
	}
}

func BenchmarkStep(b *testing.B) {
	m := chainModel(b)
	e, r := NewEngine(m), NewResult(m)
	b.ReportAllocs()
	for b.Loop() {
		if e.Month() == m.Months() {
			e.Reset()
		}
		e.Step(r)
	}
}

func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := chainBuilder(true).Build(); err != nil {
			b.Fatal(err)
		}
	}
}
