package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/risk"
	"github.com/critmin/critmin/internal/world"
)

type benchOptions struct {
	runs  int
	probe bool
}

func newBenchCommand(g *globalOptions) *cobra.Command {
	opts := benchOptions{runs: 30}
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure start-up time and the time of all risk lenses for every importer",
		Long: `Measure, on this machine:

  - start-up: wall time of starting this binary, loading and validating the embedded
    data, and exiting (a child process per run); target under 100 ms;
  - data load: loading and validating the embedded data in process;
  - lenses: every lens (concentration, reliance, EU CRM, USGS, GeoPolRisk, chained
    exposure) over every commodity for one importer, for each importer the data covers;
    target under 50 ms per importer.

Each figure is the median and 90th percentile over --runs runs, in milliseconds.
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
	cmd.Flags().BoolVar(&opts.probe, "startup-probe", false, "load the embedded data and exit (what the start-up measurement runs)")
	_ = cmd.Flags().MarkHidden("startup-probe")
	return cmd
}

// timing is one measured figure.
type timing struct {
	Name     string  `json:"name"`
	Runs     int     `json:"runs"`
	MedianMS float64 `json:"median_ms"`
	P90MS    float64 `json:"p90_ms"`
	TargetMS float64 `json:"target_ms,omitempty"`
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
	t := timing{Name: name, Runs: runs, MedianMS: d[len(d)/2], P90MS: d[(len(d)*9)/10], TargetMS: targetMS}
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
	importers := ds.Importers()
	for _, imp := range importers {
		if err := add(measure("all lenses, all commodities, importer "+imp, opts.runs, 50, func() error {
			allLenses(ds, imp)
			return nil
		})); err != nil {
			return err
		}
	}
	if err := add(measure(fmt.Sprintf("all lenses, all commodities, all %d importers", len(importers)), opts.runs, 0, func() error {
		for _, imp := range importers {
			allLenses(ds, imp)
		}
		return nil
	})); err != nil {
		return err
	}
	t := &report.Table{
		Title: fmt.Sprintf("critmin bench: %d commodities, data %s", len(ds.Commodities), ds.Version),
		Columns: []report.Column{{Name: "measure"}, {Name: "runs", Right: true}, {Name: "median", Unit: "ms", Right: true},
			{Name: "p90", Unit: "ms", Right: true}, {Name: "target", Unit: "ms", Right: true}, {Name: "met"}},
	}
	for _, m := range out {
		target, met := "", ""
		if m.Met != nil {
			target, met = "< "+report.Num(m.TargetMS, 0), map[bool]string{true: "yes", false: "no"}[*m.Met]
		}
		t.Add(m.Name, fmt.Sprint(m.Runs), report.Num(m.MedianMS, 3), report.Num(m.P90MS, 3), target, met)
	}
	return report.Write(w, g.format(), report.Output{Value: out, Tables: []*report.Table{t}})
}

// allLenses computes every lens over every commodity for one importer: what the lens
// benchmark and its target cover.
func allLenses(ds *world.Dataset, importer string) {
	risk.Overview(ds, importer, 0)
	risk.EUCRM(ds, 0)
}
