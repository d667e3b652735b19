package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// TestPointCaveats checks that a run of the Ann. 18 scenario says its approval rate is
// the mean of a triangular distribution whose mode is its maximum, and where it sits.
func TestPointCaveats(t *testing.T) {
	sc, err := scenario.Builtin("apr2025-licensing")
	if err != nil {
		t.Fatal(err)
	}
	if sc, err = scenario.Resolve(sc, scenario.Builtin); err != nil {
		t.Fatal(err)
	}
	got := PointCaveats(sc)
	want := "controls[ann18-usa].licensing.approval: the mean 0.1767 of its triangular distribution on [0.03, 0.25] with mode 0.25, at the 44th percentile."
	if !slices.Contains(got, want) {
		t.Errorf("caveats %q lack %q", got, want)
	}
	if !strings.Contains(got[0], "one uncertain number") {
		t.Errorf("first caveat %q does not count the uncertain numbers", got[0])
	}
	if c := PointCaveats(&scenario.Scenario{Name: "fixed"}); c != nil {
		t.Errorf("a scenario without uncertain numbers gets caveats %q", c)
	}
}

func TestPointCaveatPercentile(t *testing.T) {
	for _, tc := range []struct {
		p    scenario.Param
		want string
	}{
		{scenario.Param{Dist: scenario.Triangular, Min: 0, Mode: 30, Max: 80}, "the mean 36.6667 of its triangular distribution on [0, 80] with mode 30, at the 53rd percentile."},
		{scenario.Param{Dist: scenario.Triangular, Min: 10, Mode: 10, Max: 20}, "the mean 13.3333 of its triangular distribution on [10, 20] with mode 10, at the 56th percentile."},
		{scenario.Param{Dist: scenario.Discrete, Values: []float64{0, 6, 12}, Weights: []float64{0.5, 0.3, 0.2}}, "the mean 4.2 of its discrete distribution over 3 values"},
		{scenario.Param{Dist: scenario.Uniform, Min: 0, Max: 1}, "the mean 0.5 of its uniform distribution on [0, 1], at the 50th percentile."},
	} {
		if got := pointCaveat(scenario.ParamAt{Path: "x", Param: tc.p}); !strings.Contains(got, tc.want) {
			t.Errorf("%+v: got %q, want it to contain %q", tc.p, got, tc.want)
		}
	}
}

// TestDeterministicPlacement: 34% peak shortfall against replications with P5 35.6%
// lies below the 5th percentile, as the issue measured for Ann. 18.
func TestDeterministicPlacement(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name  string
		d     result.Summary
		stats []montecarlo.Stat
		want  []string
	}{
		{"between and below", result.Summary{PeakShortfallShare: 0.34, MonthsShort: 6},
			[]montecarlo.Stat{{Name: montecarlo.ScalarPeakShortfall, P5: f(0.356), P50: f(0.52), P95: f(0.7), Mean: f(0.531)},
				{Name: montecarlo.ScalarMonthsShort, P5: f(3), P50: f(5), P95: f(9)}},
			[]string{
				"The deterministic run's peak shortfall, 34 (% of demand), lies below the 5th percentile of the replications (35.6); their mean is 53.1.",
				"The deterministic run's months short, 6 (months), lies between the median (5) and the 95th percentile (9) of the replications.",
			}},
		// A trial read "0 ... lies below the 5th percentile of the replications (0)": a
		// value that prints as a percentile equals it.
		{"equal to printed percentiles", result.Summary{PeakShortfallShare: 0, MonthsShort: 5, TotalCostMUSD: 40},
			[]montecarlo.Stat{{Name: montecarlo.ScalarPeakShortfall, P5: f(0.0002), P50: f(0.0001), P95: f(0.114), Mean: f(0.012)},
				{Name: montecarlo.ScalarMonthsShort, P5: f(3), P50: f(5), P95: f(9)},
				{Name: montecarlo.ScalarTotalCost, P5: f(10), P50: f(40), P95: f(40)}},
			[]string{
				"The deterministic run's peak shortfall, 0 (% of demand), equals the 5th percentile and median of the replications; their 95th percentile is 11.4; their mean is 1.2.",
				"The deterministic run's months short, 5 (months), equals the median of the replications; their 5th and 95th percentiles are 3 and 9.",
				"The deterministic run's cost of the responses, 40 (MUSD), equals the median and 95th percentile of the replications; their 5th percentile is 10.",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := deterministicPlacement(&tt.d, tt.stats); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}
