package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// TestRunNATS runs a study through `critmin run --nats` and two `critmin worker`s on an
// embedded NATS server and requires the in-process run's output, byte for byte.
func TestRunNATS(t *testing.T) {
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("embedded nats-server not ready")
	}
	defer srv.Shutdown()
	url := srv.ClientURL()

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	for range 2 {
		wg.Go(func() {
			var out, errOut bytes.Buffer
			if code := run(ctx, []string{"worker", "--nats", url, "--ack-wait", "2s"}, &out, &errOut); code != exitOK {
				t.Errorf("worker: exit %d: %s", code, errOut.String())
			}
		})
	}

	args := []string{"run", "us-response-package", "--runs", "12", "--seed", "5", "--json"}
	var want, got, errOut bytes.Buffer
	if code := run(context.Background(), args, &want, &errOut); code != exitOK {
		t.Fatalf("in process: exit %d: %s", code, errOut.String())
	}
	runCtx, stop := context.WithTimeout(context.Background(), time.Minute)
	defer stop()
	if code := run(runCtx, append(args, "--nats", url), &got, &errOut); code != exitOK {
		t.Fatalf("--nats: exit %d: %s", code, errOut.String())
	}
	if got.String() != want.String() {
		t.Errorf("--nats output differs from the in-process run's")
	}
	// Run again: the run's results are in the results stream; it completes from them.
	got.Reset()
	if code := run(runCtx, append(args, "--nats", url), &got, &errOut); code != exitOK || got.String() != want.String() {
		t.Errorf("second --nats run: exit %d, same output %v: %s", code, got.String() == want.String(), errOut.String())
	}
}

func TestWorkerUsage(t *testing.T) {
	for _, args := range [][]string{
		{"worker"},
		{"worker", "--nats", "nats://127.0.0.1:1", "--concurrency", "0"},
		{"worker", "--nats", "nats://127.0.0.1:1", "--ack-wait", "10ms"},
	} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != exitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, code, exitUsage, errOut.String())
		}
		if !strings.Contains(errOut.String(), "--") {
			t.Errorf("%v: message %q names no flag", args, errOut.String())
		}
	}
}

// TestRunNATSNoWorker checks that `critmin run --nats` with no worker fails after
// --nats-timeout with a message saying what to start, instead of waiting in silence.
func TestRunNATSNoWorker(t *testing.T) {
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("embedded nats-server not ready")
	}
	defer srv.Shutdown()
	// The context only bounds the test: without the timeout the command would wait for ever.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"run", "baseline-2025", "--runs", "10", "--nats", srv.ClientURL(), "--nats-timeout", "300ms"}, &out, &errOut)
	if code != exitFailure || !strings.Contains(errOut.String(), "no worker is taking batches") || !strings.Contains(errOut.String(), "critmin worker --nats") {
		t.Errorf("exit %d, stderr %q; want %d naming the missing workers", code, errOut.String(), exitFailure)
	}
}

// TestServeStudiesOnNATS runs a served Monte Carlo study on a 'critmin worker' through an
// embedded NATS server (serve --nats) and requires the stored result of an in-process
// study with the same seed, byte for byte.
func TestServeStudiesOnNATS(t *testing.T) {
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("embedded nats-server not ready")
	}
	defer srv.Shutdown()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	wg.Go(func() {
		var out, errOut bytes.Buffer
		if code := run(ctx, []string{"worker", "--nats", srv.ClientURL(), "--ack-wait", "2s"}, &out, &errOut); code != exitOK {
			t.Errorf("worker: exit %d: %s", code, errOut.String())
		}
	})
	nc, err := connectNATS(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	yaml := []byte("name: served-study\nimporter: USA\nrival: CHN\nextends: us-response-package\nend: 2026-06\n")
	results := map[string][]byte{}
	for name, study := range map[string]runner.StudyFunc{"in process": nil, "nats": natsStudies(nc, time.Minute)} {
		st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "critmin.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		rn := runner.New(st, ds, runner.Options{MaxReplications: 24, ProgramVersion: "test", RunStudy: study})
		if err := rn.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer rn.Close()
		r, err := rn.Submit(context.Background(), runner.Request{YAML: yaml, Seed: 11, Replications: 24})
		if err != nil {
			t.Fatal(err)
		}
		ch, stop := rn.Subscribe(r.ID)
		var last runner.Progress
		for p := range ch {
			last = p
		}
		stop()
		if last.Status != store.Done {
			t.Fatalf("%s: study ended %+v", name, last)
		}
		if results[name], err = st.Result(context.Background(), r.ID); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(results["in process"], results["nats"]) {
		t.Error("the study run on a worker stored another result than the in-process one")
	}
}
