package compile

import (
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// RunOptions tune Run. The zero value compiles into a new model and runs it on a new
// engine into a new result, without progress.
type RunOptions struct {
	// Reuse, when not nil, carries the model, engine and result of the previous Run made
	// with it into this one, which takes over their memory where the shapes allow (as
	// the replications of one scenario have): the model through CompileReusing, the
	// engine through sim.Engine.Use, the result when it has the model's months,
	// products and countries. The result returned is then Reuse's, overwritten by the
	// next Run with the same Reuse. One Reuse serves one goroutine.
	Reuse *Reuse
	// Model, when not nil, is sc already compiled against ds (by Compile): Run runs it
	// instead of compiling sc again, so that a scenario compiled to check it (as the
	// server does at submit) is compiled once. Run takes it over: with a Reuse, the next
	// Run compiles into its memory.
	Model *sim.Model
	// Progress, when not nil, is called after each simulated month with the months done
	// and the total.
	Progress func(done, total int)
}

// Reuse is what consecutive Runs on one goroutine hand on to each other; its zero value
// is ready to use.
type Reuse struct {
	m   *sim.Model
	e   *sim.Engine
	res *sim.Result
}

// Run compiles sc against ds and simulates it from its start to its end: the one way
// the program compiles and runs a scenario (the CLI's run, the server's runs, the point
// run of a Monte Carlo study, the planner's replications). It returns the model with the
// result. Errors are Compile's (none when opts.Model is given).
func Run(ds *world.Dataset, sc *scenario.Scenario, opts RunOptions) (*sim.Model, *sim.Result, error) {
	w := opts.Reuse
	if w == nil {
		w = &Reuse{}
	}
	m := opts.Model
	if m == nil {
		// The previous model is done with: its memory takes the new one.
		var err error
		m, err = CompileReusing(ds, sc, w.m)
		w.m = m
		if err != nil {
			w.e = nil // its model was given away
			return nil, nil, err
		}
	} else {
		w.m = m
	}
	if w.res == nil || w.res.Months != m.Months() || len(w.res.Products) != len(m.Products()) || len(w.res.Countries) != len(m.Countries()) {
		w.res = sim.NewResult(m)
	}
	if w.e == nil || !w.e.Use(m) {
		w.e = sim.NewEngine(m)
	}
	w.e.RunWithProgress(w.res, opts.Progress)
	return m, w.res, nil
}
