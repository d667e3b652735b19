package montecarlo

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// DefaultBatchSize is the replications per batch when a Study gives none: small enough
// for progress and cancellation to be prompt, large enough that merging is negligible.
const DefaultBatchSize = 50

// Study is a Monte Carlo run of a resolved scenario: Replications replications, numbered
// from 0, drawn from Seed (see Draw) and run in batches of BatchSize. The fields must not
// change once the study has run a batch; a Study is safe for concurrent use.
type Study struct {
	World        *world.Dataset
	Scenario     *scenario.Scenario
	Seed         uint64
	Replications int
	BatchSize    int
	// Point, when not nil, is Scenario compiled against World (compile.Compile), which
	// the study takes over for its point run instead of compiling Scenario again (the
	// server compiled it to check it at submit).
	Point *sim.Model

	// exact, when set, runs every product in every replication instead of freezing those
	// no uncertain number reaches (frozen.go); tests use it to show both give the same
	// aggregates.
	exact bool

	once sync.Once
	plan *plan
	err  error
	// workers keeps the *worker state of finished RunBatch calls for the next ones, so
	// that a remote worker taking batch after batch of a study reuses its engine and
	// result.
	workers sync.Pool
}

// Batch is a contiguous range of a study's replications, First to First+Count-1; its ID
// is its index in Batches, so that a batch run twice (a redelivery) is recognised.
type Batch struct {
	ID    int `json:"id"`
	First int `json:"first"`
	Count int `json:"count"`
}

func (s *Study) batchSize() int {
	if s.BatchSize > 0 {
		return s.BatchSize
	}
	return DefaultBatchSize
}

// Batches splits the study's replications into batches.
func (s *Study) Batches() []Batch {
	n := s.batchSize()
	var out []Batch
	for first := 0; first < s.Replications; first += n {
		out = append(out, Batch{ID: len(out), First: first, Count: min(n, s.Replications-first)})
	}
	return out
}

// prepare compiles and runs the point scenario once to derive the layout.
func (s *Study) prepare() (*plan, error) {
	s.once.Do(func() {
		if s.Replications < 0 || s.Replications > 1<<32-1 {
			s.err = fmt.Errorf("replications: must be within [0, 2^32), got %d", s.Replications)
			return
		}
		m, r, err := compile.Run(s.World, s.Scenario, compile.RunOptions{Model: s.Point})
		if err != nil {
			s.err = err
			return
		}
		s.plan = newPlan(s.World, s.Scenario, s.Seed, m, r)
		s.plan.point, s.plan.pointSummary = m, r.Summary
		if !s.exact {
			s.plan.frozen = frozenProducts(s.World, s.Scenario, m, s.plan.layout.Inputs)
		}
		s.plan.constant = make([]bool, len(s.plan.product))
		for i, pr := range s.plan.product {
			s.plan.constant[i] = s.plan.frozen != nil && pr >= 0 && s.plan.frozen[pr]
			if !s.plan.constant[i] {
				s.plan.live = append(s.plan.live, i)
			}
		}
	})
	return s.plan, s.err
}

// Layout returns what the study aggregates.
func (s *Study) Layout() (*Layout, error) {
	pl, err := s.prepare()
	if err != nil {
		return nil, err
	}
	return &pl.layout, nil
}

// PointSummary returns the summary of the study's point run, each uncertain number at
// its point value (scenario.Param.Point): the deterministic run of the scenario, which
// the study ran once to derive its layout.
func (s *Study) PointSummary() (sim.Summary, error) {
	pl, err := s.prepare()
	if err != nil {
		return sim.Summary{}, err
	}
	return pl.pointSummary, nil
}

// NewPartial returns the empty aggregate of s, to merge batches into.
func (s *Study) NewPartial() (*Partial, error) {
	pl, err := s.prepare()
	if err != nil {
		return nil, err
	}
	return pl.newPartial(), nil
}

// RunBatch runs the replications of b and returns their aggregate. It calls progress,
// when not nil, with 1 after each replication. It checks ctx between replications and
// returns ctx's error, and no partial, when cancelled.
//
// Each replication draws its scenario and compiles it into the memory of the previous
// replication's model (compile.CompileReusing), then runs it on the worker's engine
// (sim.Engine.Use) with the products no uncertain number reaches frozen at their point
// run; draws never change a model's shape.
func RunBatch(ctx context.Context, s *Study, b Batch, progress func(n int)) (*Partial, error) {
	pl, err := s.prepare()
	if err != nil {
		return nil, err
	}
	if b.Count < 0 || b.First < 0 || b.First+b.Count > s.Replications {
		return nil, fmt.Errorf("batch %d: replications %d..%d outside the study's %d", b.ID, b.First, b.First+b.Count-1, s.Replications)
	}
	p := pl.newPartial()
	w, _ := s.workers.Get().(*worker)
	if w == nil {
		w = &worker{}
	}
	defer s.workers.Put(w)
	if err := pl.runBatch(ctx, s, b, progress, w, p); err != nil {
		return nil, err
	}
	return p, nil
}

// worker is what a goroutine running batches of one study reuses between them.
type worker struct {
	u []float64
	// res is shaped by the study's model; its rows of frozen products hold the point run.
	res *sim.Result
	// eng is the engine of the last replication, reused when the next model has its shape;
	// m is that replication's model, whose memory the next compile reuses (never the
	// study's point model, which stays in use).
	eng *sim.Engine
	m   *sim.Model
	// series holds the series values of the batch's replications not yet added.
	series seriesBuffer
}

// runBatch runs the replications of b, which must be within the study, and records them
// in p, an empty Partial of pl.
func (pl *plan) runBatch(ctx context.Context, s *Study, b Batch, progress func(n int), w *worker, p *Partial) error {
	p.Batches = append(p.Batches[:0], b.ID)
	w.series.n = 0 // what a failed batch left
	for i := b.First; i < b.First+b.Count; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := pl.replicate(s, i, w)
		if err != nil {
			return err
		}
		p.record(pl, r, w.u, &w.series)
		if progress != nil {
			progress(1)
		}
	}
	p.addBuffered(pl, &w.series)
	if b.Count > 0 {
		p.recordConstant(pl, w.res, uint64(b.Count))
	}
	return nil
}

// replicate draws replication i of s into w.u, compiles it into the memory of w's last
// model and runs it on w's engine into w's result, which it returns.
func (pl *plan) replicate(s *Study, i int, w *worker) (*sim.Result, error) {
	if w.u == nil {
		w.u = make([]float64, len(pl.layout.Inputs))
	}
	// The last replication's model is done with: its memory takes the new one.
	m, err := compile.CompileReusing(s.World, Draw(s.Scenario, s.Seed, i, w.u), w.m)
	w.m = m
	if err != nil {
		return nil, fmt.Errorf("replication %d: %w", i, err)
	}
	if w.res == nil {
		w.res = sim.NewResult(m)
		if pl.frozen != nil {
			sim.Run(pl.point, w.res)
		}
	}
	if w.eng == nil || !w.eng.Use(m) {
		w.eng = sim.NewEngine(m)
		w.eng.RecordCountries(false) // no aggregate reads them
		w.eng.RecordMassBalance(false)
	}
	if err := w.eng.Freeze(pl.frozen); err != nil {
		return nil, fmt.Errorf("replication %d: %w", i, err)
	}
	w.eng.Run(w.res)
	return w.res, nil
}

// Replications runs replications 0 to s.Replications-1 of s on workers goroutines as Run
// does (the same draws; each goroutine's model, engine and result reused from one
// replication to the next; the products no uncertain number reaches frozen at the point
// run; country series not recorded) and hands each replication's result to visit instead
// of aggregating it, for callers that need a statistic the aggregates do not hold (the
// planner's road to independence per replication). visit is called on the goroutine that
// ran the replication, with that goroutine's result, which its next replication
// overwrites; calls for different replications may run at once. The first error of a
// replication or of visit stops the others between replications and is returned; a
// cancelled ctx gives ctx's error.
func Replications(ctx context.Context, s *Study, workers int, visit func(rep int, r *sim.Result) error) error {
	pl, err := s.prepare()
	if err != nil {
		return err
	}
	workers = min(max(workers, 1), max(s.Replications, 1))
	next := make(chan int)
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		wg.Go(func() {
			w := &worker{}
			for i := range next {
				r, err := pl.replicate(s, i, w)
				if err == nil {
					err = visit(i, r)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
				}
			}
		})
	}
feed:
	for i := range s.Replications {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return context.Cause(ctx)
}

// Run runs every batch of s on workers goroutines and merges the partials as they
// complete. progress, when not nil, is called with the replications done and the total
// (from several goroutines, serially). When ctx is cancelled, the workers stop between
// replications and Run returns the merge of the batches that completed, with ctx's error:
// its N says how many replications finished.
func Run(ctx context.Context, s *Study, workers int, progress func(done, total int)) (*Partial, error) {
	total, err := s.NewPartial()
	if err != nil {
		return nil, err
	}
	workers = max(workers, 1)
	batches := make(chan Batch)
	var (
		mu       sync.Mutex
		done     int
		firstErr error
		wg       sync.WaitGroup
	)
	tick := func(n int) {
		if progress == nil {
			return
		}
		mu.Lock()
		done += n
		progress(done, s.Replications)
		mu.Unlock()
	}
	pl, err := s.prepare()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		wg.Go(func() {
			// Each worker aggregates a batch into its own Partial, merges it into the
			// total and empties it for the next batch.
			w, p := &worker{}, pl.newPartial()
			for b := range batches {
				p.reset()
				err := pl.runBatch(ctx, s, b, tick, w, p)
				mu.Lock()
				if err == nil {
					err = total.Merge(p)
				}
				if err != nil && firstErr == nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
					firstErr = err
					cancel()
				}
				mu.Unlock()
			}
		})
	}
feed:
	for _, b := range s.Batches() {
		select {
		case batches <- b:
		case <-ctx.Done():
			break feed
		}
	}
	close(batches)
	wg.Wait()
	if firstErr != nil {
		return total, firstErr
	}
	return total, context.Cause(ctx)
}
