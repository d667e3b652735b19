package plan

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// Samples are the per-replication objective values of one portfolio, by replication.
type Samples struct {
	// Shortfall is the importer's total shortfall of the product over the horizon, t.
	Shortfall []float64
	// Independence is the product's month index of independence, Months for never.
	Independence []float64
	// Road is the month index from which every stage of the product's supply chain is
	// covered by capacity outside the rival with its own feed, Months for never.
	Road []float64
	// Binding holds, per replication, the stages that set Road (see roadOf).
	Binding [][]StageHit
	Months  int
}

// A StageHit is a stage that sets the road to independence in one replication: a
// binding stage that is never covered (Blocked, with its gap at the horizon's last
// month, t/yr), or the stage covered last.
type StageHit struct {
	Stage       string
	Blocked     bool
	GapTPerYear float64
}

// roadOf returns the month index from which the road to independence of product is
// covered at every stage (months when never) and the stages that set it: the binding
// stages sim names when some stage is never covered, else the stage covered last. Stages
// downstream of it are covered in the same month, since what they can make is limited by
// its output; of the stages covered last the one listed last (sim lists a chain
// breadth first from the product, so the most upstream) is taken. A product the importer
// does not demand has no stages: month 0, no stage.
func roadOf(s *sim.Summary, product string, start sim.Month, months int) (float64, []StageHit) {
	var hits []StageHit
	for _, b := range s.Blocked {
		if b.Product == product {
			hits = append(hits, StageHit{Stage: b.Stage, Blocked: true, GapTPerYear: b.GapTPerYear})
		}
	}
	if len(hits) > 0 {
		return float64(months), hits
	}
	last, stage := 0, ""
	for _, sc := range s.Road {
		if sc.Product != product {
			continue
		}
		if sc.Month == nil {
			// sim names a binding stage whenever one is never covered; kept for safety.
			return float64(months), []StageHit{{Stage: sc.Stage, Blocked: true}}
		}
		if m := int(*sc.Month - start); stage == "" || m >= last {
			last, stage = m, sc.Stage
		}
	}
	if stage == "" {
		return 0, nil
	}
	return float64(last), []StageHit{{Stage: stage}}
}

// pointRun compiles the scenario sc of spec's portfolio at its point values and returns
// its model with the index of spec.Product among its products, which must be a final
// product.
func pointRun(ds *world.Dataset, spec *Spec, sc *scenario.Scenario) (*sim.Model, int, error) {
	m, err := compile.Compile(ds, sc)
	if err != nil {
		return nil, 0, err
	}
	prods := m.Products()
	prod := slices.IndexFunc(prods, func(p sim.ProductInfo) bool { return p.ID == spec.Product })
	if prod < 0 || !prods[prod].Final {
		e := spec.productAt
		e.File, e.Path = spec.File, "product"
		e.Reason = fmt.Sprintf("product %q is not a final product of scenario %s", spec.Product, sc.Name)
		return nil, 0, &e
	}
	return m, prod, nil
}

// Check compiles the base scenario alone and with each candidate alone, at point
// values, and checks that the plan's product is a final product of it: what a search
// would find wrong at its first evaluations, found before it starts. (Candidates that
// cannot be chosen together, two stockpiles of one holder say, fail only when a
// portfolio within budget holds both.)
func Check(ds *world.Dataset, spec *Spec) error {
	if _, _, err := pointRun(ds, spec, spec.Portfolio(nil)); err != nil {
		return err
	}
	for i, c := range spec.Candidates {
		if _, _, err := pointRun(ds, spec, spec.Portfolio([]int{i})); err != nil {
			return fmt.Errorf("candidate %s: %w", c.Name, err)
		}
	}
	return nil
}

// Simulate runs replications 0..runs-1 of the portfolio of the chosen candidates on
// montecarlo's executor (montecarlo.Replications) on workers goroutines, each drawn from
// spec.Seed exactly as a Monte Carlo study draws them (so every portfolio shares common
// random numbers), and returns the product's per-replication shortfall, independence
// month and road to independence.
func Simulate(ctx context.Context, ds *world.Dataset, spec *Spec, chosen []int, workers int) (*Samples, error) {
	sc := spec.Portfolio(chosen)
	n := spec.Runs
	out := &Samples{Shortfall: make([]float64, n), Independence: make([]float64, n), Road: make([]float64, n), Binding: make([][]StageHit, n)}
	// The point model checks the scenario compiles and finds the product; the study's
	// point run takes it over.
	m, prod, err := pointRun(ds, spec, sc)
	if err != nil {
		return nil, err
	}
	out.Months = m.Months()
	study := &montecarlo.Study{World: ds, Scenario: sc, Seed: spec.Seed, Replications: n, Point: m}
	err = montecarlo.Replications(ctx, study, workers, func(i int, res *sim.Result) error {
		total := 0.0
		for t := range res.Months {
			total += res.Shortfall[t][prod]
		}
		indep := float64(res.Months)
		for _, pm := range res.Summary.IndependenceByProduct {
			if pm.Product == spec.Product && pm.Month != nil {
				indep = float64(*pm.Month - res.Start)
			}
		}
		out.Shortfall[i], out.Independence[i] = total, indep
		out.Road[i], out.Binding[i] = roadOf(&res.Summary, spec.Product, res.Start, res.Months)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Estimate summarises the samples for objective o: mean (summed in replication order, so
// deterministic), and the 5th and 95th percentiles as the k-th smallest value with
// k = max(1, ceil(qN)), as montecarlo's quantiles. Binding summarises the stages that set
// the road to independence, whatever the objective.
func (s *Samples) Estimate(o Objective) Estimate {
	v := s.Shortfall
	switch o {
	case ExpectedIndependence:
		v = s.Independence
	case ExpectedRoad:
		v = s.Road
	}
	e := Estimate{Replications: len(v)}
	if len(v) == 0 {
		e.Value, e.Mean, e.P5, e.P95 = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return e
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	e.Mean = sum / float64(len(v))
	e.values = slices.Clone(v)
	sorted := slices.Clone(v)
	slices.Sort(sorted)
	q := func(p float64) float64 {
		k := max(1, int(math.Ceil(p*float64(len(sorted)))))
		return sorted[k-1]
	}
	e.P5, e.P95 = q(0.05), q(0.95)
	e.Value = e.Mean
	if o == P95Shortfall {
		e.Value = e.P95
	}
	e.Binding = bindings(s.Binding)
	if o.month() {
		never := 0
		for _, x := range v {
			if x >= float64(s.Months) {
				never++
			}
		}
		share := float64(never) / float64(len(v))
		e.Never = &share
	}
	return e
}

// bindings aggregates the replications' stage hits: per stage and kind (blocked or
// covered last), the share of replications and, for blocked, the mean gap over them. The
// most frequent come first (then blocked before covered last, then by stage).
func bindings(reps [][]StageHit) []Binding {
	type key struct {
		stage   string
		blocked bool
	}
	count, gap := map[key]int{}, map[key]float64{}
	for _, hits := range reps {
		for _, h := range hits {
			k := key{h.Stage, h.Blocked}
			count[k]++
			gap[k] += h.GapTPerYear
		}
	}
	if len(count) == 0 {
		return nil
	}
	out := make([]Binding, 0, len(count))
	for k, c := range count {
		b := Binding{Stage: k.stage, Blocked: k.blocked, Share: float64(c) / float64(len(reps))}
		if k.blocked {
			b.GapTPerYear = gap[k] / float64(c)
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b Binding) int {
		if a.Share != b.Share {
			return cmp.Compare(b.Share, a.Share)
		}
		if a.Blocked != b.Blocked {
			if a.Blocked {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Stage, b.Stage)
	})
	return out
}

// MonteCarlo returns the Evaluator that simulates each portfolio of spec with
// spec.Runs replications from spec.Seed on workers goroutines.
func MonteCarlo(ds *world.Dataset, spec *Spec, workers int) Evaluator {
	return func(ctx context.Context, chosen []int) (Estimate, error) {
		s, err := Simulate(ctx, ds, spec, chosen, workers)
		if err != nil {
			return Estimate{}, err
		}
		return s.Estimate(spec.Objective), nil
	}
}

// Plan runs the search of spec with the Monte Carlo evaluator.
func Plan(ctx context.Context, ds *world.Dataset, spec *Spec, workers int, opts Options) (*Result, error) {
	return Search(ctx, spec.Costs(), spec.BudgetMUSD, MonteCarlo(ds, spec, workers), opts)
}
