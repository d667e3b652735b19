package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Monte Carlo engine")
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"plan", "../../internal/plan/testdata/magnet-response.plan.yaml", "--workers", "2"}, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"Chosen portfolio", "Cost-risk frontier", "MUSD", "expected_independence"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
}

func TestPlanCommandInvalid(t *testing.T) {
	f := filepath.Join(t.TempDir(), "bad.plan.yaml")
	if err := os.WriteFile(f, []byte("scenario: apr2025-licensing\nbudget: 1\ncandidates: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"plan", f}, &out, &errb); code != exitInvalidData {
		t.Fatalf("exit %d, want %d: %s", code, exitInvalidData, errb.String())
	}
	if !strings.Contains(errb.String(), "bad.plan.yaml:2:1: budget: unknown key") {
		t.Errorf("stderr: %s", errb.String())
	}
}
