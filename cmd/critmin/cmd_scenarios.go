package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/scenariodoc"
)

// regenerateScenariosDoc is the command the generated sections of docs/scenarios.md name.
const regenerateScenariosDoc = "go run ./cmd/critmin scenarios --update-doc docs/scenarios.md"

type scenariosOptions struct {
	updateDoc string
}

func newScenariosCommand(g *globalOptions) *cobra.Command {
	var opts scenariosOptions
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the built-in scenarios with a one-line summary",
		Long: `List the built-in scenarios: real, dated export controls and responses, and
counterfactuals, each citing its sources (docs/scenarios.md). Run one with
'critmin run NAME'; copy one from internal/scenario/builtin/ to start your own.

--update-doc FILE rewrites the generated sections of FILE (the repository keeps them in
docs/scenarios.md, between '<!-- begin generated NAME -->' and '<!-- end generated
NAME -->') from runs of the built-ins: the road to independence of the NdFeB magnet chain
in each, what us-response-package and allied-buildout reach, deterministic and in a
Monte Carlo study of ` + fmt.Sprint(scenariodoc.Replications) + ` replications with seed ` + fmt.Sprint(scenariodoc.Seed) + `, and how short the USA is in the
built-ins that touch the magnet chain when magnet users start from 1, 2, 4 months of
cover and the data's 3 (sim_stocks.csv, a scenario premise). The prose
around them is left as it is. A test fails when the file is out of date.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.updateDoc != "" {
				return runScenariosDoc(cmd.Context(), g, opts.updateDoc, cmd.OutOrStdout())
			}
			return runScenarios(cmd.Context(), g, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.updateDoc, "update-doc", "", "rewrite the generated sections of this Markdown file (docs/scenarios.md) from runs of the built-ins")
	return cmd
}

// scenarioEntry is one line of "critmin scenarios".
type scenarioEntry struct {
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Summary string   `json:"summary"`
	Extends string   `json:"extends,omitempty"`
	Sources []string `json:"sources"`
}

func runScenarios(_ context.Context, g *globalOptions, w io.Writer) error {
	ds, err := g.dataset()
	if err != nil {
		return err
	}
	env := scenarioEnv(ds)
	all, err := scenario.NewLibrary(scenario.BuiltinFiles(), "builtin", env).All()
	if err != nil {
		return err
	}
	entries := make([]scenarioEntry, len(all))
	t := &report.Table{Title: "built-in scenarios", Columns: []report.Column{{Name: "name"}, {Name: "extends"}, {Name: "summary"}}}
	for i, sc := range all {
		entries[i] = scenarioEntry{Name: sc.Name, Title: sc.Title, Summary: sc.Summary, Extends: sc.Extends, Sources: sc.Sources}
		t.Add(sc.Name, sc.Extends, sc.Summary)
	}
	return report.Write(w, g.format(), report.Output{Value: entries, Tables: []*report.Table{t}})
}

// runScenariosDoc runs the built-ins and rewrites the generated sections of the Markdown
// file at path.
func runScenariosDoc(ctx context.Context, g *globalOptions, path string, w io.Writer) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read scenarios document: %w", err)
	}
	ds, err := g.simDataset()
	if err != nil {
		return err
	}
	figs, err := scenariodoc.Collect(ctx, ds, scenarioEnv(ds), runtime.GOMAXPROCS(0))
	if err != nil {
		return err
	}
	sections, err := scenariodoc.Sections(figs)
	if err != nil {
		return err
	}
	out, err := scenariodoc.Splice(doc, sections, regenerateScenariosDoc)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(out, doc) {
		fmt.Fprintf(w, "%s is up to date (%d built-ins, dataset %s)\n", path, len(figs.Builtins), ds.Version)
	} else {
		if err := os.WriteFile(path, out, 0o644); err != nil {
			return fmt.Errorf("write scenarios document: %w", err)
		}
		fmt.Fprintf(w, "updated %s (%d built-ins, dataset %s)\n", path, len(figs.Builtins), ds.Version)
	}
	// The tables are written either way; prose they contradict is for a person to rewrite.
	if errs := scenariodoc.Check(figs); len(errs) > 0 {
		return fmt.Errorf("%s: rewrite the prose (and its claim in internal/scenariodoc/claims.go): %w", path, errors.Join(errs...))
	}
	return nil
}
