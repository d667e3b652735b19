package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/critmin/critmin/internal/api"
	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// TestBrowserPlan drives the Plans page in headless Chromium against a full server: it
// first submits the example with a mistake and sees the problem with its line, then
// submits the shipped example as it is, follows the plan to its end and reads the
// frontier with the binding stage of each point. Screenshots go to
// $CRITMIN_ARTIFACTS/web-e2e-plan.
func TestBrowserPlan(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skip("chromium not installed: .ci/run installs it")
	}
	artifacts := t.TempDir()
	if dir := os.Getenv("CRITMIN_ARTIFACTS"); dir != "" {
		artifacts = filepath.Join(dir, "web-e2e-plan")
		if err := os.MkdirAll(artifacts, 0o755); err != nil {
			t.Fatal(err)
		}
	}
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
	// The example asks for 40 replications per portfolio.
	rn := runner.New(st, ds, runner.Options{Workers: 2, ProgramVersion: "e2e", MaxReplications: 40})
	if err := rn.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer rn.Close()
	apiServer := api.New(ds, st, rn, api.Options{Token: e2eToken, Version: "e2e"})
	mux := http.NewServeMux()
	mux.Handle(api.Prefix+"/", apiServer.Handler())
	mux.Handle("/", Handler(Deps{World: ds, Store: st, Runner: rn, ReadOnly: apiServer.ReadOnly(), Version: "e2e"}))
	srv := httptest.NewServer(mux)
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

	// The Plans page through the main navigation, with the example in the form.
	b.do(chromedp.Navigate(srv.URL+"/scenarios"), chromedp.WaitVisible(chromedp.CSS(`header nav a[href="/plans"]`)))
	b.do(chromedp.Click(chromedp.CSS(`header nav a[href="/plans"]`)), chromedp.WaitVisible(chromedp.CSS("#plan-start")))
	b.contains("h1", "Plans")
	if got := b.eval(`document.getElementById('plan-yaml').value.includes('budget_musd: 600') ? 'yes' : 'no'`); got != "yes" {
		t.Fatal("the form does not hold the example")
	}
	b.shot("01-plans")

	// A mistake is refused with its line, and nothing is queued.
	b.do(chromedp.Click(chromedp.CSS("details.token summary")), chromedp.SendKeys(chromedp.CSS("#token"), e2eToken))
	b.eval(`(() => { const t = document.getElementById('plan-yaml'); t.value = t.value.replace('\nseed: 7\n', '\nsed: 7\n'); return ''; })()`)
	b.do(chromedp.Click(chromedp.CSS("#plan-start")))
	b.waitText("#plan-status", "The plan has 1 problem, the first at line 29: sed: unknown key")
	b.shot("02-plan-invalid")
	if n := len(rn.Plans().List()); n != 0 {
		t.Fatalf("%d plans queued after a refused submission", n)
	}

	// The example as shipped: the plan page follows it, then shows the frontier.
	b.do(chromedp.Navigate(srv.URL+"/plans?example=heavy-re-road"), chromedp.WaitVisible(chromedp.CSS("#plan-start")))
	b.do(chromedp.Click(chromedp.CSS("#plan-start")))
	b.poll(`(() => { const f = document.querySelector('#frontier'); return !!f && f.querySelectorAll('tbody tr').length >= 3; })()`)
	b.contains("#plan-state", "done")
	b.contains("#frontier", "(recommended)")
	b.contains("#frontier", "(exact minimiser)")
	b.contains("#chosen", "Recommended")
	b.contains("#frontier", "dy/separation blocked in 100 %")
	b.contains("#chosen", "lynas-malaysia")
	b.view("03-plan-done")
	id := strings.TrimPrefix(b.eval(`location.pathname`), "/plans/")
	out, err := rn.Plans().Result(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	rows := b.eval(`String(document.querySelectorAll('#frontier tbody tr').length)`)
	if want := len(out.Frontier); rows != strconv.Itoa(want) {
		t.Errorf("the page shows %s frontier rows, the result has %d", rows, want)
	}
	for _, p := range out.Frontier {
		if len(p.Estimate.Binding) == 0 {
			t.Errorf("frontier point %v without a binding stage", p.Candidates)
		}
	}
}
