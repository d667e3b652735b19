package montecarlo

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/critmin/critmin/internal/compile"
	"github.com/critmin/critmin/internal/sim"
)

// TestReplications: each replication Replications hands over is the run of its draw
// compiled and run alone (frozen products and reused memory change nothing the importer
// sees), whatever the number of goroutines; a visit's error stops the study and is
// returned, as is a cancelled context's.
func TestReplications(t *testing.T) {
	s := fixtureStudy(t, 11, 6, 0)
	want := make([][]byte, s.Replications)
	for i := range want {
		_, r, err := compile.Run(s.World, Draw(s.Scenario, s.Seed, i, make([]float64, len(Inputs(s.Scenario)))), compile.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = importerView(t, r)
	}
	for _, workers := range []int{1, 3} {
		got := make([][]byte, s.Replications)
		var mu sync.Mutex
		err := Replications(context.Background(), s, workers, func(i int, r *sim.Result) error {
			b := importerView(t, r)
			mu.Lock()
			defer mu.Unlock()
			if got[i] != nil {
				t.Errorf("replication %d visited twice", i)
			}
			got[i] = b
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if string(got[i]) != string(want[i]) {
				t.Errorf("%d goroutines: replication %d differs from its draw run alone", workers, i)
			}
		}
	}
	stop := errors.New("stop")
	err := Replications(context.Background(), s, 2, func(i int, r *sim.Result) error {
		if i == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("a visit's error: Replications returned %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Replications(ctx, s, 2, func(int, *sim.Result) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// importerView is what a replication says of the importer: its series by product and the
// summary, without the mass balance residual, a diagnostic summed over every product and
// country, which differs at 1e-17 when products are frozen or countries not recorded.
func importerView(t *testing.T, r *sim.Result) []byte {
	t.Helper()
	s := r.Summary
	s.MaxMassBalance = 0
	b, err := json.Marshal([]any{r.Demand, r.Supply, r.Shortfall, r.Stockpile, r.RivalFree, r.PriceOut, r.PriceIn, r.Cost, s})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
