package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/spf13/cobra"

	"github.com/critmin/critmin/internal/api"
	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/montecarlo/natsexec"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/web"
)

// tokenEnv is the environment variable that may hold the write token.
const tokenEnv = "CRITMIN_TOKEN"

// shutdownTimeout bounds how long a graceful shutdown waits for requests in flight.
const shutdownTimeout = 30 * time.Second

type serveOptions struct {
	addr            string
	db              string
	token           string
	workers         int
	queue           int
	maxBody         byteSize
	maxReplications int
	lockWait        time.Duration
	readTimeout     time.Duration
	writeTimeout    time.Duration
	maxConns        int
	retainResults   byteSize
	nats            string
	natsTimeout     time.Duration
}

func newServeCommand(g *globalOptions) *cobra.Command {
	opts := serveOptions{addr: "127.0.0.1:8080", db: "critmin.db", workers: 2, queue: 64, maxBody: api.DefaultMaxBodyBytes, maxReplications: 1,
		readTimeout: 30 * time.Second, writeTimeout: 2 * time.Minute, maxConns: 1024, retainResults: 1 << 30}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the JSON API and the dashboard, and run simulations in the background",
		Long: `Serve critmin over HTTP: the JSON API under /api/v1 (docs/api.md) and the web
dashboard at /. Runs submitted to the API are stored in the database (--db), queued
and executed by --workers background workers; their progress streams as Server-Sent
Events. The world data is the embedded dataset with --data merged over it. As for
'critmin run', a --data figures.csv that changes production, capacity or shares of a
commodity the simulation models is refused (exit 2, naming the rows): the runs take
capacity from sim_processes.csv, so put the change there (docs/data-format.md).

Endpoints (GET /api/v1/openapi.json describes each one fully):
  GET  /api/v1/commodities, /api/v1/commodities/{id}     world data
  GET  /api/v1/risk?importer=&lens=&country=&commodity=&year=   risk lenses
  GET  /api/v1/scenarios, /api/v1/scenarios/{name}[/versions]   scenarios
  PUT  /api/v1/scenarios/{name}                           store a scenario version (write)
  POST /api/v1/scenarios/validate                         check a scenario file
  POST /api/v1/runs                                       queue a run or, with replications > 1
                                                          (up to --max-replications), a Monte Carlo study (write)
  GET  /api/v1/runs, /api/v1/runs/{id}[/events|/result|/report.html]
  POST /api/v1/plans                                      queue a planner search (write)
  GET  /api/v1/plans, /api/v1/plans/{id}[/events|/result] planner searches and their results
  GET  /api/v1/compare?a=ID&b=ID[&format=html]
  GET  /api/v1/health, /api/v1/openapi.json

Writes (PUT, POST /runs and POST /plans) need 'Authorization: Bearer T' where T is --token or, when
the flag is not given, the CRITMIN_TOKEN environment variable. Without a token the
server is read-only: writes answer 403. Use a long random token, and a TLS-terminating
proxy when serving beyond this machine.

Runs of more than one replication (up to --max-replications) are Monte Carlo
studies, executed in this process or, with --nats URL, on 'critmin worker --nats URL'
processes (docs/montecarlo.md); --nats-timeout fails a study no worker takes.

--db is a SQLite file (created when missing) or a postgres:// URL. One server at a time
serves a database: a second one refuses to start (exit 1, naming the first) unless
--lock-wait lets it wait for the first to exit. A run that was
executing when the server was killed is marked interrupted at the next start; queued
runs are executed then. SIGINT or SIGTERM stops the server gracefully: it finishes the
requests, the runs and the plan in progress (queued runs and plans stay queued for the
next start).

Exit codes: 0 after a graceful shutdown, 1 failure (the address is taken, the database
cannot be opened), 2 usage error (also a --data figures.csv the runs would ignore),
3 invalid --data files.`,
		Example: "  critmin serve\n  CRITMIN_TOKEN=$(openssl rand -hex 16) critmin serve --addr 127.0.0.1:8080 --db runs.db\n" +
			"  critmin serve --db postgres://critmin@db/critmin --workers 4 --queue 256",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("token") {
				opts.token = os.Getenv(tokenEnv)
			}
			return runServe(cmd.Context(), g, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", opts.addr, "address to listen on, host:port (port 0 picks a free one)")
	f.StringVar(&opts.db, "db", opts.db, "database: a SQLite file or a postgres:// URL")
	f.StringVar(&opts.token, "token", "", "bearer token that enables writes (default $"+tokenEnv+", which is safer: flags show in ps; none: read-only)")
	f.IntVar(&opts.workers, "workers", opts.workers, "runs executed at once")
	f.IntVar(&opts.queue, "queue", opts.queue, "runs that may wait for a worker; more are refused with 503")
	f.Var(&opts.maxBody, "max-body", "largest request body, e.g. 1MiB, 512KiB or a number of bytes")
	f.IntVar(&opts.maxReplications, "max-replications", opts.maxReplications, "largest replication count a run may ask for")
	f.DurationVar(&opts.readTimeout, "read-timeout", opts.readTimeout, "longest time to read a request, headers and body")
	f.DurationVar(&opts.writeTimeout, "write-timeout", opts.writeTimeout, "longest time to answer a request (event streams excepted)")
	f.IntVar(&opts.maxConns, "max-conns", opts.maxConns, "most client connections open at once; more wait to be accepted")
	f.Var(&opts.retainResults, "retain-results", "results of done runs kept in the database; beyond it the oldest done runs are deleted (0: keep all)")
	f.StringVar(&opts.nats, "nats", "", "run Monte Carlo studies on 'critmin worker --nats URL' processes through this NATS JetStream server instead of in this process")
	f.DurationVar(&opts.natsTimeout, "nats-timeout", time.Minute, "with --nats: fail a study when no result arrives for this long while no worker holds a batch (0: wait for ever)")
	f.DurationVar(&opts.lockWait, "lock-wait", 0, "how long to wait for another server to release the database (0: refuse at once)")
	return cmd
}

func (o serveOptions) check() error {
	switch {
	case o.workers < 1:
		return usagef("--workers: must be at least 1, got %d", o.workers)
	case o.queue < 1:
		return usagef("--queue: must be at least 1, got %d", o.queue)
	case o.maxReplications < 1:
		return usagef("--max-replications: must be at least 1, got %d", o.maxReplications)
	case o.maxBody < 1:
		return usagef("--max-body: must be at least 1 byte")
	case o.readTimeout <= 0:
		return usagef("--read-timeout: must be positive, got %s", o.readTimeout)
	case o.writeTimeout <= 0:
		return usagef("--write-timeout: must be positive, got %s", o.writeTimeout)
	case o.maxConns < 1:
		return usagef("--max-conns: must be at least 1, got %d", o.maxConns)
	case o.natsTimeout < 0:
		return usagef("--nats-timeout: must not be negative, got %s", o.natsTimeout)
	case o.lockWait < 0:
		return usagef("--lock-wait: must not be negative, got %s", o.lockWait)
	}
	return nil
}

// runServe serves until ctx is cancelled or SIGINT/SIGTERM arrives, then shuts down.
func runServe(ctx context.Context, g *globalOptions, opts serveOptions) error {
	if err := opts.check(); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Request lines logged while the log is being written go out together: a busy server
	// does not pay a system call per request for its log.
	logOut := api.NewLogWriter(g.stderr)
	defer logOut.Close()
	logger := slog.New(slog.NewTextHandler(logOut, nil))
	ds, err := g.simDataset()
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, opts.db)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer st.Close()
	if err := lockDatabase(ctx, st, opts, logger); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer ln.Close()

	var runStudy runner.StudyFunc
	if opts.nats != "" {
		nc, err := connectNATS(opts.nats)
		if err != nil {
			return err
		}
		defer nc.Close()
		runStudy = natsStudies(nc, opts.natsTimeout)
	}
	rn := runner.New(st, ds, runner.Options{RunStudy: runStudy, Workers: opts.workers, QueueSize: opts.queue,
		MaxReplications: opts.maxReplications, ProgramVersion: version, Logger: logger, AfterMonth: afterMonthHook,
		AfterPortfolio:    afterPortfolioHook,
		RetainResultBytes: int64(opts.retainResults)})
	if err := rn.Start(ctx); err != nil {
		return err
	}
	reports := report.NewCache(api.DefaultReportCacheBytes)
	a := api.New(ds, st, rn, api.Options{Token: opts.token, MaxBodyBytes: int64(opts.maxBody), Version: version, Logger: logger, Reports: reports})
	srv := newHTTPServer(serveHandler(a, web.Deps{World: ds, Store: st, Runner: rn, ReadOnly: a.ReadOnly(), Version: version, Reports: reports}, logger), opts)
	srv.RegisterOnShutdown(a.CloseStreams)

	mode := "read-only (no --token)"
	if !a.ReadOnly() {
		mode = "writes enabled"
	}
	logger.Info("serving", "url", "http://"+ln.Addr().String(), "mode", mode, "db", redactDSN(opts.db),
		"workers", opts.workers, "data_version", ds.Version)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(api.LimitListener(ln, opts.maxConns)) }()
	lost := make(chan error, 1)
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	lockTicker := time.NewTicker(lockCheckEvery)
	defer lockTicker.Stop()
	go watchLock(watchCtx, st, logger, lockTicker.C, lost)

	select {
	case err = <-served:
		err = fmt.Errorf("serve: %w", err)
	case err = <-lost:
		// Another server owns the database now: it has marked this one's running runs
		// interrupted and queued the waiting ones. Stop at once, without the runner's
		// graceful close, which would mark that server's running runs interrupted.
		logger.Error("lost the database's server lock: stopping", "err", err)
		srv.Close()
		return err
	case <-ctx.Done():
		logger.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		if serr := srv.Shutdown(sctx); serr != nil {
			err = fmt.Errorf("shut down: %w", serr)
		}
	}
	if cerr := rn.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// serveHandler is what critmin serve answers with: the API under api.Prefix, the
// dashboard elsewhere, every request checked by api.Protect and logged.
func serveHandler(a *api.Server, dash web.Deps, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(api.Prefix+"/", a.Handler())
	mux.Handle("/", web.Handler(dash))
	return api.LogRequests(logger, api.Protect(mux))
}

// newHTTPServer is the server of h with the timeouts of opts. ReadTimeout bounds the
// whole request, so a body trickled byte by byte cannot hold a connection; WriteTimeout
// bounds the answer, except for event streams, which clear it.
func newHTTPServer(h http.Handler, opts serveOptions) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: min(10*time.Second, opts.readTimeout),
		ReadTimeout: opts.readTimeout, WriteTimeout: opts.writeTimeout, IdleTimeout: 2 * time.Minute}
}

// natsStudies runs the server's Monte Carlo studies on 'critmin worker's through nc, each
// under the run id "serve-<run id>", so that a study interrupted by a restart resumes
// collecting the batches already done.
func natsStudies(nc *nats.Conn, timeout time.Duration) runner.StudyFunc {
	return func(ctx context.Context, runID string, s *montecarlo.Study, progress func(done, total int)) (*montecarlo.Partial, error) {
		return natsexec.Submit(ctx, nc, s, natsexec.SubmitOptions{RunID: "serve-" + runID, Progress: progress, WorkerTimeout: timeout})
	}
}

// lockCheckEvery is how often a serving server checks that it still holds the
// database's server lock (a PostgreSQL session can end under it).
const lockCheckEvery = 15 * time.Second

// watchLock checks the server lock at every tick until ctx ends, and sends on lost when
// another server holds it: this one must stop. Other failures (the database briefly
// unreachable) are logged and checked again.
func watchLock(ctx context.Context, st store.Store, logger *slog.Logger, tick <-chan time.Time, lost chan<- error) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
		err := st.LockServer(ctx)
		switch {
		case errors.Is(err, store.ErrLocked):
			lost <- fmt.Errorf("server lock lost: %w", err)
			return
		case err != nil && ctx.Err() == nil:
			logger.Warn("check the database's server lock", "err", err)
		}
	}
}

// lockPollEvery is how often a server waiting for the database's lock tries again.
const lockPollEvery = 500 * time.Millisecond

// lockDatabase takes the database's server lock before the server touches any run, so that
// a second server on one database neither interrupts nor re-queues the first one's runs.
// With --lock-wait it waits that long for the holder to exit, as a deploy that starts the
// new process before the old one stops needs.
func lockDatabase(ctx context.Context, st store.Store, opts serveOptions, logger *slog.Logger) error {
	deadline := time.Now().Add(opts.lockWait)
	logged := false
	for {
		err := st.LockServer(ctx)
		if err == nil {
			return nil
		}
		if !errors.Is(err, store.ErrLocked) || !time.Now().Before(deadline) {
			hint := "stop that server first, or give --lock-wait to wait for it"
			if opts.lockWait > 0 {
				hint = fmt.Sprintf("it was still held after --lock-wait %s", opts.lockWait)
			}
			if !errors.Is(err, store.ErrLocked) {
				hint = "the lock could not be taken"
			}
			return fmt.Errorf("database %s: %w (%s)", redactDSN(opts.db), err, hint)
		}
		if !logged {
			logger.Info("waiting for the database's server lock", "db", redactDSN(opts.db), "err", err, "lock_wait", opts.lockWait)
			logged = true
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for the database's server lock: %w", ctx.Err())
		case <-time.After(lockPollEvery):
		}
	}
}

// redactDSN hides a password in a database URL before it is logged.
func redactDSN(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	at := strings.LastIndex(rest, "@")
	if !ok || at < 0 {
		return dsn
	}
	user, _, _ := strings.Cut(rest[:at], ":")
	return scheme + "://" + user + ":***" + rest[at:]
}

// byteSize is a flag value of bytes written as a number with an optional binary or
// decimal unit: 1048576, 1MiB, 512KiB, 2MB.
type byteSize int64

func (b *byteSize) String() string {
	switch n := int64(*b); {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + "GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	default:
		return strconv.FormatInt(n, 10)
	}
}

func (b *byteSize) Set(s string) error {
	units := []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"kB", 1e3}, {"B", 1}}
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if n, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<40)/mult {
		return errors.New("want a size such as 1MiB, 512KiB or 1048576")
	}
	*b = byteSize(n * mult)
	return nil
}

func (b *byteSize) Type() string { return "size" }

// afterMonthHook is called after every simulated month of a served run. It is nil in
// production; the serve tests set it in the child process to slow runs down enough to kill
// the server in the middle of one.
var afterMonthHook func()

// afterPortfolioHook is called after every portfolio a served plan evaluates, with the
// plans' context. It is nil in production; the serve tests set it in the child process
// to slow plans down enough to kill the server in the middle of one.
var afterPortfolioHook func(ctx context.Context)
