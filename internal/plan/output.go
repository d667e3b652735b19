package plan

import (
	"fmt"
	"math"
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
	// Recommended is the portfolio to take: WithinNoise when there is one (cheaper than
	// Best, and not shown to do worse), else Best; RecommendedWhy says which and why.
	// Best stays the exact minimiser of the estimated objective, which takes any gain the
	// budget allows however small (a trial copied a 524 MUSD "chosen portfolio" over a
	// 274 MUSD one within 0.1 month of it). Absent in outputs stored before them.
	Recommended    *Named `json:"recommended,omitempty"`
	RecommendedWhy string `json:"recommended_why,omitempty"`
	Best           Named  `json:"best"`
	// WithinNoise is the cheapest frontier portfolio whose objective is within noise of
	// Best's (WithinNoise), when one is cheaper than Best; absent otherwise and for the
	// P95 objective.
	WithinNoise *Named  `json:"within_noise,omitempty"`
	Baseline    Named   `json:"baseline"`
	Frontier    []Named `json:"frontier"`
	// Start and HorizonMonths are the scenario's first month and its length, so that a
	// month-index objective reads as a calendar month (index i is Start + i; the horizon's
	// length stands for never); absent in outputs stored before them.
	Start         *result.Month `json:"start,omitempty"`
	HorizonMonths int           `json:"horizon_months,omitempty"`
}

// MonthOf is the calendar month a month-index value stands for ("never" at the horizon's
// length, where the objective counts a chain never covered), or "" when the output does
// not know its scenario's start.
func (o *Output) MonthOf(v float64) string {
	if o.Start == nil || o.HorizonMonths <= 0 || math.IsNaN(v) {
		return ""
	}
	if v >= float64(o.HorizonMonths)-0.5 {
		return "never"
	}
	return (*o.Start + result.Month(math.Round(v))).String()
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
	if spec.Base != nil {
		start := result.Month(spec.Base.Start)
		out.Start, out.HorizonMonths = &start, int(spec.Base.End-spec.Base.Start+1)
	}
	if spec.Objective != P95Shortfall {
		if p, ok := WithinNoise(res.Best, res.Frontier); ok {
			n := conv(p)
			out.WithinNoise = &n
		}
	}
	out.Recommended, out.RecommendedWhy = &out.Best, ExactWhy
	if out.WithinNoise != nil {
		out.Recommended = out.WithinNoise
		out.RecommendedWhy = NoiseWhy(res.Best, *out.WithinNoise, spec.Objective.Unit())
	}
	return out
}

// ExactWhy says why the exact minimiser is the portfolio to take when no cheaper one is
// within noise of it.
const ExactWhy = "the exact minimiser of the estimated objective; no cheaper portfolio of the frontier is within noise of it"

// NoiseWhy says why cheaper, a portfolio within noise of best (WithinNoise), is the one
// to take rather than best, and why best was chosen by the objective all the same.
func NoiseWhy(best Portfolio, cheaper Named, unit string) string {
	return fmt.Sprintf("the cheapest portfolio within noise of the exact minimiser: %.1f MUSD less, and the minimiser's mean gain over it (%.2f %s) is within %d standard errors of their replication-by-replication difference (%d replications); the minimiser (%.1f MUSD) is chosen by the objective, which takes the lowest estimate within the budget however small the gain",
		best.CostMUSD-cheaper.CostMUSD, cheaper.Estimate.Mean-best.Estimate.Mean, unit, noiseSEs, best.Estimate.Replications, best.CostMUSD)
}

// noiseSEs is how many standard errors of the mean paired difference count as noise.
const noiseSEs = 2

// WithinNoise returns the cheapest portfolio of frontier, cheaper than best, whose mean
// objective exceeds best's by no more than noiseSEs standard errors of the mean paired
// difference: with common random numbers replication i of both draws the same numbers,
// so d_i = value_i(p) - value_i(best), and p is within noise when mean(d) <= noiseSEs x
// sd(d) / sqrt(n). The frontier is by ascending cost, so the first such is the cheapest.
// Portfolios without per-replication values (read back from an output) never are.
func WithinNoise(best Portfolio, frontier []Portfolio) (Portfolio, bool) {
	b := best.Estimate.values
	for _, p := range frontier {
		v := p.Estimate.values
		if p.CostMUSD >= best.CostMUSD || len(v) < 2 || len(v) != len(b) {
			continue
		}
		n := float64(len(v))
		mean := 0.0
		for i := range v {
			mean += v[i] - b[i]
		}
		mean /= n
		ss := 0.0
		for i := range v {
			d := v[i] - b[i] - mean
			ss += d * d
		}
		if se := math.Sqrt(ss/(n-1)) / math.Sqrt(n); mean <= noiseSEs*se {
			return p, true
		}
	}
	return Portfolio{}, false
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
			parts[i] = fmt.Sprintf("%s blocked in %.0f %% (%.0f t/yr of capacity missing)", b.Stage, 100*b.Share, b.GapTPerYear)
		} else {
			parts[i] = fmt.Sprintf("%s covered last in %.0f %%", b.Stage, 100*b.Share)
		}
	}
	return strings.Join(parts, "; ")
}

// CostLess is how much less than the chosen portfolio n costs, million USD.
func (o *Output) CostLess(n *Named) float64 { return o.Best.CostMUSD - n.CostMUSD }

// BindingNote says what a binding stage measures: the road's capacity, not a run's
// deliveries. Under a ban on the rival's metal exports the US magnet plants of a trial got
// no metal for ten years while the road called metal covered (capacity outside the rival
// counted for the importer alone) and named Dy separation as the binding stage.
func BindingNote(importer, rival string) string {
	return fmt.Sprintf("binding stage: the road's, the stage whose capacity outside %s, with feed made outside %s, covers %s's need last (or never, with the gap), counting all of that capacity for %s; capacity, not what the runs delivered, so a stage the road covers may still deliver %s nothing (its plants' feed cut off by a control) and the stage named need not be the only gap: 'critmin run' of the scenario with the portfolio names the inputs idle plants did not get",
		rival, rival, importer, importer, importer)
}
