package runner

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/store"
)

// TestPlanResultVersion: a plan output stored before outputs carried the contract's
// schema_version is served as version 1, and a plan run now stores the stamp.
func TestPlanResultVersion(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	info, _ := json.Marshal(storedInfo{PlanInfo: PlanInfo{Title: "old", Scenario: "apr2025-licensing"}, FileName: "old.yaml"})
	p, err := st.CreatePlan(ctx, store.Plan{File: []byte(smallPlan), Info: info, DataVersion: "x", ProgramVersion: "old"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.StartPlan(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishPlan(ctx, p.ID, 1, []byte(`{"file":"old.yaml","evaluated":1}`)); err != nil {
		t.Fatal(err)
	}
	r := New(st, dataset(t), Options{Workers: 1, MaxReplications: 3})
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	out, err := r.Plans().Result(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if out.SchemaVersion != 1 || out.File != "old.yaml" {
		t.Errorf("old output served as %+v, want schema_version 1 and its fields", out)
	}

	sub, err := r.Plans().Submit(ctx, "new.yaml", []byte(smallPlan))
	if err != nil {
		t.Fatal(err)
	}
	for {
		got, changed, _ := r.Plans().Watch(sub.ID)
		if got.Status == store.Done || got.Status == store.Failed {
			break
		}
		<-changed
	}
	b, err := st.PlanResult(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	var stamp struct {
		SchemaVersion int `json:"schema_version"`
	}
	if err := json.Unmarshal(b, &stamp); err != nil || stamp.SchemaVersion != result.Version {
		t.Errorf("a new plan's stored output has schema_version %d (%v), want %d", stamp.SchemaVersion, err, result.Version)
	}
}
