package report

import (
	"strings"
	"testing"
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
