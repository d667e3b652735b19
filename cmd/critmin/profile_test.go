package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestCPUProfileFlag checks that --cpuprofile writes a CPU profile (pprof's gzipped
// protocol buffer), and
// that an unwritable path is refused before the command runs.
func TestCPUProfileFlag(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.pprof")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"run", "baseline-2025", "--cpuprofile", path}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("profile is not gzipped (%d bytes)", len(b))
	}
	stderr.Reset()
	bad := filepath.Join(t.TempDir(), "missing", "cpu.pprof")
	if code := run(context.Background(), []string{"scenarios", "--cpuprofile", bad}, &stdout, &stderr); code == exitOK {
		t.Errorf("unwritable --cpuprofile accepted")
	}
}
