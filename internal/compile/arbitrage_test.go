package compile

import (
	"testing"
)

// TestRivalArbitrage: with no control on NdPr oxide, a year-long loss of the Malaysian
// and US separators (the outside market's sources apart from the rest of the world's
// small output) raises the outside price. China exports no NdPr oxide at baseline and,
// under home priority alone, never would: the outside price then runs far above the
// inside one. With arbitrage (the dataset's default) China sells abroad while the
// outside is dearer, and the two prices stay close; without it, the gap is what it was.
func TestRivalArbitrage(t *testing.T) {
	const scenario = `name: arbitrage
importer: USA
rival: CHN
start: 2025-01
end: 2027-12
extends: baseline-2025
outages:
  - {country: MYS, products: [ndpr/separation], fraction: 1, start: 2025-03, months: 12}
  - {country: USA, products: [ndpr/separation], fraction: 1, start: 2025-03, months: 12}
`
	for _, c := range []struct {
		name           string
		params         string
		wantExports    bool
		maxGap, minGap float64 // bounds on the largest outside/inside price ratio - 1
	}{
		{"with arbitrage", "", true, 0.4, 0},
		{"without arbitrage", "parameters:\n  arbitrage_elasticity: 0\n", false, 100, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runYAML(t, scenario+c.params)
			p, chn := prodIdx(t, r, "ndpr/separation"), countryIdx(t, r, "CHN")
			exported, gap := 0.0, 0.0
			for m := range r.Months {
				exported += r.CountryExports[m][p][chn]
				gap = max(gap, r.PriceOut[m][p]/r.PriceIn[m][p]-1)
			}
			t.Logf("China exported %.0f t of NdPr oxide; largest outside premium over inside %+.0f%%", exported, 100*gap)
			if (exported > 1) != c.wantExports {
				t.Errorf("China exported %.3g t of NdPr oxide, want exports: %v", exported, c.wantExports)
			}
			if gap > c.maxGap || gap < c.minGap {
				t.Errorf("largest outside premium over inside %+.0f%%, want within [%+.0f%%, %+.0f%%]", 100*gap, 100*c.minGap, 100*c.maxGap)
			}
		})
	}
}
