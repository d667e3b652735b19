package report

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestFocusProducts: the verdict leads with the final products the scenario names,
// directly or through a stage of their chain; a scenario that names none speaks of all.
func TestFocusProducts(t *testing.T) {
	r := testRun(0)
	from := r.Start
	r.Summary.Road = []result.StageCover{
		{Product: "ndpr/oxide", Stage: "ndpr/oxide", Month: &from},
		{Product: "ndpr/magnet", Stage: "ndpr/magnet", Month: &from},
		{Product: "ndpr/magnet", Stage: "ndpr/metal", Month: &from},
	}
	for _, tc := range []struct {
		name  string
		named []string
		want  map[string]bool
	}{
		{"no element", nil, nil},
		{"a final product", []string{"ndpr/oxide"}, map[string]bool{"ndpr/oxide": true}},
		{"a stage of a chain", []string{"ndpr/metal"}, map[string]bool{"ndpr/magnet": true}},
		{"a product outside the run's chains", []string{"ga/refined"}, map[string]bool{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.ScenarioProducts = tc.named
			if got := focusProducts(r); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestVerdictLeadsWithTheScenarioProducts: a scenario about one product leaves the road
// sentences of the others to one short sentence at the end of the verdict (trial 6: a
// gallium and germanium case led with NdFeB magnets, rare earths and tungsten).
func TestVerdictLeadsWithTheScenarioProducts(t *testing.T) {
	r := testRun(1)
	indep := r.Start + 5
	r.Summary.IndependenceByProduct = []result.ProductMonth{{Product: "ndpr/oxide", Month: &indep}, {Product: "ndpr/magnet"}}
	blocked := "USA's independence for NdPr magnet is blocked"
	other := "Of the final products the scenario does not touch, USA's supply is not free of CHN within the horizon for NdPr magnet (road and headline tables)."
	all := runVerdict(&pageCtx{}, r)
	if !containsPrefix(all, blocked) || containsPrefix(all, "Of the final products") {
		t.Errorf("no scenario products: want the magnet's road sentence and no sentence on other products, got %q", all)
	}
	r.ScenarioProducts = []string{"ndpr/oxide"}
	got := runVerdict(&pageCtx{}, r)
	if containsPrefix(got, blocked) {
		t.Errorf("the magnet, which the scenario does not touch, still has its road sentence: %q", got)
	}
	if got[len(got)-1] != other {
		t.Errorf("last sentence %q, want %q", got[len(got)-1], other)
	}
	r.Summary.IndependenceByProduct[1].Month = &indep
	if got := otherProductsSentence(&pageCtx{}, r, focusProducts(r)); got != "Of the final products the scenario does not touch, USA's supply becomes free of CHN for NdPr magnet from 2025-06 (road and headline tables)." {
		t.Errorf("independent other product: got %q", got)
	}
}

func containsPrefix(lines []string, prefix string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, prefix) })
}
