package compile

import (
	"math"
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

// TestRoadNeedIgnoresThePriceResponse runs apr2025-licensing, whose prices cut US magnet
// demand, against baseline-2025, and checks that the road sets every stage's capacity
// against the same need in both: demand destroyed by scarcity prices is not a stage
// covered, so a control cannot bring the road forward (a new-user trial found Japan's
// magnet chain "covered" under licensing and "never" in its baseline, with the same
// capacity).
func TestRoadNeedIgnoresThePriceResponse(t *testing.T) {
	run := func(name string) *sim.Result {
		m := builtinModel(t, name)
		r := sim.NewResult(m)
		sim.Run(m, r)
		return r
	}
	base, ctl := run("baseline-2025"), run("apr2025-licensing")
	cut := false
	for _, d := range ctl.Summary.DemandResponse {
		if d.Product == "ndfeb/magnet" {
			cut = d.AtRunPrices < 0.95*d.AtBaselinePrice
		}
	}
	if !cut {
		t.Fatal("apr2025-licensing no longer cuts US magnet demand by 5 %: the test needs a run whose prices cut demand")
	}
	need := map[[2]string]float64{}
	for _, s := range base.Summary.Road {
		need[[2]string{s.Product, s.Stage}] = s.NeedTPerYear
	}
	for _, s := range ctl.Summary.Road {
		want, ok := need[[2]string{s.Product, s.Stage}]
		if !ok {
			t.Errorf("%s %s: on the road under licensing, not in the baseline", s.Product, s.Stage)
			continue
		}
		if math.Abs(s.NeedTPerYear-want) > 1e-9*want {
			t.Errorf("%s %s: need %g t/yr under licensing, %g in the baseline", s.Product, s.Stage, s.NeedTPerYear, want)
		}
	}
}

// TestRoadOthersNeed: the road sets beside each stage what the countries other than the
// importer and the rival need of it for their own demand of the product: at the final
// stage their demand of it in the data (magnets: EU27, JPN and ROW), and at every stage
// below in the same ratio to the importer's need, since the chain is linear in demand.
func TestRoadOthersNeed(t *testing.T) {
	ds, _ := testEnv(t)
	m := builtinModel(t, "baseline-2025")
	r := sim.NewResult(m)
	sim.Run(m, r)
	want, year := 0.0, 0
	for _, d := range ds.SimDemand() {
		year = max(year, d.Year)
	}
	for _, d := range ds.SimDemand() {
		if d.Year == year && d.Product == "ndfeb/magnet" && d.Importer != "USA" && d.Importer != "CHN" {
			want += d.TPerYear
		}
	}
	var ratio float64
	for _, s := range r.Summary.Road {
		if s.Product != "ndfeb/magnet" {
			continue
		}
		if s.Stage == "ndfeb/magnet" {
			if math.Abs(s.OthersNeedTPerYear-want) > 1e-9*want {
				t.Errorf("magnets: others' need %g t/yr, want the data's %g", s.OthersNeedTPerYear, want)
			}
			ratio = s.OthersNeedTPerYear / s.NeedTPerYear
			continue
		}
		if got := s.OthersNeedTPerYear / s.NeedTPerYear; math.Abs(got-ratio) > 1e-9*ratio {
			t.Errorf("%s: others' need / need = %g, want the final stage's %g", s.Stage, got, ratio)
		}
	}
	if ratio <= 0 {
		t.Fatal("no magnet stage on the road")
	}
}
