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
