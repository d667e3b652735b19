package store

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// migrationFiles holds each backend's schema migrations, one SQL file per version, named
// NNNN_what.sql and numbered from 1 without gaps. A migration, once released, is never
// edited: a change to the schema is a new file.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// A migration is one step of a backend's schema; each is applied in its own transaction,
// together with its row in the schema_migrations table.
type migration struct {
	Version int
	Name    string // the file name, for error messages
	SQL     string
}

// loadMigrations reads the migrations in dir of fsys, in version order.
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	ms := make([]migration, 0, len(names)) // fs.Glob sorts, and versions have 4 digits
	for i, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_what.sql", name)
		}
		if v != i+1 {
			return nil, fmt.Errorf("migration %s: version %d, want %d", name, v, i+1)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read migration: %w", err)
		}
		ms = append(ms, migration{Version: v, Name: base, SQL: string(b)})
	}
	return ms, nil
}

// embeddedMigrations returns the migrations of a backend ("sqlite" or "postgres").
func embeddedMigrations(backend string) []migration {
	ms, err := loadMigrations(migrationFiles, "migrations/"+backend)
	if err != nil || len(ms) == 0 {
		// The files are compiled in and TestEmbeddedMigrations reads them: a failure
		// here is a broken build, not a runtime condition.
		panic(fmt.Sprintf("store: embedded %s migrations: %v (%d found)", backend, err, len(ms)))
	}
	return ms
}

// checkSchemaVersion refuses a database whose schema a newer critmin has migrated past
// what this one knows: writing to it could corrupt it.
func checkSchemaVersion(current int, ms []migration) error {
	if latest := len(ms); current > latest {
		return fmt.Errorf("database schema version %d is newer than this program's %d: upgrade critmin", current, latest)
	}
	return nil
}
