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
func node(ds *world.Dataset, s string) string {
	if s == "EU27" || ds.InGroup(s, "EU27") {
		return EURegion
	}
	return s
}

func (c *compiler) node(s string) string { return node(c.ds, s) }

// nodeProcesses returns the baseline processes with EU members merged into EURegion:
// capacities and productions add up; the merged row keeps the first member's citation.
func nodeProcesses(ds *world.Dataset) []world.SimProcess {
	rows := ds.SimProcesses()
	out := rows[:0] // merging only drops rows, so the copy is reused in place
	at := make(map[[2]string]int, len(rows))
	for _, p := range rows {
		p.Country = node(ds, p.Country)
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
// naming an EU member (a plant in Germany, exports toward Estonia) acts on EURegion. Lists
// that need no change are shared with sc; the compiler never modifies either.
func (c *compiler) nodeScenario(sc *scenario.Scenario) *scenario.Scenario {
	n := *sc
	// one sets a country to its node and reports whether that changed it.
	one := func(s *string) bool {
		node := c.node(*s)
		changed := node != *s
		*s = node
		return changed
	}
	// list returns the nodes of countries, each once: ss itself if that changes nothing.
	list := func(ss []string) ([]string, bool) {
		for i, s := range ss {
			if c.node(s) != s || slices.Contains(ss[:i], s) {
				out := make([]string, 0, len(ss))
				for _, s := range ss {
					if s = c.node(s); !slices.Contains(out, s) {
						out = append(out, s)
					}
				}
				return out, true
			}
		}
		return ss, false
	}
	one(&n.Importer)
	one(&n.Rival)
	n.Controls = remap(sc.Controls, func(x *scenario.Control) bool {
		changed := one(&x.Exporter)
		var d, e bool
		x.Destinations, d = list(x.Destinations)
		x.Except, e = list(x.Except)
		return changed || d || e
	})
	n.Tariffs = remap(sc.Tariffs, func(x *scenario.Tariff) bool {
		i, e := one(&x.Importer), one(&x.Exporter)
		return i || e
	})
	n.Outages = remap(sc.Outages, func(x *scenario.Outage) bool { return one(&x.Country) })
	n.DemandGrowth = remap(sc.DemandGrowth, func(x *scenario.DemandGrowth) bool { return one(&x.Importer) })
	n.Projects = remap(sc.Projects, func(p *scenario.Project) bool {
		changed := one(&p.Country)
		if p.Offtake != nil && c.node(p.Offtake.Buyer) != p.Offtake.Buyer {
			o := *p.Offtake
			one(&o.Buyer)
			p.Offtake = &o
			changed = true
		}
		return changed
	})
	n.EmergencyPowers = remap(sc.EmergencyPowers, func(x *scenario.EmergencyPower) bool { return one(&x.Country) })
	n.Stockpiles = remap(sc.Stockpiles, func(x *scenario.Stockpile) bool { return one(&x.Holder) })
	n.Inventories = remap(sc.Inventories, func(x *scenario.Inventory) bool { return one(&x.Country) })
	n.Offtakes = remap(sc.Offtakes, func(x *scenario.Offtake) bool {
		b, s := one(&x.Buyer), one(&x.Seller)
		return b || s
	})
	n.Recycling = remap(sc.Recycling, func(x *scenario.Recycling) bool { return one(&x.Country) })
	n.Substitution = remap(sc.Substitution, func(x *scenario.Substitution) bool { return one(&x.Importer) })
	n.PriceFloors = remap(sc.PriceFloors, func(x *scenario.PriceFloor) bool {
		payer := one(&x.Payer)
		var producers bool
		x.Producers, producers = list(x.Producers)
		return payer || producers
	})
	n.Priority = remap(sc.Priority, func(x *scenario.Priority) bool { return one(&x.Importer) })
	return &n
}

// remap applies fix to each element of a list, copy on write: it returns list itself when
// fix, which reports whether it changed an element, changes none, else a copy.
func remap[T any](list []T, fix func(*T) bool) []T {
	if len(list) == 0 {
		return list
	}
	x := new(T) // fix works on a copy until it changes an element
	for i := range list {
		*x = list[i]
		if fix(x) {
			out := slices.Clone(list)
			out[i] = *x
			for j := i + 1; j < len(out); j++ {
				fix(&out[j])
			}
			return out
		}
	}
	return list
}
