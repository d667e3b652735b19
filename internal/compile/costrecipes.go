package compile

import (
	"slices"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/world"
)

// CostRecipes returns, per product of the run that a one-output recipe makes, the inputs
// that recipe takes per tonne of it: the process's default recipe (sim_recipes.csv,
// country "all"), kept only when every country that runs the process in the data uses
// the same inputs, so that one set of coefficients prices the product's inputs in either
// market. Joint recipes (a separation line's co-products) are left out: the cost of
// their feed splits across their outputs by no rule the model has. The report compares
// each product's price with the cost of these inputs (report.PriceInversions).
func CostRecipes(ds *world.Dataset, r *result.Run) []result.PlantInput {
	b := baseOf(ds)
	simulated := map[string]bool{}
	for _, info := range r.Products {
		simulated[info.ID] = true
	}
	var out []result.PlantInput
	for _, info := range r.Products {
		proc, ok := b.processOf[info.ID]
		if !ok {
			continue
		}
		ins, ok := oneOutputInputs(ds.SimRecipe(proc, world.AllKey), info.ID, simulated)
		if !ok || len(ins) == 0 {
			continue
		}
		same := true
		for _, p := range b.procs {
			if p.Process != proc {
				continue
			}
			if own, ok := oneOutputInputs(b.recipes[[2]string{proc, p.Country}], info.ID, simulated); !ok || !slices.Equal(own, ins) {
				same = false
				break
			}
		}
		if same {
			out = append(out, ins...)
		}
	}
	return out
}

// oneOutputInputs returns the inputs of recipe rows per tonne of main, in row order;
// ok is false when the recipe has an output other than main or an input the run does not
// simulate (and so has no price for).
func oneOutputInputs(rows []world.SimRecipe, main string, simulated map[string]bool) (ins []result.PlantInput, ok bool) {
	for _, row := range rows {
		switch row.Direction {
		case world.Out:
			if row.Product != main {
				return nil, false
			}
		case world.In:
			if row.TPerTMain <= 0 {
				continue
			}
			if !simulated[row.Product] {
				return nil, false
			}
			ins = append(ins, result.PlantInput{Product: main, Input: row.Product, TPerT: row.TPerTMain})
		}
	}
	return ins, true
}
