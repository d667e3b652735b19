package compile_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// TestRunIsCompileThenRun: Run gives the bytes of compiling and running by hand, calls
// its progress once a month, and gives the same bytes when it reuses the memory of
// earlier runs.
func TestRunIsCompileThenRun(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	env, err := scenario.DefaultEnv()
	if err != nil {
		t.Fatal(err)
	}
	sc := func(name string) *scenario.Scenario {
		s, err := env.Base(name)
		if err != nil {
			t.Fatal(err)
		}
		if s, err = scenario.Resolve(s, env.Base); err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := sc("apr2025-licensing")
	m, err := compile.Compile(ds, a)
	if err != nil {
		t.Fatal(err)
	}
	want := sim.NewResult(m)
	sim.Run(m, want)
	wantJSON, _ := json.Marshal(want)

	calls, last := 0, 0
	_, got, err := compile.Run(ds, a, compile.RunOptions{Progress: func(done, total int) {
		calls++
		if done != calls || total != want.Months {
			t.Fatalf("progress %d of %d at call %d", done, total, calls)
		}
		last = done
	}})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(got); string(b) != string(wantJSON) {
		t.Fatal("Run differs from Compile then sim.Run")
	}
	if calls != want.Months || last != want.Months {
		t.Errorf("%d progress calls, last %d; want %d", calls, last, want.Months)
	}
	// Reused: the second of two runs takes over the first one's result, with the same
	// bytes; a scenario of another shape gets a result of its own, with the bytes of a
	// fresh run; and after a failed compile the next run is still right.
	var reuse compile.Reuse
	_, first, err := compile.Run(ds, a, compile.RunOptions{Reuse: &reuse})
	if err != nil {
		t.Fatal(err)
	}
	_, again, err := compile.Run(ds, a, compile.RunOptions{Reuse: &reuse})
	if err != nil || again != first {
		t.Fatalf("a result of the model's shape was not reused (%v)", err)
	}
	if b, _ := json.Marshal(again); string(b) != string(wantJSON) {
		t.Fatal("Run reusing a model, engine and result differs")
	}
	short := *a
	short.End = short.Start + 12
	_, fresh, err := compile.Run(ds, &short, compile.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	freshJSON, _ := json.Marshal(fresh)
	_, other, err := compile.Run(ds, &short, compile.RunOptions{Reuse: &reuse})
	if err != nil || other == first || other.Months == want.Months {
		t.Fatalf("a result of another shape: reused %v, %d months, %v", other == first, other.Months, err)
	}
	if b, _ := json.Marshal(other); string(b) != string(freshJSON) {
		t.Fatal("Run reusing the memory of another shape differs from a fresh run")
	}
	if _, _, err := compile.Run(ds, &scenario.Scenario{Name: "empty"}, compile.RunOptions{Reuse: &reuse}); err == nil {
		t.Error("an empty scenario ran")
	}
	if _, r, err := compile.Run(ds, a, compile.RunOptions{Reuse: &reuse}); err != nil {
		t.Fatal(err)
	} else if b, _ := json.Marshal(r); string(b) != string(wantJSON) {
		t.Fatal("Run after a failed compile differs")
	}
	if _, _, err := compile.Run(ds, &scenario.Scenario{Name: "empty"}, compile.RunOptions{}); err == nil {
		t.Error("an empty scenario ran")
	}
	// Given the compiled model, Run runs it, without compiling again, to the same bytes.
	pre, err := compile.Compile(ds, a)
	if err != nil {
		t.Fatal(err)
	}
	ran, r, err := compile.Run(ds, a, compile.RunOptions{Model: pre})
	if err != nil || ran != pre {
		t.Fatalf("Run with a compiled model ran another (%v)", err)
	}
	if b, _ := json.Marshal(r); string(b) != string(wantJSON) {
		t.Fatal("Run of a model compiled beforehand differs")
	}
}

// TestOneWayToRun: outside the engine and the compiler, nothing builds an engine or runs
// a model by itself: a scenario is compiled and run through compile.Run. The exceptions
// are the Monte Carlo executor's replication loop (which reuses models and engines
// between replications) and the benchmark (which times compiling and running apart).
func TestOneWayToRun(t *testing.T) {
	root := filepath.Join("..", "..")
	allowed := map[string]bool{
		"internal/montecarlo/study.go": true,
		"cmd/critmin/cmd_bench.go":     true,
	}
	skipDirs := map[string]bool{"internal/sim": true, "internal/compile": true, ".git": true}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if skipDirs[rel] {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || allowed[rel] {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, call := range []string{"sim.NewEngine(", "sim.Run(", ".RunWithProgress("} {
			if strings.Contains(string(b), call) {
				t.Errorf("%s calls %s: compile and run scenarios through compile.Run", rel, call)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
