package compile_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// TestCompileReusing compiles a chain of scenarios, each reusing the model before it
// (shapes change from one built-in scenario to the next; Monte Carlo draws of one keep
// it), and checks every model against fresh compiles over the same and over a separately
// loaded dataset, and their runs, by a fresh engine and by one rebound from model to model.
func TestCompileReusing(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	ds2, err := world.Load(world.EmbeddedLayer())
	if err != nil {
		t.Fatal(err)
	}
	all, err := scenario.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	type named struct {
		name string
		sc   *scenario.Scenario
	}
	var builtins, draws []named
	for _, sc := range all {
		resolved, err := scenario.Resolve(sc, scenario.Builtin)
		if err != nil {
			t.Fatalf("%s: resolve: %v", sc.Name, err)
		}
		builtins = append(builtins, named{sc.Name, resolved})
		if n := len(montecarlo.Inputs(resolved)); n > 0 && len(draws) < 8 {
			u := make([]float64, n)
			for rep := range 3 {
				draws = append(draws, named{fmt.Sprintf("%s draw %d", sc.Name, rep), montecarlo.Draw(resolved, 7, rep, u)})
			}
		}
	}
	if len(draws) == 0 {
		t.Fatal("no built-in scenario has uncertain inputs")
	}
	// Variants of another shape: a shorter horizon, a country the data does not have.
	short, extra := *builtins[0].sc, *builtins[0].sc
	short.End = short.Start + 59
	first, err := compile.Compile(ds, builtins[0].sc)
	if err != nil {
		t.Fatal(err)
	}
	extra.Tariffs = append(slices.Clip(extra.Tariffs), scenario.Tariff{Importer: "ISL", Exporter: extra.Rival,
		Products: []string{first.Products()[0].ID}, RatePct: scenario.Fix(25)})
	builtins = append(builtins, named{"short", &short}, named{"extra country", &extra})
	// Every built-in in turn, back in reverse, each twice in a row, then Monte Carlo runs.
	chain := slices.Concat(builtins, draws)
	chain = append(chain, builtins[len(builtins)-1])
	for i := len(builtins) - 1; i >= 0; i-- {
		chain = append(chain, builtins[i], builtins[i])
	}
	chain = append(chain, draws...)
	if testing.Short() {
		chain = chain[:len(builtins)+len(draws)]
	}

	var old *sim.Model
	var eng *sim.Engine // rebound from model to model, as a Monte Carlo worker does
	shapes := map[[3]int]bool{}
	for _, s := range chain {
		fresh, err := compile.Compile(ds, s.sc)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		other, err := compile.Compile(ds2, s.sc)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		m, err := compile.CompileReusing(ds, s.sc, old)
		if err != nil {
			t.Fatalf("%s: reusing: %v", s.name, err)
		}
		if m == old {
			t.Fatalf("%s: CompileReusing returned old", s.name)
		}
		if !reflect.DeepEqual(fresh, other) {
			t.Fatalf("%s: models over two loads of the dataset differ", s.name)
		}
		if !reflect.DeepEqual(m, fresh) {
			t.Fatalf("%s: model compiled reusing the previous one differs from a fresh compile", s.name)
		}
		if !reflect.DeepEqual(m, other) {
			t.Fatalf("%s: model compiled reusing the previous one differs from one over another load", s.name)
		}
		shapes[[3]int{len(m.Products()), len(m.Countries()), m.Months()}] = true

		want := sim.NewResult(fresh)
		sim.NewEngine(fresh).Run(want)
		got := sim.NewResult(m)
		sim.NewEngine(m).Run(got)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: run of the model compiled reusing differs", s.name)
		}
		if eng == nil || !eng.Use(m) {
			eng = sim.NewEngine(m)
		}
		got = sim.NewResult(m)
		eng.Run(got)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: run of the model compiled reusing, by a rebound engine, differs", s.name)
		}
		// The model is immutable: running it changed nothing.
		if !reflect.DeepEqual(m, fresh) {
			t.Fatalf("%s: running the model compiled reusing changed it", s.name)
		}
		old = m
	}
	t.Logf("shapes (products, countries, months): %v", shapes)
	if len(shapes) < 2 {
		t.Errorf("the chain kept one shape %v: reuse across shapes is untested", shapes)
	}
}
