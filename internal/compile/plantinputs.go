package compile

import (
	"slices"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// PlantInputs returns, per product of the run that the importer's plants make, the
// inputs of the recipe they run per tonne of it: the importer's own process of the
// product in the data, else the process with a default recipe that a project of the
// scenario builds there (projectProcess). A project of a product no process makes as
// its main product builds a dedicated plant fed from outside the model, which has no
// input to name. The report's idle-capacity sentence sets what reached the importer of
// each input against what its idle plants need.
func PlantInputs(ds *world.Dataset, sc *scenario.Scenario, r *result.Run) []result.PlantInput {
	b := baseOf(ds)
	var out []result.PlantInput
	for _, info := range r.Products {
		proc, own := b.ownProcessOf[[2]string{info.ID, r.Importer}]
		if !own {
			projected := slices.ContainsFunc(sc.Projects, func(p scenario.Project) bool {
				return node(ds, p.Country) == r.Importer && p.Product == info.ID
			})
			var ok bool
			if proc, ok = b.processOf[info.ID]; !projected || !ok {
				continue
			}
		}
		rows := b.recipes[[2]string{proc, r.Importer}]
		if !own {
			rows = ds.SimRecipe(proc, r.Importer)
		}
		for _, row := range rows {
			if row.Direction == world.In && row.TPerTMain > 0 {
				out = append(out, result.PlantInput{Product: info.ID, Input: row.Product, TPerT: row.TPerTMain})
			}
		}
	}
	return out
}
