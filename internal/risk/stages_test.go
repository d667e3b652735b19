package risk

import (
	"math"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

// TestEmbeddedProcessingStages checks the processing stages curated from the IEA and BGS
// (issue 10): each has data and China's share as the source gives it.
func TestEmbeddedProcessingStages(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		commodity string
		stage     world.Stage
		year      int
		chnPct    float64 // China's share, from the raw rows named
	}{
		{"cobalt", world.Refined, 2025, 100 * 180.0 / 238},                            // GCMO 2026 annex: China 180 of 238 kt
		{"cobalt", world.Refined, 2024, 100 * 196.1433565869552 / 250.14973829515156}, // IEA explorer 2024
		{"lithium", world.Refined, 2025, 100 * 235.0 / 319},                           // chemicals, kt Li
		{"nickel", world.Refined, 2025, 100 * 1160.0 / 3729},
		{"graphite_natural", world.Anode, 2025, -1},
		{"copper", world.Mine, 2024, 100 * 1815.0 / 22794},
		{"germanium", world.Refined, 2024, 94}, // BGS germanium metal share
	}
	for _, tt := range tests {
		t.Run(string(tt.commodity)+"/"+string(tt.stage), func(t *testing.T) {
			tab, ok := ds.Shares(tt.commodity, tt.stage, tt.year)
			if !ok {
				t.Fatalf("no %s %s data for %d", tt.commodity, tt.stage, tt.year)
			}
			if tt.chnPct >= 0 && math.Abs(100*tab.Share("CHN")-tt.chnPct) > 0.05 {
				t.Errorf("China %.2f%%, want %.2f%%", 100*tab.Share("CHN"), tt.chnPct)
			}
		})
	}
}

// TestEmbeddedIEAMemoRow: the IEA 2024 nickel refining rows exceed the total by Canada's
// 113.1 kt; ROW is stored as rest of world minus Canada, so the rows add up to the total.
func TestEmbeddedIEAMemoRow(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	sum, total := 0.0, 0.0
	for _, f := range ds.FiguresOf("nickel", world.Refined, world.Production) {
		if f.Year != 2024 {
			continue
		}
		if f.Country == world.World {
			total = f.Value
			continue
		}
		sum += f.Value
	}
	if total == 0 || math.Abs(sum-total) > 0.01 {
		t.Errorf("nickel refined 2024 rows sum to %g kt, total %g kt", sum, total)
	}
}

// TestChainedMissingStages: a chain whose processing has no data is a lower bound, never
// read as 0% exposure.
func TestChainedMissingStages(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"chromium", "rare_earths"} {
		r := CommodityOverview(ds, "USA", c, 0)
		if !r.ChinaChainedLowerBound || !r.Details.Chained.LowerBound {
			t.Errorf("%s: chained exposure %v not flagged as a lower bound (notes %q)", c, lensDeref(r.ChinaChained), r.Details.Chained.Notes)
		}
	}
	if r := CommodityOverview(ds, "USA", "cobalt", 0); r.ChinaChainedLowerBound || lensDeref(r.ChinaChained) < 0.5 {
		t.Errorf("cobalt: chained %g (lower bound %v); with the refined stage it is complete and above 50%%", lensDeref(r.ChinaChained), r.ChinaChainedLowerBound)
	}
}
