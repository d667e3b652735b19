package world

import (
	"fmt"
	"math"
	"sort"
)

// massBalanceTolerance is how far a mass-balanced recipe's inputs may differ from its
// outputs plus losses, relative to the inputs: coefficients are written to six significant
// digits.
const massBalanceTolerance = 1e-4

// checkSim applies the rules of the simulation tables that span rows.
func (l *loader) checkSim(s *simData) {
	main := map[string]SimProcess{} // process -> first row, for its main product
	for _, p := range s.processes {
		if f, ok := main[p.Process]; ok && f.MainProduct != p.MainProduct {
			l.probs.add(&FieldError{File: p.Origin.File, Line: p.Origin.Line, Field: "main_product",
				Rule: fmt.Sprintf("process %s has main product %s here but %s at %s", p.Process, p.MainProduct, f.MainProduct, f.Origin)})
			continue
		}
		if _, ok := main[p.Process]; !ok {
			main[p.Process] = p
		}
	}
	keys := make([]string, 0, len(s.recipeOf))
	for k := range s.recipeOf {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rows := s.recipeOf[k]
		p, ok := main[rows[0].Process]
		if !ok {
			l.groupError(rows[0].Origin, recipeOrigins(rows), "recipe of unknown process %q (no row in sim_processes.csv)", rows[0].Process)
			continue
		}
		l.checkRecipe(rows, p.MainProduct)
	}
	for _, p := range s.processes {
		if _, own := s.recipeOf[join(p.Process, p.Country)]; own {
			continue
		}
		if _, def := s.recipeOf[join(p.Process, AllKey)]; !def {
			l.probs.add(&FieldError{File: p.Origin.File, Line: p.Origin.Line,
				Rule: fmt.Sprintf("process %s in %s has no recipe (no %s or all rows in sim_recipes.csv)", p.Process, p.Country, p.Country)})
		}
	}
}

func recipeOrigins(rows []SimRecipe) []Origin {
	os := make([]Origin, len(rows))
	for i, r := range rows {
		os[i] = r.Origin
	}
	return os
}

// checkRecipe checks one complete recipe (one process and country): the main product is
// its reference unit, a joint recipe states its losses, and a recipe with losses balances.
func (l *loader) checkRecipe(rows []SimRecipe, mainProduct string) {
	what := fmt.Sprintf("recipe of %s in %s", rows[0].Process, rows[0].Country)
	origins := recipeOrigins(rows)
	var in, out, loss float64
	outs, losses, mainOut := 0, 0, 0
	for _, r := range rows {
		switch r.Direction {
		case In:
			in += r.TPerTMain
			if r.Product == mainProduct {
				l.groupError(r.Origin, origins, "%s: the main product %s cannot be an input", what, mainProduct)
			}
		case Out:
			out += r.TPerTMain
			outs++
			if r.Product == mainProduct {
				mainOut++
				if r.TPerTMain != 1 {
					l.groupError(r.Origin, origins, "%s: the main product's out coefficient is the reference unit and must be 1, got %g", what, r.TPerTMain)
				}
			}
		case Loss:
			loss += r.TPerTMain
			losses++
		}
	}
	switch {
	case mainOut == 0:
		l.groupError(rows[0].Origin, origins, "%s has no out row for its main product %s (coefficient 1)", what, mainProduct)
	case outs > 1 && losses == 0:
		l.groupError(rows[0].Origin, origins, "%s is joint (%d outputs) and needs an explicit loss row so that inputs = outputs + losses", what, outs)
	case losses > 0 && math.Abs(in-out-loss) > massBalanceTolerance*in:
		l.groupError(rows[0].Origin, origins, "mass balance off: %s has inputs %g t but outputs %g t + losses %g t per t %s",
			what, round(in), round(out), round(loss), mainProduct)
	}
}
