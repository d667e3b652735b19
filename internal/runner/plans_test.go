package runner

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/plan"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/store"
)

// smallPlan is a plan of two stockpile candidates over a built-in, with few replications
// so that the test is quick.
const smallPlan = `title: Two stockpiles
scenario: apr2025-licensing
budget_musd: 100
objective: expected_shortfall
runs: 3
seed: 5
candidates:
  - name: small
    cost_musd: 40
    stockpiles:
      - holder: USA
        product: ndfeb/magnet
        initial_t: 500
        release: {shortfall_trigger: 0.1, max_t_per_month: 100}
  - name: large
    cost_musd: 90
    stockpiles:
      - holder: USA
        product: ndfeb/magnet
        initial_t: 3000
        release: {shortfall_trigger: 0.1, max_t_per_month: 300}
`

// waitPlan follows a plan until it is finished, returning every state seen.
func waitPlan(t *testing.T, p *Plans, id string) []PlanInfo {
	t.Helper()
	var seen []PlanInfo
	timeout := time.After(2 * time.Minute)
	for {
		info, changed, ok := p.Watch(id)
		if !ok {
			t.Fatalf("plan %s unknown", id)
		}
		if len(seen) == 0 || info != seen[len(seen)-1] {
			seen = append(seen, info)
		}
		switch info.Status {
		case store.Done, store.Failed, store.Interrupted:
			return seen
		}
		select {
		case <-changed:
		case <-timeout:
			t.Fatalf("plan %s not finished after 2 min: %+v", id, info)
		}
	}
}

// TestPlan runs a plan on the server's runner and requires what 'critmin plan --json'
// computes for the same file, with progress counting up to every portfolio.
func TestPlan(t *testing.T) {
	st, _ := openStore(t)
	ds := dataset(t)
	r := New(st, ds, Options{Workers: 2, MaxReplications: 3, ProgramVersion: "test"})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	info, err := r.Plans().Submit(context.Background(), "body.yaml", []byte(smallPlan))
	if err != nil {
		t.Fatal(err)
	}
	// Portfolios within 100: none, small, large (small + large costs 130).
	if info.Status != store.Queued || info.Portfolios != 3 || info.Method != "exhaustive" || info.Candidates != 2 || info.Runs != 3 {
		t.Fatalf("submitted %+v", info)
	}
	seen := waitPlan(t, r.Plans(), info.ID)
	last := seen[len(seen)-1]
	if last.Status != store.Done || last.Evaluated != 3 || last.Progress != 1 || last.StartedAt == nil || last.FinishedAt == nil {
		t.Fatalf("final %+v", last)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Evaluated < seen[i-1].Evaluated || seen[i].Progress < seen[i-1].Progress {
			t.Errorf("progress went back: %+v after %+v", seen[i], seen[i-1])
		}
	}
	got, err := r.Plans().Result(context.Background(), info.ID)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := plan.ParseInline("body.yaml", []byte(smallPlan), scenario.Env{World: ds, Products: scenario.WorldCatalogue(ds), Base: r.lib.Scenario})
	if err != nil {
		t.Fatal(err)
	}
	res, err := plan.Plan(context.Background(), ds, spec, 1, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(plan.Report(spec, res))
	gotb, _ := json.Marshal(got)
	if string(gotb) != string(want) {
		t.Errorf("server plan\n%s\nwant\n%s", gotb, want)
	}
	if len(got.Frontier) == 0 || got.Best.Estimate.Replications != 3 {
		t.Errorf("output %s", gotb)
	}
	if l := r.Plans().List(); len(l) != 1 || l[0].ID != info.ID {
		t.Errorf("list %+v", l)
	}
	if _, err := r.Plans().Result(context.Background(), "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown plan: %v", err)
	}
}

// TestPlanSubmitErrors: every mistake is refused at submit time, with its position when
// it is in the file, and nothing is queued.
func TestPlanSubmitErrors(t *testing.T) {
	st, _ := openStore(t)
	r := New(st, dataset(t), Options{MaxReplications: 3})
	for _, tc := range []struct {
		name, src string
		is        error
		want      string
	}{
		{"syntax", "scenario: [", scenario.ErrInvalid, "body.yaml: YAML syntax"},
		{"unknown key", strings.Replace(smallPlan, "seed: 5", "sead: 5", 1), scenario.ErrInvalid, `body.yaml:6:1: sead: unknown key (did you mean "seed"?)`},
		{"file scenario", strings.Replace(smallPlan, "apr2025-licensing", "/etc/x.yaml", 1), scenario.ErrInvalid, `body.yaml:2:11: scenario: "/etc/x.yaml" is a file`},
		{"candidate field", strings.Replace(smallPlan, "initial_t: 500", "initial_t: -5", 1), scenario.ErrInvalid, "body.yaml:13:20: candidates[0].stockpiles[0].initial_t"},
		{"not final", strings.Replace(smallPlan, "objective: expected_shortfall", "objective: expected_shortfall\nproduct: reo/mine", 1), scenario.ErrInvalid, `body.yaml:5:10: product: product "reo/mine" is not a final product`},
		{"too many runs", strings.Replace(smallPlan, "runs: 3", "runs: 4", 1), ErrInvalidRequest, "runs: the plan's 4 replications per portfolio exceed this server's limit of 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.Plans().Submit(context.Background(), "body.yaml", []byte(tc.src))
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %v containing %q", err, tc.is, tc.want)
			}
		})
	}
	if l := r.Plans().List(); len(l) != 0 {
		t.Errorf("refused plans were kept: %+v", l)
	}
}

// TestPlanRestart: Close stops a running plan between portfolios and marks it
// interrupted, the waiting plans stay queued in the store, and the next server on the
// reopened store runs them, marks a plan a killed server left running interrupted, and
// serves the finished plans' states and outputs.
func TestPlanRestart(t *testing.T) {
	ctx := context.Background()
	st, path := openStore(t)
	ds := dataset(t)
	// The first server holds its plan after the first portfolio until it stops; a short
	// grace so that Close cancels it soon (a plan gets the runs' grace to finish).
	first := New(st, ds, Options{Workers: 1, MaxReplications: 3, CloseGrace: 50 * time.Millisecond,
		AfterPortfolio: func(ctx context.Context) { <-ctx.Done() }})
	if err := first.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, name := range []string{"a.yaml", "b.yaml", "c.yaml"} {
		info, err := first.Plans().Submit(ctx, name, []byte(smallPlan))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, info.ID)
	}
	for {
		info, changed, _ := first.Plans().Watch(ids[0])
		if info.Evaluated >= 1 {
			break
		}
		<-changed
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if info, _ := first.Plans().Get(ids[0]); info.Status != store.Interrupted || info.Error == "" {
		t.Errorf("running plan after Close: %+v", info)
	}
	if info, _ := first.Plans().Get(ids[1]); info.Status != store.Queued {
		t.Errorf("waiting plan after Close: %+v, want queued", info)
	}
	if _, err := first.Plans().Submit(ctx, "d.yaml", []byte(smallPlan)); !errors.Is(err, ErrClosed) {
		t.Errorf("submit after Close: %v", err)
	}
	// Pretend a server was killed while it ran the third plan.
	if err := st.StartPlan(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st2, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	second := New(st2, ds, Options{Workers: 1, MaxReplications: 3})
	if err := second.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	for _, id := range []string{ids[0], ids[2]} {
		if info, ok := second.Plans().Get(id); !ok || info.Status != store.Interrupted || info.Error != interruptedPlan || info.Title != "Two stockpiles" {
			t.Errorf("interrupted plan %s after the restart: %+v, %v", id, info, ok)
		}
	}
	seen := waitPlan(t, second.Plans(), ids[1])
	if last := seen[len(seen)-1]; last.Status != store.Done || last.Evaluated != 3 || last.Portfolios != 3 || last.Method != "exhaustive" {
		t.Fatalf("queued plan after the restart: %+v", last)
	}
	out, err := second.Plans().Result(ctx, ids[1])
	if err != nil || out.File != "b.yaml" || len(out.Frontier) == 0 {
		t.Fatalf("output of the resumed plan: %+v, %v", out, err)
	}
	if _, err := second.Plans().Result(ctx, ids[0]); !errors.Is(err, store.ErrConflict) {
		t.Errorf("result of an interrupted plan: %v, want ErrConflict", err)
	}
	var listed []string
	for _, p := range second.Plans().List() {
		listed = append(listed, p.ID)
	}
	if want := []string{ids[2], ids[1], ids[0]}; !slices.Equal(listed, want) {
		t.Errorf("plans after the restart %v, want newest first %v", listed, want)
	}
	// The done plan survives one more restart with its output; a plan queued for a
	// server whose replication limit was lowered since fails with the reason.
	second.Close()
	idle := New(st2, ds, Options{MaxReplications: 3}) // never started: its plan stays queued
	waiting, err := idle.Plans().Submit(ctx, "e.yaml", []byte(smallPlan))
	if err != nil {
		t.Fatal(err)
	}
	idle.Close()
	third := New(st2, ds, Options{Workers: 1, MaxReplications: 2})
	if err := third.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	again, err := third.Plans().Result(ctx, ids[1])
	if err != nil || !reflect.DeepEqual(again, out) {
		t.Errorf("output after another restart: %+v, %v", again, err)
	}
	if info, _ := third.Plans().Get(waiting.ID); info.Status != store.Failed || !strings.Contains(info.Error, "limit of 2") {
		t.Errorf("plan queued over the new limit: %+v", info)
	}
}
