package runner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// ErrQueueFull is returned by Submit when the bounded queue of waiting runs is full;
// nothing is stored then, and the caller may retry later.
var ErrQueueFull = errors.New("run queue full")

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("runner closed")

// closeGrace bounds how long Close waits for the runs being executed before it stops the
// studies among them and marks them all interrupted (Options.CloseGrace).
const closeGrace = 30 * time.Second

// stopWait bounds how long Close waits, after the grace, for stopped studies to return.
const stopWait = 10 * time.Second

// maxRequeue bounds how many stored queued runs Start picks up again.
const maxRequeue = 10000

// Options configure a Runner. Zero fields take the defaults noted.
type Options struct {
	// Workers is how many runs execute at once (default 2).
	Workers int
	// QueueSize bounds the runs waiting for a worker (default 64).
	QueueSize int
	// MaxReplications bounds Request.Replications (default 1). A run of more than one
	// replication is a Monte Carlo study.
	MaxReplications int
	// ProgramVersion is recorded with every run.
	ProgramVersion string
	// Logger receives failures the runner cannot return to a caller (default: discard).
	Logger *slog.Logger
	// RunStudy runs a Monte Carlo study's replications and returns their merged
	// partial; runID is the run's id, for executors that name their work by it. nil runs
	// the study in this process on one goroutine (montecarlo.Run); critmin serve --nats
	// passes one that hands the batches to 'critmin worker's (natsexec.Submit).
	RunStudy StudyFunc
	// RetainResultBytes, when positive, bounds the results of done runs kept in the
	// store: after each run finishes, the oldest done runs are deleted with their
	// results until the rest fit (the newest is always kept). 0 keeps everything.
	RetainResultBytes int64
	// CloseGrace is how long Close waits for the runs being executed (default 30 s).
	CloseGrace time.Duration
	// AfterMonth, when set, is called after every simulated month of every run. Tests use
	// it to make a run last long enough to be interrupted; production leaves it nil.
	AfterMonth func()
	// AfterPortfolio, when set, is called after every portfolio a plan evaluates, with the
	// plans' context, which Close cancels. Tests use it to hold a plan between portfolios
	// until the server stops; production leaves it nil.
	AfterPortfolio func(ctx context.Context)
}

// StudyFunc runs a Monte Carlo study, calling progress with the replications done and
// the total; the result must equal montecarlo.Run's for the same study.
type StudyFunc func(ctx context.Context, runID string, s *montecarlo.Study, progress func(done, total int)) (*montecarlo.Partial, error)

// inProcess runs a study on one goroutine: the runner's workers already run studies side
// by side.
func inProcess(ctx context.Context, _ string, s *montecarlo.Study, progress func(done, total int)) (*montecarlo.Partial, error) {
	return montecarlo.Run(ctx, s, 1, progress)
}

func (o Options) withDefaults() Options {
	if o.RunStudy == nil {
		o.RunStudy = inProcess
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 64
	}
	if o.MaxReplications <= 0 {
		o.MaxReplications = 1
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.CloseGrace <= 0 {
		o.CloseGrace = closeGrace
	}
	return o
}

// Runner executes runs in the background. Create it with New, call Start once, and Close
// when done. Its methods are safe for concurrent use.
type Runner struct {
	st   store.Store
	ds   *world.Dataset
	opts Options
	env  scenario.Env
	lib  *scenario.Library

	// putMu serialises the check-then-store of inline scenarios, so that concurrent
	// submissions of the same file store it once.
	putMu sync.Mutex

	mu       sync.Mutex
	cond     *sync.Cond
	queue    []item // waiting runs, oldest first
	reserved int    // queue places held by submissions being stored
	closing  bool
	started  bool
	running  map[string]bool
	workers  sync.WaitGroup

	hub   hub
	plans *Plans

	// compile is compile.Compile; tests count its calls.
	compile func(*world.Dataset, *scenario.Scenario) (*sim.Model, error)

	// stop ends the studies still running when Close's grace has passed; they return
	// between replications, and their runs are left for RecoverInterrupted.
	stop       context.Context
	cancelStop context.CancelFunc
}

// item is a queued run with the scenario it runs.
type item struct {
	run store.Run
	sc  *scenario.Scenario // resolved
	// model is sc compiled at submit, which the run takes over; nil for a run queued by
	// a previous server, compiled when it runs.
	model *sim.Model
}

// New returns a runner of runs over ds, stored in st.
func New(st store.Store, ds *world.Dataset, opts Options) *Runner {
	r := &Runner{st: st, ds: ds, opts: opts.withDefaults(), running: map[string]bool{}, compile: compile.Compile}
	r.stop, r.cancelStop = context.WithCancel(context.Background())
	r.cond = sync.NewCond(&r.mu)
	r.env = scenario.Env{World: ds, Products: scenario.WorldCatalogue(ds)}
	r.lib = scenario.NewLibrary(scenario.BuiltinFiles(), "builtin", r.env)
	r.env.Base = r.lib.Scenario
	r.hub.init()
	r.plans = newPlans(r)
	return r
}

// Start recovers from a previous server: runs left running are marked interrupted and
// runs left queued are queued again, then the workers start. ctx bounds the recovery
// only; the workers run until Close.
func (r *Runner) Start(ctx context.Context) error {
	r.mu.Lock()
	if r.started || r.closing {
		r.mu.Unlock()
		return errors.New("start runner: already started or closed")
	}
	r.started = true
	r.mu.Unlock()

	ids, err := r.st.RecoverInterrupted(ctx)
	if err != nil {
		return fmt.Errorf("start runner: recover interrupted runs: %w", err)
	}
	for _, id := range ids {
		r.opts.Logger.Warn("run interrupted by a previous shutdown", "run", id)
	}
	if err := r.requeue(ctx); err != nil {
		return fmt.Errorf("start runner: %w", err)
	}
	r.prune(ctx)
	if err := r.plans.start(ctx); err != nil {
		return fmt.Errorf("start runner: %w", err)
	}
	for range r.opts.Workers {
		r.workers.Add(1)
		go r.work()
	}
	return nil
}

// requeue queues again the runs a previous server stored as queued, oldest first. A run
// whose scenario or data changed since it was queued fails, since it would no longer
// compute what was asked.
func (r *Runner) requeue(ctx context.Context) error {
	queued, err := r.st.Runs(ctx, store.RunFilter{Status: store.Queued, Limit: maxRequeue})
	if err != nil {
		return fmt.Errorf("list queued runs: %w", err)
	}
	var items []item
	for i := len(queued) - 1; i >= 0; i-- { // the store lists newest first
		run := queued[i]
		if r.hub.known(run.ID) {
			continue // submitted to this runner before Start
		}
		sc, err := r.reload(ctx, run)
		if err != nil {
			r.opts.Logger.Warn("queued run cannot be resumed", "run", run.ID, "err", err)
			if ferr := r.st.FailRun(ctx, run.ID, err.Error()); ferr != nil {
				return fmt.Errorf("fail run %s: %w", run.ID, ferr)
			}
			continue
		}
		items = append(items, item{run: run, sc: sc})
	}
	for _, it := range items {
		p := work(it.run, it.sc)
		p.Status = store.Queued
		r.hub.track(p)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queue = append(items, r.queue...)
	r.cond.Broadcast()
	return nil
}

// Close stops the workers: queued runs stay queued in the store for the next Start, runs
// being executed are waited for (up to a grace period, after which they are marked
// interrupted), and every subscription ends.
func (r *Runner) Close() error {
	r.mu.Lock()
	if r.closing {
		r.mu.Unlock()
		return nil
	}
	r.closing = true
	r.cond.Broadcast()
	r.mu.Unlock()
	r.plans.close()

	done := make(chan struct{})
	go func() { r.workers.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-time.After(r.opts.CloseGrace):
		// Studies stop between replications; a deterministic run cannot be stopped and
		// goes on until the process exits. Either way the run is marked interrupted.
		r.cancelStop()
		select {
		case <-done:
		case <-time.After(stopWait):
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, rerr := r.st.RecoverInterrupted(ctx); rerr != nil {
			err = fmt.Errorf("close runner: mark unfinished runs interrupted: %w", rerr)
		}
	}
	r.cancelStop()
	r.hub.closeAll()
	return err
}

// next blocks until a run is queued or the runner closes.
func (r *Runner) next() (item, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.queue) == 0 && !r.closing {
		r.cond.Wait()
	}
	if r.closing {
		return item{}, false
	}
	it := r.queue[0]
	r.queue[0] = item{}
	r.queue = r.queue[1:]
	r.running[it.run.ID] = true
	return it, true
}

func (r *Runner) work() {
	defer r.workers.Done()
	for {
		it, ok := r.next()
		if !ok {
			return
		}
		r.execute(it)
		r.mu.Lock()
		delete(r.running, it.run.ID)
		r.mu.Unlock()
	}
}

// prune enforces Options.RetainResultBytes. A failure is logged: the run it follows is
// stored, and the next one prunes again.
func (r *Runner) prune(ctx context.Context) {
	if r.opts.RetainResultBytes <= 0 {
		return
	}
	ids, err := r.st.PruneResults(ctx, r.opts.RetainResultBytes)
	if err != nil {
		r.opts.Logger.Warn("enforce the retention limit", "err", err)
		return
	}
	if len(ids) > 0 {
		r.opts.Logger.Info("deleted the oldest done runs beyond the retention limit", "runs", len(ids),
			"oldest", ids[0], "limit_bytes", r.opts.RetainResultBytes)
	}
}

// MaxReplications is the largest replication count a run may ask for.
func (r *Runner) MaxReplications() int { return r.opts.MaxReplications }

// Stats are the runner's current load.
type Stats struct {
	Queued    int `json:"queued"`
	Running   int `json:"running"`
	Workers   int `json:"workers"`
	QueueSize int `json:"queue_size"`
	// MaxReplications is the largest replication count a run may ask for; above 1 a run
	// is a Monte Carlo study.
	MaxReplications int `json:"max_replications"`
}

// Stats returns the number of waiting and executing runs.
func (r *Runner) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Stats{Queued: len(r.queue), Running: len(r.running), Workers: r.opts.Workers, QueueSize: r.opts.QueueSize,
		MaxReplications: r.opts.MaxReplications}
}
