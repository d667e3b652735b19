package api

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/plan"
	"github.com/critmin/critmin/internal/runner"
)

// examplePlan is the shipped plan example with its replications cut to n, so that the
// test is quick.
func examplePlan(t *testing.T, runs string) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/heavy-re-road.plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\nruns: 40\n") {
		t.Fatal("the example no longer says runs: 40")
	}
	return strings.Replace(string(b), "\nruns: 40\n", "\nruns: "+runs+"\n", 1)
}

// planEvent is one event of a plan's stream.
type planEvent struct {
	name string
	data planView
}

// readPlanEvents reads a plan's event stream to its end.
func readPlanEvents(t *testing.T, url string) []planEvent {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var out []planEvent
	var cur planEvent
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
			out = append(out, cur)
			cur = planEvent{}
		}
	}
	return out
}

// TestPlanLifecycle submits the shipped example, follows it by its event stream to the
// end, and reads its frontier with the binding stage of every point.
func TestPlanLifecycle(t *testing.T) {
	ts := newTestServer(t, serverConfig{token: token, maxReps: 4})
	srv := httptest.NewServer(ts.h)
	defer srv.Close()

	res := ts.do(t, "POST", "/api/v1/plans", examplePlan(t, "4"), bearer(token)...)
	if res.status != http.StatusAccepted {
		t.Fatalf("submit: %d %s", res.status, res.body)
	}
	p := decode[planView](t, res.body)
	if res.header.Get("Location") != "/api/v1/plans/"+p.ID || p.Status != "queued" || p.Runs != 4 || p.Candidates != 3 ||
		p.Objective != "expected_road" || p.Scenario != "apr2025-licensing" || p.Method != "exhaustive" || p.Portfolios == 0 {
		t.Errorf("submitted %+v (Location %q)", p, res.header.Get("Location"))
	}
	events := readPlanEvents(t, srv.URL+p.Links.Events)
	last := events[len(events)-1]
	if last.name != "done" || last.data.Status != "done" || last.data.Evaluated != p.Portfolios || last.data.Progress != 1 {
		t.Fatalf("last event %+v of %d", last, len(events))
	}
	for i, e := range events[:len(events)-1] {
		if e.name != "progress" || (i > 0 && e.data.Evaluated < events[i-1].data.Evaluated) {
			t.Errorf("event %d %+v before the end", i, e)
		}
	}
	if got := decode[planView](t, ts.do(t, "GET", p.Links.Self, "").body); got.Status != "done" {
		t.Errorf("GET plan: %+v", got)
	}
	if l := decode[planList](t, ts.do(t, "GET", "/api/v1/plans", "").body); len(l.Plans) != 1 || l.Plans[0].ID != p.ID {
		t.Errorf("list %+v", l)
	}
	if h := decode[health](t, ts.do(t, "GET", "/api/v1/health", "").body); h.Plans != (runner.PlanStats{QueueSize: 8, Kept: 1}) {
		t.Errorf("health plans %+v", h.Plans)
	}
	r := ts.do(t, "GET", p.Links.Result, "")
	if r.status != 200 {
		t.Fatalf("result: %d %s", r.status, r.body)
	}
	out := decode[plan.Output](t, r.body)
	if out.Runs != 4 || out.Unit != "month index" || len(out.Frontier) == 0 || out.Evaluated != p.Portfolios {
		t.Fatalf("result %.400s", r.body)
	}
	for _, f := range append([]plan.Named{out.Baseline, out.Best}, out.Frontier...) {
		if len(f.Estimate.Binding) == 0 || f.Estimate.Binding[0].Stage == "" || len(f.Candidates) != len(f.Chosen) {
			t.Errorf("portfolio without its binding stage: %+v", f)
		}
	}
	// The baseline is blocked at a heavy rare earth's separation (the example's header).
	if b := out.Baseline.Estimate.Binding[0]; !b.Blocked || !strings.HasSuffix(b.Stage, "/separation") {
		t.Errorf("baseline binding %+v", b)
	}
}

// TestPlanSubmitRefused: the write endpoint's checks, each at submit time, with nothing
// queued.
func TestPlanSubmitRefused(t *testing.T) {
	ts := newTestServer(t, serverConfig{token: token, maxReps: 4, maxBody: 64 << 10, noWorkers: true})
	valid := examplePlan(t, "4")
	for _, tc := range []struct {
		name, body string
		header     []string
		status     int
		code       string
		field      string
		problem    *problem
	}{
		{"no token", valid, nil, 401, "unauthorized", "", nil},
		{"wrong token", valid, bearer("nope"), 401, "unauthorized", "", nil},
		{"empty", "", bearer(token), 400, "bad_request", "body", nil},
		{"too large", valid + strings.Repeat("#", 64<<10), bearer(token), 413, "body_too_large", "", nil},
		{"unknown key", strings.Replace(valid, "\nseed: 7\n", "\nsed: 7\n", 1), bearer(token), 422, "invalid_scenario", "",
			&problem{Line: 29, Column: 1, Path: "sed", Reason: `unknown key (did you mean "seed"?)`}},
		{"file scenario", strings.Replace(valid, "scenario: apr2025-licensing", "scenario: ../secret.yaml", 1), bearer(token), 422, "invalid_scenario", "",
			&problem{Line: 24, Column: 11, Path: "scenario", Reason: `"../secret.yaml" is a file: here the scenario must be a built-in's name`}},
		{"bad capacity", strings.Replace(valid, "capacity_t_per_year: 82 ", "capacity_t_per_year: -82", 1), bearer(token), 422, "invalid_scenario", "", nil},
		{"not final", strings.Replace(valid, "product: ndfeb/magnet", "product: reo/mine", 1), bearer(token), 422, "invalid_scenario", "",
			&problem{Line: 27, Column: 10, Path: "product", Reason: `product "reo/mine" is not a final product of scenario apr2025-licensing`}},
		{"too many runs", examplePlan(t, "5"), bearer(token), 400, "bad_request", "runs", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := ts.do(t, "POST", "/api/v1/plans", tc.body, tc.header...)
			e := decode[apiErr](t, res.body)
			if res.status != tc.status || e.Error.Code != tc.code || e.Error.Field != tc.field {
				t.Fatalf("%d %s", res.status, res.body)
			}
			if tc.status == 422 && len(e.Error.Problems) == 0 {
				t.Fatalf("422 without problems: %s", res.body)
			}
			if tc.problem != nil && e.Error.Problems[0] != *tc.problem {
				t.Errorf("problem %+v, want %+v", e.Error.Problems[0], *tc.problem)
			}
			if tc.problem != nil && !strings.Contains(e.Error.Message, fmt.Sprintf("plan.yaml:%d:%d: ", tc.problem.Line, tc.problem.Column)) {
				t.Errorf("message %q does not name plan.yaml:line:col", e.Error.Message)
			}
		})
	}
	if l := decode[planList](t, ts.do(t, "GET", "/api/v1/plans", "").body); len(l.Plans) != 0 {
		t.Errorf("refused plans listed: %+v", l)
	}
	// A queued plan has no result yet; an unknown one is a 404.
	p := decode[planView](t, ts.do(t, "POST", "/api/v1/plans", valid, bearer(token)...).body)
	if res := ts.do(t, "GET", p.Links.Result, ""); res.status != 409 {
		t.Errorf("result of a queued plan: %d %s", res.status, res.body)
	}
	for _, path := range []string{"/api/v1/plans/nope", "/api/v1/plans/nope/result", "/api/v1/plans/nope/events"} {
		if res := ts.do(t, "GET", path, ""); res.status != 404 {
			t.Errorf("%s: %d %s", path, res.status, res.body)
		}
	}
}

// TestPlanReadOnly: a server without a token takes no plans.
func TestPlanReadOnly(t *testing.T) {
	ts := newTestServer(t, serverConfig{maxReps: 4})
	if res := ts.do(t, "POST", "/api/v1/plans", examplePlan(t, "4")); res.status != http.StatusForbidden {
		t.Errorf("read-only server: %d %s", res.status, res.body)
	}
}
