package store

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Plan is a plan submitted to critmin serve: a search over portfolios of candidate
// measures (internal/plan), which moves through the statuses of a run.
type Plan struct {
	ID string `json:"id"`
	// File is the plan file as submitted, from which the plan can be checked and run
	// again after a restart.
	File []byte `json:"-"`
	// Info is the runner's description of the plan (JSON), kept so that listing plans
	// needs no parsing of their files. The store only checks that it is JSON.
	Info           []byte    `json:"-"`
	DataVersion    string    `json:"data_version"`
	ProgramVersion string    `json:"program_version"`
	Status         RunStatus `json:"status"`
	Error          string    `json:"error,omitempty"`
	// Evaluated is how many portfolios have been evaluated; Progress is the share of the
	// search done, 0..1.
	Evaluated  int        `json:"evaluated"`
	Progress   float64    `json:"progress"`
	CreatedAt  time.Time  `json:"created_at"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// PlanFilter selects plans; zero fields match everything. Plans are returned newest
// first.
type PlanFilter struct {
	Status RunStatus
	Limit  int // 0 = a default of 100
}

// planColumns lists a plan's columns in the order both backends scan them.
const planColumns = `id, file, info, data_version, program_version, status, error, evaluated, progress,
	created_at, started_at, finished_at`

// prunePlansQuery selects the finished plans beyond the newest keep ($1 or ?), oldest
// first.
const prunePlansQuery = `SELECT id FROM (
		SELECT id, finished_at, seq, ROW_NUMBER() OVER (ORDER BY finished_at DESC, seq DESC) AS n
		FROM plans WHERE status IN ('done', 'failed', 'interrupted')
	) t WHERE n > %s
	ORDER BY finished_at, seq`

// newPlan checks a plan given to CreatePlan and fills in what the store sets, as newRun
// does for runs.
func newPlan(p Plan) (Plan, error) {
	if p.ID == "" {
		p.ID = NewID()
	} else if err := checkID(p.ID); err != nil {
		return Plan{}, err
	}
	if len(p.File) == 0 {
		return Plan{}, fmt.Errorf("plan %s: empty file: %w", p.ID, ErrInvalid)
	}
	if err := checkResult(p.Info); err != nil {
		return Plan{}, fmt.Errorf("plan %s: info: %w", p.ID, err)
	}
	if p.Status != "" && p.Status != Queued || p.Error != "" || p.Evaluated != 0 || p.Progress != 0 || p.StartedAt != nil || p.FinishedAt != nil {
		return Plan{}, fmt.Errorf("plan %s: a new plan must be queued with no progress, error or start and finish times: %w", p.ID, ErrInvalid)
	}
	p.Status = Queued
	p.File, p.Info = slices.Clone(p.File), slices.Clone(p.Info)
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now()
	} else {
		p.CreatedAt = storedTime(p.CreatedAt)
	}
	return p, nil
}

// checkPlanProgress checks what SetPlanProgress and FinishPlan record.
func checkPlanProgress(evaluated int, progress float64) error {
	if evaluated < 0 || evaluated > math.MaxInt32 {
		return fmt.Errorf("evaluated %d: must be within [0, %d]: %w", evaluated, math.MaxInt32, ErrInvalid)
	}
	return checkProgress(progress)
}

// checkPlanFilter checks f and returns its limit with the default applied.
func checkPlanFilter(f PlanFilter) (int, error) {
	return checkFilter(RunFilter{Status: f.Status, Limit: f.Limit})
}

// wrongPlanStatus is the error of a status change that a plan in status cannot make.
func wrongPlanStatus(status RunStatus) error {
	return fmt.Errorf("plan is %s: %w", status, ErrConflict)
}

// noPlanResult is the error of asking for the output of a plan that is not done.
func noPlanResult(status RunStatus) error {
	return fmt.Errorf("plan is %s, not done: no result: %w", status, ErrNotFound)
}
