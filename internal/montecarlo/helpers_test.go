package montecarlo

import (
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// builtinStudy returns a study of a built-in scenario over the embedded data.
func builtinStudy(tb testing.TB, name string, seed uint64, reps, batch int) *Study {
	tb.Helper()
	ds, err := world.Default()
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := scenario.Builtin(name)
	if err != nil {
		tb.Fatal(err)
	}
	if sc, err = scenario.Resolve(sc, scenario.Builtin); err != nil {
		tb.Fatal(err)
	}
	return &Study{World: ds, Scenario: sc, Seed: seed, Replications: reps, BatchSize: batch}
}

// fixtureStudy returns a study of testdata/scenarios/uncertain.yaml.
func fixtureStudy(tb testing.TB, seed uint64, reps, batch int) *Study {
	tb.Helper()
	ds, err := world.Default()
	if err != nil {
		tb.Fatal(err)
	}
	env := scenario.Env{World: ds, Products: scenario.WorldCatalogue(ds)}
	env.Base = scenario.NewLibrary(scenario.BuiltinFiles(), "builtin", env).Scenario
	sc, err := scenario.Load("testdata/scenarios/uncertain.yaml", env)
	if err != nil {
		tb.Fatal(err)
	}
	if sc, err = scenario.Resolve(sc, env.Base); err != nil {
		tb.Fatal(err)
	}
	return &Study{World: ds, Scenario: sc, Seed: seed, Replications: reps, BatchSize: batch}
}
