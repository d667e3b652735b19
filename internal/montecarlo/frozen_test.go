package montecarlo

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
)

// TestFrozenMatchesExact runs every built-in scenario as a small study twice, once running
// every product in every replication and once with the products no uncertain number
// reaches frozen, and requires bit-identical partial aggregates: freezing is an exact
// shortcut, and compile.Touched misses no product a draw can change.
func TestFrozenMatchesExact(t *testing.T) {
	all, err := scenario.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	anyFrozen := false
	for _, sc := range all {
		t.Run(sc.Name, func(t *testing.T) {
			const reps = 12
			fast := builtinStudy(t, sc.Name, 3, reps, 4)
			exact := builtinStudy(t, sc.Name, 3, reps, 4)
			exact.exact = true
			pf, err := Run(context.Background(), fast, 2, nil)
			if err != nil {
				t.Fatal(err)
			}
			pe, err := Run(context.Background(), exact, 2, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(pf, pe) {
				t.Errorf("frozen and exact studies differ")
			}
			plan, _ := fast.prepare()
			var names []string
			for p, f := range plan.frozen {
				if f {
					names = append(names, plan.point.Products()[p].ID)
				}
			}
			anyFrozen = anyFrozen || len(names) > 0
			t.Logf("frozen: %s", strings.Join(names, ", "))
		})
	}
	if !anyFrozen {
		t.Error("no built-in scenario froze a product: the shortcut is not exercised")
	}
}

// TestFrozenResponsePackage pins what the rare-earth response study freezes: the chains the
// scenario never names (its antimony stockpile keeps antimony live).
func TestFrozenResponsePackage(t *testing.T) {
	s := builtinStudy(t, "us-response-package", 1, 1, 1)
	plan, err := s.prepare()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p, f := range plan.frozen {
		if f {
			got = append(got, plan.point.Products()[p].ID)
		}
	}
	want := []string{"gallium/refined", "germanium/refined", "graphite/mine", "tungsten/mine"}
	if !slices.Equal(got, want) {
		t.Errorf("frozen = %v, want %v", got, want)
	}
}

// TestFreezeRefusesLinkedOrNamed checks that an engine will not freeze a product that
// shares a process with a live one or that a scenario element names.
func TestFreezeRefusesLinkedOrNamed(t *testing.T) {
	s := builtinStudy(t, "us-response-package", 1, 1, 1)
	m, err := compile.Compile(s.World, s.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		products []string
		want     string
	}{
		{[]string{"ndfeb/magnet"}, "one frozen and one not"},
		// Refining links antimony/mine and antimony/refined: both are frozen so that the
		// stockpile (of refined antimony) is what refuses.
		{[]string{"antimony/mine", "antimony/refined"}, "a stockpile names it"},
	} {
		frozen := make([]bool, len(m.Products()))
		for p, info := range m.Products() {
			frozen[p] = slices.Contains(tc.products, info.ID)
		}
		err := sim.NewEngine(m).Freeze(frozen)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("freeze %v: error %v, want one containing %q", tc.products, err, tc.want)
		}
	}
}

// TestEngineUseMatchesNewEngine runs drawn models of every built-in scenario on one
// engine, rebinding it with Use, and requires the results of a fresh engine per model.
func TestEngineUseMatchesNewEngine(t *testing.T) {
	all, err := scenario.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range all {
		s := builtinStudy(t, sc.Name, 5, 4, 4)
		u := make([]float64, len(Inputs(s.Scenario)))
		var reused *sim.Engine
		for i := range 4 {
			m, err := compile.Compile(s.World, Draw(s.Scenario, s.Seed, i, u))
			if err != nil {
				t.Fatal(err)
			}
			want, got := sim.NewResult(m), sim.NewResult(m)
			sim.NewEngine(m).Run(want)
			if reused == nil || !reused.Use(m) {
				reused = sim.NewEngine(m)
			}
			reused.Run(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s replication %d: reused engine's result differs from a new engine's", sc.Name, i)
			}
		}
	}
	// A model of another shape is refused.
	a := builtinStudy(t, "baseline-2025", 1, 1, 1)
	b := builtinStudy(t, "us-response-package", 1, 1, 1)
	ma, err := compile.Compile(a.World, a.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := compile.Compile(b.World, b.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	if sim.NewEngine(ma).Use(mb) {
		t.Error("Use accepted a model of another shape")
	}
}
