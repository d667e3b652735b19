package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestRunMC runs a small Monte Carlo study through the command line with 1 and 3 workers
// and requires identical JSON, then checks the text and CSV forms.
func TestRunMC(t *testing.T) {
	args := []string{"run", "apr2025-licensing", "--runs", "12", "--seed", "5", "--json"}
	var want string
	for _, workers := range []string{"1", "3"} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), append(args, "--workers", workers), &out, &errOut); code != exitOK {
			t.Fatalf("--workers %s: exit %d: %s", workers, code, errOut.String())
		}
		if want == "" {
			want = out.String()
		} else if out.String() != want {
			t.Errorf("--workers %s: JSON differs from --workers 1", workers)
		}
	}
	var v struct {
		Seed         uint64 `json:"seed"`
		Replications int    `json:"replications"`
		ScenarioHash string `json:"scenario_hash"`
		DataVersion  string `json:"data_version"`
		Program      string `json:"program_version"`
	}
	if err := json.Unmarshal([]byte(want), &v); err != nil {
		t.Fatal(err)
	}
	if v.Seed != 5 || v.Replications != 12 || v.ScenarioHash == "" || v.DataVersion == "" || v.Program == "" {
		t.Errorf("provenance = %+v", v)
	}

	var text, csv, errOut bytes.Buffer
	if code := run(context.Background(), []string{"run", "apr2025-licensing", "--runs", "4"}, &text, &errOut); code != exitOK {
		t.Fatalf("text: exit %d: %s", code, errOut.String())
	}
	for _, s := range []string{"peak shortfall share", "probability of any shortfall", "independence from CHN", "Sensitivity", "Seed"} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("text output lacks %q", s)
		}
	}
	if code := run(context.Background(), []string{"run", "apr2025-licensing", "--runs", "4", "--csv"}, &csv, &errOut); code != exitOK {
		t.Fatalf("csv: exit %d: %s", code, errOut.String())
	}
	if !strings.HasPrefix(csv.String(), "month,measure,product,unit,mean,p5,p50,p95\n") {
		t.Errorf("csv header: %q", strings.SplitN(csv.String(), "\n", 2)[0])
	}
}

func TestRunMCUsage(t *testing.T) {
	for _, args := range [][]string{
		{"run", "apr2025-licensing", "--runs", "0"},
		{"run", "apr2025-licensing", "--runs", "3", "--workers", "-1"},
	} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != exitUsage {
			t.Errorf("%q: exit %d, want %d (%s)", args, code, exitUsage, errOut.String())
		}
	}
}

// TestRunMCInterrupted cancels before the first batch: the command prints an empty
// aggregate and says how many replications finished.
func TestRunMCInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"run", "apr2025-licensing", "--runs", "50", "--json"}, &out, &errOut)
	if code != exitFailure || !strings.Contains(errOut.String(), "interrupted: 0 of 50 replications finished") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
	if !strings.Contains(out.String(), `"interrupted": true`) {
		t.Errorf("output does not say it was interrupted")
	}
}
