// Command loadtest measures a critmin server on this machine: requests per second and
// latency percentiles of read endpoints, or the submission of many runs at once.
//
// It only talks to loopback addresses, and every mode is bounded in time and in count:
//
//	go run ./tools/loadtest -url http://127.0.0.1:8080 -duration 10s -concurrency 32 \
//	    -paths '/api/v1/commodities,/api/v1/risk?importer=USA'
//	CRITMIN_TOKEN=T go run ./tools/loadtest -url http://127.0.0.1:8080 -submit 50
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"time"
)

// Bounds on what one invocation may ask for.
const (
	maxDuration    = 10 * time.Minute
	maxConcurrency = 1024
	maxSubmit      = 10000
)

type options struct {
	base        *url.URL
	duration    time.Duration
	concurrency int
	paths       []string
	maxRequests int
	gzip        bool
	submit      int
	token       string
	scenario    string
	reps        int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, w io.Writer) error {
	opts, err := parseFlags(args)
	if err != nil {
		return err
	}
	if opts.submit > 0 {
		return submitRuns(ctx, opts, w)
	}
	return loadPaths(ctx, opts, w)
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	rawURL := fs.String("url", "http://127.0.0.1:8080", "base URL of a critmin server on this machine")
	duration := fs.Duration("duration", 10*time.Second, "how long to send requests (submit mode: how long to wait for the runs)")
	concurrency := fs.Int("concurrency", 32, "requests in flight at once")
	paths := fs.String("paths", "/api/v1/commodities,/api/v1/risk?importer=USA", "comma-separated paths to request in turn")
	maxRequests := fs.Int("max-requests", 2_000_000, "stop after this many requests")
	gz := fs.Bool("gzip", true, "ask for gzip responses, as browsers do (bodies are read, not decompressed)")
	submit := fs.Int("submit", 0, "instead of reading, submit this many runs at once and wait for all of them")
	token := fs.String("token", os.Getenv("CRITMIN_TOKEN"), "bearer token for -submit (default $CRITMIN_TOKEN)")
	scenario := fs.String("scenario", "apr2025-licensing", "scenario the -submit runs use")
	reps := fs.Int("replications", 1, "replications of each -submit run; above 1 each is a Monte Carlo study (serve --max-replications must allow it)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	u, err := url.Parse(*rawURL)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return options{}, fmt.Errorf("-url %q: want http://HOST:PORT", *rawURL)
	}
	if err := checkLoopback(u.Hostname()); err != nil {
		return options{}, err
	}
	opts := options{base: u, duration: *duration, concurrency: *concurrency, maxRequests: *maxRequests, gzip: *gz,
		submit: *submit, token: *token, scenario: *scenario, reps: *reps}
	for p := range strings.SplitSeq(*paths, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if !strings.HasPrefix(p, "/") {
				return options{}, fmt.Errorf("-paths: %q does not start with /", p)
			}
			opts.paths = append(opts.paths, p)
		}
	}
	switch {
	case opts.duration <= 0 || opts.duration > maxDuration:
		return options{}, fmt.Errorf("-duration: must be within (0, %s]", maxDuration)
	case opts.reps < 1:
		return options{}, fmt.Errorf("-replications: must be at least 1, got %d", opts.reps)
	case opts.concurrency < 1 || opts.concurrency > maxConcurrency:
		return options{}, fmt.Errorf("-concurrency: must be within [1, %d]", maxConcurrency)
	case opts.maxRequests < 1:
		return options{}, errors.New("-max-requests: must be at least 1")
	case opts.submit < 0 || opts.submit > maxSubmit:
		return options{}, fmt.Errorf("-submit: must be within [0, %d]", maxSubmit)
	case opts.submit == 0 && len(opts.paths) == 0:
		return options{}, errors.New("-paths: give at least one path")
	}
	return opts, nil
}

// checkLoopback refuses hosts that are not this machine, so that the tool cannot load
// someone else's server.
func checkLoopback(host string) error {
	ips, err := net.LookupIP(host)
	if err != nil {
		return fmt.Errorf("-url: resolve %s: %w", host, err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("-url: %s is not a loopback address (%s); loadtest only measures servers on this machine", host, ip)
		}
	}
	return nil
}
