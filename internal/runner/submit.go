package runner

import (
	"context"
	"errors"
	"fmt"
	"github.com/critmin/critmin/internal/compile"

	"github.com/critmin/critmin/internal/store"
)

// Request asks for a run.
type Request struct {
	// Scenario is a built-in name or a stored scenario's name; Version picks a stored
	// version (0: the latest). They exclude YAML: a request with both is refused.
	Scenario string
	Version  int
	// YAML is an inline scenario file. It is checked (parsed, then compiled against the
	// world data) and, only once it passes, stored with the run as the next version of
	// its name unless the latest version is the same file, so that the run can always be
	// reproduced and resumed.
	YAML []byte
	// Seed is recorded with the run; Monte Carlo replication i draws from (Seed, i).
	Seed int64
	// Replications is the number of Monte Carlo replications; 0 means 1, a
	// deterministic run. More than one make a Monte Carlo study, up to
	// Options.MaxReplications.
	Replications int
}

// ErrInvalidRequest is wrapped by Submit's errors about the request itself rather than
// its scenario's content; *RequestError names the field.
var ErrInvalidRequest = errors.New("invalid run request")

// RequestError is a mistake in one field of a Request.
type RequestError struct {
	Field  string // "scenario", "version", "yaml" or "replications"
	Reason string
}

func (e *RequestError) Error() string { return e.Field + ": " + e.Reason }

// Unwrap returns ErrInvalidRequest.
func (e *RequestError) Unwrap() error { return ErrInvalidRequest }

// Submit checks a request at once, stores it as a queued run and queues it. A scenario
// whose content is wrong gives an error wrapping scenario.ErrInvalid (a
// *scenario.ErrorList with positions) or compile.ErrScenario; a wrong field gives a
// *RequestError; a full queue gives ErrQueueFull, and then nothing is stored.
func (r *Runner) Submit(ctx context.Context, req Request) (store.Run, error) {
	if err := r.checkReplications(req.Replications); err != nil {
		return store.Run{}, err
	}
	if req.Replications == 0 {
		req.Replications = 1
	}
	if err := r.reserve(); err != nil {
		return store.Run{}, err
	}
	queued := false
	defer func() {
		if !queued {
			r.release()
		}
	}()
	res, err := r.resolve(ctx, req)
	if err != nil {
		return store.Run{}, err
	}
	// Compiling now turns a scenario the engine cannot take into an answer to this request
	// rather than a failed run later, and it comes before anything is stored: an inline
	// file the compiler refuses is not kept. The model waits in the queue with the run,
	// which then runs it without compiling again.
	model, err := r.compile(r.ds, res.sc)
	if err != nil {
		if res.inline != nil {
			// Placed as the file check places its problems: no prefix, the request's file.
			return store.Run{}, compile.Problems(err, InlineFile)
		}
		return store.Run{}, fmt.Errorf("compile scenario %s: %w", res.name, compile.Problems(err, res.name+".yaml"))
	}
	run, err := r.storeRun(ctx, res, store.Run{
		Seed: req.Seed, Replications: req.Replications,
		DataVersion: r.ds.Version, ProgramVersion: r.opts.ProgramVersion, Status: store.Queued,
	})
	if err != nil {
		return store.Run{}, err
	}
	p := work(run, res.sc)
	p.Status = store.Queued
	r.hub.track(p)
	r.mu.Lock()
	r.reserved--
	r.queue = append(r.queue, item{run: run, sc: res.sc, model: model})
	r.cond.Signal()
	r.mu.Unlock()
	queued = true
	return run, nil
}

func (r *Runner) checkReplications(n int) error {
	switch {
	case n < 0:
		return &RequestError{Field: "replications", Reason: fmt.Sprintf("must be at least 1, got %d", n)}
	case n > r.opts.MaxReplications:
		return &RequestError{Field: "replications", Reason: fmt.Sprintf("%d exceeds this server's limit of %d (critmin serve --max-replications)", n, r.opts.MaxReplications)}
	}
	return nil
}

// reserve holds a queue place for a submission being checked and stored.
func (r *Runner) reserve() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closing {
		return ErrClosed
	}
	if len(r.queue)+r.reserved >= r.opts.QueueSize {
		return fmt.Errorf("%d runs are waiting: %w", len(r.queue)+r.reserved, ErrQueueFull)
	}
	r.reserved++
	return nil
}

func (r *Runner) release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reserved--
}
