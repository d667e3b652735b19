package plan

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
)

var updateFrontier = flag.Bool("update", false, "rewrite testdata/heavy-re-road.frontier.json from the current engine")

// frontierGolden is the output of the shipped example plan ('critmin plan
// examples/heavy-re-road.plan.yaml --json'), pinned so that a change of how portfolios are
// simulated cannot move the frontier unnoticed. It was written by the planner's own
// worker pool (commit 06ca5a1), before the planner ran on montecarlo's executor. A change
// to the engine's numbers changes it legitimately: regenerate with -update and say why.
const frontierGolden = "testdata/heavy-re-road.frontier.json"

// TestExampleFrontier plans the shipped example on one and on three goroutines and
// requires the pinned output, byte for byte.
func TestExampleFrontier(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the example plan's Monte Carlo studies")
	}
	env, err := scenario.DefaultEnv()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := Load(examplePlan, env)
	if err != nil {
		t.Fatal(err)
	}
	spec.File = "examples/heavy-re-road.plan.yaml"
	for _, workers := range []int{1, 3} {
		res, err := Plan(context.Background(), env.World, spec, workers, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.MarshalIndent(Report(spec, res), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		if *updateFrontier {
			if err := os.WriteFile(frontierGolden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(frontierGolden)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%d workers: the example plan's output differs from %s:\n%s", workers, frontierGolden, got)
		}
	}
}

// TestWithinNoise: a cheaper portfolio is within noise of the best when their mean
// paired difference is within two standard errors of it, and not when it is worse in
// every replication by more than that; the first such, the cheapest, is returned.
func TestWithinNoise(t *testing.T) {
	port := func(cost float64, values ...float64) Portfolio {
		return Portfolio{CostMUSD: cost, Estimate: Estimate{values: values}}
	}
	best := port(500, 10, 20, 30, 40)
	for _, c := range []struct {
		name     string
		frontier []Portfolio
		want     float64 // cost of the portfolio returned, 0: none
	}{
		{"noisy difference", []Portfolio{port(100, 11, 19, 31, 41), port(200, 10, 20, 30, 40)}, 100},
		{"always worse", []Portfolio{port(100, 15, 25, 35, 45), port(200, 10.1, 20.2, 29.9, 40)}, 200},
		{"none cheaper", []Portfolio{port(600, 10, 20, 30, 40)}, 0},
		{"no values", []Portfolio{port(100)}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, ok := WithinNoise(best, c.frontier)
			if got := map[bool]float64{true: p.CostMUSD, false: 0}[ok]; got != c.want {
				t.Errorf("WithinNoise returned cost %v (ok %v), want %v", p.CostMUSD, ok, c.want)
			}
		})
	}
}

// TestReportRecommends: the output recommends the cheapest portfolio within noise of the
// exact minimiser, and says why; with none, it recommends the minimiser itself. Best
// stays the exact minimiser either way.
func TestReportRecommends(t *testing.T) {
	spec := &Spec{Objective: ExpectedRoad, Candidates: []Candidate{{Name: "a"}, {Name: "b"}}}
	port := func(cost float64, chosen []int, values ...float64) Portfolio {
		return Portfolio{Chosen: chosen, CostMUSD: cost, Estimate: Estimate{values: values, Mean: values[0], Replications: len(values)}}
	}
	best := port(500, []int{0, 1}, 10, 20, 30, 40)
	for _, c := range []struct {
		name     string
		frontier []Portfolio
		want     []string // the recommended portfolio's candidates
		why      string
	}{
		{"cheaper within noise", []Portfolio{port(100, []int{0}, 11, 19, 31, 41), best}, []string{"a"},
			"the cheapest portfolio within noise of the exact minimiser: 400.0 MUSD less"},
		{"none within noise", []Portfolio{port(100, []int{0}, 15, 25, 35, 45), best}, []string{"a", "b"}, ExactWhy},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := Report(spec, &Result{Best: best, Baseline: port(0, nil, 99, 99, 99, 99), Frontier: c.frontier})
			if out.Recommended == nil || !slices.Equal(out.Recommended.Candidates, c.want) || !strings.HasPrefix(out.RecommendedWhy, c.why) {
				t.Errorf("recommended %+v, why %q; want %v, %q", out.Recommended, out.RecommendedWhy, c.want, c.why)
			}
			if !slices.Equal(out.Best.Candidates, []string{"a", "b"}) {
				t.Errorf("best %v, want the exact minimiser a, b", out.Best.Candidates)
			}
		})
	}
}
