package store

import (
	"context"
	"errors"
	"time"
)

// Sentinel errors callers branch on; the API maps them to HTTP status codes.
var (
	// ErrNotFound: no scenario, version, run or result with that key.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the write contradicts the stored state (e.g. a result for a run that
	// already has one, or a status change out of order).
	ErrConflict = errors.New("conflict")
	// ErrInvalid: an argument the store refuses before touching the database (e.g. a
	// scenario name that is not a lower-case slug, or a progress outside 0..1).
	ErrInvalid = errors.New("invalid")
)

// Scenario is one stored version of a user scenario file. Versions of a name count from
// 1; each PutScenario adds the next.
type Scenario struct {
	Name      string    `json:"name"`
	Version   int       `json:"version"`
	YAML      []byte    `json:"-"`
	Hash      string    `json:"hash"` // of the YAML, hex SHA-256 prefix
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"created_at"`
}

// RunStatus is where a run is in its life.
type RunStatus string

// The run statuses. A run moves queued -> running -> done | failed; a run found running
// when a server starts (the server was killed mid-run) becomes interrupted.
const (
	Queued      RunStatus = "queued"
	Running     RunStatus = "running"
	Done        RunStatus = "done"
	Failed      RunStatus = "failed"
	Interrupted RunStatus = "interrupted"
)

// Run is a simulation run submitted to the server.
type Run struct {
	ID string `json:"id"`
	// Scenario is a built-in name or a stored scenario's name; ScenarioVersion is 0 for a
	// built-in.
	Scenario        string    `json:"scenario"`
	ScenarioVersion int       `json:"scenario_version"`
	ScenarioHash    string    `json:"scenario_hash"`
	Seed            int64     `json:"seed"`
	Replications    int       `json:"replications"`
	DataVersion     string    `json:"data_version"`
	ProgramVersion  string    `json:"program_version"`
	Status          RunStatus `json:"status"`
	Error           string    `json:"error,omitempty"`
	// Progress is the share of the run done, 0..1, updated while it runs.
	Progress   float64    `json:"progress"`
	CreatedAt  time.Time  `json:"created_at"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// InterruptedReason is the error recorded for a run or plan found running when its
// server stopped (RecoverInterrupted, RecoverInterruptedPlans).
const InterruptedReason = "the server stopped while it ran; submit it again"

// RunFilter selects runs; zero fields match everything. Runs are returned newest first.
type RunFilter struct {
	Scenario string
	Status   RunStatus
	Limit    int // 0 = a default of 100
}

// Store is the persistence of critmin serve. Implementations are safe for concurrent use;
// every method is atomic: after a crash a write either happened whole or not at all.
type Store interface {
	// PutScenario stores the next version of a named scenario and returns it.
	PutScenario(ctx context.Context, name, title string, yaml []byte) (Scenario, error)
	// PutScenarioRun stores the next version of a named scenario and a new queued run of
	// it (r.Scenario and r.ScenarioVersion are set to the new version) in one
	// transaction: when either write fails, neither is stored.
	PutScenarioRun(ctx context.Context, name, title string, yaml []byte, r Run) (Scenario, Run, error)
	// Scenario returns one version of a scenario (version 0: the latest).
	Scenario(ctx context.Context, name string, version int) (Scenario, error)
	// Scenarios returns the latest version of every stored scenario, sorted by name.
	Scenarios(ctx context.Context) ([]Scenario, error)
	// ScenarioVersions returns every version of a scenario, oldest first.
	ScenarioVersions(ctx context.Context, name string) ([]Scenario, error)

	// CreateRun stores a new queued run; ID and CreatedAt are set by the store when empty.
	CreateRun(ctx context.Context, r Run) (Run, error)
	// StartRun marks a queued run running.
	StartRun(ctx context.Context, id string) error
	// SetProgress records a running run's progress (0..1).
	SetProgress(ctx context.Context, id string, progress float64) error
	// FinishRun stores a running run's result (JSON) and marks it done, in one
	// transaction.
	FinishRun(ctx context.Context, id string, result []byte) error
	// FailRun marks a queued or running run failed with a message.
	FailRun(ctx context.Context, id string, msg string) error
	// Run returns one run.
	Run(ctx context.Context, id string) (Run, error)
	// Runs returns runs matching f, newest first.
	Runs(ctx context.Context, f RunFilter) ([]Run, error)
	// Result returns a done run's result JSON.
	Result(ctx context.Context, id string) ([]byte, error)
	// PruneResults enforces a retention limit: while the results of done runs take more
	// than maxBytes, it deletes the oldest done run (by finishing time) with its result.
	// The newest done run is always kept. It returns the ids deleted, oldest first.
	PruneResults(ctx context.Context, maxBytes int64) ([]string, error)
	// RecoverInterrupted marks every running run interrupted (the server that ran it died)
	// and returns their ids; queued runs stay queued for the new server to pick up.
	RecoverInterrupted(ctx context.Context) ([]string, error)

	// CreatePlan stores a new queued plan; ID and CreatedAt are set by the store when
	// empty.
	CreatePlan(ctx context.Context, p Plan) (Plan, error)
	// StartPlan marks a queued plan running.
	StartPlan(ctx context.Context, id string) error
	// SetPlanProgress records a running plan's portfolios evaluated and progress (0..1).
	SetPlanProgress(ctx context.Context, id string, evaluated int, progress float64) error
	// FinishPlan stores a running plan's output (JSON) and marks it done, in one
	// transaction.
	FinishPlan(ctx context.Context, id string, evaluated int, result []byte) error
	// FailPlan marks a queued or running plan failed with a message.
	FailPlan(ctx context.Context, id string, msg string) error
	// Plan returns one plan.
	Plan(ctx context.Context, id string) (Plan, error)
	// Plans returns plans matching f, newest first.
	Plans(ctx context.Context, f PlanFilter) ([]Plan, error)
	// PlanResult returns a done plan's output JSON.
	PlanResult(ctx context.Context, id string) ([]byte, error)
	// PrunePlans deletes the finished (done, failed or interrupted) plans beyond the
	// newest keep, with their outputs, and returns their ids, oldest first.
	PrunePlans(ctx context.Context, keep int) ([]string, error)
	// RecoverInterruptedPlans marks every running plan interrupted and returns their
	// ids; queued plans stay queued for the new server to pick up.
	RecoverInterruptedPlans(ctx context.Context) ([]string, error)

	// LockServer takes the database's server lock and holds it until Close, so that one
	// server at a time executes the database's runs. While another process holds it,
	// LockServer returns an error wrapping ErrLocked that names the holder when it can.
	// A process that dies releases its lock. Called again, it checks the lock is still
	// held (a PostgreSQL session can end under the server) and takes it back if it can:
	// a server calls it periodically and stops on ErrLocked.
	LockServer(ctx context.Context) error

	// Close releases the store.
	Close() error
}
