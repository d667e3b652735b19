package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/critmin/critmin/internal/api"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// chromiumPath is where Debian's chromium package puts the browser; .ci/run installs it.
const chromiumPath = "/usr/bin/chromium"

// e2eToken is the write token of the server the browser test talks to.
const e2eToken = "e2e-secret-token"

// typedScenario is what the browser test types into the editor: valid but for the
// approval rate on line 14, column 17.
const typedScenario = `name: e2e-typed
title: Typed in the browser
importer: USA
rival: CHN
extends: baseline-2025
controls:
  - id: typed
    exporter: CHN
    products: [dy/separation]
    destinations: [USA]
    kind: licensing
    start: 2025-04
    licensing:
      approval: 1.4
      processing_working_days: 45
`

// TestBrowser drives the dashboard in a real headless Chromium against a full server on
// a loopback port: the SQLite store, the runner, the JSON API and the pages. It runs a
// built-in scenario from the library, follows its progress to the finished charts, and
// types an invalid scenario into the editor to see the inline problem, jump to it, fix it
// and save it. Screenshots go to $CRITMIN_ARTIFACTS/web-e2e.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("chromium not installed: .ci/run installs it")
	}
	artifacts := t.TempDir()
	if dir := os.Getenv("CRITMIN_ARTIFACTS"); dir != "" {
		artifacts = filepath.Join(dir, "web-e2e")
		if err := os.MkdirAll(artifacts, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", artifacts)

	ctx := context.Background()
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "critmin.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	defer st.Close()
	rn := runner.New(st, ds, runner.Options{Workers: 1, ProgramVersion: "e2e", MaxReplications: 16})
	defer rn.Close()
	apiServer := api.New(ds, st, rn, api.Options{Token: e2eToken, Version: "e2e"})
	mux := http.NewServeMux()
	mux.Handle(api.Prefix+"/", apiServer.Handler())
	mux.Handle("/", Handler(Deps{World: ds, Store: st, Runner: rn, ReadOnly: apiServer.ReadOnly(), Version: "e2e"}))
	srv := httptest.NewServer(mux) // 127.0.0.1 on a free port
	defer srv.Close()
	defer apiServer.CloseStreams()

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	bctx, cancelTimeout := context.WithTimeout(bctx, 3*time.Minute)
	defer cancelTimeout()

	b := &browser{t: t, ctx: bctx, base: srv.URL, dir: artifacts}

	// The dashboard, then the library through the main navigation.
	b.do(chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("table.overview")))
	b.contains("h1", "Who holds each stage")
	b.shot("01-overview")
	b.do(chromedp.Click(chromedp.CSS(`header nav a[href="/scenarios"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#builtin-apr2025-licensing button.run`)))
	b.shot("02-scenarios")

	// The token, then Run: the runner is not started yet, so the run waits in the queue and
	// the page shows its progress before the run moves.
	b.do(chromedp.Click(chromedp.CSS("details.token summary")),
		chromedp.SendKeys(chromedp.CSS("#token"), e2eToken),
		chromedp.Click(chromedp.CSS(`#builtin-apr2025-licensing button.run`)),
		chromedp.WaitVisible(chromedp.CSS("#run-progress")))
	b.waitText("#progress-text", "Queued")
	b.shot("03-run-queued")
	runURL := b.eval(`location.pathname`)
	if !strings.HasPrefix(runURL, "/runs/") {
		t.Fatalf("Run opened %s, want /runs/ID", runURL)
	}
	if err := rn.Start(ctx); err != nil {
		t.Fatal(err)
	}
	// The events stream reports done, the page reloads with the report, whose charts are
	// inline SVG inside the frame.
	b.poll(`(() => { const f = document.querySelector('iframe#report');
		return !!(f && f.contentDocument && f.contentDocument.querySelectorAll('svg.chart').length > 5); })()`)
	b.contains("#run-state", "done")
	b.view("04-run-done")

	// The editor: a text with an invalid approval rate, typed key by key.
	b.do(chromedp.Navigate(srv.URL+"/scenarios/new"), chromedp.WaitVisible(chromedp.CSS("#yaml")))
	b.waitText("#validation-status", "No problems")
	b.eval(`(() => { const t = document.getElementById('yaml'); t.value = ''; t.focus(); return ''; })()`)
	b.do(chromedp.SendKeys(chromedp.CSS("#yaml"), typedScenario))
	b.waitText("#validation-status", "1 problem found.")
	b.contains("#problems", "line 14:17")
	b.contains("#problems", "controls[0].licensing.approval")
	b.contains("#problems", "must be within [0, 1], got 1.4")
	b.shot("05-editor-invalid")

	// Clicking the problem puts the caret on it; deleting 1.4 and typing 0.4 fixes it.
	b.do(chromedp.Click(chromedp.CSS("#problems button.problem")))
	if got := b.eval(`(() => { const t = document.getElementById('yaml');
		if (document.activeElement !== t) return 'not focused';
		return String(t.value.slice(0, t.selectionStart).split('\n').length); })()`); got != "14" {
		t.Fatalf("caret after clicking the problem: line %s, want 14", got)
	}
	b.do(chromedp.SendKeys(chromedp.CSS("#yaml"), kb.Delete+kb.Delete+kb.Delete+"0.4"))
	b.waitText("#validation-status", "No problems")
	b.do(chromedp.Click(chromedp.CSS("#save")))
	b.waitText("#action-status", "Saved e2e-typed as version 1")
	b.shot("06-editor-saved")

	// The other pages, for the record.
	b.do(chromedp.Navigate(srv.URL+"/commodities/rare_earths"), chromedp.WaitVisible(chromedp.CSS("svg.flow")))
	b.shot("07-commodity-rare-earths")
	b.do(chromedp.Navigate(srv.URL+"/runs"), chromedp.WaitVisible(chromedp.CSS("table")))
	b.contains("table", "apr2025-licensing")
	b.shot("08-runs")
	id := strings.TrimPrefix(runURL, "/runs/")
	b.do(chromedp.Navigate(srv.URL+"/compare?a="+id+"&b="+id), chromedp.WaitVisible(chromedp.CSS("iframe#report")))
	b.poll(`(() => { const f = document.querySelector('iframe#report');
		return !!(f && f.contentDocument && f.contentDocument.querySelectorAll('svg.chart').length > 0); })()`)
	b.shot("09-compare")

	// The run report opens with its verdict in words, shows imports by origin, and keeps
	// the mass balance as a line in its appendix, not a chart.
	b.do(chromedp.EmulateViewport(1400, 900), chromedp.Navigate(srv.URL+"/runs/"+id+"/report"), chromedp.WaitVisible(chromedp.CSS("#summary")))
	b.contains("#summary p", "United States is never short of what it still demands")
	b.contains("#origins h2", "imports come from")
	b.contains("#checks", "Mass balance")
	if n := b.eval(`String(document.querySelectorAll('#checks svg').length)`); n != "0" {
		t.Errorf("the checks appendix draws %s charts", n)
	}
	for _, width := range []int64{1400, 1000} {
		b.do(chromedp.EmulateViewport(width, 900), chromedp.Navigate(srv.URL+"/runs/"+id+"/report"), chromedp.WaitVisible(chromedp.CSS("#summary")))
		if bad := b.eval(clippedTables); bad != "" {
			b.shot(fmt.Sprintf("failed-run-%dpx", width))
			t.Errorf("run report at %d px: %s", width, bad)
		}
	}

	// The comparison's tables never clip: at 1,400 and 1,000 px every table region stays
	// inside the window, and a table wider than its region scrolls inside it.
	for _, width := range []int64{1400, 1000} {
		b.do(chromedp.EmulateViewport(width, 900), chromedp.Navigate(srv.URL+"/compare/report?a="+id+"&b="+id),
			chromedp.WaitVisible(chromedp.CSS("#differences")))
		b.contains("#verdict", "is the reference run")
		if bad := b.eval(clippedTables); bad != "" {
			b.shot(fmt.Sprintf("failed-compare-%dpx", width))
			t.Errorf("comparison at %d px: %s", width, bad)
		}
		b.shot(fmt.Sprintf("10-compare-%dpx", width))
	}

	// A Monte Carlo study from the library: 12 replications in the replications field,
	// then Run; the run page ends on the study report with its percentile fan charts.
	b.do(chromedp.Navigate(srv.URL+"/scenarios"), chromedp.WaitVisible(chromedp.CSS(`#builtin-us-response-package button.run`)))
	b.eval(`(() => { document.getElementById('replications').value = '12'; return ''; })()`)
	b.do(chromedp.Click(chromedp.CSS(`#builtin-us-response-package button.run`)))
	b.poll(`(() => { const f = document.querySelector('iframe#report');
		return !!(f && f.contentDocument && f.contentDocument.body && f.contentDocument.body.textContent.includes('P5 to P95')); })()`)
	b.contains("#run-state", "done")
	b.view("11-study-done")
	studyID := strings.TrimPrefix(b.eval(`location.pathname`), "/runs/")
	if run, err := st.Run(ctx, studyID); err != nil || run.Replications != 12 {
		t.Errorf("the study started from the library: %+v, %v; want 12 replications", run, err)
	}
}

// clippedTables lists, as one string, the table regions of a report that reach past the
// window or hold a table wider than themselves (cut off until scrolled); "" when none.
const clippedTables = `(() => {
	const w = document.documentElement.clientWidth, bad = [];
	document.querySelectorAll('.table').forEach((r, i) => {
		const rect = r.getBoundingClientRect(), t = r.querySelector('table');
		const scrolls = ['auto', 'scroll'].includes(getComputedStyle(r).overflowX);
		if (rect.right > w + 1 || rect.left < -1) {
			bad.push('"' + r.getAttribute('aria-label') + '" spans ' + Math.round(rect.left) + ' to ' + Math.round(rect.right) + ' px of ' + w);
		} else if (t && t.scrollWidth > r.clientWidth + 1) {
			bad.push('"' + r.getAttribute('aria-label') + '" is ' + t.scrollWidth + ' px wide in a ' + r.clientWidth + ' px region' + (scrolls ? ' (it scrolls)' : ' and cannot scroll'));
		}
	});
	if (document.documentElement.scrollWidth > w + 1) {
		bad.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + w + ' px window');
	}
	return bad.join('; ');
})()`

// browser is a chromedp tab with the test's helpers; every helper fails the test on error.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression that gives a string.
func (b *browser) eval(expr string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// poll waits until a JavaScript expression is true. A page that navigates meanwhile (a
// run page reloads itself when the run ends) ends one poll; the next starts on the new page.
func (b *browser) poll(expr string) {
	b.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		_, err := chromedp.Run(b.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(time.Until(deadline)),
			chromedp.WithPollingInterval(100*time.Millisecond)))
		if err == nil {
			return
		}
		if !navigated(err) || time.Now().After(deadline) {
			b.shot("failed")
			b.t.Fatalf("waiting for %s: %v", expr, err)
		}
		b.t.Logf("page navigated while waiting, polling again: %v", err)
		time.Sleep(200 * time.Millisecond)
	}
}

// navigated reports whether err says the page went away under a running command.
func navigated(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "navigated or closed") || strings.Contains(msg, "Cannot find context") ||
		strings.Contains(msg, "Not attached to an active page") || strings.Contains(msg, "Execution context was destroyed")
}

// contains checks that the text of the first element matching css holds want.
func (b *browser) contains(css, want string) {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.TextContent(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", css, err)
	}
	if !strings.Contains(got, want) {
		b.shot("failed")
		b.t.Fatalf("%s says %q, want %q in it", css, got, want)
	}
}

// waitText waits until the text of the element with the given CSS selector holds want.
func (b *browser) waitText(css, want string) {
	b.t.Helper()
	b.poll(`(() => { const e = document.querySelector(` + jsString(css) + `);
		return !!e && e.textContent.includes(` + jsString(want) + `); })()`)
}

// shot saves a screenshot of the whole page as NAME.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Errorf("save screenshot: %v", err)
	}
}

// view saves a screenshot of what the window shows as NAME.png, for pages too long for a
// whole-page picture to be read.
func (b *browser) view(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Errorf("save screenshot: %v", err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
