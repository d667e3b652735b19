package backtest

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// Check is one observed figure beside the model's.
type Check struct {
	Name string `json:"name"`
	// Observed is the figure as the source states it; ObservedLow and ObservedHigh bound
	// it as a number (equal for a point).
	Observed     string  `json:"observed"`
	ObservedLow  float64 `json:"observed_low"`
	ObservedHigh float64 `json:"observed_high"`
	Source       string  `json:"source"`
	Model        float64 `json:"model"`
	Unit         string  `json:"unit"`
	// HowComputed says which series and months the model figure comes from.
	HowComputed string `json:"how_computed"`
	// Gap explains a model figure outside the observed range; empty when inside.
	Gap string `json:"gap,omitempty"`
}

// Within reports whether the model figure lies in the observed range.
func (c Check) Within() bool { return c.Model >= c.ObservedLow && c.Model <= c.ObservedHigh }

// April2025 is the back-test of the apr2025-licensing scenario.
type April2025 struct {
	DataVersion string  `json:"data_version"`
	Checks      []Check `json:"checks"`
	// Inputs are observations the scenario takes as inputs, listed so that nobody
	// mistakes them for agreement.
	Inputs []string `json:"inputs"`
}

// The months of the comparison: the controls took effect on 2025-04-04.
var (
	before = sim.MonthOf(2025, 3)
	may    = sim.MonthOf(2025, 5)
)

// RunApril2025 runs the baseline and the April 2025 licensing scenario over ds and sets
// them beside the observations.
func RunApril2025(ds *world.Dataset, lib func(string) (*scenario.Scenario, error)) (April2025, error) {
	base, err := run(ds, lib, "baseline-2025")
	if err != nil {
		return April2025{}, err
	}
	apr, err := run(ds, lib, "apr2025-licensing")
	if err != nil {
		return April2025{}, err
	}
	out := April2025{DataVersion: ds.Version, Inputs: []string{
		"Licence approvals rising from about 25% to 60% (CLEPA via theoregongroup.com, ~2025-06/07, V2) are the scenario's approval path, so the model cannot be said to reproduce them.",
		"The 45-working-day licence clock (Reuters via en.ckhq.net, V2) is the scenario's processing delay (2 months).",
	}}
	magnets := exportsChange(base, apr, "ndfeb/magnet", may)
	out.Checks = append(out.Checks, Check{
		Name: "China's NdFeB magnet exports, May 2025, change against no controls", Unit: "%",
		// The point is the WSJ figure for magnets. Bloomberg's -61 % (2,117 t, 2025-05,
		// business-standard.com, V2) counts "rare earth products" (mostly magnets), a wider
		// aggregate, so it does not widen the range.
		Observed: "1,238 t, -74% year on year", ObservedLow: -74, ObservedHigh: -74,
		Source:      "automotiveworld.com 2025-06-20 (WSJ analysis of Chinese customs data), facts.md V2",
		Model:       magnets,
		HowComputed: "China's exports of ndfeb/magnet in 2025-05, apr2025-licensing against baseline-2025 (the model has no 2024, so the baseline month stands in for May 2024: a judgement, since the observed change is year on year, not against a May 2025 without controls)",
	})
	// The outside-price ranges are the lowest and highest ratios of the Argus quotes: the
	// low end of the May range over the high end of the earlier one, and the reverse.
	for _, x := range []struct {
		product, name, observed, source string
		lo, hi                          float64
	}{
		{"dy/separation", "Dy oxide price outside China, 2025-05 against 2025-03", "nearly tripled within a month (SMM); Argus 99.5% Rotterdam USD 250-310 -> 700-1,000/kg",
			"news.metal.com 2025-05-06 (SMM), facts.md V; gmteight.com 2025-05-09 (Argus), V2; range 700/310 to 1,000/250 (D); the Argus base is a month before 2025-05-06, taken as the pre-control level", 700.0 / 310, 1000.0 / 250},
		{"tb/separation", "Tb oxide price outside China, 2025-05 against 2025-03", "more than doubled (SMM); Argus 99.99% USD 930-1,000 -> 2,000-4,000/kg",
			"news.metal.com 2025-05-06 (SMM), facts.md V; gmteight.com 2025-05-09 (Argus), V2; range 2,000/1,000 to 4,000/930 (D); the Argus base is early April, taken as the pre-control level", 2000.0 / 1000, 4000.0 / 930},
	} {
		out.Checks = append(out.Checks, Check{
			Name: x.name, Unit: "ratio", Observed: x.observed, ObservedLow: x.lo, ObservedHigh: x.hi, Source: x.source,
			Model:       ratio(apr.PriceOut, apr, x.product, may, before),
			HowComputed: "outside-market price of " + x.product + " in 2025-05 over 2025-03, apr2025-licensing",
		})
	}
	// SMM says only that domestic prices "held stable"; no March price is in facts.md. The
	// band is a judgement: the ratio of the highest to the lowest SMM quote of May-July
	// 2025, either way, i.e. the moves SMM itself still called stable.
	for _, x := range []struct {
		product, element, quotes string
		low, high                float64
	}{
		{"dy/separation", "Dy", "Dy oxide 1.61-1.70M CNY/t", 1.61, 1.70},
		{"tb/separation", "Tb", "Tb oxide 7.0-7.2M CNY/t", 7.0, 7.2},
	} {
		out.Checks = append(out.Checks, Check{
			Name: "China domestic " + strings.ToLower(x.element) + " oxide price, 2025-05 against 2025-03", Unit: "ratio",
			Observed: "stable (SMM, 2025-05-06); " + x.quotes + " in May-July 2025", ObservedLow: x.low / x.high, ObservedHigh: x.high / x.low,
			Source:      "news.metal.com 2025-05-06 and 2025-05-23 to 07-15 (SMM), facts.md V; band (judgement): the May-July high/low ratio either way",
			Model:       ratio(apr.PriceIn, apr, x.product, may, before),
			HowComputed: "inside-market price of " + x.product + " in 2025-05 over 2025-03, apr2025-licensing",
		})
	}
	out.Checks = append(out.Checks, Check{
		Name: "Magnet price outside China over inside, highest in 2025", Unit: "ratio",
		Observed: "up to ~6x", ObservedLow: 5.5, ObservedHigh: 6.5,
		Source:      "IEA commentary 2025-10-23 via rareearthexchanges.com, facts.md V2 (range, a judgement: the values that round to 6)",
		Model:       peakRatio(apr, "ndfeb/magnet", 2025),
		HowComputed: "largest ratio of the outside to the inside price of ndfeb/magnet in any month of 2025, apr2025-licensing",
	})
	for i := range out.Checks {
		out.Checks[i].Gap = explain(out.Checks[i])
	}
	return out, nil
}

func run(ds *world.Dataset, lib func(string) (*scenario.Scenario, error), name string) (*sim.Result, error) {
	sc, err := lib(name)
	if err != nil {
		return nil, fmt.Errorf("back-test: %w", err)
	}
	sc, err = scenario.Resolve(sc, lib)
	if err != nil {
		return nil, fmt.Errorf("back-test %s: %w", name, err)
	}
	m, err := compile.Compile(ds, sc)
	if err != nil {
		return nil, fmt.Errorf("back-test: %w", err)
	}
	r := sim.NewResult(m)
	sim.Run(m, r)
	return r, nil
}

func index(r *sim.Result, product string, m sim.Month) (p, t int) {
	p = slices.IndexFunc(r.Products, func(x sim.ProductInfo) bool { return x.ID == product })
	return p, int(m - r.Start)
}

// exportsChange is the percentage change of the rival's exports of a product in a month,
// scenario against baseline.
func exportsChange(base, sc *sim.Result, product string, m sim.Month) float64 {
	p, t := index(sc, product, m)
	c := slices.Index(sc.Countries, sc.Rival)
	b := base.CountryExports[t][p][c]
	if b == 0 {
		return math.NaN()
	}
	return (sc.CountryExports[t][p][c]/b - 1) * 100
}

func ratio(series [][]float64, r *sim.Result, product string, num, den sim.Month) float64 {
	p, tn := index(r, product, num)
	_, td := index(r, product, den)
	return series[tn][p] / series[td][p]
}

func peakRatio(r *sim.Result, product string, year int) float64 {
	p, _ := index(r, product, r.Start)
	best := 0.0
	for t := range r.Months {
		if int(r.Start+sim.Month(t))/12 != year {
			continue
		}
		best = max(best, r.PriceOut[t][p]/r.PriceIn[t][p])
	}
	return best
}
