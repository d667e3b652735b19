package plan

import (
	"fmt"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// Named is a portfolio with its candidates' names.
type Named struct {
	Candidates []string `json:"candidates"`
	Portfolio
}

// Output is a plan's result as 'critmin plan --json' prints it and the server returns
// it: the plan's settings, the search, the chosen portfolio, the empty one, and the
// cost-risk frontier by ascending cost, each portfolio with its binding stages
// (Estimate.Binding).
type Output struct {
	// SchemaVersion is the result contract's version (result.Version), as for runs and
	// studies; outputs stored before the field existed read as version 1.
	SchemaVersion int     `json:"schema_version"`
	File          string  `json:"file"`
	Scenario      string  `json:"scenario"`
	Objective     string  `json:"objective"`
	Unit          string  `json:"unit"`
	Product       string  `json:"product"`
	Runs          int     `json:"runs"`
	Seed          uint64  `json:"seed"`
	BudgetMUSD    float64 `json:"budget_musd"`
	Method        string  `json:"method"`
	Evaluated     int     `json:"evaluated"`
	Best          Named   `json:"best"`
	Baseline      Named   `json:"baseline"`
	Frontier      []Named `json:"frontier"`
}

// Names returns the names of the chosen candidates, in order.
func (s *Spec) Names(chosen []int) []string {
	out := []string{}
	for _, c := range chosen {
		out = append(out, s.Candidates[c].Name)
	}
	return out
}

// Report returns the output of spec's search result res.
func Report(spec *Spec, res *Result) Output {
	conv := func(p Portfolio) Named { return Named{spec.Names(p.Chosen), p} }
	out := Output{SchemaVersion: result.Version, File: spec.File, Scenario: spec.Scenario, Objective: string(spec.Objective), Unit: spec.Objective.Unit(),
		Product: spec.Product, Runs: spec.Runs, Seed: spec.Seed, BudgetMUSD: spec.BudgetMUSD,
		Method: string(res.Method), Evaluated: res.Evaluated, Best: conv(res.Best), Baseline: conv(res.Baseline)}
	for _, p := range res.Frontier {
		out.Frontier = append(out.Frontier, conv(p))
	}
	return out
}

// BindingText describes the stages that set a portfolio's road to independence, as
// 'critmin plan' and the dashboard show them: "dy/separation blocked in 100 % (69 t/yr
// short); tb/separation covered last in 40 %", or "-" for none.
func BindingText(bs []Binding) string {
	if len(bs) == 0 {
		return "-"
	}
	parts := make([]string, len(bs))
	for i, b := range bs {
		if b.Blocked {
			parts[i] = fmt.Sprintf("%s blocked in %.0f %% (%.0f t/yr short)", b.Stage, 100*b.Share, b.GapTPerYear)
		} else {
			parts[i] = fmt.Sprintf("%s covered last in %.0f %%", b.Stage, 100*b.Share)
		}
	}
	return strings.Join(parts, "; ")
}
