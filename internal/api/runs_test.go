package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
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
	ch := make(chan sseEvent, 1024)
	go streamEvents(t, url, ch)
	var events []sseEvent
	for ev := range ch {
		events = append(events, ev)
	}
	return events
}

// streamEvents sends the events of a stream on ch as they arrive, and closes ch when the
// stream ends, so that a test can act once it has seen a given event.
func streamEvents(t *testing.T, url string, ch chan<- sseEvent) {
	defer close(ch)
	resp, err := http.Get(url)
	if err != nil {
		t.Error(err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		return
	}
	var cur sseEvent
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			cur.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &cur.data); err != nil {
				t.Errorf("event data %q: %v", line, err)
				return
			}
		case line == "" && cur.name != "":
			ch <- cur
			cur = sseEvent{}
		}
	}
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
	if !strings.Contains(res.body, "controls[ann18-usa].licensing.approval: the mean 0.1767") {
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

	// A done run's documents are rendered once and kept: the three above, whatever is
	// asked again, and each is revalidated by its ETag.
	for _, path := range []string{a.Links.Report, "/api/v1/compare?a=" + a.ID + "&b=" + b.ID, "/api/v1/compare?a=" + a.ID + "&b=" + b.ID + "&format=html"} {
		first := ts.do(t, "GET", path, "")
		again := ts.do(t, "GET", path, "")
		etag := first.header.Get("ETag")
		if etag == "" || again.body != first.body || again.header.Get("ETag") != etag {
			t.Errorf("%s: ETag %q, same body again %v", path, etag, again.body == first.body)
		}
		if res := ts.do(t, "GET", path, "", "If-None-Match", etag); res.status != 304 {
			t.Errorf("%s with If-None-Match: %d, want 304", path, res.status)
		}
	}
	if n := ts.opts.Reports.Len(); n != 3 {
		t.Errorf("%d documents kept, want 3 (report, comparison JSON and HTML)", n)
	}
}

// Files that parse but that the compiler refuses (trial10 finding 1).
const (
	// A stockpile held by a country with no final demand of its product.
	badStockpile = "name: bad-stockpile\ntitle: Bad stockpile\nextends: baseline-2025\nimporter: USA\nrival: CHN\n" +
		"stockpiles:\n  - holder: JPN\n    product: dy/metal\n    initial_t: 100\n    release:\n      shortfall_trigger: 0.1\n      max_t_per_month: 5\n"
	// An offtake from a seller that makes none of the product.
	badOfftake = "name: bad-offtake\ntitle: Bad offtake\nextends: baseline-2025\nimporter: USA\nrival: CHN\n" +
		"offtakes:\n  - buyer: USA\n    seller: FRA\n    product: dy/metal\n    t_per_year: 100\n    start: 2026-01\n    end: 2030-12\n"
)

// jsonYAML is a run request with yaml as its inline file.
func jsonYAML(t *testing.T, yaml string) string {
	t.Helper()
	b, err := json.Marshal(map[string]string{"yaml": yaml})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
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
		{"monte carlo", `{"scenario":"baseline-2025","replications":2}`, 400, "replications", "exceeds this server's limit of 1 (critmin serve --max-replications)"},
		{"unknown scenario", `{"scenario":"atlantis-blockade"}`, 400, "scenario", `unknown scenario "atlantis-blockade"`},
		{"unknown field", `{"scenario":"baseline-2025","seeds":3}`, 400, "body", `unknown field "seeds"`},
		{"not json", `scenario: x`, 400, "body", "not a run request"},
		{"two values", `{"scenario":"baseline-2025"} {}`, 400, "body", "more than one JSON value"},
		{"invalid yaml", `{"yaml":"name: x\nend: 2025-13\n"}`, 422, "yaml", `request.yaml:2:6: end: must be a month YYYY-MM`},
		// Files that parse but that the compiler refuses: 422 on field yaml, positioned,
		// and not stored (checked below).
		{"stockpile holder with no use", jsonYAML(t, badStockpile), 422, "yaml", "request.yaml:7:13: stockpiles[0].holder: JPN has no final demand of dy/metal"},
		{"offtake from a non-producer", jsonYAML(t, badOfftake), 422, "yaml", "request.yaml:8:13: offtakes[0].seller:"},
		{"scenario and yaml", `{"scenario":"apr2025-licensing","yaml":"name: x\n"}`, 400, "yaml", "yaml and scenario (or version) exclude each other"},
		{"version and yaml", `{"version":2,"yaml":"name: x\n"}`, 400, "yaml", "exclude each other"},
		{"stored scenario the compiler refuses", `{"scenario":"stale"}`, 422, "scenario", "compile scenario stale: stale.yaml:7:13: stockpiles[0].holder"},
	}
	// A version stored before the compile check existed, written past the API.
	if _, err := ts.st.PutScenario(context.Background(), "stale", "", []byte(strings.Replace(badStockpile, "name: bad-stockpile", "name: stale", 1))); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ts.do(t, "POST", "/api/v1/runs", tt.body, bearer(token)...)
			e := decode[apiErr](t, res.body)
			if res.status != tt.status || e.Error.Field != tt.field || !strings.Contains(e.Error.Message, tt.want) {
				t.Errorf("%d %s, want %d field %q with %q", res.status, res.body, tt.status, tt.field, tt.want)
			}
			if tt.status == 422 && (len(e.Error.Problems) == 0 || e.Error.Problems[0].Line == 0 || e.Error.Problems[0].Path == "") {
				t.Errorf("problems %+v, want them positioned", e.Error.Problems)
			}
		})
	}
	// Refused submissions store nothing: the library holds only the version written above.
	res := ts.do(t, "GET", "/api/v1/scenarios", "")
	var stored []string
	for _, sc := range decode[[]scenarioEntry](t, res.body) {
		if sc.Source == sourceStored {
			stored = append(stored, fmt.Sprintf("%s@%d", sc.Name, sc.Version))
		}
	}
	if !slices.Equal(stored, []string{"stale@1"}) {
		t.Errorf("stored scenarios after refused submissions: %v, want [stale@1]", stored)
	}
	if list := decode[runList](t, ts.do(t, "GET", "/api/v1/runs", "").body); len(list.Runs) != 0 {
		t.Errorf("%d runs stored by refused submissions", len(list.Runs))
	}

	queued := ts.submit(t, `{"scenario":"baseline-2025"}`)
	ts.submit(t, `{"scenario":"baseline-2025"}`)
	res = ts.do(t, "POST", "/api/v1/runs", `{"scenario":"baseline-2025"}`, bearer(token)...)
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
	events := make(chan sseEvent, 16)
	go streamEvents(t, srv.URL+run.Links.Events, events)
	// The first event is written after the handler subscribed, inside its loop: once it
	// has arrived, CloseStreams must end the stream.
	if ev := <-events; ev.name != "progress" || ev.data.Status != "queued" {
		t.Fatalf("first event %+v, want the queued state", ev)
	}
	ts.CloseStreams()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev, open := <-events:
			if !open {
				return
			}
			t.Errorf("event %+v after CloseStreams", ev)
		case <-timeout:
			t.Fatal("stream still open after CloseStreams")
		}
	}
}

// TestStudyThroughAPI runs a Monte Carlo study through POST /runs: its events count
// replications, its result holds percentiles, its report is the study report, a
// comparison refuses it, and more replications than --max-replications are a 400.
func TestStudyThroughAPI(t *testing.T) {
	var log syncBuffer
	ts := newTestServer(t, serverConfig{token: token, maxReps: 20, log: &log})
	defer func() {
		if t.Failed() {
			t.Log(log.String())
		}
	}()
	srv := httptest.NewServer(ts.h)
	defer srv.Close()
	yaml := "name: study\nimporter: USA\nrival: CHN\nextends: us-response-package\nend: 2026-06\n"
	body, _ := json.Marshal(map[string]any{"yaml": yaml, "seed": 3, "replications": 20})
	run := ts.submit(t, string(body))
	if run.Replications != 20 {
		t.Errorf("submitted run %+v", run)
	}
	events := readEvents(t, srv.URL+run.Links.Events)
	last := events[len(events)-1]
	if last.name != "done" || last.data.Done != 20 || last.data.Total != 20 || last.data.Unit != "replications" {
		t.Fatalf("last event %+v, want done with 20 of 20 replications", last)
	}
	res := ts.do(t, "GET", run.Links.Result, "")
	var mc struct {
		Replications int `json:"replications"`
		Headlines    []struct {
			P5, P50, P95 *float64
		} `json:"headlines"`
		Series []json.RawMessage `json:"series"`
	}
	if err := json.Unmarshal([]byte(res.body), &mc); err != nil || res.status != 200 || mc.Replications != 20 ||
		len(mc.Headlines) == 0 || mc.Headlines[0].P95 == nil || len(mc.Series) == 0 {
		t.Fatalf("study result: %d %v %.300s", res.status, err, res.body)
	}
	if res := ts.do(t, "GET", run.Links.Report, ""); res.status != 200 || !strings.Contains(res.body, "<svg") || !strings.Contains(res.body, run.ID) {
		t.Errorf("study report: %d, %d bytes", res.status, len(res.body))
	}
	if res := ts.do(t, "GET", "/api/v1/compare?a="+run.ID+"&b="+run.ID, ""); res.status != 409 || !strings.Contains(res.body, "Monte Carlo study") {
		t.Errorf("comparison of a study: %d %s", res.status, res.body)
	}
	res = ts.do(t, "POST", "/api/v1/runs", `{"scenario":"baseline-2025","replications":21}`, bearer(token)...)
	if e := decode[apiErr](t, res.body); res.status != 400 || e.Error.Field != "replications" || !strings.Contains(e.Error.Message, "--max-replications") {
		t.Errorf("21 replications: %d %s", res.status, res.body)
	}
}

// TestResultStoredBeforeSchemaVersion serves a run whose result was stored before results
// carried a schema version (the fixture package result pins): the API reads it as
// version 1 and serves it stamped, and its report and comparison render.
func TestResultStoredBeforeSchemaVersion(t *testing.T) {
	ts := newTestServer(t, serverConfig{token: token})
	doc, err := os.ReadFile("../result/testdata/run-v1-unstamped.json")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	run, err := ts.st.CreateRun(ctx, store.Run{Scenario: "apr2025-licensing", ScenarioHash: "h", Replications: 1,
		DataVersion: "d", ProgramVersion: "06ca5a1", Status: store.Queued})
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.st.StartRun(ctx, run.ID); err != nil {
		t.Fatal(err)
	}
	if err := ts.st.FinishRun(ctx, run.ID, doc); err != nil {
		t.Fatal(err)
	}
	res := ts.do(t, "GET", "/api/v1/runs/"+run.ID+"/result", "")
	if res.status != 200 || !strings.HasPrefix(res.body, `{"schema_version":1,"scenario":"apr2025-licensing"`) {
		t.Errorf("result: %d %.80s", res.status, res.body)
	}
	if got := decode[result.Run](t, res.body); got.Months != 6 || got.SchemaVersion != result.Version {
		t.Errorf("result read back: %d months, version %d", got.Months, got.SchemaVersion)
	}
	if res := ts.do(t, "GET", "/api/v1/runs/"+run.ID+"/report.html", ""); res.status != 200 || !strings.Contains(res.body, "<svg") {
		t.Errorf("report: %d", res.status)
	}
	if res := ts.do(t, "GET", "/api/v1/compare?a="+run.ID+"&b="+run.ID, ""); res.status != 200 || !strings.Contains(res.body, `"b_minus_a":{`) {
		t.Errorf("compare: %d %.200s", res.status, res.body)
	}
}
