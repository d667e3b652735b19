// Package dynamics holds the criteria a run's market dynamics must meet whatever its
// parameters: prices that settle under a policy that no longer changes, and a market
// that returns to its baseline once a control ends. The engine's tests
// (internal/compile) assert them on the embedded data; the calibration search
// (tools/calibrate, through internal/backtest) keeps only parameter sets that meet them,
// so a fit never buys targets with oscillation.
package dynamics

import (
	"fmt"
	"math"
	"slices"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
)

// RecoveryMonths is the documented time (docs/model.md, Recovery after a control) within
// which the market returns to the baseline path once a control ends, capacity unchanged
// and thrift switched off: every series within RecoveryTolerance of the baseline's.
const (
	RecoveryMonths    = 48
	RecoveryTolerance = 0.02
)

// SwingTolerance is the share of a product's first outside price below which a swing
// is not counted as one: a tenth of a percent, so that moves far below what any report
// shows (a stock running out years after the policy changed, the last digits of a slow
// approach) do not count as a cycle.
const SwingTolerance = 1e-3

// SettledMonths is how many months at the end of a run each price must stay within
// SettledBand of its level for a constant policy to count as settled.
const (
	SettledMonths = 36
	SettledBand   = 0.01
)

// GrowingSwing returns the first index at which a swing between turning points of xs
// exceeds the previous swing in the same direction (the one two turns back) by more than
// tol, with both swings; -1 when no swing does. Comparing rises with rises and falls with
// falls is what tells an oscillation that grows from a single late event: a price that
// rises once and settles a little below where it started has a fall larger than its
// rise, and no cycle at all.
func GrowingSwing(xs []float64, tol float64) (int, float64, float64) {
	var turns []int
	for i := 1; i+1 < len(xs); i++ {
		up, down := xs[i]-xs[i-1], xs[i+1]-xs[i]
		if (up > tol && down < -tol) || (up < -tol && down > tol) {
			turns = append(turns, i)
		}
	}
	// The move from the first month to the first turning point is part of a swing that
	// began before the check: swings are measured between turning points only.
	var swings []float64
	for j := 1; j < len(turns); j++ {
		swing := math.Abs(xs[turns[j]] - xs[turns[j-1]])
		if k := len(swings) - 2; k >= 0 && swing > swings[k]+tol {
			return turns[j], swings[k], swing
		}
		swings = append(swings, swing)
	}
	return -1, 0, 0
}

// Undamped names every price of r, outside and inside the rival, whose swings from
// month from grow (one larger than the last one the same way, by more than
// SwingTolerance of its first outside price);
// with settled, also every price still moving by more than SettledBand over the last
// SettledMonths months. Empty when r's prices are damped.
func Undamped(r *sim.Result, from int, settled bool) []string {
	var bad []string
	for p, info := range r.Products {
		for _, s := range []struct {
			market string
			v      [][]float64
		}{{"outside", r.PriceOut}, {"inside", r.PriceIn}} {
			var prices []float64
			for m := from; m < r.Months; m++ {
				prices = append(prices, s.v[m][p])
			}
			if i, a, b := GrowingSwing(prices, SwingTolerance*r.PriceOut[0][p]); i >= 0 {
				bad = append(bad, fmt.Sprintf("%s %s price: swing of %.4g after one of %.4g the same way (month %d of the check)", info.ID, s.market, b, a, i))
			}
			if settled && len(prices) >= SettledMonths {
				last := prices[len(prices)-SettledMonths:]
				if lo, hi := slices.Min(last), slices.Max(last); hi-lo > SettledBand*hi {
					bad = append(bad, fmt.Sprintf("%s %s price: still moving between %.4g and %.4g in the last %d months", info.ID, s.market, lo, hi, SettledMonths))
				}
			}
		}
	}
	return bad
}

// RecoveredFrom returns the first month from which every series of r stays within
// RecoveryTolerance of base to the end of the run, looking from month from.
func RecoveredFrom(base, r *sim.Result, from int) int {
	back := from
	for m := from; m < r.Months; m++ {
		if GapAt(base, r, m) != "" {
			back = m + 1
		}
	}
	return back
}

// FirstGap names the first series of r off base from month from on, or "".
func FirstGap(base, r *sim.Result, from int) string {
	for m := from; m < r.Months; m++ {
		if g := GapAt(base, r, m); g != "" {
			return g
		}
	}
	return ""
}

// GapAt names a series of r off base by more than RecoveryTolerance in month m (relative
// to the baseline series' scale), or returns "".
func GapAt(base, r *sim.Result, m int) string {
	for _, s := range []struct {
		name string
		a, b [][]float64
	}{
		{"demand", base.Demand, r.Demand}, {"supply", base.Supply, r.Supply},
		{"inventory", base.Inventory, r.Inventory}, {"production", base.Production, r.Production},
		{"price outside", base.PriceOut, r.PriceOut}, {"price inside", base.PriceIn, r.PriceIn},
	} {
		for p := range base.Products {
			scale := 0.0
			for t := range s.a {
				scale = max(scale, math.Abs(s.a[t][p]))
			}
			if d := math.Abs(s.a[m][p] - s.b[m][p]); d > RecoveryTolerance*scale {
				return fmt.Sprintf("%s of %s in month %d: %.4g against %.4g", s.name, base.Products[p].ID, m, s.b[m][p], s.a[m][p])
			}
		}
	}
	return ""
}

// LastPolicyChange is the last month in which a resolved scenario's controls, suspensions
// or projects change what the engine does (a deterministic run: no project delay).
func LastPolicyChange(sc *scenario.Scenario) scenario.Month {
	var last scenario.Month
	w := func(win scenario.Window) {
		last = max(last, win.Start)
		if win.End != nil {
			last = max(last, *win.End+1)
		}
	}
	for _, c := range sc.Controls {
		w(c.Window)
		if c.Licensing != nil {
			for _, ch := range c.Licensing.ApprovalChanges {
				last = max(last, ch.From)
			}
		}
	}
	for _, x := range sc.Suspensions {
		w(x.Window)
	}
	for _, p := range sc.Projects {
		months := p.PermittingMonths.Point() + p.ConstructionMonths.Point() + p.RampMonths.Point()
		last = max(last, p.Announced+scenario.Month(math.Round(months)))
	}
	return last
}

// LastCapacityChange is the last month in which some country's capacity of some product
// differs from the month before (projects and price-triggered entry), 0 for none.
func LastCapacityChange(r *sim.Result) int {
	for m := r.Months - 1; m > 0; m-- {
		for p := range r.CountryCapacity[m] {
			if !slices.Equal(r.CountryCapacity[m][p], r.CountryCapacity[m-1][p]) {
				return m
			}
		}
	}
	return 0
}

// SqueezeControl is a six-month licensing squeeze on magnets, gallium and graphite
// (2025-03 to 2025-08, approval 25 %, 45 working days), in a scenario's controls: list;
// SqueezeEnded is the index of its first month without it in a run from 2025-01.
const (
	SqueezeControl = `controls:
  - id: squeeze
    exporter: CHN
    products: [ndfeb/magnet, gallium/refined, graphite/mine]
    destinations: [all]
    kind: licensing
    start: 2025-03
    end: 2025-08
    licensing: {approval: 0.25, processing_working_days: 45}
`
	SqueezeEnded = 8
)

// SettledFrom is the month from which a run of sc should show no growing price swing:
// six months after its last policy change and its last change of capacity, 2029-01 at
// the earliest. ok is false when that leaves fewer than 24 months to check.
func SettledFrom(r *sim.Result, sc *scenario.Scenario) (from int, ok bool) {
	from = max(2029*12-int(r.Start), int(LastPolicyChange(sc))-int(r.Start)+6, LastCapacityChange(r)+6)
	return from, from <= r.Months-24
}

// PlantProjects adds one 10,000 t/yr NdFeB magnet plant in the USA to a scenario, built
// from 2025-01 over 24 months and ramped over 12, with no control anywhere: new
// processing capacity whose feed the world cannot supply in full. The market must absorb
// it without a lasting rise of the prices of final products outside the rival
// (UnfedPlantRise): a plant that cannot get its feed must not bid prices up for good.
const PlantProjects = `projects:
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

// PlantTolerance is how far above the baseline's a final product's outside price may end
// with PlantProjects added.
const PlantTolerance = 0.05

// UnfedPlantRise lists the final products whose outside price in r's last month is more
// than PlantTolerance above base's.
func UnfedPlantRise(base, r *sim.Result) []string {
	last := r.Months - 1
	var bad []string
	for p, info := range r.Products {
		if !info.Final {
			continue
		}
		if rise := r.PriceOut[last][p]/base.PriceOut[last][p] - 1; rise > PlantTolerance {
			bad = append(bad, fmt.Sprintf("%s outside ends %+.1f%% on the baseline", info.ID, 100*rise))
		}
	}
	return bad
}
