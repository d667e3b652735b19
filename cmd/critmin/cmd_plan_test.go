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
	const example = "../../examples/heavy-re-road.plan.yaml"
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"plan", example, "--workers", "2"}, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	// Without measures the road is blocked at Dy and Tb separation; the frontier names
	// the binding stage of every portfolio. The two Lynas plants are within noise of all
	// three at 250 MUSD less, so they lead, and the exact minimiser follows.
	for _, want := range []string{"Recommended        lynas-malaysia + lynas-texas\nCost               274.0 MUSD\n",
		"Exact minimiser    lynas-malaysia + lynas-texas + allied-separation-usa, 524.0 MUSD", "note: binding stage: the road's", "Cost-risk frontier (expected_road, month index)", "MUSD",
		"Binding stage      dy/separation covered last in 100 %", "  binding stage    dy/separation blocked in 100 % (", "t/yr of capacity missing); tb/separation blocked in 100 %"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run(context.Background(), []string{"plan", example, "--csv"}, &out, &errb); code != exitOK {
		t.Fatalf("--csv: exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 4 || !strings.HasSuffix(lines[0], ",candidates,binding") || !strings.Contains(lines[1], "dy/separation blocked in 100 %") {
		t.Errorf("--csv:\n%s", out.String())
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
