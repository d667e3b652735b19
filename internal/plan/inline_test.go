package plan

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// TestParseInline: a plan read from a request body names a built-in scenario; a
// scenario file is refused at its position rather than read from the reader's disk.
func TestParseInline(t *testing.T) {
	env, err := scenario.DefaultEnv()
	if err != nil {
		t.Fatal(err)
	}
	const cand = "\ncandidates:\n  - name: a\n    cost_musd: 5\n    stockpiles:\n      - holder: USA\n        product: ndfeb/magnet\n        initial_t: 10\n        release: {shortfall_trigger: 0.1, max_t_per_month: 0}\n"
	for _, tc := range []struct {
		name, scenario, want string
	}{
		{"builtin", "apr2025-licensing", ""},
		{"file", "../../../etc/passwd.yaml", `body.yaml:1:11: scenario: "../../../etc/passwd.yaml" is a file: here the scenario must be a built-in's name`},
		{"yml", "x.YML", `body.yaml:1:11: scenario: "x.YML" is a file`},
		{"unknown", "no-such", `body.yaml:1:11: scenario: unknown scenario "no-such"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "scenario: " + tc.scenario + "\nbudget_musd: 10" + cand
			s, err := ParseInline("body.yaml", []byte(src), env)
			if tc.want == "" {
				if err != nil || s.Base == nil {
					t.Fatalf("ParseInline: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestPlannedCountsExhaustive: the count Planned announces is the count Search
// evaluates, so that progress reaches 1 exactly at the end.
func TestPlannedCountsExhaustive(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 8; n++ {
		costs, eval := synthetic(r, n)
		for _, budget := range []float64{0, 60, 150, 1e6} {
			method, total := Planned(costs, budget, Options{})
			calls := 0
			res, err := Search(context.Background(), costs, budget, eval, Options{Progress: func(int) { calls++ }})
			if err != nil {
				t.Fatal(err)
			}
			if method != res.Method || total != res.Evaluated || calls != total {
				t.Fatalf("n=%d budget=%v: Planned %s %d, Search %s evaluated %d, %d progress calls", n, budget, method, total, res.Method, res.Evaluated, calls)
			}
		}
	}
	if m, total := Planned(make([]float64, 13), 1, Options{}); m != Heuristic || total != 0 {
		t.Fatalf("13 candidates: %s %d, want the heuristic, count unknown", m, total)
	}
}

// TestCheck: a plan whose product is not a final product of its scenario is refused
// before any search.
func TestCheck(t *testing.T) {
	env, err := scenario.DefaultEnv()
	if err != nil {
		t.Fatal(err)
	}
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	src := "scenario: apr2025-licensing\nbudget_musd: 10\nproduct: PRODUCT\ncandidates:\n  - name: a\n    cost_musd: 5\n    stockpiles:\n      - holder: USA\n        product: ndfeb/magnet\n        initial_t: 10\n        release: {shortfall_trigger: 0.1, max_t_per_month: 0}\n"
	for _, tc := range []struct{ product, want string }{
		{"ndfeb/magnet", ""},
		{"reo/mine", `p.yaml:3:10: product: product "reo/mine" is not a final product`},
	} {
		s, err := ParseInline("p.yaml", []byte(strings.Replace(src, "PRODUCT", tc.product, 1)), env)
		if err != nil {
			t.Fatal(err)
		}
		err = Check(ds, s)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: Check = %v, want %q", tc.product, err, tc.want)
		}
	}
}
