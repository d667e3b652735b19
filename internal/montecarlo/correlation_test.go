package montecarlo

import (
	"bytes"
	"context"
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
)

const (
	capexPath        = "projects[test-plant].capex_musd"
	constructionPath = "projects[test-plant].construction_months"
	growthPath       = "demand_growth[0].pct_per_year"
	delayPath        = "projects[test-plant].delay_risk_months"
	capacityPath     = "projects[test-plant].capacity_t_per_year"
)

// withGroups returns a copy of the study's scenario with correlation groups.
func withGroups(sc *scenario.Scenario, groups ...scenario.Correlation) *scenario.Scenario {
	cp := *sc
	cp.Correlations = groups
	return &cp
}

// drawInputs draws n replications and returns each Input's values and scores.
func drawInputs(sc *scenario.Scenario, seed uint64, n int) (vals, scores map[string][]float64) {
	in := Inputs(sc)
	u := make([]float64, len(in))
	vals, scores = map[string][]float64{}, map[string][]float64{}
	for i := range n {
		d := Draw(sc, seed, i, u)
		pj := d.Projects[len(d.Projects)-1]
		v := map[string]float64{
			growthPath:       d.DemandGrowth[len(d.DemandGrowth)-1].PctPerYear.Value,
			capacityPath:     pj.CapacityTPerYear.Value,
			capexPath:        pj.CapexMUSD.Value,
			constructionPath: pj.ConstructionMonths.Value - pj.DelayRiskMonths.Value,
			delayPath:        pj.DelayRiskMonths.Value,
		}
		for k, x := range in {
			vals[x.Path] = append(vals[x.Path], v[x.Path])
			scores[x.Path] = append(scores[x.Path], u[k])
		}
	}
	return vals, scores
}

// ranks returns the mid-ranks of xs.
func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	r := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			r[idx[k]] = float64(i+j)/2 + 1
		}
		i = j + 1
	}
	return r
}

func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i] / n
		mb += b[i] / n
	}
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

func spearman(a, b []float64) float64 { return pearson(ranks(a), ranks(b)) }

// ks returns the Kolmogorov-Smirnov distance of the sample xs from the continuous
// distribution p.
func ks(p scenario.Param, xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := float64(len(s))
	d := 0.0
	for i, x := range s {
		f := cdf(p, x)
		d = max(d, math.Abs(f-float64(i)/n), math.Abs(float64(i+1)/n-f))
	}
	return d
}

func paramAt(sc *scenario.Scenario, path string) scenario.Param {
	for _, in := range Inputs(sc) {
		if in.Path == path {
			return in.Param
		}
	}
	panic("no input " + path)
}

// TestCorrelatedSpearman: a pair with rank correlation 0.8 between a triangular and a
// truncated normal number has sample Spearman correlation within 0.03 of 0.8 over 5,000
// draws, and the numbers outside the group draw exactly as without it.
func TestCorrelatedSpearman(t *testing.T) {
	s := fixtureStudy(t, 3, 1, 1)
	sc := withGroups(s.Scenario, scenario.Correlation{Params: []string{capexPath, constructionPath}, Rho: 0.8})
	const n = 5000
	vals, _ := drawInputs(sc, 3, n)
	if r := spearman(vals[capexPath], vals[constructionPath]); math.Abs(r-0.8) > 0.03 {
		t.Errorf("Spearman = %.4f, want 0.8 ± 0.03", r)
	}
	for _, path := range []string{capexPath, constructionPath} {
		if d := ks(paramAt(sc, path), vals[path]); d > 1.63/math.Sqrt(n) { // 1% level
			t.Errorf("%s: KS distance %.4f from its distribution", path, d)
		}
	}
	plain, _ := drawInputs(s.Scenario, 3, n)
	for _, path := range []string{growthPath, capacityPath, delayPath} {
		if !slices.Equal(vals[path], plain[path]) {
			t.Errorf("%s: draws changed by a group it is not in", path)
		}
	}
	if slices.Equal(vals[capexPath], plain[capexPath]) {
		t.Error("the group did not change its draws")
	}
}

// TestCorrelatedZero: a group with rho 0 keeps each marginal (KS) and shows no rank
// correlation; a negative matrix entry gives a negative correlation; a delay risk and a
// discrete number may be in a group.
func TestCorrelatedZero(t *testing.T) {
	s := fixtureStudy(t, 5, 1, 1)
	const n = 5000
	sc := withGroups(s.Scenario,
		scenario.Correlation{Params: []string{capexPath, growthPath}, Rho: 0},
		scenario.Correlation{Params: []string{constructionPath, delayPath, capacityPath},
			Matrix: [][]float64{{1, -0.6, 0.3}, {-0.6, 1, 0}, {0.3, 0, 1}}})
	vals, scores := drawInputs(sc, 5, n)
	for _, path := range []string{capexPath, growthPath, constructionPath} {
		if d := ks(paramAt(sc, path), vals[path]); d > 1.63/math.Sqrt(n) {
			t.Errorf("%s: KS distance %.4f from its distribution", path, d)
		}
	}
	if r := spearman(vals[capexPath], vals[growthPath]); math.Abs(r) > 0.04 {
		t.Errorf("rho 0: Spearman = %.4f", r)
	}
	if r := spearman(vals[constructionPath], vals[delayPath]); math.Abs(r+0.6) > 0.03 {
		t.Errorf("rho -0.6: Spearman = %.4f", r)
	}
	// Delay: uniform on [0, 6].
	d := vals[delayPath]
	if lo, hi := slices.Min(d), slices.Max(d); lo < 0 || hi > 6 {
		t.Errorf("delay outside [0, 6]: %v..%v", lo, hi)
	}
	// Discrete capacity keeps its weights 1:3.
	big := 0
	for _, v := range vals[capacityPath] {
		if v == 3000 {
			big++
		} else if v != 1000 {
			t.Fatalf("capacity %v", v)
		}
	}
	if f := float64(big) / n; math.Abs(f-0.75) > 0.02 {
		t.Errorf("capacity 3000 in %.3f of draws, want 0.75", f)
	}
	for path, u := range scores {
		if lo, hi := slices.Min(u), slices.Max(u); lo < 0 || hi > 1 {
			t.Errorf("%s: scores outside [0, 1]", path)
		}
	}
}

// TestCorrelatedDeterminism: with correlation groups, the aggregates are the same for 1,
// 2 and 4 workers.
func TestCorrelatedDeterminism(t *testing.T) {
	var want []byte
	for _, workers := range []int{1, 2, 4} {
		s := fixtureStudy(t, 11, 16, 3)
		s.Scenario = withGroups(s.Scenario, scenario.Correlation{Params: []string{capexPath, constructionPath, growthPath}, Rho: 0.5})
		p, err := Run(context.Background(), s, workers, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := aggregateJSON(t, s, p)
		if want == nil {
			want = got
		} else if !bytes.Equal(got, want) {
			t.Errorf("%d workers: aggregate differs from 1 worker", workers)
		}
	}
}

// TestQuantile: the inverse distribution functions invert cdf, including far in the
// tails of truncated normals.
func TestQuantile(t *testing.T) {
	params := []scenario.Param{
		{Dist: scenario.Triangular, Min: 100, Mode: 200, Max: 400},
		{Dist: scenario.Triangular, Min: 0, Mode: 0, Max: 1},
		{Dist: scenario.Uniform, Min: -2, Max: 3},
		{Dist: scenario.Normal, Mean: 12, SD: 3, Min: 6, Max: 18},
		{Dist: scenario.Normal, Mean: 0, SD: 1, Min: math.Inf(-1), Max: math.Inf(1)},
		{Dist: scenario.Normal, Mean: 0, SD: 1, Min: 6, Max: 9},
		{Dist: scenario.Normal, Mean: 0, SD: 1, Min: -9, Max: -6},
		{Dist: scenario.Lognormal, Median: 100, P95: 300},
	}
	for _, p := range params {
		for _, u := range []float64{1e-9, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1 - 1e-9} {
			x := quantile(p, u)
			if got := cdf(p, x); math.Abs(got-u) > 1e-7 {
				t.Errorf("%+v: cdf(quantile(%g)) = %g", p, u, got)
			}
		}
	}
	disc := scenario.Param{Dist: scenario.Discrete, Values: []float64{1, 2, 3}, Weights: []float64{1, 0, 3}}
	for _, c := range []struct{ u, want float64 }{{0, 1}, {0.2, 1}, {0.25, 3}, {0.9, 3}, {1, 3}} {
		if got := quantile(disc, c.u); got != c.want {
			t.Errorf("discrete quantile(%g) = %g, want %g", c.u, got, c.want)
		}
	}
}

// TestParamPaths: scenario.Params, which Parse checks correlation paths against, names
// the uncertain numbers as Inputs does.
func TestParamPaths(t *testing.T) {
	for _, name := range []string{"us-response-package", "baseline-2025"} {
		sc := builtinStudy(t, name, 1, 1, 1).Scenario
		var want, got []string
		for _, in := range Inputs(sc) {
			want = append(want, in.Path)
		}
		for _, p := range scenario.Params(sc) {
			if p.Uncertain() {
				got = append(got, p.Path)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: scenario.Params %q, Inputs %q", name, got, want)
		}
	}
	sc := fixtureStudy(t, 1, 1, 1).Scenario
	var got []string
	for _, p := range scenario.Params(sc) {
		if p.Uncertain() {
			got = append(got, p.Path)
		}
	}
	var want []string
	for _, in := range Inputs(sc) {
		want = append(want, in.Path)
	}
	if !slices.Equal(got, want) {
		t.Errorf("fixture: scenario.Params %q, Inputs %q", got, want)
	}
}
