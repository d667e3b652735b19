package compile

import (
	"fmt"
	"slices"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestCostRecipes: the recipes the price-inversion caveat checks are the one-output ones
// (metals from their oxide, the magnet from the three metals, refined antimony); the
// separation lines, which make several oxides from one feed, are left out.
func TestCostRecipes(t *testing.T) {
	ds, _ := testEnv(t)
	const body = "name: fixture\nimporter: USA\nrival: CHN\nstart: 2025-01\nend: 2025-03\n"
	got := map[string][]string{}
	for _, pi := range CostRecipes(ds, result.FromSim(runYAML(t, body))) {
		got[pi.Product] = append(got[pi.Product], fmt.Sprintf("%s %g", pi.Input, pi.TPerT))
	}
	for product, want := range map[string][]string{
		"ndpr/metal":       {"ndpr/separation 1.23847"},
		"dy/metal":         {"dy/separation 1.20809"},
		"tb/metal":         {"tb/separation 1.23808"},
		"ndfeb/magnet":     {"dy/metal 0.012", "ndpr/metal 0.296", "tb/metal 0.002"},
		"antimony/refined": {"antimony/mine 1"},
		"ndpr/separation":  nil, // joint output with other oxides
		"dy/separation":    nil,
		"reo/mine":         nil, // no input
	} {
		if g := slices.Sorted(slices.Values(got[product])); !slices.Equal(g, want) {
			t.Errorf("%s: inputs %v, want %v", product, g, want)
		}
	}
}
