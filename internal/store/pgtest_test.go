package store

import (
	"context"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// postgresEnv names the environment variable holding the URL of a PostgreSQL database the
// tests may use; .ci/run sets it when the server answers.
const postgresEnv = "CRITMIN_TEST_POSTGRES"

// requirePostgresEnv, when set (to anything), makes a missing CRITMIN_TEST_POSTGRES a
// failure instead of a skip: .ci/run sets it, since it starts PostgreSQL for the tests.
const requirePostgresEnv = "CRITMIN_REQUIRE_POSTGRES"

// postgresBaseURL returns CRITMIN_TEST_POSTGRES, skipping t when it is unset and failing
// it when the server does not answer.
func postgresBaseURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(postgresEnv)
	if base == "" {
		if os.Getenv(requirePostgresEnv) != "" {
			t.Fatal(requirePostgresEnv + " is set but " + postgresEnv + " is not: the PostgreSQL tests cannot run")
		}
		t.Skip(postgresEnv + " not set: skipping PostgreSQL conformance")
	}
	conn, err := pgx.Connect(context.Background(), base)
	if err != nil {
		t.Fatalf("%s is set but PostgreSQL is unreachable: %v", postgresEnv, err)
	}
	conn.Close(context.Background())
	return base
}

// testPostgresURL returns the URL of a new, empty schema in the test database, dropped
// when t ends, so that tests running at once never see each other's tables. It skips t
// when CRITMIN_TEST_POSTGRES is unset; when it is set, an unreachable server fails t.
func testPostgresURL(t testing.TB) string {
	t.Helper()
	base := postgresBaseURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer conn.Close(ctx)
	schema := "critmin_test_" + NewID()[:16]
	// The schema name is made here of hex digits, never from input; identifiers cannot
	// be query parameters.
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
		t.Fatalf("%s: %v", postgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
