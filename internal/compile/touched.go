package compile

import (
	"slices"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// Touched returns the IDs of the simulation products that some element of a resolved
// scenario names (a material stands for all its stages): controls, tariffs, outages,
// demand growth, projects, stockpiles, inventories, offtakes, recycling, substitution and
// price floors. Emergency powers act through projects and suspensions through controls,
// so their products are already among those. Priorities and parameters name no product:
// they act on every product, with numbers a caller must check separately.
//
// Products that no element names, nor shares a process with one that is named
// (sim.Model.Linked), run from the world data alone: whatever numbers the scenario's
// elements take, their results stay the same.
func Touched(ds *world.Dataset, sc *scenario.Scenario) []string {
	c := &compiler{products: ds.SimProducts()}
	var out []string
	add := func(names ...string) { out = append(out, c.productIDs(names)...) }
	for _, x := range sc.Controls {
		add(x.Products...)
	}
	for _, x := range sc.Tariffs {
		add(x.Products...)
	}
	for _, x := range sc.Outages {
		add(x.Products...)
	}
	for _, x := range sc.DemandGrowth {
		add(x.Products...)
	}
	for _, x := range sc.Projects {
		add(x.Product)
	}
	for _, x := range sc.Stockpiles {
		add(x.Product)
	}
	for _, x := range sc.Inventories {
		add(x.Products...)
	}
	for _, x := range sc.Offtakes {
		add(x.Product)
	}
	for _, x := range sc.Recycling {
		add(x.Product)
	}
	for _, x := range sc.Substitution {
		add(x.Product)
	}
	for _, x := range sc.PriceFloors {
		add(x.Product)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
