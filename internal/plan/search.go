package plan

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Estimate is an objective's Monte Carlo estimate for one portfolio: Value is what the
// search minimises (the mean for expected_*, the 95th percentile for p95_shortfall), Mean,
// P5 and P95 describe the objective's distribution over the replications, in
// Objective.Unit. Never is, for the month objectives, the share of replications that
// never reach independence (counted as the horizon's length); Replications is how many
// were run. Binding names the stages that set the road to independence of the product in
// the replications, most frequent first (empty for an analytic evaluator).
type Estimate struct {
	Value float64 `json:"value"`
	Mean  float64 `json:"mean"`
	P5    float64 `json:"p5"`
	P95   float64 `json:"p95"`
	// values are the replications' values, in replication order: with common random
	// numbers, replication i of every portfolio draws the same numbers, so two portfolios
	// compare replication by replication (WithinNoise).
	values       []float64
	Never        *float64  `json:"never,omitempty"`
	Replications int       `json:"replications"`
	Binding      []Binding `json:"binding,omitempty"`
}

// NeverShare is Never's share, 0 when the estimate has none (a template cannot follow
// a nil pointer).
func (e Estimate) NeverShare() float64 {
	if e.Never == nil {
		return 0
	}
	return *e.Never
}

// A Binding is a stage of the product's supply chain (a product id such as
// "dy/separation") that sets the road to independence in Share of the replications.
// Blocked: capacity outside the rival never covers the importer's need there, falling
// GapTPerYear short at the horizon's last month (mean over those replications). Not
// blocked: the stage is covered last, so it sets the month from which the whole chain
// is.
type Binding struct {
	Stage       string  `json:"stage"`
	Blocked     bool    `json:"blocked"`
	Share       float64 `json:"share"`
	GapTPerYear float64 `json:"gap_t_per_year,omitempty"`
}

// Evaluator estimates the objective of the portfolio of the chosen candidates (indices
// into the candidate list, ascending). It must be deterministic: the search calls it at
// most once per portfolio and compares values exactly.
type Evaluator func(ctx context.Context, chosen []int) (Estimate, error)

// Method is how Search explores the portfolios.
type Method string

// The search methods.
const (
	// Auto enumerates exhaustively up to Options.ExhaustiveMax candidates, else uses the
	// heuristic.
	Auto       Method = ""
	Exhaustive Method = "exhaustive"
	Heuristic  Method = "greedy+swap"
)

// DefaultExhaustiveMax is the largest candidate count Auto enumerates (2^12 = 4096
// portfolios at most).
const DefaultExhaustiveMax = 12

// costTol absorbs rounding when a portfolio's cost is compared with the budget.
const costTol = 1e-9

// Options tune Search.
type Options struct {
	Method        Method
	ExhaustiveMax int // 0: DefaultExhaustiveMax
	// Progress, when not nil, is called after each evaluation with the number done.
	Progress func(evaluated int)
}

// Portfolio is a set of chosen candidates with its cost and estimate.
type Portfolio struct {
	Chosen   []int    `json:"chosen"`
	CostMUSD float64  `json:"cost_musd"`
	Estimate Estimate `json:"estimate"`
}

// Result is the outcome of a search.
type Result struct {
	Method     Method  `json:"method"`
	BudgetMUSD float64 `json:"budget_musd"`
	// Evaluated is how many distinct portfolios were evaluated.
	Evaluated int `json:"evaluated"`
	// Best is the portfolio within budget with the lowest Value (ties: lower cost, then
	// the lexicographically smallest choice); Baseline is the empty portfolio.
	Best     Portfolio `json:"best"`
	Baseline Portfolio `json:"baseline"`
	// Frontier is the Pareto-efficient portfolios among those evaluated, by ascending
	// cost: each has a strictly lower Value than every cheaper one. With Exhaustive it is
	// the exact frontier of all portfolios within budget.
	Frontier []Portfolio `json:"frontier"`
}

// method is the search method Search uses over n candidates.
func (o Options) method(n int) Method {
	if o.Method != Auto {
		return o.Method
	}
	if n <= cmp.Or(o.ExhaustiveMax, DefaultExhaustiveMax) {
		return Exhaustive
	}
	return Heuristic
}

// Planned returns the method Search uses for these costs and options and, for
// Exhaustive, the number of portfolios it evaluates: every one within budget, the empty
// one included; 0 for Heuristic, whose count is not known in advance. It lets a caller
// turn Options.Progress into a share.
func Planned(costs []float64, budget float64, opts Options) (Method, int) {
	method := opts.method(len(costs))
	if method != Exhaustive || len(costs) > 24 {
		return method, 0
	}
	s := &searcher{costs: costs, budget: budget}
	total := 0
	for mask := 0; mask < 1<<len(costs); mask++ {
		var chosen []int
		for i := range costs {
			if mask&(1<<i) != 0 {
				chosen = append(chosen, i)
			}
		}
		if mask == 0 || s.fits(chosen) {
			total++
		}
	}
	return method, total
}

// searcher memoises evaluations.
type searcher struct {
	ctx    context.Context
	costs  []float64
	budget float64
	eval   Evaluator
	opts   Options
	memo   map[string]Portfolio
}

func keyOf(chosen []int) string {
	var b strings.Builder
	for i, c := range chosen {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(c))
	}
	return b.String()
}

func (s *searcher) cost(chosen []int) float64 {
	c := 0.0
	for _, i := range chosen {
		c += s.costs[i]
	}
	return c
}

func (s *searcher) fits(chosen []int) bool { return s.cost(chosen) <= s.budget+costTol }

// get evaluates the sorted portfolio chosen once.
func (s *searcher) get(chosen []int) (Portfolio, error) {
	k := keyOf(chosen)
	if p, ok := s.memo[k]; ok {
		return p, nil
	}
	if err := s.ctx.Err(); err != nil {
		return Portfolio{}, err
	}
	est, err := s.eval(s.ctx, slices.Clone(chosen))
	if err != nil {
		return Portfolio{}, fmt.Errorf("portfolio {%s}: %w", k, err)
	}
	if math.IsNaN(est.Value) {
		return Portfolio{}, fmt.Errorf("portfolio {%s}: objective is NaN", k)
	}
	p := Portfolio{Chosen: slices.Clone(chosen), CostMUSD: s.cost(chosen), Estimate: est}
	s.memo[k] = p
	if s.opts.Progress != nil {
		s.opts.Progress(len(s.memo))
	}
	return p, nil
}

// better orders portfolios: lower Value, then lower cost, then lexicographic choice.
func better(a, b Portfolio) bool {
	return cmp.Or(cmp.Compare(a.Estimate.Value, b.Estimate.Value), cmp.Compare(a.CostMUSD, b.CostMUSD), slices.Compare(a.Chosen, b.Chosen)) < 0
}

// Search chooses the portfolio of candidates (with the given costs, MUSD) within budget
// that minimises the evaluator's Value.
//
// Exhaustive evaluates every portfolio within budget: the result is the exact optimum of
// the estimated objective. Heuristic starts from the empty portfolio, adds greedily the
// candidate with the largest reduction of Value per MUSD (a candidate of zero cost that
// reduces Value comes first) while one fits and reduces Value, then does a best-
// improvement local search over the moves add one, drop one and swap one chosen for one
// not chosen, within budget, until no move improves: the result is a local optimum for
// those moves (or better: the best portfolio evaluated on the way), not guaranteed
// global. Both never return a portfolio over budget.
func Search(ctx context.Context, costs []float64, budget float64, eval Evaluator, opts Options) (*Result, error) {
	for i, c := range costs {
		if c < 0 || math.IsNaN(c) || math.IsInf(c, 0) {
			return nil, fmt.Errorf("candidate %d: cost must be a finite number >= 0, got %v", i, c)
		}
	}
	if budget < 0 || math.IsNaN(budget) {
		return nil, fmt.Errorf("budget must be >= 0, got %v", budget)
	}
	n := len(costs)
	method := opts.method(n)
	if method == Exhaustive && n > 24 {
		return nil, fmt.Errorf("exhaustive search over %d candidates is too large (at most 24)", n)
	}
	s := &searcher{ctx: ctx, costs: costs, budget: budget, eval: eval, opts: opts, memo: map[string]Portfolio{}}
	base, err := s.get(nil)
	if err != nil {
		return nil, err
	}
	best := base
	switch method {
	case Exhaustive:
		for mask := 1; mask < 1<<n; mask++ {
			var chosen []int
			for i := range n {
				if mask&(1<<i) != 0 {
					chosen = append(chosen, i)
				}
			}
			if !s.fits(chosen) {
				continue
			}
			p, err := s.get(chosen)
			if err != nil {
				return nil, err
			}
			if better(p, best) {
				best = p
			}
		}
	case Heuristic:
		if best, err = s.heuristic(base); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown search method %q", method)
	}
	// The best portfolio evaluated: for the heuristic, the search may have evaluated a
	// better one than the local optimum it stopped at.
	for _, p := range s.memo {
		if better(p, best) {
			best = p
		}
	}
	r := &Result{Method: method, BudgetMUSD: budget, Evaluated: len(s.memo), Best: best, Baseline: base}
	all := make([]Portfolio, 0, len(s.memo))
	for _, p := range s.memo {
		all = append(all, p)
	}
	r.Frontier = Frontier(all)
	return r, nil
}

// heuristic is the greedy construction followed by add/drop/swap local search.
func (s *searcher) heuristic(cur Portfolio) (Portfolio, error) {
	n := len(s.costs)
	with := func(chosen []int, add int, drop int) []int {
		out := make([]int, 0, len(chosen)+1)
		for _, c := range chosen {
			if c != drop {
				out = append(out, c)
			}
		}
		if add >= 0 {
			out = append(out, add)
			slices.Sort(out)
		}
		return out
	}
	// Greedy: largest reduction per MUSD.
	for {
		bestI, bestRatio := -1, 0.0
		var bestP Portfolio
		for i := range n {
			if slices.Contains(cur.Chosen, i) {
				continue
			}
			next := with(cur.Chosen, i, -1)
			if !s.fits(next) {
				continue
			}
			p, err := s.get(next)
			if err != nil {
				return Portfolio{}, err
			}
			gain := cur.Estimate.Value - p.Estimate.Value
			if gain <= 0 {
				continue
			}
			ratio := math.Inf(1)
			if s.costs[i] > 0 {
				ratio = gain / s.costs[i]
			}
			if bestI < 0 || ratio > bestRatio || ratio == bestRatio && better(p, bestP) {
				bestI, bestRatio, bestP = i, ratio, p
			}
		}
		if bestI < 0 {
			break
		}
		cur = bestP
	}
	// Local search: best improving add, drop or swap.
	for {
		next := cur
		try := func(chosen []int) error {
			if !s.fits(chosen) {
				return nil
			}
			p, err := s.get(chosen)
			if err != nil {
				return err
			}
			if better(p, next) {
				next = p
			}
			return nil
		}
		for i := range n {
			in := slices.Contains(cur.Chosen, i)
			if in {
				if err := try(with(cur.Chosen, -1, i)); err != nil {
					return Portfolio{}, err
				}
				for j := range n {
					if !slices.Contains(cur.Chosen, j) {
						if err := try(with(cur.Chosen, j, i)); err != nil {
							return Portfolio{}, err
						}
					}
				}
			} else if err := try(with(cur.Chosen, i, -1)); err != nil {
				return Portfolio{}, err
			}
		}
		if !better(next, cur) {
			return cur, nil
		}
		cur = next
	}
}

// Frontier returns the Pareto-efficient portfolios of ps by ascending cost: those with a
// strictly lower Value than every portfolio of lower or equal cost listed before them.
// Among equal costs the lowest Value (then the lexicographic choice) is kept.
func Frontier(ps []Portfolio) []Portfolio {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b Portfolio) int {
		return cmp.Or(cmp.Compare(a.CostMUSD, b.CostMUSD), cmp.Compare(a.Estimate.Value, b.Estimate.Value), slices.Compare(a.Chosen, b.Chosen))
	})
	var out []Portfolio
	for _, p := range ps {
		if len(out) == 0 || p.Estimate.Value < out[len(out)-1].Estimate.Value {
			out = append(out, p)
		}
	}
	return out
}
