package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/store"
)

// progressEvery bounds how often a run's progress is written to the store; subscribers
// see every month.
const progressEvery = 100 * time.Millisecond

// storeTimeout bounds each store call a worker makes.
const storeTimeout = 30 * time.Second

// execute runs one queued run to its end and records the outcome. Store calls use their
// own contexts: a run that has started is finished and stored even while the server
// shuts down.
func (r *Runner) execute(it item) {
	id := it.run.ID
	start := work(it.run, it.sc)
	total := start.Total
	if err := r.storeCall(func(ctx context.Context) error { return r.st.StartRun(ctx, id) }); err != nil {
		r.opts.Logger.Error("start run", "run", id, "err", err)
		r.fail(id, start, fmt.Errorf("start run: %w", err))
		return
	}
	start.Status = store.Running
	r.hub.publish(start)
	var doc []byte
	var err error
	if it.run.Replications > 1 {
		doc, err = r.study(id, it)
	} else {
		doc, err = r.simulate(id, it)
	}
	if err != nil && r.stop.Err() != nil {
		// Stopped by Close: the run stays running in the store for Close to mark it
		// interrupted, as a killed server's run would be; it can be submitted again.
		r.opts.Logger.Warn("study stopped by shutdown", "run", id)
		r.hub.publish(Progress{RunID: id, Status: store.Interrupted, Total: start.Total, Unit: start.Unit,
			Error: "the server shut down during the study"})
		return
	}
	if err != nil {
		r.fail(id, start, err)
		return
	}
	if err := r.storeCall(func(ctx context.Context) error { return r.st.FinishRun(ctx, id, doc) }); err != nil {
		r.opts.Logger.Error("store run result", "run", id, "err", err)
		r.fail(id, start, fmt.Errorf("store result: %w", err))
		return
	}
	r.storeCall(func(ctx context.Context) error { r.prune(ctx); return nil })
	r.hub.publish(Progress{RunID: id, Status: store.Done, Done: total, Total: total, Unit: start.Unit})
}

// simulate compiles and runs the scenario and returns its result.Run document. A panic in the
// engine fails the run instead of the server.
func (r *Runner) simulate(id string, it item) (doc []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			r.opts.Logger.Error("run panicked", "run", id, "panic", p)
			err = fmt.Errorf("internal error in the simulation: %v", p)
		}
	}()
	model := it.model
	if model == nil {
		if model, err = r.compile(r.ds, it.sc); err != nil {
			return nil, fmt.Errorf("compile scenario %s: %w", it.run.Scenario, err)
		}
	}
	progress := r.progress(id, unitMonths)
	_, res, err := compile.Run(r.ds, it.sc, compile.RunOptions{Model: model, Progress: func(done, total int) {
		if r.opts.AfterMonth != nil {
			r.opts.AfterMonth()
		}
		progress(done, total)
	}})
	if err != nil {
		return nil, fmt.Errorf("compile scenario %s: %w", it.run.Scenario, err)
	}
	out := result.FromSim(res)
	out.TradeOrigins = compile.TradeOrigins(r.ds, it.sc, out)
	out.DemandBasis = compile.DemandBasis(r.ds, out)
	out.UnsimulatedStages = compile.UnsimulatedStages(r.ds, out)
	out.ShareChecks = compile.ShareChecks(r.ds, out)
	out.ScenarioProducts = compile.Touched(r.ds, it.sc)
	out.LicensedFlows = compile.LicensedFlows(r.ds, it.sc, out)
	out.IdleCapacity = compile.IdleCapacity(r.ds, out)
	out.StartingStocks = compile.StartingStocks(r.ds, it.sc, out)
	out.PlantInputs = compile.PlantInputs(r.ds, it.sc, out)
	out.InertTariffs = compile.InertTariffs(r.ds, it.sc, out)
	out.CostRecipes = compile.CostRecipes(r.ds, out)
	out.Verdict = report.RunLead(out, it.sc)
	return result.Encode(out)
}

// progress returns the progress callback of run id counting unit (months or
// replications): every call is published to subscribers, and the share done is stored
// at most every progressEvery.
func (r *Runner) progress(id, unit string) func(done, total int) {
	last := time.Now()
	return func(done, total int) {
		r.hub.publish(Progress{RunID: id, Status: store.Running, Done: done, Total: total, Unit: unit})
		if now := time.Now(); now.Sub(last) >= progressEvery && done < total {
			last = now
			if err := r.storeCall(func(ctx context.Context) error {
				return r.st.SetProgress(ctx, id, float64(done)/float64(total))
			}); err != nil {
				r.opts.Logger.Warn("record run progress", "run", id, "err", err)
			}
		}
	}
}

// fail records a run's failure and ends its subscriptions.
func (r *Runner) fail(id string, start Progress, cause error) {
	if err := r.storeCall(func(ctx context.Context) error { return r.st.FailRun(ctx, id, cause.Error()) }); err != nil {
		r.opts.Logger.Error("record run failure", "run", id, "cause", cause, "err", err)
	}
	r.hub.publish(Progress{RunID: id, Status: store.Failed, Total: start.Total, Unit: start.Unit, Error: cause.Error()})
}

// study runs a Monte Carlo study of the run's replications, seeded by the run's seed,
// and returns its aggregates as JSON: the report.MCRun 'critmin run --runs N --json'
// prints. Progress counts replications. A panic fails the run instead of the server.
func (r *Runner) study(id string, it item) (doc []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			r.opts.Logger.Error("study panicked", "run", id, "panic", p)
			err = fmt.Errorf("internal error in the study: %v", p)
		}
	}()
	// The seed is stored as a signed integer; its bits are the study's seed, so that a
	// negative seed is as reproducible as any other.
	s := &montecarlo.Study{World: r.ds, Scenario: it.sc, Seed: uint64(it.run.Seed), Replications: it.run.Replications, Point: it.model}
	layout, err := s.Layout()
	if err != nil {
		return nil, fmt.Errorf("prepare study of %s: %w", it.run.Scenario, err)
	}
	p, err := r.opts.RunStudy(r.stop, id, s, r.progress(id, unitReplications))
	if err != nil {
		return nil, fmt.Errorf("run study of %s: %w", it.run.Scenario, err)
	}
	mc := report.MCRun{SchemaVersion: result.Version, Seed: s.Seed, RequestedReplications: s.Replications, ScenarioFile: it.run.Scenario,
		ScenarioHash: it.run.ScenarioHash, DataVersion: r.ds.Version, ProgramVersion: r.opts.ProgramVersion,
		Aggregate: montecarlo.Summarize(layout, p), PointValues: report.PointCaveats(it.sc),
		DrawnElsewhere: compile.DrawsAwayFromImporter(r.ds, it.sc)}
	// The deterministic run, for the report to say where it sits among the replications,
	// as 'critmin run --runs N' does: the study's point run.
	point, err := s.PointSummary()
	if err != nil {
		return nil, fmt.Errorf("deterministic run of %s: %w", it.run.Scenario, err)
	}
	summary := result.SummaryFromSim(&point)
	mc.Deterministic = &summary
	b, err := json.Marshal(mc)
	if err != nil {
		return nil, fmt.Errorf("encode study result: %w", err)
	}
	return b, nil
}

func (r *Runner) storeCall(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	return f(ctx)
}
