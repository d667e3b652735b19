package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/scenario"
)

func newScenariosCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "scenarios",
		Short: "List the built-in scenarios with a one-line summary",
		Long: `List the built-in scenarios: real, dated export controls and responses, and
counterfactuals, each citing its sources (docs/scenarios.md). Run one with
'critmin run NAME'; copy one from internal/scenario/builtin/ to start your own.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runScenarios(cmd.Context(), g, cmd.OutOrStdout())
		},
	}
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
