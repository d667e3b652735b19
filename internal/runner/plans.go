package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/critmin/critmin/internal/plan"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/store"
)

// Plans are stored as runs are: a plan's file, its description and, once done, its
// output are in the store, so that a plan queued when the server stops runs after the
// restart and a finished plan's frontier stays readable. A plan running when the server
// stops is marked interrupted, by Close or by the next Start; it can be submitted again.
const (
	// planQueueSize bounds the plans waiting to run.
	planQueueSize = 8
	// planKeep bounds the finished plans kept; the oldest finished go first.
	planKeep = 100
	// maxPlanRequeue bounds the stored plans Start reads back.
	maxPlanRequeue = 1000
)

// interruptedPlan is the error of a plan the server stopped while it ran.
const interruptedPlan = store.InterruptedReason

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

// storedInfo is a plan's description as the store keeps it (store.Plan.Info): the
// PlanInfo at submission, whose status fields the store's columns override, and the name
// the file was checked under.
type storedInfo struct {
	PlanInfo
	FileName string `json:"file_name"`
}

// planInfo returns the PlanInfo of a stored plan.
func planInfo(p store.Plan) (PlanInfo, string, error) {
	var si storedInfo
	if err := json.Unmarshal(p.Info, &si); err != nil {
		return PlanInfo{}, "", fmt.Errorf("plan %s: read its description: %w", p.ID, err)
	}
	info := si.PlanInfo
	info.ID, info.Status, info.Error, info.Evaluated, info.Progress = p.ID, p.Status, p.Error, p.Evaluated, p.Progress
	info.CreatedAt, info.StartedAt, info.FinishedAt = p.CreatedAt, p.StartedAt, p.FinishedAt
	if info.Status == store.Interrupted && info.Error == "" {
		info.Error = interruptedPlan
	}
	return info, si.FileName, nil
}

// planJob is a plan with its spec (nil once it is finished).
type planJob struct {
	info PlanInfo
	spec *plan.Spec
}

// Plans runs plans one at a time, in submission order, each on the runner's worker
// count of goroutines, and keeps them in the runner's store. Get it from Runner.Plans;
// the runner's Start and Close start and stop it.
type Plans struct {
	r *Runner

	mu       sync.Mutex
	cond     *sync.Cond
	jobs     map[string]*planJob
	order    []string // ids, oldest first
	queue    []*planJob
	reserved int // queue places held by submissions being stored
	started  bool
	closing  bool
	changed  chan struct{} // closed and replaced at every change

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

// Submit checks a plan file (named name in messages) at once, stores it and queues it.
// An invalid file gives an error wrapping scenario.ErrInvalid (a *scenario.ErrorList
// with file:line:col) or compile.ErrScenario; a base scenario that is not a built-in is
// an invalid file; more replications than the server allows give a *RequestError for
// "runs"; a full queue gives ErrQueueFull, and then nothing is stored.
func (p *Plans) Submit(ctx context.Context, name string, data []byte) (PlanInfo, error) {
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
	desc, err := json.Marshal(storedInfo{PlanInfo: job.info, FileName: name})
	if err != nil {
		return PlanInfo{}, fmt.Errorf("describe plan: %w", err)
	}
	if err := p.reserve(); err != nil {
		return PlanInfo{}, err
	}
	stored, err := p.r.st.CreatePlan(ctx, store.Plan{ID: job.info.ID, File: data, Info: desc,
		DataVersion: p.r.ds.Version, ProgramVersion: p.r.opts.ProgramVersion, CreatedAt: job.info.CreatedAt})
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reserved--
	if err != nil {
		return PlanInfo{}, fmt.Errorf("store plan: %w", err)
	}
	job.info.CreatedAt = stored.CreatedAt
	p.add(job)
	p.queue = append(p.queue, job)
	p.cond.Signal()
	p.notify()
	return job.info, nil
}

// reserve holds a place in the queue for a submission being stored.
func (p *Plans) reserve() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closing {
		return ErrClosed
	}
	if n := len(p.queue) + p.reserved; n >= planQueueSize {
		return fmt.Errorf("%d plans are waiting: %w", n, ErrQueueFull)
	}
	p.reserved++
	return nil
}

// add makes a plan known. Called with mu held.
func (p *Plans) add(j *planJob) {
	p.jobs[j.info.ID] = j
	p.order = append(p.order, j.info.ID)
}

// forget drops the plans the store pruned. Called with mu held.
func (p *Plans) forget(ids []string) {
	gone := map[string]bool{}
	for _, id := range ids {
		if j, ok := p.jobs[id]; ok && j.spec == nil { // only finished plans are pruned
			gone[id] = true
			delete(p.jobs, id)
		}
	}
	p.order = slices.DeleteFunc(p.order, func(id string) bool { return gone[id] })
}

// notify wakes the watchers. Called with mu held.
func (p *Plans) notify() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// Get returns a plan; ok is false when no plan has that id (or it was pruned).
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

// Result returns a done plan's output, read from the store. It wraps store.ErrNotFound
// for an unknown id and store.ErrConflict for a plan not done.
func (p *Plans) Result(ctx context.Context, id string) (*plan.Output, error) {
	info, ok := p.Get(id)
	if !ok {
		return nil, fmt.Errorf("plan %q: %w", id, store.ErrNotFound)
	}
	if info.Status != store.Done {
		return nil, fmt.Errorf("plan %s is %s: its result exists once it is done: %w", id, info.Status, store.ErrConflict)
	}
	b, err := p.r.st.PlanResult(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get result of plan %s: %w", id, err)
	}
	// Outputs stored before plans carried the contract's version read as version 1.
	if b, err = result.Upgrade(b); err != nil {
		return nil, fmt.Errorf("result of plan %s: %w", id, err)
	}
	var out plan.Output
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("decode result of plan %s: %w", id, err)
	}
	return &out, nil
}

// start recovers the plans of a previous server, as Runner.Start does runs: a plan left
// running is marked interrupted, plans left queued are queued again (failed when their
// file no longer checks against this program and data), finished plans beyond planKeep
// are deleted. Then it starts the goroutine that runs the plans.
func (p *Plans) start(ctx context.Context) error {
	ids, err := p.r.st.RecoverInterruptedPlans(ctx)
	if err != nil {
		return fmt.Errorf("recover interrupted plans: %w", err)
	}
	for _, id := range ids {
		p.r.opts.Logger.Warn("plan interrupted by a previous shutdown", "plan", id)
	}
	if _, err := p.r.st.PrunePlans(ctx, planKeep); err != nil {
		return fmt.Errorf("prune plans: %w", err)
	}
	stored, err := p.r.st.Plans(ctx, store.PlanFilter{Limit: planKeep + maxPlanRequeue})
	if err != nil {
		return fmt.Errorf("list plans: %w", err)
	}
	p.mu.Lock()
	known := maps.Clone(p.jobs) // submitted to this runner before Start
	p.mu.Unlock()
	var jobs []*planJob
	for i := len(stored) - 1; i >= 0; i-- { // the store lists newest first
		sp := stored[i]
		if known[sp.ID] != nil {
			continue
		}
		info, name, err := planInfo(sp)
		if err != nil {
			// Not this server's to repair: the plan is left out, the others served.
			p.r.opts.Logger.Warn("stored plan unreadable", "plan", sp.ID, "err", err)
			continue
		}
		j := &planJob{info: info}
		if info.Status == store.Queued {
			if j.spec, err = p.resume(ctx, sp, name); err != nil {
				p.r.opts.Logger.Warn("queued plan cannot be resumed", "plan", sp.ID, "err", err)
				if ferr := p.r.st.FailPlan(ctx, sp.ID, err.Error()); ferr != nil {
					return fmt.Errorf("fail plan %s: %w", sp.ID, ferr)
				}
				now := time.Now().UTC()
				j.info.Status, j.info.Error, j.info.FinishedAt = store.Failed, err.Error(), &now
			}
		}
		jobs = append(jobs, j)
	}
	p.mu.Lock()
	var queued []*planJob
	for _, j := range jobs {
		p.add(j)
		if j.spec != nil {
			queued = append(queued, j)
		}
	}
	// Submissions to this runner before Start stay behind the older stored plans.
	slices.SortStableFunc(p.order, func(a, b string) int { return p.jobs[a].info.CreatedAt.Compare(p.jobs[b].info.CreatedAt) })
	p.queue = append(queued, p.queue...)
	p.started = true
	p.notify()
	p.mu.Unlock()
	p.done.Add(1)
	go p.loop()
	return nil
}

// resume checks a stored queued plan again, as Submit did.
func (p *Plans) resume(ctx context.Context, sp store.Plan, name string) (*plan.Spec, error) {
	spec, err := p.r.ParsePlan(name, sp.File)
	if err != nil {
		return nil, fmt.Errorf("the plan no longer checks: %w", err)
	}
	if spec.Runs > p.r.opts.MaxReplications {
		return nil, fmt.Errorf("the plan's %d replications per portfolio exceed this server's limit of %d (critmin serve --max-replications)", spec.Runs, p.r.opts.MaxReplications)
	}
	if err := plan.Check(p.r.ds, spec); err != nil {
		return nil, fmt.Errorf("the plan no longer checks: %w", err)
	}
	return spec, nil
}

// close stops the plans: the running one gets the runs' grace (Options.CloseGrace) to
// finish, as studies do, and is then cancelled and marked interrupted; the waiting ones
// stay queued in the store for the next Start.
func (p *Plans) close() {
	p.mu.Lock()
	p.closing = true
	started := p.started
	p.cond.Broadcast()
	p.mu.Unlock()
	finished := make(chan struct{})
	go func() { p.done.Wait(); close(finished) }()
	grace := time.NewTimer(p.r.opts.CloseGrace)
	defer grace.Stop()
	select {
	case <-finished:
	case <-grace.C:
		p.cancel()
		<-finished
	}
	p.cancel()
	if started { // a runner that never started runs no plan, and may share the store
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		if _, err := p.r.st.RecoverInterruptedPlans(ctx); err != nil {
			// The next Start marks it.
			p.r.opts.Logger.Warn("mark the running plan interrupted", "err", err)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.notify()
}

// next blocks until a plan is queued or the plans close, and starts it.
func (p *Plans) next() (*planJob, bool) {
	for {
		p.mu.Lock()
		for len(p.queue) == 0 && !p.closing {
			p.cond.Wait()
		}
		if p.closing {
			p.mu.Unlock()
			return nil, false
		}
		j := p.queue[0]
		p.queue = p.queue[1:]
		p.mu.Unlock()

		err := p.r.storeCall(func(ctx context.Context) error { return p.r.st.StartPlan(ctx, j.info.ID) })
		p.mu.Lock()
		now := time.Now().UTC()
		if err != nil {
			p.r.opts.Logger.Error("start plan", "plan", j.info.ID, "err", err)
			j.info.Status, j.info.Error, j.info.FinishedAt, j.spec = store.Failed, fmt.Sprintf("start plan: %v", err), &now, nil
			p.notify()
			p.mu.Unlock()
			continue
		}
		j.info.Status, j.info.StartedAt = store.Running, &now
		p.notify()
		p.mu.Unlock()
		return j, true
	}
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
	id := j.info.ID
	last := time.Now()
	progress := func(n int) {
		p.mu.Lock()
		j.info.Evaluated = n
		if j.info.Portfolios > 0 {
			j.info.Progress = min(1, float64(n)/float64(j.info.Portfolios))
		}
		share := j.info.Progress
		p.notify()
		p.mu.Unlock()
		if now := time.Now(); now.Sub(last) >= progressEvery {
			last = now
			if err := p.r.storeCall(func(ctx context.Context) error { return p.r.st.SetPlanProgress(ctx, id, n, share) }); err != nil {
				p.r.opts.Logger.Warn("record plan progress", "plan", id, "err", err)
			}
		}
		if p.r.opts.AfterPortfolio != nil {
			p.r.opts.AfterPortfolio(p.ctx)
		}
	}
	res, err := plan.Plan(p.ctx, p.r.ds, j.spec, p.r.opts.Workers, plan.Options{Progress: progress})
	if err != nil && p.ctx.Err() != nil {
		// Stopped by close, which marks it interrupted in the store.
		p.finish(j, store.Interrupted, interruptedPlan, 0)
		return
	}
	if err == nil {
		err = p.store(id, j.spec, res)
	}
	if err != nil {
		p.r.opts.Logger.Warn("plan failed", "plan", id, "err", err)
		if ferr := p.r.storeCall(func(ctx context.Context) error { return p.r.st.FailPlan(ctx, id, err.Error()) }); ferr != nil {
			p.r.opts.Logger.Error("record plan failure", "plan", id, "cause", err, "err", ferr)
		}
		p.finish(j, store.Failed, err.Error(), 0)
		return
	}
	p.finish(j, store.Done, "", res.Evaluated)
	var pruned []string
	p.r.storeCall(func(ctx context.Context) error {
		var err error
		if pruned, err = p.r.st.PrunePlans(ctx, planKeep); err != nil {
			p.r.opts.Logger.Warn("prune plans", "err", err)
		}
		return nil
	})
	p.mu.Lock()
	p.forget(pruned)
	p.mu.Unlock()
}

// store records a plan's output.
func (p *Plans) store(id string, spec *plan.Spec, res *plan.Result) error {
	b, err := json.Marshal(plan.Report(spec, res))
	if err != nil {
		return fmt.Errorf("encode plan output: %w", err)
	}
	if err := p.r.storeCall(func(ctx context.Context) error { return p.r.st.FinishPlan(ctx, id, res.Evaluated, b) }); err != nil {
		return fmt.Errorf("store plan output: %w", err)
	}
	return nil
}

// finish records a plan's end in memory.
func (p *Plans) finish(j *planJob, status store.RunStatus, msg string, evaluated int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now().UTC()
	j.info.Status, j.info.Error, j.info.FinishedAt, j.spec = status, msg, &now, nil
	if status == store.Done {
		j.info.Progress, j.info.Evaluated = 1, evaluated
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
