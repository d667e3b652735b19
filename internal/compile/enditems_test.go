package compile

import (
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

// TestEndItemsWithinBuildRate runs every built-in scenario and checks that no defense
// programme loses more units than it builds over the horizon at its cited build rate,
// nor builds more in a month than it delivers.
func TestEndItemsWithinBuildRate(t *testing.T) {
	eachBuiltin(t, func(t *testing.T, _ *sim.Model, r *sim.Result) {
		programmes := 0
		for k, e := range r.EndItems {
			if e.SectorOrDefense() != sim.DefenseSector {
				continue
			}
			if e.UnitsPerYear <= 0 {
				t.Errorf("defense end item %s has no build rate", e.ID)
				continue
			}
			programmes++
			built := e.UnitsPerYear * float64(r.Months) / 12
			for _, lost := range []float64{r.Summary.EndItemsLostLow[e.ID], r.Summary.EndItemsLostHigh[e.ID]} {
				if lost > built*(1+1e-9) {
					t.Errorf("%s: %.1f units lost, more than the %.1f the programme builds in %d months", e.ID, lost, built, r.Months)
				}
			}
			for month := range r.Months {
				if u := r.EndItemsLow[month][k]; u > e.UnitsPerYear/12*(1+1e-9) {
					t.Errorf("%s: %.2f units buildable in month %d, above the build rate %.2f/month", e.ID, u, month, e.UnitsPerYear/12)
					break
				}
			}
		}
		if programmes == 0 {
			t.Error("no defense programme among the end items")
		}
	})
}
