package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// shortMonthShare is the shortfall, as a share of demand, from which a month counts as
// short: the engine's threshold for Summary.MonthsShort.
const shortMonthShare = 0.001

// runVerdict is the plain-language summary that leads a run report: who runs short, of
// what, for how many months and how badly; how far prices move; which defense programmes
// are delayed; whether the importer becomes independent of the rival; and what the
// responses cost.
func runVerdict(ids *pageCtx, r *result.Run) []string { return runVerdictOf(ids, r, nil) }

// runVerdictOf is runVerdict of r run from the resolved scenario sc (nil: none of the
// parts that need it): it names the scenario's outages beside its controls, and its first
// line says when the dates it gives assume every project on time.
func runVerdictOf(ids *pageCtx, r *result.Run, sc *scenario.Scenario) []string {
	imp, riv := ids.country(r.Importer), ids.country(r.Rival)
	var out []string

	var shortOf []string
	short := shortProducts(r)
	for _, p := range finalProducts(r) {
		if st := statsOf(r, p); short[r.Products[p].ID] {
			shortOf = append(shortOf, fmt.Sprintf("%s (%s t over the horizon, %s%% of demand)", productName(r.Products[p]),
				Num(st.shortfallT, 0), Pct(st.shortfallT/st.demandT)))
		}
	}
	s := r.Summary
	cut := demandCut(ids, r)
	switch {
	case (len(shortOf) == 0 || s.MonthsShort == 0) && cut != "":
		// Never short of what it still asks for, yet prices took demand off: the cut is
		// the run's measure of scarcity, and the sentence says so before a reader takes
		// "never short" for "unharmed".
		out = append(out, fmt.Sprintf("%s is never short of what it still demands over %s, but prices cut that demand, and the cut is this run's measure of scarcity:", imp, horizon(r)))
	case len(shortOf) == 0 || s.MonthsShort == 0:
		out = append(out, fmt.Sprintf("%s is never short of any final product over %s.", imp, horizon(r)))
	default:
		out = append(out, fmt.Sprintf("%s runs short in %d of %d months, of %s. The worst month is %s, when %s is %s%% short (%s t that month).%s",
			imp, s.MonthsShort, r.Months, joinAnd(shortOf), monthOr(s.PeakShortfallMonth, "?"),
			productNameByID(r, s.PeakShortfallProduct), Pct(s.PeakShortfallShare), Num(s.PeakShortfallT, 1), lastShortSentence(imp, r)))
	}

	if cut != "" {
		out = append(out, cut)
	}
	licensedOwn, licensedOthers := licensedSentences(ids, r)
	out = append(out, licensedOwn...)
	if o := outageSentence(ids, sc, r); o != "" {
		out = append(out, o)
	}

	// The final product whose outside price rises most against its start.
	best, bestP := 1.0, -1
	for _, p := range finalProducts(r) {
		st := statsOf(r, p)
		if st.outStart > 0 && finite(st.outPeak) && st.outPeak/st.outStart > best {
			best, bestP = st.outPeak/st.outStart, p
		}
	}
	if bestP >= 0 && best >= 1.05 {
		st := statsOf(r, bestP)
		info := r.Products[bestP]
		out = append(out, fmt.Sprintf("Outside %s, the price of %s rises from %s to at most %s USD/kg (%s times its start) and ends at %s USD/kg.",
			riv, productName(info), Num(st.outStart, 2), Num(st.outPeak, 2), Num(best, 2), Num(st.outEnd, 2))+atCap(r, info.ID))
	} else {
		out = append(out, fmt.Sprintf("No final product's price outside %s rises more than 5%% above its start.", riv))
	}
	// An intermediate product whose price rises far more (Tb metal behind Tb oxide) is
	// named too: final products alone can hide the scarcest stage.
	upBest, upP := max(best, 1.05)*1.25, -1
	for p := range r.Products {
		if r.Products[p].Final {
			continue
		}
		st := statsOf(r, p)
		if st.outStart > 0 && finite(st.outPeak) && st.outPeak/st.outStart > upBest {
			upBest, upP = st.outPeak/st.outStart, p
		}
	}
	if upP >= 0 {
		st := statsOf(r, upP)
		out = append(out, fmt.Sprintf("Among intermediate products, the price of %s outside %s rises further: from %s to at most %s USD/kg (%s times its start), ending at %s USD/kg.",
			productName(r.Products[upP]), riv, Num(st.outStart, 2), Num(st.outPeak, 2), Num(upBest, 2), Num(st.outEnd, 2))+atCap(r, r.Products[upP].ID))
	}

	if u := unpricedSentence(ids, r); u != "" {
		out = append(out, u)
	}
	if e := endPriceSentence(ids, r, bestP, upP); e != "" {
		out = append(out, e)
	}
	if g := glutSentence(ids, r); g != "" {
		out = append(out, g)
	}

	var delayed []string
	for _, e := range r.EndItems {
		if e.UnitsPerYear <= 0 {
			continue
		}
		lo, hi := s.EndItemsLostHigh[e.ID], s.EndItemsLostLow[e.ID]
		if hi < 0.5 {
			continue
		}
		span := func(lo, hi float64, prec int) string {
			if Num(lo, prec) == Num(hi, prec) {
				return Num(lo, prec)
			}
			return Num(lo, prec) + " to " + Num(hi, prec)
		}
		perMonth := e.UnitsPerYear / 12
		scope := ""
		if e.RateScope != "" {
			scope = ", at a build rate of " + Num(e.UnitsPerYear, 0) + " a year counting " + e.RateScope
		}
		delayed = append(delayed, fmt.Sprintf("%s by %s units (%s months of production%s)", e.Name, span(lo, hi, 0), span(lo/perMonth, hi/perMonth, 1), scope))
	}
	if len(delayed) > 0 {
		out = append(out, "Charged alone with the defense-sector shortfall, each programme could be delayed at most as follows: "+joinAnd(delayed)+". Programmes do not add up.")
	}
	if !slices.ContainsFunc(r.EndItems, func(e result.EndItemInfo) bool { return e.SectorOrDefense() == result.DefenseSector }) {
		out = append(out, fmt.Sprintf("No defense programme is assessed for %s: the data gives it no defense-sector demand, so its defense row reads 0 whatever happens.", imp))
	}

	if e := entrySentence(ids, r); e != "" {
		out = append(out, e)
	}
	if i := idleCapacity(ids, r); i != "" {
		out = append(out, i)
	}
	out = append(out, roadSentences(ids, r)...)
	if s.Independence != nil {
		out = append(out, fmt.Sprintf("%s becomes independent of %s in %s: from then on, supply that never passed through %s covers its demand of every final product.",
			imp, riv, monthString(*s.Independence), riv))
	}
	out = append(out, purchaseSentences(ids, r)...)
	out = append(out, offtakeSentences(ids, r)...)
	if s.TotalCostMUSD > 0 {
		out = append(out, fmt.Sprintf("The scenario's responses cost %s million USD over the horizon, whoever pays (capex, stockpile purchases, price-floor payments and offtake premia).", Num(s.TotalCostMUSD, 0)))
	}
	// Controls that do not reach the importer follow its own lines.
	out = append(out, licensedOthers...)
	if o := otherProductsSentence(ids, r, focusProducts(r)); o != "" {
		out = append(out, o)
	}
	// The caveat joins the first line, or the line it leads into with a colon.
	first := 0
	if strings.HasSuffix(out[0], ":") && len(out) > 1 {
		first = 1
	}
	out[first] += onTime(sc, r, out)
	return out
}

// lastShortSentence is what the verdict's first line adds on when the shortage ends: the
// last month the importer is short of any final product, or that it is still short in
// the run's last month, so that the first line answers "by when".
func lastShortSentence(imp string, r *result.Run) string {
	lastM := -1
	for _, p := range finalProducts(r) {
		lastM = max(lastM, lastShortMonth(r, r.Products[p].ID))
	}
	switch {
	case lastM < 0:
		return ""
	case lastM == r.Months-1:
		return fmt.Sprintf(" %s is still short in the run's last month, %s.", capitalized(imp), monthAt(r, lastM))
	}
	return fmt.Sprintf(" %s last short month is %s.", capitalized(possessive(imp)), monthAt(r, lastM))
}

// dataCaveatsHeading opens the sentences of dataCaveats after a run's verdict.
const dataCaveatsHeading = "About the data behind these figures:"

// dataCaveats are the sentences on what the run's data and scope leave out, said after
// the verdict under dataCaveatsHeading so that the verdict stays a reading of the run:
// capacity the road counts for the importer that other countries need, import origins far
// from the trade data, demand that is an estimate, stages the run does not simulate,
// rival shares far from the world data, capacity the data lists idle, and users'
// starting stocks that are estimates.
// Empty when there is nothing to say.
func dataCaveats(ids *pageCtx, r *result.Run) []string {
	var out []string
	if s := sharedCapacity(ids, r); s != "" {
		out = append(out, s)
	}
	if o := originSentence(ids, r); o != "" {
		out = append(out, o)
	}
	if d := demandBasisSentence(ids, r); d != "" {
		out = append(out, d)
	}
	if u := unsimulatedSentence(ids, r); u != "" {
		out = append(out, u)
	}
	if c := shareCheckSentence(ids, r); c != "" {
		out = append(out, c)
	}
	if i := idleDataSentence(ids, r); i != "" {
		out = append(out, i)
	}
	if s := startingStockSentence(ids, r); s != "" {
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil
	}
	return append([]string{dataCaveatsHeading}, out...)
}

// capacityGrowth is the growth of a product's world capacity over a run from which the
// verdict counts it as new capacity.
const capacityGrowth = 1.1

// grownProduct returns the product whose world capacity grows most over the run, by at
// least capacityGrowth, or -1: a run that adds processing capacity.
func grownProduct(r *result.Run) int {
	if r.Months == 0 || len(r.CountryCapacity) < r.Months {
		return -1
	}
	best, at := capacityGrowth, -1
	for p := range r.Products {
		start, end := 0.0, 0.0
		for _, v := range r.CountryCapacity[0][p] {
			start += v
		}
		for _, v := range r.CountryCapacity[r.Months-1][p] {
			end += v
		}
		if start > 0 && end/start >= best {
			best, at = end/start, p
		}
	}
	return at
}

// lastingRise is the ratio of a price's last month to its first from which the verdict
// names it as still up at the end of the run.
const lastingRise = 1.25

// lastingRiseNames is how many products each market's part of endPriceSentence names at
// most, furthest above their start first.
const lastingRiseNames = 3

// endPriceSentence names, in each market, the products whose prices end furthest above
// their start (at most lastingRiseNames), when at least lastingRise and not already the
// subject of a price sentence (skip1, skip2: the products of those sentences, which speak
// of outside prices, -1 for none). A peak can hide
// a price that is still high, or still rising, when the run ends: China's own prices, or
// an input that new capacity keeps short after a control has ended.
func endPriceSentence(ids *pageCtx, r *result.Run, skip1, skip2 int) string {
	riv := ids.country(r.Rival)
	var parts []string
	for _, mk := range []struct {
		where      string
		start, end func(productStats) float64
		inside     bool
	}{
		{"outside " + riv, func(s productStats) float64 { return s.outStart }, func(s productStats) float64 { return s.outEnd }, false},
		{"inside " + riv, func(s productStats) float64 { return s.inStart }, func(s productStats) float64 { return s.inEnd }, true},
	} {
		if mk.inside && r.Rival == "" {
			continue
		}
		type rise struct {
			p     int
			ratio float64
		}
		var rises []rise
		for p := range r.Products {
			if !mk.inside && (p == skip1 || p == skip2) {
				continue
			}
			st := statsOf(r, p)
			if s, e := mk.start(st), mk.end(st); s > 0 && finite(e) && e/s >= lastingRise {
				rises = append(rises, rise{p, e / s})
			}
		}
		// Furthest up first; ties in product order, so the sentence is deterministic.
		slices.SortStableFunc(rises, func(a, b rise) int { return cmp.Compare(b.ratio, a.ratio) })
		var named []string
		for _, x := range rises[:min(len(rises), lastingRiseNames)] {
			name := productName(r.Products[x.p])
			named = append(named, fmt.Sprintf("%s at %s times %s start", name, Num(x.ratio, 2), itsOrTheir(name)))
		}
		if len(named) > 0 {
			parts = append(parts, mk.where+", "+joinAnd(named))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	out := "Prices still up when the run ends: " + strings.Join(parts, "; ") + "."
	if p := grownProduct(r); p >= 0 {
		out += fmt.Sprintf(" The run adds capacity (%s among others), and new plants compete for feed from stages that run at full capacity in the data, which records no spare capacity: part of these lasting rises comes from that assumption, not from a market that would clear (docs/model.md, Markets with no slack).",
			productName(r.Products[p]))
	}
	return out
}

// demandCutShare is the cut of demand, over the horizon against baseline prices, from
// which the verdict names a product.
const demandCutShare = 0.01

// demandCut is the verdict's sentence on the demand prices took off (thrift and the
// short-run response): a run that is never short may still have cut use a lot.
func demandCut(ids *pageCtx, r *result.Run) string {
	var cuts []string
	for _, d := range r.Summary.DemandResponse {
		if d.AtBaselinePrice > 0 && d.AtRunPrices < (1-demandCutShare)*d.AtBaselinePrice {
			cuts = append(cuts, fmt.Sprintf("%s%% less %s (%s t against %s t)", Pct(1-d.AtRunPrices/d.AtBaselinePrice),
				productNameByID(r, d.Product), Num(d.AtRunPrices, 0), Num(d.AtBaselinePrice, 0)))
		}
	}
	if len(cuts) == 0 {
		return ""
	}
	return fmt.Sprintf("At the run's prices %s uses %s over the horizon than at baseline prices: thrift and the price response, which no shortfall counts.",
		ids.country(r.Importer), joinAnd(cuts))
}

// shortProducts is the set of final products the run leaves the importer short of over the
// horizon: a shortfall above shortMonthShare of demand.
func shortProducts(r *result.Run) map[string]bool {
	short := map[string]bool{}
	for _, p := range finalProducts(r) {
		if st := statsOf(r, p); st.demandT > 0 && st.shortfallT > shortMonthShare*st.demandT {
			short[r.Products[p].ID] = true
		}
	}
	return short
}

// atCap is what a price sentence about product id's outside price adds when its target
// sat at the price cap: the peak is then the model's bound, not a forecast.
func atCap(r *result.Run, id string) string {
	for _, c := range r.Summary.PriceCapMonths {
		if c.Product == id && c.Market == "outside" && c.Bound == "cap" {
			return fmt.Sprintf(" Its target price sat at the model's cap for %d months (parameter price_cap, an estimate): the peak is that bound, not a forecast.", c.Months)
		}
	}
	return ""
}

// joinAnd joins items as "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// minAvoidedShare is the share of the reference run's shortfall of a product that the
// other run must deliver more of before the comparison gives a cost per tonne.
const minAvoidedShare = 0.01

// compareVerdict is the plain-language summary that leads a comparison: how B's
// shortfall, short months, prices and cost differ from A's, and what B pays per tonne of
// shortfall it avoids against A, the reference run.
func compareVerdict(ids *pageCtx, a, b *result.Run) []string {
	sa, sb := a.Summary, b.Summary
	impA, impB := ids.country(a.Importer), ids.country(b.Importer)
	// Runs for two importers compare two exposures, not a policy against a reference: every
	// sentence then names whose figure it gives (a trial read the EU's 106 months short
	// under "JPN").
	cross := a.Importer != b.Importer
	out := []string{fmt.Sprintf("A, %s, is the reference run; B is %s.", runTitle(a), runTitle(b))}
	if cross {
		out[0] = fmt.Sprintf("A, %s, is the reference run, for %s; B is %s, for %s.", runTitle(a), impA, runTitle(b), impB)
		out = append(out, fmt.Sprintf("The runs are for different importers: each figure is its own importer's, so B minus A sets %s exposure against %s, not what one policy changes for one importer.",
			possessive(impB), possessive(impA)))
	}
	if !sameHorizon(a, b) {
		out = append(out, fmt.Sprintf("The runs cover different horizons (A %s, B %s): totals over the horizon, and their differences, do not compare; monthly series are compared over the months both cover.",
			horizon(a), horizon(b)))
	}
	// Shortfalls are in each product's own tonnes (magnet, oxide), which do not add up: they
	// are given product by product.
	shorts := shortfallPairs(a, b)
	switch {
	case len(shorts) == 0 && cross:
		out = append(out, fmt.Sprintf("Neither %s under A nor %s under B is short of a final product.", impA, impB))
	case len(shorts) == 0:
		out = append(out, fmt.Sprintf("Neither run leaves %s short of a final product.", ids.country(b.Importer)))
	case cross:
		var each []string
		for _, s := range shorts {
			each = append(each, fmt.Sprintf("%s %s t for %s under A and %s t for %s under B", productNameByID(b, s.product), Num(s.a, 0), impA, Num(s.b, 0), impB))
		}
		out = append(out, fmt.Sprintf("%s is short in %d months under A and %s in %d under B; the worst month is %s%% short for %s under A and %s%% for %s under B. Shortfall over the horizon: %s.",
			capitalized(impA), sa.MonthsShort, impB, sb.MonthsShort, Pct(sa.PeakShortfallShare), impA, Pct(sb.PeakShortfallShare), impB, strings.Join(each, "; ")))
		if s := sameByConstruction(ids, a, b, shorts); s != "" {
			out = append(out, s)
		}
	default:
		var each []string
		for _, s := range shorts {
			each = append(each, fmt.Sprintf("%s %s t under A and %s t under B", productNameByID(b, s.product), Num(s.a, 0), Num(s.b, 0)))
		}
		out = append(out, fmt.Sprintf("%s is short in %d months under A and %d under B, and the worst month is %s%% short under A and %s%% under B. Its shortfall over the horizon: %s.",
			ids.country(b.Importer), sa.MonthsShort, sb.MonthsShort, Pct(sa.PeakShortfallShare), Pct(sb.PeakShortfallShare), strings.Join(each, "; ")))
	}
	extra := sb.TotalCostMUSD - sa.TotalCostMUSD
	if extra != 0 {
		line := fmt.Sprintf("B costs %s million USD more than A", Num(extra, 0))
		if extra < 0 {
			line = fmt.Sprintf("B costs %s million USD less than A", Num(-extra, 0))
		}
		line += costPerTonneGained(ids, a, b, shorts, extra)
		out = append(out, line+".")
	}
	if d := demandDifference(ids, a, b); d != "" {
		out = append(out, d)
	}
	if d := endPriceDifference(ids, a, b); d != "" {
		out = append(out, d)
	}
	// The road in each run; a sentence both runs share is said once.
	ra, rb := roadSentences(ids, a), roadSentences(ids, b)
	// A road sentence speaks of "this run"; said of both runs, it speaks of each. One that
	// opens with a country's name keeps its capital ("Under A, United States' ...": the
	// HTML report names countries in full).
	names := []string{ids.country(a.Importer), ids.country(b.Importer), ids.country(a.Rival), ids.country(b.Rival)}
	uncapitalized := func(p string) string { return uncapitalizedUnless(p, names) }
	for _, line := range ra {
		if slices.Contains(rb, line) {
			out = append(out, "Under both, "+uncapitalized(strings.ReplaceAll(line, "in this run", "in each run")))
		} else {
			out = append(out, "Under A, "+uncapitalized(strings.ReplaceAll(line, "in this run", "in that run")))
		}
	}
	for _, line := range rb {
		if !slices.Contains(ra, line) {
			out = append(out, "Under B, "+uncapitalized(strings.ReplaceAll(line, "in this run", "in that run")))
		}
	}
	switch {
	case sa.Independence == nil && sb.Independence == nil:
	case a.Rival != b.Rival:
		out = append(out, fmt.Sprintf("Independence: from %s, %s for %s under A; from %s, %s for %s under B.",
			ids.country(a.Rival), monthOr(sa.Independence, notWithinHorizon), impA, ids.country(b.Rival), monthOr(sb.Independence, notWithinHorizon), impB))
	case cross:
		out = append(out, fmt.Sprintf("Independence from %s: %s for %s under A, %s for %s under B.", ids.country(b.Rival),
			monthOr(sa.Independence, notWithinHorizon), impA, monthOr(sb.Independence, notWithinHorizon), impB))
	default:
		out = append(out, fmt.Sprintf("Independence from %s: %s under A, %s under B.", ids.country(b.Rival),
			monthOr(sa.Independence, notWithinHorizon), monthOr(sb.Independence, notWithinHorizon)))
	}
	return out
}

// sameHorizon reports whether two runs cover the same months.
func sameHorizon(a, b *result.Run) bool { return a.Start == b.Start && a.Months == b.Months }

// demandDifference names the final products whose demand over the horizon, at each run's
// prices, differs between A and B by more than demandCutShare of A's: demand that prices
// took off, which neither run counts as a shortfall, so a response that "avoids no
// shortfall" may still cost or save demand.
func demandDifference(ids *pageCtx, a, b *result.Run) string {
	if !sameHorizon(a, b) || a.Importer != b.Importer {
		// Totals over different horizons, or of different importers, do not compare.
		return ""
	}
	var parts []string
	for _, db := range b.Summary.DemandResponse {
		i := slices.IndexFunc(a.Summary.DemandResponse, func(d result.ProductDemand) bool { return d.Product == db.Product })
		if i < 0 {
			continue
		}
		da := a.Summary.DemandResponse[i]
		if da.AtRunPrices <= 0 || math.Abs(db.AtRunPrices-da.AtRunPrices) <= demandCutShare*da.AtRunPrices {
			continue
		}
		more := "less"
		if db.AtRunPrices > da.AtRunPrices {
			more = "more"
		}
		parts = append(parts, fmt.Sprintf("%s%% %s %s than under A (%s t against %s t)", Pct(math.Abs(db.AtRunPrices/da.AtRunPrices-1)), more,
			productNameByID(b, db.Product), Num(db.AtRunPrices, 0), Num(da.AtRunPrices, 0)))
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("Under B %s uses %s over the horizon: demand that prices took off or gave back, which no shortfall counts.",
		ids.country(b.Importer), joinAnd(parts))
}

// priceDifferenceShare is the relative difference of two runs' prices from which a
// comparison names it.
const priceDifferenceShare = 0.1

// priceSettledMonths is how many months before the end of the later run the last short month
// of either run must lie for the comparison to set prices side by side at their peak,
// not at the end of the run: a disruption that ended years before leaves end prices
// that say little of it.
const priceSettledMonths = 24

// lastShortOfEither returns the last calendar month either run leaves its importer short
// of a final product, and false when neither ever is.
func lastShortOfEither(a, b *result.Run) (result.Month, bool) {
	var lastM result.Month
	found := false
	for _, r := range []*result.Run{a, b} {
		for _, p := range finalProducts(r) {
			if m := lastShortMonth(r, r.Products[p].ID); m >= 0 && (!found || r.Start+result.Month(m) > lastM) {
				lastM, found = r.Start+result.Month(m), true
			}
		}
	}
	return lastM, found
}

// endPriceDifference names the final product and market whose price is most above A's
// under B, and the one most below, each when the relative difference is at least
// priceDifferenceShare: what a response does to prices, which shortfalls and costs do not
// show. Both are named, since the largest difference alone can be a glut (Tb oxide -88 %
// under the US package) that hides the rise a reader pays (NdPr oxide +77 %; trial).
// Only final products are named, the products whose prices the comparison's tables show
// (a trial found "dysprosium metal inside CHN" in the sentence and in no table). Prices
// are set side by side at the end of the run, or, when both runs' shortages ended at
// least priceSettledMonths before it, at their peak outside the rival (the table's outside
// price peak), the figure that measures a disruption long over.
func endPriceDifference(ids *pageCtx, a, b *result.Run) string {
	type diff struct {
		text  string
		share float64
	}
	if a.Rival != b.Rival {
		return "" // the markets inside and outside two rivals are not the same markets
	}
	atPeak := false
	lastShort, short := lastShortOfEither(a, b)
	if endM := max(a.Start+result.Month(a.Months), b.Start+result.Month(b.Months)) - 1; short && endM-lastShort >= priceSettledMonths {
		atPeak = true
	}
	up, down := diff{share: priceDifferenceShare}, diff{share: priceDifferenceShare}
	for _, p := range finalProducts(b) {
		info := b.Products[p]
		pa := productIndex(a, info.ID)
		if pa < 0 {
			continue
		}
		type market struct {
			where  string
			va, vb float64
		}
		markets := []market{
			{"outside " + ids.country(b.Rival), last(column(a, a.PriceOut, pa)), last(column(b, b.PriceOut, p))},
			{"inside " + ids.country(b.Rival), last(column(a, a.PriceIn, pa)), last(column(b, b.PriceIn, p))},
		}
		if atPeak {
			// The tables show the peak of the outside price only.
			pkA, _ := peak(column(a, a.PriceOut, pa))
			pkB, _ := peak(column(b, b.PriceOut, p))
			markets = []market{{"outside " + ids.country(b.Rival), pkA, pkB}}
		}
		for _, mk := range markets {
			if mk.va <= 0 || !finite(mk.vb) || b.Rival == "" && strings.HasPrefix(mk.where, "inside") {
				continue
			}
			text := fmt.Sprintf("%s %s, %s USD/kg under B against %s under A (%+.0f%%)", productName(info), mk.where, Num(mk.vb, 2), Num(mk.va, 2), 100*(mk.vb/mk.va-1))
			if d := mk.vb/mk.va - 1; d >= up.share {
				up = diff{text, d}
			}
			if d := 1 - mk.vb/mk.va; d >= down.share {
				down = diff{text, d}
			}
		}
	}
	when := "At the end of the run the price"
	if atPeak {
		when = fmt.Sprintf("Both runs' shortages are over by %s, long before the runs end, so prices are set side by side at their peak: the peak price", monthString(lastShort+1))
	}
	switch {
	case up.text != "" && down.text != "":
		return fmt.Sprintf("%s furthest above A's under B is that of %s, and the one furthest below, that of %s.", when, up.text, down.text)
	case up.text != "":
		return fmt.Sprintf("%s furthest above A's under B is that of %s.", when, up.text)
	case down.text != "":
		return fmt.Sprintf("%s furthest below A's under B is that of %s.", when, down.text)
	}
	return ""
}

// costPerTonneGained is what the comparison's cost line adds after "B costs N million USD
// more than A" (extra > 0): the cost per tonne of a final product B delivers more than A.
// It counts supply gained, B's supply over the horizon minus A's, not shortfall avoided:
// shortfall is measured against demand at each run's own prices, so B's higher prices
// lower its shortfall by removing demand without delivering a tonne more (a trial read
// "658793 USD per tonne of NdFeB magnet shortfall avoided (8887 t avoided)" where both
// runs delivered 4111.5 t). Supply is the figure both runs' tables share.
func costPerTonneGained(ids *pageCtx, a, b *result.Run, shorts []shortfallPair, extra float64) string {
	if extra <= 0 {
		return ""
	}
	if a.Importer != b.Importer {
		// A tonne B delivers to one importer is not a tonne A lacks for the other.
		return fmt.Sprintf("; the shortfalls are %s and %s, so no cost per tonne avoided is given", possessive(ids.country(a.Importer)), possessive(ids.country(b.Importer)))
	}
	type change struct {
		shortfallPair
		supA, supB float64
	}
	var changed []change
	for _, s := range shorts {
		stA, _ := statsByID(a, s.product)
		stB, _ := statsByID(b, s.product)
		if c := (change{s, stA.supplyT, stB.supplyT}); c.a > c.b || c.supB > c.supA {
			changed = append(changed, c)
		}
	}
	switch len(changed) {
	case 0:
		return ", and avoids no shortfall against A"
	case 1:
	default:
		return fmt.Sprintf(", and avoids shortfall of %d products whose tonnes do not add up, so no cost per tonne is given", len(changed))
	}
	c := changed[0]
	name := productNameByID(b, c.product)
	gained, avoided := c.supB-c.supA, c.a-c.b
	switch {
	case gained < 0.5:
		// Printed as 0 t or less: no tonne to set the cost against.
		out := fmt.Sprintf(", and no cost per tonne is given: B delivers no more %s than A (%s t against %s t over the horizon)", name, Num(c.supB, 0), Num(c.supA, 0))
		if avoided > 0 {
			out += fmt.Sprintf("; its lower shortfall (%s t less) is demand its higher prices removed", Num(avoided, 0))
		}
		return out
	case gained < minAvoidedShare*c.a:
		// A cost per tonne over a sliver is a huge, meaningless number (a trial read
		// 114,173,638 USD per tonne): say how little is gained.
		return fmt.Sprintf(", and delivers only %s t more %s than A (%s%% of A's shortfall), too little for a cost per tonne", Num(gained, 0), name, Pct(gained/c.a))
	}
	out := fmt.Sprintf(", %s USD per tonne of %s B delivers more than A (%s t more supply over the horizon)", Num(extra*1e6/gained, 0), name, Num(gained, 0))
	if rest := avoided - gained; rest >= 0.5 && rest >= minAvoidedShare*avoided {
		out += fmt.Sprintf("; its shortfall is %s t lower, and the other %s t is demand its higher prices removed", Num(avoided, 0), Num(rest, 0))
	}
	// Stock a stockpile starts with is in the supply but not in the cost (initial_t costs
	// nothing): a trial's 2,000 t magnet stockpile was 2,000 of the 3,570 t "delivered more"
	// that the cost per tonne was set against.
	if drawn := stockpileDrawdown(b, c.product) - stockpileDrawdown(a, c.product); drawn >= 0.5 {
		out += fmt.Sprintf("; of the %s t B delivers more, up to %s t is stock its stockpiles drew down, whose starting tonnage is not in the cost, so what its other measures deliver costs more per tonne", Num(gained, 0), Num(min(drawn, gained), 0))
	}
	return out
}

// stockpileDrawdown is how far the importer's stockpile of product fell over the run, its
// first month's stock less its last's (0 when it did not fall or is not followed).
func stockpileDrawdown(r *result.Run, product string) float64 {
	p := slices.IndexFunc(r.Products, func(info result.ProductInfo) bool { return info.ID == product })
	if p < 0 || r.Months == 0 || len(r.Stockpile) < r.Months {
		return 0
	}
	return max(0, at(r.Stockpile, 0, p)-at(r.Stockpile, r.Months-1, p))
}

// A shortfallPair is a final product's shortfall over the horizon under A and under B,
// t of its basis.
type shortfallPair struct {
	product string
	a, b    float64
}

// shortfallPairs lists, in B's product order, the final products either run leaves the
// importer short of (shortProducts), with both runs' shortfalls.
func shortfallPairs(a, b *result.Run) []shortfallPair {
	shortA, shortB := shortProducts(a), shortProducts(b)
	of := func(r *result.Run, id string) float64 {
		if p := productIndex(r, id); p >= 0 {
			if v := total(column(r, r.Shortfall, p)); !math.IsNaN(v) {
				return v
			}
		}
		return 0
	}
	var out []shortfallPair
	for _, p := range finalProducts(b) {
		id := b.Products[p].ID
		if shortA[id] || shortB[id] {
			out = append(out, shortfallPair{id, of(a, id), of(b, id)})
		}
	}
	return out
}

// itsOrTheir is "their" for a product named in the plural ("other rare-earth oxides"),
// else "its".
func itsOrTheir(name string) string {
	if strings.HasSuffix(name, "oxides") || strings.HasSuffix(name, "metals") || strings.HasSuffix(name, "magnets") {
		return "their"
	}
	return "its"
}

// sameByConstruction is the compare verdict's warning that two importers' shortfalls
// match by construction: where every row of both importers' demand of a product is an
// estimate (result.Run.DemandBasis) and their peak shortfall shares and months short are
// equal, the two demands are shares of one estimated total that the run treats alike, and
// the comparison cannot tell their exposures apart (a trial compared Japan and the EU
// under one outage: 23 months and 63.2 % for both, their magnet demands 25 and 30 % of one
// estimated regional split, docs/sim-data.md).
func sameByConstruction(ids *pageCtx, a, b *result.Run, shorts []shortfallPair) string {
	sa, sb := a.Summary, b.Summary
	if sa.MonthsShort != sb.MonthsShort || math.Abs(sa.PeakShortfallShare-sb.PeakShortfallShare) > 1e-9 {
		return ""
	}
	estimated := func(r *result.Run, product string) bool {
		n := 0
		for _, d := range r.DemandBasis {
			if d.Product == product {
				if d.Status != "estimated" {
					return false
				}
				n++
			}
		}
		return n > 0
	}
	var names []string
	for _, s := range shorts {
		if estimated(a, s.product) && estimated(b, s.product) {
			names = append(names, productNameByID(b, s.product))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("Both importers' demand of %s is an estimate (sim_demand.csv), and their shortfalls match in months and worst share: they are shares of one estimated total that the run treats alike, so this comparison does not tell %s exposure from %s (docs/sim-data.md gives the split).",
		joinAnd(names), possessive(ids.country(a.Importer)), possessive(ids.country(b.Importer)))
}
