package api

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestUnparsableQuery checks that a query string net/url cannot parse is a 400, from the
// API alone and from Protect in front of any handler, instead of being dropped with the
// parameters that follow it (issue 12: importer=Atlantis;x=1 answered with the USA).
func TestUnparsableQuery(t *testing.T) {
	ts := newTestServer(t, serverConfig{})
	protected := Protect(ts.h)
	dashboard := Protect(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") }))
	many := strings.Repeat("x=1&", 10001)
	tests := []struct {
		name, path string
		h          http.Handler
		want       string
	}{
		{"semicolon", "/api/v1/risk?importer=Atlantis;x=1", ts.h, `"field":"query"`},
		{"bad escape", "/api/v1/risk?importer=%zz", ts.h, `"field":"query"`},
		{"too many", "/api/v1/commodities?" + many, ts.h, `"field":"query"`},
		{"protected semicolon", "/api/v1/risk?importer=Atlantis;x=1", protected, `"field":"query"`},
		{"dashboard", "/world?importer=USA;x=1", dashboard, "the query string does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tt.h.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
			if rec.Code != 400 || !strings.Contains(rec.Body.String(), tt.want) {
				t.Errorf("%d %.200s, want 400 with %s", rec.Code, rec.Body.String(), tt.want)
			}
			if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
		})
	}
}

// TestNosniffEverywhere checks that JSON answers, errors included, carry nosniff.
func TestNosniffEverywhere(t *testing.T) {
	ts := newTestServer(t, serverConfig{})
	for _, path := range []string{"/api/v1/health", "/api/v1/commodities", "/api/v1/nowhere", "/api/v1/runs/nope", "/api/v1/openapi.json"} {
		if res := ts.do(t, "GET", path, ""); res.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s (%d): X-Content-Type-Options %q", path, res.status, res.header.Get("X-Content-Type-Options"))
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines and the test's.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestShortBody checks that a body shorter than its Content-Length is a 400 logged at
// INFO, not a 500 logged as an ERROR.
func TestShortBody(t *testing.T) {
	var log syncBuffer
	ts := newTestServer(t, serverConfig{log: &log})
	srv := httptest.NewServer(ts.h)
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "POST /api/v1/scenarios/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nname: short\n")
	conn.(*net.TCPConn).CloseWrite() // the other 88 bytes never come
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("status %d, want 400", resp.StatusCode)
	}
	if l := log.String(); strings.Contains(l, "level=ERROR") || !strings.Contains(l, `level=INFO msg="request refused"`) {
		t.Errorf("log:\n%s\nwant the refusal at INFO and no ERROR", l)
	}
}

// TestEventsOutliveWriteTimeout checks that an event stream is exempt from the server's
// write timeout: events written after it passed still arrive.
func TestEventsOutliveWriteTimeout(t *testing.T) {
	ts := newTestServer(t, serverConfig{token: token, noWorkers: true})
	const timeout = 200 * time.Millisecond
	srv := httptest.NewUnstartedServer(ts.h)
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = timeout, timeout
	srv.Start()
	defer srv.Close()
	run := ts.submit(t, `{"scenario":"baseline-2025"}`)
	events := make(chan sseEvent, 1024)
	go streamEvents(t, srv.URL+run.Links.Events, events)
	if ev := <-events; ev.data.Status != "queued" {
		t.Fatalf("first event %+v, want queued", ev)
	}
	// Outlast both timeouts on purpose, then let the run go: its events come later.
	time.Sleep(3 * timeout)
	if err := ts.rn.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	for ev := range events {
		if ev.name == "done" {
			return
		}
	}
	t.Fatal("the stream ended without its done event")
}
