package storetest

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/critmin/critmin/internal/store"
)

// PostgresEnv names the environment variable holding the URL of a PostgreSQL database
// tests may use; .ci/run sets it, and RequirePostgresEnv, when it starts PostgreSQL.
const (
	PostgresEnv        = "CRITMIN_TEST_POSTGRES"
	RequirePostgresEnv = "CRITMIN_REQUIRE_POSTGRES"
)

// Backends returns, by name, an opener of a new, empty store for each backend the
// tests cover: SQLite always, PostgreSQL (a schema of its own, dropped when the test
// ends) when PostgresEnv is set. A test outside package store runs its body on each, as
// the conformance suite does. RequirePostgresEnv without PostgresEnv fails t.
func Backends(t *testing.T) map[string]func(t *testing.T) store.Store {
	t.Helper()
	out := map[string]func(t *testing.T) store.Store{
		"sqlite": func(t *testing.T) store.Store {
			return open(t, filepath.Join(t.TempDir(), "critmin.db"))
		},
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if os.Getenv(RequirePostgresEnv) != "" {
			t.Fatal(RequirePostgresEnv + " is set but " + PostgresEnv + " is not: the PostgreSQL tests cannot run")
		}
		return out
	}
	out["postgres"] = func(t *testing.T) store.Store { return open(t, postgresSchema(t, base)) }
	return out
}

func open(t *testing.T, dsn string) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// postgresSchema returns the URL of a new schema in the database at base, dropped when
// t ends, so that tests running at once never see each other's tables.
func postgresSchema(t *testing.T, base string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("%s is set but PostgreSQL is unreachable: %v", PostgresEnv, err)
	}
	defer conn.Close(ctx)
	schema := "critmin_test_" + store.NewID()[:16] // hex digits: safe as an identifier
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
