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
	const good = "../../internal/scenario/builtin/us-response-package.yaml"
	tests := []struct {
		name    string
		files   []string
		want    string
		invalid bool
	}{
		{"good", []string{good}, good + ": ok\n", false},
		{"bad", []string{good, dir + "approval_range.bad.yaml"},
			good + ": ok\n" +
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
		{[]string{"scenario", "check", "../../internal/scenario/builtin/apr2025-licensing.yaml"}, exitOK},
		{[]string{"scenario", "check", "../../internal/scenario/builtin/apr2025-licensing.yaml", dir + "overlapping_controls.bad.yaml"}, exitInvalidData},
		// full.good.yaml decodes cleanly but names demand the data does not have.
		{[]string{"scenario", "check", dir + "full.good.yaml"}, exitInvalidData},
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

// TestScenarioCheckCompiles: a file that decodes cleanly but that the world data cannot
// represent is invalid in 'scenario check' too, with the compiler's positions, rather than
// passing and failing only in 'run'.
func TestScenarioCheckCompiles(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"scenario", "check", "testdata/scenarios/uncompilable.bad.yaml"}, &stdout, &stderr)
	if code != exitInvalidData {
		t.Fatalf("exit code %d, want %d; stderr: %s", code, exitInvalidData, stderr.String())
	}
	for _, want := range []string{
		"testdata/scenarios/uncompilable.bad.yaml:6:5: controls[q]: GBR: no demand or production in the model",
		"testdata/scenarios/uncompilable.bad.yaml:8:30: outages[0].products[0]: USA makes no dy/separation in the simulation data",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}
