package report

import (
	"fmt"
	"math"
	"slices"

	"github.com/critmin/critmin/internal/result"
)

// CompareSummary sets run b beside run a: the headline, the final products, end items
// lost and cost by kind, each with the difference B minus A. Its Value, printed by
// --json, holds both runs' scenario, title and Summary under "a" and "b", and the
// differences B minus A under "b_minus_a".
func CompareSummary(a, b *result.Run) Output {
	lead := compareVerdict(&pageCtx{}, a, b)
	return Output{
		Value: comparison{A: digestOf(a), B: digestOf(b), Diff: diffOf(a, b), Verdict: lead},
		Lead:  lead,
		Tables: []*Table{
			compareHeadlineTable(a, b),
			compareProductTable(a, b),
			compareEndItemTable(a, b),
			compareRoadTable(a, b),
			compareCostTable(a, b),
		},
	}
}

// comparison is the JSON of CompareSummary.
type comparison struct {
	A    runDigest `json:"a"`
	B    runDigest `json:"b"`
	Diff runDiff   `json:"b_minus_a"`
	// Verdict is the comparison in words, the sentences that lead the text and HTML.
	Verdict []string `json:"verdict"`
}

// runDiff is B minus A: of each summary figure, of the end items lost, and per final
// product of its horizon totals and monthly series. A figure one run lacks is null.
type runDiff struct {
	PeakShortfallShare float64 `json:"peak_shortfall_share"`
	PeakShortfallT     float64 `json:"peak_shortfall_t"`
	MonthsShort        int     `json:"months_short"`
	TotalCostMUSD      float64 `json:"total_cost_musd"`
	PriceRatioPeak     float64 `json:"price_ratio_peak"`
	// Milestones move by whole months; null unless both runs reach them.
	IndependenceMonths       *int               `json:"independence_months"`
	StockpileExhaustedMonths *int               `json:"stockpile_exhausted_months"`
	EndItemsLostLow          map[string]float64 `json:"end_items_lost_low"`
	EndItemsLostHigh         map[string]float64 `json:"end_items_lost_high"`
	// SeriesStart is the first calendar month both runs cover (YYYY-MM); every series
	// difference starts there and runs over the months both cover.
	SeriesStart string        `json:"series_start"`
	Products    []productDiff `json:"products"`
}

// productDiff is B minus A for one final product both runs have: horizon totals (t),
// the peak shortfall share, and per month the importer's demand, supply and shortfall
// (t/month) and the prices outside and inside the rival's market (USD/kg).
type productDiff struct {
	Product    string  `json:"product"`
	DemandT    float64 `json:"demand_t"`
	SupplyT    float64 `json:"supply_t"`
	ShortfallT float64 `json:"shortfall_t"`
	// PeakShortfallShare is null when a run has no demand of the product.
	PeakShortfallShare *float64 `json:"peak_shortfall_share"`
	// A month either run lacks a value for is null.
	Demand    []*float64 `json:"demand"`
	Supply    []*float64 `json:"supply"`
	Shortfall []*float64 `json:"shortfall"`
	PriceOut  []*float64 `json:"price_out"`
	PriceIn   []*float64 `json:"price_inside"`
}

// optFloat is v, or nil when v is not finite (JSON has no NaN).
func optFloat(v float64) *float64 {
	if !finite(v) {
		return nil
	}
	return &v
}

// diffOf computes B minus A.
func diffOf(a, b *result.Run) runDiff {
	sa, sb := a.Summary, b.Summary
	d := runDiff{
		PeakShortfallShare: sb.PeakShortfallShare - sa.PeakShortfallShare,
		PeakShortfallT:     sb.PeakShortfallT - sa.PeakShortfallT,
		MonthsShort:        sb.MonthsShort - sa.MonthsShort,
		TotalCostMUSD:      sb.TotalCostMUSD - sa.TotalCostMUSD,
		PriceRatioPeak:     sb.PriceRatioPeak - sa.PriceRatioPeak,
		EndItemsLostLow:    map[string]float64{},
		EndItemsLostHigh:   map[string]float64{},
		Products:           []productDiff{},
	}
	moved := func(x, y *result.Month) *int {
		if x == nil || y == nil {
			return nil
		}
		v := int(*y - *x)
		return &v
	}
	d.IndependenceMonths = moved(sa.Independence, sb.Independence)
	d.StockpileExhaustedMonths = moved(sa.StockpileExhausted, sb.StockpileExhausted)
	for _, m := range []struct{ out, a, b map[string]float64 }{
		{d.EndItemsLostLow, sa.EndItemsLostLow, sb.EndItemsLostLow},
		{d.EndItemsLostHigh, sa.EndItemsLostHigh, sb.EndItemsLostHigh},
	} {
		for id, vb := range m.b {
			if va, ok := m.a[id]; ok {
				m.out[id] = vb - va
			}
		}
	}
	start := max(a.Start, b.Start)
	end := min(a.Start+result.Month(a.Months), b.Start+result.Month(b.Months))
	d.SeriesStart = monthString(start)
	for _, id := range productUnion(a, b) {
		pa, pb := productIndex(a, id), productIndex(b, id)
		if pa < 0 || pb < 0 {
			continue
		}
		stA, stB := statsOf(a, pa), statsOf(b, pb)
		pd := productDiff{Product: id, DemandT: stB.demandT - stA.demandT, SupplyT: stB.supplyT - stA.supplyT,
			ShortfallT: stB.shortfallT - stA.shortfallT, PeakShortfallShare: optFloat(stB.peakShare - stA.peakShare)}
		series := func(s func(*result.Run) [][]float64) []*float64 {
			out := []*float64{}
			for m := start; m < end; m++ {
				out = append(out, optFloat(at(s(b), int(m-b.Start), pb)-at(s(a), int(m-a.Start), pa)))
			}
			return out
		}
		pd.Demand = series(func(r *result.Run) [][]float64 { return r.Demand })
		pd.Supply = series(func(r *result.Run) [][]float64 { return r.Supply })
		pd.Shortfall = series(func(r *result.Run) [][]float64 { return r.Shortfall })
		pd.PriceOut = series(func(r *result.Run) [][]float64 { return r.PriceOut })
		pd.PriceIn = series(func(r *result.Run) [][]float64 { return r.PriceIn })
		d.Products = append(d.Products, pd)
	}
	return d
}

// runDigest identifies a run and holds its headline. Importer and Rival say whose
// figures the summary gives: two runs may be for different importers, and then B minus
// A sets one importer's exposure against the other's.
type runDigest struct {
	Scenario string         `json:"scenario"`
	Title    string         `json:"title"`
	Importer string         `json:"importer"`
	Rival    string         `json:"rival"`
	Summary  result.Summary `json:"summary"`
}

func digestOf(r *result.Run) runDigest {
	return runDigest{Scenario: r.Scenario, Title: r.Title, Importer: r.Importer, Rival: r.Rival, Summary: r.Summary}
}

// compareColumns are the columns of every comparison table after its keys.
func compareColumns(keys ...Column) []Column {
	return append(keys, Column{Name: "unit"}, Column{Name: "A", Right: true}, Column{Name: "B", Right: true},
		Column{Name: "B minus A", Right: true})
}

// pairTitle names both runs for a table title, and each run's importer when they differ.
func pairTitle(what string, a, b *result.Run) string {
	if a.Importer != b.Importer {
		return fmt.Sprintf("%s: A = %s (%s) for %s, B = %s (%s) for %s", what, a.Scenario, runTitle(a), a.Importer, b.Scenario, runTitle(b), b.Importer)
	}
	return fmt.Sprintf("%s: A = %s (%s), B = %s (%s)", what, a.Scenario, runTitle(a), b.Scenario, runTitle(b))
}

// crossNote is the note of every comparison table of runs for two importers, and nothing
// for one importer.
func crossNote(a, b *result.Run) []string {
	if a.Importer == b.Importer {
		return nil
	}
	return []string{fmt.Sprintf("A is %s's run and B is %s's: each figure is its own importer's, and B minus A sets %s against %s", a.Importer, b.Importer, b.Importer, a.Importer)}
}

// sameOr is the B minus A cell of a row that names something: "same" or "differs".
func sameOr(a, b string) string {
	if a == b {
		return "same"
	}
	return "differs"
}

// signed formats a difference with an explicit sign.
func signed(v float64, prec int) string {
	s := Num(v, prec)
	if v > 0 && s != "0" {
		return "+" + s
	}
	return s
}

// monthDiff formats when a milestone moved from a to b, in months; n/a unless both
// runs reach it.
func monthDiff(a, b *result.Month) string {
	if a == nil || b == nil {
		return "n/a"
	}
	return signed(float64(*b-*a), 0)
}

func compareHeadlineTable(a, b *result.Run) *Table {
	t := &Table{Title: pairTitle("Headline", a, b), Columns: compareColumns(Column{Name: "measure"})}
	sa, sb := a.Summary, b.Summary
	num := func(name, unit string, va, vb float64, prec int, format func(float64) string) {
		t.Add(name, unit, format(va), format(vb), signed(vb-va, prec))
	}
	// Whose figures these are: the CSV has no title, so the rows say it.
	t.Add("importer", "country", a.Importer, b.Importer, sameOr(a.Importer, b.Importer))
	t.Add("rival", "country", a.Rival, b.Rival, sameOr(a.Rival, b.Rival))
	num("peak shortfall share", "% of demand", sa.PeakShortfallShare*100, sb.PeakShortfallShare*100, 1, func(v float64) string { return Num(v, 1) })
	num("peak shortfall", "t/month", sa.PeakShortfallT, sb.PeakShortfallT, 1, func(v float64) string { return Num(v, 1) })
	num("months short", "months", float64(sa.MonthsShort), float64(sb.MonthsShort), 0, func(v float64) string { return Num(v, 0) })
	t.Add("stockpile exhausted", "YYYY-MM; months", stockpileExhausted(a), stockpileExhausted(b),
		monthDiff(sa.StockpileExhausted, sb.StockpileExhausted))
	t.Add("independence", "YYYY-MM; months", monthOr(sa.Independence, notWithinHorizon), monthOr(sb.Independence, notWithinHorizon),
		monthDiff(sa.Independence, sb.Independence))
	num("cost of the responses", "MUSD", sa.TotalCostMUSD, sb.TotalCostMUSD, 1, func(v float64) string { return Num(v, 1) })
	num("peak outside/inside price ratio", "ratio", sa.PriceRatioPeak, sb.PriceRatioPeak, 3, func(v float64) string { return Num(v, 3) })
	t.Add("max mass-balance residual", "share of throughput", sci(sa.MaxMassBalance), sci(sb.MaxMassBalance), sci(sb.MaxMassBalance-sa.MaxMassBalance))
	t.Notes = append([]string{"milestone differences are in months; n/a when a run never reaches the milestone"}, crossNote(a, b)...)
	if a.Start != b.Start || a.Months != b.Months {
		t.Notes = append(t.Notes, fmt.Sprintf("the runs cover different horizons (A %s, B %s): totals and counts are over each run's own months, so their differences mix the policy with the horizon",
			horizon(a), horizon(b)))
	}
	return t
}

// productUnion returns the IDs of the final products of a and then those only b has.
func productUnion(a, b *result.Run) []string {
	var ids []string
	for _, r := range []*result.Run{a, b} {
		for _, p := range finalProducts(r) {
			if !slices.Contains(ids, r.Products[p].ID) {
				ids = append(ids, r.Products[p].ID)
			}
		}
	}
	return ids
}

// productIndex returns the index of product id in r, or -1.
func productIndex(r *result.Run, id string) int {
	return slices.IndexFunc(r.Products, func(p result.ProductInfo) bool { return p.ID == id })
}

// statsByID returns the stats of product id in r, with ok false when r lacks it.
func statsByID(r *result.Run, id string) (productStats, bool) {
	p := productIndex(r, id)
	if p < 0 {
		return productStats{}, false
	}
	return statsOf(r, p), true
}

func compareProductTable(a, b *result.Run) *Table {
	t := &Table{Title: pairTitle("Final products, totals over each horizon", a, b), Columns: compareColumns(Column{Name: "product"}, Column{Name: "measure"}),
		Notes: append([]string{"blank where a run does not have the product"}, crossNote(a, b)...)}
	measures := []struct {
		name, unit string
		prec       int
		get        func(productStats) float64
	}{
		{"demand", "t", 1, func(s productStats) float64 { return s.demandT }},
		{"supply", "t", 1, func(s productStats) float64 { return s.supplyT }},
		{"shortfall", "t", 1, func(s productStats) float64 { return s.shortfallT }},
		{"peak shortfall", "% of demand", 1, func(s productStats) float64 { return s.peakShare * 100 }},
		{"outside price peak", "USD/kg", 2, func(s productStats) float64 { return s.outPeak }},
		{"outside price end", "USD/kg", 2, func(s productStats) float64 { return s.outEnd }},
		{"inside price end", "USD/kg", 2, func(s productStats) float64 { return s.inEnd }},
	}
	for _, id := range productUnion(a, b) {
		sa, okA := statsByID(a, id)
		sb, okB := statsByID(b, id)
		for _, m := range measures {
			va, vb := math.NaN(), math.NaN()
			if okA {
				va = m.get(sa)
			}
			if okB {
				vb = m.get(sb)
			}
			t.Add(id, m.name, m.unit, Num(va, m.prec), Num(vb, m.prec), signed(vb-va, m.prec))
		}
	}
	return t
}

func compareEndItemTable(a, b *result.Run) *Table {
	t := &Table{Title: pairTitle("End items lost over the horizon", a, b), Columns: compareColumns(Column{Name: "end item"}, Column{Name: "BOM"}),
		Notes: append([]string{"defense programmes count the defense-sector shortfall capped at their build rate; civil items their own sector's shortfall"}, crossNote(a, b)...)}
	ids := endItemIDs(a)
	for _, id := range endItemIDs(b) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	rate := func(id string) float64 {
		for _, r := range []*result.Run{a, b} {
			if i := slices.IndexFunc(r.EndItems, func(e result.EndItemInfo) bool { return e.ID == id }); i >= 0 {
				return r.EndItems[i].UnitsPerYear
			}
		}
		return 0
	}
	for _, id := range ids {
		for _, r := range []*result.Run{a, b} {
			if i := slices.IndexFunc(r.EndItems, func(e result.EndItemInfo) bool { return e.ID == id }); i >= 0 {
				if e := r.EndItems[i]; e.RateScope != "" {
					t.Notes = append(t.Notes, fmt.Sprintf("%s: the build rate, %s units/yr, counts %s", id, Num(e.UnitsPerYear, 0), e.RateScope))
				}
				break
			}
		}
		if perYear := rate(id); perYear > 0 {
			// Months of production lost at the high BOM, the smaller figure.
			va, okA := a.Summary.EndItemsLostHigh[id]
			vb, okB := b.Summary.EndItemsLostHigh[id]
			ma, mb, diff := "n/a", "n/a", "n/a"
			if okA {
				ma = Num(va/(perYear/12), 1)
			}
			if okB {
				mb = Num(vb/(perYear/12), 1)
			}
			if okA && okB {
				diff = signed((vb-va)/(perYear/12), 1)
			}
			t.Add(id, "high", "months of production", ma, mb, diff)
		}
		for _, bom := range []struct {
			name   string
			ma, mb map[string]float64
		}{{"low", a.Summary.EndItemsLostLow, b.Summary.EndItemsLostLow}, {"high", a.Summary.EndItemsLostHigh, b.Summary.EndItemsLostHigh}} {
			va, okA := bom.ma[id]
			vb, okB := bom.mb[id]
			diff := "n/a"
			if okA && okB {
				diff = signed(vb-va, 1)
			}
			t.Add(id, bom.name, "units", optMap(bom.ma, id, 1), optMap(bom.mb, id, 1), diff)
		}
	}
	return t
}

func compareCostTable(a, b *result.Run) *Table {
	t := &Table{Title: pairTitle("Cumulative cost at the horizon", a, b), Columns: compareColumns(Column{Name: "kind"}), Notes: crossNote(a, b)}
	kinds := slices.Clone(a.CostByKind)
	for _, k := range b.CostByKind {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	costOf := func(r *result.Run, kind string) float64 {
		k := slices.Index(r.CostByKind, kind)
		if k < 0 {
			return 0 // a run without this kind of response spent nothing on it
		}
		return at(r.Cost, r.Months-1, k)
	}
	for _, k := range kinds {
		va, vb := costOf(a, k), costOf(b, k)
		t.Add(k, "MUSD", Num(va, 1), Num(vb, 1), signed(vb-va, 1))
	}
	va, vb := atMonth(a.CostTotal, a.Months-1), atMonth(b.CostTotal, b.Months-1)
	t.Add("total", "MUSD", Num(va, 1), Num(vb, 1), signed(vb-va, 1))
	return t
}
