package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// roadTable is the road to independence of a run: per final product the importer
// demands and stage of its supply chain, from when capacity outside the rival, fed by
// what is made outside the rival, covers the importer's need.
func roadTable(r *result.Run) *Table {
	t := &Table{
		Title: "Road to independence of " + r.Importer + " from " + r.Rival + ": capacity outside " + r.Rival + " with its own feed, against " + r.Importer + "'s need, per stage",
		Columns: []Column{{Name: "product"}, {Name: "stage"}, {Name: "covered from", Unit: "YYYY-MM"},
			{Name: "need at end", Unit: "t/yr", Right: true}, {Name: "capacity outside " + r.Rival, Unit: "t/yr", Right: true},
			{Name: "with non-" + r.Rival + " feed", Unit: "t/yr", Right: true}, {Name: "others' need", Unit: "t/yr", Right: true}},
		Notes: []string{
			"need: what " + r.Importer + " needs of the stage to meet its demand of the product at baseline prices (demand the run's prices cut is not counted as covered), through the input coefficients of plants outside " + r.Rival,
			"with non-" + r.Rival + " feed: what that capacity can make from inputs made outside " + r.Rival + ", shared pro rata among the plants that use them",
			"covered from: the first month from which, through the end of the horizon, that covers the need (1% tolerance); capacity, not what the run delivered",
			"others' need: what the countries other than " + r.Importer + " and " + r.Rival + " need of the stage for their own demand of the product at baseline prices; the road counts all capacity outside " + r.Rival + " for " + r.Importer + " alone",
			"tonnes per year of each stage's basis, at the last month",
		},
	}
	for _, sc := range r.Summary.Road {
		t.Add(sc.Product, sc.Stage, monthOr(sc.Month, "never"), Num(sc.NeedTPerYear, 1), Num(sc.CapacityTPerYear, 1), Num(sc.FedTPerYear, 1), Num(sc.OthersNeedTPerYear, 1))
	}
	t.Notes = append(t.Notes, rivalOnlyStages(r)...)
	return t
}

// rivalOnlyStages notes the stages of the road whose capacity outside the rival no plant
// outside the rival takes: the importer's need of them is zero while its need of the
// final product is not, so the stage is in the chain only through the rival's own plants
// (Myanmar's ionic clay, which only China separates). The road counts such a stage as
// covered from the start; the note says that this covers nothing (a trial read Myanmar's
// 27,000 t/yr of clay "covered 2025-01" as heavy-RE ore that is no China risk).
func rivalOnlyStages(r *result.Run) []string {
	finalNeed := map[string]float64{}
	for _, sc := range r.Summary.Road {
		if sc.Stage == sc.Product {
			finalNeed[sc.Product] = sc.NeedTPerYear
		}
	}
	var stages []string
	capacity := map[string]float64{}
	for _, sc := range r.Summary.Road {
		if sc.NeedTPerYear > 0 || sc.CapacityTPerYear <= 0 || finalNeed[sc.Product] <= 0 {
			continue
		}
		if _, ok := capacity[sc.Stage]; !ok {
			stages = append(stages, sc.Stage)
		}
		capacity[sc.Stage] = sc.CapacityTPerYear
	}
	var out []string
	for _, s := range stages {
		out = append(out, fmt.Sprintf("%s: need 0, since no plant outside %s takes it: its %s t/yr outside %s can feed only %s's plants, so \"covered\" there says nothing of %s's independence (the road's arithmetic counts it all the same; docs/model.md, Road)",
			s, r.Rival, Num(capacity[s], 0), r.Rival, r.Rival, r.Importer))
	}
	return out
}

// roadSentences says, per final product the importer demands, when capacity outside the
// rival covers its whole supply chain, or which stages block independence and by how
// much: "independence of USA ndfeb/magnet is blocked at dy/separation: 119 t/yr of capacity missing
// until 2035-12".
func roadSentences(ids *pageCtx, r *result.Run) []string {
	imp := ids.country(r.Importer)
	blocked := map[string][]result.Blocked{}
	for _, b := range r.Summary.Blocked {
		blocked[b.Product] = append(blocked[b.Product], b)
	}
	var out []string
	var covered, coveredShort, coveredDependent, dependentLater []string
	// The products of dependentLater and then of coveredDependent, in that order.
	var laterIDs, fromStartIDs, coveredShortIDs []string
	seen := map[string]bool{}
	short := shortProducts(r)
	// A product covered by capacity whose supply in the run never becomes free of the
	// rival (IndependenceByProduct nil) is still bought through the rival: the two
	// measures of independence disagree, and the sentence says which is which.
	dependent := map[string]bool{}
	independentFrom := map[string]result.Month{}
	for _, pm := range r.Summary.IndependenceByProduct {
		dependent[pm.Product] = pm.Month == nil
		if pm.Month != nil {
			independentFrom[pm.Product] = *pm.Month
		}
	}
	// later lists the covered products whose supply in the run becomes free of the rival
	// only after the capacity covers them: the road and the table's independence differ.
	var later []string
	laterThan := func(product string, covered result.Month) {
		if m, ok := independentFrom[product]; ok && m > covered {
			later = append(later, fmt.Sprintf("%s from %s%s", productNameByID(r, product), monthString(m), thriftNote(r, product, " (at ", ")", "")))
		}
	}
	// stillBuys says how little of the supply of products covered by capacity never
	// passed through the rival, over the horizon and its last year, rather than "part"
	// (a trial read "takes part of them through CHN" where 0.005 % of the magnets
	// never did).
	freeShares := func(ids_ []string) (shares, only string) {
		var out []string
		only = "only "
		for i, id := range ids_ {
			whole, lastYear := rivalFreeShares(r, id)
			if whole >= 0.5 {
				only = ""
			}
			of := productNameByID(r, id)
			if i == 0 {
				of = "its " + of + " supply"
			}
			out = append(out, fmt.Sprintf("%s%% of %s over the horizon (%s%% over the last 12 months)", smallPct(whole), of, smallPct(lastYear)))
		}
		return joinAnd(out), only
	}
	stillBuys := func(what string, ids_ []string) string {
		riv := ids.country(r.Rival)
		shares, only := freeShares(ids_)
		its := "its supply is"
		if len(ids_) > 1 {
			its = "their supply is"
		}
		return fmt.Sprintf("Capacity outside %s with its own feed could cover %s need of %s, but in this run %s%s never passed through %s: %s not independent of %s within the horizon (the road measures capacity, not where supply comes from).",
			riv, possessive(imp), what, only, shares, riv, its, riv)
	}
	// notFree is the clause every sentence on a product the importer is short of ends
	// with: how much of its supply never passed through the rival (a trial's shortage
	// branch dropped it, and "could cover from 2028-11" read as independence where 45 %
	// of the magnets were free of China), with the independence the table finds or not.
	notFree := func(ids_ []string) string {
		riv := ids.country(r.Rival)
		shares, only := freeShares(ids_)
		allFree := true
		for _, id := range ids_ {
			if _, ok := independentFrom[id]; !ok {
				allFree = false
			}
		}
		if allFree {
			return fmt.Sprintf("; %s%s never passed through %s", only, shares, riv)
		}
		its := "its supply is"
		if len(ids_) > 1 {
			its = "their supply is"
		}
		return fmt.Sprintf("; %s%s never passed through %s: %s not independent of %s within the horizon", only, shares, riv, its, riv)
	}
	// The road measures capacity, not deliveries: where the run leaves the importer short
	// of a product all the same, the sentence says so rather than call it covered.
	could := func(what string, ids_ []string) string {
		return fmt.Sprintf("Capacity outside %s with its own feed could cover %s need of %s, if all of it went to %s; in this run %s is still short of it (the road measures capacity, not deliveries)%s.",
			ids.country(r.Rival), possessive(imp), what, imp, imp, notFree(ids_))
	}
	// A product short over the horizon whose shortage ends before the run does is not
	// "still short": the sentence gives the last short month and, where the table finds
	// the product's supply free of the rival, that month, with the lasting demand cut
	// that may be what closes the gap (a trial read "still short" beside independence
	// from 2030-10 and no shortfall after it, reached at 27 % lower demand).
	shortEnds := func(id, what string) string {
		riv := ids.country(r.Rival)
		out := fmt.Sprintf("Capacity outside %s with its own feed could cover %s need of %s, if all of it went to %s (the road measures capacity, not deliveries); in this run %s is short of it until %s",
			riv, possessive(imp), what, imp, imp, monthAt(r, lastShortMonth(r, id)))
		if m, ok := independentFrom[id]; ok {
			out += fmt.Sprintf(", and from %s supply that never passed through %s covers its demand (the table's independence for the product)%s", monthString(m), riv, thriftNote(r, id, ", reached at ", "", "covered"))
		} else {
			out += thriftNote(r, id, ", a shortage that ends at ", "", "met")
		}
		return out + notFree([]string{id}) + "."
	}
	// Products the scenario does not touch are left to otherProductsSentence.
	focus := focusProducts(r)
	for _, sc := range r.Summary.Road {
		if seen[sc.Product] || focus != nil && !focus[sc.Product] {
			continue
		}
		seen[sc.Product] = true
		name := productNameByID(r, sc.Product)
		if bs := blocked[sc.Product]; len(bs) > 0 {
			// Every gap is measured in the run's last month (Blocked.Until).
			var at []string
			for _, b := range bs {
				at = append(at, fmt.Sprintf("%s (%s t/yr of capacity missing)", productNameByID(r, b.Stage), Num(b.GapTPerYear, 0)))
			}
			line := fmt.Sprintf("%s independence for %s is blocked at %s in %s, the last month of the run.", possessive(imp), name, joinAnd(at), monthString(bs[0].Until))
			if short[sc.Product] {
				// A trial's US magnet plants under a ban got no metal while the road
				// named Dy oxide alone: the blocking stage need not be the only gap.
				line += fmt.Sprintf(" The road measures capacity outside %s with its own feed, counted for %s alone, not deliveries: a stage it calls covered may also fail to deliver.", ids.country(r.Rival), imp)
			}
			if m, ok := independentFrom[sc.Product]; ok {
				// The road sets capacity against the need at baseline prices; the table's
				// independence, against what prices left of demand.
				why := thriftNote(r, sc.Product, ", reached at ", "", "covered")
				if why == "" {
					why = ": the road sets capacity against the need at baseline prices"
				}
				line += fmt.Sprintf(" In this run supply that never passed through %s covers its demand from %s all the same (the table's independence for the product)%s.",
					ids.country(r.Rival), monthString(m), why)
			}
			out = append(out, line)
			continue
		}
		// Covered: the product's chain is covered from the latest month of its stages; the
		// most upstream stage covered that month is the one the chain waited for.
		var from *result.Month
		last := ""
		for _, s := range r.Summary.Road {
			if s.Product == sc.Product && s.Month != nil && (from == nil || *s.Month >= *from) {
				from, last = s.Month, s.Stage
			}
		}
		ended := short[sc.Product] && lastShortMonth(r, sc.Product) < r.Months-1
		switch {
		case ended && from != nil && *from > r.Start:
			out = append(out, shortEnds(sc.Product, name+" from "+monthString(*from)))
		case ended:
			out = append(out, shortEnds(sc.Product, name+" from the start"))
		case short[sc.Product] && from != nil && *from > r.Start:
			out = append(out, could(name+" from "+monthString(*from), []string{sc.Product}))
		case short[sc.Product]:
			coveredShort = append(coveredShort, name)
			coveredShortIDs = append(coveredShortIDs, sc.Product)
		case dependent[sc.Product] && from != nil && *from > r.Start:
			dependentLater = append(dependentLater, name+" from "+monthString(*from))
			laterIDs = append(laterIDs, sc.Product)
		case dependent[sc.Product]:
			coveredDependent = append(coveredDependent, name)
			fromStartIDs = append(fromStartIDs, sc.Product)
		case from != nil && *from > r.Start:
			waited := ""
			if last != sc.Product {
				waited = ", once " + productNameByID(r, last) + " is covered"
			}
			out = append(out, fmt.Sprintf("Capacity outside %s with its own feed covers %s need of %s from %s%s.", ids.country(r.Rival), possessive(imp), name, monthString(*from), waited))
			laterThan(sc.Product, *from)
		default:
			covered = append(covered, name)
			laterThan(sc.Product, r.Start)
		}
	}
	if len(covered) > 0 {
		out = append(out, fmt.Sprintf("Capacity outside %s with its own feed covers %s need of %s from the start.", ids.country(r.Rival), possessive(imp), joinAnd(covered)))
	}
	if len(coveredShort) > 0 {
		out = append(out, could(joinAnd(coveredShort)+" from the start", coveredShortIDs))
	}
	// One sentence for every product covered by capacity yet still bought through the
	// rival: those covered later first, each with its month, then those covered from the
	// start.
	if len(coveredDependent) > 0 {
		dependentLater = append(dependentLater, joinAnd(coveredDependent)+" from the start")
	}
	if len(dependentLater) > 0 {
		out = append(out, stillBuys(strings.Join(dependentLater, ", and of "), append(laterIDs, fromStartIDs...)))
	}
	if len(later) > 0 {
		out = append(out, fmt.Sprintf("In this run %s supply becomes free of %s later than that capacity covers it: %s (the road measures capacity, not where supply comes from).",
			possessive(imp), ids.country(r.Rival), joinAnd(later)))
	}
	return out
}

// rivalFreeShares returns the share of the importer's supply of product id that never
// passed through the rival, over the horizon and over its last 12 months (0 when there
// is no supply).
func rivalFreeShares(r *result.Run, id string) (whole, lastYear float64) {
	p := productIndex(r, id)
	if p < 0 {
		return 0, 0
	}
	sup, free := column(r, r.Supply, p), column(r, r.RivalFree, p)
	share := func(from int) float64 {
		s, f := total(sup[from:]), total(free[from:])
		if s <= 0 {
			return 0
		}
		return f / s
	}
	return share(0), share(max(0, r.Months-12))
}

// smallPct formats a share as a percentage with one decimal, or with two significant
// digits when it is below 0.1 % but not zero: "0.005", not "0", for a sliver.
func smallPct(frac float64) string {
	if v := frac * 100; v > 0 && v < 0.05 {
		return strconv.FormatFloat(v, 'g', 2, 64)
	}
	return Pct(frac)
}

// lastShortMonth returns the index of the last month the run leaves the importer short of
// product id (a shortfall above shortMonthShare of demand), or -1 when it never is.
func lastShortMonth(r *result.Run, id string) int {
	p := productIndex(r, id)
	for t := r.Months - 1; t >= 0 && p >= 0; t-- {
		if d := at(r.Demand, t, p); d > 0 && at(r.Shortfall, t, p) > shortMonthShare*d {
			return t
		}
	}
	return -1
}

// thriftNote is what a sentence on product id's supply adds, between pre and post, when
// prices have cut the importer's demand for good and its supply free of the rival covers
// what is left but not the need at baseline prices: "27% lower demand than at baseline
// prices". With a verb ("covered", "met"), it adds the last month's figures and what
// they mean. Empty otherwise, and for results written before the last month's demand
// was kept.
func thriftNote(r *result.Run, id, pre, post, verb string) string {
	i := slices.IndexFunc(r.Summary.DemandResponse, func(d result.ProductDemand) bool { return d.Product == id })
	if i < 0 || r.Months == 0 {
		return ""
	}
	d := r.Summary.DemandResponse[i]
	base, run := d.LastAtBaselinePrice, d.LastAtRunPrices
	if base <= 0 || run >= (1-demandCutShare)*base {
		return ""
	}
	if free := at(r.RivalFree, r.Months-1, productIndex(r, id)); free >= (1-demandCutShare)*base {
		return "" // supply free of the rival would cover the need at baseline prices too
	}
	out := pre + Pct(1-run/base) + "% lower demand than at baseline prices"
	if verb != "" {
		out += fmt.Sprintf(" (%s t/month against %s in %s, the run's last month): prices cut its demand for good, and what is %s is that lower demand, not the need at baseline prices",
			Num(run, 2), Num(base, 2), monthAt(r, r.Months-1), verb)
	}
	return out + post
}

// sharedNames is how many covered stages sharedCapacity names at most.
const sharedNames = 3

// sharedCapacity names the covered stages whose capacity outside the rival (with its own
// feed) covers the importer's need only if the other countries outside the rival give up
// theirs: the road counts all of it for the importer, so Japan and the EU each read
// "covered" by the same plants (trial). Stages are named once, the first final product's
// figures kept, largest shortfall against the importer's and the others' need first.
func sharedCapacity(ids *pageCtx, r *result.Run) string {
	type stage struct {
		id, name        string
		fed, need, more float64
		covered         bool // the road covers it for some final product
	}
	// A stage that feeds several final products (rare-earth concentrate feeds magnets and
	// the other oxides) is set against all their needs together: its capacity is one.
	var list []*stage
	at := map[string]*stage{}
	// Only stages of the chains the scenario touches are named, each set against the
	// needs of every product it feeds.
	focus := focusProducts(r)
	named := map[string]bool{}
	for _, sc := range r.Summary.Road {
		named[sc.Stage] = named[sc.Stage] || inFocus(focus, sc.Product)
		x, ok := at[sc.Stage]
		if !ok {
			x = &stage{id: sc.Stage, name: productNameByID(r, sc.Stage), fed: sc.FedTPerYear}
			at[sc.Stage] = x
			list = append(list, x)
		}
		x.need += sc.NeedTPerYear
		x.more += sc.OthersNeedTPerYear
		x.covered = x.covered || sc.Month != nil
	}
	list = slices.DeleteFunc(list, func(x *stage) bool { return !x.covered || x.fed >= x.need+x.more || !named[x.id] })
	if len(list) == 0 {
		return ""
	}
	slices.SortStableFunc(list, func(a, b *stage) int {
		return cmp.Compare(b.need+b.more-b.fed, a.need+a.more-a.fed)
	})
	imp, riv := ids.country(r.Importer), ids.country(r.Rival)
	var parts []string
	for _, x := range list[:min(len(list), sharedNames)] {
		parts = append(parts, fmt.Sprintf("%s (%s t/yr; %s needs %s, the others %s)", x.name, Num(x.fed, 0), imp, Num(x.need, 0), Num(x.more, 0)))
	}
	more := ""
	if n := len(list) - sharedNames; n > 0 {
		more = fmt.Sprintf(", and %d more (road table)", n)
	}
	// The figure is the road's fed capacity, which the road table prints beside the bare
	// capacity: a trial read "capacity 11930 t/yr" against the table's 41930.
	return fmt.Sprintf("The road counts all capacity outside %s for %s, but other countries outside %s need the same capacity for their own demand, and together they need more than capacity outside %s with feed from outside %s can make of %s%s: covered means %s could do without %s only if it took what the others use. Those t/yr are the road table's \"with non-%s feed\", not its \"capacity outside %s\", which counts plants whatever their feed.",
		riv, imp, riv, riv, riv, joinAnd(parts), more, imp, riv, r.Rival, r.Rival)
}

// compareRoadTable sets the month each stage is covered in A beside B's.
func compareRoadTable(a, b *result.Run) *Table {
	t := &Table{Title: pairTitle("Road to independence: month each stage is covered by capacity outside the rival with its own feed", a, b),
		Columns: compareColumns(Column{Name: "product"}, Column{Name: "stage"}),
		Notes:   append([]string{"differences in months; n/a unless both runs cover the stage"}, crossNote(a, b)...)}
	type key struct{ product, stage string }
	monthOf := func(r *result.Run) map[key]*result.Month {
		m := map[key]*result.Month{}
		for _, sc := range r.Summary.Road {
			m[key{sc.Product, sc.Stage}] = sc.Month
		}
		return m
	}
	ma, mb := monthOf(a), monthOf(b)
	var keys []key
	for _, r := range []*result.Run{a, b} {
		for _, sc := range r.Summary.Road {
			k := key{sc.Product, sc.Stage}
			if _, dup := ma[k]; dup && r == b {
				continue
			}
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		t.Add(k.product, k.stage, "YYYY-MM; months", monthOr(ma[k], "never"), monthOr(mb[k], "never"), monthDiff(ma[k], mb[k]))
	}
	return t
}
