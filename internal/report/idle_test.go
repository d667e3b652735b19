package report

import (
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestVerdictNamesIdleCapacity: the importer's magnet capacity grows over the fixture
// run (15 to 652 t/month); when its plants make a fifth of it over the last 12 months
// the verdict says so, and why; at two thirds (the fixture) or with no growth (a calm
// run) it says nothing.
func TestVerdictNamesIdleCapacity(t *testing.T) {
	const idle = "New capacity in USA runs idle"
	for _, r := range []struct {
		name string
		run  func() []string
	}{
		{"fixture, plants at two thirds of capacity", func() []string { return runVerdict(&pageCtx{}, testRun(1)) }},
		{"calm run, no new capacity", func() []string { return runVerdict(&pageCtx{}, testRun(0)) }},
	} {
		if got := strings.Join(r.run(), "\n"); strings.Contains(got, idle) {
			t.Errorf("%s: verdict names idle capacity:\n%s", r.name, got)
		}
	}
	for _, c := range []struct {
		name     string
		endPrice float64 // the magnet's last outside price over its first
		want     string
	}{
		{"price up", 1.2, "NdPr magnet capacity grows from 15 to 652 t/month, but over the last 12 months its plants make"},
		{"price up: why", 1.2, "short of feed: their output's price has not fallen, so they are not cutting for price"},
		{"price up: the road", 1.2, "The road to independence below counts capacity, not output"},
		{"price down: why", 0.8, "(their output's price ends below its start, so they cut output for price)."},
	} {
		r := testRun(1)
		const magnet, usa = 1, 1
		for m := r.Months - 12; m < r.Months; m++ {
			r.CountryProduction[m][magnet][usa] = 0.2 * r.CountryCapacity[m][magnet][usa]
		}
		last := r.Months - 1
		r.PriceOut[last][magnet] = c.endPrice * r.PriceOut[0][magnet]
		got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: verdict lacks %q:\n%s", c.name, c.want, got)
		}
	}
}

// TestIdleCapacityNamesMissingInputs: with the plants' recipe known (PlantInputs), the
// idle-capacity sentence sets what reached the importer of each input against what the
// plants' capacity needs. An input that reached it not at all is the cause, named with
// the importer's lack of capacity and of imports, and the feed-response caveat is left
// out (a trial's US magnet plants under a ban got no metal and the verdict blamed the
// model's defect); inputs that reached it in part are named with their shares, and the
// caveat stays.
func TestIdleCapacityNamesMissingInputs(t *testing.T) {
	const oxide, magnet, chn, usa = 0, 1, 0, 1
	const defect = "Feed response: a known defect"
	for _, c := range []struct {
		name string
		// oxide reaching USA each month, as a share of what its magnet plants need
		home, imported float64
		want           []string
		defect         bool
	}{
		{"none", 0, 0, []string{"(they got no NdPr oxide, of which their capacity needs ", " t/month: USA has no capacity for it and no country ships it any, CHN (which makes it) included)",
			"a stage it calls covered may be the one that does not deliver."}, false},
		{"a fifth, imported", 0, 0.2, []string{"(short of feed: they got 20% of the NdPr oxide their capacity needs)"}, true},
		{"all of it", 0.6, 0.4, []string{"(short of feed by their own plan: they got the inputs their capacity needs and their output's price has not fallen)"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := testRun(1)
			r.PlantInputs = []result.PlantInput{{Product: "ndpr/magnet", Input: "ndpr/oxide", TPerT: 0.3}}
			for m := range r.Months {
				r.CountryProduction[m][magnet][usa] = 0.2 * r.CountryCapacity[m][magnet][usa]
				need := 0.3 * r.CountryCapacity[m][magnet][usa]
				r.CountryCapacity[m][oxide][usa] = c.home * need
				r.CountryProduction[m][oxide][usa] = c.home * need
				r.CountryExports[m][oxide][usa] = 0
				r.ImportsByOrigin[m][oxide][chn] = c.imported * need
				r.CountryProduction[m][oxide][chn] = max(r.CountryProduction[m][oxide][chn], 1)
			}
			r.PriceOut[r.Months-1][magnet] = 1.2 * r.PriceOut[0][magnet]
			got := idleCapacity(&pageCtx{}, r)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("sentence lacks %q:\n%s", w, got)
				}
			}
			if strings.Contains(got, defect) != c.defect {
				t.Errorf("feed-response caveat present %v, want %v:\n%s", !c.defect, c.defect, got)
			}
		})
	}
}
