package report

import (
	"strings"
	"testing"
)

// TestVerdictNamesAGlutOutside: an outside price that ends at half its start or less
// while the inside one held up (at least 0.9 of its start) is named as a glut; one that
// fell in both markets, or outside to 0.6 only, is not.
func TestVerdictNamesAGlutOutside(t *testing.T) {
	const glut = "When the run ends, prices outside CHN are far below their start"
	for _, c := range []struct {
		name    string
		out, in float64 // the magnet's last price over its first, outside and inside
		want    string  // "" for no sentence
	}{
		{"glut outside", 0.2, 0.96, glut + " while CHN's held up: NdPr magnet at 0.2 times its start (inside CHN: 0.96). That is a surplus outside CHN that the model does not offer to CHN's buyers"},
		{"down in both markets", 0.2, 0.5, ""},
		{"down outside to 0.6 only", 0.6, 1, ""},
	} {
		r := testRun(0)
		last := r.Months - 1
		r.PriceOut[last][1] = c.out * r.PriceOut[0][1]
		r.PriceIn[last][1] = c.in * r.PriceIn[0][1]
		got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
		switch {
		case c.want == "" && strings.Contains(got, glut):
			t.Errorf("%s: verdict names a glut:\n%s", c.name, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("%s: verdict lacks %q:\n%s", c.name, c.want, got)
		}
	}
}

// TestVerdictSaysAShortageIsNotPriced: an importer that goes without a quarter or more
// of a product while the outside price stays under twice its start is told the price is
// not the measure; a priced shortage (3x) or a small one says nothing of it.
func TestVerdictSaysAShortageIsNotPriced(t *testing.T) {
	const lead = "USA goes without much of NdPr magnet"
	for _, c := range []struct {
		name       string
		embargoed  float64
		priceRatio float64
		want       bool
	}{
		{"large shortfall, flat price", 2, 1.2, true},
		{"large shortfall, priced", 2, 3, false},
		{"no shortfall", 0, 1.2, false},
	} {
		r := testRun(c.embargoed)
		for m := range r.PriceOut {
			r.PriceOut[m][1] = 34 * (1 + (c.priceRatio-1)*float64(m)/float64(r.Months-1))
		}
		got := strings.Join(runVerdict(&pageCtx{}, r), "\n")
		if strings.Contains(got, lead) != c.want {
			t.Errorf("%s: sentence present %v, want %v:\n%s", c.name, !c.want, c.want, got)
		}
		// The share unmet is the first line's; a trial read 94.7 % twice.
		if strings.Contains(got, "of its demand unmet") {
			t.Errorf("%s: the share unmet is said again:\n%s", c.name, got)
		}
	}
}
