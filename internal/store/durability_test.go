package store_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/store"
)

// crashChildEnv, when set to a database path, makes TestSQLiteSurvivesKill the child
// process that writes runs until it is killed.
const crashChildEnv = "CRITMIN_STORE_CRASH_CHILD"

// TestSQLiteSurvivesKill kills (SIGKILL) a process in the middle of writing runs, then
// checks that every run it reported finished is done with its result, that the database
// is intact, and that RecoverInterrupted marks the runs it left running.
func TestSQLiteSurvivesKill(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(path)
		return
	}
	if testing.Short() {
		t.Skip("kills a child process: skipped in -short mode")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestSQLiteSurvivesKill$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill the child however this test ends; a second kill is harmless.
	defer cmd.Process.Kill()
	timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer timer.Stop()

	const killAfter = 150 // finished runs
	finished := map[string]bool{}
	running := map[string]bool{}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		// Every line was printed after its write committed, so lines still in the pipe
		// after the kill count too.
		switch word, id, _ := strings.Cut(sc.Text(), " "); word {
		case "finished":
			finished[id] = true
			if len(finished) == killAfter {
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
			}
		case "running":
			running[id] = true
		}
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, not killed; %d runs finished", err, len(finished))
	}
	if len(finished) < killAfter || len(running) == 0 {
		t.Fatalf("child reported %d finished and %d running runs before the kill", len(finished), len(running))
	}

	checkIntegrity(t, path)
	ctx := context.Background()
	s, err := store.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatalf("reopen after the kill: %v", err)
	}
	defer s.Close()
	for id := range finished {
		r, err := s.Run(ctx, id)
		if err != nil || r.Status != store.Done {
			t.Errorf("run %s reported finished: %+v, %v", id, r, err)
			continue
		}
		res, err := s.Result(ctx, id)
		if err != nil || string(res) != crashResult(id) {
			t.Errorf("run %s reported finished: result of %d bytes, %v", id, len(res), err)
		}
	}
	for id := range running {
		if r, err := s.Run(ctx, id); err != nil || r.Status != store.Running {
			t.Errorf("run %s reported running: %+v, %v", id, r, err)
		}
	}
	recovered, err := s.RecoverInterrupted(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec := map[string]bool{}
	for _, id := range recovered {
		rec[id] = true
	}
	for id := range running {
		if !rec[id] {
			t.Errorf("run %s left running was not recovered", id)
		}
	}
	runs, err := s.Runs(ctx, store.RunFilter{Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		if r.Status == store.Running {
			t.Errorf("run %s still running after recovery", r.ID)
		}
	}
	t.Logf("killed after %d finished runs; %d runs stored; %d recovered (%d reported running)",
		len(finished), len(runs), len(recovered), len(running))
}

// crashChild writes runs from several goroutines until it is killed, printing the id of
// each run once its last write has committed: "finished ID" for a done run, "running ID"
// for one it leaves running.
func crashChild(path string) {
	s, err := store.OpenSQLite(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	go func() {
		// The parent kills the child long before; this ends an orphan.
		time.Sleep(time.Minute)
		os.Exit(3)
	}()
	var mu sync.Mutex
	report := func(word, id string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf("%s %s\n", word, id)
	}
	ctx := context.Background()
	for w := range 4 {
		go func() {
			for i := 0; ; i++ {
				r, err := s.CreateRun(ctx, store.Run{Scenario: "crash", Seed: int64(w<<32 | i)})
				if err == nil {
					err = s.StartRun(ctx, r.ID)
				}
				if err == nil {
					err = s.SetProgress(ctx, r.ID, 0.5)
				}
				if err == nil && i%4 == 0 {
					report("running", r.ID)
					continue
				}
				if err == nil {
					err = s.FinishRun(ctx, r.ID, []byte(crashResult(r.ID)))
				}
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				report("finished", r.ID)
			}
		}()
	}
	select {}
}

// crashResult is the result the child stores for run id: 32 KiB, so that a torn write
// would show.
func crashResult(id string) string {
	return fmt.Sprintf(`{"id":%q,"pad":%q}`, id, strings.Repeat(id, 1024))
}

func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity check after the kill: %q, %v", res, err)
	}
}
