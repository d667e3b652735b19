package api

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/runner"
)

// submit posts a run and returns its view.
func (ts *testServer) submit(t *testing.T, body string) runView {
	t.Helper()
	res := ts.do(t, "POST", "/api/v1/runs", body, bearer(token)...)
	if res.status != http.StatusAccepted {
		t.Fatalf("submit %s: %d %s", body, res.status, res.body)
	}
	return decode[runView](t, res.body)
}

// sseEvent is one Server-Sent Event.
type sseEvent struct {
	name string
	data runner.Progress
}

// readEvents reads an event stream to its end.
func readEvents(t *testing.T, url string) []sseEvent {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var events []sseEvent
	var cur sseEvent
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			cur.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &cur.data); err != nil {
				t.Fatalf("event data %q: %v", line, err)
			}
		case line == "" && cur.name != "":
			events = append(events, cur)
			cur = sseEvent{}
		}
	}
	return events
}

// TestRunLifecycle submits runs, follows one by its event stream to the end, and reads
// the run, its result, its report and a comparison.
func TestRunLifecycle(t *testing.T) {
	ts := newTestServer(t, serverConfig{token: token})
	srv := httptest.NewServer(ts.h)
	defer srv.Close()

	a := ts.submit(t, `{"scenario":"apr2025-licensing","seed":7}`)
	if a.Status != "queued" || a.Links.Events != "/api/v1/runs/"+a.ID+"/events" || a.Seed != 7 || a.ScenarioHash == "" {
		t.Errorf("submitted run %+v", a)
	}
	events := readEvents(t, srv.URL+a.Links.Events)
	if len(events) < 2 {
		t.Fatalf("%d events", len(events))
	}
	last := events[len(events)-1]
	if last.name != "done" || last.data.Status != "done" || last.data.Done != last.data.Total || last.data.Total != 132 {
		t.Errorf("last event %+v", last)
	}
	for _, e := range events[:len(events)-1] {
		if e.name != "progress" {
			t.Errorf("event %+v before the end", e)
		}
	}
	// A finished run's stream gives its final state at once.
	if again := readEvents(t, srv.URL+a.Links.Events); len(again) != 1 || again[0].name != "done" {
		t.Errorf("stream of a done run: %+v", again)
	}

	yaml, _ := json.Marshal(map[string]any{"yaml": string(shortYAML("inline-test"))})
	b := ts.submit(t, string(yaml))
	if b.Scenario != "inline-test" || b.ScenarioVersion != 1 {
		t.Errorf("inline run %+v: want scenario inline-test version 1", b.Run)
	}
	if ev := readEvents(t, srv.URL+b.Links.Events); ev[len(ev)-1].name != "done" {
		t.Fatalf("inline run ended %+v", ev[len(ev)-1])
	}

	res := ts.do(t, "GET", a.Links.Self, "")
	if got := decode[runView](t, res.body); got.Status != "done" || got.Progress != 1 || got.StartedAt == nil || got.FinishedAt == nil {
		t.Errorf("done run %+v", got.Run)
	}
	res = ts.do(t, "GET", a.Links.Result, "")
	var result struct {
		Scenario string `json:"scenario"`
		Months   int    `json:"months"`
	}
	if err := json.Unmarshal([]byte(res.body), &result); err != nil || result.Scenario != "apr2025-licensing" || result.Months != 132 {
		t.Errorf("result: %v %+v", err, result)
	}
	if res.header.Get("ETag") == "" {
		t.Error("result without ETag")
	}
	res = ts.do(t, "GET", a.Links.Report, "")
	if res.status != 200 || !strings.Contains(res.body, "<svg") || !strings.Contains(res.body, a.ID) ||
		!strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
		t.Errorf("report: %d %s, %d bytes", res.status, res.header.Get("Content-Type"), len(res.body))
	}
	if !strings.Contains(res.body, "controls[ann18-usa].licensing.approval: the mode 0.25") {
		t.Error("report does not say where the deterministic approval rate sits")
	}
	res = ts.do(t, "GET", "/api/v1/compare?a="+a.ID+"&b="+b.ID, "")
	if res.status != 200 || !strings.Contains(res.body, `"a":{"scenario":"apr2025-licensing"`) || !strings.Contains(res.body, `"b":{"scenario":"inline-test"`) ||
		!strings.Contains(res.body, `"b_minus_a":{`) {
		t.Errorf("compare: %d %.300s", res.status, res.body)
	}
	res = ts.do(t, "GET", "/api/v1/compare?a="+a.ID+"&b="+b.ID+"&format=html", "")
	if res.status != 200 || !strings.Contains(res.body, "<svg") {
		t.Errorf("compare html: %d", res.status)
	}
	res = ts.do(t, "GET", "/api/v1/runs?scenario=inline-test&status=done", "")
	if list := decode[runList](t, res.body); len(list.Runs) != 1 || list.Runs[0].ID != b.ID {
		t.Errorf("filtered list: %s", res.body)
	}
}

// TestRunErrors checks refused submissions and results of runs that are not done.
func TestRunErrors(t *testing.T) {
	ts := newTestServer(t, serverConfig{token: token, noWorkers: true, queue: 2})
	tests := []struct {
		name, body string
		status     int
		field      string
		want       string
	}{
		{"monte carlo", `{"scenario":"baseline-2025","replications":2}`, 400, "replications", "Monte Carlo is not available yet"},
		{"unknown scenario", `{"scenario":"atlantis-blockade"}`, 400, "scenario", `unknown scenario "atlantis-blockade"`},
		{"unknown field", `{"scenario":"baseline-2025","seeds":3}`, 400, "body", `unknown field "seeds"`},
		{"not json", `scenario: x`, 400, "body", "not a run request"},
		{"two values", `{"scenario":"baseline-2025"} {}`, 400, "body", "more than one JSON value"},
		{"invalid yaml", `{"yaml":"name: x\nend: 2025-13\n"}`, 422, "", `request.yaml:2:6: end: must be a month YYYY-MM`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.do(t, "POST", "/api/v1/runs", tt.body, bearer(token)...)
			e := decode[apiErr](t, res.body)
			if res.status != tt.status || e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.want) {
				t.Errorf("%d %s, want %d field %q with %q", res.status, res.body, tt.status, tt.field, tt.want)
			}
		})
	}

	queued := ts.submit(t, `{"scenario":"baseline-2025"}`)
	ts.submit(t, `{"scenario":"baseline-2025"}`)
	res := ts.do(t, "POST", "/api/v1/runs", `{"scenario":"baseline-2025"}`, bearer(token)...)
	if res.status != 503 || res.header.Get("Retry-After") == "" || !strings.Contains(res.body, `"code":"queue_full"`) {
		t.Errorf("full queue: %d %s, Retry-After %q", res.status, res.body, res.header.Get("Retry-After"))
	}
	for _, path := range []string{queued.Links.Result, queued.Links.Report, "/api/v1/compare?a=" + queued.ID + "&b=" + queued.ID} {
		if res := ts.do(t, "GET", path, ""); res.status != 409 || !strings.Contains(res.body, "is queued") {
			t.Errorf("%s of a queued run: %d %s", path, res.status, res.body)
		}
	}
}

// TestEventsEndOnShutdown checks that CloseStreams ends an open stream.
func TestEventsEndOnShutdown(t *testing.T) {
	ts := newTestServer(t, serverConfig{token: token, noWorkers: true})
	srv := httptest.NewServer(ts.h)
	defer srv.Close()
	run := ts.submit(t, `{"scenario":"baseline-2025"}`)
	done := make(chan []sseEvent)
	go func() { done <- readEvents(t, srv.URL+run.Links.Events) }()
	time.Sleep(100 * time.Millisecond)
	ts.CloseStreams()
	select {
	case ev := <-done:
		if len(ev) != 1 || ev[0].name != "progress" || ev[0].data.Status != "queued" {
			t.Errorf("events %+v, want the queued state", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("stream still open after CloseStreams")
	}
}
