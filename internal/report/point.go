package report

import (
	"fmt"

	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// maxPointCaveats is how many uncertain numbers PointCaveats names one by one.
const maxPointCaveats = 5

// PointCaveats says which value a deterministic run of sc takes for each of its
// uncertain numbers (its mean, scenario.Param.Point) and where that value sits in the
// number's distribution: a skewed distribution puts its mean away from the median, and a
// single run says nothing of the spread. It returns nothing when sc has no uncertain
// number.
func PointCaveats(sc *scenario.Scenario) []string {
	var lines []string
	n := 0
	for _, pa := range scenario.Params(sc) {
		if !pa.Uncertain() {
			continue
		}
		n++
		if n > maxPointCaveats {
			continue
		}
		lines = append(lines, pointCaveat(pa))
	}
	if n == 0 {
		return nil
	}
	numbers := fmt.Sprintf("each of the scenario's %d uncertain numbers", n)
	if n == 1 {
		numbers = "the scenario's one uncertain number"
	}
	head := fmt.Sprintf("Point values: this deterministic run takes one value for %s (each distribution's mean, and no project delay); run with --runs for the spread.", numbers)
	if n > maxPointCaveats {
		lines = append(lines, fmt.Sprintf("... and %d more, named in the same way in the sensitivity table of a Monte Carlo run.", n-maxPointCaveats))
	}
	return append([]string{head}, lines...)
}

// pointCaveat describes the point value of one uncertain number.
func pointCaveat(pa scenario.ParamAt) string {
	p := pa.Param
	if pa.Delay {
		return fmt.Sprintf("%s: no delay, the earliest end of the 0 to %s months a Monte Carlo run draws.", pa.Path, Num(p.Value, 1))
	}
	v := p.Point()
	var used, dist string
	switch p.Dist {
	case scenario.Triangular:
		used, dist = "the mean", fmt.Sprintf("triangular distribution on [%s, %s] with mode %s", Num(p.Min, 4), Num(p.Max, 4), Num(p.Mode, 4))
	case scenario.Uniform:
		used, dist = "the mean", fmt.Sprintf("uniform distribution on [%s, %s]", Num(p.Min, 4), Num(p.Max, 4))
	case scenario.Normal:
		used, dist = "the mean", fmt.Sprintf("normal distribution with mean %s and sd %s", Num(p.Mean, 4), Num(p.SD, 4))
	case scenario.Lognormal:
		used, dist = "the mean", fmt.Sprintf("lognormal distribution with median %s and P95 %s", Num(p.Median, 4), Num(p.P95, 4))
	case scenario.Discrete:
		used, dist = "the mean", fmt.Sprintf("discrete distribution over %d values", len(p.Values))
	default:
		used, dist = "the value", string(p.Dist)
	}
	at := montecarlo.CDF(p, v)
	where := fmt.Sprintf("at the %s percentile", ordinal(at))
	switch {
	case at >= 0.999:
		where = "at the top of its range: every draw is at or below it"
	case at <= 0.001:
		where = "at the bottom of its range: every draw is at or above it"
	case at >= 0.9 || at <= 0.1:
		where += ", near an end of its range"
	}
	return fmt.Sprintf("%s: %s %s of its %s, %s.", pa.Path, used, Num(v, 4), dist, where)
}

// ordinal formats a share as a percentile: 0.5 reads "50th".
func ordinal(share float64) string {
	n := int(share*100 + 0.5)
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// deterministicPlacement says where the deterministic run's headline figures sit among
// the Monte Carlo replications: below their 5th percentile, between two of P5, P50 and
// P95, or above P95.
func deterministicPlacement(d *result.Summary, stats []montecarlo.Stat) []string {
	if d == nil {
		return nil
	}
	var out []string
	for _, st := range stats {
		var v float64
		var name, unit string
		scale := 1.0
		switch st.Name {
		case montecarlo.ScalarPeakShortfall:
			v, name, unit, scale = d.PeakShortfallShare, "peak shortfall", "% of demand", 100
		case montecarlo.ScalarMonthsShort:
			v, name, unit = float64(d.MonthsShort), "months short", "months"
		case montecarlo.ScalarTotalCost:
			v, name, unit = d.TotalCostMUSD, "cost of the responses", "MUSD"
		default:
			continue
		}
		if st.P5 == nil || st.P50 == nil || st.P95 == nil {
			continue
		}
		f := func(x float64) string { return Num(x*scale, 1) }
		// A claim that the value lies below or between percentiles is made only when
		// the printed figures differ: "0 lies below the 5th percentile (0)" reads as
		// nonsense, whatever digits the rounding hid.
		fv, p5, p50, p95 := f(v), f(*st.P5), f(*st.P50), f(*st.P95)
		var equals, others, otherValues []string
		for _, p := range []struct{ name, value string }{{"5th percentile", p5}, {"median", p50}, {"95th percentile", p95}} {
			if fv == p.value {
				equals = append(equals, p.name)
			} else {
				others, otherValues = append(others, p.name), append(otherValues, p.value)
			}
		}
		var where string
		switch {
		case len(equals) == 3:
			where = "is what the replications give from their 5th to their 95th percentile"
		case len(equals) > 0:
			names, verb := joinAnd(others), " is "
			if len(others) > 1 {
				verb = " are "
			}
			if names == "5th percentile and 95th percentile" {
				names = "5th and 95th percentiles"
			}
			where = "equals the " + joinAnd(equals) + " of the replications; their " + names + verb + joinAnd(otherValues)
		case v < *st.P5:
			where = "lies below the 5th percentile of the replications (" + f(*st.P5) + ")"
		case v < *st.P50:
			where = "lies between the 5th percentile (" + f(*st.P5) + ") and the median (" + f(*st.P50) + ") of the replications"
		case v <= *st.P95:
			where = "lies between the median (" + f(*st.P50) + ") and the 95th percentile (" + f(*st.P95) + ") of the replications"
		default:
			where = "lies above the 95th percentile of the replications (" + f(*st.P95) + ")"
		}
		mean := ""
		if st.Mean != nil {
			mean = "; their mean is " + f(*st.Mean)
		}
		out = append(out, fmt.Sprintf("The deterministic run's %s, %s (%s), %s%s.", name, f(v), unit, where, mean))
	}
	return out
}
