package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/world"
)

// version is set at build time with -ldflags "-X main.version=...". Without it, a binary
// built from a git checkout (go build, go install) names its commit: "dev-<12 hex>", with
// "-dirty" when the tree had uncommitted changes, so stored runs can say which code made
// them; test binaries and builds outside git stay "dev".
var version = vcsVersion("dev", buildSettings())

// buildSettings are the binary's build settings, nil when it carries none.
func buildSettings() []debug.BuildSetting {
	if info, ok := debug.ReadBuildInfo(); ok {
		return info.Settings
	}
	return nil
}

// vcsVersion is v with the VCS revision of settings appended when v is "dev" and the
// settings carry one.
func vcsVersion(v string, settings []debug.BuildSetting) string {
	if v != "dev" {
		return v
	}
	rev, dirty := "", false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	v += "-" + rev[:min(12, len(rev))]
	if dirty {
		v += "-dirty"
	}
	return v
}

const rootLong = `critmin measures how dependent an importer is on each supplier of a critical
mineral, at every stage from mine to magnet, from an embedded, cited world dataset.

Every figure carries its unit, year, source and status (reported, estimated or derived).
Tonnes are metric tonnes; the basis (REO equivalent, metal content, gross weight) is
given with each table. Shares are percent of world output of the stage.

Output: aligned tables by default; --json for JSON, --csv for CSV.

Exit codes:
  0  success
  1  failure (an unexpected error while running)
  2  usage error (unknown command, flag or argument)
  3  invalid data (a --data file breaks a rule; the message names file, line, column)`

// globalOptions are the flags every command shares.
type globalOptions struct {
	dataDir string
	json    bool
	csv     bool
	// cpuProfile is where to write a CPU profile of the command, "" for none.
	cpuProfile string
	// stderr is where progress is drawn when it is a terminal.
	stderr io.Writer
}

func (g *globalOptions) format() report.Format {
	switch {
	case g.json:
		return report.JSON
	case g.csv:
		return report.CSV
	}
	return report.Text
}

// simDataset is dataset for the commands that simulate. A --data figures.csv that changes
// production or capacity of a simulated commodity is refused: the simulation reads its
// capacities from sim_processes.csv, so such a change would be silently ignored.
func (g *globalOptions) simDataset() (*world.Dataset, error) {
	ds, err := g.dataset()
	if err != nil {
		return nil, err
	}
	simulated := ds.SimulatedCommodities()
	var ignored []string
	for _, f := range ds.UserFigures() {
		if simulated[f.Commodity] && (f.Measure == world.Production || f.Measure == world.Capacity || f.Measure == world.Share) {
			ignored = append(ignored, fmt.Sprintf("%s (%s %s %s %s %d)", f.Origin, f.Commodity, f.Stage, f.Measure, f.Country, f.Year))
		}
	}
	if len(ignored) > 0 {
		return nil, usagef("--data: figures.csv rows do not feed the simulation, which takes capacity and production from sim_processes.csv (docs/sim-data.md); put the change there (figures.csv changes reach 'critmin world' and 'critmin risk'): %s",
			strings.Join(ignored, "; "))
	}
	return ds, nil
}

// dataset loads the embedded data with --data merged over it.
func (g *globalOptions) dataset() (*world.Dataset, error) {
	ds, err := world.LoadWithDir(g.dataDir)
	if err != nil {
		return nil, fmt.Errorf("load world data: %w", err)
	}
	return ds, nil
}

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	g := &globalOptions{stderr: stderr}
	root := &cobra.Command{
		Use:           "critmin",
		Short:         "Critical-mineral supply-chain risk: data, lenses and scenarios",
		Long:          rootLong,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&g.dataDir, "data", "", "directory of CSV files that override or extend the embedded data (see docs/data-format.md)")
	pf.BoolVar(&g.json, "json", false, "print JSON")
	pf.BoolVar(&g.csv, "csv", false, "print CSV")
	pf.StringVar(&g.cpuProfile, "cpuprofile", "", "write a CPU profile of the command to this file (for 'go tool pprof', or as cmd/critmin/default.pgo)")
	root.MarkFlagsMutuallyExclusive("json", "csv")
	var stopProfile func() error
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		var err error
		stopProfile, err = startCPUProfile(g.cpuProfile)
		return err
	}
	root.PersistentPostRunE = func(*cobra.Command, []string) error { return stopProfile() }
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newWorldCommand(g),
		newRiskCommand(g),
		newValidateCommand(g),
		newBenchCommand(g),
		newScenarioCommand(g),
		newScenariosCommand(g),
		newRunCommand(g),
		newCompareCommand(g),
		newServeCommand(g),
		newWorkerCommand(g),
		newPlanCommand(g),
	)
	return root
}

// run executes the command line and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCommand(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "critmin:", err)
		if errors.As(err, new(usageError)) || isCobraUsage(err) {
			fmt.Fprintln(stderr, "Run 'critmin --help' for usage.")
		}
	}
	return exitCode(err)
}
