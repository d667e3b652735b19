package compile

import (
	"reflect"
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

// TestMassBalanceOff checks that turning the mass balance off (as Monte Carlo does)
// changes no other figure of a run, and leaves the Result's MassBalance rows as they were.
func TestMassBalanceOff(t *testing.T) {
	for _, name := range []string{"us-response-package", "baseline-2025", "apr2025-licensing"} {
		m := builtinModel(t, name)
		on, off := sim.NewResult(m), sim.NewResult(m)
		sim.Run(m, on)
		e := sim.NewEngine(m)
		e.RecordMassBalance(false)
		e.Run(off)
		for tm, v := range off.MassBalance {
			if v != 0 {
				t.Fatalf("%s: month %d: mass balance %g written while off", name, tm, v)
			}
		}
		copy(off.MassBalance, on.MassBalance)
		off.Summary.MaxMassBalance = on.Summary.MaxMassBalance
		if !reflect.DeepEqual(on, off) {
			t.Errorf("%s: results differ with the mass balance off", name)
		}
	}
}
