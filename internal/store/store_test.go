package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/critmin/critmin/internal/store"
	"github.com/critmin/critmin/internal/store/storetest"
)

func openTestSQLite(t testing.TB) *store.SQLite {
	t.Helper()
	s, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "critmin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func openTestPostgres(t testing.TB) *store.Postgres {
	t.Helper()
	s, err := store.OpenPostgres(context.Background(), store.TestPostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTestSQLite(t) })
}

func TestPostgres(t *testing.T) {
	store.PostgresBaseURL(t) // skips the whole test, once, when PostgreSQL is not configured
	storetest.Run(t, func(t *testing.T) store.Store { return openTestPostgres(t) })
}

func BenchmarkCreateFinishRun(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { storetest.BenchCreateFinishRun(b, openTestSQLite(b)) })
	b.Run("postgres", func(b *testing.B) { storetest.BenchCreateFinishRun(b, openTestPostgres(b)) })
}

// TestOpen checks that Open picks the backend from the DSN and that what one store wrote
// a second sees.
func TestOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsns := []struct{ name, write, read string }{
		{"sqlite path", filepath.Join(dir, "a.db"), filepath.Join(dir, "a.db")},
		{"sqlite prefix", "sqlite:" + filepath.Join(dir, "b.db"), filepath.Join(dir, "b.db")},
	}
	if os.Getenv("CRITMIN_TEST_POSTGRES") != "" || os.Getenv("CRITMIN_REQUIRE_POSTGRES") != "" {
		u := store.TestPostgresURL(t) // fails when required and not configured
		dsns = append(dsns, struct{ name, write, read string }{"postgres", u, u},
			struct{ name, write, read string }{"postgresql", strings.Replace(u, "postgres://", "postgresql://", 1), u})
	}
	for _, d := range dsns {
		t.Run(d.name, func(t *testing.T) {
			s, err := store.Open(ctx, d.write)
			if err != nil {
				t.Fatalf("Open(%s): %v", d.write, err)
			}
			wantType := "*store.SQLite"
			if strings.HasPrefix(d.write, "postgres") {
				wantType = "*store.Postgres"
			}
			if got := fmt.Sprintf("%T", s); got != wantType {
				t.Errorf("Open(%s) = %s, want %s", d.write, got, wantType)
			}
			r, err := s.CreateRun(ctx, store.Run{Scenario: "open"})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			s, err = store.Open(ctx, d.read)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			got, err := s.Run(ctx, r.ID)
			if err != nil {
				t.Fatalf("run written through %s, read through %s: %v", d.write, d.read, err)
			}
			if !reflect.DeepEqual(got, r) {
				t.Errorf("reopened run = %+v, want %+v", got, r)
			}
		})
	}
}

// TestLockServer checks that one server at a time holds a database: a second LockServer on
// the same database fails with ErrLocked naming the holder, takes the lock once the first
// store closes, and a store of another database (or PostgreSQL schema) is not affected.
func TestLockServer(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	type dbs struct{ name, dsn, other string }
	cases := []dbs{{"sqlite", filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")}}
	if os.Getenv("CRITMIN_TEST_POSTGRES") != "" || os.Getenv("CRITMIN_REQUIRE_POSTGRES") != "" {
		// TestPostgresURL fails when PostgreSQL is required and not configured.
		cases = append(cases, dbs{"postgres", store.TestPostgresURL(t), store.TestPostgresURL(t)})
	}
	open := func(t *testing.T, dsn string) store.Store {
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			first := open(t, c.dsn)
			if err := first.LockServer(ctx); err != nil {
				t.Fatalf("first lock: %v", err)
			}
			if err := first.LockServer(ctx); err != nil {
				t.Fatalf("first store locking again: %v", err)
			}
			second := open(t, c.dsn)
			err := second.LockServer(ctx)
			if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
				t.Fatalf("second lock: %v, want ErrLocked naming pid %d", err, os.Getpid())
			}
			if err := open(t, c.other).LockServer(ctx); err != nil {
				t.Errorf("lock of another database: %v", err)
			}
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			if err := second.LockServer(ctx); err != nil {
				t.Errorf("second lock after the first store closed: %v", err)
			}
			if err := open(t, c.dsn).LockServer(ctx); !errors.Is(err, store.ErrLocked) {
				t.Errorf("third lock while the second holds it: %v, want ErrLocked", err)
			}
		})
	}
}

// TestLockServerSessionLost checks that a PostgreSQL server lock whose session ended is
// noticed by the next LockServer, which takes the lock back when it is free and reports
// ErrLocked when another store took it meanwhile.
func TestLockServerSessionLost(t *testing.T) {
	ctx := context.Background()
	dsn := store.TestPostgresURL(t) // skips without PostgreSQL, fails when required
	open := func() store.Store {
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	// endLockSessions ends the sessions holding this schema's server lock, as a database
	// restart would.
	endLockSessions := func() {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		// Only this schema's lock: other tests may hold server locks in theirs. The keys
		// are the server lock class 0x63726d03 and the hash of the schema, stored as oids.
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_locks
			WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND pid <> pg_backend_pid()
			  AND classid = x'63726d03'::int::oid
			  AND objid = (hashtext(current_schema())::bigint & 4294967295)::text::oid`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("end the lock's session: %d ended, want 1 (%v)", n, err)
		}
	}
	first := open()
	if err := first.LockServer(ctx); err != nil {
		t.Fatal(err)
	}
	endLockSessions()
	if err := first.LockServer(ctx); err != nil {
		t.Fatalf("lock again after its session ended: %v", err)
	}
	if err := open().LockServer(ctx); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("another store while the lock is held again: %v, want ErrLocked", err)
	}
	endLockSessions()
	thief := open()
	if err := thief.LockServer(ctx); err != nil {
		t.Fatalf("another store after the session ended: %v", err)
	}
	if err := first.LockServer(ctx); !errors.Is(err, store.ErrLocked) {
		t.Errorf("the first store after another took the lock: %v, want ErrLocked", err)
	}
}
