package runner

import (
	"context"
	"testing"

	"github.com/critmin/critmin/internal/store"
)

// TestCloseLetsARunningPlanFinish: a plan running when the runner closes gets the runs'
// grace (Options.CloseGrace, 30 s by default) to finish, as studies do, instead of
// being interrupted at once.
func TestCloseLetsARunningPlanFinish(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	release := make(chan struct{})
	r := New(st, dataset(t), Options{Workers: 1, MaxReplications: 3,
		AfterPortfolio: func(ctx context.Context) {
			select {
			case <-release:
			case <-ctx.Done():
			}
		}})
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	info, err := r.Plans().Submit(ctx, "p.yaml", []byte(smallPlan))
	if err != nil {
		t.Fatal(err)
	}
	for { // the plan is running, held after its first portfolio
		got, changed, _ := r.Plans().Watch(info.ID)
		if got.Evaluated >= 1 {
			break
		}
		<-changed
	}
	closed := make(chan error, 1)
	go func() { closed <- r.Close() }()
	p := r.Plans()
	p.mu.Lock()
	for !p.closing { // Close has begun: close() sets closing and broadcasts
		p.cond.Wait()
	}
	p.mu.Unlock()
	close(release) // the plan may go on now, within the grace
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if got, _ := r.Plans().Get(info.ID); got.Status != store.Done {
		t.Errorf("plan after Close: %s (%s), want done within the grace", got.Status, got.Error)
	}
}
