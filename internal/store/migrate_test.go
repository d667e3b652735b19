package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

func TestEmbeddedMigrations(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		ms := embeddedMigrations(backend)
		for i, m := range ms {
			if m.Version != i+1 || strings.TrimSpace(m.SQL) == "" {
				t.Errorf("%s migration %d: %+v", backend, i, m)
			}
		}
	}
	if a, b := len(embeddedMigrations("sqlite")), len(embeddedMigrations("postgres")); a != b {
		t.Errorf("sqlite has %d migrations, postgres %d: a schema change goes to both", a, b)
	}
}

func TestLoadMigrations(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  string // an error substring; "" for success
	}{
		{"ok", []string{"0001_init.sql", "0002_more.sql"}, ""},
		{"gap", []string{"0001_init.sql", "0003_more.sql"}, "version 3, want 2"},
		{"no number", []string{"init.sql"}, "NNNN_what.sql"},
		{"short number", []string{"1_init.sql"}, "NNNN_what.sql"},
		{"starts at 2", []string{"0002_init.sql"}, "version 2, want 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tc.files {
				fsys["m/"+f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			ms, err := loadMigrations(fsys, "m")
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("loadMigrations: %v", err)
			case tc.want == "" && len(ms) != len(tc.files):
				t.Fatalf("loadMigrations: %d migrations, want %d", len(ms), len(tc.files))
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("loadMigrations: error %v, want one with %q", err, tc.want)
			}
		})
	}
}

// A migrationBackend opens one test database of a backend with the migrations given.
type migrationBackend struct {
	name string
	ms   []migration
	// newDB returns a function that opens the same new, empty database each call.
	newDB func(t *testing.T) func(ms []migration) (migratable, error)
	// extra are migrations that follow the real ones in the tests: a table, then a row.
	extra []migration
	// broken creates a table, then fails.
	broken migration
}

// migratable is what the tests need of an open store.
type migratable interface {
	Store
	versions(ctx context.Context) ([]int, []time.Time, error)
	tableExists(ctx context.Context, name string) (bool, error)
}

func migrationBackends(t *testing.T) []migrationBackend {
	return []migrationBackend{
		{
			name: "sqlite",
			ms:   embeddedMigrations("sqlite"),
			newDB: func(t *testing.T) func([]migration) (migratable, error) {
				path := filepath.Join(t.TempDir(), "m.db")
				return func(ms []migration) (migratable, error) {
					s, err := openSQLite(context.Background(), path, ms)
					if err != nil {
						return nil, err
					}
					return s, nil
				}
			},
			extra: []migration{
				{Name: "extra_table.sql", SQL: "CREATE TABLE extra (x INTEGER NOT NULL) STRICT;"},
				{Name: "extra_row.sql", SQL: "INSERT INTO extra (x) VALUES (1);"},
			},
			broken: migration{Name: "broken.sql", SQL: "CREATE TABLE half (x INTEGER); INSERT INTO nosuch VALUES (1);"},
		},
		{
			name: "postgres",
			ms:   embeddedMigrations("postgres"),
			newDB: func(t *testing.T) func([]migration) (migratable, error) {
				url := testPostgresURL(t)
				return func(ms []migration) (migratable, error) {
					p, err := openPostgres(context.Background(), url, ms)
					if err != nil {
						return nil, err
					}
					return p, nil
				}
			},
			extra: []migration{
				{Name: "extra_table.sql", SQL: "CREATE TABLE extra (x INTEGER NOT NULL);"},
				{Name: "extra_row.sql", SQL: "INSERT INTO extra (x) VALUES (1);"},
			},
			broken: migration{Name: "broken.sql", SQL: "CREATE TABLE half (x INTEGER); INSERT INTO nosuch VALUES (1);"},
		},
	}
}

// numbered returns ms followed by extra, numbered on from ms.
func numbered(ms []migration, extra ...migration) []migration {
	out := slices.Clone(ms)
	for _, m := range extra {
		m.Version = len(out) + 1
		out = append(out, m)
	}
	return out
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	for _, b := range migrationBackends(t) {
		t.Run(b.name, func(t *testing.T) {
			// From every version N, including an empty database (N = 0), opening
			// migrates to the latest; opening again changes nothing.
			all := numbered(b.ms, b.extra...)
			for n := 0; n <= len(all); n++ {
				open := b.newDB(t)
				if n > 0 {
					s, err := open(all[:n])
					if err != nil {
						t.Fatalf("open at version %d: %v", n, err)
					}
					checkVersions(t, s, n)
					s.Close()
				}
				s, err := open(all)
				if err != nil {
					t.Fatalf("migrate from version %d: %v", n, err)
				}
				v1, at1 := checkVersions(t, s, len(all))
				if ok, err := s.tableExists(ctx, "extra"); err != nil || !ok {
					t.Errorf("from version %d: table extra missing (%v)", n, err)
				}
				if _, err := s.CreateRun(ctx, Run{ID: "kept", Scenario: "a"}); err != nil {
					t.Fatal(err)
				}
				s.Close()
				s, err = open(all)
				if err != nil {
					t.Fatalf("open a migrated database: %v", err)
				}
				v2, at2 := checkVersions(t, s, len(all))
				if !slices.Equal(v1, v2) || !slices.EqualFunc(at1, at2, time.Time.Equal) {
					t.Errorf("second open changed schema_migrations: %v %v, then %v %v", v1, at1, v2, at2)
				}
				if _, err := s.Run(ctx, "kept"); err != nil {
					t.Errorf("run lost on reopening: %v", err)
				}
				s.Close()
			}
		})
	}
}

func TestMigrateFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	for _, b := range migrationBackends(t) {
		t.Run(b.name, func(t *testing.T) {
			open := b.newDB(t)
			s, err := open(b.ms)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			_, err = open(numbered(b.ms, b.extra[0], b.broken))
			if err == nil || !strings.Contains(err.Error(), "broken.sql") {
				t.Fatalf("open with a broken migration: error %v, want one naming broken.sql", err)
			}
			s, err = open(numbered(b.ms, b.extra[0]))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			// The migration before the broken one stays; the broken one left nothing.
			checkVersions(t, s, len(b.ms)+1)
			if ok, err := s.tableExists(ctx, "half"); err != nil || ok {
				t.Errorf("table of the failed migration exists: %v, %v", ok, err)
			}
		})
	}
}

func TestMigrateNewerSchema(t *testing.T) {
	for _, b := range migrationBackends(t) {
		t.Run(b.name, func(t *testing.T) {
			open := b.newDB(t)
			s, err := open(numbered(b.ms, b.extra...))
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			_, err = open(b.ms)
			if err == nil || !strings.Contains(err.Error(), "newer than this program's") {
				t.Fatalf("open a newer schema: error %v, want a refusal", err)
			}
		})
	}
}

// TestConcurrentOpen opens one new database from several goroutines at once, as servers
// starting together would: each migration is applied once and no open fails.
func TestConcurrentOpen(t *testing.T) {
	for _, b := range migrationBackends(t) {
		t.Run(b.name, func(t *testing.T) {
			open := b.newDB(t)
			all := numbered(b.ms, b.extra...)
			const n = 8
			stores := make([]migratable, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() { stores[i], errs[i] = open(all) })
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatalf("concurrent opens: %v", err)
			}
			checkVersions(t, stores[0], len(all))
			var rows int
			switch s := stores[0].(type) {
			case *SQLite:
				err := s.db.QueryRow("SELECT COUNT(*) FROM extra").Scan(&rows)
				if err != nil {
					t.Fatal(err)
				}
			case *Postgres:
				err := s.pool.QueryRow(context.Background(), "SELECT COUNT(*) FROM extra").Scan(&rows)
				if err != nil {
					t.Fatal(err)
				}
			}
			if rows != 1 {
				t.Errorf("the row-inserting migration ran %d times, want once", rows)
			}
			for _, s := range stores {
				s.Close()
			}
		})
	}
}

// checkVersions checks that schema_migrations lists versions 1..want and returns them
// with their times.
func checkVersions(t *testing.T, s migratable, want int) ([]int, []time.Time) {
	t.Helper()
	vs, at, err := s.versions(context.Background())
	if err != nil {
		t.Fatalf("read schema_migrations: %v", err)
	}
	for i, v := range vs {
		if v != i+1 {
			t.Fatalf("schema_migrations versions %v, want 1..%d", vs, want)
		}
	}
	if len(vs) != want {
		t.Fatalf("schema_migrations versions %v, want 1..%d", vs, want)
	}
	return vs, at
}

func (s *SQLite) versions(ctx context.Context) ([]int, []time.Time, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT version, applied_at FROM schema_migrations ORDER BY version")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var vs []int
	var at []time.Time
	for rows.Next() {
		var v int
		var us int64
		if err := rows.Scan(&v, &us); err != nil {
			return nil, nil, err
		}
		vs, at = append(vs, v), append(at, time.UnixMicro(us))
	}
	return vs, at, rows.Err()
}

func (s *SQLite) tableExists(ctx context.Context, name string) (bool, error) {
	var ok bool
	err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?)", name).Scan(&ok)
	return ok, err
}

func (p *Postgres) versions(ctx context.Context) ([]int, []time.Time, error) {
	rows, err := p.pool.Query(ctx, "SELECT version, applied_at FROM schema_migrations ORDER BY version")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var vs []int
	var at []time.Time
	for rows.Next() {
		var v int
		var tm time.Time
		if err := rows.Scan(&v, &tm); err != nil {
			return nil, nil, err
		}
		vs, at = append(vs, v), append(at, tm)
	}
	return vs, at, rows.Err()
}

func (p *Postgres) tableExists(ctx context.Context, name string) (bool, error) {
	var ok bool
	err := p.pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", name).Scan(&ok)
	return ok, err
}
