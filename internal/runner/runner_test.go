package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/store/storetest"
	"github.com/critmin/critmin/internal/world"
)

func openStore(t *testing.T) (store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "critmin.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

func dataset(t testing.TB) *world.Dataset {
	t.Helper()
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// shortYAML is a small inline scenario named name running to end.
func shortYAML(name, end string) []byte {
	return fmt.Appendf(nil, "name: %s\ntitle: Test %s\nimporter: USA\nrival: CHN\nextends: baseline-2025\nend: %s\n", name, name, end)
}

// wait follows a run until its final state.
func wait(t *testing.T, r *Runner, id string) Progress {
	t.Helper()
	ch, cancel := r.Subscribe(id)
	defer cancel()
	var last Progress
	timeout := time.After(60 * time.Second)
	for {
		select {
		case p, ok := <-ch:
			if !ok {
				if !last.Final() {
					t.Fatalf("run %s: subscription ended at %+v", id, last)
				}
				return last
			}
			last = p
		case <-timeout:
			t.Fatalf("run %s: not finished after 60 s, last %+v", id, last)
		}
	}
}

// TestSubmitConcurrent submits 50 runs at once, built-in and inline, and checks that every
// one completes with the result of its own scenario.
func TestSubmitConcurrent(t *testing.T) {
	st, _ := openStore(t)
	ds := dataset(t)
	r := New(st, ds, Options{Workers: 2, QueueSize: 64, ProgramVersion: "test"})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	builtins := []string{"apr2025-licensing", "baseline-2025", "graphite-dec2023", "ree-embargo-usa"}
	type want struct {
		name   string
		months int
		hash   string
	}
	reqs := make([]Request, 50)
	wants := make([]want, 50)
	for i := range reqs {
		if i%2 == 0 {
			name := builtins[i/2%len(builtins)]
			reqs[i] = Request{Scenario: name, Seed: int64(i)}
			res, err := r.resolve(context.Background(), reqs[i])
			if err != nil {
				t.Fatal(err)
			}
			wants[i] = want{name, months(res.sc), res.hash}
			continue
		}
		// Five distinct inline files, each submitted five times: stored once each.
		k := i / 2 % 5
		name := fmt.Sprintf("inline-%d", k)
		reqs[i] = Request{YAML: shortYAML(name, fmt.Sprintf("2025-%02d", 2+k)), Seed: int64(i)}
		sc, err := r.ParseScenario(InlineFile, "", reqs[i].YAML)
		if err != nil {
			t.Fatal(err)
		}
		full, err := scenario.Resolve(sc, r.lib.Scenario)
		if err != nil {
			t.Fatal(err)
		}
		wants[i] = want{name, 2 + k, scenario.Hash(full)}
	}

	runs := make([]store.Run, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	for i := range reqs {
		wg.Go(func() { runs[i], errs[i] = r.Submit(context.Background(), reqs[i]) })
	}
	wg.Wait()
	ids := map[string]bool{}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("submit %d: %v", i, err)
		}
		ids[runs[i].ID] = true
	}
	if len(ids) != len(runs) {
		t.Fatalf("%d distinct ids for %d runs", len(ids), len(runs))
	}
	for i, run := range runs {
		if p := wait(t, r, run.ID); p.Status != store.Done {
			t.Fatalf("run %d (%s) ended %s: %s", i, wants[i].name, p.Status, p.Error)
		}
	}
	for i, run := range runs {
		got, err := st.Run(context.Background(), run.ID)
		if err != nil {
			t.Fatal(err)
		}
		w := wants[i]
		if got.Status != store.Done || got.Scenario != w.name || got.ScenarioHash != w.hash || got.Seed != int64(i) ||
			got.DataVersion != ds.Version || got.ProgramVersion != "test" || got.Replications != 1 {
			t.Errorf("run %d: stored %+v, want scenario %s hash %s seed %d", i, got, w.name, w.hash, i)
		}
		b, err := st.Result(context.Background(), run.ID)
		if err != nil {
			t.Fatal(err)
		}
		var res struct {
			Scenario string `json:"scenario"`
			Months   int    `json:"months"`
		}
		if err := json.Unmarshal(b, &res); err != nil {
			t.Fatalf("run %d: result: %v", i, err)
		}
		if res.Scenario != w.name || res.Months != w.months {
			t.Errorf("run %d: result of %s over %d months, want %s over %d", i, res.Scenario, res.Months, w.name, w.months)
		}
	}
	for k := range 5 {
		vs, err := st.ScenarioVersions(context.Background(), fmt.Sprintf("inline-%d", k))
		if err != nil || len(vs) != 1 {
			t.Errorf("inline-%d: %d stored versions (%v), want 1", k, len(vs), err)
		}
	}
}

// TestQueueFull checks that a full queue refuses a run without storing it, and that the
// queued runs execute once the workers start.
func TestQueueFull(t *testing.T) {
	st, _ := openStore(t)
	r := New(st, dataset(t), Options{Workers: 1, QueueSize: 2})
	defer r.Close()
	ctx := context.Background()
	var ids []string
	for range 2 {
		run, err := r.Submit(ctx, Request{Scenario: "baseline-2025"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, run.ID)
	}
	if _, err := r.Submit(ctx, Request{Scenario: "baseline-2025"}); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("third submission: %v, want ErrQueueFull", err)
	}
	runs, err := st.Runs(ctx, store.RunFilter{})
	if err != nil || len(runs) != 2 {
		t.Fatalf("stored %d runs (%v), want 2", len(runs), err)
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if p := wait(t, r, id); p.Status != store.Done {
			t.Errorf("run %s ended %s", id, p.Status)
		}
	}
}

// TestSubmitErrors checks that bad requests are refused at once with the field or the
// file position at fault, and store nothing.
func TestSubmitErrors(t *testing.T) {
	st, _ := openStore(t)
	r := New(st, dataset(t), Options{MaxReplications: 4})
	defer r.Close()
	tests := []struct {
		name  string
		req   Request
		field string // for a *RequestError
		want  string
	}{
		{"no scenario", Request{}, "scenario", "give a scenario name"},
		{"unknown", Request{Scenario: "no-such"}, "scenario", `unknown scenario "no-such"`},
		{"bad name", Request{Scenario: "../etc/passwd"}, "scenario", `unknown scenario "../etc/passwd"`},
		{"builtin version", Request{Scenario: "baseline-2025", Version: 2}, "version", "has no versions"},
		{"missing version", Request{Scenario: "mine", Version: 3}, "version", `scenario "mine" has no version 3`},
		{"too many", Request{Scenario: "baseline-2025", Replications: 5}, "replications", "exceeds this server's limit of 4"},
		{"negative", Request{Scenario: "baseline-2025", Replications: -1}, "replications", "must be at least 1"},
		{"invalid yaml", Request{YAML: []byte("name: x\nimporter: USA\nrival: CHN\nend: 2025-13\n")}, "",
			`request.yaml:4:6: end: must be a month YYYY-MM, got "2025-13"`},
		{"unknown key", Request{YAML: []byte("name: x\nbogus: 1\n")}, "", "request.yaml:2:1: bogus"},
		{"builtin name", Request{YAML: shortYAML("apr2025-licensing", "2025-06")}, "", `"apr2025-licensing" is a built-in scenario`},
		{"scenario and yaml", Request{Scenario: "apr2025-licensing", YAML: shortYAML("mine", "2025-06")}, "yaml", "yaml and scenario (or version) exclude each other"},
		{"version and yaml", Request{Version: 2, YAML: shortYAML("mine", "2025-06")}, "yaml", "exclude each other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Submit(context.Background(), tt.req)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if re, ok := errors.AsType[*RequestError](err); tt.field != "" && (!ok || re.Field != tt.field) {
				t.Errorf("error %v: want a RequestError on %s", err, tt.field)
			}
			if tt.field == "" && !errors.Is(err, scenario.ErrInvalid) {
				t.Errorf("error %v does not wrap scenario.ErrInvalid", err)
			}
		})
	}
	if runs, _ := st.Runs(context.Background(), store.RunFilter{}); len(runs) != 0 {
		t.Errorf("%d runs stored by refused requests", len(runs))
	}
}

// Inline files that parse but that the compiler refuses (trial10 finding 1).
const (
	// A stockpile held by a country with no final demand of its product.
	badStockpileYAML = "name: mine\ntitle: Bad stockpile\nextends: baseline-2025\nimporter: USA\nrival: CHN\n" +
		"stockpiles:\n  - holder: JPN\n    product: dy/metal\n    initial_t: 100\n    release:\n      shortfall_trigger: 0.1\n      max_t_per_month: 5\n"
	// An offtake from a seller that makes none of the product.
	badOfftakeYAML = "name: fresh\ntitle: Bad offtake\nextends: baseline-2025\nimporter: USA\nrival: CHN\n" +
		"offtakes:\n  - buyer: USA\n    seller: FRA\n    product: dy/metal\n    t_per_year: 100\n    start: 2026-01\n    end: 2030-12\n"
)

// TestRefusedSubmitStoresNothing checks, on every store backend, that a submission
// refused for its file, whether the parser or the compiler refuses it, leaves the stored
// scenarios and runs as they were: a refused file never becomes a stored version.
func TestRefusedSubmitStoresNothing(t *testing.T) {
	for backend, open := range storetest.Backends(t) {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			st := open(t)
			r := New(st, dataset(t), Options{})
			defer r.Close()
			good, err := r.Submit(ctx, Request{YAML: shortYAML("mine", "2025-06")})
			if err != nil {
				t.Fatal(err)
			}
			scenariosBefore, runsBefore := storedState(t, st)
			tests := []struct {
				name string
				req  Request
				want string
			}{
				{"stockpile holder with no use", Request{YAML: []byte(badStockpileYAML)}, "request.yaml:7:13: stockpiles[0].holder: JPN has no final demand of dy/metal"},
				{"offtake from a non-producer", Request{YAML: []byte(badOfftakeYAML)}, "request.yaml:8:13: offtakes[0].seller:"},
				{"file error", Request{YAML: []byte("name: mine\nend: 2025-13\n")}, "request.yaml:2:6: end:"},
				{"scenario and yaml", Request{Scenario: "mine", YAML: []byte(badStockpileYAML)}, "exclude each other"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					_, err := r.Submit(ctx, tt.req)
					if err == nil || !strings.Contains(err.Error(), tt.want) {
						t.Fatalf("error %v, want one containing %q", err, tt.want)
					}
					scenarios, runs := storedState(t, st)
					if !reflect.DeepEqual(scenarios, scenariosBefore) {
						t.Errorf("scenarios after a refused submission: %v, want %v", scenarios, scenariosBefore)
					}
					if !reflect.DeepEqual(runs, runsBefore) {
						t.Errorf("runs after a refused submission: %v, want %v", runs, runsBefore)
					}
				})
			}
			// The good file again is the stored version, not a new one.
			again, err := r.Submit(ctx, Request{YAML: shortYAML("mine", "2025-06")})
			if err != nil || again.ScenarioVersion != good.ScenarioVersion {
				t.Errorf("good file again: version %d, %v; want version %d", again.ScenarioVersion, err, good.ScenarioVersion)
			}
		})
	}
}

// storedState lists a store's scenario versions ("name@version") and run ids.
func storedState(t *testing.T, st store.Store) (scenarios, runs []string) {
	t.Helper()
	ctx := context.Background()
	latest, err := st.Scenarios(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range latest {
		versions, err := st.ScenarioVersions(ctx, sc.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range versions {
			scenarios = append(scenarios, fmt.Sprintf("%s@%d", v.Name, v.Version))
		}
	}
	rs, err := st.Runs(ctx, store.RunFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range rs {
		runs = append(runs, run.ID)
	}
	return scenarios, runs
}

// TestSubscribeSlow checks that a subscriber that reads nothing until the end blocks no
// worker and still gets the final state, and that a late subscriber gets the stored one.
func TestSubscribeSlow(t *testing.T) {
	st, _ := openStore(t)
	r := New(st, dataset(t), Options{Workers: 1})
	defer r.Close()
	ctx := context.Background()
	run, err := r.Submit(ctx, Request{YAML: shortYAML("slow-reader", "2040-12")})
	if err != nil {
		t.Fatal(err)
	}
	ch, cancel := r.Subscribe(run.ID)
	defer cancel()
	first := <-ch
	if first.Status != store.Queued || first.Total != 16*12 {
		t.Errorf("first state %+v, want queued of 192 months", first)
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var last Progress
	for p := range ch { // read only after the run has had time to finish
		last = p
	}
	if last.Status != store.Done || last.Done != last.Total {
		t.Errorf("last state %+v, want done", last)
	}
	late, cancelLate := r.Subscribe(run.ID)
	defer cancelLate()
	if p := <-late; p.Status != store.Done {
		t.Errorf("late subscriber got %+v", p)
	}
	if _, ok := <-late; ok {
		t.Error("late subscription not closed after the final state")
	}
	unknown, _ := r.Subscribe("nope")
	if _, ok := <-unknown; ok {
		t.Error("subscription to an unknown run delivered a state")
	}
}

// TestRestart checks recovery: a run left running becomes interrupted, runs left queued
// are executed by the next runner on the same store.
func TestRestart(t *testing.T) {
	st, _ := openStore(t)
	ds := dataset(t)
	ctx := context.Background()
	first := New(st, ds, Options{})
	var ids []string
	for i := range 3 {
		run, err := first.Submit(ctx, Request{Scenario: "baseline-2025", Seed: int64(i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, run.ID)
	}
	if err := first.Close(); err != nil { // never started: the runs stay queued
		t.Fatal(err)
	}
	// Pretend the first server died while running the first run.
	if err := st.StartRun(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	second := New(st, ds, Options{})
	if err := second.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if p := wait(t, second, ids[0]); p.Status != store.Interrupted {
		t.Errorf("run left running: %+v, want interrupted", p)
	}
	for _, id := range ids[1:] {
		if p := wait(t, second, id); p.Status != store.Done {
			t.Errorf("run left queued: %+v, want done", p)
		}
	}
}

// TestRetainResultBytes checks that the runner keeps the results of done runs within its
// retention limit, deleting the oldest done runs first.
func TestRetainResultBytes(t *testing.T) {
	st, _ := openStore(t)
	ds := dataset(t)
	// One short run's result is some hundreds of kilobytes; a byte keeps only the newest.
	r := New(st, ds, Options{Workers: 1, ProgramVersion: "test", RetainResultBytes: 1})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ids []string
	for i := range 3 {
		run, err := r.Submit(context.Background(), Request{YAML: shortYAML("retained", "2025-12"), Seed: int64(i)})
		if err != nil {
			t.Fatal(err)
		}
		if p := wait(t, r, run.ID); p.Status != store.Done {
			t.Fatalf("run %d: %+v", i, p)
		}
		ids = append(ids, run.ID)
	}
	runs, err := st.Runs(context.Background(), store.RunFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].ID != ids[2] {
		t.Errorf("runs kept %+v, want only the newest, %s", runs, ids[2])
	}
}

// TestStudy runs Monte Carlo studies through the runner: progress counts replications up
// to the total, the result is the aggregate 'critmin run --runs N --json' prints, and the
// same seed gives the same bytes.
func TestStudy(t *testing.T) {
	st, _ := openStore(t)
	r := New(st, dataset(t), Options{Workers: 2, MaxReplications: 16, ProgramVersion: "test"})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// A short horizon keeps the test quick; the built-in it extends has distributions.
	yaml := []byte("name: study\nimporter: USA\nrival: CHN\nextends: us-response-package\nend: 2026-06\n")
	var results [][]byte
	for range 2 {
		run, err := r.Submit(context.Background(), Request{YAML: yaml, Seed: 7, Replications: 12})
		if err != nil {
			t.Fatal(err)
		}
		ch, cancel := r.Subscribe(run.ID)
		var seen []Progress
		for p := range ch {
			seen = append(seen, p)
		}
		cancel()
		last := seen[len(seen)-1]
		if last.Status != store.Done || last.Done != 12 || last.Total != 12 || last.Unit != "replications" {
			t.Fatalf("final progress %+v, want done 12 of 12 replications", last)
		}
		for i := 1; i < len(seen); i++ {
			if seen[i].Unit != "replications" || seen[i].Done < seen[i-1].Done {
				t.Errorf("progress %+v after %+v", seen[i], seen[i-1])
			}
		}
		b, err := st.Result(context.Background(), run.ID)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, b)
	}
	var mc struct {
		Seed         uint64 `json:"seed"`
		Replications int    `json:"replications"`
		Headlines    []struct {
			Name string   `json:"name"`
			P5   *float64 `json:"p5"`
			P50  *float64 `json:"p50"`
			P95  *float64 `json:"p95"`
		} `json:"headlines"`
	}
	if err := json.Unmarshal(results[0], &mc); err != nil {
		t.Fatal(err)
	}
	if mc.Seed != 7 || mc.Replications != 12 || len(mc.Headlines) == 0 || mc.Headlines[0].P50 == nil {
		t.Errorf("study result %.300s", results[0])
	}
	if string(results[0]) != string(results[1]) {
		t.Error("two studies with the same seed stored different results")
	}
}

// TestCloseStopsStudies checks that Close, once its grace has passed, stops a study still
// running (it returns between replications) and leaves its run interrupted, instead of
// letting it compute on after the runner closed.
func TestCloseStopsStudies(t *testing.T) {
	st, _ := openStore(t)
	r := New(st, dataset(t), Options{Workers: 1, MaxReplications: 1000, CloseGrace: 50 * time.Millisecond, ProgramVersion: "test"})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A thousand replications of a 2,112-month horizon take far longer than the test.
	run, err := r.Submit(context.Background(), Request{YAML: shortYAML("long-study", "2200-12"), Replications: 1000})
	if err != nil {
		t.Fatal(err)
	}
	ch, cancel := r.Subscribe(run.ID)
	for p := range ch {
		if p.Status == store.Running && p.Done > 0 {
			break
		}
	}
	cancel()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if s := r.Stats(); s.Running != 0 {
		t.Errorf("%d runs still executing after Close", s.Running)
	}
	got, err := st.Run(context.Background(), run.ID)
	if err != nil || got.Status != store.Interrupted {
		t.Errorf("study after Close: %s, %v; want interrupted", got.Status, err)
	}
}
