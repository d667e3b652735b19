package compile

import (
	"fmt"
	"testing"

	"github.com/critmin/critmin/internal/dynamics"
	"github.com/critmin/critmin/internal/sim"
)

// TestFeedResponse: one 10,000 t/yr US magnet plant added to the baseline, no control
// (dynamics.PlantProjects). The plant cannot get all the NdPr metal and oxide it would
// need outside China. With the feed response (the dataset's default) it plans for what it
// gets, and no final product's outside price ends more than dynamics.PlantTolerance above
// the baseline's (dynamics.UnfedPlantRise, which the calibration search also requires);
// without it (feed_adjustment_months: 0) it asks for its full feed every month at any
// price and NdPr oxide outside China ends far above the baseline's, which the second case
// checks so that the first can fail.
func TestFeedResponse(t *testing.T) {
	const header = "name: plant\nimporter: USA\nrival: CHN\nstart: 2025-01\nend: 2035-12\nextends: baseline-2025\n"
	base := runYAML(t, header)
	last := base.Months - 1
	oxide := prodIdx(t, base, "ndpr/separation")
	for _, c := range []struct {
		name   string
		params string
		check  func(r *sim.Result) error
	}{
		{"with the feed response", "", func(r *sim.Result) error {
			if bad := dynamics.UnfedPlantRise(base, r); len(bad) > 0 {
				return fmt.Errorf("%v", bad)
			}
			return nil
		}},
		{"without it", "parameters:\n  feed_adjustment_months: 0\n", func(r *sim.Result) error {
			if rise := r.PriceOut[last][oxide]/base.PriceOut[last][oxide] - 1; rise < 0.5 {
				return fmt.Errorf("NdPr oxide outside ends %+.1f%% on the baseline, want the runaway (+50%% or more) the response removes", 100*rise)
			}
			return nil
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runYAML(t, header+c.params+dynamics.PlantProjects)
			t.Logf("NdPr oxide outside China ends %+.1f%% on the baseline", 100*(r.PriceOut[last][oxide]/base.PriceOut[last][oxide]-1))
			if err := c.check(r); err != nil {
				t.Error(err)
			}
		})
	}
}
