package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/progress"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

type runOptions struct {
	out string
	// Monte Carlo (cmd_run_mc.go), when runs > 1.
	runs    int
	seed    uint64
	workers int
	nats    string // with runs > 1: run the batches on `critmin worker`s through this NATS server
	// natsTimeout bounds the wait for a result while no worker holds a batch (0: none).
	natsTimeout time.Duration
}

func newRunCommand(g *globalOptions) *cobra.Command {
	var opts runOptions
	cmd := &cobra.Command{
		Use:   "run NAME|FILE",
		Short: "Simulate a scenario month by month and summarise who runs short, when and at what cost",
		Long: `Simulate a built-in scenario (see 'critmin scenarios') or a scenario file over the
world data, month by month (docs/model.md), and print its summary: a verdict in words,
then "About the data behind these figures:" (what the data and the model leave out for
this run: capacity others need too, import origins against trade data, estimated demand,
stages not simulated), the scenario parts that cannot act, the point values, and the
tables: the peak shortfall and its month, months short, end items lost, prices, the
stockpile exhaustion month, the month of independence from the rival, the road to
independence and the cost of the responses.

Quantities are metric tonnes of each product's basis per month; prices USD/kg inside
and outside the rival's market; costs million USD. --json prints the whole result with
every monthly series and the summary in words ("verdict"); --csv prints the monthly series in long format (one row per month,
measure and key); --out FILE writes a self-contained HTML report with charts (no network
needed to view it).

--runs N (N > 1) runs N Monte Carlo replications instead, each drawing the scenario's
uncertain numbers (distributions, project delay risks) from a generator seeded by
(--seed, replication), on --workers goroutines; the aggregates (mean, P5/P50/P95 per
month, probability of a shortfall, milestone distributions, sensitivity) are identical
for the same seed whatever the number of workers. Ctrl-C stops and prints what finished.
With --nats URL the batches run on 'critmin worker --nats URL' processes, on any
machines, with the same output (docs/montecarlo.md); run the same command again to
resume collecting a run that was stopped. When no result arrives for --nats-timeout
while no worker holds a batch (no 'critmin worker' runs), the command fails saying so;
the batches stay queued and running it again resumes.

Exit codes: 0 success, 1 failure, 2 usage error (unknown scenario name), 3 invalid
scenario or data (messages name file, line, column and field).`,
		Example: "  critmin run apr2025-licensing\n  critmin run us-response-package --out report.html\n  critmin run my-scenario.yaml --csv > series.csv\n  critmin run us-response-package --runs 1000 --seed 7 --out mc.html",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd.Context(), g, opts, args[0], cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.out, "out", "", "also write a self-contained HTML report to this file")
	cmd.Flags().IntVar(&opts.runs, "runs", 1, "Monte Carlo replications; above 1, draw the scenario's uncertain numbers in each")
	cmd.Flags().Uint64Var(&opts.seed, "seed", 1, "with --runs: seed of the replications' generators")
	cmd.Flags().IntVar(&opts.workers, "workers", 0, "with --runs: goroutines running replications (0: GOMAXPROCS, one per CPU)")
	cmd.Flags().DurationVar(&opts.natsTimeout, "nats-timeout", time.Minute, "with --nats: fail when no result arrives for this long while no worker holds a batch (0: wait for ever)")
	cmd.Flags().StringVar(&opts.nats, "nats", "", "with --runs: run the batches on 'critmin worker' processes through this NATS JetStream server (URL) instead of in this process")
	return cmd
}

// simulation is one scenario run with its provenance.
type simulation struct {
	Result       *result.Run
	ScenarioFile string // "builtin" or the file path
	ScenarioHash string // of the resolved scenario, as JSON
	DataVersion  string
	// Scenario is the resolved scenario that ran.
	Scenario *scenario.Scenario
	// countryName names the countries of the run's world data.
	countryName func(iso3 string) string
}

func runRun(ctx context.Context, g *globalOptions, opts runOptions, arg string, w io.Writer) error {
	if opts.runs < 1 {
		return usagef("--runs: must be >= 1, got %d", opts.runs)
	}
	if err := checkOut(opts.out); err != nil {
		return err
	}
	if opts.runs > 1 {
		return runMC(ctx, g, opts, arg, w)
	}
	s, err := simulate(g, arg)
	if err != nil {
		return err
	}
	caveats := report.PointCaveats(s.Scenario)
	if opts.out != "" {
		if err := writeHTMLFile(opts.out, func(f io.Writer) error {
			return report.WriteRunHTML(f, s.Result, report.HTMLOptions{Generator: "critmin " + version, Provenance: s.provenance(),
				CountryName: s.countryName, Caveats: caveats, Scenario: s.Scenario})
		}); err != nil {
			return err
		}
	}
	if g.csv {
		return report.RunMonthlyCSV(w, s.Result)
	}
	out := report.RunSummary(s.Result)
	out.Lead = s.Result.Verdict
	return report.Write(w, g.format(), out)
}

func (s simulation) provenance() []report.Fact {
	return []report.Fact{{Name: "Scenario file", Value: s.ScenarioFile}, {Name: "Scenario hash", Value: s.ScenarioHash},
		{Name: "World data version", Value: s.DataVersion}}
}

// simulate loads, compiles and runs a scenario named by a built-in name or a file path.
func simulate(g *globalOptions, arg string) (simulation, error) {
	ds, err := g.simDataset()
	if err != nil {
		return simulation{}, err
	}
	sc, file, err := loadScenario(ds, arg)
	if err != nil {
		return simulation{}, err
	}
	r, err := runWithProgress(g, ds, sc)
	if err != nil {
		return simulation{}, err
	}
	run := result.FromSim(r)
	run.TradeOrigins = compile.TradeOrigins(ds, sc, run)
	run.DemandBasis = compile.DemandBasis(ds, run)
	run.UnsimulatedStages = compile.UnsimulatedStages(ds, run)
	run.ShareChecks = compile.ShareChecks(ds, run)
	run.ScenarioProducts = compile.Touched(ds, sc)
	run.LicensedFlows = compile.LicensedFlows(ds, sc, run)
	run.IdleCapacity = compile.IdleCapacity(ds, run)
	run.StartingStocks = compile.StartingStocks(ds, sc, run)
	run.PlantInputs = compile.PlantInputs(ds, sc, run)
	run.InertTariffs = compile.InertTariffs(ds, sc, run)
	run.CostRecipes = compile.CostRecipes(ds, run)
	run.Verdict = report.RunLead(run, sc)
	return simulation{Result: run, Scenario: sc, ScenarioFile: file, ScenarioHash: scenario.Hash(sc), DataVersion: ds.Version, countryName: ds.CountryName}, nil
}

// scenarioEnv checks scenarios against ds; 'extends' names built-ins checked the same way.
func scenarioEnv(ds *world.Dataset) scenario.Env {
	env := scenario.Env{World: ds, Products: scenario.WorldCatalogue(ds)}
	env.Base = scenario.NewLibrary(scenario.BuiltinFiles(), "builtin", env).Scenario
	return env
}

// loadScenario reads a scenario file (an argument ending in .yaml or .yml, or naming an
// existing file) or a built-in scenario, and resolves what it extends.
func loadScenario(ds *world.Dataset, arg string) (*scenario.Scenario, string, error) {
	env := scenarioEnv(ds)
	var sc *scenario.Scenario
	var err error
	file := "builtin/" + arg + ".yaml"
	if isFile(arg) {
		file = arg
		if _, err := os.Stat(arg); errors.Is(err, fs.ErrNotExist) {
			return nil, "", usagef("scenario file %q: no such file (built-in names are listed by 'critmin scenarios')", arg)
		}
		sc, err = scenario.Load(arg, env)
	} else {
		sc, err = env.Base(arg)
		if errors.Is(err, scenario.ErrNotFound) {
			return nil, "", usagef("unknown scenario %q: not a built-in (see 'critmin scenarios') and no such file", arg)
		}
	}
	if err != nil {
		return nil, "", err
	}
	resolved, err := scenario.Resolve(sc, env.Base)
	if err != nil {
		return nil, "", err
	}
	return resolved, file, nil
}

func isFile(arg string) bool {
	if ext := strings.ToLower(filepath.Ext(arg)); ext == ".yaml" || ext == ".yml" {
		return true
	}
	st, err := os.Stat(arg)
	return err == nil && !st.IsDir()
}

// reportPerm is the mode of report files: readable by all, like any document.
const reportPerm = 0o644

// checkOut checks an --out path before any work starts: its directory must exist and take
// a new file, and the path must not be a directory. "" is no report.
func checkOut(path string) error {
	if path == "" {
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return usagef("--out %s: is a directory; give a file name such as %s", path, filepath.Join(path, "report.html"))
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("--out %s: directory %s does not exist", path, dir)
	case err != nil:
		return usagef("--out %s: %v", path, err)
	case !st.IsDir():
		return usagef("--out %s: %s is not a directory", path, dir)
	}
	probe, err := os.CreateTemp(dir, ".critmin-report-*")
	if err != nil {
		return usagef("--out %s: cannot write to directory %s: %v", path, dir, errors.Unwrap(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// writeHTMLFile writes a report through a temporary file, so a failed write never leaves a
// truncated report behind. The report gets mode reportPerm.
func writeHTMLFile(path string, render func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".critmin-report-*")
	if err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := render(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := tmp.Chmod(reportPerm); err != nil {
		tmp.Close()
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	return nil
}

// runWithProgress compiles and runs sc, drawing a progress line on standard error when
// it is a terminal and the run lasts long enough to need one; standard output stays
// clean.
func runWithProgress(g *globalOptions, ds *world.Dataset, sc *scenario.Scenario) (*sim.Result, error) {
	if !isTerminal(g.stderr) {
		_, r, err := compile.Run(ds, sc, compile.RunOptions{})
		return r, err
	}
	bar := progress.New(g.stderr, "run "+sc.Name, "months", time.Now)
	_, r, err := compile.Run(ds, sc, compile.RunOptions{Progress: bar.Update})
	bar.Done()
	return r, err
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
