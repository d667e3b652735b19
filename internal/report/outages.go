package report

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// outageSentence names the outages of sc, each with its country, products, the share of
// capacity lost and its window, where the verdict says what drives the run, as the
// licensing sentences do for controls: a trial's Kachin outage, the scenario's main
// element, was named nowhere in the verdict. Empty when sc is nil or has no outage.
func outageSentence(ids *pageCtx, sc *scenario.Scenario, r *result.Run) string {
	if sc == nil || len(sc.Outages) == 0 {
		return ""
	}
	var parts []string
	for _, o := range sc.Outages {
		var names []string
		for _, p := range o.Products {
			names = append(names, productNameByID(r, p))
		}
		w := o.Window()
		share := Pct(o.Fraction.Point()) + "%"
		if !o.Fraction.IsFixed() {
			share += " (the mean of its distribution)"
		}
		parts = append(parts, fmt.Sprintf("%s of %s capacity of %s from %s to %s (%s months)", share, possessive(ids.country(o.Country)),
			joinAnd(names), w.Start, *w.End, Num(o.Months.Point(), 1)))
	}
	what := "an outage takes"
	if len(parts) > 1 {
		what = "outages take"
	}
	return fmt.Sprintf("In this scenario %s off line %s.", what, joinAnd(parts))
}

// delayedProjects counts the projects of sc whose start a Monte Carlo run delays by a
// draw (delay_risk_months above zero) and a deterministic run does not.
func delayedProjects(sc *scenario.Scenario) int {
	if sc == nil {
		return 0
	}
	n := 0
	for _, pa := range scenario.Params(sc) {
		if pa.Delay && pa.Uncertain() {
			n++
		}
	}
	return n
}

// verdictMonth matches a calendar month as the verdict writes it.
var verdictMonth = regexp.MustCompile(`\b(19|20)\d\d-(0[1-9]|1[0-2])\b`)

// onTime is what the verdict's first line adds when the verdict gives dates and sc has
// projects whose delays a Monte Carlo run draws: the deterministic run takes no delay, so
// its dates are the earliest case (a trial read a shortage ending 2028-11 where 300
// replications gave 2029-10 to 2030-12, the caveat 27 lines further down). Empty
// otherwise; the horizon, which no delay moves, is no date.
func onTime(sc *scenario.Scenario, r *result.Run, verdict []string) string {
	n := delayedProjects(sc)
	if n == 0 || !verdictMonth.MatchString(strings.ReplaceAll(strings.Join(verdict, "\n"), horizon(r), "")) {
		return ""
	}
	projects := fmt.Sprintf("%d projects carry a delay risk", n)
	if n == 1 {
		projects = "one project carries a delay risk"
	}
	return fmt.Sprintf(" Dates assume every project on time, the earliest case (%s, which this run does not draw); `--runs` gives their spread.", projects)
}
