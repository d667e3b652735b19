package montecarlo

import (
	"math"
	"slices"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
)

func TestInputs(t *testing.T) {
	s := fixtureStudy(t, 1, 1, 1)
	var got []string
	for _, in := range Inputs(s.Scenario) {
		got = append(got, in.Path)
	}
	want := []string{
		"demand_growth[0].pct_per_year",
		"projects[test-plant].capacity_t_per_year",
		"projects[test-plant].capex_musd",
		"projects[test-plant].construction_months",
		"projects[test-plant].delay_risk_months",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Inputs =\n%q\nwant\n%q", got, want)
	}
}

// TestDrawConverges draws the fixture's numbers many times and compares their sample
// means and quantiles, and the CDF scores, with the distributions' known values.
func TestDrawConverges(t *testing.T) {
	s := fixtureStudy(t, 42, 1, 1)
	in := Inputs(s.Scenario)
	const n = 20000
	u := make([]float64, len(in))
	vals := make([][]float64, len(in))
	scores := make([][]float64, len(in))
	for i := range n {
		sc := Draw(s.Scenario, 42, i, u)
		pj := sc.Projects[len(sc.Projects)-1]
		v := []float64{sc.DemandGrowth[len(sc.DemandGrowth)-1].PctPerYear.Value, pj.CapacityTPerYear.Value, pj.CapexMUSD.Value,
			pj.ConstructionMonths.Value - pj.DelayRiskMonths.Value, pj.DelayRiskMonths.Value}
		for k := range in {
			vals[k] = append(vals[k], v[k])
			scores[k] = append(scores[k], u[k])
		}
	}
	sd := math.Sqrt(70000.0 / 18) // triangular(100, 200, 400)
	tests := []struct {
		name      string
		k         int
		mean, tol float64
		p50, ptol float64
	}{
		{"normal growth", 0, 5, 4 * 2 / math.Sqrt(n), 5, 0.05},
		{"discrete capacity", 1, 2500, 4 * 866 / math.Sqrt(n), 3000, 0},
		{"triangular capex", 2, 700.0 / 3, 4 * sd / math.Sqrt(n), 400 - math.Sqrt(300*200/2.0), 2},
		{"truncated normal construction", 3, 12, 4 * 3 / math.Sqrt(n), 12, 0.1},
		{"uniform delay", 4, 3, 4 * 6 / math.Sqrt(12*n), 3, 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := vals[tt.k]
			mean := 0.0
			for _, x := range v {
				mean += x
			}
			mean /= n
			if math.Abs(mean-tt.mean) > tt.tol {
				t.Errorf("mean = %g, want %g ± %g", mean, tt.mean, tt.tol)
			}
			sorted := slices.Sorted(slices.Values(v))
			if p50 := sorted[n/2]; math.Abs(p50-tt.p50) > tt.ptol {
				t.Errorf("median = %g, want %g ± %g", p50, tt.p50, tt.ptol)
			}
			// The CDF score is uniform on [0, 1] for continuous inputs: mean 1/2,
			// variance 1/12. The discrete one has mid-ranks 1/8 and 5/8.
			us := scores[tt.k]
			mu, v2 := 0.0, 0.0
			for _, x := range us {
				mu += x
				v2 += x * x
			}
			mu /= n
			v2 = v2/n - mu*mu
			if tt.k == 1 {
				for _, x := range us {
					if x != 0.125 && x != 0.625 {
						t.Fatalf("discrete score %g, want 0.125 or 0.625", x)
					}
				}
				return
			}
			if math.Abs(mu-0.5) > 0.01 || math.Abs(v2-1.0/12) > 0.005 {
				t.Errorf("score mean %g variance %g, want 0.5 ± 0.01 and %g ± 0.005", mu, v2, 1.0/12)
			}
		})
	}
}

// TestDrawStreams checks the property Draw documents: a number's draws do not depend on
// the other numbers of the scenario.
func TestDrawStreams(t *testing.T) {
	s := fixtureStudy(t, 9, 1, 1)
	base := *s.Scenario
	u := make([]float64, len(Inputs(&base)))
	a := Draw(&base, 9, 3, u)

	more := base
	more.DemandGrowth = nil // one distribution fewer, before the project in walk order
	b := Draw(&more, 9, 3, make([]float64, len(Inputs(&more))))
	pa, pb := a.Projects[len(a.Projects)-1], b.Projects[len(b.Projects)-1]
	if pa.CapexMUSD.Value != pb.CapexMUSD.Value || pa.CapacityTPerYear.Value != pb.CapacityTPerYear.Value || pa.ConstructionMonths.Value != pb.ConstructionMonths.Value {
		t.Errorf("removing another distribution changed the project's draws: %+v vs %+v", pa, pb)
	}
	if s.Scenario.Projects[len(s.Scenario.Projects)-1].CapexMUSD.IsFixed() {
		t.Error("Draw changed the original scenario")
	}
	if c := Draw(&base, 10, 3, u); c.Projects[len(c.Projects)-1].CapexMUSD.Value == pa.CapexMUSD.Value {
		t.Error("another seed drew the same capex")
	}
}

func TestCDF(t *testing.T) {
	tri := scenario.Param{Dist: scenario.Triangular, Min: 0, Mode: 1, Max: 3}
	norm := scenario.Param{Dist: scenario.Normal, Mean: 0, SD: 1, Min: math.Inf(-1), Max: math.Inf(1)}
	logn := scenario.Param{Dist: scenario.Lognormal, Median: 2, P95: 8}
	disc := scenario.Param{Dist: scenario.Discrete, Values: []float64{1, 2, 3}, Weights: []float64{1, 1, 2}}
	tests := []struct {
		p    scenario.Param
		x    float64
		want float64
	}{
		{tri, 1, 1.0 / 3},
		{tri, 3, 1},
		{tri, 2, 1 - 1.0/6},
		{scenario.Param{Dist: scenario.Uniform, Min: 2, Max: 4}, 3, 0.5},
		{norm, 0, 0.5},
		{norm, 1.6448536269514722, 0.95},
		{scenario.Param{Dist: scenario.Normal, Mean: 0, SD: 1, Min: 0, Max: math.Inf(1)}, 0.6744897501960817, 0.5},
		{logn, 2, 0.5},
		{logn, 8, 0.95},
		{disc, 1, 0.125},
		{disc, 3, 0.75},
		{scenario.Fix(3), 3, 0.5},
	}
	for _, tt := range tests {
		if got := cdf(tt.p, tt.x); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("cdf(%v, %g) = %.15g, want %.15g", tt.p.Dist, tt.x, got, tt.want)
		}
	}
}
