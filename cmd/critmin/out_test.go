package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutCheckedFirst checks that a report path that cannot be written fails before
// anything runs or prints, with a message naming the problem.
func TestOutCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"run, missing directory", []string{"run", "apr2025-licensing", "--out", filepath.Join(dir, "missing", "x.html")}, "does not exist"},
		{"run, directory", []string{"run", "apr2025-licensing", "--out", dir}, "is a directory"},
		{"monte carlo", []string{"run", "apr2025-licensing", "--runs", "3", "--out", filepath.Join(dir, "missing", "x.html")}, "does not exist"},
		{"compare", []string{"compare", "apr2025-licensing", "baseline-2025", "--out", filepath.Join(dir, "missing", "x.html")}, "does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(context.Background(), tc.args, &out, &errOut); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if out.Len() != 0 {
				t.Errorf("printed %d bytes before failing", out.Len())
			}
			if !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("message %q does not say %q", errOut.String(), tc.want)
			}
		})
	}
}

// TestReportMode checks that reports are readable by all (0644), not private temp files.
func TestReportMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.html")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"run", "apr2025-licensing", "--out", path}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != reportPerm {
		t.Errorf("report mode %o, want %o", got, reportPerm)
	}
}
