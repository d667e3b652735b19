package store

import (
	"context"
	"strings"
)

// Open opens the store a DSN names: a "postgres://" or "postgresql://" URL opens
// PostgreSQL, anything else is the path of a SQLite file, with an optional "sqlite:"
// prefix. The schema is migrated to the latest version.
func Open(ctx context.Context, dsn string) (Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		p, err := OpenPostgres(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
	s, err := OpenSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	if err != nil {
		return nil, err
	}
	return s, nil
}

// runColumns lists a run's columns in the order both backends scan them.
const runColumns = `id, scenario, scenario_version, scenario_hash, seed, replications, data_version,
	program_version, status, error, progress, created_at, started_at, finished_at`

// pruneQuery selects the done runs beyond a retention limit ($1 or ?: bytes), newest
// kept first: a run goes when the results of it and every newer done run exceed the
// limit, except the newest. Both backends have window functions; length and
// octet_length read a value's size without reading the value.
const pruneQuery = `SELECT id FROM (
		SELECT r.id, r.finished_at, r.seq,
			ROW_NUMBER() OVER w AS n,
			SUM(%s(x.result)) OVER w AS total
		FROM runs r JOIN results x ON x.run_id = r.id
		WHERE r.status = 'done'
		WINDOW w AS (ORDER BY r.finished_at DESC, r.seq DESC)
	) t WHERE n > 1 AND total > %s
	ORDER BY finished_at, seq`
