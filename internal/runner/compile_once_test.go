package runner

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/report"
	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/world"
)

// countCompiles makes r count the scenarios it compiles.
func countCompiles(r *Runner) *atomic.Int32 {
	var n atomic.Int32
	r.compile = func(ds *world.Dataset, sc *scenario.Scenario) (*sim.Model, error) {
		n.Add(1)
		return compile.Compile(ds, sc)
	}
	return &n
}

// TestServedRunCompilesOnce: a run is compiled once, at submit, and runs that model; a
// study's point run takes it too; a run queued by a previous server is compiled once,
// when it runs.
func TestServedRunCompilesOnce(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	ds := dataset(t)
	r := New(st, ds, Options{Workers: 1, MaxReplications: 3})
	n := countCompiles(r)
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for _, req := range []Request{
		{YAML: shortYAML("once", "2025-12")},
		{YAML: shortYAML("once", "2025-12"), Replications: 3, Seed: 2},
	} {
		n.Store(0)
		run, err := r.Submit(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if p := wait(t, r, run.ID); p.Status != store.Done {
			t.Fatalf("run %+v", p)
		}
		if got := n.Load(); got != 1 {
			t.Errorf("%d replications: %d compiles, want 1", run.Replications, got)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}

	// Queued on a runner that never started, run by the next one.
	first := New(st, ds, Options{})
	run, err := first.Submit(ctx, Request{Scenario: "once"})
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	second := New(st, ds, Options{})
	n = countCompiles(second)
	if err := second.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if p := wait(t, second, run.ID); p.Status != store.Done {
		t.Fatalf("resumed run %+v", p)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("resumed run: %d compiles, want 1", got)
	}
}

// TestStudyCarriesTheDeterministicRun: a served study stores the deterministic run's
// summary and the point values beside its aggregates, as 'critmin run --runs N' prints
// them (a trial found the server's study report without them), and the point run is the
// study's own: still one compile.
func TestStudyCarriesTheDeterministicRun(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	r := New(st, dataset(t), Options{Workers: 1, MaxReplications: 3})
	n := countCompiles(r)
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	yaml := string(shortYAML("study", "2025-12")) + "controls:\n  - id: lic\n    exporter: CHN\n    products: [dy/separation]\n    destinations: [USA]\n    kind: licensing\n    start: 2025-03\n    licensing:\n      approval: {dist: uniform, min: 0.2, max: 0.6}\n      processing_working_days: 0\n"
	run, err := r.Submit(ctx, Request{YAML: []byte(yaml), Replications: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p := wait(t, r, run.ID); p.Status != store.Done {
		t.Fatalf("study %+v", p)
	}
	b, err := st.Result(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := report.DecodeMCRun(b)
	if err != nil {
		t.Fatal(err)
	}
	if mc.Deterministic == nil || len(mc.PointValues) == 0 {
		t.Errorf("stored study: deterministic %v, point values %q; want both", mc.Deterministic, mc.PointValues)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("%d compiles, want 1", got)
	}
}

// TestRunResultCarriesItsVerdict: a served single run stores the summary in words as
// 'critmin run' prints it (result.Run.Verdict), so an API reader gets the caveats too.
func TestRunResultCarriesItsVerdict(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	r := New(st, dataset(t), Options{Workers: 1})
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	run, err := r.Submit(ctx, Request{YAML: shortYAML("verdict", "2025-12")})
	if err != nil {
		t.Fatal(err)
	}
	if p := wait(t, r, run.ID); p.Status != store.Done {
		t.Fatalf("run %+v", p)
	}
	b, err := st.Result(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	res, err := result.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Verdict) == 0 || !strings.HasPrefix(res.Verdict[0], "USA ") {
		t.Errorf("stored verdict %q, want the run's summary in words", res.Verdict)
	}
}
