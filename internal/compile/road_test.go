package compile

import (
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// TestBuiltinRoad runs every built-in scenario and checks that, for every final product
// the importer demands, the road to independence either covers every stage of its chain
// from some month or names a binding stage with a positive gap.
func TestBuiltinRoad(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	all, err := scenario.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range all {
		t.Run(sc.Name, func(t *testing.T) {
			resolved, err := scenario.Resolve(sc, scenario.Builtin)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Compile(ds, resolved)
			if err != nil {
				t.Fatal(err)
			}
			r := sim.NewResult(m)
			sim.Run(m, r)
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
}
