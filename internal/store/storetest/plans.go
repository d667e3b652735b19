package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/store"
)

// planTests are the conformance tests of the plans, run by Run.
var planTests = []struct {
	name string
	fn   func(t *testing.T, s store.Store)
}{
	{"PlanLifecycle", testPlanLifecycle},
	{"PlanInvalid", testPlanInvalid},
	{"PlanTransitions", testPlanTransitions},
	{"PlansOrderAndFilter", testPlansOrderAndFilter},
	{"RecoverInterruptedPlans", testRecoverInterruptedPlans},
	{"PrunePlans", testPrunePlans},
}

// newPlan is a plan file with its description, as the runner stores them.
func newPlan(id string) store.Plan {
	return store.Plan{ID: id, File: []byte("title: " + id + "\nscenario: apr2025-licensing\n"), Info: []byte(`{"title":"` + id + `"}`),
		DataVersion: "d1", ProgramVersion: "p1"}
}

// planIn creates a plan and moves it to status.
func planIn(t *testing.T, s store.Store, id string, status store.RunStatus) string {
	t.Helper()
	ctx := context.Background()
	p, err := s.CreatePlan(ctx, newPlan(id))
	if err != nil {
		t.Fatal(err)
	}
	if status == store.Queued {
		return p.ID
	}
	if status == store.Failed {
		if err := s.FailPlan(ctx, p.ID, "failed at once"); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	if err := s.StartPlan(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	switch status {
	case store.Done:
		err = s.FinishPlan(ctx, p.ID, 3, []byte(`{"frontier":[]}`))
	case store.Interrupted:
		_, err = s.RecoverInterruptedPlans(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func mustPlan(t *testing.T, s store.Store, id string) store.Plan {
	t.Helper()
	p, err := s.Plan(context.Background(), id)
	if err != nil {
		t.Fatalf("Plan(%s): %v", id, err)
	}
	return p
}

// testPlanLifecycle takes a plan from queued to done: every field is kept, progress is
// recorded, the output is stored with the status change.
func testPlanLifecycle(t *testing.T, s store.Store) {
	ctx := context.Background()
	begin := time.Now().Add(-time.Millisecond)
	in := newPlan("")
	p, err := s.CreatePlan(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || p.Status != store.Queued {
		t.Fatalf("created plan %+v", p)
	}
	checkTime(t, "CreatedAt", p.CreatedAt, begin)
	in.File[0] = 'X' // the store owns its copy
	equal(t, "stored plan", mustPlan(t, s, p.ID), p)
	if _, err := s.PlanResult(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("result of a queued plan: %v, want ErrNotFound", err)
	}
	if err := s.StartPlan(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPlanProgress(ctx, p.ID, 2, 0.5); err != nil {
		t.Fatal(err)
	}
	got := mustPlan(t, s, p.ID)
	if got.Status != store.Running || got.Evaluated != 2 || got.Progress != 0.5 || got.StartedAt == nil || got.FinishedAt != nil {
		t.Errorf("running plan %+v", got)
	}
	out := []byte(`{"best":{"cost_musd":40},"frontier":[]}`)
	if err := s.FinishPlan(ctx, p.ID, 3, out); err != nil {
		t.Fatal(err)
	}
	got = mustPlan(t, s, p.ID)
	if got.Status != store.Done || got.Evaluated != 3 || got.Progress != 1 || got.FinishedAt == nil || string(got.File) != string(p.File) {
		t.Errorf("done plan %+v", got)
	}
	if b, err := s.PlanResult(ctx, p.ID); err != nil || string(b) != string(out) {
		t.Errorf("PlanResult = %s, %v; want %s", b, err, out)
	}
	if _, err := s.CreatePlan(ctx, newPlan(p.ID)); !errors.Is(err, store.ErrConflict) {
		t.Errorf("CreatePlan with a used id: %v, want ErrConflict", err)
	}
	for what, err := range map[string]error{
		"Plan":            second(s.Plan(ctx, "missing")),
		"PlanResult":      second(s.PlanResult(ctx, "missing")),
		"StartPlan":       s.StartPlan(ctx, "missing"),
		"FailPlan":        s.FailPlan(ctx, "missing", "x"),
		"SetPlanProgress": s.SetPlanProgress(ctx, "missing", 1, 0.1),
		"FinishPlan":      s.FinishPlan(ctx, "missing", 1, []byte(`{}`)),
	} {
		wantErr(t, what+" of a missing plan", err, store.ErrNotFound)
	}
}

// testPlanInvalid: what the store refuses before writing.
func testPlanInvalid(t *testing.T, s store.Store) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		plan store.Plan
	}{
		{"bad id", func() store.Plan { p := newPlan("a/b"); return p }()},
		{"no file", func() store.Plan { p := newPlan(""); p.File = nil; return p }()},
		{"info not JSON", func() store.Plan { p := newPlan(""); p.Info = []byte("{"); return p }()},
		{"not queued", func() store.Plan { p := newPlan(""); p.Status = store.Done; return p }()},
		{"with progress", func() store.Plan { p := newPlan(""); p.Evaluated = 2; return p }()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreatePlan(ctx, tc.plan)
			wantErr(t, "CreatePlan", err, store.ErrInvalid)
		})
	}
	id := planIn(t, s, "p", store.Running)
	wantErr(t, "SetPlanProgress(-1)", s.SetPlanProgress(ctx, id, -1, 0), store.ErrInvalid)
	wantErr(t, "SetPlanProgress(1.5)", s.SetPlanProgress(ctx, id, 1, 1.5), store.ErrInvalid)
	wantErr(t, "FinishPlan with bad JSON", s.FinishPlan(ctx, id, 1, []byte("{")), store.ErrInvalid)
	wantErr(t, "FailPlan without message", s.FailPlan(ctx, id, ""), store.ErrInvalid)
	if _, err := s.Plans(ctx, store.PlanFilter{Status: "lost"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Plans with an unknown status: %v", err)
	}
	if _, err := s.PrunePlans(ctx, -1); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PrunePlans(-1): %v", err)
	}
	if got := mustPlan(t, s, id); got.Status != store.Running || got.Evaluated != 0 {
		t.Errorf("refused writes changed the plan: %+v", got)
	}
}

// testPlanTransitions checks every status change from every status: allowed ones
// succeed, the others are ErrConflict and change nothing.
func testPlanTransitions(t *testing.T, s store.Store) {
	ctx := context.Background()
	ops := []struct {
		name string
		from []store.RunStatus // where it is allowed
		do   func(id string) error
	}{
		{"start", []store.RunStatus{store.Queued}, func(id string) error { return s.StartPlan(ctx, id) }},
		{"progress", []store.RunStatus{store.Running}, func(id string) error { return s.SetPlanProgress(ctx, id, 1, 0.2) }},
		{"finish", []store.RunStatus{store.Running}, func(id string) error { return s.FinishPlan(ctx, id, 1, []byte(`{}`)) }},
		{"fail", []store.RunStatus{store.Queued, store.Running}, func(id string) error { return s.FailPlan(ctx, id, "boom") }},
	}
	n := 0
	for _, from := range []store.RunStatus{store.Queued, store.Running, store.Done, store.Failed, store.Interrupted} {
		for _, o := range ops {
			t.Run(fmt.Sprintf("%s/%s", from, o.name), func(t *testing.T) {
				n++
				id := planIn(t, s, fmt.Sprintf("t%02d", n), from)
				before := mustPlan(t, s, id)
				err := o.do(id)
				if slices.Contains(o.from, from) {
					if err != nil {
						t.Errorf("%s of a %s plan: %v", o.name, from, err)
					}
					return
				}
				wantErr(t, o.name+" of a "+string(from)+" plan", err, store.ErrConflict)
				equal(t, "plan after a refused "+o.name, mustPlan(t, s, id), before)
			})
		}
	}
}

// testPlansOrderAndFilter: newest first, by status, bounded by the limit.
func testPlansOrderAndFilter(t *testing.T, s store.Store) {
	ctx := context.Background()
	base := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var all []string
	for i, status := range []store.RunStatus{store.Queued, store.Done, store.Queued, store.Failed} {
		p := newPlan(fmt.Sprintf("o%d", i))
		p.CreatedAt = base.Add(time.Duration(i) * time.Minute)
		if _, err := s.CreatePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		switch status {
		case store.Done:
			if err := s.StartPlan(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
			if err := s.FinishPlan(ctx, p.ID, 1, []byte(`{}`)); err != nil {
				t.Fatal(err)
			}
		case store.Failed:
			if err := s.FailPlan(ctx, p.ID, "x"); err != nil {
				t.Fatal(err)
			}
		}
		all = append([]string{p.ID}, all...)
	}
	list := func(f store.PlanFilter) []string {
		t.Helper()
		ps, err := s.Plans(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	equal(t, "all plans", list(store.PlanFilter{}), all)
	equal(t, "queued plans", list(store.PlanFilter{Status: store.Queued}), []string{"o2", "o0"})
	equal(t, "two plans", list(store.PlanFilter{Limit: 2}), all[:2])
	if ps, err := s.Plans(ctx, store.PlanFilter{Status: store.Interrupted}); err != nil || ps == nil || len(ps) != 0 {
		t.Errorf("no interrupted plans: %v, %v; want an empty list", ps, err)
	}
}

// testRecoverInterruptedPlans: running plans become interrupted, others are untouched,
// and a queued plan can still start.
func testRecoverInterruptedPlans(t *testing.T, s store.Store) {
	ctx := context.Background()
	if ids, err := s.RecoverInterruptedPlans(ctx); err != nil || len(ids) != 0 {
		t.Fatalf("RecoverInterruptedPlans on an empty store = %v, %v", ids, err)
	}
	queued := planIn(t, s, "q", store.Queued)
	done := planIn(t, s, "d", store.Done)
	running := []string{planIn(t, s, "r2", store.Running), planIn(t, s, "r1", store.Running)}
	run := runIn(t, s, store.Running)
	before := map[string]store.Plan{queued: mustPlan(t, s, queued), done: mustPlan(t, s, done)}
	ids, err := s.RecoverInterruptedPlans(ctx)
	if err != nil || !slices.Equal(ids, []string{"r1", "r2"}) {
		t.Fatalf("RecoverInterruptedPlans = %v, %v; want [r1 r2]", ids, err)
	}
	for _, id := range running {
		if got := mustPlan(t, s, id); got.Status != store.Interrupted || got.FinishedAt == nil {
			t.Errorf("running plan after recovery: %+v", got)
		}
	}
	for id, p := range before {
		equal(t, "plan "+id+" after recovery", mustPlan(t, s, id), p)
	}
	if r := mustRun(t, s, run); r.Status != store.Running {
		t.Errorf("RecoverInterruptedPlans changed a run: %+v", r)
	}
	if err := s.StartPlan(ctx, queued); err != nil {
		t.Errorf("StartPlan of a queued plan after recovery: %v", err)
	}
}

// testPrunePlans keeps the newest finished plans and every unfinished one.
func testPrunePlans(t *testing.T, s store.Store) {
	ctx := context.Background()
	var finished []string // oldest first
	for i, status := range []store.RunStatus{store.Done, store.Failed, store.Interrupted, store.Done} {
		finished = append(finished, planIn(t, s, fmt.Sprintf("f%d", i), status))
	}
	queued := planIn(t, s, "q", store.Queued)
	running := planIn(t, s, "r", store.Running)
	ids, err := s.PrunePlans(ctx, 2)
	if err != nil || !slices.Equal(ids, finished[:2]) {
		t.Fatalf("PrunePlans(2) = %v, %v; want %v", ids, err, finished[:2])
	}
	for _, id := range finished[:2] {
		if _, err := s.Plan(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("pruned plan %s: %v", id, err)
		}
		if _, err := s.PlanResult(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("result of pruned plan %s: %v", id, err)
		}
	}
	for _, id := range append(slices.Clone(finished[2:]), queued, running) {
		mustPlan(t, s, id)
	}
	if ids, err := s.PrunePlans(ctx, 2); err != nil || len(ids) != 0 {
		t.Errorf("second PrunePlans(2) = %v, %v; want none", ids, err)
	}
	if _, err := s.PlanResult(ctx, finished[3]); err != nil {
		t.Errorf("kept plan's result: %v", err)
	}
}
