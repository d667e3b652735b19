package compile

import (
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// RunOptions tune Run. The zero value runs into a new result without progress.
type RunOptions struct {
	// Into, when it has the shape of the compiled model (months, products, countries:
	// the result of an earlier replication of the same scenario), receives the result
	// instead of a new one, which saves its allocation; otherwise a new one is made.
	Into *sim.Result
	// Progress, when not nil, is called after each simulated month with the months done
	// and the total.
	Progress func(done, total int)
}

// Run compiles sc against ds and simulates it from its start to its end: the one way
// the program compiles and runs a scenario (the CLI's run, the server's runs, the point
// run of a Monte Carlo study, the planner's replications). It returns the model with the
// result. Errors are Compile's.
func Run(ds *world.Dataset, sc *scenario.Scenario, opts RunOptions) (*sim.Model, *sim.Result, error) {
	m, err := Compile(ds, sc)
	if err != nil {
		return nil, nil, err
	}
	out := opts.Into
	if out == nil || out.Months != m.Months() || len(out.Products) != len(m.Products()) || len(out.Countries) != len(m.Countries()) {
		out = sim.NewResult(m)
	}
	sim.NewEngine(m).RunWithProgress(out, opts.Progress)
	return m, out, nil
}
