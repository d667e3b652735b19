package runner

import (
	"testing"

	"github.com/critmin/critmin/internal/store"
)

// TestStoredProgress: a run the runner does not hold reports what the store knows: a
// finished study all its replications, a running one its share of them, a deterministic
// run its unit with counts unknown (0).
func TestStoredProgress(t *testing.T) {
	tests := []struct {
		name string
		run  store.Run
		want Progress
	}{
		{"done study", store.Run{ID: "a", Status: store.Done, Replications: 200, Progress: 1},
			Progress{RunID: "a", Status: store.Done, Done: 200, Total: 200, Unit: unitReplications}},
		{"interrupted study", store.Run{ID: "b", Status: store.Interrupted, Replications: 200, Progress: 0.25, Error: "server stopped"},
			Progress{RunID: "b", Status: store.Interrupted, Done: 50, Total: 200, Unit: unitReplications, Error: "server stopped"}},
		{"done run", store.Run{ID: "c", Status: store.Done, Progress: 1},
			Progress{RunID: "c", Status: store.Done, Unit: unitMonths}},
		// The server stores a deterministic run with 1 replication: it is not a study.
		{"done run as stored", store.Run{ID: "d", Status: store.Done, Replications: 1, Progress: 1},
			Progress{RunID: "d", Status: store.Done, Unit: unitMonths}},
	}
	for _, tt := range tests {
		if got := storedProgress(tt.run); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
