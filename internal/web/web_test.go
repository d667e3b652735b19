package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// hostile is a title and a message that would run script if a page failed to escape them.
const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`

// fixture is a dashboard over a fresh SQLite store holding a finished run of a built-in
// scenario, a stored scenario with a hostile title and a failed run with a hostile message.
type fixture struct {
	deps    Deps
	handler http.Handler
	done    string // id of the finished run
	failed  string // id of the failed run
}

func newFixture(t *testing.T, readOnly bool) *fixture {
	t.Helper()
	ctx := context.Background()
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "critmin.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	rn := runner.New(st, ds, runner.Options{Workers: 1, ProgramVersion: "test"})
	if err := rn.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rn.Close() })
	f := &fixture{deps: Deps{World: ds, Store: st, Runner: rn, ReadOnly: readOnly, Version: "test"}}
	f.handler = Handler(f.deps)

	run, err := rn.Submit(ctx, runner.Request{Scenario: "apr2025-licensing"})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	f.done = run.ID
	waitFinal(t, rn, run.ID)

	if _, err := st.PutScenario(ctx, "evil", hostile, []byte("name: evil\ntitle: x\n")); err != nil {
		t.Fatalf("put scenario: %v", err)
	}
	failed, err := st.CreateRun(ctx, store.Run{Scenario: "evil", ScenarioVersion: 1, Replications: 1, Status: store.Queued})
	if err != nil {
		t.Fatalf("create run: %v", err)
	}
	if err := st.FailRun(ctx, failed.ID, hostile); err != nil {
		t.Fatalf("fail run: %v", err)
	}
	f.failed = failed.ID
	return f
}

// waitFinal waits for a run to finish.
func waitFinal(t *testing.T, rn *runner.Runner, id string) runner.Progress {
	t.Helper()
	ch, cancel := rn.Subscribe(id)
	defer cancel()
	timeout := time.After(time.Minute)
	var last runner.Progress
	for {
		select {
		case p, ok := <-ch:
			if !ok {
				if last.Status != store.Done {
					t.Fatalf("run %s ended %s: %s", id, last.Status, last.Error)
				}
				return last
			}
			last = p
		case <-timeout:
			t.Fatalf("run %s did not finish within a minute", id)
		}
	}
}

// get fetches path from h.
func get(t *testing.T, h http.Handler, path string) (int, http.Header, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Header(), string(b)
}

func TestTemplatesParse(t *testing.T) {
	a, err := loadAssets()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := parsePages(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"overview.html", "commodity.html", "importers.html", "importer.html", "scenarios.html", "editor.html",
		"runs.html", "run.html", "compare.html", "error.html", "plans.html", "plan.html"} {
		if ps.byName[name] == nil {
			t.Errorf("page %s not parsed", name)
		}
	}
	for _, name := range []string{"site.css", "api.js", "editor.js", "library.js", "run.js", "plans.js", "plan.js", "follow.js"} {
		if _, ok := a.files[name]; !ok {
			t.Errorf("asset %s not embedded", name)
		}
	}
}

// pageCase is a request and what its answer must hold.
type pageCase struct {
	path   string
	status int
	want   []string
}

func pageCases(f *fixture) []pageCase {
	return []pageCase{
		{"/", 200, []string{"<h1>Who holds each stage", `href="/commodities/rare_earths"`, "HHI", "China", "<svg class=\"sharebar\""}},
		{"/commodities/rare_earths", 200, []string{"<h1>rare earths</h1>", `<svg class="flow"`, "separation", "no data",
			"Net import reliance", `id="src-usgs-mcs2026"`, `href="#src-usgs-mcs2026"`, "Prices", "Sources"}},
		{"/commodities/gallium?importer=USA", 200, []string{"Import sources of United States", "Share of imports"}},
		{"/commodities/rare_earths?importer=EU", 200, []string{"Import sources of European Union (27)", "HS 850511 permanent magnets",
			`<option value="EU27" selected>`, `<option value="JPN">`, `<option value="KOR">`, `<option value="IND">`}},
		{"/commodities/tin?importer=USA", 200, []string{"Refined tin, 2021-24 (principal traded form)", "Waste and scrap, 2021-24 (other form"}},
		{"/commodities/no-such", 404, []string{"no commodity with this id"}},
		{"/commodities/gallium?importer=JPN", 200, []string{`<a href="/importers/JPN">Dependence of Japan`}},
		{"/importers", 200, []string{"<h1>Importers</h1>", `<a href="/importers/USA">United States</a>`, `<a href="/importers/EU27">European Union (27), imports from outside the EU</a>`,
			`<a href="/importers/JPN">Japan</a>`, `aria-current="page">Importers`}},
		// The US page: refined cobalt shows China's share of world refining and the chained
		// exposure of US supply (figures as in docs/lenses.md); a mine-only chain is a lower bound.
		{"/importers/USA", 200, []string{"<h1>Dependence of United States</h1>", `href="/commodities/cobalt?importer=USA#importer"`,
			"Metal, oxide, and salts, 2021-24", "<td>refined</td>", "Refined tin, 2021-24", "<abbr title=\"Peru\">PER</abbr> 31",
			`<td class="num" rowspan="2">60</td>`, "&ge;", "Commodities without import data"}},
		{"/importers/EU", 200, []string{"<h1>Dependence of European Union (27), imports from outside the EU</h1>", "rare-earth elements incl. Sc and Y, CN 280530xx (Eurostat), 2024",
			"<abbr title=\"China\">CHN</abbr> 46.3", `<td class="num" rowspan="1">42 (proc) (2020)</td>`, "unknown", ">~99.8 <"}},
		{"/importers/Atlantis", 404, []string{"importer list"}},
		// Any supplier, not only China: the shares, the chained exposure and the labels follow ?country=.
		{"/importers/JPN?country=RUS", 200, []string{"Russia, share of imports (%)", "Supply of JPN through Russia (%)", "read China instead"}},
		{"/importers/JPN?country=Atlantis", 400, []string{"Unknown supplier country"}},
		{"/importers/CHN", 200, []string{"The supplier read is the importer itself"}},
		{"/importers/WLD", 404, nil},
		{"/commodities/gallium?importer=Atlantis", 400, []string{"Unknown importer"}},
		{"/scenarios", 200, []string{"Built-in scenarios", "apr2025-licensing", `href="/scenarios/new?from=apr2025-licensing"`, `href="/scenarios/evil/edit"`}},
		{"/scenarios/new", 200, []string{`<textarea id="yaml"`, "extends: baseline-2025", "Problems"}},
		{"/scenarios/new?from=apr2025-licensing", 200, []string{"name: apr2025-licensing", "cannot be overwritten"}},
		{"/scenarios/apr2025-licensing/edit", 200, []string{"name: apr2025-licensing"}},
		{"/scenarios/evil/edit", 200, []string{"Edit evil", "name: evil", "Versions:"}},
		{"/scenarios/evil/edit?version=9", 404, nil},
		{"/scenarios/evil/edit?version=x", 400, nil},
		{"/scenarios/missing/edit", 404, nil},
		{"/scenarios/..%2F..%2Fetc%2Fpasswd/edit", 404, nil},
		{"/scenarios/new?from=..%2Fbaseline-2025", 404, nil},
		{"/runs", 200, []string{"/runs/" + f.done, "apr2025-licensing", "done", "failed"}},
		{"/runs?status=done", 200, []string{"/runs/" + f.done}},
		{"/runs?status=bogus", 400, nil},
		{"/runs/" + f.done, 200, []string{`<iframe id="report"`, "/runs/" + f.done + "/report", "done"}},
		{"/runs/" + f.failed, 200, []string{"The run failed"}},
		{"/runs/no-such-run", 404, nil},
		{"/runs/" + f.done + "/report", 200, []string{"<svg", "Supply, demand and shortfall", "Run", f.done,
			"controls[ann18-usa].licensing.approval: the mean 0.1767 of its triangular distribution"}},
		{"/runs/" + f.failed + "/report", 409, nil},
		{"/compare", 200, []string{`<select id="run-a" name="a"`, f.done, "China licenses dysprosium, terbium and Dy/Tb magnets from April 2025 &middot; finished"}},
		{"/compare?a=" + f.done + "&b=" + f.done, 200, []string{"/compare/report?a=" + f.done + "&amp;b=" + f.done}},
		{"/compare?a=" + f.done + "&b=" + f.failed, 409, []string{"Run B is unknown or has not finished"}},
		{"/compare/report?a=" + f.done + "&b=" + f.done, 200, []string{"<svg", "In short", "Differences, B minus A"}},
		{"/static/site.css", 200, []string{"--ink"}},
		{"/static/handler.go", 404, nil},
		{"/no/such/page", 404, []string{"There is no page at this address."}},
	}
}

func TestPages(t *testing.T) {
	f := newFixture(t, false)
	for _, c := range pageCases(f) {
		t.Run(c.path, func(t *testing.T) {
			status, h, body := get(t, f.handler, c.path)
			if status != c.status {
				t.Fatalf("status %d, want %d; body:\n%.600s", status, c.status, body)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			if h.Get("Content-Security-Policy") == "" || h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("security headers missing: %v", h)
			}
		})
	}
}

func TestEscaping(t *testing.T) {
	f := newFixture(t, false)
	for _, path := range []string{"/scenarios", "/runs/" + f.failed, "/runs", "/scenarios/evil/edit"} {
		_, _, body := get(t, f.handler, path)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: hostile text not escaped", path)
		}
	}
	_, _, body := get(t, f.handler, "/scenarios")
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("/scenarios: escaped hostile title not shown")
	}
	_, _, body = get(t, f.handler, "/runs/"+f.failed)
	if !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("/runs/%s: escaped hostile message not shown", f.failed)
	}
	// A hostile text posted to the check is shown back escaped, in the textarea.
	rec := httptest.NewRecorder()
	form := url.Values{"yaml": {"title: </textarea>" + hostile}}
	req := httptest.NewRequest(http.MethodPost, "/scenarios/check", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	f.handler.ServeHTTP(rec, req)
	if b := rec.Body.String(); strings.Contains(b, "</textarea><script>") || strings.Contains(b, "<img src=x") {
		t.Errorf("/scenarios/check: hostile text not escaped")
	}
}

// TestOffline checks that no page, report or asset refers to another server: the
// dashboard must work on a machine without a network.
func TestOffline(t *testing.T) {
	f := newFixture(t, false)
	paths := []string{}
	for _, c := range pageCases(f) {
		if c.status == 200 {
			paths = append(paths, c.path)
		}
	}
	for name := range f.deps.World.Commodities {
		paths = append(paths, "/commodities/"+f.deps.World.Commodities[name].ID)
	}
	a, _ := loadAssets()
	for name := range a.files {
		paths = append(paths, a.url(name))
	}
	for _, p := range paths {
		_, _, body := get(t, f.handler, p)
		for _, scheme := range []string{"http://", "https://", "//fonts.", "@import"} {
			if i := strings.Index(body, scheme); i >= 0 {
				t.Errorf("%s refers to %q: ...%s...", p, scheme, body[max(0, i-60):min(len(body), i+60)])
			}
		}
	}
}

// maxPageBytes bounds a page without charts.
const maxPageBytes = 200 << 10

func TestPageSize(t *testing.T) {
	f := newFixture(t, false)
	paths := []string{"/", "/importers", "/importers/USA", "/importers/EU27", "/scenarios", "/scenarios/new", "/runs", "/runs/" + f.done, "/compare"}
	for _, c := range f.deps.World.Commodities {
		paths = append(paths, "/commodities/"+c.ID)
	}
	for _, p := range paths {
		_, _, body := get(t, f.handler, p)
		if len(body) > maxPageBytes {
			t.Errorf("%s is %d bytes, more than %d", p, len(body), maxPageBytes)
		}
	}
}

func TestReadOnly(t *testing.T) {
	f := newFixture(t, true)
	_, _, body := get(t, f.handler, "/scenarios/new")
	for _, w := range []string{`id="save" disabled`, `id="run" disabled`, "This server is read-only", "Read-only"} {
		if !strings.Contains(body, w) {
			t.Errorf("editor lacks %q", w)
		}
	}
	_, _, body = get(t, f.handler, "/scenarios")
	if strings.Contains(body, `class="run"`) {
		t.Error("library offers Run buttons on a read-only server")
	}
	if !strings.Contains(body, "This server is read-only") {
		t.Error("library does not say the server is read-only")
	}
}

func TestScenarioCheck(t *testing.T) {
	f := newFixture(t, false)
	text := strings.Replace(blankScenario, "approval: 0.5", "approval: 1.4", 1)
	form := url.Values{"yaml": {text}, "name": {"../x"}}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/scenarios/check", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	f.handler.ServeHTTP(rec, req)
	body := rec.Body.String()
	for _, w := range []string{"1 problem found.", `data-line="18"`, "controls[0].licensing.approval", "must be within [0, 1]"} {
		if !strings.Contains(body, w) {
			t.Errorf("check page lacks %q", w)
		}
	}
	if strings.Contains(body, `value="../x"`) {
		t.Error("an invalid name was echoed into the form")
	}
	if problems := checkScenario(f.deps.Runner, blankScenario); len(problems) != 0 {
		t.Errorf("the blank scenario has problems: %+v", problems)
	}
	// A file that parses but that the compiler refuses is a problem here, as it is to
	// PUT and POST /runs, rather than a check that passes before a save that fails.
	stockpile := "name: mine\nimporter: USA\nrival: CHN\nextends: baseline-2025\n" +
		"stockpiles:\n  - holder: JPN\n    product: dy/metal\n    initial_t: 100\n    release:\n      shortfall_trigger: 0.1\n      max_t_per_month: 5\n"
	problems := checkScenario(f.deps.Runner, stockpile)
	if len(problems) != 1 || problems[0].Line != 6 || problems[0].Path != "stockpiles[0].holder" {
		t.Errorf("stockpile held by a country with no use for it: problems %+v, want one at 6: stockpiles[0].holder", problems)
	}
}

func TestFlowDiagram(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, _ := ds.Commodity("rare_earths")
	v := buildCommodity(ds, c, "USA")
	f := v.Flow
	if len(f.Columns) != 4 {
		t.Fatalf("%d columns, want 4 (mine, separation, metal, magnet)", len(f.Columns))
	}
	if !f.Columns[2].NoData || f.Columns[2].Heading != "metal" {
		t.Errorf("metal column: %+v, want no data", f.Columns[2])
	}
	if len(f.Ribbons) == 0 {
		t.Error("no ribbons between mine and separation")
	}
	if !strings.Contains(f.Desc, "mine 2024: China 71.1%") {
		t.Errorf("description %q lacks China's share of mining", f.Desc)
	}
	again := buildCommodity(ds, c, "USA").Flow
	if again.Desc != f.Desc || len(again.Legend) != len(f.Legend) || again.Height != f.Height {
		t.Error("the flow diagram is not deterministic")
	}
}

// TestStudyPages checks that the library and the editor offer a replications field when
// the server runs studies (--max-replications above 1) and not otherwise, and that a
// done study's report page is the study report.
func TestStudyPages(t *testing.T) {
	ctx := context.Background()
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, max := range []int{1, 40} {
		st, err := store.Open(ctx, filepath.Join(t.TempDir(), "critmin.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		rn := runner.New(st, ds, runner.Options{Workers: 1, ProgramVersion: "test", MaxReplications: max})
		h := Handler(Deps{World: ds, Store: st, Runner: rn, Version: "test"})
		for _, path := range []string{"/scenarios", "/scenarios/new"} {
			_, _, body := get(t, h, path)
			has := strings.Contains(body, `id="replications"`)
			if has != (max > 1) || max > 1 && !strings.Contains(body, fmt.Sprintf(`max="%d"`, max)) {
				t.Errorf("%s with --max-replications %d: replications field %v", path, max, has)
			}
		}
		if max == 1 {
			continue
		}
		if err := rn.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer rn.Close()
		run, err := rn.Submit(ctx, runner.Request{YAML: []byte("name: web-study\nimporter: USA\nrival: CHN\nextends: us-response-package\nend: 2026-03\n"),
			Seed: 2, Replications: 8})
		if err != nil {
			t.Fatal(err)
		}
		if p := waitFinal(t, rn, run.ID); p.Status != store.Done {
			t.Fatalf("study %+v", p)
		}
		if _, _, page := get(t, h, "/runs/"+run.ID); !strings.Contains(page, "--runs 8 --seed 2") || strings.Contains(page, "/compare?a=") {
			t.Errorf("study run page does not describe the study, or offers a comparison")
		}
		code, _, body := get(t, h, "/runs/"+run.ID+"/report")
		if code != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, "P5 to P95") {
			t.Errorf("study report page: %d, %d bytes", code, len(body))
		}
	}
}

// TestPlanPages: the plans page offers the shipped example in its form (and says when
// its replications exceed the server's limit), a plan's page follows it while it runs
// and shows its frontier with the binding stage of every point once done, and a
// read-only server offers no form.
func TestPlanPages(t *testing.T) {
	ctx := context.Background()
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "critmin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rn := runner.New(st, ds, runner.Options{Workers: 1, ProgramVersion: "test", MaxReplications: 4})
	h := Handler(Deps{World: ds, Store: st, Runner: rn, Version: "test"})
	_, _, body := get(t, h, "/plans")
	for _, w := range []string{`<textarea id="plan-yaml"`, "examples/heavy-re-road.plan.yaml", "budget_musd: 600",
		`<option value="heavy-re-road" selected>Heavy rare earths for the US magnet chain within USD 600 million</option>`,
		`id="runs-note"`, "asks for 40 replications per portfolio; this server\nallows 4", `id="no-plans"`, `href="/plans" aria-current="page"`} {
		if !strings.Contains(body, w) {
			t.Errorf("/plans lacks %q", w)
		}
	}
	for path, status := range map[string]int{"/plans?example=heavy-re-road": 200, "/plans?example=..%2Fgo.mod": 404, "/plans/no-such-plan": 404} {
		if code, _, _ := get(t, h, path); code != status {
			t.Errorf("%s: %d, want %d", path, code, status)
		}
	}

	// A queued plan's page follows it; the hostile title is escaped.
	src := strings.Replace(strings.Replace(string(examplePlanYAML(t)), "\nruns: 40\n", "\nruns: 4\n", 1),
		"title: Heavy rare earths for the US magnet chain within USD 600 million", "title: '"+hostile+"'", 1)
	info, err := rn.Plans().Submit(context.Background(), "plan.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, _, body = get(t, h, "/plans/"+info.ID)
	if !strings.Contains(body, `data-plan="`+info.ID+`"`) || !strings.Contains(body, "Queued") || strings.Contains(body, "<script>alert") {
		t.Errorf("queued plan page: %.2000s", body)
	}
	if err := rn.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer rn.Close()
	for {
		p, changed, _ := rn.Plans().Watch(info.ID)
		if p.Status == store.Done {
			break
		}
		if p.Status == store.Failed || p.Status == store.Interrupted {
			t.Fatalf("plan %+v", p)
		}
		select {
		case <-changed:
		case <-time.After(time.Minute):
			t.Fatal("plan not done within a minute")
		}
	}
	code, _, body := get(t, h, "/plans/"+info.ID)
	if code != 200 {
		t.Fatalf("plan page: %d", code)
	}
	for _, w := range []string{`<table id="frontier">`, "(chosen)", "/separation blocked in 100 %", "t/yr of capacity missing)", "Without measures",
		"/api/v1/plans/" + info.ID + "/result", "month index", " on average (P5 20"} {
		if !strings.Contains(body, w) {
			t.Errorf("done plan page lacks %q", w)
		}
	}
	if strings.Contains(body, `id="live"`) || strings.Contains(body, "<script>alert") {
		t.Error("done plan page still live, or the title is not escaped")
	}
	_, _, body = get(t, h, "/plans")
	if !strings.Contains(body, `href="/plans/`+info.ID+`"`) || strings.Contains(body, "<script>alert") {
		t.Error("/plans does not list the plan, or does not escape its title")
	}

	ro := Handler(Deps{World: ds, Store: st, Runner: rn, Version: "test", ReadOnly: true})
	_, _, body = get(t, ro, "/plans")
	if strings.Contains(body, `id="plan-form"`) || !strings.Contains(body, "This server is read-only") {
		t.Error("read-only /plans offers the form")
	}
}

// examplePlanYAML is the shipped example plan.
func examplePlanYAML(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../examples/heavy-re-road.plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
