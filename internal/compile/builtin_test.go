package compile

import (
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// TestBuiltinScenarios compiles and runs every built-in scenario over the embedded data and
// checks the engine's invariants on each: mass balance, no negative stock, shares summing
// to one, shortfall = demand - supply. It also runs each twice and requires identical
// results.
func TestBuiltinScenarios(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	all, err := scenario.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 10 {
		t.Fatalf("only %d built-in scenarios", len(all))
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
			if err := sim.CheckInvariants(m, r); err != nil {
				t.Errorf("invariants: %v", err)
			}
			again := sim.NewResult(m)
			sim.Run(m, again)
			if !equalResults(r, again) {
				t.Error("two runs of the same model differ")
			}
			s := r.Summary
			t.Logf("peak shortfall %.3f (%s), months short %d, independence %v, cost %.0f MUSD, max residual %.2g",
				s.PeakShortfallShare, s.PeakShortfallProduct, s.MonthsShort, s.Independence, s.TotalCostMUSD, s.MaxMassBalance)
		})
	}
}

// eachBuiltin resolves, compiles and runs every built-in scenario over the embedded data,
// and hands each model and result to check in a subtest named after the scenario.
func eachBuiltin(t *testing.T, check func(t *testing.T, m *sim.Model, r *sim.Result)) {
	t.Helper()
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
			m, r, err := Run(ds, resolved, RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			check(t, m, r)
		})
	}
}

func equalResults(a, b *sim.Result) bool {
	for i := range a.Supply {
		for j := range a.Supply[i] {
			if a.Supply[i][j] != b.Supply[i][j] || a.PriceOut[i][j] != b.PriceOut[i][j] {
				return false
			}
		}
	}
	return a.Summary.TotalCostMUSD == b.Summary.TotalCostMUSD && a.Summary.MonthsShort == b.Summary.MonthsShort
}

// TestStepDoesNotAllocateOnRealModel checks the hot loop on the full embedded world, not
// only on the engine's synthetic models.
func TestStepDoesNotAllocateOnRealModel(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenario.Builtin("us-response-package")
	sc, _ = scenario.Resolve(sc, scenario.Builtin)
	m, err := Compile(ds, sc)
	if err != nil {
		t.Fatal(err)
	}
	e := sim.NewEngine(m)
	r := sim.NewResult(m)
	if allocs := testing.AllocsPerRun(20, func() {
		if e.Month() >= m.Months() {
			e.Reset()
		}
		e.Step(r)
	}); allocs != 0 {
		t.Errorf("Step allocates %v times per month", allocs)
	}
}
