package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
)

func TestScenarioCheck(t *testing.T) {
	const dir = "../../internal/scenario/testdata/"
	tests := []struct {
		name    string
		files   []string
		want    string
		invalid bool
	}{
		{"good", []string{dir + "full.good.yaml"}, dir + "full.good.yaml: ok\n", false},
		{"bad", []string{dir + "full.good.yaml", dir + "approval_range.bad.yaml"},
			dir + "full.good.yaml: ok\n" +
				dir + "approval_range.bad.yaml:12:17: controls[0].licensing.approval: must be within [0, 1], got 1.4\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := runScenarioCheck(context.Background(), &globalOptions{}, tt.files, &out)
			if got := errors.Is(err, scenario.ErrInvalid); got != tt.invalid {
				t.Fatalf("errors.Is(%v, ErrInvalid) = %v, want %v", err, got, tt.invalid)
			}
			if out.String() != tt.want {
				t.Errorf("output:\n%s\nwant:\n%s", out.String(), tt.want)
			}
		})
	}
}

func TestScenarioCheckJSON(t *testing.T) {
	var out bytes.Buffer
	err := runScenarioCheck(context.Background(), &globalOptions{json: true},
		[]string{"../../internal/scenario/testdata/reversed_window.bad.yaml"}, &out)
	if !errors.Is(err, scenario.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	var got []scenarioCheck
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].OK || len(got[0].Problems) != 1 || got[0].Problems[0].Path != "tariffs[0].end" || got[0].Problems[0].Line != 10 {
		t.Errorf("got %+v", got)
	}
}

func TestScenarioCheckMissingFile(t *testing.T) {
	var out bytes.Buffer
	err := runScenarioCheck(context.Background(), &globalOptions{}, []string{"testdata/no-such-scenario.yaml"}, &out)
	if err == nil || errors.Is(err, scenario.ErrInvalid) {
		t.Fatalf("err = %v, want a read failure that is not ErrInvalid", err)
	}
	if !strings.HasPrefix(out.String(), "testdata/no-such-scenario.yaml: read scenario:") {
		t.Errorf("output = %q", out.String())
	}
}

// TestScenarioCheckExitCodes runs the command line, so that the mapping of
// scenario.ErrInvalid to exit code 3 is covered.
func TestScenarioCheckExitCodes(t *testing.T) {
	const dir = "../../internal/scenario/testdata/"
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"scenario", "check", dir + "full.good.yaml"}, exitOK},
		{[]string{"scenario", "check", dir + "full.good.yaml", dir + "overlapping_controls.bad.yaml"}, exitInvalidData},
		{[]string{"scenario", "check", "testdata/no-such-scenario.yaml"}, exitFailure},
		{[]string{"scenario", "check"}, exitUsage},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), tt.args, &stdout, &stderr); code != tt.code {
			t.Errorf("%v: exit code %d, want %d; stderr: %s", tt.args, code, tt.code, stderr.String())
		}
	}
}

func TestScenarioSchemaCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"scenario", "schema"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code %d: %s", code, stderr.String())
	}
	if !bytes.Equal(stdout.Bytes(), scenario.Schema()) {
		t.Error("scenario schema does not print scenario.Schema()")
	}
	if code := run(context.Background(), []string{"scenario", "frobnicate"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("unknown subcommand: exit code %d, want %d", code, exitUsage)
	}
}
