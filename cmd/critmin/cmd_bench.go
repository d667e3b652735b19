package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/nats-io/nats.go"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/montecarlo/natsexec"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

type benchOptions struct {
	runs   int
	probe  bool
	mcRuns int
	nats   string
}

func newBenchCommand(g *globalOptions) *cobra.Command {
	opts := benchOptions{runs: 30}
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure start-up time and the time of all risk lenses for the main importers",
		Long: `Measure, on this machine:

  - start-up: wall time of starting this binary, loading and validating the embedded
    data, and exiting (a child process per run); target under 100 ms;
  - data load: loading and validating the embedded data in process;
  - lenses: every lens (concentration, reliance, EU CRM, USGS, GeoPolRisk, chained
    exposure) over every commodity for one importer, for each importer with an import
    reliance (USA, EU27) and for JPN, which has none (BACI gives some 200 importers, whose
    lenses do the same work);
    target under 50 ms per importer;
  - simulation: compiling the rare-earth response scenario (us-response-package) over
    the full embedded world, one deterministic 132-month run of it (target under
    0.75 ms, three times the engine's arithmetic floor; docs/performance.md), and the
    heap allocations of one monthly step (target 0);
  - Monte Carlo: --mc-replications replications of the same scenario with 1 and 2
    in-process workers and, with --nats, with 2 workers over NATS JetStream, as
    replications/s and replication-months/s (the target of 10,000 replications in 4 s
    on 2 workers is 2,500 replications/s), the speed-up of 2 workers over 1 (target at
    least 1.9) and the time 10,000 replications take at the 2-worker rate (target under
    4 s).

Each timing is the median and 90th percentile over --runs runs, in the unit its row
names (ms for times); each Monte Carlo rate is one study of --mc-replications
replications (its runs column counts them, and median and p90 are the same figure), and
the 10,000-replication time is extrapolated from the 2-worker rate. docs/performance.md
says where the time goes and what missed targets would take.
For allocation counts use 'go test -bench . ./internal/...'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.probe {
				_, err := world.Load(world.EmbeddedLayer())
				return err
			}
			return runBench(cmd.Context(), g, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().IntVar(&opts.runs, "runs", opts.runs, "runs per measurement")
	cmd.Flags().IntVar(&opts.mcRuns, "mc-replications", 1000, "replications of the Monte Carlo figures (0 skips them)")
	cmd.Flags().StringVar(&opts.nats, "nats", "", "also measure 2 Monte Carlo workers over this NATS JetStream server (nats://host:port)")
	cmd.Flags().BoolVar(&opts.probe, "startup-probe", false, "load the embedded data and exit (what the start-up measurement runs)")
	_ = cmd.Flags().MarkHidden("startup-probe")
	return cmd
}

// timing is one measured figure.
type timing struct {
	Name string `json:"name"`
	Runs int    `json:"runs"`
	// Unit is "ms" for times; "reps/s", "months/s", "ratio" and "s" for the Monte Carlo
	// figures; "count" for the allocation figure, whose Median and P90
	// then hold the count and whose target is exactly TargetMS.
	Unit     string  `json:"unit"`
	MedianMS float64 `json:"median"`
	P90MS    float64 `json:"p90"`
	TargetMS float64 `json:"target,omitempty"`
	Met      *bool   `json:"met,omitempty"`
}

func measure(name string, runs int, targetMS float64, fn func() error) (timing, error) {
	d := make([]float64, 0, runs)
	for range runs {
		start := time.Now()
		if err := fn(); err != nil {
			return timing{}, fmt.Errorf("%s: %w", name, err)
		}
		d = append(d, float64(time.Since(start))/float64(time.Millisecond))
	}
	slices.Sort(d)
	t := timing{Name: name, Runs: runs, Unit: "ms", MedianMS: d[len(d)/2], P90MS: d[(len(d)*9)/10], TargetMS: targetMS}
	if targetMS > 0 {
		met := t.MedianMS < targetMS
		t.Met = &met
	}
	return t, nil
}

func runBench(ctx context.Context, g *globalOptions, opts benchOptions, w io.Writer) error {
	if opts.runs < 1 {
		return usagef("--runs must be at least 1, got %d", opts.runs)
	}
	ds, err := g.dataset()
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own executable: %w", err)
	}
	var out []timing
	add := func(t timing, err error) error {
		out = append(out, t)
		return err
	}
	if err := add(measure("start-up: binary with embedded data", opts.runs, 100, func() error {
		return exec.CommandContext(ctx, exe, "bench", "--startup-probe").Run()
	})); err != nil {
		return err
	}
	if err := add(measure("data load (in process)", opts.runs, 0, func() error {
		_, err := world.Load(world.EmbeddedLayer())
		return err
	})); err != nil {
		return err
	}
	importers := benchImporters(ds)
	for _, imp := range importers {
		if err := add(measure("all lenses, all commodities, importer "+imp, opts.runs, 50, func() error {
			allLenses(ds, imp)
			return nil
		})); err != nil {
			return err
		}
	}
	if err := add(measure(fmt.Sprintf("all lenses, all commodities, the %d importers above", len(importers)), opts.runs, 0, func() error {
		for _, imp := range importers {
			allLenses(ds, imp)
		}
		return nil
	})); err != nil {
		return err
	}
	sims, err := benchSimulation(ds, opts.runs)
	if err != nil {
		return err
	}
	out = append(out, sims...)
	if opts.mcRuns > 0 {
		mc, err := benchMonteCarlo(ctx, ds, opts)
		if err != nil {
			return err
		}
		out = append(out, mc...)
	}
	t := &report.Table{
		Title: fmt.Sprintf("critmin bench: %d commodities, data %s", len(ds.Commodities), ds.Version),
		Columns: []report.Column{{Name: "measure"}, {Name: "runs", Right: true}, {Name: "median", Right: true},
			{Name: "p90", Right: true}, {Name: "unit"}, {Name: "target", Right: true}, {Name: "met"}},
		Notes: []string{
			"timings: median and 90th percentile over the runs column's runs",
			"monte carlo: one study each, of the runs column's replications, so median and p90 are one figure; the 10,000-replication time is extrapolated from the 2-worker rate",
			"targets missed and what would close them: docs/performance.md",
		},
	}
	for _, m := range out {
		target, met := "", ""
		if m.Met != nil {
			target, met = "< "+report.Num(m.TargetMS, 2), map[bool]string{true: "yes", false: "no"}[*m.Met]
			switch m.Unit {
			case "count":
				target = "= " + report.Num(m.TargetMS, 0)
			case "reps/s":
				target = ">= " + report.Num(m.TargetMS, 0)
			case "ratio":
				target = ">= " + report.Num(m.TargetMS, 1)
			}
		}
		t.Add(m.Name, fmt.Sprint(m.Runs), report.Num(m.MedianMS, 3), report.Num(m.P90MS, 3), m.Unit, target, met)
	}
	return report.Write(w, g.format(), report.Output{Value: out, Tables: []*report.Table{t}})
}

// benchScenario is the scenario the simulation figures use: the rare-earth response
// package over the full world data.
const benchScenario = "us-response-package"

func benchSimulation(ds *world.Dataset, runs int) ([]timing, error) {
	sc, _, err := loadScenario(ds, benchScenario)
	if err != nil {
		return nil, err
	}
	var m *sim.Model
	compiled, err := measure("simulation: compile "+benchScenario, runs, 0, func() error {
		m, err = compile.Compile(ds, sc)
		return err
	})
	if err != nil {
		return nil, err
	}
	e := sim.NewEngine(m)
	r := sim.NewResult(m)
	ran, err := measure(fmt.Sprintf("simulation: one %d-month run of %s", m.Months(), benchScenario), runs, compile.RunTargetMS, func() error {
		e.Run(r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Allocations of the hot loop, counted by the runtime over whole runs of steps.
	e.Reset()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for e.Month() < m.Months() {
		e.Step(r)
	}
	runtime.ReadMemStats(&after)
	perStep := float64(after.Mallocs-before.Mallocs) / float64(m.Months())
	met := perStep == 0
	allocs := timing{Name: "simulation: heap allocations per monthly step", Runs: 1, Unit: "count", MedianMS: perStep, P90MS: perStep, Met: &met}
	return []timing{compiled, ran, allocs}, nil
}

// allLenses computes every lens over every commodity for one importer: what the lens
// benchmark and its target cover.
func allLenses(ds *world.Dataset, importer string) {
	risk.Overview(ds, importer, 0)
	risk.EUCRM(ds, 0)
}

// benchMonteCarlo measures replications per second of the benchmark scenario: in process
// with 1 and 2 workers, and with 2 NATS workers when opts.nats is set. Each figure is one
// study of opts.mcRuns replications (seed 1).
func benchMonteCarlo(ctx context.Context, ds *world.Dataset, opts benchOptions) ([]timing, error) {
	sc, _, err := loadScenario(ds, benchScenario)
	if err != nil {
		return nil, err
	}
	study := func() *montecarlo.Study {
		return &montecarlo.Study{World: ds, Scenario: sc, Seed: 1, Replications: opts.mcRuns}
	}
	months := 0
	if m, err := compile.Compile(ds, sc); err == nil {
		months = m.Months()
	}
	// rate measures a study; only a rate on montecarlo.TargetWorkers workers has a target.
	rate := func(name string, workers int, fn func() error) (timing, timing, error) {
		start := time.Now()
		if err := fn(); err != nil {
			return timing{}, timing{}, fmt.Errorf("%s: %w", name, err)
		}
		perSec := float64(opts.mcRuns) / time.Since(start).Seconds()
		reps := timing{Name: name + ": replications per second", Runs: opts.mcRuns, Unit: "reps/s", MedianMS: perSec, P90MS: perSec}
		if workers == montecarlo.TargetWorkers {
			met := perSec >= montecarlo.TargetReplicationsPerSecond
			reps.TargetMS, reps.Met = montecarlo.TargetReplicationsPerSecond, &met
		}
		rm := timing{Name: name + ": replication-months per second", Runs: opts.mcRuns, Unit: "months/s", MedianMS: perSec * float64(months), P90MS: perSec * float64(months)}
		return reps, rm, nil
	}
	// Warm up first (the dataset's compile cache, the heap, the CPU's caches), so that
	// the first measured rate is not the only one paying for them.
	warm := study()
	warm.Replications = min(opts.mcRuns, 200)
	if _, err := montecarlo.Run(ctx, warm, 2, nil); err != nil {
		return nil, fmt.Errorf("monte carlo warm-up: %w", err)
	}
	var out []timing
	var perSec [3]float64
	for _, workers := range []int{1, 2} {
		r, rm, err := rate(fmt.Sprintf("monte carlo, %d local worker(s)", workers), workers, func() error {
			_, err := montecarlo.Run(ctx, study(), workers, nil)
			return err
		})
		if err != nil {
			return nil, err
		}
		perSec[workers] = r.MedianMS
		out = append(out, r, rm)
	}
	// The targets derived from the rates above: 2 workers at least TargetSpeedUp times as
	// fast as 1, and 10,000 replications within TargetSeconds10k at the 2-worker rate.
	speedUp := perSec[2] / perSec[1]
	metSpeedUp := speedUp >= montecarlo.TargetSpeedUp
	out = append(out, timing{Name: "monte carlo: speed-up of 2 local workers over 1", Runs: opts.mcRuns, Unit: "ratio",
		MedianMS: speedUp, P90MS: speedUp, TargetMS: montecarlo.TargetSpeedUp, Met: &metSpeedUp})
	tenK := 10000 / perSec[2]
	metTenK := tenK < montecarlo.TargetSeconds10k
	out = append(out, timing{Name: "monte carlo: 10,000 replications, extrapolated from the 2-worker rate", Runs: opts.mcRuns, Unit: "s",
		MedianMS: tenK, P90MS: tenK, TargetMS: montecarlo.TargetSeconds10k, Met: &metTenK})
	if opts.nats != "" {
		r, rm, err := rate("monte carlo, 2 NATS workers", 2, func() error { return benchNATS(ctx, ds, opts.nats, study()) })
		if err != nil {
			return nil, err
		}
		out = append(out, r, rm)
	}
	return out, nil
}

// benchNATS runs a study with 2 workers over NATS in a throw-away namespace, deleted after.
func benchNATS(ctx context.Context, ds *world.Dataset, url string, s *montecarlo.Study) error {
	nc, err := nats.Connect(url)
	if err != nil {
		return fmt.Errorf("connect to NATS: %w", err)
	}
	defer nc.Close()
	ns := fmt.Sprintf("critmin-bench-%d", time.Now().UnixNano())
	defer natsexec.DeleteNamespace(context.WithoutCancel(ctx), nc, ns)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	for i := range 2 {
		go natsexec.Work(wctx, nc, natsexec.WorkOptions{Namespace: ns, Name: fmt.Sprintf("bench-%d", i), World: ds})
	}
	_, err = natsexec.Submit(ctx, nc, s, natsexec.SubmitOptions{Namespace: ns})
	return err
}

// benchImporters are the importers the lens timing covers: those with an import reliance
// (the full set of lenses: USA, EU27) and EU27 and JPN whatever they have, when the data
// has them. Timing all ~200 BACI importers would only repeat the same figure.
func benchImporters(ds *world.Dataset) []string {
	var out []string
	for _, r := range ds.Reliance {
		if !slices.Contains(out, r.Importer) {
			out = append(out, r.Importer)
		}
	}
	for _, imp := range []string{"EU27", "JPN"} {
		if slices.Contains(ds.Importers(), imp) && !slices.Contains(out, imp) {
			out = append(out, imp)
		}
	}
	slices.Sort(out)
	return out
}
