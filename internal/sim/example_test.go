package sim_test

import (
	"fmt"

	"github.com/critmin/critmin/internal/sim"
)

// A one-product world: CHN and AUS mine x, USA buys 60/40 from them. CHN bans exports to
// USA from March; two months later (the qualification lag) USA buys from CAN, whose unsold
// output has piled up.
func Example() {
	start := sim.MonthOf(2025, 1)
	b := sim.NewBuilder(sim.Header{Scenario: "example", Start: start, Months: 6, Importer: "USA", Rival: "CHN"})
	p := sim.DefaultParams()
	p.QualificationLagMonths = 2
	p.TargetStockMonths = 0
	p.DemandElasticity = 0
	b.SetParams(p)
	b.AddCountry("USA", "CHN", "AUS", "CAN")
	b.AddSector("ev")
	b.AddProduct(sim.Product{ID: "x/mine", Basis: "x", PriceUSDPerKg: 10, Final: true})
	for _, mine := range []struct {
		country  string
		capacity float64
	}{{"CHN", 60}, {"AUS", 40}, {"CAN", 50}} {
		b.AddProcess(sim.Process{ID: "mine", Country: mine.country, CapacityTPerMonth: mine.capacity, Utilisation: 1,
			Outputs: []sim.Flow{{Product: "x/mine", TPerUnit: 1}}, ExternalInputT: 1})
	}
	b.SetSourcingWeight("x/mine", "USA", "CHN", 60)
	b.SetSourcingWeight("x/mine", "USA", "AUS", 40)
	b.AddDemand(sim.Demand{Region: "USA", Product: "x/mine", Sector: "ev", TPerMonth: 100})
	b.AddControl(sim.Control{ID: "ban", Product: "x/mine", Exporter: "CHN", Kind: sim.Ban,
		Windows: []sim.Window{{Start: start + 2}}})
	m, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	r := sim.NewResult(m)
	sim.Run(m, r)
	for t := range r.Months {
		fmt.Printf("%s supply %3.0f shortfall %3.0f rival-free %3.0f\n", r.Start+sim.Month(t), r.Supply[t][0], r.Shortfall[t][0], r.RivalFree[t][0])
	}
	fmt.Println("independence:", r.Summary.Independence)
	// Output:
	// 2025-01 supply 100 shortfall   0 rival-free  40
	// 2025-02 supply 100 shortfall   0 rival-free  40
	// 2025-03 supply  40 shortfall  60 rival-free  40
	// 2025-04 supply  40 shortfall  60 rival-free  40
	// 2025-05 supply 100 shortfall   0 rival-free 100
	// 2025-06 supply 100 shortfall   0 rival-free 100
	// independence: <nil>
}
