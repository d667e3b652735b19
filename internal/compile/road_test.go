package compile

import (
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

// TestBuiltinRoad runs every built-in scenario and checks that, for every final product
// the importer demands, the road to independence either covers every stage of its chain
// from some month or names a binding stage with a positive gap.
func TestBuiltinRoad(t *testing.T) {
	eachBuiltin(t, func(t *testing.T, _ *sim.Model, r *sim.Result) {
		s := r.Summary
		blocked := map[string]bool{}
		for _, b := range s.Blocked {
			if b.GapTPerYear <= 0 {
				t.Errorf("%s blocked at %s with gap %g t/yr", b.Product, b.Stage, b.GapTPerYear)
			}
			blocked[b.Product] = true
		}
		for _, pm := range s.IndependenceByProduct {
			stages, open := 0, false
			for _, sc := range s.Road {
				if sc.Product == pm.Product {
					stages++
					open = open || sc.Month == nil
				}
			}
			switch {
			case stages == 0:
				t.Errorf("%s: no stage on the road", pm.Product)
			case open && !blocked[pm.Product]:
				t.Errorf("%s: a stage is never covered but nothing is named binding", pm.Product)
			case !open && blocked[pm.Product]:
				t.Errorf("%s: every stage covered yet named blocked", pm.Product)
			}
		}
	})
}
