package compile

import (
	"slices"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// node maps a country of the data or a scenario to its model node: the EU27 group and
// every member state are one node, EURegion, because the data gives EU demand only for the
// group and a member's plants must be able to serve it as home demand; other countries are
// their own nodes.
func (c *compiler) node(s string) string {
	if s == "EU27" || c.ds.InGroup(s, "EU27") {
		return EURegion
	}
	return s
}

// nodeProcesses returns the baseline processes with EU members merged into EURegion:
// capacities and productions add up; the merged row keeps the first member's citation.
func (c *compiler) nodeProcesses() []world.SimProcess {
	rows := c.ds.SimProcesses()
	out := rows[:0] // merging only drops rows, so the copy is reused in place
	at := make(map[[2]string]int, len(rows))
	for _, p := range rows {
		p.Country = c.node(p.Country)
		k := [2]string{p.Process, p.Country}
		if i, ok := at[k]; ok {
			out[i].CapacityTPerYear += p.CapacityTPerYear
			out[i].ProductionTPerYear += p.ProductionTPerYear
			continue
		}
		at[k] = len(out)
		out = append(out, p)
	}
	return out
}

// nodeScenario returns a copy of sc whose countries are model nodes, so that every event
// naming an EU member (a plant in Germany, exports toward Estonia) acts on EURegion.
func (c *compiler) nodeScenario(sc *scenario.Scenario) *scenario.Scenario {
	n := *sc
	one := func(s *string) { *s = c.node(*s) }
	list := func(ss []string) []string {
		out := make([]string, 0, len(ss))
		for _, s := range ss {
			if s = c.node(s); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		return out
	}
	one(&n.Importer)
	one(&n.Rival)
	n.Controls = slices.Clone(sc.Controls)
	for i := range n.Controls {
		x := &n.Controls[i]
		one(&x.Exporter)
		x.Destinations, x.Except = list(x.Destinations), list(x.Except)
	}
	n.Tariffs = slices.Clone(sc.Tariffs)
	for i := range n.Tariffs {
		one(&n.Tariffs[i].Importer)
		one(&n.Tariffs[i].Exporter)
	}
	n.Outages = slices.Clone(sc.Outages)
	for i := range n.Outages {
		one(&n.Outages[i].Country)
	}
	n.DemandGrowth = slices.Clone(sc.DemandGrowth)
	for i := range n.DemandGrowth {
		one(&n.DemandGrowth[i].Importer)
	}
	n.Projects = slices.Clone(sc.Projects)
	for i := range n.Projects {
		p := &n.Projects[i]
		one(&p.Country)
		if p.Offtake != nil {
			o := *p.Offtake
			one(&o.Buyer)
			p.Offtake = &o
		}
	}
	n.EmergencyPowers = slices.Clone(sc.EmergencyPowers)
	for i := range n.EmergencyPowers {
		one(&n.EmergencyPowers[i].Country)
	}
	n.Stockpiles = slices.Clone(sc.Stockpiles)
	for i := range n.Stockpiles {
		one(&n.Stockpiles[i].Holder)
	}
	n.Inventories = slices.Clone(sc.Inventories)
	for i := range n.Inventories {
		one(&n.Inventories[i].Country)
	}
	n.Offtakes = slices.Clone(sc.Offtakes)
	for i := range n.Offtakes {
		one(&n.Offtakes[i].Buyer)
		one(&n.Offtakes[i].Seller)
	}
	n.Recycling = slices.Clone(sc.Recycling)
	for i := range n.Recycling {
		one(&n.Recycling[i].Country)
	}
	n.Substitution = slices.Clone(sc.Substitution)
	for i := range n.Substitution {
		one(&n.Substitution[i].Importer)
	}
	n.PriceFloors = slices.Clone(sc.PriceFloors)
	for i := range n.PriceFloors {
		one(&n.PriceFloors[i].Payer)
		n.PriceFloors[i].Producers = list(n.PriceFloors[i].Producers)
	}
	n.Priority = slices.Clone(sc.Priority)
	for i := range n.Priority {
		one(&n.Priority[i].Importer)
	}
	return &n
}
