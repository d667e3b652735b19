package natsexec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

const (
	testScenario = "us-response-package" // has uncertain project delays
	testReps     = 40
	testBatch    = 5
	testSeed     = 7
)

// embedded starts a NATS server with JetStream in the test process and connects to it.
func embedded(t testing.TB) *nats.Conn {
	t.Helper()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("embedded nats-server not ready")
	}
	t.Cleanup(s.Shutdown)
	nc, err := nats.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func study(t testing.TB) *montecarlo.Study {
	t.Helper()
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Builtin(testScenario)
	if err != nil {
		t.Fatal(err)
	}
	if sc, err = scenario.Resolve(sc, scenario.Builtin); err != nil {
		t.Fatal(err)
	}
	if len(montecarlo.Inputs(sc)) == 0 {
		t.Fatalf("%s has no uncertain inputs", testScenario)
	}
	return &montecarlo.Study{World: ds, Scenario: sc, Seed: testSeed, Replications: testReps, BatchSize: testBatch}
}

// summary is the JSON of the aggregate of p, what `critmin run --json` prints.
func summary(t *testing.T, s *montecarlo.Study, p *montecarlo.Partial) []byte {
	t.Helper()
	l, err := s.Layout()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(montecarlo.Summarize(l, p))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	refOnce sync.Once
	ref     []byte
)

// reference is the in-process run's summary.
func reference(t *testing.T) []byte {
	refOnce.Do(func() {
		s := study(t)
		p, err := montecarlo.Run(context.Background(), s, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		ref = summary(t, s, p)
	})
	return ref
}

// checkResult compares a distributed run's merge with the in-process run.
func checkResult(t *testing.T, s *montecarlo.Study, p *montecarlo.Partial) {
	t.Helper()
	if p.N != testReps || len(p.Batches) != testReps/testBatch {
		t.Errorf("merged %d replications in batches %v, want %d in %d", p.N, p.Batches, testReps, testReps/testBatch)
	}
	if got := summary(t, s, p); !bytes.Equal(got, reference(t)) {
		t.Errorf("summary differs from the in-process run's (%d vs %d bytes)", len(got), len(reference(t)))
	}
}

// startWorkers runs n workers until the test ends (or stop is called).
func startWorkers(t *testing.T, nc *nats.Conn, n int, opts WorkOptions) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range n {
		o := opts
		o.Name = fmt.Sprintf("w%d", i)
		o.Logf = t.Logf
		if o.AckWait == 0 {
			o.AckWait = time.Second
		}
		wg.Go(func() {
			if err := Work(ctx, nc, o); err != nil {
				t.Errorf("worker %d: %v", i, err)
			}
		})
	}
	stop = sync.OnceFunc(func() { cancel(); wg.Wait() })
	t.Cleanup(stop)
	return stop
}

func submit(t *testing.T, ctx context.Context, nc *nats.Conn, s *montecarlo.Study, opts SubmitOptions) (*montecarlo.Partial, error) {
	t.Helper()
	if opts.Logf == nil {
		opts.Logf = t.Logf
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	return Submit(ctx, nc, s, opts)
}

func runTwoWorkers(t *testing.T, nc *nats.Conn, ns string) {
	startWorkers(t, nc, 2, WorkOptions{Namespace: ns})
	s := study(t)
	var last atomic.Int64
	p, err := submit(t, context.Background(), nc, s, SubmitOptions{Namespace: ns, Progress: func(done, total int) {
		last.Store(int64(done))
	}})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, s, p)
	if last.Load() != testReps {
		t.Errorf("progress ended at %d, want %d", last.Load(), testReps)
	}
}

// (a) Two workers on an embedded server give the in-process result, byte for byte.
func TestTwoWorkersEqualInProcess(t *testing.T) {
	runTwoWorkers(t, embedded(t), "")
}

// (e) The same against the machine's NATS server, in a namespace of the test's own.
func TestRealServer(t *testing.T) {
	url := os.Getenv("CRITMIN_TEST_NATS")
	if url == "" && os.Getenv("CRITMIN_REQUIRE_NATS") != "" {
		t.Fatal("CRITMIN_REQUIRE_NATS is set but CRITMIN_TEST_NATS is not: the real-server test cannot run")
	}
	if url == "" {
		t.Skip("CRITMIN_TEST_NATS is not set (e.g. nats://127.0.0.1:4222): skipping the test against a real NATS server with JetStream")
	}
	nc, err := nats.Connect(url, nats.Timeout(5*time.Second))
	if err != nil {
		t.Fatalf("CRITMIN_TEST_NATS=%s: %v", url, err)
	}
	t.Cleanup(nc.Close) // after the streams' deletion below (cleanups run last first)
	ns := fmt.Sprintf("critmintest%d", time.Now().UnixNano())
	n, _ := namesOf(ns)
	t.Cleanup(func() {
		js, err := jetstream.New(nc)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, name := range []string{n.batchStream, n.resultStream} {
			if err := js.DeleteStream(ctx, name); err != nil {
				t.Errorf("deleting the test's stream %s: %v", name, err)
			}
		}
	})
	runTwoWorkers(t, nc, ns)
}

// (b) A worker that takes a batch and dies without acknowledging it: the batch is
// redelivered after AckWait to a live worker, and counted once.
func TestDeadWorkerBatchRedelivered(t *testing.T) {
	nc := embedded(t)
	s := study(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := namesOf("")
	ctx := context.Background()
	type out struct {
		p   *montecarlo.Partial
		err error
	}
	res := make(chan out, 1)
	go func() {
		p, err := submit(t, ctx, nc, s, SubmitOptions{RunID: "dead"})
		res <- out{p, err}
	}()
	// The dead worker: the same durable consumer, one batch fetched and never acked.
	var cons jetstream.Consumer
	for deadline := time.Now().Add(10 * time.Second); ; {
		st, err := js.Stream(ctx, n.batchStream)
		if err == nil {
			if info, err := st.Info(ctx); err == nil && info.State.Msgs == testReps/testBatch {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("batches not published")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cons, err = js.CreateOrUpdateConsumer(ctx, n.batchStream, jetstream.ConsumerConfig{
		Durable: n.durable, FilterSubject: n.batchPrefix + "*", AckPolicy: jetstream.AckExplicitPolicy,
		AckWait: time.Second, MaxDeliver: 5, MaxAckPending: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var j Job
	if err := json.Unmarshal(msg.Data(), &j); err != nil {
		t.Fatal(err)
	}
	t.Logf("dead worker took batch %d and will never ack it", j.Batch.ID)

	startWorkers(t, nc, 2, WorkOptions{AckWait: time.Second})
	o := <-res
	if o.err != nil {
		t.Fatal(o.err)
	}
	checkResult(t, s, o.p)
	// The batch was delivered twice but its result stored once.
	rs, _ := js.Stream(ctx, n.resultStream)
	info, err := rs.Info(ctx, jetstream.WithSubjectFilter(n.resultPrefix+"dead.*"))
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != testReps/testBatch {
		t.Errorf("results stream holds %d results, want %d", info.State.Msgs, testReps/testBatch)
	}
}

// (b') A worker cancelled in the middle of a batch hands it back; another finishes.
func TestWorkerStoppedMidBatch(t *testing.T) {
	nc := embedded(t)
	s := study(t)
	started := make(chan struct{})
	var once sync.Once
	ctxA, cancelA := context.WithCancel(context.Background())
	doneA := make(chan error, 1)
	go func() {
		doneA <- Work(ctxA, nc, WorkOptions{Name: "A", AckWait: time.Second, Logf: func(f string, a ...any) { t.Logf("A: "+f, a...) }})
	}()
	// Stop A as soon as it has a batch in hand (the consumer has a message pending ack):
	// A is alone, so the batch is A's, and it is in RunBatch or about to be.
	go func() {
		js, _ := jetstream.New(nc)
		n, _ := namesOf("")
		for ctxA.Err() == nil {
			if c, err := js.Consumer(context.Background(), n.batchStream, n.durable); err == nil {
				if info, err := c.Info(context.Background()); err == nil && info.NumAckPending > 0 {
					once.Do(func() { close(started) })
					cancelA()
					return
				}
			}
			time.Sleep(time.Millisecond)
		}
	}()
	type out struct {
		p   *montecarlo.Partial
		err error
	}
	res := make(chan out, 1)
	go func() {
		p, err := submit(t, context.Background(), nc, s, SubmitOptions{RunID: "stopped"})
		res <- out{p, err}
	}()
	select {
	case <-started:
	case <-time.After(30 * time.Second):
		t.Fatal("worker A never took a batch")
	}
	if err := <-doneA; err != nil {
		t.Fatalf("worker A: %v", err)
	}
	startWorkers(t, nc, 1, WorkOptions{AckWait: time.Second})
	o := <-res
	if o.err != nil {
		t.Fatal(o.err)
	}
	checkResult(t, s, o.p)
}

// (c) Duplicate result messages (published past JetStream's dedup) are counted once.
func TestDuplicateResultsCountedOnce(t *testing.T) {
	nc := embedded(t)
	s := study(t)
	startWorkers(t, nc, 2, WorkOptions{})
	p, err := submit(t, context.Background(), nc, s, SubmitOptions{RunID: "dups"})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, s, p)

	js, _ := jetstream.New(nc)
	n, _ := namesOf("")
	ctx := context.Background()
	rs, _ := js.Stream(ctx, n.resultStream)
	// Republish every result twice: once with its message id (JetStream drops it), once
	// without (stored: the submitter must drop it).
	for id := range testReps / testBatch {
		subj := fmt.Sprintf("%sdups.%d", n.resultPrefix, id)
		m, err := rs.GetLastMsgForSubject(ctx, subj)
		if err != nil {
			t.Fatal(err)
		}
		ack, err := js.Publish(ctx, subj, m.Data, jetstream.WithMsgID(msgID("dups", id)))
		if err != nil || !ack.Duplicate {
			t.Fatalf("republish with id: ack %+v, err %v: want a duplicate", ack, err)
		}
		if _, err := js.Publish(ctx, subj, m.Data); err != nil {
			t.Fatal(err)
		}
	}
	// A restarted submitter reads all of them.
	var logs []string
	p, err = submit(t, ctx, nc, s, SubmitOptions{RunID: "dups", Logf: func(f string, a ...any) {
		logs = append(logs, fmt.Sprintf(f, a...))
	}})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, s, p)
	if !strings.Contains(strings.Join(logs, "\n"), "0 queued") {
		t.Errorf("a run whose results are all in republished batches: %q", logs)
	}
	// And merging a duplicate by hand is refused.
	if err := p.Merge(p); !errors.Is(err, montecarlo.ErrMismatch) {
		t.Errorf("Merge of a duplicate: %v, want ErrMismatch", err)
	}
}

// (d) A submitter cancelled after some results, then started again with the same run
// id, republishes nothing and completes with the in-process result.
func TestSubmitterRestart(t *testing.T) {
	nc := embedded(t)
	s := study(t)
	stop := startWorkers(t, nc, 1, WorkOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	p, err := submit(t, ctx, nc, s, SubmitOptions{RunID: "restart", Progress: func(done, total int) {
		if done >= 2*testBatch {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("first submit: %v, want context.Canceled", err)
	}
	if p == nil || p.N == 0 || p.N >= testReps {
		t.Fatalf("first submit merged %v replications, want some", p)
	}
	t.Logf("first submitter stopped after %d replications", p.N)
	stop()
	// Workers come back; the new submitter queues nothing new.
	startWorkers(t, nc, 2, WorkOptions{})
	var logs []string
	var mu sync.Mutex
	p, err = submit(t, context.Background(), nc, s, SubmitOptions{RunID: "restart", Logf: func(f string, a ...any) {
		mu.Lock()
		logs = append(logs, fmt.Sprintf(f, a...))
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, s, p)
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs[0], " 0 queued") {
		t.Errorf("restarted submitter: %q, want nothing newly queued", logs[0])
	}
}

// A worker with other world data refuses the batch, and the submitter fails with its
// error rather than waiting for ever.
func TestDataVersionRefused(t *testing.T) {
	nc := embedded(t)
	s := study(t)
	other := *s.World
	other.Version = "other-data"
	s2 := &montecarlo.Study{World: &other, Scenario: s.Scenario, Seed: s.Seed, Replications: 10, BatchSize: 5}
	startWorkers(t, nc, 1, WorkOptions{MaxDeliver: 2, RetryDelay: 50 * time.Millisecond})
	_, err := submit(t, context.Background(), nc, s2, SubmitOptions{})
	if err == nil || !strings.Contains(err.Error(), ErrDataVersion.Error()) {
		t.Fatalf("Submit with other data: %v, want the workers' refusal", err)
	}
	t.Log(err)
}

// The derived run id depends on the study, not on the call.
func TestRunIDStable(t *testing.T) {
	s := study(t)
	a, err := RunID(s)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RunID(study(t))
	s.Seed++
	c, _ := RunID(s)
	if a != b || a == c || !tokenRE.MatchString(a) {
		t.Errorf("run ids %q %q %q", a, b, c)
	}
}

// TestNoWorkersTimesOut checks that a submission nobody works on fails after
// WorkerTimeout with ErrNoWorkers instead of waiting in silence, and that a worker
// started afterwards completes the run when it is submitted again.
func TestNoWorkersTimesOut(t *testing.T) {
	nc := embedded(t)
	s := study(t)
	start := time.Now()
	_, err := submit(t, context.Background(), nc, s, SubmitOptions{WorkerTimeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrNoWorkers) || !strings.Contains(err.Error(), "critmin worker --nats") {
		t.Fatalf("Submit without workers after %s: %v, want ErrNoWorkers with advice", time.Since(start), err)
	}
	startWorkers(t, nc, 1, WorkOptions{})
	p, err := submit(t, context.Background(), nc, s, SubmitOptions{WorkerTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, s, p)
}
