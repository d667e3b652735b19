package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestVerdictNamesTheScarcestIntermediate: when an intermediate product's price rises at
// least 1.25 times as much as the most-risen final product's, the verdict names it; a
// calm run names none.
func TestVerdictNamesTheScarcestIntermediate(t *testing.T) {
	const sentence = "Among intermediate products, the price of NdPr oxide"
	r := testRun(1)
	r.Products[0].Final = false // the oxide becomes an intermediate product
	p0 := r.PriceOut[0][0]
	for m := range r.PriceOut {
		r.PriceOut[m][0] = p0 * (1 + 3*(r.PriceOut[m][1]/r.PriceOut[0][1]-1))
	}
	got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
	if !strings.Contains(got, sentence) {
		t.Errorf("verdict does not name the oxide:\n%s", got)
	}
	calm := testRun(0)
	calm.Products[0].Final = false
	if got := strings.Join(runVerdict(&pageCtx{}, calm), "\n"); strings.Contains(got, "Among intermediate products") {
		t.Errorf("a calm run names an intermediate product:\n%s", got)
	}
}

// TestVerdictSaysWhenThePeakIsTheCap: a price whose target sat at the price cap is a
// bound, and the sentence that quotes its peak says so; without cap months it does not.
func TestVerdictSaysWhenThePeakIsTheCap(t *testing.T) {
	const bound = "sat at the model's cap for 7 months"
	r := testRun(1)
	if got := strings.Join(runVerdict(&pageCtx{}, r), "\n"); strings.Contains(got, "model's cap") {
		t.Fatalf("verdict mentions the cap with no cap months:\n%s", got)
	}
	r.Summary.PriceCapMonths = []result.PriceCapCount{{Product: "ndpr/oxide", Market: "inside", Bound: "cap", Months: 3},
		{Product: "ndpr/oxide", Market: "outside", Bound: "floor", Months: 2}}
	if got := strings.Join(runVerdict(&pageCtx{}, r), "\n"); strings.Contains(got, "model's cap") {
		t.Fatalf("verdict mentions the cap for the inside market or a floor:\n%s", got)
	}
	r.Summary.PriceCapMonths = append(r.Summary.PriceCapMonths, result.PriceCapCount{Product: "ndpr/oxide", Market: "outside", Bound: "cap", Months: 7})
	got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
	if !strings.Contains(got, "the price of NdPr oxide") || !strings.Contains(got, bound) {
		t.Errorf("verdict does not say the oxide's peak is the cap:\n%s", got)
	}
}

// TestVerdictNamesTheDemandCut: a product whose demand over the horizon at the run's
// prices is more than 1 % below its demand at baseline prices is named, with both
// tonnages; a cut under 1 % is not.
func TestVerdictNamesTheDemandCut(t *testing.T) {
	r := testRun(0)
	r.Summary.DemandResponse = []result.ProductDemand{
		{Product: "ndpr/magnet", AtBaselinePrice: 1000, AtRunPrices: 790},
		{Product: "ndpr/oxide", AtBaselinePrice: 1000, AtRunPrices: 995},
	}
	got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
	if want := "At the run's prices USA uses 21% less NdPr magnet (790 t against 1000 t) over the horizon than at baseline prices"; !strings.Contains(got, want) {
		t.Errorf("verdict lacks %q:\n%s", want, got)
	}
	if strings.Contains(got, "less NdPr oxide") {
		t.Errorf("verdict names a cut under 1 %%:\n%s", got)
	}
}

// TestVerdictNamesLastingRises: a price that ends 25 % or more above its start, in either
// market, is named even when another product's peak leads the verdict; a calm run names
// none.
func TestVerdictNamesLastingRises(t *testing.T) {
	calm := testRun(0)
	if got := strings.Join(runVerdict(&pageCtx{}, calm), "\n"); strings.Contains(got, "Prices still up") {
		t.Fatalf("a calm run names a lasting rise:\n%s", got)
	}
	r := testRun(0)
	last := len(r.PriceIn) - 1
	r.PriceIn[last][1] = 1.5 * r.PriceIn[0][1] // the magnet inside the rival ends 1.5x
	got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
	if want := "Prices still up when the run ends: inside CHN, NdPr magnet at 1.5 times its start."; !strings.Contains(got, want) {
		t.Errorf("verdict lacks %q:\n%s", want, got)
	}
	const noSlack = "part of these lasting rises comes from that assumption"
	if strings.Contains(got, noSlack) {
		t.Errorf("a run with no new capacity blames the no-slack markets:\n%s", got)
	}
	// New plants (the magnet's world capacity doubled) competing for feed: the sentence
	// says where the lasting rise comes from.
	for m := range r.CountryCapacity {
		if m >= r.Months/2 {
			for c := range r.CountryCapacity[m][1] {
				r.CountryCapacity[m][1][c] *= 2
			}
		}
	}
	got = strings.Join(runVerdict(&pageCtx{}, r), "\n")
	if !strings.Contains(got, "The run adds capacity (NdPr magnet among others)") || !strings.Contains(got, noSlack) {
		t.Errorf("verdict does not explain the lasting rise of a run that adds capacity:\n%s", got)
	}
}

// TestVerdictNamesSeveralLastingRises: the products of one market are named furthest up
// first.
func TestVerdictNamesSeveralLastingRises(t *testing.T) {
	r := testRun(0)
	last := len(r.PriceIn) - 1
	r.PriceIn[last][0] = 1.4 * r.PriceIn[0][0]
	r.PriceIn[last][1] = 1.5 * r.PriceIn[0][1]
	got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
	if want := "inside CHN, NdPr magnet at 1.5 times its start and NdPr oxide at 1.4 times its start."; !strings.Contains(got, want) {
		t.Errorf("verdict lacks %q:\n%s", want, got)
	}
}

// TestVerdictSaysNoDefenseIsAssessed: a run with no defense programme (an importer whose
// defense demand the data does not give) says so rather than let its defense row of 0 read
// as unaffected; one with programmes does not.
func TestVerdictSaysNoDefenseIsAssessed(t *testing.T) {
	const none = "No defense programme is assessed for USA"
	if got := strings.Join(runVerdict(&pageCtx{}, testRun(1)), "\n"); strings.Contains(got, none) {
		t.Errorf("a run with defense programmes says none is assessed:\n%s", got)
	}
	r := testRun(1)
	r.EndItems = slices.DeleteFunc(r.EndItems, func(e result.EndItemInfo) bool { return e.SectorOrDefense() == result.DefenseSector })
	if got := strings.Join(runVerdict(&pageCtx{}, r), "\n"); !strings.Contains(got, none) {
		t.Errorf("a run without defense programmes does not say so:\n%s", got)
	}
}
