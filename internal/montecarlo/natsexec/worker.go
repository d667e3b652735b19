package natsexec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// WorkOptions tune Work. Every worker of a namespace shares one durable consumer, whose
// settings (AckWait, MaxDeliver) the last worker to start sets.
type WorkOptions struct {
	// Concurrency is the batches run at once; 0 or less: 1.
	Concurrency int
	// AckWait is how long a batch taken by a worker that neither acknowledges it nor
	// reports progress stays invisible before JetStream redelivers it; 0: 30 s. A worker
	// reports progress every AckWait/3 while it runs a batch.
	AckWait time.Duration
	// MaxDeliver bounds the deliveries of a batch; 0: 5. A batch that fails on its last
	// delivery is terminated and its error published as its result.
	MaxDeliver int
	// RetryDelay is how long a failed batch waits before its redelivery; 0: 2 s.
	RetryDelay time.Duration
	// Namespace of the streams and subjects; empty: DefaultNamespace.
	Namespace string
	// Name identifies the worker in results and logs; empty: host name and process id.
	Name string
	// World is the dataset studies are rebuilt on; nil: world.Default().
	World *world.Dataset
	// Logf, when not nil, receives a line per batch run or refused.
	Logf func(format string, args ...any)
}

// Work takes batches from the namespace's work queue and runs them until ctx is done,
// then returns nil (or the error that stopped it). For each batch it rebuilds the study
// from the message (refusing, with ErrDataVersion, one built on other world data), runs
// it with montecarlo.RunBatch, publishes the partial to the results stream (Nats-Msg-Id
// "<run>/<batch>") and only then acknowledges the batch: a worker killed mid-batch never
// acknowledges, and JetStream redelivers the batch to another worker after AckWait.
// A failed batch is negatively acknowledged, to be retried after RetryDelay, until its
// last delivery.
func Work(ctx context.Context, nc *nats.Conn, opts WorkOptions) error {
	n, err := namesOf(opts.Namespace)
	if err != nil {
		return err
	}
	w := &worker{opts: opts, names: n, studies: map[string]*montecarlo.Study{}}
	if w.opts.Concurrency <= 0 {
		w.opts.Concurrency = 1
	}
	if w.opts.AckWait <= 0 {
		w.opts.AckWait = 30 * time.Second
	}
	if w.opts.MaxDeliver <= 0 {
		w.opts.MaxDeliver = 5
	}
	if w.opts.RetryDelay <= 0 {
		w.opts.RetryDelay = 2 * time.Second
	}
	if w.opts.Name == "" {
		host, _ := os.Hostname()
		w.opts.Name = host + ":" + strconv.Itoa(os.Getpid())
	}
	if w.opts.Logf == nil {
		w.opts.Logf = func(string, ...any) {}
	}
	if w.opts.World == nil {
		if w.opts.World, err = world.Default(); err != nil {
			return err
		}
	}
	env := scenario.Env{World: w.opts.World, Products: scenario.WorldCatalogue(w.opts.World)}
	w.env = env
	if w.js, err = jetstream.New(nc); err != nil {
		return err
	}
	if err := ensureStreams(ctx, w.js, n); err != nil {
		return err
	}
	cons, err := w.js.CreateOrUpdateConsumer(ctx, n.batchStream, jetstream.ConsumerConfig{
		Durable:       n.durable,
		Description:   "critmin Monte Carlo workers",
		FilterSubject: n.batchPrefix + "*",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       w.opts.AckWait,
		MaxDeliver:    w.opts.MaxDeliver,
		MaxAckPending: -1,
	})
	if err != nil {
		return fmt.Errorf("natsexec: consumer %s: %w", n.durable, err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, w.opts.Concurrency)
	for range w.opts.Concurrency {
		wg.Go(func() {
			for ctx.Err() == nil {
				msgs, err := cons.Fetch(1, jetstream.FetchMaxWait(time.Second))
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					if errors.Is(err, nats.ErrConnectionClosed) {
						errs <- err
						return
					}
					w.opts.Logf("fetch: %v", err)
					sleep(ctx, time.Second)
					continue
				}
				for msg := range msgs.Messages() {
					w.handle(ctx, msg)
				}
				if err := msgs.Error(); err != nil && ctx.Err() == nil && !errors.Is(err, nats.ErrTimeout) {
					if errors.Is(err, nats.ErrConnectionClosed) {
						errs <- err
						return
					}
					w.opts.Logf("fetch: %v", err)
					sleep(ctx, time.Second)
				}
			}
		})
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

type worker struct {
	opts  WorkOptions
	names names
	env   scenario.Env
	js    jetstream.JetStream

	mu      sync.Mutex
	studies map[string]*montecarlo.Study // by run id, the last few
	order   []string
}

// study rebuilds the study of a job, or returns the one already built for its run.
func (w *worker) study(j *Job) (*montecarlo.Study, error) {
	if j.DataVersion != w.opts.World.Version {
		return nil, fmt.Errorf("%w: the run's is %q, this worker's %q: run the same critmin build and --data on both sides", ErrDataVersion, j.DataVersion, w.opts.World.Version)
	}
	key := j.RunID + "/" + j.ScenarioHash
	w.mu.Lock()
	defer w.mu.Unlock()
	if s := w.studies[key]; s != nil {
		return s, nil
	}
	if hash12(j.Scenario) != j.ScenarioHash {
		return nil, fmt.Errorf("scenario: hash %s, message says %s", hash12(j.Scenario), j.ScenarioHash)
	}
	sc, err := scenario.Parse("run "+j.RunID, j.Scenario, w.env)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	back, err := json.Marshal(sc)
	if err != nil {
		return nil, err
	}
	if h := hash12(back); h != j.ScenarioHash {
		return nil, fmt.Errorf("scenario: parsed back with hash %s, not %s (a critmin build with another scenario format?)", h, j.ScenarioHash)
	}
	s := &montecarlo.Study{World: w.opts.World, Scenario: sc, Seed: j.Seed, Replications: j.Replications, BatchSize: j.BatchSize}
	w.studies[key] = s
	w.order = append(w.order, key)
	if len(w.order) > 4 {
		delete(w.studies, w.order[0])
		w.order = w.order[1:]
	}
	return s, nil
}

// handle runs one batch message and acknowledges it, or not.
func (w *worker) handle(ctx context.Context, msg jetstream.Msg) {
	var delivered uint64 = 1
	if md, err := msg.Metadata(); err == nil {
		delivered = md.NumDelivered
	}
	var j Job
	if err := json.Unmarshal(msg.Data(), &j); err != nil || !tokenRE.MatchString(j.RunID) {
		w.opts.Logf("%s: not a batch message, dropped: %v", msg.Subject(), err)
		_ = msg.TermWithReason("not a critmin batch")
		return
	}
	err := w.run(ctx, msg, &j)
	if err == nil {
		return
	}
	if ctx.Err() != nil {
		// Stopping: hand the batch back at once rather than after AckWait.
		_ = msg.Nak()
		return
	}
	last := delivered >= uint64(w.opts.MaxDeliver)
	w.opts.Logf("run %s batch %d (delivery %d of %d): %v", j.RunID, j.Batch.ID, delivered, w.opts.MaxDeliver, err)
	if !last {
		_ = msg.NakWithDelay(w.opts.RetryDelay)
		return
	}
	// Last delivery: tell the submitter, who would otherwise wait for ever.
	data, eerr := encodeResult(&result{RunID: j.RunID, Batch: j.Batch.ID, Worker: w.opts.Name, Error: err.Error()})
	if eerr == nil {
		_, eerr = w.js.Publish(ctx, w.names.resultPrefix+j.RunID+"."+strconv.Itoa(j.Batch.ID), data,
			jetstream.WithMsgID(msgID(j.RunID, j.Batch.ID)+"/failed"))
	}
	if eerr != nil {
		w.opts.Logf("run %s batch %d: publishing the failure: %v", j.RunID, j.Batch.ID, eerr)
	}
	_ = msg.TermWithReason(err.Error())
}

func (w *worker) run(ctx context.Context, msg jetstream.Msg, j *Job) error {
	s, err := w.study(j)
	if err != nil {
		return err
	}
	// Keep the batch ours while it runs.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		t := time.NewTicker(w.opts.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-runCtx.Done():
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	}()
	start := time.Now()
	p, err := montecarlo.RunBatch(runCtx, s, j.Batch, nil)
	if err != nil {
		return err
	}
	data, err := encodeResult(&result{RunID: j.RunID, Batch: j.Batch.ID, Worker: w.opts.Name, Partial: p})
	if err != nil {
		return err
	}
	if _, err := w.js.Publish(ctx, w.names.resultPrefix+j.RunID+"."+strconv.Itoa(j.Batch.ID), data,
		jetstream.WithMsgID(msgID(j.RunID, j.Batch.ID))); err != nil {
		return fmt.Errorf("publish result (%d bytes): %w", len(data), err)
	}
	if err := msg.DoubleAck(ctx); err != nil {
		// The result is stored; a redelivery republishes it, and it is dropped as a
		// duplicate.
		w.opts.Logf("run %s batch %d: ack: %v", j.RunID, j.Batch.ID, err)
	}
	w.opts.Logf("run %s batch %d: %d replications in %s", j.RunID, j.Batch.ID, j.Batch.Count, time.Since(start).Round(time.Millisecond))
	return nil
}
