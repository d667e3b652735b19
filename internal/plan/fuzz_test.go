package plan

import (
	"errors"
	"math"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
)

// FuzzParseInline feeds arbitrary bytes to the plan decoder as the server receives them:
// it must never panic, must fail only with an *ErrorList wrapping scenario.ErrInvalid and
// no spec, and a spec it accepts must keep the limits the search and the server rely on.
// Seeds are small (the fuzzer minimises large ones instead of exploring).
func FuzzParseInline(f *testing.F) {
	const stock = "    stockpiles:\n      - holder: USA\n        product: ndfeb/magnet\n        initial_t: 10\n        release: {shortfall_trigger: 0.1, max_t_per_month: 5}\n"
	f.Add([]byte("scenario: apr2025-licensing\nbudget_musd: 10\ncandidates:\n  - name: a\n    cost_musd: 5\n" + stock))
	f.Add([]byte("scenario: apr2025-licensing\nbudget_musd: 10\nobjective: expected_road\nruns: 3\nseed: 2\ncandidates:\n  - name: a\n    cost_musd: 1e308\n" + stock))
	f.Add([]byte("scenario: ../x.yaml\nbudget_musd: -1\ncandidates: []\n"))
	f.Add([]byte("scenario: apr2025-licensing\nbudget_musd: .nan\ncandidates: [&c {name: a}, *c]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("candidates:\n  - name: p\n    projects:\n      - {name: x, country: USA, product: dy/separation, capacity_t_per_year: 1, capex_musd: 1, announced: 2025-01}\n"))
	env, err := scenario.DefaultEnv()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseInline("fuzz.yaml", data, env)
		if err != nil {
			if s != nil {
				t.Fatal("spec returned with an error")
			}
			if _, ok := errors.AsType[*scenario.ErrorList](err); !ok || !errors.Is(err, scenario.ErrInvalid) {
				t.Fatalf("error %T %v is not an *ErrorList wrapping ErrInvalid", err, err)
			}
			return
		}
		if s.Base == nil || len(s.Candidates) == 0 || len(s.Candidates) > MaxCandidates {
			t.Fatalf("accepted spec with base %v and %d candidates", s.Base != nil, len(s.Candidates))
		}
		if s.Runs < 1 || math.IsNaN(s.BudgetMUSD) || math.IsInf(s.BudgetMUSD, 0) || s.BudgetMUSD < 0 {
			t.Fatalf("accepted runs %d, budget %v", s.Runs, s.BudgetMUSD)
		}
		for i, c := range s.Costs() {
			if math.IsNaN(c) || math.IsInf(c, 0) || c < 0 {
				t.Fatalf("candidate %d costs %v", i, c)
			}
		}
		s.Portfolio(nil)
		_, _ = Planned(s.Costs(), s.BudgetMUSD, Options{})
	})
}
