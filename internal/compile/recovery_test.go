package compile

import (
	"math"
	"testing"

	"github.com/critmin/critmin/internal/dynamics"
	"github.com/critmin/critmin/internal/scenario"
)

// TestControlThatEndsRecovers: a six-month licensing squeeze on magnets, gallium and
// graphite, then nothing: with the long-run demand response off (its destruction persists
// by design), every series of every product is back within 2% of the baseline within 48
// months of the end, and stays there to the end of a ten-year run. With the calibrated defaults the importer is no
// longer short a year after the end; demand (and the prices and output that follow it)
// keeps the thrift's lower level, by design.
func TestControlThatEndsRecovers(t *testing.T) {
	const header = `name: recovery
importer: USA
rival: CHN
start: 2025-01
end: 2035-12
extends: baseline-2025
`
	const control = dynamics.SqueezeControl
	const noThrift = "parameters:\n  long_run_demand_elasticity: 0\n"
	ended := dynamics.SqueezeEnded // 2025-09, the first month without the control
	t.Run("thrift off", func(t *testing.T) {
		base := runYAML(t, header+noThrift)
		r := runYAML(t, header+noThrift+control)
		back := dynamics.RecoveredFrom(base, r, ended)
		t.Logf("back within %.0f%% of the baseline %d months after the control ended", 100*dynamics.RecoveryTolerance, back-ended)
		if back >= r.Months-12 {
			t.Fatalf("not back within %.0f%% of the baseline a year before the run ends: %v", 100*dynamics.RecoveryTolerance, dynamics.FirstGap(base, r, r.Months-13))
		}
		if back-ended > dynamics.RecoveryMonths {
			t.Errorf("back within %.0f%% only %d months after the control ended, want at most %d: %v",
				100*dynamics.RecoveryTolerance, back-ended, dynamics.RecoveryMonths, dynamics.FirstGap(base, r, ended+dynamics.RecoveryMonths))
		}
	})
	// The rival is the only source of Dy oxide and its users would rebuild their stock
	// before any export: since the rival's market is open to buyers rebuilding stock
	// (rivalOpenMarket) the deficit abroad is repaid and the Dy prices come back. Known
	// exceptions, documented in docs/model.md (Markets with no slack): Tb oxide keeps a
	// premium in both markets, Dy metal in China too, and NdPr oxide outside China and
	// inside (figures in docs/model.md).
	t.Run("Dy oxide only", func(t *testing.T) {
		const dy = `controls:
  - {id: squeeze, exporter: CHN, products: [dy/separation], destinations: [all], kind: licensing, start: 2025-03, end: 2025-08, licensing: {approval: 0.25, processing_working_days: 45}}
`
		base := runYAML(t, header+noThrift)
		r := runYAML(t, header+noThrift+dy)
		for _, x := range []struct {
			product string
			prices  [][]float64
			market  string
		}{
			{"dy/separation", r.PriceOut, "outside"}, {"dy/separation", r.PriceIn, "inside"}, {"dy/metal", r.PriceOut, "outside"},
		} {
			p := prodIdx(t, r, x.product)
			b := base.PriceOut
			if x.market == "inside" {
				b = base.PriceIn
			}
			for m := r.Months - 12; m < r.Months; m++ {
				if got, want := x.prices[m][p], b[m][p]; math.Abs(got-want) > dynamics.RecoveryTolerance*want {
					t.Errorf("%s %s price in month %d: %.4g against %.4g in the baseline", x.product, x.market, m, got, want)
					break
				}
			}
		}
	})
	// Dy oxide comes from China's ion-adsorption clay separation, whose joint NdPr is
	// about 4 % of China's (ionic_separation in sim_recipes.csv), so the Dy squeeze takes
	// little NdPr oxide from either market: with arbitrage (the dataset's default) NdPr
	// oxide ends within 2 % of the baseline and of the inside price. Before rare-earth ore
	// was split into hard-rock and ionic-clay concentrate (2026-12-08) the squeeze cut the
	// one separation process's NdPr too, and without arbitrage the outside price kept a
	// 30 % premium; docs/model.md (Markets with no slack) gives a case where arbitrage
	// itself spreads a deficit that no spare capacity can repay.
	t.Run("Dy squeeze: NdPr oxide barely moves", func(t *testing.T) {
		const dy = `controls:
  - {id: squeeze, exporter: CHN, products: [dy/separation], destinations: [all], kind: licensing, start: 2025-03, end: 2025-08, licensing: {approval: 0.25, processing_working_days: 45}}
`
		base := runYAML(t, header+noThrift)
		last := base.Months - 1
		p := prodIdx(t, base, "ndpr/separation")
		r := runYAML(t, header+noThrift+dy)
		over := r.PriceOut[last][p]/base.PriceOut[last][p] - 1
		spread := r.PriceOut[last][p]/r.PriceIn[last][p] - 1
		t.Logf("NdPr oxide outside %+.2f%% on the baseline, %+.2f%% on inside, in the last month", 100*over, 100*spread)
		if math.Abs(over) > 0.02 || math.Abs(spread) > 0.02 {
			t.Errorf("NdPr oxide outside %+.2f%% on the baseline and %+.2f%% on inside in the last month; want both within 2%%", 100*over, 100*spread)
		}
	})
	t.Run("calibrated defaults", func(t *testing.T) {
		r := runYAML(t, header+control)
		for m := ended + 12; m < r.Months; m++ {
			for p, info := range r.Products {
				if d := r.Demand[m][p]; d > 0 && r.Shortfall[m][p] > 1e-6*d {
					t.Fatalf("%s short %.3g t in month %d, %d months after the control ended", info.ID, r.Shortfall[m][p], m, m-ended)
				}
			}
		}
	})
}

// TestConstantPolicyIsDamped: under a policy that no longer changes, prices settle
// instead of cycling (dynamics.Undamped with settled): from 2026-01, six months after
// apr2025-licensing's last change (the approval rise of 2025-07), each swing of each
// outside and inside price is no larger than the last one the same way (swings under
// 0.1 % of the price not counted), and over the run's last
// three years each price moves within 1%. Before this check existed, the Dy oxide price
// cycled for ten years with a period of about 11 months.
func TestConstantPolicyIsDamped(t *testing.T) {
	r := runYAML(t, `name: damped
importer: USA
rival: CHN
start: 2025-01
end: 2035-12
extends: apr2025-licensing
`)
	for _, bad := range dynamics.Undamped(r, mon(t, r, "2026-01"), true) {
		t.Error(bad)
	}
}

// TestBuiltinPricesDamped: in every built-in scenario, run to 2040-12, from six months
// after its last policy change (the last control or suspension boundary, approval
// change, or project at full capacity) and its last change of capacity (projects and
// price-triggered entry), 2029-01 at the earliest, no price swing is larger than the last
// one the same way (dynamics.Undamped).
func TestBuiltinPricesDamped(t *testing.T) {
	scs, err := scenario.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	env := func() scenario.Env { _, e := testEnv(t); return e }()
	for _, sc := range scs {
		res, err := scenario.Resolve(sc, env.Base)
		if err != nil {
			t.Fatal(err)
		}
		r := runYAML(t, "name: damped\nimporter: USA\nrival: CHN\nstart: 2025-01\nend: 2040-12\nextends: "+sc.Name+"\n")
		from, ok := dynamics.SettledFrom(r, res)
		if !ok {
			t.Logf("%s: policy changes until %s and capacity until month %d, too late to check", sc.Name, dynamics.LastPolicyChange(res), dynamics.LastCapacityChange(r))
			continue
		}
		for _, bad := range dynamics.Undamped(r, from, false) {
			t.Errorf("%s: %s", sc.Name, bad)
		}
	}
}

// TestDemandResponseReported: under apr2025-licensing the US is never short of magnets,
// yet the outside magnet price's rise cuts US magnet use over the horizon by more than a
// tenth against baseline prices (thrift); the summary reports both tonnages, and the
// baseline-price figure is the baseline run's demand.
func TestDemandResponseReported(t *testing.T) {
	base := runYAML(t, "name: b\nimporter: USA\nrival: CHN\nstart: 2025-01\nend: 2035-12\nextends: baseline-2025\n")
	r := runYAML(t, "name: l\nimporter: USA\nrival: CHN\nstart: 2025-01\nend: 2035-12\nextends: apr2025-licensing\n")
	p := prodIdx(t, r, "ndfeb/magnet")
	baseDemand := 0.0
	for m := range base.Months {
		baseDemand += base.Demand[m][p]
	}
	for _, d := range r.Summary.DemandResponse {
		if d.Product != "ndfeb/magnet" {
			continue
		}
		if math.Abs(d.AtBaselinePrice-baseDemand) > 1e-6*baseDemand {
			t.Errorf("magnets at baseline prices %.6g t, the baseline run demands %.6g t", d.AtBaselinePrice, baseDemand)
		}
		if cut := 1 - d.AtRunPrices/d.AtBaselinePrice; cut < 0.1 {
			t.Errorf("magnet use cut by %.1f%%, want more than 10%%", 100*cut)
		}
		return
	}
	t.Fatal("no demand response for ndfeb/magnet")
}
