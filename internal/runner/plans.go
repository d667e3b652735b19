package runner

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/critmin/critmin/internal/plan"
	"github.com/critmin/critmin/internal/store"
)

// Plans run in the server's memory, apart from the run store: a plan is a search over
// portfolios, each a Monte Carlo study, whose file, progress (portfolios evaluated) and
// result (a frontier) fit none of the store's run columns, which name one scenario version
// and hold one simulation result. Holding them there would take a schema migration on
// both backends and teach retention, recovery and comparison about a second kind of run.
// The price: plans do not survive a restart (a plan running when the server stops is
// lost, and the client submits it again), which docs/api.md states.
const (
	// planQueueSize bounds the plans waiting to run.
	planQueueSize = 8
	// planKeep bounds the finished plans kept; the oldest finished go first.
	planKeep = 100
)

// PlanInfo is a plan submitted to the server: what it asks, and where it is.
type PlanInfo struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Scenario   string  `json:"scenario"`
	Objective  string  `json:"objective"`
	Unit       string  `json:"unit"`
	Product    string  `json:"product"`
	Runs       int     `json:"runs"`
	Seed       uint64  `json:"seed"`
	BudgetMUSD float64 `json:"budget_musd"`
	Candidates int     `json:"candidates"`
	// Method is the search: exhaustive or greedy+swap.
	Method string          `json:"method"`
	Status store.RunStatus `json:"status"`
	Error  string          `json:"error,omitempty"`
	// Evaluated is how many portfolios have been evaluated; Portfolios is how many the
	// exhaustive search evaluates in all (0 for the heuristic, whose count is not known in
	// advance); Progress is their ratio (0..1), or 1 once done.
	Evaluated  int        `json:"evaluated"`
	Portfolios int        `json:"portfolios,omitempty"`
	Progress   float64    `json:"progress"`
	CreatedAt  time.Time  `json:"created_at"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// planJob is a plan with its spec and, once done, its output.
type planJob struct {
	info PlanInfo
	spec *plan.Spec
	out  *plan.Output
}

// Plans runs plans one at a time, in submission order, each on the runner's worker
// count of goroutines. Get it from Runner.Plans; the runner's Start and Close start and
// stop it.
type Plans struct {
	r *Runner

	mu      sync.Mutex
	cond    *sync.Cond
	jobs    map[string]*planJob
	order   []string // ids, oldest first
	queue   []*planJob
	closing bool
	changed chan struct{} // closed and replaced at every change

	ctx    context.Context
	cancel context.CancelFunc
	done   sync.WaitGroup
}

func newPlans(r *Runner) *Plans {
	p := &Plans{r: r, jobs: map[string]*planJob{}, changed: make(chan struct{})}
	p.cond = sync.NewCond(&p.mu)
	p.ctx, p.cancel = context.WithCancel(context.Background())
	return p
}

// Plans returns the runner's plans.
func (r *Runner) Plans() *Plans { return r.plans }

// Submit checks a plan file (named name in messages) at once and queues it. An invalid
// file gives an error wrapping scenario.ErrInvalid (a *scenario.ErrorList with
// file:line:col) or compile.ErrScenario; a base scenario that is not a built-in is an
// invalid file; more replications than the server allows give a *RequestError for
// "runs"; a full queue gives ErrQueueFull.
func (p *Plans) Submit(name string, data []byte) (PlanInfo, error) {
	spec, err := p.r.ParsePlan(name, data)
	if err != nil {
		return PlanInfo{}, err
	}
	if spec.Runs > p.r.opts.MaxReplications {
		return PlanInfo{}, &RequestError{Field: "runs", Reason: fmt.Sprintf("the plan's %d replications per portfolio exceed this server's limit of %d (critmin serve --max-replications)", spec.Runs, p.r.opts.MaxReplications)}
	}
	if err := plan.Check(p.r.ds, spec); err != nil {
		return PlanInfo{}, fmt.Errorf("check plan %s: %w", name, err)
	}
	method, total := plan.Planned(spec.Costs(), spec.BudgetMUSD, plan.Options{})
	job := &planJob{spec: spec, info: PlanInfo{
		ID: store.NewID(), Title: spec.Title, Scenario: spec.Scenario, Objective: string(spec.Objective),
		Unit: spec.Objective.Unit(), Product: spec.Product, Runs: spec.Runs, Seed: spec.Seed,
		BudgetMUSD: spec.BudgetMUSD, Candidates: len(spec.Candidates), Method: string(method),
		Portfolios: total, Status: store.Queued, CreatedAt: time.Now().UTC(),
	}}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		return PlanInfo{}, ErrClosed
	}
	if len(p.queue) >= planQueueSize {
		return PlanInfo{}, fmt.Errorf("%d plans are waiting: %w", len(p.queue), ErrQueueFull)
	}
	p.forget()
	p.jobs[job.info.ID] = job
	p.order = append(p.order, job.info.ID)
	p.queue = append(p.queue, job)
	p.cond.Signal()
	p.notify()
	return job.info, nil
}

// forget drops the oldest finished plans beyond planKeep. Called with mu held.
func (p *Plans) forget() {
	finished := 0
	for _, id := range p.order {
		if s := p.jobs[id].info.Status; s == store.Done || s == store.Failed || s == store.Interrupted {
			finished++
		}
	}
	p.order = slices.DeleteFunc(p.order, func(id string) bool {
		s := p.jobs[id].info.Status
		if finished >= planKeep && (s == store.Done || s == store.Failed || s == store.Interrupted) {
			delete(p.jobs, id)
			finished--
			return true
		}
		return false
	})
}

// notify wakes the watchers. Called with mu held.
func (p *Plans) notify() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// Get returns a plan; ok is false when no plan has that id (or it was forgotten).
func (p *Plans) Get(id string) (PlanInfo, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.jobs[id]
	if !ok {
		return PlanInfo{}, false
	}
	return j.info, true
}

// Watch returns a plan with a channel closed at its next change (of any plan).
func (p *Plans) Watch(id string) (PlanInfo, <-chan struct{}, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.jobs[id]
	if !ok {
		return PlanInfo{}, nil, false
	}
	return j.info, p.changed, true
}

// List returns the plans kept, newest first.
func (p *Plans) List() []PlanInfo {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]PlanInfo, 0, len(p.order))
	for i := len(p.order) - 1; i >= 0; i-- {
		out = append(out, p.jobs[p.order[i]].info)
	}
	return out
}

// Result returns a done plan's output. It wraps store.ErrNotFound for an unknown id and
// store.ErrConflict for a plan not done.
func (p *Plans) Result(id string) (*plan.Output, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.jobs[id]
	if !ok {
		return nil, fmt.Errorf("plan %q: %w", id, store.ErrNotFound)
	}
	if j.info.Status != store.Done {
		return nil, fmt.Errorf("plan %s is %s: its result exists once it is done: %w", id, j.info.Status, store.ErrConflict)
	}
	return j.out, nil
}

// start starts the goroutine that runs the plans.
func (p *Plans) start() {
	p.done.Add(1)
	go p.loop()
}

// close stops the plans: the running one is cancelled and, with the waiting ones, marked
// interrupted.
func (p *Plans) close() {
	p.mu.Lock()
	p.closing = true
	p.cond.Broadcast()
	p.mu.Unlock()
	p.cancel()
	p.done.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now().UTC()
	for _, j := range p.queue {
		j.info.Status, j.info.Error, j.info.FinishedAt = store.Interrupted, "the server stopped before the plan ran", &now
	}
	p.queue = nil
	p.notify()
}

func (p *Plans) next() (*planJob, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) == 0 && !p.closing {
		p.cond.Wait()
	}
	if p.closing {
		return nil, false
	}
	j := p.queue[0]
	p.queue = p.queue[1:]
	now := time.Now().UTC()
	j.info.Status, j.info.StartedAt = store.Running, &now
	p.notify()
	return j, true
}

func (p *Plans) loop() {
	defer p.done.Done()
	for {
		j, ok := p.next()
		if !ok {
			return
		}
		p.execute(j)
	}
}

// execute runs one plan and records its end.
func (p *Plans) execute(j *planJob) {
	progress := func(n int) {
		p.mu.Lock()
		defer p.mu.Unlock()
		j.info.Evaluated = n
		if j.info.Portfolios > 0 {
			j.info.Progress = min(1, float64(n)/float64(j.info.Portfolios))
		}
		p.notify()
	}
	res, err := plan.Plan(p.ctx, p.r.ds, j.spec, p.r.opts.Workers, plan.Options{Progress: progress})
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now().UTC()
	j.info.FinishedAt = &now
	switch {
	case err == nil:
		out := plan.Report(j.spec, res)
		j.out = &out
		j.info.Status, j.info.Progress, j.info.Evaluated = store.Done, 1, res.Evaluated
	case p.ctx.Err() != nil:
		j.info.Status, j.info.Error = store.Interrupted, "the server stopped while the plan ran"
	default:
		j.info.Status, j.info.Error = store.Failed, err.Error()
		p.r.opts.Logger.Warn("plan failed", "plan", j.info.ID, "err", err)
	}
	p.notify()
}

// ParsePlan checks a plan file as Plans.Submit does, without queueing it.
func (r *Runner) ParsePlan(file string, data []byte) (*plan.Spec, error) {
	return plan.ParseInline(file, data, r.env)
}

// PlanStats are the plans' current load.
type PlanStats struct {
	Queued  int `json:"queued"`
	Running int `json:"running"`
	// QueueSize bounds the plans waiting; Kept is how many plans the server holds.
	QueueSize int `json:"queue_size"`
	Kept      int `json:"kept"`
}

// Stats returns the plans waiting, running and held.
func (p *Plans) Stats() PlanStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := PlanStats{Queued: len(p.queue), QueueSize: planQueueSize, Kept: len(p.order)}
	for _, id := range p.order {
		if p.jobs[id].info.Status == store.Running {
			s.Running++
		}
	}
	return s
}
