package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// NoEffectCaveats names the parts of sc that cannot act in the run r because the data
// gives the importer no demand they could act on: a licence that denies military users
// a product of which the importer has no defense demand, and a stockpile of the
// importer's released only to sectors with no demand of its product (a trial found the
// DLA antimony release to defense and the Ga/Ge/Sb military denial both inert, with
// nothing said), a control whose window lies outside the run's horizon (the parser
// refuses one the file dates there; this one is inherited from the scenario the file
// extends, whose horizon the file shortened), and a tariff that shifts none of the
// importer's sourcing (tariffCaveats). The demand checks need r.DemandBasis; with nothing
// inert it returns nothing.
func NoEffectCaveats(sc *scenario.Scenario, r *result.Run) []string {
	if sc == nil || r.Months == 0 {
		return nil
	}
	demand := map[string]float64{} // product|sector
	for _, d := range r.DemandBasis {
		demand[d.Product+"|"+d.Sector] += d.TPerYear
	}
	var out []string
	first, lastM := scenario.Month(r.Start), scenario.Month(r.Start)+scenario.Month(r.Months-1)
	for _, c := range sc.Controls {
		switch {
		case c.Start > lastM || c.End != nil && *c.End < first:
			out = append(out, fmt.Sprintf("The control %s (%s to %s) lies outside the run's horizon (%s to %s): it never applies.",
				c.ID, c.Start, endText(c.End), first, lastM))
		case !inForce(sc, c, first, lastM):
			out = append(out, fmt.Sprintf("The control %s is suspended for every month of the run's horizon it covers: it never applies.", c.ID))
		}
	}
	out = append(out, tariffCaveats(sc, r)...)
	if len(r.DemandBasis) == 0 {
		return out // a result written before the demand rows: nothing to check them against
	}
	// Controls that deny the same inert products share one sentence.
	type denial struct {
		ids   []string
		inert []string
	}
	var denials []*denial
	for _, c := range sc.Controls {
		if c.Licensing == nil || !c.Licensing.MilitaryDenied || !reaches(c, r.Importer) {
			continue
		}
		var inert []string
		for _, p := range r.Products {
			named := slices.ContainsFunc(c.Products, func(id string) bool { return id == p.ID || id == p.Material })
			if named && demand[p.ID+"|"+result.DefenseSector] <= 0 {
				inert = append(inert, productName(p))
			}
		}
		if len(inert) == 0 {
			continue
		}
		if i := slices.IndexFunc(denials, func(d *denial) bool { return slices.Equal(d.inert, inert) }); i >= 0 {
			denials[i].ids = append(denials[i].ids, c.ID)
			continue
		}
		denials = append(denials, &denial{ids: []string{c.ID}, inert: inert})
	}
	for _, d := range denials {
		subject := "The control " + d.ids[0] + " denies"
		if len(d.ids) > 1 {
			subject = "The controls " + joinAnd(d.ids) + " deny"
		}
		out = append(out, fmt.Sprintf("%s military users, but the data gives %s no defense demand of %s, so the denial changes nothing for %s.",
			subject, r.Importer, joinAnd(d.inert), pronoun(len(d.inert))))
	}
	for i, s := range sc.Stockpiles {
		if s.Release == nil || len(s.Release.Sectors) == 0 || s.Holder != r.Importer {
			continue
		}
		if !slices.ContainsFunc(s.Release.Sectors, func(sector string) bool { return demand[s.Product+"|"+sector] > 0 }) {
			out = append(out, fmt.Sprintf("The stockpile of %s (stockpiles[%d]) releases only to %s, which has no demand of it in the data: it is never drawn, and 'stockpile exhausted: never' says nothing of its size.",
				productNameByID(r, s.Product), i, strings.Join(s.Release.Sectors, " and ")))
		}
	}
	return out
}

// reaches reports whether control c covers exports toward the importer, named or through
// "all" (and not excepted); group members are not expanded.
func reaches(c scenario.Control, importer string) bool {
	if slices.Contains(c.Except, importer) {
		return false
	}
	return slices.Contains(c.Destinations, importer) || slices.Contains(c.Destinations, "all")
}

// pronoun is "it" for one thing and "them" for several.
func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// endText is a window's end month, or "no end".
func endText(m *scenario.Month) string {
	if m == nil {
		return "no end"
	}
	return m.String()
}

// inForce reports whether control c is in force, its window less its suspensions, in some
// month from first to last.
func inForce(sc *scenario.Scenario, c scenario.Control, first, last scenario.Month) bool {
	for m := first; m <= last; m++ {
		if !c.Window.Contains(m) {
			continue
		}
		if !slices.ContainsFunc(sc.Suspensions, func(s scenario.Suspension) bool { return s.Control == c.ID && s.Window.Contains(m) }) {
			return true
		}
	}
	return false
}
