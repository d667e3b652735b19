package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// Samples are the per-replication objective values of one portfolio, by replication.
type Samples struct {
	// Shortfall is the importer's total shortfall of the product over the horizon, t.
	Shortfall []float64
	// Independence is the product's month index of independence, Months for never.
	Independence []float64
	Months       int
}

// Simulate runs replications 0..runs-1 of the portfolio of the chosen candidates on
// workers goroutines, each drawn with montecarlo.Draw from spec.Seed exactly as
// montecarlo.Run draws them (so every portfolio shares common random numbers), and
// returns the product's per-replication shortfall and independence month.
func Simulate(ctx context.Context, ds *world.Dataset, spec *Spec, chosen []int, workers int) (*Samples, error) {
	sc := spec.Portfolio(chosen)
	n := spec.Runs
	out := &Samples{Shortfall: make([]float64, n), Independence: make([]float64, n)}
	// The point run checks the scenario compiles and finds the product.
	m, err := compile.Compile(ds, sc)
	if err != nil {
		return nil, err
	}
	r := sim.NewResult(m)
	prod := slices.IndexFunc(r.Products, func(p sim.ProductInfo) bool { return p.ID == spec.Product })
	if prod < 0 || !r.Products[prod].Final {
		return nil, fmt.Errorf("product %q is not a final product of scenario %s", spec.Product, sc.Name)
	}
	out.Months = r.Months
	inputs := len(montecarlo.Inputs(sc))
	workers = min(max(workers, 1), max(n, 1))
	next := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		wg.Go(func() {
			u := make([]float64, inputs)
			var res *sim.Result
			for i := range next {
				m, err := compile.Compile(ds, montecarlo.Draw(sc, spec.Seed, i, u))
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("replication %d: %w", i, err)
					}
					mu.Unlock()
					cancel()
					continue
				}
				if res == nil {
					res = sim.NewResult(m)
				}
				sim.NewEngine(m).Run(res)
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
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Estimate summarises the samples for objective o: mean (summed in replication order, so
// deterministic), and the 5th and 95th percentiles as the k-th smallest value with
// k = max(1, ceil(qN)), as montecarlo's quantiles.
func (s *Samples) Estimate(o Objective) Estimate {
	v := s.Shortfall
	if o == ExpectedIndependence {
		v = s.Independence
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
	if o == ExpectedIndependence {
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
