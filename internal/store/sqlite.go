package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // registers the pure-Go "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite is a Store in one SQLite database file, the default for critmin serve.
//
// Durability: the file is in WAL mode with synchronous=FULL, so every commit fsyncs the
// write-ahead log before it returns. A committed write then survives the process being
// killed (kill -9) and also a power cut or kernel crash; synchronous=NORMAL would survive
// only the former. The cost, one fsync per write, is small beside a simulation run.
//
// Concurrency: writes are serialized by a mutex, so goroutines of one process never race
// for SQLite's single write lock; reads run in parallel beside them, which WAL allows.
// Write transactions begin IMMEDIATE and connections wait up to busyTimeout for a lock,
// so another process writing the same file delays a write rather than failing it.
type SQLite struct {
	db   *sql.DB
	path string
	mu   sync.Mutex // held for every write transaction

	lockMu sync.Mutex
	lock   *os.File // the server lock, once LockServer took it
}

// busyTimeout is how long a connection waits for a lock another process holds.
const busyTimeout = 10 * time.Second

// maxSQLiteConns bounds the connections, each with its own page cache, that parallel
// reads may open.
const maxSQLiteConns = 8

// OpenSQLite opens the SQLite database file at path, creating it if needed, and migrates
// its schema to the latest version.
func OpenSQLite(ctx context.Context, path string) (*SQLite, error) {
	return openSQLite(ctx, path, embeddedMigrations("sqlite"))
}

// openSQLite is OpenSQLite migrating with ms, which tests choose.
func openSQLite(ctx context.Context, path string, ms []migration) (*SQLite, error) {
	switch {
	case path == "" || path == ":memory:" || strings.HasPrefix(path, "file:"):
		return nil, fmt.Errorf("open sqlite %q: want the path of a database file: %w", path, ErrInvalid)
	case strings.Contains(path, "?"):
		// The driver reads everything after a '?' as connection parameters.
		return nil, fmt.Errorf("open sqlite %q: path must not contain '?': %w", path, ErrInvalid)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db.SetMaxOpenConns(maxSQLiteConns)
	db.SetMaxIdleConns(maxSQLiteConns)
	s := &SQLite{db: db, path: path}
	if err := s.migrateWhenFree(ctx, ms); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return s, nil
}

// migrateWhenFree is migrate, tried again while SQLite reports the file busy, for at
// most busyTimeout. Processes opening a new file together race to switch it to WAL and
// to create its tables, and some of those steps fail at once with SQLITE_BUSY instead of
// waiting for busy_timeout (about 3 opens in 100 with eight processes, TestConcurrentOpen).
func (s *SQLite) migrateWhenFree(ctx context.Context, ms []migration) error {
	deadline := time.Now().Add(busyTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		err := s.migrate(ctx, ms)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// isBusy reports whether err is SQLite's SQLITE_BUSY (the file is locked by another
// connection).
func isBusy(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}

// migrate applies the migrations the database lacks, each in its own transaction. The
// IMMEDIATE transaction takes the write lock before it reads the version, so two
// processes opening one file apply each migration once.
func (s *SQLite) migrate(ctx context.Context, ms []migration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// In an IMMEDIATE transaction, which waits for the write lock (busy_timeout): as a
	// plain statement, CREATE TABLE IF NOT EXISTS reads the schema first and, when
	// another process has written meanwhile, fails at once with SQLITE_BUSY (a read
	// cannot be upgraded to a write past a newer commit), about 3 times in 100 with
	// eight processes opening a new file (TestConcurrentOpen).
	var current int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		applied_at INTEGER NOT NULL
	) STRICT`); err != nil {
			return fmt.Errorf("create migrations table: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := checkSchemaVersion(current, ms); err != nil {
		return err
	}
	for _, m := range ms[current:] {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			var applied bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?)`, m.Version).Scan(&applied); err != nil || applied {
				return err
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, m.Version, now().UnixMicro())
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate to version %d (%s): %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// write runs fn in a write transaction, one at a time.
func (s *SQLite) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inTx(ctx, fn)
}

// inTx runs fn in a transaction, committing if it returns nil.
func (s *SQLite) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// PutScenario stores the next version of a named scenario and returns it.
func (s *SQLite) PutScenario(ctx context.Context, name, title string, yaml []byte) (Scenario, error) {
	sc, err := newScenario(name, title, yaml)
	if err != nil {
		return Scenario{}, fmt.Errorf("put scenario: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error { return sqlitePutScenario(ctx, tx, &sc) })
	if err != nil {
		return Scenario{}, fmt.Errorf("put scenario %s: %w", name, err)
	}
	return sc, nil
}

// PutScenarioRun stores the next version of a scenario and a queued run of it in one
// transaction.
func (s *SQLite) PutScenarioRun(ctx context.Context, name, title string, yaml []byte, r Run) (Scenario, Run, error) {
	sc, err := newScenario(name, title, yaml)
	if err != nil {
		return Scenario{}, Run{}, fmt.Errorf("put scenario: %w", err)
	}
	r.Scenario = name
	if r, err = newRun(r); err != nil {
		return Scenario{}, Run{}, fmt.Errorf("create run: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := sqlitePutScenario(ctx, tx, &sc); err != nil {
			return fmt.Errorf("put scenario %s: %w", name, err)
		}
		r.ScenarioVersion = sc.Version
		if err := sqliteCreateRun(ctx, tx, r); err != nil {
			return fmt.Errorf("create run %s: %w", r.ID, err)
		}
		return nil
	})
	if err != nil {
		return Scenario{}, Run{}, err
	}
	return sc, r, nil
}

func sqlitePutScenario(ctx context.Context, tx *sql.Tx, sc *Scenario) error {
	return tx.QueryRowContext(ctx, `INSERT INTO scenarios (name, version, yaml, hash, title, created_at)
		SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ? FROM scenarios WHERE name = ?
		RETURNING version`,
		sc.Name, sc.YAML, sc.Hash, sc.Title, sc.CreatedAt.UnixMicro(), sc.Name).Scan(&sc.Version)
}

// Scenario returns one version of a scenario (version 0: the latest).
func (s *SQLite) Scenario(ctx context.Context, name string, version int) (Scenario, error) {
	if err := checkVersion(version); err != nil {
		return Scenario{}, fmt.Errorf("scenario %s: %w", name, err)
	}
	row := s.db.QueryRowContext(ctx, `SELECT name, version, yaml, hash, title, created_at FROM scenarios
		WHERE name = ? AND (version = ? OR ? = 0) ORDER BY version DESC LIMIT 1`, name, version, version)
	sc, err := scanSQLiteScenario(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Scenario{}, scenarioNotFound(name, version)
	}
	if err != nil {
		return Scenario{}, fmt.Errorf("scenario %s: %w", name, err)
	}
	return sc, nil
}

// Scenarios returns the latest version of every stored scenario, sorted by name.
func (s *SQLite) Scenarios(ctx context.Context) ([]Scenario, error) {
	scs, err := s.scenarios(ctx, `SELECT name, version, yaml, hash, title, created_at FROM scenarios
		WHERE (name, version) IN (SELECT name, MAX(version) FROM scenarios GROUP BY name) ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return scs, nil
}

// ScenarioVersions returns every version of a scenario, oldest first.
func (s *SQLite) ScenarioVersions(ctx context.Context, name string) ([]Scenario, error) {
	scs, err := s.scenarios(ctx, `SELECT name, version, yaml, hash, title, created_at FROM scenarios
		WHERE name = ? ORDER BY version`, name)
	if err != nil {
		return nil, fmt.Errorf("scenario versions %s: %w", name, err)
	}
	if len(scs) == 0 {
		return nil, scenarioNotFound(name, 0)
	}
	return scs, nil
}

func (s *SQLite) scenarios(ctx context.Context, query string, args ...any) ([]Scenario, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	scs := []Scenario{}
	for rows.Next() {
		sc, err := scanSQLiteScenario(rows)
		if err != nil {
			return nil, err
		}
		scs = append(scs, sc)
	}
	return scs, rows.Err()
}

func scanSQLiteScenario(row interface{ Scan(...any) error }) (Scenario, error) {
	var sc Scenario
	var created int64
	if err := row.Scan(&sc.Name, &sc.Version, &sc.YAML, &sc.Hash, &sc.Title, &created); err != nil {
		return Scenario{}, err
	}
	sc.CreatedAt = time.UnixMicro(created).UTC()
	return sc, nil
}

// CreateRun stores a new queued run; ID and CreatedAt are set by the store when empty.
func (s *SQLite) CreateRun(ctx context.Context, r Run) (Run, error) {
	r, err := newRun(r)
	if err != nil {
		return Run{}, fmt.Errorf("create run: %w", err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error { return sqliteCreateRun(ctx, tx, r) })
	if err != nil {
		return Run{}, fmt.Errorf("create run %s: %w", r.ID, err)
	}
	return r, nil
}

func sqliteCreateRun(ctx context.Context, tx *sql.Tx, r Run) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO runs (id, scenario, scenario_version, scenario_hash, seed,
		replications, data_version, program_version, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		r.ID, r.Scenario, r.ScenarioVersion, r.ScenarioHash, r.Seed,
		r.Replications, r.DataVersion, r.ProgramVersion, r.Status, r.CreatedAt.UnixMicro())
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = errDuplicateRun
	}
	return err
}

// StartRun marks a queued run running.
func (s *SQLite) StartRun(ctx context.Context, id string) error {
	return s.transition(ctx, runRows, "start run", id, `UPDATE runs SET status = 'running', started_at = ?
		WHERE id = ? AND status = 'queued'`, now().UnixMicro(), id)
}

// SetProgress records a running run's progress (0..1).
func (s *SQLite) SetProgress(ctx context.Context, id string, progress float64) error {
	if err := checkProgress(progress); err != nil {
		return fmt.Errorf("set progress %s: %w", id, err)
	}
	return s.transition(ctx, runRows, "set progress", id, `UPDATE runs SET progress = ?
		WHERE id = ? AND status = 'running'`, progress, id)
}

// FinishRun stores a running run's result (JSON) and marks it done, in one transaction.
func (s *SQLite) FinishRun(ctx context.Context, id string, result []byte) error {
	if err := checkResult(result); err != nil {
		return fmt.Errorf("finish run %s: %w", id, err)
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := sqliteGuarded(ctx, tx, runRows, `UPDATE runs SET status = 'done', progress = 1, finished_at = ?
			WHERE id = ? AND status = 'running'`, now().UnixMicro(), id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO results (run_id, result) VALUES (?, ?)`, id, result)
		return err
	})
	if err != nil {
		return fmt.Errorf("finish run %s: %w", id, err)
	}
	return nil
}

// FailRun marks a queued or running run failed with a message.
func (s *SQLite) FailRun(ctx context.Context, id string, msg string) error {
	if msg == "" {
		return fmt.Errorf("fail run %s: %w", id, errNoMessage)
	}
	return s.transition(ctx, runRows, "fail run", id, `UPDATE runs SET status = 'failed', error = ?, finished_at = ?
		WHERE id = ? AND status IN ('queued', 'running')`, msg, now().UnixMicro(), id)
}

// transition runs one status-guarded UPDATE of row id of g (a run or a plan) in a write
// transaction.
func (s *SQLite) transition(ctx context.Context, g guardedRows, op, id, query string, args ...any) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		return sqliteGuarded(ctx, tx, g, query, args...)
	})
	if err != nil {
		return fmt.Errorf("%s %s: %w", op, id, err)
	}
	return nil
}

// guardedRows names what a status-guarded UPDATE changes: the table, and the error of a
// row in the wrong status.
type guardedRows struct {
	table       string
	wrongStatus func(RunStatus) error
}

var (
	runRows  = guardedRows{"runs", wrongStatus}
	planRows = guardedRows{"plans", wrongPlanStatus}
)

// sqliteGuarded runs an UPDATE of one row of g guarded by its status (the row's id is the
// last argument) and tells a missing row from one in the wrong state, as pgGuarded does.
func sqliteGuarded(ctx context.Context, tx *sql.Tx, g guardedRows, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var status RunStatus
	err = tx.QueryRowContext(ctx, `SELECT status FROM `+g.table+` WHERE id = ?`, args[len(args)-1]).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return g.wrongStatus(status)
}

// Run returns one run.
func (s *SQLite) Run(ctx context.Context, id string) (Run, error) {
	r, err := scanSQLiteRun(s.db.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err != nil {
		return Run{}, fmt.Errorf("run %s: %w", id, err)
	}
	return r, nil
}

// Runs returns runs matching f, newest first.
func (s *SQLite) Runs(ctx context.Context, f RunFilter) ([]Run, error) {
	limit, err := checkFilter(f)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+runColumns+` FROM runs
		WHERE (? = '' OR scenario = ?) AND (? = '' OR status = ?)
		ORDER BY created_at DESC, seq DESC LIMIT ?`,
		f.Scenario, f.Scenario, f.Status, f.Status, limit)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	defer rows.Close()
	runs := []Run{}
	for rows.Next() {
		r, err := scanSQLiteRun(rows)
		if err != nil {
			return nil, fmt.Errorf("runs: %w", err)
		}
		runs = append(runs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	return runs, nil
}

func scanSQLiteRun(row interface{ Scan(...any) error }) (Run, error) {
	var r Run
	var created int64
	var started, finished sql.NullInt64
	err := row.Scan(&r.ID, &r.Scenario, &r.ScenarioVersion, &r.ScenarioHash, &r.Seed,
		&r.Replications, &r.DataVersion, &r.ProgramVersion, &r.Status, &r.Error, &r.Progress,
		&created, &started, &finished)
	if err != nil {
		return Run{}, err
	}
	r.CreatedAt = time.UnixMicro(created).UTC()
	r.StartedAt = sqliteTime(started)
	r.FinishedAt = sqliteTime(finished)
	return r, nil
}

func sqliteTime(t sql.NullInt64) *time.Time {
	if !t.Valid {
		return nil
	}
	u := time.UnixMicro(t.Int64).UTC()
	return &u
}

// Result returns a done run's result JSON.
func (s *SQLite) Result(ctx context.Context, id string) ([]byte, error) {
	var status RunStatus
	var result []byte
	err := s.db.QueryRowContext(ctx, `SELECT runs.status, results.result FROM runs
		LEFT JOIN results ON results.run_id = runs.id WHERE runs.id = ?`, id).Scan(&status, &result)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	if err == nil && result == nil {
		err = noResult(status)
	}
	if err != nil {
		return nil, fmt.Errorf("result %s: %w", id, err)
	}
	return result, nil
}

// PruneResults deletes the oldest done runs and their results beyond maxBytes of results.
func (s *SQLite) PruneResults(ctx context.Context, maxBytes int64) ([]string, error) {
	if maxBytes < 0 {
		return nil, fmt.Errorf("prune results: limit %d: %w", maxBytes, ErrInvalid)
	}
	return s.prune(ctx, "prune results", fmt.Sprintf(pruneQuery, "length", "?"), maxBytes,
		`DELETE FROM results WHERE run_id = ?`, `DELETE FROM runs WHERE id = ?`)
}

// prune deletes, in one transaction, the rows whose ids query (with its one argument)
// selects, running each of deletes with each id, and returns the ids.
func (s *SQLite) prune(ctx context.Context, what, query string, arg any, deletes ...string) ([]string, error) {
	ids := []string{}
	err := s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, arg)
		if err != nil {
			return err
		}
		if ids, err = scanIDs(rows); err != nil {
			return err
		}
		for _, id := range ids {
			for _, d := range deletes {
				if _, err := tx.ExecContext(ctx, d, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return ids, nil
}

// scanIDs reads the one string column of every row, closing rows; never nil.
func scanIDs(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// RecoverInterrupted marks every running run interrupted (the server that ran it died)
// and returns their ids; queued runs stay queued for the new server to pick up.
func (s *SQLite) RecoverInterrupted(ctx context.Context) ([]string, error) {
	return s.markInterrupted(ctx, "runs")
}

// markInterrupted marks every running row of table (runs or plans) interrupted and
// returns their ids, sorted.
func (s *SQLite) markInterrupted(ctx context.Context, table string) ([]string, error) {
	var ids []string
	err := s.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE `+table+` SET status = 'interrupted', finished_at = ?,
			error = CASE WHEN error = '' THEN ? ELSE error END
			WHERE status = 'running' RETURNING id`, now().UnixMicro(), InterruptedReason)
		if err != nil {
			return err
		}
		ids, err = scanIDs(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("recover interrupted %s: %w", table, err)
	}
	slices.Sort(ids)
	return ids, nil
}

// LockServer takes the database's server lock: an exclusive flock on the file next to
// the database named like it with "-serve.lock", released by Close or when the process
// ends. Another process's lock gives ErrLocked naming it.
func (s *SQLite) LockServer(ctx context.Context) error {
	s.lockMu.Lock()
	defer s.lockMu.Unlock()
	if s.lock != nil {
		return nil
	}
	f, err := lockFile(s.path+"-serve.lock", lockHolder())
	if err != nil {
		return fmt.Errorf("lock sqlite %s: %w", s.path, err)
	}
	s.lock = f
	return nil
}

// Close releases the store and its server lock.
func (s *SQLite) Close() error {
	err := s.db.Close()
	if err != nil {
		err = fmt.Errorf("close sqlite: %w", err)
	}
	s.lockMu.Lock()
	defer s.lockMu.Unlock()
	if s.lock != nil {
		if uerr := unlockFile(s.lock); uerr != nil {
			err = errors.Join(err, fmt.Errorf("release server lock: %w", uerr))
		}
		s.lock = nil
	}
	return err
}
