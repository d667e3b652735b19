package report

import (
	"strings"
	"testing"
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
