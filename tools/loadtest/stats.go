package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// printStats prints requests per second and latency percentiles per path and in all.
func printStats(w io.Writer, paths []string, byPath [][]time.Duration, errs []int, elapsed time.Duration) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "path\trequests\terrors\treq/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\t")
	var all []time.Duration
	total := 0
	for i, p := range paths {
		all = append(all, byPath[i]...)
		total += errs[i]
		row(tw, p, byPath[i], errs[i], elapsed)
	}
	if len(paths) > 1 {
		row(tw, "all", all, total, elapsed)
	}
	return tw.Flush()
}

func row(w io.Writer, name string, ds []time.Duration, errs int, elapsed time.Duration) {
	slices.Sort(ds)
	fmt.Fprintf(w, "%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\t\n", name, len(ds), errs, float64(len(ds))/elapsed.Seconds(),
		ms(percentile(ds, 0.50)), ms(percentile(ds, 0.90)), ms(percentile(ds, 0.99)), ms(percentile(ds, 1)))
}

// percentile returns the q-quantile of sorted durations by the nearest-rank method.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }
