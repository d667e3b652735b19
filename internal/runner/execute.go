package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/sim"
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
	total := months(it.sc)
	if err := r.storeCall(func(ctx context.Context) error { return r.st.StartRun(ctx, id) }); err != nil {
		r.opts.Logger.Error("start run", "run", id, "err", err)
		r.fail(id, total, fmt.Errorf("start run: %w", err))
		return
	}
	r.hub.publish(Progress{RunID: id, Status: store.Running, Total: total})
	result, err := r.simulate(id, it)
	if err != nil {
		r.fail(id, total, err)
		return
	}
	if err := r.storeCall(func(ctx context.Context) error { return r.st.FinishRun(ctx, id, result) }); err != nil {
		r.opts.Logger.Error("store run result", "run", id, "err", err)
		r.fail(id, total, fmt.Errorf("store result: %w", err))
		return
	}
	r.storeCall(func(ctx context.Context) error { r.prune(ctx); return nil })
	r.hub.publish(Progress{RunID: id, Status: store.Done, Done: total, Total: total})
}

// simulate compiles and runs the scenario and returns the result as JSON. A panic in the
// engine fails the run instead of the server.
func (r *Runner) simulate(id string, it item) (result []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			r.opts.Logger.Error("run panicked", "run", id, "panic", p)
			err = fmt.Errorf("internal error in the simulation: %v", p)
		}
	}()
	m, err := compile.Compile(r.ds, it.sc)
	if err != nil {
		return nil, fmt.Errorf("compile scenario %s: %w", it.run.Scenario, err)
	}
	res := sim.NewResult(m)
	last := time.Now()
	sim.NewEngine(m).RunWithProgress(res, func(done, total int) {
		if r.opts.AfterMonth != nil {
			r.opts.AfterMonth()
		}
		r.hub.publish(Progress{RunID: id, Status: store.Running, Done: done, Total: total})
		if now := time.Now(); now.Sub(last) >= progressEvery && done < total {
			last = now
			if err := r.storeCall(func(ctx context.Context) error {
				return r.st.SetProgress(ctx, id, float64(done)/float64(total))
			}); err != nil {
				r.opts.Logger.Warn("record run progress", "run", id, "err", err)
			}
		}
	})
	b, err := json.Marshal(res)
	if err != nil {
		return nil, fmt.Errorf("encode result: %w", err)
	}
	return b, nil
}

// fail records a run's failure and ends its subscriptions.
func (r *Runner) fail(id string, total int, cause error) {
	if err := r.storeCall(func(ctx context.Context) error { return r.st.FailRun(ctx, id, cause.Error()) }); err != nil {
		r.opts.Logger.Error("record run failure", "run", id, "cause", cause, "err", err)
	}
	r.hub.publish(Progress{RunID: id, Status: store.Failed, Total: total, Error: cause.Error()})
}

func (r *Runner) storeCall(f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	return f(ctx)
}
