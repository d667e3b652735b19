package report

import (
	"bytes"
	"encoding/json"
	"math"
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
	if want := Num(500e6/2520, 0) + " USD per tonne of NdPr magnet shortfall avoided against A (2520 t avoided)"; !strings.Contains(got, want) {
		t.Errorf("verdict %q lacks %q", got, want)
	}
	// B avoids a sliver of A's shortfall (under 1 %): no cost per tonne, the tonnes instead.
	for m := range b.Shortfall {
		b.Shortfall[m][1] = a.Shortfall[m][1] * 0.995
	}
	got = strings.Join(compareVerdict(&pageCtx{}, a, b), " ")
	if want := "and avoids only 13 t of NdPr magnet shortfall against A (0.5% of A's), too little for a cost per tonne"; !strings.Contains(got, want) {
		t.Errorf("verdict %q lacks %q", got, want)
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
