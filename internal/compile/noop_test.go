package compile

import (
	"fmt"
	"math"
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

// baselineHeader runs the embedded world from 2025-01 to 2027-12 with no controls.
const baselineHeader = `name: noop
importer: USA
rival: CHN
start: 2025-01
end: 2027-12
extends: baseline-2025
`

// TestNoOpControlsChangeNothing is the negative control of the market model: a licence
// that approves everything at once, a quota above every flow and a zero tariff must each
// give the run without them, every series within 1e-9 relative, on the real embedded
// world and for every kind of product (a final product, an intermediate one, a joint
// co-product).
func TestNoOpControlsChangeNothing(t *testing.T) {
	base := runYAML(t, baselineHeader)
	products := "[graphite/mine, gallium/refined, ndfeb/magnet, dy/separation, ndpr/metal, antimony/mine]"
	cases := map[string]string{
		"licence approving all at once": `controls:
  - id: noop
    exporter: CHN
    products: ` + products + `
    destinations: [all]
    kind: licensing
    start: 2025-03
    licensing: {approval: 1.0, processing_working_days: 0}
`,
		"quota above every flow": `controls:
  - id: noop
    exporter: CHN
    products: ` + products + `
    destinations: [all]
    kind: quota
    quota_t_per_month: 1.0e7
    start: 2025-03
`,
		"zero tariff": `tariffs:
  - {importer: USA, exporter: CHN, products: ` + products + `, rate_pct: 0, start: 2025-03}
`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			r := runYAML(t, baselineHeader+body)
			if err := sameSeries(base, r, 1e-9); err != nil {
				t.Error(err)
			}
		})
	}
}

// sameSeries compares every monthly series of two results of the same model shape within
// rel relative to the series' scale.
func sameSeries(a, b *sim.Result, rel float64) error {
	type series struct {
		name string
		a, b [][]float64
	}
	for _, s := range []series{
		{"demand", a.Demand, b.Demand}, {"supply", a.Supply, b.Supply},
		{"inventory", a.Inventory, b.Inventory}, {"production", a.Production, b.Production},
		{"price outside", a.PriceOut, b.PriceOut}, {"price inside", a.PriceIn, b.PriceIn},
		{"rival-free supply", a.RivalFree, b.RivalFree},
	} {
		for p := range a.Products {
			scale := 0.0
			for m := range s.a {
				scale = max(scale, math.Abs(s.a[m][p]))
			}
			for m := range s.a {
				if d := math.Abs(s.a[m][p] - s.b[m][p]); d > rel*max(scale, 1e-12) {
					return fmt.Errorf("%s of %s in month %d: %.12g, want %.12g", s.name, a.Products[p].ID, m, s.b[m][p], s.a[m][p])
				}
			}
		}
	}
	for m := range a.CountryExports {
		for p := range a.Products {
			scale := 0.0
			for c := range a.Countries {
				scale = max(scale, math.Abs(a.CountryExports[m][p][c]))
			}
			for c := range a.Countries {
				if d := math.Abs(a.CountryExports[m][p][c] - b.CountryExports[m][p][c]); d > rel*max(scale, 1e-12) {
					return fmt.Errorf("exports of %s from %s in month %d: %.12g, want %.12g", a.Products[p].ID, a.Countries[c], m, b.CountryExports[m][p][c], a.CountryExports[m][p][c])
				}
			}
		}
	}
	return nil
}
