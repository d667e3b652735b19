package report

import (
	"fmt"
	"slices"

	"github.com/critmin/critmin/internal/result"
)

// focusProducts returns the final products the verdict leads with: those the scenario's
// elements name (result.Run.ScenarioProducts), directly or through a stage of their
// supply chain (the road's stages), so that a gallium and germanium case speaks of
// gallium and germanium before the magnets and tungsten the baseline carries (trial 6).
// Nil, for every product, when the scenario names none (the baseline itself).
func focusProducts(r *result.Run) map[string]bool {
	if len(r.ScenarioProducts) == 0 {
		return nil
	}
	named := func(id string) bool { return slices.Contains(r.ScenarioProducts, id) }
	focus := map[string]bool{}
	for _, p := range finalProducts(r) {
		if id := r.Products[p].ID; named(id) {
			focus[id] = true
		}
	}
	for _, sc := range r.Summary.Road {
		if named(sc.Stage) {
			focus[sc.Product] = true
		}
	}
	return focus
}

// inFocus reports whether final product id is among focus (focusProducts), nil standing
// for every product.
func inFocus(focus map[string]bool, id string) bool { return focus == nil || focus[id] }

// otherProductsSentence is the verdict's one sentence on the final products the importer
// demands that the scenario's elements do not touch (focusProducts): whether their supply
// becomes free of the rival, after the sentences on the products the scenario is about.
// Empty when every product is in focus.
func otherProductsSentence(ids *pageCtx, r *result.Run, focus map[string]bool) string {
	if focus == nil {
		return ""
	}
	var free, never []string
	for _, pm := range r.Summary.IndependenceByProduct {
		if inFocus(focus, pm.Product) {
			continue
		}
		name := productNameByID(r, pm.Product)
		if pm.Month == nil {
			never = append(never, name)
		} else {
			free = append(free, name+" from "+monthString(*pm.Month))
		}
	}
	if len(free)+len(never) == 0 {
		return ""
	}
	imp, riv := possessive(ids.country(r.Importer)), ids.country(r.Rival)
	var parts []string
	if len(free) > 0 {
		parts = append(parts, "becomes free of "+riv+" for "+joinAnd(free))
	}
	if len(never) > 0 {
		parts = append(parts, "is not free of "+riv+" within the horizon for "+joinAnd(never))
	}
	return fmt.Sprintf("Of the final products the scenario does not touch, %s supply %s (road and headline tables).",
		imp, joinAnd(parts))
}
