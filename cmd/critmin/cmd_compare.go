package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/report"
)

type compareOptions struct {
	out string
}

func newCompareCommand(g *globalOptions) *cobra.Command {
	var opts compareOptions
	cmd := &cobra.Command{
		Use:   "compare A B",
		Short: "Run two scenarios and show their summaries side by side",
		Long: `Run two scenarios (built-in names or files) over the same world data and print their
headline figures side by side with the difference B minus A: shortfall, months short,
end items lost, prices, stockpile exhaustion, independence month and cost. Units as in
'critmin run'. --out FILE writes an HTML report with both runs' series overlaid.

The two runs may be for different importers (the same control seen by EU27 and by JPN):
each figure is then its own importer's, every sentence and table title names whose it
is, the headline table (the CSV's first rows) gives each run's importer and rival, and
B minus A sets B's importer against A's. No cost per tonne is given across importers.

The verdict gives B's extra cost per tonne of the final product B delivers more than A:
supply gained over the horizon (B's supply minus A's, both in the product table), not
shortfall avoided, since each run's shortfall is measured against demand at its own
prices and higher prices lower it without delivering a tonne more. When B delivers no
more, it says so. The prices it sets side by side are those of final products (the ones
the tables show): at the end of the run, or at their outside peak when both runs'
shortages ended at least 24 months before the end.

Exit codes as for 'critmin run'.`,
		Example: "  critmin compare apr2025-licensing us-response-package\n  critmin compare oct2025-expansion-renewed oct2025-expansion-snapback --out cmp.html",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompare(cmd.Context(), g, opts, args[0], args[1], cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.out, "out", "", "also write a self-contained HTML comparison to this file")
	return cmd
}

func runCompare(_ context.Context, g *globalOptions, opts compareOptions, a, b string, w io.Writer) error {
	if err := checkOut(opts.out); err != nil {
		return err
	}
	sa, err := simulate(g, a)
	if err != nil {
		return err
	}
	sb, err := simulate(g, b)
	if err != nil {
		return err
	}
	if opts.out != "" {
		if err := writeHTMLFile(opts.out, func(f io.Writer) error {
			return report.WriteCompareHTML(f, sa.Result, sb.Result, report.HTMLOptions{Generator: "critmin " + version, CountryName: sa.countryName})
		}); err != nil {
			return err
		}
	}
	return report.Write(w, g.format(), report.CompareSummary(sa.Result, sb.Result))
}
