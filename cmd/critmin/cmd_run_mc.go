package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/progress"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// runMC runs opts.runs replications of a scenario with its uncertain numbers drawn from
// opts.seed on opts.workers goroutines and prints the aggregates. Interrupted (Ctrl-C), it
// prints the aggregate of the replications that finished and returns an error saying how
// many did.
func runMC(ctx context.Context, g *globalOptions, opts runOptions, arg string, w io.Writer) error {
	if opts.workers < 0 {
		return usagef("--workers: must be >= 0 (0: one per CPU), got %d", opts.workers)
	}
	ds, err := g.simDataset()
	if err != nil {
		return err
	}
	sc, file, err := loadScenario(ds, arg)
	if err != nil {
		return err
	}
	study := &montecarlo.Study{World: ds, Scenario: sc, Seed: opts.seed, Replications: opts.runs}
	layout, err := study.Layout()
	if err != nil {
		return err
	}
	var bar *progress.Bar
	var onProgress func(done, total int)
	if !g.json && isTerminal(g.stderr) {
		bar = progress.New(g.stderr, "run "+sc.Name, "replications", time.Now)
		onProgress = bar.Update
	}
	workers := opts.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var p *montecarlo.Partial
	var runErr error
	if opts.nats != "" {
		p, runErr = submitNATS(ctx, opts.nats, opts.natsTimeout, study, onProgress)
	} else {
		p, runErr = montecarlo.Run(ctx, study, workers, onProgress)
	}
	if bar != nil {
		bar.Done()
	}
	interrupted := errors.Is(runErr, context.Canceled)
	if runErr != nil && !interrupted || p == nil {
		return runErr
	}
	r := &report.MCRun{
		SchemaVersion: result.Version, Seed: opts.seed, RequestedReplications: opts.runs, Interrupted: interrupted,
		ScenarioFile: file, ScenarioHash: scenario.Hash(sc), DataVersion: ds.Version, ProgramVersion: version,
		Aggregate:      montecarlo.Summarize(layout, p),
		PointValues:    report.PointCaveats(sc),
		DrawnElsewhere: compile.DrawsAwayFromImporter(ds, sc),
	}
	// The deterministic run, for the report to say where it sits among the replications.
	_, det, err := compile.Run(ds, sc, compile.RunOptions{})
	if err != nil {
		return err
	}
	summary := result.SummaryFromSim(&det.Summary)
	r.Deterministic = &summary
	if opts.out != "" {
		if err := writeHTMLFile(opts.out, func(f io.Writer) error {
			return report.WriteMCHTML(f, r, report.HTMLOptions{Generator: "critmin " + version})
		}); err != nil {
			return err
		}
	}
	if g.csv {
		err = report.MCMonthlyCSV(w, r)
	} else {
		err = report.Write(w, g.format(), report.MCSummary(r))
	}
	if err != nil {
		return err
	}
	if interrupted {
		return fmt.Errorf("interrupted: %d of %d replications finished (the output aggregates those)", p.N, opts.runs)
	}
	return nil
}
