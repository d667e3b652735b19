package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// testServer is an API over a temporary SQLite store.
type testServer struct {
	*Server
	st store.Store
	rn *runner.Runner
	h  http.Handler
}

type serverConfig struct {
	token     string
	maxBody   int64
	queue     int
	noWorkers bool      // leave the runner stopped, so runs stay queued
	log       io.Writer // receives the server's log (default: discarded)
	maxReps   int       // --max-replications (default 1)
}

func newTestServer(t testing.TB, cfg serverConfig) *testServer {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "critmin.db"))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	rn := runner.New(st, ds, runner.Options{Workers: 2, QueueSize: cfg.queue, ProgramVersion: "test", MaxReplications: cfg.maxReps})
	if !cfg.noWorkers {
		if err := rn.Start(ctx); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		rn.Close()
		st.Close()
	})
	var logger *slog.Logger
	if cfg.log != nil {
		logger = slog.New(slog.NewTextHandler(cfg.log, nil))
	}
	s := New(ds, st, rn, Options{Token: cfg.token, MaxBodyBytes: cfg.maxBody, Version: "test", Logger: logger})
	return &testServer{Server: s, st: st, rn: rn, h: s.Handler()}
}

// recorded is a response as the handler wrote it.
type recorded struct {
	status int
	header http.Header
	body   string
}

func (ts *testServer) do(t testing.TB, method, path, body string, header ...string) recorded {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	ts.h.ServeHTTP(rec, req)
	return recorded{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

// decode parses a JSON body into v.
func decode[T any](t testing.TB, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %.200s: %v", body, err)
	}
	return v
}

// apiErr is an error response.
type apiErr struct {
	Error struct {
		Code     string    `json:"code"`
		Message  string    `json:"message"`
		Field    string    `json:"field"`
		Problems []problem `json:"problems"`
	} `json:"error"`
}
