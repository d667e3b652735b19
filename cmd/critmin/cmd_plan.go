package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/plan"
	"github.com/critmin/critmin/internal/scenario"
)

const planLong = `Choose the portfolio of candidate measures (projects, stockpiles, offtakes, recycling,
substitution) that minimises a risk objective of a base scenario within a budget, each
portfolio evaluated with the Monte Carlo engine on common random numbers. The file
format, objectives and search are described in docs/planner.md.

Output: the chosen portfolio, its cost (MUSD, million US dollars) and its objective's
mean, P5 and P95 over the replications, then the cost-risk frontier (the portfolios no
cheaper portfolio beats). Shortfall objectives are in tonnes of the product over the
horizon; expected_independence is a month index from the scenario's start, where never
counts as the horizon's length (the month after the last); expected_road is the month
index from which capacity outside the rival, with its own feed, covers every stage of
the product's supply chain. Each portfolio also names its binding stage: where its road
to independence is blocked (with the gap, t/yr at the horizon's end) or, when the whole
chain is covered, the stage covered last, with the share of replications. --json prints
the whole result; --csv prints the frontier.

Exit codes:
  0  success
  1  failure (an unexpected error while running)
  2  usage error (unknown flag or argument; a --data figures.csv that changes a
     commodity the simulation models, which it would ignore: use sim_processes.csv)
  3  invalid plan or scenario (the message names file, line, column)`

func newPlanCommand(g *globalOptions) *cobra.Command {
	var workers int
	cmd := &cobra.Command{
		Use:   "plan FILE",
		Short: "Choose the portfolio of measures that minimises a risk within a budget",
		Long:  planLong,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if workers < 0 {
				return usagef("--workers: must be >= 0 (0: one per CPU), got %d", workers)
			}
			if workers == 0 {
				workers = runtime.GOMAXPROCS(0)
			}
			ds, err := g.simDataset()
			if err != nil {
				return err
			}
			spec, err := plan.Load(args[0], scenarioEnv(ds))
			if err != nil {
				return err
			}
			res, err := plan.Plan(cmd.Context(), ds, spec, workers, plan.Options{})
			if err != nil {
				return err
			}
			return writePlan(cmd.OutOrStdout(), g, spec, res)
		},
	}
	cmd.Flags().IntVar(&workers, "workers", 0, "goroutines running replications (0: one per CPU)")
	return cmd
}

func planNames(spec *plan.Spec, chosen []int) string {
	if len(chosen) == 0 {
		return "(none)"
	}
	names := make([]string, len(chosen))
	for i, c := range chosen {
		names[i] = spec.Candidates[c].Name
	}
	return strings.Join(names, " + ")
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func writePlan(w io.Writer, g *globalOptions, spec *plan.Spec, res *plan.Result) error {
	names := spec.Names
	switch {
	case g.json:
		out := plan.Report(spec, res)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case g.csv:
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"cost_musd", "objective", "unit", "value", "mean", "p5", "p95", "candidates", "binding"})
		for _, p := range res.Frontier {
			e := p.Estimate
			_ = cw.Write([]string{fmtNum(p.CostMUSD), string(spec.Objective), spec.Objective.Unit(), fmtNum(e.Value), fmtNum(e.Mean), fmtNum(e.P5), fmtNum(e.P95), strings.Join(names(p.Chosen), ";"), plan.BindingText(e.Binding)})
		}
		cw.Flush()
		return cw.Error()
	}
	unit := spec.Objective.Unit()
	b := res.Best
	fmt.Fprintf(w, "Plan %s: %s of %s, scenario %s, %d replications, seed %d\n", spec.File, spec.Objective, spec.Product, spec.Scenario, spec.Runs, spec.Seed)
	fmt.Fprintf(w, "Search: %s, %d portfolios evaluated, budget %s MUSD\n\n", res.Method, res.Evaluated, fmtNum(spec.BudgetMUSD))
	// A cheaper portfolio within noise of the exact minimiser leads: it is the one to
	// take, and the minimiser follows with why the objective chose it.
	lead, label := b, "Chosen portfolio   "
	cheaper, noisy := plan.Portfolio{}, false
	if spec.Objective != plan.P95Shortfall {
		cheaper, noisy = plan.WithinNoise(b, res.Frontier)
	}
	if noisy {
		lead, label = cheaper, "Recommended        "
	}
	fmt.Fprintf(w, "%s%s\n", label, planNames(spec, lead.Chosen))
	fmt.Fprintf(w, "Cost               %s MUSD\n", fmtNum(lead.CostMUSD))
	fmt.Fprintf(w, "Objective          %s %s (mean %s, P5 %s, P95 %s)\n", fmtNum(lead.Estimate.Value), unit, fmtNum(lead.Estimate.Mean), fmtNum(lead.Estimate.P5), fmtNum(lead.Estimate.P95))
	planMonths(w, spec, lead.Estimate)
	if lead.Estimate.Never != nil {
		label := "Never independent "
		if spec.Objective == plan.ExpectedRoad {
			// The road measures capacity; "independent" is the run's delivered supply.
			label = "Road never covered"
		}
		fmt.Fprintf(w, "%s %.0f %% of replications\n", label, 100**lead.Estimate.Never)
	}
	fmt.Fprintf(w, "Binding stage      %s\n", plan.BindingText(lead.Estimate.Binding))
	if noisy {
		fmt.Fprintf(w, "Why this one       %s\n", plan.NoiseWhy(b, plan.Named{Portfolio: cheaper}, unit))
		fmt.Fprintf(w, "Exact minimiser    %s, %s MUSD, %s %s (mean %s, P5 %s, P95 %s)\n",
			planNames(spec, b.Chosen), fmtNum(b.CostMUSD), fmtNum(b.Estimate.Value), unit, fmtNum(b.Estimate.Mean), fmtNum(b.Estimate.P5), fmtNum(b.Estimate.P95))
	}
	fmt.Fprintf(w, "Without measures   %s %s (mean %s, P5 %s, P95 %s)\n", fmtNum(res.Baseline.Estimate.Value), unit, fmtNum(res.Baseline.Estimate.Mean), fmtNum(res.Baseline.Estimate.P5), fmtNum(res.Baseline.Estimate.P95))
	planMonths(w, spec, res.Baseline.Estimate)
	fmt.Fprintf(w, "  binding stage    %s\n\n", plan.BindingText(res.Baseline.Estimate.Binding))
	fmt.Fprintf(w, "Cost-risk frontier (%s, %s):\n", spec.Objective, unit)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Cost MUSD\tValue\tMean\tP5\tP95\tCandidates\tBinding stage")
	for _, p := range res.Frontier {
		e := p.Estimate
		mark := ""
		switch {
		case noisy && slices.Equal(p.Chosen, cheaper.Chosen):
			mark = " (recommended)"
		case noisy && slices.Equal(p.Chosen, b.Chosen):
			mark = " (exact minimiser)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", fmtNum(p.CostMUSD), fmtNum(e.Value), fmtNum(e.Mean), fmtNum(e.P5), fmtNum(e.P95), planNames(spec, p.Chosen)+mark, plan.BindingText(e.Binding))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "note: %s\n", plan.BindingNote(spec.Base.Importer, spec.Base.Rival))
	return err
}

// planMonths writes, for an objective counted in months from the scenario's start, the
// calendar months an estimate stands for: the month of its mean, P5 and P95, "never" at
// the horizon's length (how the objective counts a chain never covered).
func planMonths(w io.Writer, spec *plan.Spec, e plan.Estimate) {
	if spec.Objective.Unit() != "month index" || spec.Base == nil {
		return
	}
	horizon := float64(spec.Base.End - spec.Base.Start + 1)
	at := func(v float64) string {
		if v >= horizon-0.5 {
			return "never"
		}
		return (spec.Base.Start + scenario.Month(math.Round(v))).String()
	}
	fmt.Fprintf(w, "                   = %s on average (P5 %s, P95 %s)\n", at(e.Mean), at(e.P5), at(e.P95))
}
