package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is a Store in a PostgreSQL database, for a critmin serve whose data lives on
// a database server. Its tables go in the first schema of the connection's search_path,
// so one database can hold several stores (the tests give each its own schema).
//
// Every method is one statement or one transaction, committed before it returns; the
// server's own durability settings (fsync, synchronous_commit) decide what a crash of the
// database machine can lose.
type Postgres struct {
	pool *pgxpool.Pool

	lockMu   sync.Mutex
	lockConn *pgxpool.Conn // the session holding the server lock, once LockServer took it
}

// Advisory lock classes, the first key of PostgreSQL's two-key advisory locks; the second
// is a hash of the schema (and scenario name), so stores in different schemas of one
// database do not wait for each other.
const (
	lockMigrate     int32 = 0x63726d01 // held while the schema is migrated
	lockPutScenario int32 = 0x63726d02 // held while a scenario's next version is numbered
	lockServe       int32 = 0x63726d03 // held by the one server executing the schema's runs
)

// OpenPostgres connects to the PostgreSQL database at url (a "postgres://" URL or a
// key=value connection string) and migrates its schema to the latest version.
func OpenPostgres(ctx context.Context, url string) (*Postgres, error) {
	return openPostgres(ctx, url, embeddedMigrations("postgres"))
}

// openPostgres is OpenPostgres migrating with ms, which tests choose.
func openPostgres(ctx context.Context, url string, ms []migration) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The error may quote the URL, password and all: leave it out.
		return nil, fmt.Errorf("open postgres: parse connection URL: %w", ErrInvalid)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	p := &Postgres{pool: pool}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := p.migrate(ctx, ms); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return p, nil
}

// migrate applies the migrations the database lacks, each in its own transaction, under
// an advisory lock, so that servers starting together on one database apply each
// migration once.
func (p *Postgres) migrate(ctx context.Context, ms []migration) (err error) {
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	const schemaKey = `hashtext(COALESCE(current_schema(), ''))`
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, `+schemaKey+`)`, lockMigrate); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer func() {
		if _, uerr := conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1, `+schemaKey+`)`, lockMigrate); uerr != nil {
			// Closing the connection ends its session and so releases the lock.
			conn.Conn().Close(context.Background())
			err = errors.Join(err, fmt.Errorf("migrate: unlock: %w", uerr))
		}
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER     NOT NULL PRIMARY KEY,
		applied_at TIMESTAMPTZ NOT NULL
	)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	var current int
	if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if err := checkSchemaVersion(current, ms); err != nil {
		return err
	}
	for _, m := range ms[current:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, m.Version, now())
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate to version %d (%s): %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// PutScenario stores the next version of a named scenario and returns it.
func (p *Postgres) PutScenario(ctx context.Context, name, title string, yaml []byte) (Scenario, error) {
	sc, err := newScenario(name, title, yaml)
	if err != nil {
		return Scenario{}, fmt.Errorf("put scenario: %w", err)
	}
	err = pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error { return pgPutScenario(ctx, tx, &sc) })
	if err != nil {
		return Scenario{}, fmt.Errorf("put scenario %s: %w", name, err)
	}
	return sc, nil
}

// PutScenarioRun stores the next version of a scenario and a queued run of it in one
// transaction.
func (p *Postgres) PutScenarioRun(ctx context.Context, name, title string, yaml []byte, r Run) (Scenario, Run, error) {
	sc, err := newScenario(name, title, yaml)
	if err != nil {
		return Scenario{}, Run{}, fmt.Errorf("put scenario: %w", err)
	}
	r.Scenario = name
	if r, err = newRun(r); err != nil {
		return Scenario{}, Run{}, fmt.Errorf("create run: %w", err)
	}
	err = pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if err := pgPutScenario(ctx, tx, &sc); err != nil {
			return fmt.Errorf("put scenario %s: %w", name, err)
		}
		r.ScenarioVersion = sc.Version
		if err := pgCreateRun(ctx, tx, r); err != nil {
			return fmt.Errorf("create run %s: %w", r.ID, err)
		}
		return nil
	})
	if err != nil {
		return Scenario{}, Run{}, err
	}
	return sc, r, nil
}

func pgPutScenario(ctx context.Context, tx pgx.Tx, sc *Scenario) error {
	// Two writers of one name would both read the same latest version; the lock makes
	// the second wait for the first to commit.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(COALESCE(current_schema(), '') || '/' || $2::text))`,
		lockPutScenario, sc.Name); err != nil {
		return err
	}
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM scenarios WHERE name = $1`, sc.Name).Scan(&sc.Version); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO scenarios (name, version, yaml, hash, title, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, sc.Name, sc.Version, sc.YAML, sc.Hash, sc.Title, sc.CreatedAt)
	return err
}

// Scenario returns one version of a scenario (version 0: the latest).
func (p *Postgres) Scenario(ctx context.Context, name string, version int) (Scenario, error) {
	if err := checkVersion(version); err != nil {
		return Scenario{}, fmt.Errorf("scenario %s: %w", name, err)
	}
	row := p.pool.QueryRow(ctx, `SELECT name, version, yaml, hash, title, created_at FROM scenarios
		WHERE name = $1 AND (version = $2 OR $2 = 0) ORDER BY version DESC LIMIT 1`, name, version)
	sc, err := scanPostgresScenario(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return Scenario{}, scenarioNotFound(name, version)
	}
	if err != nil {
		return Scenario{}, fmt.Errorf("scenario %s: %w", name, err)
	}
	return sc, nil
}

// Scenarios returns the latest version of every stored scenario, sorted by name.
func (p *Postgres) Scenarios(ctx context.Context) ([]Scenario, error) {
	scs, err := p.scenarios(ctx, `SELECT name, version, yaml, hash, title, created_at FROM scenarios
		WHERE (name, version) IN (SELECT name, MAX(version) FROM scenarios GROUP BY name) ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return scs, nil
}

// ScenarioVersions returns every version of a scenario, oldest first.
func (p *Postgres) ScenarioVersions(ctx context.Context, name string) ([]Scenario, error) {
	scs, err := p.scenarios(ctx, `SELECT name, version, yaml, hash, title, created_at FROM scenarios
		WHERE name = $1 ORDER BY version`, name)
	if err != nil {
		return nil, fmt.Errorf("scenario versions %s: %w", name, err)
	}
	if len(scs) == 0 {
		return nil, scenarioNotFound(name, 0)
	}
	return scs, nil
}

func (p *Postgres) scenarios(ctx context.Context, query string, args ...any) ([]Scenario, error) {
	rows, err := p.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	scs := []Scenario{}
	for rows.Next() {
		sc, err := scanPostgresScenario(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		scs = append(scs, sc)
	}
	return scs, rows.Err()
}

func scanPostgresScenario(row pgx.Row) (Scenario, error) {
	var sc Scenario
	if err := row.Scan(&sc.Name, &sc.Version, &sc.YAML, &sc.Hash, &sc.Title, &sc.CreatedAt); err != nil {
		return Scenario{}, err
	}
	sc.CreatedAt = storedTime(sc.CreatedAt)
	return sc, nil
}

// CreateRun stores a new queued run; ID and CreatedAt are set by the store when empty.
func (p *Postgres) CreateRun(ctx context.Context, r Run) (Run, error) {
	r, err := newRun(r)
	if err != nil {
		return Run{}, fmt.Errorf("create run: %w", err)
	}
	if err := pgCreateRun(ctx, p.pool, r); err != nil {
		return Run{}, fmt.Errorf("create run %s: %w", r.ID, err)
	}
	return r, nil
}

// pgExecer is a pool or a transaction.
type pgExecer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func pgCreateRun(ctx context.Context, db pgExecer, r Run) error {
	tag, err := db.Exec(ctx, `INSERT INTO runs (id, scenario, scenario_version, scenario_hash, seed,
		replications, data_version, program_version, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
		r.ID, r.Scenario, r.ScenarioVersion, r.ScenarioHash, r.Seed,
		r.Replications, r.DataVersion, r.ProgramVersion, string(r.Status), r.CreatedAt)
	if err == nil && tag.RowsAffected() == 0 {
		err = errDuplicateRun
	}
	return err
}

// StartRun marks a queued run running.
func (p *Postgres) StartRun(ctx context.Context, id string) error {
	if err := pgGuarded(ctx, p.pool, runRows, `UPDATE runs SET status = 'running', started_at = $1
		WHERE id = $2 AND status = 'queued'`, now(), id); err != nil {
		return fmt.Errorf("start run %s: %w", id, err)
	}
	return nil
}

// SetProgress records a running run's progress (0..1).
func (p *Postgres) SetProgress(ctx context.Context, id string, progress float64) error {
	err := checkProgress(progress)
	if err == nil {
		err = pgGuarded(ctx, p.pool, runRows, `UPDATE runs SET progress = $1 WHERE id = $2 AND status = 'running'`, progress, id)
	}
	if err != nil {
		return fmt.Errorf("set progress %s: %w", id, err)
	}
	return nil
}

// FinishRun stores a running run's result (JSON) and marks it done, in one transaction.
func (p *Postgres) FinishRun(ctx context.Context, id string, result []byte) error {
	err := checkResult(result)
	if err == nil {
		err = pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
			if err := pgGuarded(ctx, tx, runRows, `UPDATE runs SET status = 'done', progress = 1, finished_at = $1
				WHERE id = $2 AND status = 'running'`, now(), id); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO results (run_id, result) VALUES ($1, $2)`, id, result)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("finish run %s: %w", id, err)
	}
	return nil
}

// FailRun marks a queued or running run failed with a message.
func (p *Postgres) FailRun(ctx context.Context, id string, msg string) error {
	err := errNoMessage
	if msg != "" {
		err = pgGuarded(ctx, p.pool, runRows, `UPDATE runs SET status = 'failed', error = $1, finished_at = $2
			WHERE id = $3 AND status IN ('queued', 'running')`, msg, now(), id)
	}
	if err != nil {
		return fmt.Errorf("fail run %s: %w", id, err)
	}
	return nil
}

// pgQuerier is what pgGuarded needs of a pool or a transaction.
type pgQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// pgGuarded runs an UPDATE of one row of g (a run or a plan) guarded by its status; the
// row's id is the last argument. When no row changes it tells a missing row from one in
// the wrong state. A status only moves forward, so the status read after a failed UPDATE
// still explains the failure.
func pgGuarded(ctx context.Context, q pgQuerier, g guardedRows, query string, args ...any) error {
	tag, err := q.Exec(ctx, query, args...)
	if err != nil || tag.RowsAffected() == 1 {
		return err
	}
	var status string
	err = q.QueryRow(ctx, `SELECT status FROM `+g.table+` WHERE id = $1`, args[len(args)-1]).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return g.wrongStatus(RunStatus(status))
}

// Run returns one run.
func (p *Postgres) Run(ctx context.Context, id string) (Run, error) {
	r, err := scanPostgresRun(p.pool.QueryRow(ctx, `SELECT `+runColumns+` FROM runs WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return Run{}, fmt.Errorf("run %s: %w", id, err)
	}
	return r, nil
}

// Runs returns runs matching f, newest first.
func (p *Postgres) Runs(ctx context.Context, f RunFilter) ([]Run, error) {
	limit, err := checkFilter(f)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	rows, err := p.pool.Query(ctx, `SELECT `+runColumns+` FROM runs
		WHERE ($1 = '' OR scenario = $1) AND ($2 = '' OR status = $2)
		ORDER BY created_at DESC, seq DESC LIMIT $3`,
		f.Scenario, string(f.Status), limit)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	runs := []Run{}
	for rows.Next() {
		r, err := scanPostgresRun(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("runs: %w", err)
		}
		runs = append(runs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	return runs, nil
}

func scanPostgresRun(row pgx.Row) (Run, error) {
	var r Run
	var status string
	err := row.Scan(&r.ID, &r.Scenario, &r.ScenarioVersion, &r.ScenarioHash, &r.Seed,
		&r.Replications, &r.DataVersion, &r.ProgramVersion, &status, &r.Error, &r.Progress,
		&r.CreatedAt, &r.StartedAt, &r.FinishedAt)
	if err != nil {
		return Run{}, err
	}
	r.Status = RunStatus(status)
	r.CreatedAt = storedTime(r.CreatedAt)
	r.StartedAt = storedTimePtr(r.StartedAt)
	r.FinishedAt = storedTimePtr(r.FinishedAt)
	return r, nil
}

func storedTimePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := storedTime(*t)
	return &u
}

// Result returns a done run's result JSON.
func (p *Postgres) Result(ctx context.Context, id string) ([]byte, error) {
	var status string
	var result []byte
	err := p.pool.QueryRow(ctx, `SELECT runs.status, results.result FROM runs
		LEFT JOIN results ON results.run_id = runs.id WHERE runs.id = $1`, id).Scan(&status, &result)
	if errors.Is(err, pgx.ErrNoRows) {
		err = ErrNotFound
	}
	if err == nil && result == nil {
		err = noResult(RunStatus(status))
	}
	if err != nil {
		return nil, fmt.Errorf("result %s: %w", id, err)
	}
	return result, nil
}

// PruneResults deletes the oldest done runs and their results beyond maxBytes of results.
func (p *Postgres) PruneResults(ctx context.Context, maxBytes int64) ([]string, error) {
	if maxBytes < 0 {
		return nil, fmt.Errorf("prune results: limit %d: %w", maxBytes, ErrInvalid)
	}
	return p.prune(ctx, "prune results", fmt.Sprintf(pruneQuery, "octet_length", "$1"), maxBytes,
		`DELETE FROM results WHERE run_id = ANY($1)`, `DELETE FROM runs WHERE id = ANY($1)`)
}

// prune deletes, in one transaction, the rows whose ids query (with its one argument)
// selects, running each of deletes with the ids as its one argument, and returns the
// ids.
func (p *Postgres) prune(ctx context.Context, what, query string, arg any, deletes ...string) ([]string, error) {
	var ids []string
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, query, arg)
		if err != nil {
			return err
		}
		if ids, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil || len(ids) == 0 {
			return err
		}
		for _, d := range deletes {
			if _, err := tx.Exec(ctx, d, ids); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if ids == nil {
		ids = []string{}
	}
	return ids, nil
}

// RecoverInterrupted marks every running run interrupted (the server that ran it died)
// and returns their ids; queued runs stay queued for the new server to pick up.
func (p *Postgres) RecoverInterrupted(ctx context.Context) ([]string, error) {
	return p.markInterrupted(ctx, "runs")
}

// markInterrupted marks every running row of table (runs or plans) interrupted and
// returns their ids, sorted.
func (p *Postgres) markInterrupted(ctx context.Context, table string) ([]string, error) {
	rows, err := p.pool.Query(ctx, `UPDATE `+table+` SET status = 'interrupted', finished_at = $1,
		error = CASE WHEN error = '' THEN $2 ELSE error END
		WHERE status = 'running' RETURNING id`, now(), InterruptedReason)
	if err != nil {
		return nil, fmt.Errorf("recover interrupted %s: %w", table, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("recover interrupted %s: %w", table, err)
	}
	if ids == nil {
		ids = []string{}
	}
	slices.Sort(ids)
	return ids, nil
}

// LockServer takes the schema's server lock: a session-level advisory lock held by one
// connection kept out of the pool until Close. Called again, it checks that the session
// still lives and otherwise takes the lock again, or reports ErrLocked when another
// server took it meanwhile. PostgreSQL releases it when that session
// ends, also when the process dies. The holding session's application_name describes
// the process, so that a refused server can say which one holds the lock.
func (p *Postgres) LockServer(ctx context.Context) error {
	p.lockMu.Lock()
	defer p.lockMu.Unlock()
	if p.lockConn != nil {
		// Held, unless the session ended (the database restarted, or an administrator
		// ended it): then the lock went with it, and is taken again below if it is free.
		if err := p.lockConn.Ping(ctx); err == nil {
			return nil
		}
		p.lockConn.Conn().Close(context.Background())
		p.lockConn.Release()
		p.lockConn = nil
	}
	conn, err := p.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("lock postgres: %w", err)
	}
	const schemaKey = `hashtext(COALESCE(current_schema(), ''))`
	var got bool
	var key int32
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, `+schemaKey+`), `+schemaKey, lockServe).Scan(&got, &key); err != nil {
		conn.Release()
		return fmt.Errorf("lock postgres: %w", err)
	}
	if !got {
		defer conn.Release()
		// Advisory locks show in pg_locks with their two keys as classid and objid
		// (objsubid 2); the key is compared as the unsigned oid it is stored as.
		var holder string
		err := conn.QueryRow(ctx, `SELECT COALESCE(a.application_name, '') FROM pg_locks l
			JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
			  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
			  AND l.classid = $1 AND l.objid = $2 LIMIT 1`,
			uint32(lockServe), uint32(key)).Scan(&holder)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("lock postgres: find holder: %w", err)
		}
		return fmt.Errorf("lock postgres: %w", lockedBy(holder))
	}
	// application_name is at most 63 bytes; the holder's description fits.
	if _, err := conn.Exec(ctx, `SELECT set_config('application_name', $1, false)`, truncate(lockHolder(), 63)); err != nil {
		conn.Conn().Close(context.Background()) // ends the session, and so the lock
		conn.Release()
		return fmt.Errorf("lock postgres: name the session: %w", err)
	}
	p.lockConn = conn
	return nil
}

// truncate cuts s to at most n bytes.
func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Close releases the store and its server lock.
func (p *Postgres) Close() error {
	p.lockMu.Lock()
	if p.lockConn != nil {
		// Unlocking explicitly makes the lock free when Close returns; closing the
		// session would release it too, but only once the backend has noticed.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		p.lockConn.Exec(ctx, `SELECT pg_advisory_unlock_all()`)
		cancel()
		p.lockConn.Conn().Close(context.Background())
		p.lockConn.Release()
		p.lockConn = nil
	}
	p.lockMu.Unlock()
	p.pool.Close()
	return nil
}
