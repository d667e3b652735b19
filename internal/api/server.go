package api

import (
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// DefaultMaxBodyBytes bounds request bodies when Options.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 1 << 20

// cacheEntries bounds the cache of responses computed from the world data.
const cacheEntries = 256

// Options configure a Server.
type Options struct {
	// Token enables the write endpoints, which then require "Authorization: Bearer
	// <Token>"; with no token the server is read-only.
	Token string
	// MaxBodyBytes bounds request bodies (default DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// Version is the program version reported by /health and recorded in reports.
	Version string
	// Logger receives request failures (default: discard).
	Logger *slog.Logger
	// Reports keeps the rendered reports and comparisons of done runs (default: a cache
	// of DefaultReportCacheBytes). The dashboard may share it.
	Reports *report.Cache
}

// DefaultReportCacheBytes bounds the reports kept when Options.Reports is nil.
const DefaultReportCacheBytes = 64 << 20

// Server is the API. Create it with New; it is safe for concurrent use.
type Server struct {
	ds    *world.Dataset
	st    store.Store
	rn    *runner.Runner
	opts  Options
	log   *slog.Logger
	mux   *http.ServeMux
	cache *lru
	// patterns are the mux patterns registered, in route-table order.
	patterns []string
	openapi  *cached

	streamsOnce sync.Once
	streamsDone chan struct{}
}

// New returns the API over a dataset, a store and a runner.
func New(ds *world.Dataset, st store.Store, rn *runner.Runner, opts Options) *Server {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Reports == nil {
		opts.Reports = report.NewCache(DefaultReportCacheBytes)
	}
	s := &Server{ds: ds, st: st, rn: rn, opts: opts, log: opts.Logger, cache: newLRU(cacheEntries),
		streamsDone: make(chan struct{})}
	s.mux = http.NewServeMux()
	for _, rt := range routes {
		pattern := rt.method + " " + Prefix + rt.path
		s.mux.Handle(pattern, s.handler(rt))
		s.patterns = append(s.patterns, pattern)
	}
	// Everything else below Prefix: the mux's own answers would be plain text.
	s.mux.HandleFunc(unmatched, s.serveUnmatched)
	s.openapi = newCachedBytes(openAPIDocument(opts.Version), "application/json")
	return s
}

// Handler returns the API's handler, to be mounted at Prefix+"/".
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// ReadOnly reports whether writes are disabled (no token configured).
func (s *Server) ReadOnly() bool { return s.opts.Token == "" }

// CloseStreams ends every open event stream, so that a graceful shutdown does not wait
// for them. Register it with http.Server.RegisterOnShutdown.
func (s *Server) CloseStreams() { s.streamsOnce.Do(func() { close(s.streamsDone) }) }

// unmatched is the mux pattern of the requests no route takes.
const unmatched = Prefix + "/"

// nosniff is the X-Content-Type-Options header value every response carries; one
// slice serves them all (net/http only reads it).
var nosniff = []string{"nosniff"}

// serveHTTP routes a request.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header()["X-Content-Type-Options"] = nosniff
	s.mux.ServeHTTP(w, r)
}

// serveUnmatched answers, in JSON, a request no route takes: 405 when the path has routes
// for other methods, else 404.
func (s *Server) serveUnmatched(w http.ResponseWriter, r *http.Request) {
	if allowed := s.allowedMethods(r); len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.writeError(w, r, badMethod(r.Method, allowed))
		return
	}
	s.writeError(w, r, notFound("no endpoint %s (GET %s/openapi.json lists them)", r.URL.Path, Prefix))
}

// allowedMethods lists the methods the path has routes for.
func (s *Server) allowedMethods(r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := s.mux.Handler(probe); p != "" && p != unmatched && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}
