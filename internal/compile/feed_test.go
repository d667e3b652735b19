package compile

import (
	"fmt"
	"testing"
)

// TestFeedResponse: one 10,000 t/yr US magnet plant added to the baseline, no control. The
// plant cannot get all the NdPr metal and oxide it would need outside China. With the feed
// response (the dataset's default) it plans for what it gets, and no final product's
// outside price ends more than 5 % above the baseline's; without it (feed_adjustment_months:
// 0) it asks for its full feed every month at any price and NdPr oxide outside China ends
// far above the baseline's (+71 % at the calibrated defaults), which the second case
// checks so that the first can fail.
func TestFeedResponse(t *testing.T) {
	const plant = `projects:
  - name: Test magnet plant
    country: USA
    product: ndfeb/magnet
    capacity_t_per_year: 10000
    capex_musd: 600
    announced: 2025-01
    permitting_months: 0
    construction_months: 24
    ramp_months: 12
`
	const header = "name: plant\nimporter: USA\nrival: CHN\nstart: 2025-01\nend: 2035-12\nextends: baseline-2025\n"
	base := runYAML(t, header)
	last := base.Months - 1
	oxide := prodIdx(t, base, "ndpr/separation")
	for _, c := range []struct {
		name   string
		params string
		check  func(rise func(p int) float64) error
	}{
		{"with the feed response", "", func(rise func(p int) float64) error {
			for p, info := range base.Products {
				if info.Final && rise(p) > 0.05 {
					return fmt.Errorf("%s outside ends %+.1f%% on the baseline", info.ID, 100*rise(p))
				}
			}
			return nil
		}},
		{"without it", "parameters:\n  feed_adjustment_months: 0\n", func(rise func(p int) float64) error {
			if r := rise(oxide); r < 0.5 {
				return fmt.Errorf("NdPr oxide outside ends %+.1f%% on the baseline, want the runaway (+50%% or more) the response removes", 100*r)
			}
			return nil
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runYAML(t, header+c.params+plant)
			rise := func(p int) float64 { return r.PriceOut[last][p]/base.PriceOut[last][p] - 1 }
			t.Logf("NdPr oxide outside China ends %+.1f%% on the baseline", 100*rise(oxide))
			if err := c.check(rise); err != nil {
				t.Error(err)
			}
		})
	}
}
