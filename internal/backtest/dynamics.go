package backtest

import (
	"fmt"
	"strings"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/dynamics"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// CheckDynamics runs the invariants of internal/dynamics on the embedded scenarios with
// the parameters override sets in place of the data's defaults and returns the first violations, or
// nil: under apr2025-licensing, a policy that stops changing in 2025-07, every price is
// damped from 2026-01 and settled over the last three years of a run to 2035-12; after
// a six-month squeeze, with thrift off, every series is back near the baseline within
// dynamics.RecoveryMonths; a US magnet plant added to the baseline with no control
// leaves every final product's outside price within dynamics.PlantTolerance of the
// baseline's at the end; and in every built-in run to 2040-12, no price swing grows
// once its policy and capacity stop changing. The calibration search keeps only points
// that pass, and internal/compile's tests assert the same on the data's defaults.
func CheckDynamics(ds *world.Dataset, env scenario.Env, override scenario.Parameters) error {
	run := func(body string) (*sim.Result, *scenario.Scenario, error) {
		sc, err := scenario.Parse("dynamics.yaml", []byte(body), env)
		if err == nil {
			sc, err = scenario.Resolve(sc, env.Base)
		}
		if err != nil {
			return nil, nil, err
		}
		// The override stands for the data's defaults: what a scenario sets itself (the
		// recovery runs switch thrift off) wins, as it does over sim_parameters.csv.
		sc.Parameters = overlay(override, sc.Parameters)
		_, r, err := compile.Run(ds, sc, compile.RunOptions{})
		return r, sc, err
	}
	const header = "name: dynamics\nimporter: USA\nrival: CHN\nstart: 2025-01\n"
	fail := func(what string, bad []string) error {
		return fmt.Errorf("%s: %s", what, strings.Join(bad[:min(3, len(bad))], "; "))
	}

	r, _, err := run(header + "end: 2035-12\nextends: apr2025-licensing\n")
	if err != nil {
		return err
	}
	if bad := dynamics.Undamped(r, 2026*12-int(r.Start), true); len(bad) > 0 {
		return fail("apr2025-licensing not damped", bad)
	}

	noThrift := header + "end: 2035-12\nextends: baseline-2025\nparameters:\n  long_run_demand_elasticity: 0\n"
	base, _, err := run(noThrift)
	if err != nil {
		return err
	}
	squeezed, _, err := run(noThrift + dynamics.SqueezeControl)
	if err != nil {
		return err
	}
	if back := dynamics.RecoveredFrom(base, squeezed, dynamics.SqueezeEnded); back-dynamics.SqueezeEnded > dynamics.RecoveryMonths {
		return fmt.Errorf("a six-month squeeze: back near the baseline only %d months after it ended (at most %d): %s",
			back-dynamics.SqueezeEnded, dynamics.RecoveryMonths, dynamics.FirstGap(base, squeezed, dynamics.SqueezeEnded+dynamics.RecoveryMonths))
	}

	withDefaults := header + "end: 2035-12\nextends: baseline-2025\n"
	plainBase, _, err := run(withDefaults)
	if err != nil {
		return err
	}
	planted, _, err := run(withDefaults + dynamics.PlantProjects)
	if err != nil {
		return err
	}
	if bad := dynamics.UnfedPlantRise(plainBase, planted); len(bad) > 0 {
		return fail("a US magnet plant with no control", bad)
	}

	builtins, err := scenario.Builtins()
	if err != nil {
		return err
	}
	for _, b := range builtins {
		r, sc, err := run(header + "end: 2040-12\nextends: " + b.Name + "\n")
		if err != nil {
			return err
		}
		if from, ok := dynamics.SettledFrom(r, sc); ok {
			if bad := dynamics.Undamped(r, from, false); len(bad) > 0 {
				return fail(b.Name+" not damped", bad)
			}
		}
	}
	return nil
}
