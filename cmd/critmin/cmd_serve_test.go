package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/critmin/critmin/internal/api"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// TestAPIMatchesCLI checks that the API's world and risk endpoints give the JSON of the
// commands they mirror.
func TestAPIMatchesCLI(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "critmin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h := api.New(ds, st, runner.New(st, ds, runner.Options{}), api.Options{}).Handler()
	tests := []struct {
		args []string
		path string
	}{
		{[]string{"world"}, "/api/v1/commodities"},
		{[]string{"world", "show", "gallium", "--sources"}, "/api/v1/commodities/gallium"},
		{[]string{"world", "show", "rare_earths", "--sources", "--year", "2023"}, "/api/v1/commodities/rare_earths?year=2023"},
		{[]string{"risk"}, "/api/v1/risk"},
		{[]string{"risk", "--importer", "Japan", "--lens", "reliance"}, "/api/v1/risk?importer=Japan&lens=reliance"},
		{[]string{"risk", "--lens", "concentration", "--country", "AUS"}, "/api/v1/risk?lens=concentration&country=AUS"},
		{[]string{"risk", "--lens", "eu-crm"}, "/api/v1/risk?lens=eu-crm"},
		{[]string{"risk", "--lens", "usgs"}, "/api/v1/risk?lens=usgs"},
		{[]string{"risk", "--lens", "geopolrisk", "--year", "2023"}, "/api/v1/risk?lens=geopolrisk&year=2023"},
		{[]string{"risk", "--lens", "chained", "--commodity", "rare_earths"}, "/api/v1/risk?lens=chained&commodity=rare_earths"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), append(tt.args, "--json"), &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
			if rec.Code != 200 {
				t.Fatalf("GET %s: %d %s", tt.path, rec.Code, rec.Body.String())
			}
			var cli, web any
			if err := json.Unmarshal(stdout.Bytes(), &cli); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &web); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cli, web) {
				t.Errorf("GET %s differs from critmin %s --json", tt.path, strings.Join(tt.args, " "))
			}
		})
	}
}

// TestServeFlags checks the flag errors of serve.
func TestServeFlags(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--max-body", "1XB"}, exitUsage, "want a size such as 1MiB"},
		{[]string{"serve", "--workers", "0"}, exitUsage, "--workers: must be at least 1"},
		{[]string{"serve", "--db", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")}, exitFailure, "open database"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append(tt.args, "--addr", "127.0.0.1:0"), &stdout, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d with %q", tt.args, code, stderr.String(), tt.code, tt.want)
		}
	}
	var b byteSize
	for in, want := range map[string]int64{"1MiB": 1 << 20, "512KiB": 512 << 10, "2MB": 2e6, "100": 100} {
		if err := b.Set(in); err != nil || int64(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, b, err, want)
		}
	}
}

// child is a 'critmin serve' process started from the test binary.
type child struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT
}

const testToken = "crash-test-token"

// startServe starts 'critmin serve' on db and a free port and waits until it listens.
func startServe(t *testing.T, db string, args ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--workers", "1", "--queue", "16"}, args...)...)
	cmd.Env = append(os.Environ(), runAsCritmin+"=1", slowServedRuns+"=1", tokenEnv+"="+testToken)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if _, after, ok := strings.Cut(line, "url=http://"); ok && !sent {
				urls <- "http://" + strings.Fields(after)[0]
				sent = true
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case c.base = <-urls:
	case <-time.After(2 * time.Minute):
		t.Fatal("critmin serve did not start listening within 2 min")
	}
	return c
}

func (c *child) request(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func (c *child) submit(t *testing.T, body map[string]any) string {
	t.Helper()
	code, b := c.request(t, "POST", "/api/v1/runs", body)
	if code != http.StatusAccepted {
		t.Fatalf("submit: %d %s", code, b)
	}
	var run store.Run
	json.Unmarshal(b, &run)
	return run.ID
}

func (c *child) run(t *testing.T, id string) store.Run {
	t.Helper()
	code, b := c.request(t, "GET", "/api/v1/runs/"+id, nil)
	if code != 200 {
		t.Fatalf("run %s: %d %s", id, code, b)
	}
	var run store.Run
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatal(err)
	}
	return run
}

// waitStatus polls a run until cond holds.
func (c *child) waitStatus(t *testing.T, id string, what string, cond func(store.Run) bool) store.Run {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		run := c.run(t, id)
		if cond(run) {
			return run
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %s: still %s (progress %.2f), waited for %s", id, run.Status, run.Progress, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (c *child) resultSum(t *testing.T, id string) [32]byte {
	t.Helper()
	code, b := c.request(t, "GET", "/api/v1/runs/"+id+"/result", nil)
	if code != 200 || !json.Valid(b) {
		t.Fatalf("result %s: %d, %d bytes", id, code, len(b))
	}
	return sha256.Sum256(b)
}

// longScenario runs past 2200 so that a run lasts long enough to be killed in.
const longScenario = `name: long-horizon
title: A long horizon, to be killed mid-run
importer: USA
rival: CHN
extends: apr2025-licensing
end: 2200-12
`

// TestServeSurvivesKill starts 'critmin serve', lets runs finish, kills the server with
// SIGKILL while it executes a long run with more queued, restarts it on the same database
// and checks that nothing was lost: finished runs and results are intact, the run being
// executed is marked interrupted and the queued ones complete.
func TestServeSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	db := filepath.Join(t.TempDir(), "critmin.db")
	srv := startServe(t, db)

	var finished []string
	for i, sc := range []string{"apr2025-licensing", "baseline-2025", "graphite-dec2023"} {
		finished = append(finished, srv.submit(t, map[string]any{"scenario": sc, "seed": i}))
	}
	sums := map[string][32]byte{}
	for _, id := range finished {
		srv.waitStatus(t, id, "done", func(r store.Run) bool { return r.Status == store.Done })
		sums[id] = srv.resultSum(t, id)
	}

	// One worker: the first long run executes, the others wait in the queue.
	var long []string
	for i := range 3 {
		long = append(long, srv.submit(t, map[string]any{"yaml": longScenario, "seed": 100 + i}))
	}
	srv.waitStatus(t, long[0], "running with progress", func(r store.Run) bool { return r.Status == store.Running && r.Progress > 0 })
	for _, id := range long[1:] {
		if r := srv.run(t, id); r.Status != store.Queued {
			t.Fatalf("run %s is %s before the kill, want queued", id, r.Status)
		}
	}
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	srv.cmd.Wait()

	again := startServe(t, db)
	for _, id := range finished {
		run := again.run(t, id)
		if run.Status != store.Done || again.resultSum(t, id) != sums[id] {
			t.Errorf("finished run %s after restart: %s, result changed: %v", id, run.Status, again.resultSum(t, id) != sums[id])
		}
	}
	if run := again.run(t, long[0]); run.Status != store.Interrupted {
		t.Errorf("killed run %s is %s, want interrupted", long[0], run.Status)
	}
	for _, id := range long[1:] {
		run := again.waitStatus(t, id, "done", func(r store.Run) bool { return r.Status == store.Done || r.Status == store.Failed })
		if run.Status != store.Done {
			t.Errorf("queued run %s ended %s: %s", id, run.Status, run.Error)
		}
		code, b := again.request(t, "GET", "/api/v1/runs/"+id+"/result", nil)
		var res struct {
			Scenario string `json:"scenario"`
			Months   int    `json:"months"`
		}
		if err := json.Unmarshal(b, &res); code != 200 || err != nil || res.Scenario != "long-horizon" || res.Months != (2200-2025+1)*12 {
			t.Errorf("result of %s: %d %v %+v", id, code, err, res)
		}
	}
	code, b := again.request(t, "GET", "/api/v1/runs?status=interrupted", nil)
	if code != 200 || !strings.Contains(string(b), long[0]) {
		t.Errorf("interrupted runs: %d %.300s", code, b)
	}
	if err := again.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := again.cmd.Wait(); err != nil {
		t.Errorf("graceful shutdown: %v", err)
	}
}

// TestServeOneServerPerDatabase starts a server executing long runs, then a second server
// on the same database: the second must refuse to start (exit 1, naming the first) without
// touching the first one's runs. A third, started with --lock-wait, takes over once the
// first stops and executes the runs the first left queued.
func TestServeOneServerPerDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dbs := map[string]string{"sqlite": filepath.Join(t.TempDir(), "critmin.db")}
	if base := os.Getenv("CRITMIN_TEST_POSTGRES"); base != "" {
		dbs["postgres"] = testPostgresSchema(t, base)
	} else if os.Getenv("CRITMIN_REQUIRE_POSTGRES") != "" {
		t.Fatal("CRITMIN_REQUIRE_POSTGRES is set but CRITMIN_TEST_POSTGRES is not")
	}
	for name, db := range dbs {
		t.Run(name, func(t *testing.T) { testOneServerPerDatabase(t, db) })
	}
}

func testOneServerPerDatabase(t *testing.T, db string) {
	first := startServe(t, db)
	var long []string
	for i := range 3 {
		long = append(long, first.submit(t, map[string]any{"yaml": longScenario, "seed": i}))
	}
	first.waitStatus(t, long[0], "running with progress", func(r store.Run) bool { return r.Status == store.Running && r.Progress > 0 })

	// A second server that starts serving never exits by itself: the context ends it.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	second := exec.CommandContext(ctx, os.Args[0], "serve", "--addr", "127.0.0.1:0", "--db", db)
	second.Env = append(os.Environ(), runAsCritmin+"=1", tokenEnv+"="+testToken)
	out, err := second.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFailure {
		t.Fatalf("second server: %v, want exit %d; output:\n%s", err, exitFailure, out)
	}
	wantPID := fmt.Sprintf("pid %d", first.cmd.Process.Pid)
	if !strings.Contains(string(out), "in use by another critmin serve") || !strings.Contains(string(out), wantPID) {
		t.Errorf("second server said %q, want the lock's holder (%s)", out, wantPID)
	}
	if run := first.run(t, long[0]); run.Status != store.Running {
		t.Errorf("first server's running run is %s after the second server tried to start", run.Status)
	}
	for _, id := range long[1:] {
		if run := first.run(t, id); run.Status != store.Queued && run.Status != store.Running && run.Status != store.Done {
			t.Errorf("first server's queued run %s is %s after the second server tried to start", id, run.Status)
		}
	}

	// A deploy: the new server waits for the old one, which then stops gracefully.
	waiting := make(chan *child, 1)
	go func() { waiting <- startServe(t, db, "--lock-wait", "2m") }()
	first.waitStatus(t, long[0], "done", func(r store.Run) bool { return r.Status == store.Done })
	if err := first.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := first.cmd.Wait(); err != nil {
		t.Errorf("first server's graceful shutdown: %v", err)
	}
	third := <-waiting
	for _, id := range long {
		run := third.waitStatus(t, id, "done", func(r store.Run) bool { return r.Status != store.Queued && r.Status != store.Running })
		if run.Status != store.Done {
			t.Errorf("run %s ended %s (%s), want done", id, run.Status, run.Error)
		}
	}
}

// testPostgresSchema returns a URL of base with a new, empty schema of its own, dropped
// when t ends.
func testPostgresSchema(t *testing.T, base string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("CRITMIN_TEST_POSTGRES is set but PostgreSQL is unreachable: %v", err)
	}
	defer conn.Close(ctx)
	schema := "critmin_serve_test_" + store.NewID()[:16] // hex digits: safe as an identifier
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestServeTimeouts checks that a request body trickled slower than --read-timeout allows
// loses its connection, on an endpoint that needs no token, and that the connection cap
// holds further clients until a place frees.
func TestServeTimeouts(t *testing.T) {
	opts := serveOptions{readTimeout: 300 * time.Millisecond, writeTimeout: time.Second, maxConns: 2}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return
		}
		io.WriteString(w, "ok")
	}), opts)
	go srv.Serve(api.LimitListener(ln, opts.maxConns))
	defer srv.Close()

	t.Run("trickled body", func(t *testing.T) {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprint(conn, "POST /api/v1/scenarios/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nn")
		// Without a read timeout the server would wait for the 999 other bytes for ever;
		// the client's own deadline only bounds the test.
		conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		start := time.Now()
		_, err = io.Copy(io.Discard, conn)
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("connection still open after %s with --read-timeout %s", time.Since(start), opts.readTimeout)
		}
	})

	t.Run("connection cap", func(t *testing.T) {
		var held []net.Conn
		for range opts.maxConns {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err != nil || resp.StatusCode != 200 {
				t.Fatalf("connection within the cap: %v", err)
			}
			held = append(held, c) // kept alive: they hold both places
		}
		extra, err := net.Dial("tcp", ln.Addr().String()) // the kernel's backlog accepts it
		if err != nil {
			t.Fatal(err)
		}
		defer extra.Close()
		fmt.Fprint(extra, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		answered := make(chan error, 1)
		go func() {
			resp, err := http.ReadResponse(bufio.NewReader(extra), nil)
			if err == nil && resp.StatusCode != 200 {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
			answered <- err
		}()
		select {
		case err := <-answered:
			t.Fatalf("a connection beyond the cap was served (%v)", err)
		case <-time.After(200 * time.Millisecond): // absence of an answer, not synchronisation
		}
		held[0].Close()
		if err := <-answered; err != nil {
			t.Errorf("the waiting connection, once a place freed: %v", err)
		}
	})
}

// TestWatchLock checks that a server notices when the PostgreSQL session holding its lock
// ended and another server took the lock: watchLock reports it, so the server stops
// instead of running the other server's runs.
func TestWatchLock(t *testing.T) {
	base := os.Getenv("CRITMIN_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CRITMIN_REQUIRE_POSTGRES") != "" {
			t.Fatal("CRITMIN_REQUIRE_POSTGRES is set but CRITMIN_TEST_POSTGRES is not")
		}
		t.Skip("CRITMIN_TEST_POSTGRES not set: a SQLite lock (flock) cannot be lost")
	}
	ctx := context.Background()
	dsn := testPostgresSchema(t, base)
	open := func() store.Store {
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	st := open()
	if err := st.LockServer(ctx); err != nil {
		t.Fatal(err)
	}
	tick := make(chan time.Time)
	lost := make(chan error, 1)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var logs bytes.Buffer
	go watchLock(wctx, st, slog.New(slog.NewTextHandler(&logs, nil)), tick, lost)

	// The session ends, as in a database restart, and another server takes the lock.
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = x'63726d03'::int::oid
		  AND objid = (hashtext(current_schema())::bigint & 4294967295)::text::oid`); err != nil {
		t.Fatal(err)
	}
	if err := open().LockServer(ctx); err != nil {
		t.Fatalf("the other server: %v", err)
	}
	tick <- time.Now()
	select {
	case err := <-lost:
		if !errors.Is(err, store.ErrLocked) {
			t.Errorf("lost: %v, want ErrLocked", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("watchLock did not report the lost lock; log:\n%s", logs.String())
	}
}

// TestServeRefusesFiguresTheRunsIgnore checks that serve, like run and worker, refuses a
// --data figures.csv that changes a simulated commodity (the served runs read capacity
// from sim_processes.csv and would ignore it), naming the rows and where the change
// belongs, before it opens the database or listens; and that a sim_processes.csv --data,
// which the runs do read, passes the same check.
func TestServeRefusesFiguresTheRunsIgnore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "critmin.db")
	// An address no listener accepts: were the check skipped, serve would fail at
	// listen (exit 1) instead of serving on.
	args := []string{"serve", "--data", "testdata/data/sim_figures", "--db", db, "--addr", "not an address"}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != exitUsage {
		t.Fatalf("serve exit %d, want %d (usage); stderr:\n%s", code, exitUsage, stderr.String())
	}
	for _, want := range []string{
		"figures.csv rows do not feed the simulation, which takes capacity and production from sim_processes.csv",
		"figures.csv changes reach 'critmin world' and 'critmin risk'",
		"testdata/data/sim_figures/figures.csv:2 (gallium refined production CHN 2024)",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("refused serve touched the database %s (stat: %v)", db, err)
	}

	g := &globalOptions{dataDir: "testdata/data/us_gallium_capacity"}
	ds, err := g.simDataset()
	if err != nil {
		t.Fatalf("sim_processes.csv --data refused: %v", err)
	}
	if len(ds.UserFigures()) != 0 {
		t.Errorf("sim_processes.csv --data has %d user figures", len(ds.UserFigures()))
	}
}
