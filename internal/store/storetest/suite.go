package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/store"
)

// Run runs the conformance suite. open must return a new, empty store for each call and
// close it (and remove what it made) through t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"ScenarioVersions", testScenarioVersions},
		{"ScenarioNotFound", testScenarioNotFound},
		{"ScenariosLatestByName", testScenariosLatestByName},
		{"ScenarioNames", testScenarioNames},
		{"ScenarioBytesOwned", testScenarioBytesOwned},
		{"ConcurrentPutScenario", testConcurrentPutScenario},
		{"PutScenarioRun", testPutScenarioRun},
		{"PutScenarioRunAllOrNothing", testPutScenarioRunAllOrNothing},
		{"CreateRunDefaults", testCreateRunDefaults},
		{"CreateRunFields", testCreateRunFields},
		{"CreateRunDuplicateID", testCreateRunDuplicateID},
		{"CreateRunInvalid", testCreateRunInvalid},
		{"RunLifecycle", testRunLifecycle},
		{"FailRun", testFailRun},
		{"Transitions", testTransitions},
		{"NotFound", testNotFound},
		{"SetProgressInvalid", testSetProgressInvalid},
		{"FinishRunInvalidJSON", testFinishRunInvalidJSON},
		{"ResultOnlyWhenDone", testResultOnlyWhenDone},
		{"RunsOrder", testRunsOrder},
		{"RunsFilter", testRunsFilter},
		{"RunsDefaultLimit", testRunsDefaultLimit},
		{"RunsInvalidFilter", testRunsInvalidFilter},
		{"RecoverInterrupted", testRecoverInterrupted},
		{"ConcurrentWriters", testConcurrentWriters},
		{"LargeResult", testLargeResult},
		{"PruneResults", testPruneResults},
		{"CanceledContext", testCanceledContext},
	}
	tests = append(tests, planTests...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, open(t))
		})
	}
}

// BenchCreateFinishRun measures the life of one run: create, start and finish it with a
// small result, three write transactions.
func BenchCreateFinishRun(b *testing.B, s store.Store) {
	ctx := context.Background()
	result := []byte(`{"shortfall_t":[0,1.5,2.25],"independence":0.42}`)
	for b.Loop() {
		r, err := s.CreateRun(ctx, store.Run{Scenario: "baseline-2025", Seed: 1, Replications: 100})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.StartRun(ctx, r.ID); err != nil {
			b.Fatal(err)
		}
		if err := s.FinishRun(ctx, r.ID, result); err != nil {
			b.Fatal(err)
		}
	}
}

func testScenarioVersions(t *testing.T, s store.Store) {
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	yamls := []string{"name: embargo\n", "name: embargo\nmonths: 12\n", "name: embargo\nmonths: 24\n"}
	var put []store.Scenario
	for i, y := range yamls {
		sc, err := s.PutScenario(ctx, "embargo", fmt.Sprintf("Embargo v%d", i+1), []byte(y))
		if err != nil {
			t.Fatalf("PutScenario %d: %v", i+1, err)
		}
		if sc.Version != i+1 {
			t.Errorf("PutScenario %d: version %d, want %d", i+1, sc.Version, i+1)
		}
		if sc.Name != "embargo" || string(sc.YAML) != y || sc.Title != fmt.Sprintf("Embargo v%d", i+1) {
			t.Errorf("PutScenario %d = %+v", i+1, sc)
		}
		if want := hashOf(y); sc.Hash != want {
			t.Errorf("PutScenario %d: hash %q, want %q", i+1, sc.Hash, want)
		}
		checkTime(t, "PutScenario CreatedAt", sc.CreatedAt, before)
		put = append(put, sc)
	}
	for _, sc := range put {
		got, err := s.Scenario(ctx, "embargo", sc.Version)
		if err != nil {
			t.Fatalf("Scenario(embargo, %d): %v", sc.Version, err)
		}
		equal(t, fmt.Sprintf("Scenario(embargo, %d)", sc.Version), got, sc)
	}
	latest, err := s.Scenario(ctx, "embargo", 0)
	if err != nil {
		t.Fatalf("Scenario(embargo, 0): %v", err)
	}
	equal(t, "Scenario(embargo, 0)", latest, put[2])
	versions, err := s.ScenarioVersions(ctx, "embargo")
	if err != nil {
		t.Fatalf("ScenarioVersions: %v", err)
	}
	equal(t, "ScenarioVersions", versions, put)
	// Another name counts its own versions.
	other, err := s.PutScenario(ctx, "licensing", "", []byte("name: licensing\n"))
	if err != nil {
		t.Fatalf("PutScenario(licensing): %v", err)
	}
	if other.Version != 1 {
		t.Errorf("PutScenario(licensing): version %d, want 1", other.Version)
	}
}

func testScenarioNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.PutScenario(ctx, "embargo", "", []byte("a: 1\n")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		version int
		want    error
	}{
		{"embargo", 2, store.ErrNotFound},
		{"missing", 0, store.ErrNotFound},
		{"missing", 1, store.ErrNotFound},
		{"Not A Name", 0, store.ErrNotFound},
		{"embargo", -1, store.ErrInvalid},
	} {
		_, err := s.Scenario(ctx, tc.name, tc.version)
		wantErr(t, fmt.Sprintf("Scenario(%q, %d)", tc.name, tc.version), err, tc.want)
	}
	_, err := s.ScenarioVersions(ctx, "missing")
	wantErr(t, "ScenarioVersions(missing)", err, store.ErrNotFound)
}

func testScenariosLatestByName(t *testing.T, s store.Store) {
	ctx := context.Background()
	got, err := s.Scenarios(ctx)
	if err != nil {
		t.Fatalf("Scenarios on an empty store: %v", err)
	}
	if len(got) != 0 {
		t.Fatalf("Scenarios on an empty store = %+v, want none", got)
	}
	latest := map[string]store.Scenario{}
	for _, p := range []struct{ name, yaml string }{
		{"zinc-cut", "v: 1\n"}, {"antimony", "v: 1\n"}, {"zinc-cut", "v: 2\n"},
		{"gallium", "v: 1\n"}, {"antimony", "v: 2\n"}, {"antimony", "v: 3\n"},
	} {
		sc, err := s.PutScenario(ctx, p.name, "t", []byte(p.yaml))
		if err != nil {
			t.Fatal(err)
		}
		latest[p.name] = sc
	}
	got, err = s.Scenarios(ctx)
	if err != nil {
		t.Fatalf("Scenarios: %v", err)
	}
	want := []store.Scenario{latest["antimony"], latest["gallium"], latest["zinc-cut"]}
	equal(t, "Scenarios", got, want)
}

func testScenarioNames(t *testing.T, s store.Store) {
	ctx := context.Background()
	for _, name := range []string{"a", "0", "embargo-2025", "ree-embargo-usa", strings.Repeat("x", 64)} {
		if _, err := s.PutScenario(ctx, name, "", []byte("{}")); err != nil {
			t.Errorf("PutScenario(%q): %v", name, err)
		}
	}
	for _, name := range []string{"", "Embargo", "has space", "a/b", "../etc", "a_b", "a.yaml",
		"ünïcode", "a\x00b", "drop'); --", strings.Repeat("x", 65)} {
		_, err := s.PutScenario(ctx, name, "", []byte("{}"))
		wantErr(t, fmt.Sprintf("PutScenario(%q)", name), err, store.ErrInvalid)
	}
	// Nothing invalid was stored.
	got, err := s.Scenarios(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Errorf("Scenarios after invalid puts: %d, want 5", len(got))
	}
}

func testScenarioBytesOwned(t *testing.T, s store.Store) {
	ctx := context.Background()
	yaml := []byte("name: owned\n")
	sc, err := s.PutScenario(ctx, "owned", "", yaml)
	if err != nil {
		t.Fatal(err)
	}
	yaml[0] = 'X'
	sc.YAML[1] = 'X'
	got, err := s.Scenario(ctx, "owned", 1)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.YAML) != "name: owned\n" {
		t.Errorf("stored YAML changed with the caller's slices: %q", got.YAML)
	}
	// An empty file is a valid (if useless) version, kept as empty, not absent.
	empty, err := s.PutScenario(ctx, "empty", "", nil)
	if err != nil {
		t.Fatalf("PutScenario with no YAML: %v", err)
	}
	got, err = s.Scenario(ctx, "empty", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.YAML) != 0 || got.Hash != empty.Hash || got.Hash != hashOf("") {
		t.Errorf("empty scenario = %+v", got)
	}
}

func testConcurrentPutScenario(t *testing.T, s store.Store) {
	ctx := context.Background()
	const n = 20
	versions := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			sc, err := s.PutScenario(ctx, "race", "", fmt.Appendf(nil, "writer: %d\n", i))
			versions[i], errs[i] = sc.Version, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent PutScenario: %v", err)
	}
	slices.Sort(versions)
	for i, v := range versions {
		if v != i+1 {
			t.Fatalf("concurrent PutScenario versions = %v, want 1..%d once each", versions, n)
		}
	}
	all, err := s.ScenarioVersions(ctx, "race")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != n {
		t.Errorf("ScenarioVersions: %d versions, want %d", len(all), n)
	}
}

func testCreateRunDefaults(t *testing.T, s store.Store) {
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	r, err := s.CreateRun(ctx, store.Run{Scenario: "baseline-2025", Seed: 7, Replications: 200})
	if err != nil {
		t.Fatalf("CreateRun: %v", err)
	}
	if len(r.ID) != 32 || strings.Trim(r.ID, "0123456789abcdef") != "" {
		t.Errorf("CreateRun: id %q, want 32 lower-case hex digits", r.ID)
	}
	checkTime(t, "CreateRun CreatedAt", r.CreatedAt, before)
	if r.Status != store.Queued || r.Progress != 0 || r.StartedAt != nil || r.FinishedAt != nil || r.Error != "" {
		t.Errorf("CreateRun = %+v, want a queued run", r)
	}
	got, err := s.Run(ctx, r.ID)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	equal(t, "Run after CreateRun", got, r)
	r2, err := s.CreateRun(ctx, store.Run{Scenario: "baseline-2025", Status: store.Queued})
	if err != nil {
		t.Fatalf("CreateRun with status queued: %v", err)
	}
	if r2.ID == r.ID {
		t.Errorf("two runs got one id %s", r.ID)
	}
}

func testCreateRunFields(t *testing.T, s store.Store) {
	ctx := context.Background()
	// A time with nanoseconds in another zone comes back in UTC, cut to the store's
	// precision (a millisecond or finer), the same from CreateRun as from Run.
	created := time.Date(2025, 4, 4, 12, 30, 15, 123456789, time.FixedZone("CST", 8*3600))
	in := store.Run{
		ID: "My_Run-01", Scenario: "apr2025-licensing", ScenarioVersion: 3, ScenarioHash: "0123456789ab",
		Seed: math.MinInt64, Replications: 1 << 20, DataVersion: "world 2025-11 ✓", ProgramVersion: "v0.3.0 (devel)",
		CreatedAt: created,
	}
	r, err := s.CreateRun(ctx, in)
	if err != nil {
		t.Fatalf("CreateRun: %v", err)
	}
	if d := created.Sub(r.CreatedAt); d < 0 || d >= time.Millisecond || r.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt = %v, want %v in UTC", r.CreatedAt, created)
	}
	want := in
	want.Status, want.CreatedAt = store.Queued, r.CreatedAt
	equal(t, "CreateRun", r, want)
	got, err := s.Run(ctx, "My_Run-01")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "Run", got, want)
	in.ID, in.Seed = "max-seed", math.MaxInt64
	if r, err = s.CreateRun(ctx, in); err != nil || r.Seed != math.MaxInt64 {
		t.Fatalf("CreateRun with the largest seed = %+v, %v", r, err)
	}
	if got, err = s.Run(ctx, "max-seed"); err != nil || got.Seed != math.MaxInt64 {
		t.Errorf("Run with the largest seed = %+v, %v", got, err)
	}
}

// testPutScenarioRun checks that PutScenarioRun stores the next version and a queued run
// of that version.
func testPutScenarioRun(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.PutScenario(ctx, "embargo", "v1", []byte("name: embargo\n")); err != nil {
		t.Fatal(err)
	}
	y := "name: embargo\nmonths: 12\n"
	sc, run, err := s.PutScenarioRun(ctx, "embargo", "v2", []byte(y), store.Run{ScenarioHash: "h", Seed: 7, Replications: 3})
	if err != nil {
		t.Fatalf("PutScenarioRun: %v", err)
	}
	if sc.Version != 2 || string(sc.YAML) != y || sc.Hash != hashOf(y) || sc.Title != "v2" {
		t.Errorf("PutScenarioRun scenario = %+v", sc)
	}
	if run.ID == "" || run.Scenario != "embargo" || run.ScenarioVersion != 2 || run.Status != store.Queued || run.Seed != 7 || run.Replications != 3 {
		t.Errorf("PutScenarioRun run = %+v", run)
	}
	latest, err := s.Scenario(ctx, "embargo", 0)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "latest scenario", latest, sc)
	equal(t, "stored run", mustRun(t, s, run.ID), run)
}

// testPutScenarioRunAllOrNothing checks that a run PutScenarioRun cannot store leaves
// no scenario version behind, and a scenario it cannot store leaves no run.
func testPutScenarioRunAllOrNothing(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.CreateRun(ctx, store.Run{ID: "taken", Scenario: "baseline-2025"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		sc     string
		run    store.Run
		target error
	}{
		// Fails inside the transaction, after the scenario is written.
		{"duplicate run id", "embargo", store.Run{ID: "taken"}, store.ErrConflict},
		{"invalid run", "embargo", store.Run{Replications: -1}, store.ErrInvalid},
		{"invalid name", "Embargo!", store.Run{}, store.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := s.PutScenarioRun(ctx, tc.sc, "", []byte("name: embargo\n"), tc.run)
			wantErr(t, "PutScenarioRun", err, tc.target)
			scs, err := s.Scenarios(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(scs) != 0 {
				t.Errorf("scenarios after a refused PutScenarioRun: %+v", scs)
			}
			runs, err := s.Runs(ctx, store.RunFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(runs); !slices.Equal(got, []string{"taken"}) {
				t.Errorf("runs after a refused PutScenarioRun: %v, want [taken]", got)
			}
		})
	}
}

func testCreateRunDuplicateID(t *testing.T, s store.Store) {
	ctx := context.Background()
	first, err := s.CreateRun(ctx, store.Run{ID: "dup", Scenario: "a", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateRun(ctx, store.Run{ID: "dup", Scenario: "b", Seed: 2})
	wantErr(t, "CreateRun with a used id", err, store.ErrConflict)
	got, err := s.Run(ctx, "dup")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "run after a refused duplicate", got, first)
}

func testCreateRunInvalid(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Now()
	for _, tc := range []struct {
		name string
		run  store.Run
	}{
		{"no scenario", store.Run{}},
		{"bad scenario", store.Run{Scenario: "Bad Name"}},
		{"bad id", store.Run{ID: "a b", Scenario: "a"}},
		{"long id", store.Run{ID: strings.Repeat("a", 65), Scenario: "a"}},
		{"running", store.Run{Scenario: "a", Status: store.Running}},
		{"done", store.Run{Scenario: "a", Status: store.Done}},
		{"progress", store.Run{Scenario: "a", Progress: 0.5}},
		{"error", store.Run{Scenario: "a", Error: "boom"}},
		{"started", store.Run{Scenario: "a", StartedAt: &now}},
		{"finished", store.Run{Scenario: "a", FinishedAt: &now}},
		{"negative version", store.Run{Scenario: "a", ScenarioVersion: -1}},
		{"negative replications", store.Run{Scenario: "a", Replications: -1}},
	} {
		_, err := s.CreateRun(ctx, tc.run)
		wantErr(t, "CreateRun "+tc.name, err, store.ErrInvalid)
	}
	runs, err := s.Runs(ctx, store.RunFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 0 {
		t.Errorf("invalid runs were stored: %+v", runs)
	}
}

func testRunLifecycle(t *testing.T, s store.Store) {
	ctx := context.Background()
	r, err := s.CreateRun(ctx, store.Run{Scenario: "embargo", Seed: 42, Replications: 10})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.StartRun(ctx, r.ID); err != nil {
		t.Fatalf("StartRun: %v", err)
	}
	running := mustRun(t, s, r.ID)
	if running.Status != store.Running || running.StartedAt == nil || running.FinishedAt != nil {
		t.Fatalf("after StartRun: %+v", running)
	}
	if running.StartedAt.Before(r.CreatedAt) {
		t.Errorf("StartedAt %v before CreatedAt %v", running.StartedAt, r.CreatedAt)
	}
	for _, p := range []float64{0, 0.25, 0.5, 1} {
		if err := s.SetProgress(ctx, r.ID, p); err != nil {
			t.Fatalf("SetProgress(%v): %v", p, err)
		}
		if got := mustRun(t, s, r.ID); got.Progress != p || got.Status != store.Running {
			t.Errorf("after SetProgress(%v): progress %v, status %s", p, got.Progress, got.Status)
		}
	}
	if err := s.SetProgress(ctx, r.ID, 0.5); err != nil {
		t.Fatal(err)
	}
	result := []byte(`{"shortfall_t": [1, 2, 3], "note": "ünïcode"}`)
	if err := s.FinishRun(ctx, r.ID, result); err != nil {
		t.Fatalf("FinishRun: %v", err)
	}
	done := mustRun(t, s, r.ID)
	if done.Status != store.Done || done.Progress != 1 || done.FinishedAt == nil || done.Error != "" {
		t.Fatalf("after FinishRun: %+v", done)
	}
	if !reflect.DeepEqual(done.StartedAt, running.StartedAt) {
		t.Errorf("FinishRun changed StartedAt from %v to %v", running.StartedAt, done.StartedAt)
	}
	if done.FinishedAt.Before(*done.StartedAt) {
		t.Errorf("FinishedAt %v before StartedAt %v", done.FinishedAt, done.StartedAt)
	}
	for _, tm := range []time.Time{done.CreatedAt, *done.StartedAt, *done.FinishedAt} {
		if tm.Location() != time.UTC {
			t.Errorf("time %v not in UTC", tm)
		}
	}
	got, err := s.Result(ctx, r.ID)
	if err != nil {
		t.Fatalf("Result: %v", err)
	}
	if string(got) != string(result) {
		t.Errorf("Result = %s, want %s", got, result)
	}
	// Fields other than the state are as created.
	want := r
	want.Status, want.Progress, want.StartedAt, want.FinishedAt = store.Done, 1, done.StartedAt, done.FinishedAt
	equal(t, "done run", done, want)
}

func testFailRun(t *testing.T, s store.Store) {
	ctx := context.Background()
	for _, start := range []bool{false, true} {
		r, err := s.CreateRun(ctx, store.Run{Scenario: "embargo"})
		if err != nil {
			t.Fatal(err)
		}
		if start {
			if err := s.StartRun(ctx, r.ID); err != nil {
				t.Fatal(err)
			}
			if err := s.SetProgress(ctx, r.ID, 0.3); err != nil {
				t.Fatal(err)
			}
		}
		err = s.FailRun(ctx, r.ID, "")
		wantErr(t, "FailRun with no message", err, store.ErrInvalid)
		msg := "compile scenario: controls[0].approval: must be within [0, 1], got 1.4"
		if err := s.FailRun(ctx, r.ID, msg); err != nil {
			t.Fatalf("FailRun (started %v): %v", start, err)
		}
		got := mustRun(t, s, r.ID)
		if got.Status != store.Failed || got.Error != msg || got.FinishedAt == nil || (got.StartedAt != nil) != start {
			t.Errorf("after FailRun (started %v): %+v", start, got)
		}
		if start && got.Progress != 0.3 {
			t.Errorf("FailRun changed progress to %v", got.Progress)
		}
		_, err = s.Result(ctx, r.ID)
		wantErr(t, "Result of a failed run", err, store.ErrNotFound)
	}
}

// testTransitions checks every status change from every status: the allowed ones happen,
// the others fail with ErrConflict and change nothing.
func testTransitions(t *testing.T, s store.Store) {
	ctx := context.Background()
	type op struct {
		name string
		do   func(id string) error
		to   store.RunStatus // the status after a successful op
		from []store.RunStatus
	}
	ops := []op{
		{"StartRun", func(id string) error { return s.StartRun(ctx, id) }, store.Running, []store.RunStatus{store.Queued}},
		{"SetProgress", func(id string) error { return s.SetProgress(ctx, id, 0.5) }, store.Running, []store.RunStatus{store.Running}},
		{"FinishRun", func(id string) error { return s.FinishRun(ctx, id, []byte(`{"again":true}`)) }, store.Done, []store.RunStatus{store.Running}},
		{"FailRun", func(id string) error { return s.FailRun(ctx, id, "again") }, store.Failed, []store.RunStatus{store.Queued, store.Running}},
	}
	statuses := []store.RunStatus{store.Queued, store.Running, store.Done, store.Failed, store.Interrupted}
	for _, from := range statuses {
		for _, o := range ops {
			t.Run(fmt.Sprintf("%s/%s", from, o.name), func(t *testing.T) {
				id := runIn(t, s, from)
				before := mustRun(t, s, id)
				err := o.do(id)
				after := mustRun(t, s, id)
				if slices.Contains(o.from, from) {
					if err != nil {
						t.Fatalf("%s of a %s run: %v", o.name, from, err)
					}
					if after.Status != o.to {
						t.Errorf("%s of a %s run: status %s, want %s", o.name, from, after.Status, o.to)
					}
					return
				}
				wantErr(t, fmt.Sprintf("%s of a %s run", o.name, from), err, store.ErrConflict)
				if err != nil && !strings.Contains(err.Error(), id) {
					t.Errorf("error %q does not name the run", err)
				}
				equal(t, "run after a refused "+o.name, after, before)
				res, err := s.Result(ctx, id)
				if from == store.Done {
					if err != nil || string(res) != `{"first":true}` {
						t.Errorf("result after a refused %s = %s, %v", o.name, res, err)
					}
				} else {
					wantErr(t, "Result after a refused "+o.name, err, store.ErrNotFound)
				}
			})
		}
	}
}

// runIn returns the id of a new run brought to status.
func runIn(t *testing.T, s store.Store, status store.RunStatus) string {
	t.Helper()
	ctx := context.Background()
	r, err := s.CreateRun(ctx, store.Run{Scenario: "transitions"})
	if err != nil {
		t.Fatal(err)
	}
	steps := map[store.RunStatus][]func() error{
		store.Running:     {func() error { return s.StartRun(ctx, r.ID) }},
		store.Done:        {func() error { return s.StartRun(ctx, r.ID) }, func() error { return s.FinishRun(ctx, r.ID, []byte(`{"first":true}`)) }},
		store.Failed:      {func() error { return s.FailRun(ctx, r.ID, "first") }},
		store.Interrupted: {func() error { return s.StartRun(ctx, r.ID) }, func() error { _, err := s.RecoverInterrupted(ctx); return err }},
	}
	for _, step := range steps[status] {
		if err := step(); err != nil {
			t.Fatalf("bring a run to %s: %v", status, err)
		}
	}
	if got := mustRun(t, s, r.ID).Status; got != status {
		t.Fatalf("run brought to %s is %s", status, got)
	}
	return r.ID
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	const id = "0123456789abcdef0123456789abcdef"
	for name, err := range map[string]error{
		"StartRun":    s.StartRun(ctx, id),
		"SetProgress": s.SetProgress(ctx, id, 0.5),
		"FinishRun":   s.FinishRun(ctx, id, []byte(`{}`)),
		"FailRun":     s.FailRun(ctx, id, "x"),
		"Run":         second(s.Run(ctx, id)),
		"Result":      second(s.Result(ctx, id)),
	} {
		wantErr(t, name+" of a missing run", err, store.ErrNotFound)
		if err != nil && !strings.Contains(err.Error(), id) {
			t.Errorf("%s: error %q does not name the run", name, err)
		}
	}
}

func testSetProgressInvalid(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := runIn(t, s, store.Running)
	if err := s.SetProgress(ctx, id, 0.25); err != nil {
		t.Fatal(err)
	}
	for _, p := range []float64{-0.01, 1.01, math.NaN(), math.Inf(1), math.Inf(-1)} {
		wantErr(t, fmt.Sprintf("SetProgress(%v)", p), s.SetProgress(ctx, id, p), store.ErrInvalid)
	}
	if got := mustRun(t, s, id).Progress; got != 0.25 {
		t.Errorf("progress after refused updates = %v, want 0.25", got)
	}
}

func testFinishRunInvalidJSON(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := runIn(t, s, store.Running)
	for _, b := range []string{"", "{", "not json", `{"a":1}{"b":2}`} {
		wantErr(t, fmt.Sprintf("FinishRun(%q)", b), s.FinishRun(ctx, id, []byte(b)), store.ErrInvalid)
	}
	if got := mustRun(t, s, id).Status; got != store.Running {
		t.Errorf("status after refused results = %s, want running", got)
	}
	_, err := s.Result(ctx, id)
	wantErr(t, "Result after refused results", err, store.ErrNotFound)
	if err := s.FinishRun(ctx, id, []byte(" [1, 2]\n")); err != nil {
		t.Fatalf("FinishRun with valid JSON: %v", err)
	}
}

func testResultOnlyWhenDone(t *testing.T, s store.Store) {
	ctx := context.Background()
	for _, status := range []store.RunStatus{store.Queued, store.Running, store.Failed, store.Interrupted} {
		_, err := s.Result(ctx, runIn(t, s, status))
		wantErr(t, "Result of a "+string(status)+" run", err, store.ErrNotFound)
	}
}

func testRunsOrder(t *testing.T, s store.Store) {
	ctx := context.Background()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Created out of order; c1 and c2 share a time, so insertion order decides: the later
	// insert is the newer run.
	for _, r := range []struct {
		id string
		at time.Duration
	}{
		{"b", 2 * time.Hour}, {"a", 1 * time.Hour}, {"c1", 3 * time.Hour}, {"d", 4 * time.Hour},
		{"c2", 3 * time.Hour}, {"early", time.Microsecond}, {"earliest", 0},
	} {
		if _, err := s.CreateRun(ctx, store.Run{ID: r.id, Scenario: "order", CreatedAt: base.Add(r.at)}); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := s.Runs(ctx, store.RunFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"d", "c2", "c1", "b", "a", "early", "earliest"}
	if got := ids(runs); !slices.Equal(got, want) {
		t.Errorf("Runs order = %v, want %v", got, want)
	}
	runs, err = s.Runs(ctx, store.RunFilter{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(runs); !slices.Equal(got, want[:3]) {
		t.Errorf("Runs with limit 3 = %v, want %v", got, want[:3])
	}
	// Runs created by the store itself, in one goroutine, list newest first too.
	var made []string
	for range 5 {
		r, err := s.CreateRun(ctx, store.Run{Scenario: "now"})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, r.ID)
	}
	runs, err = s.Runs(ctx, store.RunFilter{Scenario: "now"})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(made)
	if got := ids(runs); !slices.Equal(got, made) {
		t.Errorf("Runs of runs created now = %v, want %v", got, made)
	}
}

func testRunsFilter(t *testing.T, s store.Store) {
	ctx := context.Background()
	base := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	want := map[string][]string{} // "scenario/status" -> ids, newest first
	i := 0
	for _, sc := range []string{"embargo", "licensing"} {
		for _, status := range []store.RunStatus{store.Queued, store.Running, store.Done, store.Failed} {
			for range 2 {
				i++
				r, err := s.CreateRun(ctx, store.Run{ID: fmt.Sprintf("r%02d", i), Scenario: sc, CreatedAt: base.Add(time.Duration(i) * time.Minute)})
				if err != nil {
					t.Fatal(err)
				}
				switch status {
				case store.Running, store.Done:
					if err := s.StartRun(ctx, r.ID); err != nil {
						t.Fatal(err)
					}
				}
				switch status {
				case store.Done:
					if err := s.FinishRun(ctx, r.ID, []byte("{}")); err != nil {
						t.Fatal(err)
					}
				case store.Failed:
					if err := s.FailRun(ctx, r.ID, "x"); err != nil {
						t.Fatal(err)
					}
				}
				for _, key := range []string{"/", sc + "/", "/" + string(status), sc + "/" + string(status)} {
					want[key] = append([]string{r.ID}, want[key]...)
				}
			}
		}
	}
	for _, f := range []store.RunFilter{
		{}, {Scenario: "embargo"}, {Scenario: "licensing"}, {Status: store.Done}, {Status: store.Queued},
		{Scenario: "embargo", Status: store.Running}, {Scenario: "licensing", Status: store.Failed},
		{Status: store.Interrupted}, {Scenario: "missing"},
	} {
		runs, err := s.Runs(ctx, f)
		if err != nil {
			t.Fatalf("Runs(%+v): %v", f, err)
		}
		for _, r := range runs {
			if f.Scenario != "" && r.Scenario != f.Scenario || f.Status != "" && r.Status != f.Status {
				t.Errorf("Runs(%+v) returned %+v", f, r)
			}
		}
		if got, w := ids(runs), want[f.Scenario+"/"+string(f.Status)]; !slices.Equal(got, w) && len(got)+len(w) > 0 {
			t.Errorf("Runs(%+v) = %v, want %v", f, got, w)
		}
	}
	runs, err := s.Runs(ctx, store.RunFilter{Scenario: "embargo", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(runs); !slices.Equal(got, want["embargo/"][:1]) {
		t.Errorf("Runs(embargo, limit 1) = %v, want %v", got, want["embargo/"][:1])
	}
}

func testRunsDefaultLimit(t *testing.T, s store.Store) {
	ctx := context.Background()
	for range 105 {
		if _, err := s.CreateRun(ctx, store.Run{Scenario: "many"}); err != nil {
			t.Fatal(err)
		}
	}
	runs, err := s.Runs(ctx, store.RunFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 100 {
		t.Errorf("Runs with limit 0: %d runs, want the default 100", len(runs))
	}
	runs, err = s.Runs(ctx, store.RunFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 105 {
		t.Errorf("Runs with limit 1000: %d runs, want 105", len(runs))
	}
}

func testRunsInvalidFilter(t *testing.T, s store.Store) {
	ctx := context.Background()
	for _, f := range []store.RunFilter{{Limit: -1}, {Status: "paused"}, {Scenario: "Bad Name"}} {
		_, err := s.Runs(ctx, f)
		wantErr(t, fmt.Sprintf("Runs(%+v)", f), err, store.ErrInvalid)
	}
	runs, err := s.Runs(ctx, store.RunFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if runs == nil || len(runs) != 0 {
		t.Errorf("Runs on an empty store = %#v, want an empty slice", runs)
	}
}

func testRecoverInterrupted(t *testing.T, s store.Store) {
	ctx := context.Background()
	ids, err := s.RecoverInterrupted(ctx)
	if err != nil || len(ids) != 0 {
		t.Fatalf("RecoverInterrupted on an empty store = %v, %v", ids, err)
	}
	byStatus := map[store.RunStatus][]string{}
	for _, status := range []store.RunStatus{store.Queued, store.Running, store.Done, store.Failed, store.Running, store.Queued, store.Running} {
		byStatus[status] = append(byStatus[status], runIn(t, s, status))
	}
	before := map[string]store.Run{}
	for _, list := range byStatus {
		for _, id := range list {
			before[id] = mustRun(t, s, id)
		}
	}
	ids, err = s.RecoverInterrupted(ctx)
	if err != nil {
		t.Fatalf("RecoverInterrupted: %v", err)
	}
	want := slices.Sorted(slices.Values(byStatus[store.Running]))
	if !slices.Equal(ids, want) {
		t.Errorf("RecoverInterrupted = %v, want %v", ids, want)
	}
	for status, list := range byStatus {
		for _, id := range list {
			got := mustRun(t, s, id)
			if status != store.Running {
				equal(t, "a "+string(status)+" run after RecoverInterrupted", got, before[id])
				continue
			}
			if got.Status != store.Interrupted || got.FinishedAt == nil || got.StartedAt == nil || got.Error != store.InterruptedReason {
				t.Errorf("running run after RecoverInterrupted: %+v (want status interrupted, finished, error %q)", got, store.InterruptedReason)
			}
		}
	}
	if ids, err := s.RecoverInterrupted(ctx); err != nil || len(ids) != 0 {
		t.Errorf("second RecoverInterrupted = %v, %v; want none", ids, err)
	}
	// A queued run that survived recovery still runs.
	q := byStatus[store.Queued][0]
	if err := s.StartRun(ctx, q); err != nil {
		t.Errorf("StartRun of a queued run after recovery: %v", err)
	}
}

// testConcurrentWriters runs 50 goroutines that each take a run through its life while
// others list runs: no write may fail or be lost.
func testConcurrentWriters(t *testing.T, s store.Store) {
	ctx := context.Background()
	const writers = 50
	ids := make([]string, writers)
	errs := make(chan error, 2*writers)
	stop := make(chan struct{})
	var readers, wg sync.WaitGroup
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.Runs(ctx, store.RunFilter{Limit: 20}); err != nil {
					errs <- fmt.Errorf("list runs: %w", err)
					return
				}
			}
		})
	}
	for i := range writers {
		wg.Go(func() {
			r, err := s.CreateRun(ctx, store.Run{Scenario: "concurrent", Seed: int64(i)})
			if err != nil {
				errs <- fmt.Errorf("writer %d: %w", i, err)
				return
			}
			ids[i] = r.ID
			for _, step := range []func() error{
				func() error { return s.StartRun(ctx, r.ID) },
				func() error { return s.SetProgress(ctx, r.ID, 0.5) },
				func() error { return s.FinishRun(ctx, r.ID, fmt.Appendf(nil, `{"writer":%d}`, i)) },
			} {
				if err := step(); err != nil {
					errs <- fmt.Errorf("writer %d: %w", i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	runs, err := s.Runs(ctx, store.RunFilter{Scenario: "concurrent", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != writers {
		t.Errorf("%d runs stored, want %d", len(runs), writers)
	}
	for i, id := range ids {
		r := mustRun(t, s, id)
		if r.Status != store.Done || r.Seed != int64(i) {
			t.Errorf("writer %d's run: %+v", i, r)
		}
		res, err := s.Result(ctx, id)
		if want := fmt.Sprintf(`{"writer":%d}`, i); err != nil || string(res) != want {
			t.Errorf("writer %d's result = %s, %v; want %s", i, res, err, want)
		}
	}
}

func testLargeResult(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := runIn(t, s, store.Running)
	var b strings.Builder
	b.WriteString(`{"series":[`)
	for i := 0; b.Len() < 5<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"month":%d,"shortfall_t":%.6f}`, i, math.Sin(float64(i))*1e4)
	}
	b.WriteString("]}")
	result := []byte(b.String())
	if err := s.FinishRun(ctx, id, result); err != nil {
		t.Fatalf("FinishRun with %d bytes: %v", len(result), err)
	}
	got, err := s.Result(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, result) {
		t.Errorf("Result: %d bytes, differing from the %d stored", len(got), len(result))
	}
	// Listing runs does not need the result.
	if runs, err := s.Runs(ctx, store.RunFilter{}); err != nil || len(runs) != 1 {
		t.Errorf("Runs = %d runs, %v", len(runs), err)
	}
}

func testCanceledContext(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.CreateRun(ctx, store.Run{Scenario: "canceled"})
	wantErr(t, "CreateRun with a canceled context", err, context.Canceled)
	_, err = s.PutScenario(ctx, "canceled", "", []byte("{}"))
	wantErr(t, "PutScenario with a canceled context", err, context.Canceled)
	runs, err := s.Runs(context.Background(), store.RunFilter{})
	if err != nil || len(runs) != 0 {
		t.Errorf("Runs after canceled writes = %d runs, %v; want none", len(runs), err)
	}
}

func mustRun(t *testing.T, s store.Store, id string) store.Run {
	t.Helper()
	r, err := s.Run(context.Background(), id)
	if err != nil {
		t.Fatalf("Run(%s): %v", id, err)
	}
	return r
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: error %v, want %v", what, err, target)
	}
}

// equal compares with reflect.DeepEqual, which for times also checks the location: the
// store returns UTC times that compare equal however they were made.
func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

// checkTime checks a time the store set: UTC, not before the test began and not in the
// future.
func checkTime(t *testing.T, what string, tm, notBefore time.Time) {
	t.Helper()
	if tm.Location() != time.UTC || tm.Before(notBefore) || tm.After(time.Now().Add(time.Second)) {
		t.Errorf("%s = %v, want a UTC time set now", what, tm)
	}
}

func hashOf(yaml string) string {
	sum := sha256.Sum256([]byte(yaml))
	return hex.EncodeToString(sum[:])[:12]
}

func ids(runs []store.Run) []string {
	var out []string
	for _, r := range runs {
		out = append(out, r.ID)
	}
	return out
}

func second[T any](_ T, err error) error { return err }

func testPruneResults(t *testing.T, s store.Store) {
	ctx := context.Background()
	result := []byte(`{"shortfall_t":[` + strings.Repeat("0,", 40) + `10]}`) // 100 bytes
	if len(result) != 100 {
		t.Fatalf("result of %d bytes", len(result))
	}
	var done []string // oldest first
	for range 4 {
		id := runIn(t, s, store.Running)
		if err := s.FinishRun(ctx, id, result); err != nil {
			t.Fatal(err)
		}
		done = append(done, id)
	}
	failed := runIn(t, s, store.Failed)
	queued := runIn(t, s, store.Queued)

	if _, err := s.PruneResults(ctx, -1); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PruneResults(-1) = %v, want ErrInvalid", err)
	}
	// Newest first the results add up to 100, 200, 300, 400 bytes: within 250 the two
	// newest stay.
	ids, err := s.PruneResults(ctx, 250)
	if err != nil || !slices.Equal(ids, done[:2]) {
		t.Fatalf("PruneResults(250) = %v, %v; want %v", ids, err, done[:2])
	}
	for _, id := range done[:2] {
		if _, err := s.Run(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("pruned run %s: %v, want ErrNotFound", id, err)
		}
		if _, err := s.Result(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("result of pruned run %s: %v, want ErrNotFound", id, err)
		}
	}
	for _, id := range append(slices.Clone(done[2:]), failed, queued) {
		if _, err := s.Run(ctx, id); err != nil {
			t.Errorf("run %s after pruning: %v", id, err)
		}
	}
	if ids, err := s.PruneResults(ctx, 250); err != nil || len(ids) != 0 {
		t.Errorf("second PruneResults(250) = %v, %v; want none", ids, err)
	}
	// The newest done run stays even when it alone is over the limit.
	if ids, err := s.PruneResults(ctx, 0); err != nil || !slices.Equal(ids, done[2:3]) {
		t.Errorf("PruneResults(0) = %v, %v; want %v", ids, err, done[2:3])
	}
	if _, err := s.Result(ctx, done[3]); err != nil {
		t.Errorf("newest result: %v", err)
	}
}
