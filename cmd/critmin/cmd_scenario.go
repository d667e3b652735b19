package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/scenario"
)

func newScenarioCommand(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario",
		Short: "Check scenario files and print their JSON Schema",
		Long: `Work with scenario files: YAML descriptions of export controls, tariffs, outages,
demand growth and the responses to them, month by month (docs/scenario-format.md).`,
		Args: cobra.NoArgs,
		// A RunE makes cobra check Args, so that an unknown subcommand is a usage error.
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newScenarioCheckCommand(g), newScenarioSchemaCommand())
	return cmd
}

func newScenarioCheckCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE...",
		Short: "Check scenario files without running them",
		Long: `Check each scenario file strictly, without running it, and print "FILE: ok" or
every problem found (up to 50 per file) as

  FILE:LINE:COLUMN: FIELD.PATH: REASON

Unknown keys, wrong types and repeated keys are problems, as are values out of range,
unknown countries or products, reversed or overlapping date windows, suspensions of
unknown controls and an unknown or cyclic 'extends'. Countries are checked against the
world data (with --data merged over it); 'extends' names a built-in scenario. A file that
passes is then compiled against the world data, as 'critmin run' would: what the data
cannot represent (an outage of a product the country does not make or makes only as a
co-product, a destination the data folds into ROW) is a problem too.

Units follow the key names: months are YYYY-MM; _t, _t_per_year and _t_per_month are
metric tonnes of the product's basis; _musd is million US dollars; usd_per_kg is US
dollars per kilogram; share, approval and fraction are fractions in [0, 1]; keys ending
in _pct are percentages. Any number may be a distribution ('critmin scenario schema'
lists the forms).

Exit codes: 0 when every file is valid, 3 when a file is invalid, 1 when a file cannot
be read, 2 for a usage error. --json prints the problems with file, line, column, path
and reason; --csv prints them as a table.`,
		Example: "  critmin scenario check scenarios/embargo.yaml\n  critmin scenario check --json scenarios/*.yaml",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScenarioCheck(cmd.Context(), g, args, cmd.OutOrStdout())
		},
	}
}

// scenarioCheck is the outcome for one file of "critmin scenario check".
type scenarioCheck struct {
	File     string            `json:"file"`
	OK       bool              `json:"ok"`
	Problems []*scenario.Error `json:"problems,omitempty"`
	Dropped  int               `json:"more_problems,omitempty"`
	// Failure is why the file could not be checked at all.
	Failure string `json:"failure,omitempty"`
}

func runScenarioCheck(_ context.Context, g *globalOptions, files []string, w io.Writer) error {
	ds, err := g.dataset()
	if err != nil {
		return err
	}
	env := scenario.Env{World: ds, Products: scenario.WorldCatalogue(ds)}
	env.Base = scenario.NewLibrary(scenario.BuiltinFiles(), "builtin", env).Scenario

	checks := make([]scenarioCheck, len(files))
	var invalid int
	var failure error
	for i, f := range files {
		c := scenarioCheck{File: f}
		sc, err := scenario.Load(f, env)
		if err == nil {
			// A valid file may still ask for what the data cannot represent (an outage of a
			// co-product, a country the data folds into ROW): compile it as run would.
			err = compile.Check(ds, sc, env.Base, f)
		}
		switch list, isList := errors.AsType[*scenario.ErrorList](err); {
		case err == nil:
			c.OK = true
		case isList:
			c.Problems, c.Dropped = list.Errors, list.Dropped
			invalid++
		default:
			c.Failure = err.Error()
			if failure == nil {
				failure = err // names the file already
			}
		}
		checks[i] = c
	}
	if err := writeScenarioChecks(w, g.format(), checks); err != nil {
		return err
	}
	switch {
	case failure != nil:
		return failure
	case invalid > 0:
		return fmt.Errorf("%d of %d scenario files are invalid: %w", invalid, len(files), scenario.ErrInvalid)
	}
	return nil
}

func writeScenarioChecks(w io.Writer, f report.Format, checks []scenarioCheck) error {
	if f == report.Text {
		for _, c := range checks {
			var err error
			switch {
			case c.OK:
				_, err = fmt.Fprintf(w, "%s: ok\n", c.File)
			case c.Failure != "":
				_, err = fmt.Fprintf(w, "%s: %s\n", c.File, c.Failure)
			default:
				_, err = fmt.Fprintln(w, (&scenario.ErrorList{Errors: c.Problems, Dropped: c.Dropped}).Error())
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	t := &report.Table{
		Title: "scenario check",
		Columns: []report.Column{{Name: "file"}, {Name: "status"}, {Name: "line", Right: true},
			{Name: "column", Right: true}, {Name: "path"}, {Name: "reason"}},
	}
	for _, c := range checks {
		switch {
		case c.OK:
			t.Add(c.File, "ok", "", "", "", "")
		case c.Failure != "":
			t.Add(c.File, "failure", "", "", "", c.Failure)
		}
		for _, p := range c.Problems {
			t.Add(p.File, "invalid", strconv.Itoa(p.Line), strconv.Itoa(p.Column), p.Path, p.Reason)
		}
		if c.Dropped > 0 {
			t.Add(c.File, "invalid", "", "", "", fmt.Sprintf("... and %d more problems", c.Dropped))
		}
	}
	return report.Write(w, f, report.Output{Value: checks, Tables: []*report.Table{t}})
}

func newScenarioSchemaCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files",
		Long: `Print a JSON Schema (draft 2020-12) of scenario files, for editors' completion and
checking, e.g. with the YAML language server:

  # yaml-language-server: $schema=scenario.schema.json

The schema lists every key with its unit, range and enumerated values, the distribution
forms any number may take, and the products and sectors of the built-in catalogue. It
cannot check country names, references between entries or overlapping windows: use
'critmin scenario check' for the full rules. The output is the same on every run.`,
		Example: "  critmin scenario schema > scenario.schema.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(scenario.Schema())
			return err
		},
	}
}
