package natsexec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/critmin/critmin/internal/montecarlo"
)

// SubmitOptions tune Submit.
type SubmitOptions struct {
	// RunID names the run in subjects and message ids (letters, digits, '-', '_'). Empty:
	// derived from the study (scenario, data version, seed, replications, batch size), so
	// that submitting the same study again resumes it, or returns its results at once.
	RunID string
	// Namespace of the streams and subjects; empty: DefaultNamespace.
	Namespace string
	// Progress, when not nil, is called with the replications merged and the total.
	Progress func(done, total int)
	// Logf, when not nil, receives what happens (batches already done, refusals).
	Logf func(format string, args ...any)
	// WorkerTimeout, when positive, bounds how long Submit waits for a result while no
	// worker holds any batch: past it Submit fails with ErrNoWorkers, and the batches
	// left stay queued for a later Submit. A worker that holds a batch, however slow,
	// keeps Submit waiting. 0 waits for ever.
	WorkerTimeout time.Duration
}

// ErrNoWorkers is wrapped by Submit's error when no worker took work within
// SubmitOptions.WorkerTimeout.
var ErrNoWorkers = errors.New("no worker is taking batches")

// workersBusy reports whether some worker holds a batch of the namespace now: one
// delivered by the workers' shared consumer and not yet acknowledged.
func workersBusy(ctx context.Context, js jetstream.JetStream, n names) (bool, error) {
	c, err := js.Consumer(ctx, n.batchStream, n.durable)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return false, nil // no worker ever started in this namespace
	}
	if err != nil {
		return false, err
	}
	info, err := c.Info(ctx)
	if err != nil {
		return false, err
	}
	return info.NumAckPending > 0, nil
}

// RunID returns the run id Submit derives for s when SubmitOptions.RunID is empty.
func RunID(s *montecarlo.Study) (string, error) {
	j, err := newJob(s, "")
	if err != nil {
		return "", err
	}
	return runIDOf(j), nil
}

func newJob(s *montecarlo.Study, run string) (Job, error) {
	if s.World == nil || s.Scenario == nil {
		return Job{}, errors.New("natsexec: study needs World and Scenario")
	}
	sc, err := json.Marshal(s.Scenario)
	if err != nil {
		return Job{}, fmt.Errorf("natsexec: encode scenario: %w", err)
	}
	bs := s.BatchSize
	if bs <= 0 {
		bs = montecarlo.DefaultBatchSize
	}
	return Job{RunID: run, Scenario: sc, ScenarioHash: hash12(sc), DataVersion: s.World.Version,
		Seed: s.Seed, Replications: s.Replications, BatchSize: bs}, nil
}

func runIDOf(j Job) string {
	j.RunID, j.Batch = "", montecarlo.Batch{}
	b, _ := json.Marshal(j)
	return "r" + hash12(b)
}

// Submit runs s on the workers listening on nc's server (see Work) and returns the merge
// of all its batches, equal to montecarlo.Run's for the same study.
//
// It creates the streams if needed, publishes each batch whose result is not already in
// the results stream (with Nats-Msg-Id "<run>/<batch>": a batch already queued is not
// queued twice), then reads the run's results from the start of the results stream,
// merging each batch id once. A Submit cancelled (or a submitter killed) and called again
// with the same run id therefore republishes nothing new and resumes collecting. On
// cancellation it returns the merge of the results so far with ctx's error. A batch that
// failed for good on a worker (e.g. other world data) fails the run with the worker's
// error.
func Submit(ctx context.Context, nc *nats.Conn, s *montecarlo.Study, opts SubmitOptions) (*montecarlo.Partial, error) {
	n, err := namesOf(opts.Namespace)
	if err != nil {
		return nil, err
	}
	logf := opts.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	total, err := s.NewPartial()
	if err != nil {
		return nil, err
	}
	job, err := newJob(s, opts.RunID)
	if err != nil {
		return nil, err
	}
	if job.RunID == "" {
		job.RunID = runIDOf(job)
	}
	if !tokenRE.MatchString(job.RunID) {
		return nil, fmt.Errorf("natsexec: run id %q: want letters, digits, '-' or '_'", job.RunID)
	}
	run := job.RunID
	batches := s.Batches()
	if len(batches) == 0 {
		return total, nil
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	if err := ensureStreams(ctx, js, n); err != nil {
		return nil, err
	}

	// Batches whose result is already stored need not be queued again.
	have := map[string]uint64{}
	rs, err := js.Stream(ctx, n.resultStream)
	if err != nil {
		return nil, fmt.Errorf("natsexec: stream %s: %w", n.resultStream, err)
	}
	info, err := rs.Info(ctx, jetstream.WithSubjectFilter(n.resultPrefix+run+".*"))
	if err != nil {
		return nil, fmt.Errorf("natsexec: stream %s: %w", n.resultStream, err)
	}
	if info.State.Subjects != nil {
		have = info.State.Subjects
	}
	queued, dup := 0, 0
	for _, b := range batches {
		if have[n.resultPrefix+run+"."+fmt.Sprint(b.ID)] > 0 {
			continue
		}
		j := job
		j.Batch = b
		data, err := json.Marshal(j)
		if err != nil {
			return nil, err
		}
		ack, err := js.Publish(ctx, n.batchPrefix+run, data, jetstream.WithMsgID(msgID(run, b.ID)))
		if err != nil {
			return nil, fmt.Errorf("natsexec: publish batch %d: %w", b.ID, err)
		}
		if ack.Duplicate {
			dup++
		} else {
			queued++
		}
	}
	logf("run %s: %d batches, %d with results already, %d queued, %d already queued", run, len(batches), len(have), queued, dup)

	cons, err := js.OrderedConsumer(ctx, n.resultStream, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{n.resultPrefix + run + ".*"},
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return nil, fmt.Errorf("natsexec: results consumer: %w", err)
	}
	it, err := cons.Messages()
	if err != nil {
		return nil, fmt.Errorf("natsexec: results consumer: %w", err)
	}
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	defer it.Stop()

	want := make(map[int]bool, len(batches))
	for _, b := range batches {
		want[b.ID] = true
	}
	done, reps := 0, 0
	var nextOpts []jetstream.NextOpt
	if opts.WorkerTimeout > 0 {
		nextOpts = append(nextOpts, jetstream.NextMaxWait(opts.WorkerTimeout))
	}
	for done < len(batches) {
		msg, err := it.Next(nextOpts...)
		if errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			busy, berr := workersBusy(ctx, js, n)
			if berr != nil {
				return total, fmt.Errorf("natsexec: run %s: no result for %s, and the workers' state is unknown: %w", run, opts.WorkerTimeout, berr)
			}
			if busy {
				continue // a worker is on a batch: slow, not absent
			}
			return total, fmt.Errorf("natsexec: run %s: no result for %s and no worker holds a batch (%d of %d batches done): %w; start 'critmin worker --nats URL' on a machine with the same world data, then submit again to resume",
				run, opts.WorkerTimeout, done, len(batches), ErrNoWorkers)
		}
		if err != nil {
			if ctx.Err() != nil {
				return total, context.Cause(ctx)
			}
			return total, fmt.Errorf("natsexec: reading results: %w", err)
		}
		id, err := batchOfSubject(msg.Subject())
		if err != nil || !want[id] {
			logf("run %s: ignoring result on %s", run, msg.Subject())
			continue
		}
		r, err := decodeResult(msg.Data())
		if err != nil {
			return total, fmt.Errorf("natsexec: result of batch %d: %w", id, err)
		}
		if r.Error != "" {
			return total, fmt.Errorf("natsexec: batch %d failed on worker %s: %s", id, r.Worker, r.Error)
		}
		if r.Partial == nil || len(r.Partial.Batches) != 1 || r.Partial.Batches[0] != id {
			return total, fmt.Errorf("natsexec: result on %s is not batch %d's", msg.Subject(), id)
		}
		if err := total.Merge(r.Partial); err != nil {
			return total, fmt.Errorf("natsexec: batch %d from worker %s: %w", id, r.Worker, err)
		}
		want[id] = false // a redelivered duplicate is counted once
		done++
		reps += int(r.Partial.N)
		if opts.Progress != nil {
			opts.Progress(reps, s.Replications)
		}
	}
	return total, nil
}
