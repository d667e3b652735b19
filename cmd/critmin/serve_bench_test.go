package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/critmin/critmin/internal/api"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/web"
	"github.com/critmin/critmin/internal/world"
)

// BenchmarkServeCachedReads measures the cached reads of tools/loadtest's command in
// docs/api.md through the handler critmin serve answers with (request logging to a file
// included), without the network: what the server spends per request besides the
// kernel's socket work.
func BenchmarkServeCachedReads(b *testing.B) {
	ds, err := world.Default()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, "critmin.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	logFile, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer logFile.Close()
	logger := slog.New(slog.NewTextHandler(logFile, nil))
	rn := runner.New(st, ds, runner.Options{})
	a := api.New(ds, st, rn, api.Options{Version: "bench", Logger: logger})
	h := serveHandler(a, web.Deps{World: ds, Store: st, Runner: rn, ReadOnly: true, Version: "bench"}, logger)
	paths := []string{"/api/v1/commodities", "/api/v1/risk?importer=USA"}
	for _, p := range paths { // fill the cache
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			req := httptest.NewRequest("GET", paths[i%len(paths)], nil)
			req.Header.Set("Accept-Encoding", "gzip")
			w := &discardWriter{header: http.Header{}}
			h.ServeHTTP(w, req)
			if w.status != 200 {
				b.Fatalf("status %d", w.status)
			}
		}
	})
}

// discardWriter is a ResponseWriter that keeps the status and drops the body, as a
// connection's writer hands it to the kernel.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}
