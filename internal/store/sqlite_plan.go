package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// CreatePlan stores a new queued plan; ID and CreatedAt are set by the store when empty.
func (s *SQLite) CreatePlan(ctx context.Context, p Plan) (Plan, error) {
	p, err := newPlan(p)
	if err != nil {
		return Plan{}, fmt.Errorf("create plan: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO plans (id, file, info, data_version, program_version, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			p.ID, p.File, p.Info, p.DataVersion, p.ProgramVersion, p.Status, p.CreatedAt.UnixMicro())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err == nil && n == 0 {
			err = errDuplicateRun
		}
		return err
	})
	if err != nil {
		return Plan{}, fmt.Errorf("create plan %s: %w", p.ID, err)
	}
	return p, nil
}

// StartPlan marks a queued plan running.
func (s *SQLite) StartPlan(ctx context.Context, id string) error {
	return s.transition(ctx, planRows, "start plan", id, `UPDATE plans SET status = 'running', started_at = ?
		WHERE id = ? AND status = 'queued'`, now().UnixMicro(), id)
}

// SetPlanProgress records a running plan's portfolios evaluated and progress (0..1).
func (s *SQLite) SetPlanProgress(ctx context.Context, id string, evaluated int, progress float64) error {
	if err := checkPlanProgress(evaluated, progress); err != nil {
		return fmt.Errorf("set plan progress %s: %w", id, err)
	}
	return s.transition(ctx, planRows, "set plan progress", id, `UPDATE plans SET evaluated = ?, progress = ?
		WHERE id = ? AND status = 'running'`, evaluated, progress, id)
}

// FinishPlan stores a running plan's output (JSON) and marks it done, in one transaction.
func (s *SQLite) FinishPlan(ctx context.Context, id string, evaluated int, result []byte) error {
	err := checkPlanProgress(evaluated, 1)
	if err == nil {
		err = checkResult(result)
	}
	if err == nil {
		err = s.write(ctx, func(tx *sql.Tx) error {
			if err := sqliteGuarded(ctx, tx, planRows, `UPDATE plans SET status = 'done', evaluated = ?, progress = 1, finished_at = ?
				WHERE id = ? AND status = 'running'`, evaluated, now().UnixMicro(), id); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO plan_results (plan_id, result) VALUES (?, ?)`, id, result)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("finish plan %s: %w", id, err)
	}
	return nil
}

// FailPlan marks a queued or running plan failed with a message.
func (s *SQLite) FailPlan(ctx context.Context, id string, msg string) error {
	if msg == "" {
		return fmt.Errorf("fail plan %s: %w", id, errNoMessage)
	}
	return s.transition(ctx, planRows, "fail plan", id, `UPDATE plans SET status = 'failed', error = ?, finished_at = ?
		WHERE id = ? AND status IN ('queued', 'running')`, msg, now().UnixMicro(), id)
}

// Plan returns one plan.
func (s *SQLite) Plan(ctx context.Context, id string) (Plan, error) {
	p, err := scanSQLitePlan(s.db.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return Plan{}, fmt.Errorf("plan %s: %w", id, err)
	}
	return p, nil
}

// Plans returns plans matching f, newest first.
func (s *SQLite) Plans(ctx context.Context, f PlanFilter) ([]Plan, error) {
	limit, err := checkPlanFilter(f)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+planColumns+` FROM plans
		WHERE (? = '' OR status = ?) ORDER BY created_at DESC, seq DESC LIMIT ?`, f.Status, f.Status, limit)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	defer rows.Close()
	plans := []Plan{}
	for rows.Next() {
		p, err := scanSQLitePlan(rows)
		if err != nil {
			return nil, fmt.Errorf("plans: %w", err)
		}
		plans = append(plans, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	return plans, nil
}

func scanSQLitePlan(row interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	var created int64
	var started, finished sql.NullInt64
	err := row.Scan(&p.ID, &p.File, &p.Info, &p.DataVersion, &p.ProgramVersion, &p.Status, &p.Error, &p.Evaluated, &p.Progress,
		&created, &started, &finished)
	if err != nil {
		return Plan{}, err
	}
	p.CreatedAt = time.UnixMicro(created).UTC()
	p.StartedAt = sqliteTime(started)
	p.FinishedAt = sqliteTime(finished)
	return p, nil
}

// PlanResult returns a done plan's output JSON.
func (s *SQLite) PlanResult(ctx context.Context, id string) ([]byte, error) {
	var status RunStatus
	var result []byte
	err := s.db.QueryRowContext(ctx, `SELECT plans.status, plan_results.result FROM plans
		LEFT JOIN plan_results ON plan_results.plan_id = plans.id WHERE plans.id = ?`, id).Scan(&status, &result)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err == nil && result == nil {
		err = noPlanResult(status)
	}
	if err != nil {
		return nil, fmt.Errorf("plan result %s: %w", id, err)
	}
	return result, nil
}

// PrunePlans deletes the finished plans beyond the newest keep, with their outputs.
func (s *SQLite) PrunePlans(ctx context.Context, keep int) ([]string, error) {
	if keep < 0 {
		return nil, fmt.Errorf("prune plans: keep %d: %w", keep, ErrInvalid)
	}
	return s.prune(ctx, "prune plans", fmt.Sprintf(prunePlansQuery, "?"), keep,
		`DELETE FROM plan_results WHERE plan_id = ?`, `DELETE FROM plans WHERE id = ?`)
}

// RecoverInterruptedPlans marks every running plan interrupted and returns their ids.
func (s *SQLite) RecoverInterruptedPlans(ctx context.Context) ([]string, error) {
	return s.markInterrupted(ctx, "plans")
}
