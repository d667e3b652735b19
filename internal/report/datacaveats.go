package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// demandBasisSentence names the importer's final products whose demand in the data is,
// in whole or in part, a critmin estimate (status estimated) rather than a reported or
// derived figure (result.Run.DemandBasis): a run's shortfalls in tonnes scale with that
// demand, and Japan's and the EU's are critmin's estimated shares of a world remainder
// (docs/sim-data.md gives the split).
func demandBasisSentence(ids *pageCtx, r *result.Run) string {
	type product struct {
		id              string
		total, estimate float64
		sectors         []string
	}
	var list []*product
	at := map[string]*product{}
	focus := focusProducts(r)
	for _, d := range r.DemandBasis {
		if !inFocus(focus, d.Product) {
			continue
		}
		p, ok := at[d.Product]
		if !ok {
			p = &product{id: d.Product}
			at[d.Product] = p
			list = append(list, p)
		}
		p.total += d.TPerYear
		if d.Status == "estimated" {
			p.estimate += d.TPerYear
			p.sectors = append(p.sectors, d.Sector)
		}
	}
	var all, part []string
	for _, p := range list {
		switch {
		case p.estimate <= 0 || p.total <= 0:
		case p.estimate >= p.total:
			all = append(all, productNameByID(r, p.id))
		default:
			part = append(part, fmt.Sprintf("%s%% of %s (its %s demand)", Pct(p.estimate/p.total), productNameByID(r, p.id), joinAnd(p.sectors)))
		}
	}
	if len(all)+len(part) == 0 {
		return ""
	}
	var what []string
	if len(all) > 0 {
		what = append(what, "all of "+joinAnd(all))
	}
	if len(part) > 0 {
		what = append(what, joinAnd(part))
	}
	return fmt.Sprintf("Of %s demand in the data, %s is an estimate, not a reported or derived figure; the run's shortfalls in tonnes scale with it (sim_demand.csv and docs/sim-data.md give each estimate's reasoning).",
		possessive(ids.country(r.Importer)), strings.Join(what, ", and "))
}

// unsimulatedSentence names the later stages of a mine-only product's commodity that the
// world data holds and the run does not model (result.Run.UnsimulatedStages), with the
// rival's share there: a road that reads "covered from the start" for natural graphite
// ore says nothing of the anode material the importer buys.
func unsimulatedSentence(ids *pageCtx, r *result.Run) string {
	riv := ids.country(r.Rival)
	var parts []string
	focus := focusProducts(r)
	for _, s := range r.UnsimulatedStages {
		if !inFocus(focus, s.Product) {
			continue
		}
		parts = append(parts, fmt.Sprintf("after %s, the %s stage (%s %s%% of world output in %d)", productNameByID(r, s.Product), s.Stage, riv, Num(s.SharePct, 1), s.Year))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("This run stops at the mine for some products, and the later stages the data holds are not simulated, so neither a control on them nor their capacity is in this run: %s.", joinAnd(parts))
}

// shareGapPoints is how far apart, in percentage points, the rival's share of a stage's
// world output in the run and in the figures must be for the summary to say so.
const shareGapPoints = 15

// shareCheckSentence names the products whose rival share of world output in the run
// is far from the world data's figures for the same stage (result.Run.ShareChecks):
// the two rest on different sources, and the run's control reaches what its own
// tables give the rival.
func shareCheckSentence(ids *pageCtx, r *result.Run) string {
	var parts []string
	focus := focusProducts(r)
	for _, c := range r.ShareChecks {
		if math.Abs(c.RunSharePct-c.DataSharePct) < shareGapPoints || !inFocus(focus, c.Product) {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s, %s%% in this run against %s%% in the world data's %d figures (%s)",
			productNameByID(r, c.Product), Num(c.RunSharePct, 1), Num(c.DataSharePct, 1), c.Year, c.Source))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("%s share of world output differs between the simulation's tables and the world data the risk lenses read, which rest on different sources: %s; a control on %s reaches what the simulation's tables give it (sim_processes.csv gives each derivation).",
		possessive(ids.country(r.Rival)), joinAnd(parts), ids.country(r.Rival))
}

// idleDataSentence names the capacity outside the rival that the simulation data lists
// without output in its base year (result.Run.IdleCapacity): the run starts it at zero
// and leaves it idle whatever the price, where a reader of `critmin world show` counts it
// (a trial found 100 t/yr of gallium refining in Germany, Hungary, Kazakhstan, Korea and
// Ukraine missing from an EU gallium ban). It says how a scenario restarts it: a project.
func idleDataSentence(ids *pageCtx, r *result.Run) string {
	// Only the products the verdict speaks of, or stages of their chains: a rare-earth
	// case need not hear of idle gallium plants.
	focus := focusProducts(r)
	var idle []result.IdleCapacity
	for _, c := range r.IdleCapacity {
		if inFocus(focus, c.Product) || slices.ContainsFunc(r.Summary.Road, func(s result.StageCover) bool {
			return s.Stage == c.Product && inFocus(focus, s.Product)
		}) {
			idle = append(idle, c)
		}
	}
	if len(idle) == 0 {
		return ""
	}
	var parts []string
	for _, c := range idle {
		where := ids.country(c.Country)
		if len(c.Named) > 0 {
			where += " (the world data's capacity note names " + strings.Join(c.Named, ", ") + ")"
		}
		s := fmt.Sprintf("%s t/yr of %s in %s, with no output in %d (%s)", Num(c.CapacityTPerYear, 0), productNameByID(r, c.Product), where, c.Year, c.Source)
		if c.RunCapacityTPerYear > 0 {
			s += fmt.Sprintf(", where the run's projects and price-triggered entry build at most %s t/yr", Num(c.RunCapacityTPerYear, 1))
		}
		parts = append(parts, s)
	}
	ex := idle[0]
	country := ex.Country
	if country == "ROW" {
		country = "<ISO3 code of the plant's country>"
	}
	s := fmt.Sprintf("The simulation data list capacity outside %s that made nothing in their base year: %s. The simulation starts such a process at zero, so this run leaves that capacity idle whatever the price; a project of the scenario restarts it: `projects: [{name: restart, country: %s, product: %s, capacity_t_per_year: %s, announced: YYYY-MM}]`",
		ids.country(r.Rival), joinAnd(parts), country, ex.Product, Num(ex.CapacityTPerYear, 0))
	if r.Importer == "EU27" {
		s += " (a plant in a member state, e.g. DEU, serves the EU27 node)"
	}
	return s + "."
}

// startingStockSentence names the importer's users' starting stock of the final products
// the scenario touches (focusProducts) where an estimated row of sim_stocks.csv sets it,
// rather than a sourced row or the scenario's inventories (result.Run.StartingStocks):
// what a control cuts is first drawn from that stock, and users keep applying for the
// gap to the same cover, so "never short" can rest on it
// (trial 7: the USA under Ann. 18 is never short with the data's three months of
// magnets, short in 128 of 132 months with one). A scenario that touches no product (the
// baseline) cuts nothing the stock would have to cover, and gets no sentence.
func startingStockSentence(ids *pageCtx, r *result.Run) string {
	focus := focusProducts(r)
	if focus == nil {
		return ""
	}
	type cover struct {
		months float64
		names  []string
	}
	var covers []*cover
	n := 0
	for _, s := range r.StartingStocks {
		if s.FromScenario || s.Status != "estimated" || !inFocus(focus, s.Product) {
			continue
		}
		n++
		name := productNameByID(r, s.Product)
		if i := slices.IndexFunc(covers, func(c *cover) bool { return c.months == s.MonthsOfCover }); i >= 0 {
			covers[i].names = append(covers[i].names, name)
			continue
		}
		covers = append(covers, &cover{s.MonthsOfCover, []string{name}})
	}
	if n == 0 {
		return ""
	}
	var parts []string
	for _, c := range covers {
		unit := "months"
		if c.months == 1 {
			unit = "month"
		}
		parts = append(parts, fmt.Sprintf("%s %s of %s", Num(c.months, 2), unit, joinAnd(c.names)))
	}
	what, figure, it, keep := "an estimate", "a sourced figure", "it", "that cover"
	if n > 1 {
		what, figure, it = "estimates", "sourced figures", "them"
	}
	if len(covers) > 1 {
		keep = "those covers"
	}
	return fmt.Sprintf("The run starts %s users with %s in stock (and has them aim to keep %s), %s (sim_stocks.csv), not %s, and shortfalls depend on %s (docs/scenarios.md, Stock sensitivity); a scenario's inventories: entry replaces %s.",
		possessive(ids.country(r.Importer)), joinAnd(parts), keep, what, figure, it, it)
}
