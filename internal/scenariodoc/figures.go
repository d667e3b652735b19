package scenariodoc

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// Seed and Replications define the Monte Carlo study of the response scenarios, the one
// 'critmin run NAME --runs 200 --seed 7' repeats; two studies of 200 replications keep
// the generator, and the test that runs it, to a couple of seconds.
const (
	Seed         = 7
	Replications = 200
)

// responses are the scenarios whose reach the document sets side by side.
var responses = []string{"us-response-package", "allied-buildout"}

// doubtfulProject names the project the document asks "what if it is never built" of:
// Lynas Texas, whose CEO said it "might not proceed" (docs/scenarios.md, assumption 23).
// Every project whose name starts with it is left out of that run.
const doubtfulProject = "Lynas Texas"

// Figures are the runs the generated sections read.
type Figures struct {
	// Builtins are the deterministic runs of every built-in scenario, in name order.
	Builtins []*result.Run
	// Responses are the response scenarios, in the order of responses.
	Responses []Response
	// Stocks are the built-ins that touch the magnet chain, rerun at other starting
	// stocks of magnets.
	Stocks *StockSensitivity
}

// Response is one response scenario: its deterministic run, its Monte Carlo aggregate,
// and two variants (without the doubtful project; without price-triggered entry).
type Response struct {
	Run       *result.Run
	MC        *montecarlo.Aggregate
	NoProject *result.Run
	NoEntry   *result.Run
}

// Collect runs every built-in scenario once, the response scenarios' variants once, the
// built-ins that touch the magnet chain at other starting stocks of magnets, and the
// response scenarios' Monte Carlo studies; the last two on workers goroutines (neither
// the runs nor the aggregates depend on their number).
func Collect(ctx context.Context, ds *world.Dataset, env scenario.Env, workers int) (*Figures, error) {
	names, err := scenario.NewLibrary(scenario.BuiltinFiles(), "builtin", env).Names()
	if err != nil {
		return nil, err
	}
	f := &Figures{}
	byName := map[string]*scenario.Scenario{}
	for _, name := range names {
		sc, err := builtin(env, name)
		if err != nil {
			return nil, err
		}
		byName[name] = sc
		r, err := run(ds, sc)
		if err != nil {
			return nil, err
		}
		f.Builtins = append(f.Builtins, r)
	}
	if f.Stocks, err = stockSensitivity(ds, names, byName, f.Builtins, workers); err != nil {
		return nil, err
	}
	for _, name := range responses {
		sc, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("no built-in scenario %s", name)
		}
		resp := Response{Run: f.Builtins[slices.Index(names, name)]}
		if resp.MC, err = monteCarlo(ctx, ds, sc, workers); err != nil {
			return nil, err
		}
		noProject, err := without(sc, doubtfulProject)
		if err != nil {
			return nil, err
		}
		if resp.NoProject, err = run(ds, noProject); err != nil {
			return nil, err
		}
		if resp.NoEntry, err = run(ds, withoutEntry(sc)); err != nil {
			return nil, err
		}
		f.Responses = append(f.Responses, resp)
	}
	return f, nil
}

func builtin(env scenario.Env, name string) (*scenario.Scenario, error) {
	sc, err := env.Base(name)
	if err != nil {
		return nil, err
	}
	return scenario.Resolve(sc, env.Base)
}

func run(ds *world.Dataset, sc *scenario.Scenario) (*result.Run, error) {
	_, r, err := compile.Run(ds, sc, compile.RunOptions{})
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", sc.Name, err)
	}
	return result.FromSim(r), nil
}

func monteCarlo(ctx context.Context, ds *world.Dataset, sc *scenario.Scenario, workers int) (*montecarlo.Aggregate, error) {
	study := &montecarlo.Study{World: ds, Scenario: sc, Seed: Seed, Replications: Replications}
	layout, err := study.Layout()
	if err != nil {
		return nil, fmt.Errorf("monte carlo %s: %w", sc.Name, err)
	}
	p, err := montecarlo.Run(ctx, study, workers, nil)
	if err != nil {
		return nil, fmt.Errorf("monte carlo %s: %w", sc.Name, err)
	}
	return montecarlo.Summarize(layout, p), nil
}

// without is sc less every project whose name starts with prefix, and the correlations
// that name one; an error when there is none, so a renamed project fails the generator
// instead of quietly leaving the run unchanged.
func without(sc *scenario.Scenario, prefix string) (*scenario.Scenario, error) {
	v := *sc
	v.Projects = nil
	for _, p := range sc.Projects {
		if !strings.HasPrefix(p.Name, prefix) {
			v.Projects = append(v.Projects, p)
		}
	}
	if len(v.Projects) == len(sc.Projects) {
		return nil, fmt.Errorf("%s: no project whose name starts with %q", sc.Name, prefix)
	}
	v.Correlations = nil
	for _, c := range sc.Correlations {
		if !strings.Contains(strings.Join(c.Params, " "), "projects["+prefix) {
			v.Correlations = append(v.Correlations, c)
		}
	}
	return &v, nil
}

// withoutEntry is sc with price-triggered entry off: the scenario's own capacity alone.
func withoutEntry(sc *scenario.Scenario) *scenario.Scenario {
	v := *sc
	off := scenario.Fix(0)
	v.Parameters.EntryElasticity = &off
	return &v
}
