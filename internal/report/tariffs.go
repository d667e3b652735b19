package report

import (
	"fmt"
	"slices"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// maxMakersNamed is how many other producing countries a tariff caveat names.
const maxMakersNamed = 3

// tariffCaveats names the tariffs of sc that cannot act in r: one whose window lies
// outside the run's horizon, and those result.Run.InertTariffs lists, which change
// nothing for a product because they have nowhere to shift the importer's purchases to
// (tariffs shift sourcing only and do not enter prices; trial 7 found 25 % and 1000 % on
// China's magnets into the USA byte-identical to the baseline, with nothing said).
func tariffCaveats(sc *scenario.Scenario, r *result.Run) []string {
	var out []string
	first, last := scenario.Month(r.Start), scenario.Month(r.Start)+scenario.Month(r.Months-1)
	for i, t := range sc.Tariffs {
		if t.Start > last || t.End != nil && *t.End < first {
			out = append(out, fmt.Sprintf("The tariff tariffs[%d] (%s to %s) lies outside the run's horizon (%s to %s): it never applies.",
				i, t.Start, endText(t.End), first, last))
		}
	}
	// Entries of one tariff with the same reason and other makers share a sentence.
	its := r.InertTariffs
	for len(its) > 0 {
		it, n := its[0], 1
		for n < len(its) && its[n].Index == it.Index && its[n].Reason == it.Reason && slices.Equal(its[n].OtherMakers, it.OtherMakers) {
			n++
		}
		var names []string
		for _, x := range its[:n] {
			names = append(names, productNameByID(r, x.Product))
		}
		its = its[n:]
		what := joinAnd(names)
		from := "from " + it.Exporter
		if it.Exporter == scenario.All {
			from = "from every country"
		}
		subject := fmt.Sprintf("The %s%% tariff on %s imports of %s %s (tariffs[%d])", Num(it.RatePct, 2), possessive(r.Importer), what, from, it.Index)
		const prices = "tariffs do not enter prices (docs/model.md, Sourcing weights)"
		var s string
		switch it.Reason {
		case result.TariffZero:
			s = subject + " is zero: it changes nothing in this run."
		case result.TariffUniform:
			s = fmt.Sprintf("%s changes nothing in this run: it taxes all of %s suppliers alike, so it shifts no sourcing, and %s.", subject, possessive(r.Importer), prices)
		case result.TariffNoImports:
			s = fmt.Sprintf("%s changes nothing in this run: %s imports no %s from %s to %s, and %s.", subject, r.Importer, what, it.From, it.To, prices)
		default:
			why := "no other country makes " + pronoun(len(names)) + " in the data"
			if k := len(it.OtherMakers); k > 0 {
				makers := slices.Clone(it.OtherMakers[:min(k, maxMakersNamed)])
				if k > maxMakersNamed {
					makers = append(makers, "others")
				}
				why = fmt.Sprintf("the data's other makers, %s, ship %s none", joinAnd(makers), r.Importer)
			}
			s = fmt.Sprintf("%s changes nothing in this run: %s receives %s from no other country from %s to %s (%s), so the tariff shifts no sourcing, and %s.",
				subject, r.Importer, what, it.From, it.To, why, prices)
		}
		out = append(out, s)
	}
	return out
}
