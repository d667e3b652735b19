package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// CreatePlan stores a new queued plan; ID and CreatedAt are set by the store when empty.
func (p *Postgres) CreatePlan(ctx context.Context, pl Plan) (Plan, error) {
	pl, err := newPlan(pl)
	if err != nil {
		return Plan{}, fmt.Errorf("create plan: %w", err)
	}
	tag, err := p.pool.Exec(ctx, `INSERT INTO plans (id, file, info, data_version, program_version, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
		pl.ID, pl.File, pl.Info, pl.DataVersion, pl.ProgramVersion, string(pl.Status), pl.CreatedAt)
	if err == nil && tag.RowsAffected() == 0 {
		err = errDuplicateRun
	}
	if err != nil {
		return Plan{}, fmt.Errorf("create plan %s: %w", pl.ID, err)
	}
	return pl, nil
}

// StartPlan marks a queued plan running.
func (p *Postgres) StartPlan(ctx context.Context, id string) error {
	if err := pgGuarded(ctx, p.pool, planRows, `UPDATE plans SET status = 'running', started_at = $1
		WHERE id = $2 AND status = 'queued'`, now(), id); err != nil {
		return fmt.Errorf("start plan %s: %w", id, err)
	}
	return nil
}

// SetPlanProgress records a running plan's portfolios evaluated and progress (0..1).
func (p *Postgres) SetPlanProgress(ctx context.Context, id string, evaluated int, progress float64) error {
	err := checkPlanProgress(evaluated, progress)
	if err == nil {
		err = pgGuarded(ctx, p.pool, planRows, `UPDATE plans SET evaluated = $1, progress = $2
			WHERE id = $3 AND status = 'running'`, evaluated, progress, id)
	}
	if err != nil {
		return fmt.Errorf("set plan progress %s: %w", id, err)
	}
	return nil
}

// FinishPlan stores a running plan's output (JSON) and marks it done, in one transaction.
func (p *Postgres) FinishPlan(ctx context.Context, id string, evaluated int, result []byte) error {
	err := checkPlanProgress(evaluated, 1)
	if err == nil {
		err = checkResult(result)
	}
	if err == nil {
		err = pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
			if err := pgGuarded(ctx, tx, planRows, `UPDATE plans SET status = 'done', evaluated = $1, progress = 1, finished_at = $2
				WHERE id = $3 AND status = 'running'`, evaluated, now(), id); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO plan_results (plan_id, result) VALUES ($1, $2)`, id, result)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("finish plan %s: %w", id, err)
	}
	return nil
}

// FailPlan marks a queued or running plan failed with a message.
func (p *Postgres) FailPlan(ctx context.Context, id string, msg string) error {
	err := errNoMessage
	if msg != "" {
		err = pgGuarded(ctx, p.pool, planRows, `UPDATE plans SET status = 'failed', error = $1, finished_at = $2
			WHERE id = $3 AND status IN ('queued', 'running')`, msg, now(), id)
	}
	if err != nil {
		return fmt.Errorf("fail plan %s: %w", id, err)
	}
	return nil
}

// Plan returns one plan.
func (p *Postgres) Plan(ctx context.Context, id string) (Plan, error) {
	pl, err := scanPostgresPlan(p.pool.QueryRow(ctx, `SELECT `+planColumns+` FROM plans WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return Plan{}, fmt.Errorf("plan %s: %w", id, err)
	}
	return pl, nil
}

// Plans returns plans matching f, newest first.
func (p *Postgres) Plans(ctx context.Context, f PlanFilter) ([]Plan, error) {
	limit, err := checkPlanFilter(f)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	rows, err := p.pool.Query(ctx, `SELECT `+planColumns+` FROM plans
		WHERE ($1 = '' OR status = $1) ORDER BY created_at DESC, seq DESC LIMIT $2`, string(f.Status), limit)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	plans := []Plan{}
	for rows.Next() {
		pl, err := scanPostgresPlan(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("plans: %w", err)
		}
		plans = append(plans, pl)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	return plans, nil
}

func scanPostgresPlan(row pgx.Row) (Plan, error) {
	var pl Plan
	var status string
	err := row.Scan(&pl.ID, &pl.File, &pl.Info, &pl.DataVersion, &pl.ProgramVersion, &status, &pl.Error, &pl.Evaluated, &pl.Progress,
		&pl.CreatedAt, &pl.StartedAt, &pl.FinishedAt)
	if err != nil {
		return Plan{}, err
	}
	pl.Status = RunStatus(status)
	pl.CreatedAt = storedTime(pl.CreatedAt)
	pl.StartedAt = storedTimePtr(pl.StartedAt)
	pl.FinishedAt = storedTimePtr(pl.FinishedAt)
	return pl, nil
}

// PlanResult returns a done plan's output JSON.
func (p *Postgres) PlanResult(ctx context.Context, id string) ([]byte, error) {
	var status string
	var result []byte
	err := p.pool.QueryRow(ctx, `SELECT plans.status, plan_results.result FROM plans
		LEFT JOIN plan_results ON plan_results.plan_id = plans.id WHERE plans.id = $1`, id).Scan(&status, &result)
	if errors.Is(err, pgx.ErrNoRows) {
		err = ErrNotFound
	}
	if err == nil && result == nil {
		err = noPlanResult(RunStatus(status))
	}
	if err != nil {
		return nil, fmt.Errorf("plan result %s: %w", id, err)
	}
	return result, nil
}

// PrunePlans deletes the finished plans beyond the newest keep, with their outputs.
func (p *Postgres) PrunePlans(ctx context.Context, keep int) ([]string, error) {
	if keep < 0 {
		return nil, fmt.Errorf("prune plans: keep %d: %w", keep, ErrInvalid)
	}
	return p.prune(ctx, "prune plans", fmt.Sprintf(prunePlansQuery, "$1"), keep,
		`DELETE FROM plan_results WHERE plan_id = ANY($1)`, `DELETE FROM plans WHERE id = ANY($1)`)
}

// RecoverInterruptedPlans marks every running plan interrupted and returns their ids.
func (p *Postgres) RecoverInterruptedPlans(ctx context.Context) ([]string, error) {
	return p.markInterrupted(ctx, "plans")
}
