package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/runner"
	"github.com/critmin/critmin/internal/store"
)

// TestServePlansSurviveKill is TestServeSurvivesKill for plans, on SQLite and on
// PostgreSQL: a finished plan's state and output, a plan being executed when the server
// is killed (marked interrupted by the next server) and a plan waiting behind it (run by
// the next server) all come through a SIGKILL and a restart on the same database.
func TestServePlansSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dbs := map[string]string{"sqlite": filepath.Join(t.TempDir(), "critmin.db")}
	if base := os.Getenv("CRITMIN_TEST_POSTGRES"); base != "" {
		dbs["postgres"] = testPostgresSchema(t, base)
	} else if os.Getenv("CRITMIN_REQUIRE_POSTGRES") != "" {
		t.Fatal("CRITMIN_REQUIRE_POSTGRES is set but CRITMIN_TEST_POSTGRES is not")
	}
	example, err := os.ReadFile("../../examples/heavy-re-road.plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, db := range dbs {
		t.Run(name, func(t *testing.T) { testPlansSurviveKill(t, db, example) })
	}
}

func testPlansSurviveKill(t *testing.T, db string, example []byte) {
	// The example plan takes 40 replications per portfolio.
	srv := startServe(t, db, "--max-replications", "40")
	finished := srv.submitPlan(t, example)
	srv.waitPlan(t, finished, "done", func(p runner.PlanInfo) bool { return p.Status == store.Done })
	sum := srv.planResultSum(t, finished)

	// Plans run one at a time: the first executes, the second waits.
	killed, waiting := srv.submitPlan(t, example), srv.submitPlan(t, example)
	srv.waitPlan(t, killed, "running with a portfolio evaluated", func(p runner.PlanInfo) bool { return p.Status == store.Running && p.Evaluated > 0 })
	if p := srv.plan(t, waiting); p.Status != store.Queued {
		t.Fatalf("plan %s is %s before the kill, want queued", waiting, p.Status)
	}
	if err := srv.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	srv.cmd.Wait()

	again := startServe(t, db, "--max-replications", "40")
	if p := again.plan(t, finished); p.Status != store.Done || again.planResultSum(t, finished) != sum {
		t.Errorf("finished plan after the restart: %s, output changed: %v", p.Status, again.planResultSum(t, finished) != sum)
	}
	if p := again.plan(t, killed); p.Status != store.Interrupted || p.Error == "" {
		t.Errorf("plan running at the kill: %+v, want interrupted with a reason", p)
	}
	p := again.waitPlan(t, waiting, "finished", func(p runner.PlanInfo) bool { return p.Status != store.Queued && p.Status != store.Running })
	if p.Status != store.Done || again.planResultSum(t, waiting) != sum {
		t.Errorf("plan waiting at the kill: %s (%s), same output as the first: %v", p.Status, p.Error, again.planResultSum(t, waiting) == sum)
	}
	if err := again.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := again.cmd.Wait(); err != nil {
		t.Errorf("graceful shutdown: %v", err)
	}
}

// submitPlan posts a plan file and returns the plan's id.
func (c *child) submitPlan(t *testing.T, file []byte) string {
	t.Helper()
	req, err := http.NewRequest("POST", c.base+"/api/v1/plans", bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/yaml")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p runner.PlanInfo
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("submit plan: %d %v", resp.StatusCode, err)
	}
	return p.ID
}

func (c *child) plan(t *testing.T, id string) runner.PlanInfo {
	t.Helper()
	code, b := c.request(t, "GET", "/api/v1/plans/"+id, nil)
	if code != 200 {
		t.Fatalf("plan %s: %d %s", id, code, b)
	}
	var p runner.PlanInfo
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// waitPlan polls a plan until cond holds.
func (c *child) waitPlan(t *testing.T, id, what string, cond func(runner.PlanInfo) bool) runner.PlanInfo {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		p := c.plan(t, id)
		if cond(p) {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("plan %s: still %s (%d evaluated), waited for %s", id, p.Status, p.Evaluated, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (c *child) planResultSum(t *testing.T, id string) [32]byte {
	t.Helper()
	code, b := c.request(t, "GET", "/api/v1/plans/"+id+"/result", nil)
	if code != 200 || !json.Valid(b) {
		t.Fatalf("plan result %s: %d %.200s", id, code, b)
	}
	return sha256.Sum256(b)
}
