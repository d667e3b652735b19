package montecarlo

import (
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// frozenProducts marks the products of m that no replication can change, or returns nil
// when there are none: the products that no element of sc names nor shares a process with
// one that is named (compile.Touched, sim.Model.Linked). Their results come from the world
// data alone, the same in every replication, so a replication need not simulate them: it
// keeps their rows from the point run. An uncertain model parameter acts on every product,
// and then nothing is frozen.
//
// Freezing changes no number a study reports: every product's series, the costs and the
// summary are those of a full run (TestFrozenMatchesExact).
func frozenProducts(ds *world.Dataset, sc *scenario.Scenario, m *sim.Model, inputs []Input) []bool {
	for _, in := range inputs {
		if strings.HasPrefix(in.Path, "parameters.") && uncertain(in.Param, in.Delay) {
			return nil
		}
	}
	touched := compile.Touched(ds, sc)
	seeds := make([]bool, len(m.Products()))
	for p, info := range m.Products() {
		_, seeds[p] = slices.BinarySearch(touched, info.ID)
	}
	live := m.Linked(seeds)
	frozen := make([]bool, len(live))
	any := false
	for p, l := range live {
		frozen[p] = !l
		any = any || !l
	}
	if !any {
		return nil
	}
	return frozen
}
