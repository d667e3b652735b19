package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// notWithinHorizon is printed for a milestone the run never reaches.
const notWithinHorizon = "not within horizon"

// RunSummary is the output of critmin run: its tables are the headline, the final
// products' volumes and prices, end items lost, shortfall by sector and cost by kind; its
// Value, printed by --json, is the whole Result.
func RunSummary(r *result.Run) Output {
	out := Output{
		Value: r,
		Lead:  append(runVerdict(&pageCtx{}, r), dataCaveats(&pageCtx{}, r)...),
		Tables: []*Table{
			headlineTable(r),
			productVolumeTable(r),
			productPriceTable(r),
			roadTable(r),
		},
	}
	if t := entryTable(r); t != nil {
		out.Tables = append(out.Tables, t)
	}
	out.Tables = append(out.Tables, endItemsLostTables(r)...)
	out.Tables = append(out.Tables, sectorTable(r), costTable(r))
	return out
}

// RunLead is the summary in words `critmin run` prints before its tables for r, run from
// the resolved scenario sc (nil: none of the parts that need it): the verdict, the data
// caveats, the scenario's parts that cannot act and its point values, each paragraph
// opening with a capital. result.Run.Verdict stores it.
func RunLead(r *result.Run, sc *scenario.Scenario) []string {
	lead := slices.Concat(runVerdictOf(&pageCtx{}, r, sc), PriceInversions(r), LastingAfterDisruption(sc, r), dataCaveats(&pageCtx{}, r), NoEffectCaveats(sc, r))
	if sc != nil {
		lead = append(lead, PointCaveats(sc)...)
	}
	for i, p := range lead {
		lead[i] = capitalized(p)
	}
	return lead
}

// runTitle names a run for table titles: its title, or its scenario name when untitled.
func runTitle(r *result.Run) string {
	if r.Title != "" {
		return r.Title
	}
	return r.Scenario
}

// horizon describes the months a run covers.
func horizon(r *result.Run) string {
	if r.Months <= 0 {
		return "no months"
	}
	return fmt.Sprintf("%s to %s, %d months", monthAt(r, 0), monthAt(r, r.Months-1), r.Months)
}

// sci formats a small residual in scientific notation with three significant digits.
func sci(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'e', 2, 64)
}

// headlineRow is one line of the headline table.
type headlineRow struct {
	measure, value, unit, product, month string
}

func headlineRows(r *result.Run) []headlineRow {
	s := r.Summary
	rows := []headlineRow{
		{"peak shortfall share", Pct(s.PeakShortfallShare), "% of demand", s.PeakShortfallProduct, monthOr(s.PeakShortfallMonth, "")},
		{"peak shortfall", Num(s.PeakShortfallT, 1), "t/month", s.PeakShortfallProduct, monthOr(s.PeakShortfallMonth, "")},
		{"months short", strconv.Itoa(s.MonthsShort), "months", "", ""},
		{"stockpile exhausted", stockpileExhausted(r), "YYYY-MM", "", ""},
		{"independence from " + r.Rival, monthOr(s.Independence, notWithinHorizon), "YYYY-MM", "", ""},
		{"cost of the responses", Num(s.TotalCostMUSD, 1), "MUSD", "", ""},
		{"max mass-balance residual", sci(s.MaxMassBalance), "share of throughput", "", ""},
		ratioRow(s),
	}
	for _, p := range s.IndependenceByProduct {
		rows = append(rows, headlineRow{"independence from " + r.Rival + ", one product", monthOr(p.Month, notWithinHorizon), "YYYY-MM", p.Product, monthOr(p.Month, "")})
	}
	// A price held at the cap is a bound, not a market outcome: say so beside the figures.
	for _, c := range s.PriceCapMonths {
		rows = append(rows, headlineRow{"months at the price " + c.Bound + " (" + c.Market + " market): the price is a bound there", strconv.Itoa(c.Months), "months", c.Product, ""})
	}
	return rows
}

// stockpileExhausted is the headline cell of the month the stockpile ran out: the month,
// "never", or "no stockpile" when the importer's stockpile never holds anything and buys
// nothing (a trial read "never" under a ban with no stockpile as "the stockpile never ran
// out"). The JSON keeps null for both.
func stockpileExhausted(r *result.Run) string {
	if r.Summary.StockpileExhausted == nil && !hasStockpile(r) {
		return "no stockpile"
	}
	return monthOr(r.Summary.StockpileExhausted, "never")
}

// hasStockpile reports whether the importer's strategic stockpile holds stock in some
// month or plans purchases.
func hasStockpile(r *result.Run) bool {
	if len(r.Summary.StockpilePurchases) > 0 {
		return true
	}
	for _, m := range r.Stockpile {
		for _, v := range m {
			if v > 0 {
				return true
			}
		}
	}
	return false
}

// ratioRow is the headline row of the peak outside/inside price ratio; a peak that
// rounds to 1 names no product or month (a baseline's 1.00007 is no event).
func ratioRow(s result.Summary) headlineRow {
	row := headlineRow{"peak outside/inside price ratio", Num(s.PriceRatioPeak, 3), "ratio", s.PriceRatioPeakProduct, monthOr(s.PriceRatioPeakMonth, "")}
	if Num(s.PriceRatioPeak, 3) == Num(1, 3) {
		row.product, row.month = "", ""
	}
	return row
}

func headlineTable(r *result.Run) *Table {
	t := &Table{
		Title: fmt.Sprintf("%s: scenario %s, importer %s, rival %s, %s", runTitle(r), r.Scenario, r.Importer, r.Rival, horizon(r)),
		Columns: []Column{{Name: "measure"}, {Name: "value", Right: true}, {Name: "unit"},
			{Name: "product"}, {Name: "month", Unit: "YYYY-MM"}},
	}
	for _, h := range headlineRows(r) {
		t.Add(h.measure, h.value, h.unit, h.product, h.month)
	}
	t.Notes = []string{"a month counts as short when any final product's shortfall exceeds 0.1% of its demand; demand here and below is demand at the run's prices, after thrift and the price response (the final-product table sets it beside demand at baseline prices)",
		"independence: first month from which supply that never passed through the rival covers demand for 12 consecutive months (all final products together, then each); the road to independence below says, per stage, when capacity outside the rival could cover it",
		"cost of the responses: the scenario's capex, stockpile purchases, price-floor payments and offtake premia, whoever pays; not what users pay for dearer material"}
	return t
}

func productVolumeTable(r *result.Run) *Table {
	t := &Table{
		Title: "Final products, importer " + r.Importer + ", totals over the horizon",
		Columns: []Column{{Name: "product"}, {Name: "basis"}, {Name: "demand at baseline prices", Unit: "t", Right: true},
			// The CSV keeps the field names of the table before the headers said which demand.
			{Name: "demand at run prices", Unit: "t", Right: true, CSV: "demand_t"},
			{Name: "supply", Unit: "t", Right: true}, {Name: "shortfall", Unit: "t", Right: true},
			{Name: "shortfall", Unit: "% of demand at run prices", Right: true, CSV: "shortfall_pct_of_demand"},
			{Name: "peak shortfall", Unit: "% of demand at run prices", Right: true, CSV: "peak_shortfall_pct_of_demand"},
			{Name: "peak month", Unit: "YYYY-MM"}},
		Notes: []string{"tonnes are metric tonnes of each product's basis",
			"demand at run prices: what the importer still asks for once the run's prices have cut its use (thrift and the short-run response); shortfalls are shares of it, so the demand prices took off, the difference from the demand at baseline prices, is counted in no shortfall"},
	}
	atBaseline := map[string]float64{}
	for _, d := range r.Summary.DemandResponse {
		atBaseline[d.Product] = d.AtBaselinePrice
	}
	for _, p := range finalProducts(r) {
		st := statsOf(r, p)
		if st.demandT <= 0 {
			// A final product the importer does not demand (an oxide only processes use
			// there) has nothing to show: its prices are in the price table.
			continue
		}
		share := math.NaN()
		if st.demandT > 0 {
			share = st.shortfallT / st.demandT
		}
		peakMonth := ""
		if st.peakMonth >= 0 && st.peakShare > 0 {
			peakMonth = monthAt(r, st.peakMonth)
		}
		t.Add(r.Products[p].ID, r.Products[p].Basis, optMap(atBaseline, r.Products[p].ID, 1), Num(st.demandT, 1), Num(st.supplyT, 1), Num(st.shortfallT, 1),
			Pct(share), Pct(st.peakShare), peakMonth)
	}
	return t
}

func productPriceTable(r *result.Run) *Table {
	t := &Table{
		Title: "Final product prices outside and inside " + r.Rival + "'s market",
		Columns: []Column{{Name: "product"},
			{Name: "outside start", Unit: "USD/kg", Right: true}, {Name: "outside peak", Unit: "USD/kg", Right: true},
			{Name: "outside end", Unit: "USD/kg", Right: true}, {Name: "inside start", Unit: "USD/kg", Right: true},
			{Name: "inside peak", Unit: "USD/kg", Right: true}, {Name: "inside end", Unit: "USD/kg", Right: true}},
	}
	for _, p := range finalProducts(r) {
		st := statsOf(r, p)
		t.Add(r.Products[p].ID, Num(st.outStart, 2), Num(st.outPeak, 2), Num(st.outEnd, 2),
			Num(st.inStart, 2), Num(st.inPeak, 2), Num(st.inEnd, 2))
	}
	return t
}

// endItemIDs returns the end items of r in their declared order, followed by any the
// summary counts but the Result does not declare, sorted.
func endItemIDs(r *result.Run) []string {
	var ids []string
	known := map[string]bool{}
	for _, e := range r.EndItems {
		ids = append(ids, e.ID)
		known[e.ID] = true
	}
	var extra []string
	for _, m := range []map[string]float64{r.Summary.EndItemsLostLow, r.Summary.EndItemsLostHigh} {
		for id := range m {
			if !known[id] {
				extra = append(extra, id)
				known[id] = true
			}
		}
	}
	slices.Sort(extra)
	return append(ids, extra...)
}

// endItemsLostTables are the defense programmes delayed by the defense-sector shortfall
// and the civil end items lost to their own sectors' shortfall; a table is left out when
// the run has no such item.
func endItemsLostTables(r *result.Run) []*Table {
	info := map[string]result.EndItemInfo{}
	for _, e := range r.EndItems {
		info[e.ID] = e
	}
	years := float64(r.Months) / 12
	defense := &Table{
		Title: "Defense programmes of " + r.Importer + " delayed by the defense-sector shortfall",
		Columns: []Column{{Name: "programme"}, {Name: "product"}, {Name: "build rate", Unit: "units/yr", Right: true},
			{Name: "planned over horizon", Unit: "units", Right: true},
			{Name: "delayed", Unit: "units", Right: true}, {Name: "production lost", Unit: "months", Right: true},
			{Name: "BOM", Unit: "kg/unit"}, {Name: "BOM source"}, {Name: "rate source"}},
		Notes: []string{"each programme is charged the whole defense-sector shortfall of its product, capped each month at its build rate: the most it could be delayed if the shortfall fell on it alone; programmes do not add up",
			"ranges run from the high bill of material (fewer units per tonne) to the low one; a single figure means the shortfall stops the line at either",
			"months of production lost = units delayed / (build rate / 12)",
			"planned over horizon: the build rate times the horizon, what the programme would deliver with no shortfall; what it built is that less the units delayed"},
	}
	civil := &Table{
		Title: "Civil end items " + r.Importer + " could not build, from each sector's own shortfall",
		Columns: []Column{{Name: "end item"}, {Name: "sector"}, {Name: "product"},
			{Name: "lost", Unit: "units", Right: true}, {Name: "BOM", Unit: "kg/unit"}, {Name: "BOM source"}},
		Notes: []string{"each row converts its sector's whole shortfall of the product into units of that one item: an equivalent, not a forecast"},
	}
	for _, id := range endItemIDs(r) {
		e, ok := info[id]
		lost := unitRange(r.Summary.EndItemsLostLow, r.Summary.EndItemsLostHigh, id, 1)
		bom := ""
		if ok {
			bom = kgRange(e)
		}
		if ok && e.UnitsPerYear > 0 {
			perMonth := e.UnitsPerYear / 12
			months := func(m map[string]float64) float64 { return m[id] / perMonth }
			lostMonths := Num(months(r.Summary.EndItemsLostHigh), 1)
			if lm := Num(months(r.Summary.EndItemsLostLow), 1); lm != lostMonths {
				lostMonths += " to " + lm
			}
			defense.Add(e.Name, e.Product, Num(e.UnitsPerYear, 1), Num(e.UnitsPerYear*years, 0), lost, lostMonths, bom, e.Source, e.RateSource)
			// Whose units the rate counts goes under the table, not in a column: the
			// report's table must fit a 1,000 px page (TestBrowser).
			if e.RateScope != "" {
				scope := fmt.Sprintf("%s: the build rate counts %s (bom.csv rate_scope)", e.Name, e.RateScope)
				if e.RateScope == "all customers" {
					scope = fmt.Sprintf("%s: the build rate counts all customers' units, US and international (bom.csv rate_scope), so planned and delayed units are not %s's alone", e.Name, r.Importer)
				}
				defense.Notes = append(defense.Notes, scope)
			}
			continue
		}
		civil.Add(orID(e.Name, id), e.SectorOrDefense(), e.Product, unitRange(r.Summary.EndItemsLostLow, r.Summary.EndItemsLostHigh, id, 0), bom, e.Source)
	}
	// A final product the importer goes short of with no end item defined converts into
	// nothing here: say so, so that a graphite or tungsten shortfall does not read as no
	// loss (a trial saw only magnet items, at 0, beside 220,357 t of graphite short).
	var without []string
	for _, p := range finalProducts(r) {
		id := r.Products[p].ID
		if st := statsOf(r, p); st.shortfallT > 0 && !slices.ContainsFunc(r.EndItems, func(e result.EndItemInfo) bool { return e.Product == id }) {
			without = append(without, productName(r.Products[p]))
		}
	}
	if len(without) > 0 {
		their := "their"
		if len(without) == 1 {
			their = "its"
		}
		note := "no end item is defined for " + joinAnd(without) + " (bom.csv), so " + their + " shortfall converts into none here"
		if len(civil.Rows) == 0 && len(defense.Rows) == 0 {
			civil.Add("(none defined)", "", "", "", "", "")
		}
		civil.Notes = append(civil.Notes, note)
	}
	var out []*Table
	for _, t := range []*Table{defense, civil} {
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// unitRange formats the units of id at the high and low bill of material as "high to
// low", or one figure when they agree; n/a when neither map has id.
func unitRange(low, high map[string]float64, id string, prec int) string {
	l, okL := low[id]
	h, okH := high[id]
	switch {
	case !okL && !okH:
		return "n/a"
	case !okL:
		return Num(h, prec)
	case !okH:
		return Num(l, prec)
	}
	a, b := Num(h, prec), Num(l, prec)
	if a == b {
		return a
	}
	return a + " to " + b
}

// kgRange formats an end item's bill of material.
func kgRange(e result.EndItemInfo) string {
	if e.KgLow == e.KgHigh {
		return Num(e.KgLow, 2)
	}
	return Num(e.KgLow, 2) + " to " + Num(e.KgHigh, 2)
}

// orID returns name, or id when name is empty.
func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// optMap formats m[k], or "n/a" when m has no k.
func optMap(m map[string]float64, k string, prec int) string {
	v, ok := m[k]
	if !ok {
		return "n/a"
	}
	return Num(v, prec)
}

func sectorTable(r *result.Run) *Table {
	t := &Table{
		Title:   "Shortfall of " + r.Importer + " by sector, over all final products",
		Columns: []Column{{Name: "sector"}, {Name: "shortfall", Unit: "t", Right: true}, {Name: "peak", Unit: "t/month", Right: true}, {Name: "peak month", Unit: "YYYY-MM"}},
		Notes:   []string{"a sector's row adds the tonnes of every final product it is short of, each in its own basis (t of magnet, t of REO, t of Sb...): read it for the sector's timing and weight, and the final-product table for tonnes of one product"},
	}
	for i, s := range r.Sectors {
		xs := column(r, r.SectorShortfall, i)
		pk, pm := peak(xs)
		month := ""
		if pm >= 0 && pk > 0 {
			month = monthAt(r, pm)
		}
		t.Add(s, Num(total(xs), 1), Num(pk, 1), month)
	}
	return t
}

func costTable(r *result.Run) *Table {
	t := &Table{
		Title:   "Cumulative cost of the responses at the horizon",
		Columns: []Column{{Name: "kind"}, {Name: "cost", Unit: "MUSD", Right: true}, {Name: "share", Unit: "%", Right: true}},
	}
	end := r.Months - 1
	all := atMonth(r.CostTotal, end)
	for k, kind := range r.CostByKind {
		v := at(r.Cost, end, k)
		share := math.NaN()
		if all > 0 {
			share = v / all
		}
		t.Add(kind, Num(v, 1), Pct(share))
	}
	totalShare := math.NaN()
	if all > 0 {
		totalShare = 1
	}
	t.Add("total", Num(all, 1), Pct(totalShare))
	return t
}
