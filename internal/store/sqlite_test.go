package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// TestSQLiteSettings checks the connection settings the durability and concurrency
// guarantees rest on, on more than one pooled connection.
func TestSQLiteSettings(t *testing.T) {
	ctx := context.Background()
	s, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "settings.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 3 {
		conn, err := s.db.Conn(ctx) // held, so that the next iteration opens another
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for pragma, want := range map[string]string{
			"journal_mode": "wal",
			"synchronous":  "2", // FULL
			"foreign_keys": "1",
			"busy_timeout": "10000",
		} {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("connection %d: PRAGMA %s = %s, want %s", i, pragma, got, want)
			}
		}
	}
}

func TestOpenSQLiteRejects(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:x.db", "runs.db?mode=ro"} {
		_, err := OpenSQLite(context.Background(), path)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("OpenSQLite(%q): error %v, want ErrInvalid", path, err)
		}
	}
}

func TestSQLiteForeignKeys(t *testing.T) {
	ctx := context.Background()
	s, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "fk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.db.ExecContext(ctx, "INSERT INTO results (run_id, result) VALUES ('missing', x'7b7d')"); err == nil {
		t.Error("a result for a missing run was stored: foreign keys are off")
	}
}
