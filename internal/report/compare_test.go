package report

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

func TestCompareSummaryGolden(t *testing.T) {
	base := testRun(0)
	base.Scenario, base.Title = "baseline", "No disruption"
	var b bytes.Buffer
	if err := Write(&b, Text, CompareSummary(base, testRun(1))); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "compare.txt.golden", b.Bytes())
}

func TestCompareSummaryJSON(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, JSON, CompareSummary(testRun(0), testRun(1))); err != nil {
		t.Fatal(err)
	}
	var got struct {
		A, B struct {
			Scenario string
			Summary  result.Summary
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.A.Summary.MonthsShort != 0 || got.B.Summary.MonthsShort != 17 {
		t.Errorf("months short: a %d, b %d", got.A.Summary.MonthsShort, got.B.Summary.MonthsShort)
	}
}

// TestCompareMismatchedRuns sets runs side by side that start in different months and do
// not share all products, end items and cost kinds.
func TestCompareMismatchedRuns(t *testing.T) {
	a, b := testRun(0), testRun(1)
	b.Start += 6
	b.Products[0].ID = "dy/metal"
	b.EndItems = b.EndItems[:1]
	b.CostByKind[3] = "tolling"
	var out bytes.Buffer
	if err := Write(&out, Text, CompareSummary(a, b)); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"dy/metal", "tolling", "offtake_premium", "ddg51"} {
		if !strings.Contains(text, want) {
			t.Errorf("comparison lacks %q", want)
		}
	}
	out.Reset()
	if err := WriteCompareHTML(&out, a, b, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	checkWellFormed(t, out.String())
	if !strings.Contains(out.String(), "Monthly, 2025-01 to 2027-06") {
		t.Error("charts do not span both runs, 2025-01 to 2027-06")
	}
}

// TestCompareJSONDifferences checks that compare --json carries B minus A of the summary
// figures and of each product's series, not only the two summaries.
func TestCompareJSONDifferences(t *testing.T) {
	a, b := testRun(0), testRun(1)
	var buf bytes.Buffer
	if err := Write(&buf, JSON, CompareSummary(a, b)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Diff struct {
			MonthsShort      int                `json:"months_short"`
			TotalCostMUSD    float64            `json:"total_cost_musd"`
			EndItemsLostHigh map[string]float64 `json:"end_items_lost_high"`
			SeriesStart      string             `json:"series_start"`
			Products         []struct {
				Product    string     `json:"product"`
				ShortfallT float64    `json:"shortfall_t"`
				Shortfall  []*float64 `json:"shortfall"`
				PriceOut   []*float64 `json:"price_out"`
			} `json:"products"`
		} `json:"b_minus_a"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	d := got.Diff
	if d.MonthsShort != b.Summary.MonthsShort-a.Summary.MonthsShort {
		t.Errorf("months short difference %d", d.MonthsShort)
	}
	if !near(d.TotalCostMUSD, b.Summary.TotalCostMUSD-a.Summary.TotalCostMUSD) {
		t.Errorf("cost difference %v", d.TotalCostMUSD)
	}
	if !near(d.EndItemsLostHigh["f35"], b.Summary.EndItemsLostHigh["f35"]-a.Summary.EndItemsLostHigh["f35"]) {
		t.Errorf("f35 difference %v", d.EndItemsLostHigh["f35"])
	}
	if d.SeriesStart != "2025-01" || len(d.Products) != 2 {
		t.Fatalf("series start %q, %d products", d.SeriesStart, len(d.Products))
	}
	p := d.Products[1]
	if p.Product != "ndpr/magnet" || len(p.Shortfall) != a.Months || len(p.PriceOut) != a.Months {
		t.Fatalf("product %q with %d shortfall and %d price months", p.Product, len(p.Shortfall), len(p.PriceOut))
	}
	for m, v := range p.Shortfall {
		if want := b.Shortfall[m][1] - a.Shortfall[m][1]; v == nil || !near(*v, want) {
			t.Fatalf("month %d shortfall difference %v, want %v", m, v, want)
		}
	}
}

// TestCompareVerdict: shortfalls are given product by product, never summed over
// products whose tonnes differ, and a cost per tonne avoided only when one product's
// shortfall is avoided.
func TestCompareVerdict(t *testing.T) {
	a, b := testRun(1), testRun(0)
	a.Summary.TotalCostMUSD, b.Summary.TotalCostMUSD = 0, 500
	got := strings.Join(compareVerdict(&pageCtx{}, a, b), " ")
	for _, want := range []string{"is the reference run", "B costs 500 million USD more than A",
		"Its shortfall over the horizon: NdPr oxide 378 t under A and 0 t under B; NdPr magnet 2520 t under A and 0 t under B.",
		"avoids shortfall of 2 products whose tonnes do not add up, so no cost per tonne is given"} {
		if !strings.Contains(got, want) {
			t.Errorf("verdict %q lacks %q", got, want)
		}
	}
	// With the oxide never short, the magnet's shortfall alone is avoided: a cost per tonne.
	for _, r := range []*result.Run{a, b} {
		for m := range r.Shortfall {
			r.Demand[m][0] -= r.Shortfall[m][0]
			r.Shortfall[m][0] = 0
		}
	}
	got = strings.Join(compareVerdict(&pageCtx{}, a, b), " ")
	if want := Num(500e6/2520, 0) + " USD per tonne of NdPr magnet B delivers more than A (2520 t more supply over the horizon)"; !strings.Contains(got, want) {
		t.Errorf("verdict %q lacks %q", got, want)
	}
}

// TestCompareCostPerTonneGained: the cost per tonne counts what B delivers more than A,
// not shortfall its prices removed by cutting demand (a trial read "658793 USD per tonne
// of NdFeB magnet shortfall avoided (8887 t avoided)" where both runs delivered 4111.5 t).
func TestCompareCostPerTonneGained(t *testing.T) {
	for _, tc := range []struct {
		name string
		// Per month, B's magnet supply is A's plus gain times A's shortfall, and B's demand
		// A's minus cut times A's shortfall.
		gain, cut float64
		want, not string
	}{
		{"supply gained", 1, 0, Num(500e6/2520, 0) + " USD per tonne of NdPr magnet B delivers more than A (2520 t more supply over the horizon).", "prices removed"},
		{"demand removed", 0, 0.5, "B costs 500 million USD more than A, and no cost per tonne is given: B delivers no more NdPr magnet than A (7080 t against 7080 t over the horizon); its lower shortfall (1260 t less) is demand its higher prices removed.", "USD per tonne"},
		{"part of each", 0.5, 0.25, Num(500e6/1260, 0) + " USD per tonne of NdPr magnet B delivers more than A (1260 t more supply over the horizon); its shortfall is 1890 t lower, and the other 630 t is demand its higher prices removed.", ""},
		{"a sliver gained", 0.005, 0, "and delivers only 13 t more NdPr magnet than A (0.5% of A's shortfall), too little for a cost per tonne", "USD per tonne"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := testRun(1), testRun(1)
			for _, r := range []*result.Run{a, b} {
				for m := range r.Shortfall {
					r.Demand[m][0] -= r.Shortfall[m][0]
					r.Shortfall[m][0] = 0
				}
			}
			for m := range b.Shortfall {
				short := a.Shortfall[m][1]
				b.Supply[m][1] += tc.gain * short
				b.Demand[m][1] -= tc.cut * short
				b.Shortfall[m][1] = b.Demand[m][1] - b.Supply[m][1]
			}
			a.Summary.TotalCostMUSD, b.Summary.TotalCostMUSD = 0, 500
			got := strings.Join(compareVerdict(&pageCtx{}, a, b), " ")
			if !strings.Contains(got, tc.want) {
				t.Errorf("verdict %q lacks %q", got, tc.want)
			}
			if tc.not != "" && strings.Contains(got, tc.not) {
				t.Errorf("verdict %q has %q", got, tc.not)
			}
		})
	}
}

// TestComparePriceDifference: the price sentence names only final products, whose prices
// the comparison's tables show (a trial found dysprosium metal in it and in no table),
// and sets prices side by side at their peak when both runs' shortages ended at least
// priceSettledMonths before the end, at the end of the run otherwise.
func TestComparePriceDifference(t *testing.T) {
	const months = 36
	long := func() *result.Run {
		r := testRun(0)
		r.Products = append(r.Products, result.ProductInfo{ID: "dy/metal", Material: "dy", Stage: "metal", Basis: "Dy metal"})
		for m := range months {
			if m >= r.Months {
				for _, s := range []*[][]float64{&r.Demand, &r.Supply, &r.Shortfall, &r.PriceOut, &r.PriceIn} {
					*s = append(*s, slices.Clone((*s)[r.Months-1]))
				}
			}
			r.PriceOut[m] = append(r.PriceOut[m][:2], 400)
			r.PriceIn[m] = append(r.PriceIn[m][:2], 300)
		}
		r.Months = months
		return r
	}
	for _, tc := range []struct {
		name      string
		shortAt   int     // the month B is short of magnets
		endRise   float64 // B's magnet price outside over A's in its last month
		want, not string
	}{
		{"shortage long over", 2, 1,
			"Both runs' shortages are over by 2025-04, long before the runs end, so prices are set side by side at their peak: the peak price furthest above A's under B is that of NdPr magnet outside CHN, 280 USD/kg under B against 140 under A (+100%).", "dy/metal"},
		{"shortage recent", 30, 1.2,
			"At the end of the run the price furthest above A's under B is that of NdPr magnet outside CHN, 168 USD/kg under B against 140 under A (+20%).", "dy/metal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := long(), long()
			b.Shortfall[tc.shortAt][1], b.Supply[tc.shortAt][1] = 200, 200
			b.PriceOut[tc.shortAt][1] = 280
			b.PriceOut[months-1][1] *= tc.endRise
			// Dy metal, not a final product, ends far dearer under B: never named.
			b.PriceOut[months-1][2], b.PriceIn[months-1][2] = 4000, 3000
			got := strings.Join(compareVerdict(&pageCtx{}, a, b), " ")
			if !strings.Contains(got, tc.want) {
				t.Errorf("verdict %q lacks %q", got, tc.want)
			}
			if strings.Contains(got, tc.not) || strings.Contains(got, "Dy metal") {
				t.Errorf("verdict %q names a product the tables do not show", got)
			}
		})
	}
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestCompareWarnsOfHorizons: totals over different horizons are not comparable as they
// stand; the headline says so (new-user trial, A8).
func TestCompareWarnsOfHorizons(t *testing.T) {
	a, b := testRun(1), testRun(1)
	var buf bytes.Buffer
	if err := Write(&buf, Text, CompareSummary(a, b)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "different horizons") {
		t.Fatalf("runs over the same horizon are warned about:\n%s", buf.String())
	}
	b.Months--
	buf.Reset()
	if err := Write(&buf, Text, CompareSummary(a, b)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "the runs cover different horizons") {
		t.Errorf("no warning for runs of %d and %d months:\n%s", a.Months, b.Months, buf.String())
	}
}

// TestCompareNamesThePriceDifference: the comparison names the product and market whose
// last-month price is furthest above A's under B, and the one furthest below, each when
// 10 % or more, and says nothing of prices when the runs end at the same prices.
func TestCompareNamesThePriceDifference(t *testing.T) {
	a, b := testRun(0), testRun(0)
	if got := strings.Join(compareVerdict(&pageCtx{}, a, b), " "); strings.Contains(got, "At the end of the run the price") {
		t.Fatalf("identical runs: %q", got)
	}
	last := len(b.PriceOut) - 1
	b.PriceOut[last][0] = 1.5 * a.PriceOut[last][0]
	got := strings.Join(compareVerdict(&pageCtx{}, a, b), " ")
	if want := "the price furthest above A's under B is that of NdPr oxide outside CHN, " + Num(b.PriceOut[last][0], 2) + " USD/kg under B against " + Num(a.PriceOut[last][0], 2) + " under A (+50%)."; !strings.Contains(got, want) {
		t.Errorf("verdict %q lacks %q", got, want)
	}
	b.PriceOut[last][1] = 0.5 * a.PriceOut[last][1]
	got = strings.Join(compareVerdict(&pageCtx{}, a, b), " ")
	if want := "(+50%), and the one furthest below, that of NdPr magnet outside CHN, " + Num(b.PriceOut[last][1], 2) + " USD/kg under B against " + Num(a.PriceOut[last][1], 2) + " under A (-50%)."; !strings.Contains(got, want) {
		t.Errorf("verdict %q lacks %q", got, want)
	}
}

// TestCompareNamesTheDemandDifference: demand at each run's prices that differs by more
// than 1 % between the runs is named, with the direction; equal demand is not.
func TestCompareNamesTheDemandDifference(t *testing.T) {
	a, b := testRun(0), testRun(0)
	a.Summary.DemandResponse = []result.ProductDemand{{Product: "ndpr/magnet", AtBaselinePrice: 1000, AtRunPrices: 1000}}
	b.Summary.DemandResponse = []result.ProductDemand{{Product: "ndpr/magnet", AtBaselinePrice: 1000, AtRunPrices: 800}}
	want := "Under B USA uses 20% less NdPr magnet than under A (800 t against 1000 t) over the horizon"
	if got := strings.Join(compareVerdict(&pageCtx{}, a, b), "\n"); !strings.Contains(got, want) {
		t.Errorf("compare verdict lacks %q:\n%s", want, got)
	}
	b.Summary.DemandResponse[0].AtRunPrices = 995
	if got := strings.Join(compareVerdict(&pageCtx{}, a, b), "\n"); strings.Contains(got, "Under B USA uses") {
		t.Errorf("a 0.5%% difference is named:\n%s", got)
	}
}

// TestCompareDemandNeedsTheSameHorizon: demand totals over different horizons do not
// compare, so no demand difference is named (a 72-month run read as a 45 % demand cut).
func TestCompareDemandNeedsTheSameHorizon(t *testing.T) {
	a, b := testRun(0), testRun(0)
	a.Summary.DemandResponse = []result.ProductDemand{{Product: "ndpr/magnet", AtBaselinePrice: 1000, AtRunPrices: 1000}}
	b.Summary.DemandResponse = []result.ProductDemand{{Product: "ndpr/magnet", AtBaselinePrice: 500, AtRunPrices: 500}}
	b.Months = a.Months / 2
	if got := strings.Join(compareVerdict(&pageCtx{}, a, b), "\n"); strings.Contains(got, "Under B USA uses") {
		t.Errorf("runs over different horizons compare their demand:\n%s", got)
	}
}

// TestCompareSaysWhenHorizonsDiffer: runs over different horizons are told apart in the
// verdict, and the comparison's JSON carries the verdict.
func TestCompareSaysWhenHorizonsDiffer(t *testing.T) {
	a, b := testRun(0), testRun(0)
	const differ = "The runs cover different horizons"
	if got := strings.Join(compareVerdict(&pageCtx{}, a, b), "\n"); strings.Contains(got, differ) {
		t.Errorf("runs over the same horizon are said to differ:\n%s", got)
	}
	b.Months = 12
	out := CompareSummary(a, b)
	if got := strings.Join(out.Lead, "\n"); !strings.Contains(got, differ) {
		t.Errorf("runs over different horizons are not told apart:\n%s", got)
	}
	js, err := json.Marshal(out.Value)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"verdict":["A, `) || !strings.Contains(string(js), differ) {
		t.Errorf("the comparison's JSON lacks its verdict: %.400s", js)
	}
}

// TestCompareAcrossImporters: runs for two importers compare two exposures. Every
// sentence and table names whose figures it gives (a trial read the EU's 106 months short
// attributed to "JPN"), the CSV's first rows say which importer each column is, the JSON
// names them, and the HTML labels each run by its importer; no cost per tonne avoided is
// given across importers.
func TestCompareAcrossImporters(t *testing.T) {
	a, b := testRun(1), testRun(0)
	a.Importer, b.Importer = "EU27", "JPN"
	a.Summary.TotalCostMUSD, b.Summary.TotalCostMUSD = 0, 500
	verdict := compareVerdict(&pageCtx{}, a, b)
	got := strings.Join(verdict, "\n")
	for _, want := range []string{
		"is the reference run, for the EU; B is",
		", for JPN.",
		"The runs are for different importers",
		"The EU is short in 17 months under A and JPN in 0 under B",
		"NdPr magnet 2520 t for the EU under A and 0 t for JPN under B",
		"B costs 500 million USD more than A; the shortfalls are the EU's and JPN's, so no cost per tonne avoided is given.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("verdict lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"JPN is short", "Its shortfall", "per tonne of"} {
		if strings.Contains(got, bad) {
			t.Errorf("verdict says %q:\n%s", bad, got)
		}
	}

	out := CompareSummary(a, b)
	for _, tb := range out.Tables {
		if !strings.Contains(tb.Title, " for EU27, B = ") || !strings.HasSuffix(tb.Title, " for JPN") {
			t.Errorf("table title %q does not name both importers", tb.Title)
		}
		if !strings.Contains(strings.Join(tb.Notes, "\n"), "A is EU27's run and B is JPN's") {
			t.Errorf("table %q has no note on the importers: %q", tb.Title, tb.Notes)
		}
	}
	var csv bytes.Buffer
	if err := Write(&csv, CSV, out); err != nil {
		t.Fatal(err)
	}
	if want := "measure,unit,a,b,b_minus_a\nimporter,country,EU27,JPN,differs\nrival,country,CHN,CHN,same\n"; !strings.HasPrefix(csv.String(), want) {
		t.Errorf("CSV starts\n%s\nwant\n%s", csv.String()[:min(len(csv.String()), 200)], want)
	}
	var js bytes.Buffer
	if err := Write(&js, JSON, out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		A, B struct{ Importer, Rival string }
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.A.Importer != "EU27" || doc.B.Importer != "JPN" || doc.A.Rival != "CHN" {
		t.Errorf("JSON importers %+v", doc)
	}
	var page bytes.Buffer
	if err := WriteCompareHTML(&page, a, b, HTMLOptions{Generator: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"A (the EU): shortfall", "B (JPN): shortfall", "A (the EU) solid, B (JPN) dashed", "The EU is short in 17 months under A"} {
		if !strings.Contains(page.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}

	// One importer: no importer in titles or sentences beyond the usual.
	same := strings.Join(compareVerdict(&pageCtx{}, testRun(1), testRun(0)), "\n")
	if strings.Contains(same, "different importers") || !strings.Contains(same, "Its shortfall over the horizon") {
		t.Errorf("a comparison for one importer reads:\n%s", same)
	}
}

// TestCompareSameByConstruction: two importers whose demand of a product is all estimated
// and whose shortfalls match in months and worst share are said to match by construction;
// a reported demand row, or a different worst share, says nothing.
func TestCompareSameByConstruction(t *testing.T) {
	for _, tc := range []struct {
		name      string
		status    string
		otherPeak bool
		want      bool
	}{
		{"both estimated, same shares", "estimated", false, true},
		{"one demand reported", "reported", false, false},
		{"different worst share", "estimated", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := testRun(1), testRun(1)
			b.Importer = "JPN"
			a.DemandBasis = []result.DemandRow{{Product: "ndpr/magnet", Sector: "automotive", TPerYear: 100, Status: "estimated"}}
			b.DemandBasis = []result.DemandRow{{Product: "ndpr/magnet", Sector: "automotive", TPerYear: 80, Status: tc.status}}
			if tc.otherPeak {
				b.Summary.PeakShortfallShare += 0.01
			}
			got := strings.Contains(strings.Join(compareVerdict(&pageCtx{}, a, b), "\n"), "does not tell")
			if got != tc.want {
				t.Errorf("said 'does not tell' %v, want %v", got, tc.want)
			}
		})
	}
}

// TestUncapitalizedKeepsNames: a road sentence that follows "Under A, " is lower-cased
// unless it opens with a country's display name (the HTML report's "United States'",
// which read "united States'").
func TestUncapitalizedKeepsNames(t *testing.T) {
	names := []string{"United States", "China"}
	for _, c := range []struct{ in, want string }{
		{"United States' independence for NdFeB magnet is blocked", "United States' independence for NdFeB magnet is blocked"},
		{"Capacity outside China could cover", "capacity outside China could cover"},
		{"USA's independence", "USA's independence"},
	} {
		if got := uncapitalizedUnless(c.in, names); got != c.want {
			t.Errorf("uncapitalizedUnless(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCostPerTonneNamesStockpileDrawdown: supply B gains from a stockpile's starting
// stock, which costs nothing, is named beside the cost per tonne; without a drawdown
// nothing is added.
func TestCostPerTonneNamesStockpileDrawdown(t *testing.T) {
	for _, drawn := range []float64{0, 50} {
		a, b := testRun(1), testRun(1)
		p := 1 // ndpr/magnet
		b.Summary.TotalCostMUSD = a.Summary.TotalCostMUSD + 10
		for m := range b.Months {
			b.Supply[m][p] += 10
			b.Shortfall[m][p] = max(0, b.Shortfall[m][p]-10)
		}
		a.Stockpile = nil // A draws no stockpile down
		b.Stockpile = make([][]float64, b.Months)
		for m := range b.Months {
			b.Stockpile[m] = []float64{0, drawn * float64(b.Months-1-m) / float64(b.Months-1)}
		}
		got := strings.Join(compareVerdict(&pageCtx{}, a, b), "\n")
		if said := strings.Contains(got, "stock its stockpiles drew down"); said != (drawn > 0) {
			t.Errorf("drawdown %g t: said %v:\n%s", drawn, said, got)
		}
	}
}
