package scenario

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

const corrHead = "name: corr\nimporter: USA\nrival: CHN\n" +
	"projects:\n" +
	"  - {name: A, country: USA, product: dy/metal, capacity_t_per_year: {dist: triangular, min: 100, mode: 200, max: 400}, capex_musd: {dist: lognormal, median: 100, p95: 300}, announced: 2025-01}\n" +
	"  - {name: B, country: USA, product: tb/metal, capacity_t_per_year: 50, capex_musd: {dist: uniform, min: 10, max: 20}, announced: 2025-01, delay_risk_months: 6}\n" +
	"outages:\n" +
	"  - {country: MMR, products: [reo/mine], fraction: {dist: normal, mean: 0.5, sd: 0.2, min: 0, max: 1}, start: 2025-03, months: 3}\n"

// TestCorrelationMessages: every rule of correlation groups, with its exact message.
func TestCorrelationMessages(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"valid rho", "correlations:\n  - {params: ['projects[A].capex_musd', 'projects[B].capex_musd', 'projects[B].delay_risk_months'], rho: 0.7}\n", nil},
		{"valid matrix", "correlations:\n  - params: ['projects[A].capacity_t_per_year', 'outages[0].fraction']\n    matrix: [[1, -0.4], [-0.4, 1]]\n", nil},
		{"unknown path", "correlations:\n  - {params: ['projects[A].capex_mus', 'projects[Z].capex_musd'], rho: 0.5}\n", []string{
			`10:15: correlations[0].params[0]: unknown number "projects[A].capex_mus" (did you mean "projects[A].capex_musd"?)`,
			`10:40: correlations[0].params[1]: unknown number "projects[Z].capex_musd" (did you mean "projects[A].capex_musd"?)`,
		}},
		{"fixed number", "correlations:\n  - {params: ['projects[B].capacity_t_per_year', 'projects[A].capex_musd'], rho: 0.5}\n", []string{
			`10:15: correlations[0].params[0]: "projects[B].capacity_t_per_year" is a fixed number; only distributions (and a project's delay_risk_months > 0) can be correlated`,
		}},
		{"rho out of range", "correlations:\n  - {params: ['projects[A].capex_musd', 'projects[B].capex_musd'], rho: 1}\n", []string{
			`10:73: correlations[0].rho: must be in (-1, 1), got 1`,
		}},
		{"rho not positive definite", "correlations:\n  - {params: ['projects[A].capex_musd', 'projects[B].capex_musd', 'outages[0].fraction'], rho: -0.9}\n", []string{
			`10:96: correlations[0].rho: -0.9 for 3 numbers gives a correlation matrix that is not positive definite (rho must be above about -1/2)`,
		}},
		{"path in two groups", "correlations:\n  - {params: ['projects[A].capex_musd', 'projects[B].capex_musd'], rho: 0.5}\n  - {params: ['outages[0].fraction', 'projects[A].capex_musd'], rho: 0.5}\n", []string{
			`11:38: correlations[1].params[1]: "projects[A].capex_musd" is already correlated in correlations[0] (a number may be in one group only)`,
		}},
		{"listed twice", "correlations:\n  - {params: ['projects[A].capex_musd', 'projects[A].capex_musd'], rho: 0.5}\n", []string{
			`10:41: correlations[0].params[1]: "projects[A].capex_musd" is listed twice`,
		}},
		{"one param", "correlations:\n  - {params: ['projects[A].capex_musd'], rho: 0.5}\n", []string{
			`10:14: correlations[0].params: needs at least 2 numbers, got 1`,
		}},
		{"neither rho nor matrix", "correlations:\n  - {params: ['projects[A].capex_musd', 'projects[B].capex_musd']}\n", []string{
			`10:5: correlations[0]: needs rho or matrix`,
		}},
		{"both", "correlations:\n  - {params: ['projects[A].capex_musd', 'projects[B].capex_musd'], rho: 0.5, matrix: [[1, 0.5], [0.5, 1]]}\n", []string{
			`10:86: correlations[0].matrix: give rho or matrix, not both`,
		}},
		{"asymmetric matrix", "correlations:\n  - params: ['projects[A].capex_musd', 'projects[B].capex_musd']\n    matrix: [[1, 0.5], [0.4, 1]]\n", []string{
			`11:25: correlations[0].matrix[1][0]: must equal matrix[0][1] = 0.5 (the matrix must be symmetric)`,
		}},
		{"matrix diagonal and shape", "correlations:\n  - params: ['projects[A].capex_musd', 'projects[B].capex_musd']\n    matrix: [[0.9, 0.5], [0.5, 1]]\n  - params: ['outages[0].fraction', 'projects[A].capacity_t_per_year']\n    matrix: [[1, 0.5]]\n", []string{
			`11:15: correlations[0].matrix[0][0]: the diagonal must be 1, got 0.9`,
			`13:13: correlations[1].matrix: must have one row per number: 2 rows, got 1`,
		}},
		{"matrix not positive definite", "correlations:\n  - params: ['projects[A].capex_musd', 'projects[B].capex_musd', 'outages[0].fraction']\n    matrix: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]\n", []string{
			`11:13: correlations[0].matrix: is not positive definite`,
		}},
	}
	env := testEnv(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("in.yaml", []byte(corrHead+tt.yaml), env)
			var got []string
			if err != nil {
				list, ok := errors.AsType[*ErrorList](err)
				if !ok {
					t.Fatalf("err %v", err)
				}
				for _, e := range list.Errors {
					got = append(got, strings.TrimPrefix(e.Error(), "in.yaml:"))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestCorrelationExtends: a child's groups follow its parent's, and may not reuse its
// numbers.
func TestCorrelationExtends(t *testing.T) {
	env := testEnv(t)
	parent, err := Parse("parent.yaml", []byte(strings.Replace(corrHead, "name: corr", "name: parent", 1)+
		"correlations:\n  - {params: ['projects[A].capex_musd', 'projects[B].capex_musd'], rho: 0.5}\n"), env)
	if err != nil {
		t.Fatal(err)
	}
	env.Base = func(name string) (*Scenario, error) {
		if name == "parent" {
			return parent, nil
		}
		return nil, ErrNotFound
	}
	child := "name: child\nextends: parent\noutages:\n  - {country: CHN, products: [reo/mine], fraction: {dist: uniform, min: 0, max: 0.5}, start: 2025-03, months: 3}\n" +
		"correlations:\n  - {params: ['outages[0].fraction', 'outages[1].fraction'], rho: 0.3}\n"
	sc, err := Parse("child.yaml", []byte(child), env)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Resolve(sc, env.Base)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Correlations) != 2 || r.Correlations[0].Params[0] != "projects[A].capex_musd" || r.Correlations[1].Rho != 0.3 {
		t.Errorf("merged correlations %+v", r.Correlations)
	}
	_, err = Parse("child.yaml", []byte(child+"  - {params: ['projects[B].capex_musd', 'projects[A].capacity_t_per_year'], rho: 0.3}\n"), env)
	want := `child.yaml:7:15: correlations[1].params[0]: "projects[B].capex_musd" is already correlated in the extended scenario`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestCholeskyAndConversion(t *testing.T) {
	if r := RankToPearson(0.8); math.Abs(r-0.8135) > 1e-3 {
		t.Errorf("RankToPearson(0.8) = %v", r)
	}
	if math.Abs(RankToPearson(1)-1) > 1e-15 || RankToPearson(0) != 0 {
		t.Error("RankToPearson ends")
	}
	a := [][]float64{{1, 0.5, 0.2}, {0.5, 1, 0.3}, {0.2, 0.3, 1}}
	l, ok := Cholesky(a)
	if !ok {
		t.Fatal("not PD")
	}
	for i := range a {
		for j := range a {
			s := 0.0
			for k := 0; k <= min(i, j); k++ {
				s += l[i][k] * l[j][k]
			}
			if math.Abs(s-a[i][j]) > 1e-12 {
				t.Errorf("LLᵀ[%d][%d] = %v, want %v", i, j, s, a[i][j])
			}
		}
	}
	if _, ok := Cholesky([][]float64{{1, 1}, {1, 1}}); ok {
		t.Error("singular matrix accepted")
	}
}
