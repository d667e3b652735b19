package report

import (
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestPriceInversions: on the fixture, whose magnet takes 1.5 t of oxide per tonne (set
// here), a magnet price below the cost of that oxide in a market is named at the last
// month and at the worst month, with the numbers; one within 5% of it, or a run without
// recipes, gets no caveat.
func TestPriceInversions(t *testing.T) {
	const oxide, magnet = 0, 1
	// set gives every month the oxide price ox and the magnet price mag in both markets,
	// then lets edit change a month.
	set := func(r *result.Run, ox, mag float64) {
		for m := range r.Months {
			for _, prices := range [][][]float64{r.PriceOut, r.PriceIn} {
				prices[m][oxide], prices[m][magnet] = ox, mag
			}
		}
	}
	for _, c := range []struct {
		name    string
		recipes bool
		edit    func(r *result.Run)
		want    []string // substrings; nil: no caveat
	}{
		{"magnet above its oxide's cost", true, func(r *result.Run) { set(r, 100, 160) }, nil},
		{"within 5% below", true, func(r *result.Run) { set(r, 100, 146) }, nil},
		{"no recipes", false, func(r *result.Run) { set(r, 100, 20) }, nil},
		{"ends below, worst earlier", true, func(r *result.Run) {
			set(r, 100, 100)
			r.PriceOut[3][magnet] = 30
		}, []string{
			"NdPr magnet outside CHN ends at 100 USD/kg, below the 150 USD/kg of the 1.5 t of NdPr oxide it takes (at its worst, 2025-04, 30 USD/kg against the 150 USD/kg of its inputs, 20% of their cost)",
			"NdPr magnet inside CHN ends at 100 USD/kg, below the 150 USD/kg of the 1.5 t of NdPr oxide it takes. This",
			"the model's missing cost pass-through, not a forecast",
			"Checked: the products a recipe with one output makes (NdPr magnet)",
		}},
		{"below only in one month", true, func(r *result.Run) {
			set(r, 100, 200)
			r.PriceIn[5][oxide] = 400
		}, []string{"Prices below the cost of their inputs: NdPr magnet inside CHN falls to 200 USD/kg in 2025-06, below the 600 USD/kg of the 1.5 t of NdPr oxide it takes (it ends at 200 USD/kg against the 150 USD/kg of its inputs, 133% of their cost)."}},
	} {
		r := testRun(1)
		if c.recipes {
			r.CostRecipes = []result.PlantInput{{Product: "ndpr/magnet", Input: "ndpr/oxide", TPerT: 1.5}}
		}
		c.edit(r)
		got := strings.Join(PriceInversions(r), "\n")
		if c.want == nil {
			if got != "" {
				t.Errorf("%s: want no caveat, got %q", c.name, got)
			}
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: caveat lacks %q:\n%s", c.name, w, got)
			}
		}
		if lead := strings.Join(RunLead(r, nil), "\n"); !strings.Contains(lead, "Prices below the cost of their inputs") {
			t.Errorf("%s: RunLead lacks the caveat:\n%s", c.name, lead)
		}
	}
}
