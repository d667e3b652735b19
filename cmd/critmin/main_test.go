package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/critmin/critmin/internal/scenariodoc"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestCommands runs command lines through run and compares stdout with golden files.
func TestCommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"help", []string{"--help"}, exitOK},
		{"world", []string{"world"}, exitOK},
		{"world_show_rare_earths", []string{"world", "show", "rare_earths", "--sources"}, exitOK},
		{"world_show_gallium_json", []string{"world", "show", "gallium", "--json"}, exitOK},
		{"world_show_antimony_csv", []string{"world", "show", "antimony", "--csv"}, exitOK},
		{"world_show_help", []string{"world", "show", "--help"}, exitOK},
		{"risk", []string{"risk"}, exitOK},
		{"risk_help", []string{"risk", "--help"}, exitOK},
		{"risk_eucrm_json", []string{"risk", "--lens", "eu-crm", "--json"}, exitOK},
		{"risk_concentration_csv", []string{"risk", "--lens", "concentration", "--csv"}, exitOK},
		{"risk_reliance", []string{"risk", "--lens", "reliance"}, exitOK},
		{"risk_chained", []string{"risk", "--lens", "chained", "--commodity", "rare_earths"}, exitOK},
		{"risk_geopolrisk", []string{"risk", "--lens", "geopolrisk"}, exitOK},
		{"risk_usgs", []string{"risk", "--lens", "usgs"}, exitOK},
		{"risk_importer_eu", []string{"risk", "--importer", "EU"}, exitOK},
		{"risk_importer_jpn_reliance", []string{"risk", "--importer", "JPN", "--lens", "reliance", "--commodity", "rare_earths"}, exitOK},
		{"risk_importer_kor_chained", []string{"risk", "--importer", "KOR", "--lens", "chained", "--commodity", "rare_earths"}, exitOK},
		// Japan has no NIR: its germanium figure is an upper bound, and the EU27's note names the EU CRM, not USGS.
		{"risk_importer_jpn_germanium_chained", []string{"risk", "--importer", "JPN", "--lens", "chained", "--commodity", "germanium"}, exitOK},
		{"risk_importer_eu_germanium_chained", []string{"risk", "--importer", "EU27", "--lens", "chained", "--commodity", "germanium"}, exitOK},
		// No stage of dysprosium has data: a row and a note say it is not computable, and the
		// JSON's stages carry null share and exposure, not 0 (ninth trial).
		{"risk_importer_jpn_dysprosium_chained", []string{"risk", "--importer", "JPN", "--lens", "chained", "--commodity", "dysprosium"}, exitOK},
		{"risk_importer_jpn_dysprosium_chained_json", []string{"risk", "--importer", "JPN", "--lens", "chained", "--commodity", "dysprosium", "--json"}, exitOK},
		{"scenarios", []string{"scenarios"}, exitOK},
		{"run_apr2025", []string{"run", "apr2025-licensing"}, exitOK},
		{"run_file_csv", []string{"run", "testdata/scenarios/small-ban.yaml", "--csv"}, exitOK},
		{"run_help", []string{"run", "--help"}, exitOK},
		{"compare", []string{"compare", "oct2025-expansion-renewed", "oct2025-expansion-snapback"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit code = %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			got := stdout.Bytes()
			if bytes.Count(got, []byte("\n")) > maxGoldenLines {
				got = digest(got)
			}
			golden(t, tt.name, got)
		})
	}
}

// maxGoldenLines bounds the golden files: longer outputs (monthly CSV series) are stored
// as their first lines plus the line count and SHA-256 of the whole, which still catches
// every change.
const maxGoldenLines = 400

func digest(b []byte) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	sum := sha256.Sum256(b)
	head := bytes.Join(lines[:maxGoldenLines], nil)
	return append(head, fmt.Sprintf("... %d lines in all, sha256 %x\n", len(lines)-1, sum)...)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test ./cmd/critmin -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./cmd/critmin -update if the change is intended)\ngot:\n%s", path, got)
	}
}

// TestErrors checks exit codes and that messages point at the problem.
func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"unknown commodity", []string{"world", "show", "unobtainium"}, exitUsage, `unknown commodity "unobtainium"`},
		{"json and csv", []string{"world", "--json", "--csv"}, exitUsage, "none of the others can be"},
		{"bad flag", []string{"risk", "--lens", "astrology"}, exitUsage, `unknown lens "astrology"`},
		{"unknown importer", []string{"risk", "--importer", "Atlantis"}, exitUsage, `no import data for "Atlantis"; importers with data: ABW,`},
		{"importer list names EU27", []string{"risk", "--importer", "Atlantis"}, exitUsage, `EU27`},
		{"bad data", []string{"world", "--data", "testdata/data/bad_figures"}, exitInvalidData,
			`testdata/data/bad_figures/figures.csv:2:29: country: unknown country "Atlantis"`},
		{"missing data dir", []string{"world", "--data", "testdata/data/nope"}, exitFailure, "read data directory"},
		{"unknown scenario", []string{"run", "no-such-scenario"}, exitUsage, `unknown scenario "no-such-scenario"`},
		{"missing scenario file", []string{"run", "no-such-file.yaml"}, exitUsage, `scenario file "no-such-file.yaml": no such file`},
		{"reliance with a country", []string{"risk", "--lens", "reliance", "--country", "RUS"}, exitUsage, "--country RUS: the reliance lens does not take a supplier country"},
		{"reliance with the default country", []string{"risk", "--lens", "reliance", "--country", "CHN"}, exitUsage, "--country CHN: the reliance lens does not take a supplier country"},
		{"importer is the supplier", []string{"risk", "--importer", "CHN"}, exitUsage, "--importer and --country are both CHN"},
		{"concentration with an importer", []string{"risk", "--lens", "concentration", "--importer", "EU27"}, exitUsage, "--importer EU27: the concentration lens reads world output"},
		{"risk year without data", []string{"risk", "--year", "2019"}, exitUsage,
			"--year 2019: no figures or net import reliance for that year; years with data: 2025, 2024, 2023"},
		{"world year without data", []string{"world", "show", "gallium", "--year", "1990"}, exitUsage,
			"--year 1990: gallium has no figures for that year; years with figures: 2025, 2024"},
		{"figures do not feed the simulation", []string{"run", "dec2024-gagesb-snapback", "--data", "testdata/data/sim_figures"}, exitUsage,
			"figures.csv rows do not feed the simulation, which takes capacity and production from sim_processes.csv"},
		{"figures do not feed a plan's runs", []string{"plan", "../../examples/heavy-re-road.plan.yaml", "--data", "testdata/data/sim_figures"}, exitUsage,
			"put the change there (figures.csv changes reach 'critmin world' and 'critmin risk'): testdata/data/sim_figures/figures.csv:2"},
		{"invalid scenario", []string{"run", "testdata/scenarios/bad-approval.yaml"}, exitInvalidData,
			"testdata/scenarios/bad-approval.yaml:13:17: controls[0].licensing.approval: must be within [0, 1], got 1.4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code = %d, want %d", code, tt.code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.want)
			}
			if tt.code != exitOK && stdout.Len() > 0 {
				t.Errorf("failed command printed to stdout: %q", stdout.String())
			}
		})
	}
}

// TestValidationDocUpToDate fails when docs/validation.md differs from what
// 'critmin validate' generates, so the published comparison never goes stale.
func TestValidationDocUpToDate(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"validate"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("validate exit %d: %s", code, stderr.String())
	}
	path := filepath.Join("..", "..", "docs", "validation.md")
	if *update {
		if err := os.WriteFile(path, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stdout.Bytes(), want) {
		t.Error("docs/validation.md is out of date: run 'go run ./cmd/critmin validate --write docs/validation.md'")
	}
}

// TestScenariosDocUpToDate fails when the generated sections of docs/scenarios.md differ
// from what 'critmin scenarios --update-doc' writes, or when the runs contradict what its
// prose says (internal/scenariodoc/claims.go). It runs every built-in, the seven that touch
// the magnet chain at three more starting stocks, and two Monte Carlo studies of 200
// replications: about 5 s on two cores at load 4-5.
func TestScenariosDocUpToDate(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "scenarios.md")
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	target := path
	if !*update {
		target = filepath.Join(t.TempDir(), "scenarios.md")
		if err := os.WriteFile(target, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"scenarios", "--update-doc", target}, &stdout, &stderr); code != exitOK {
		t.Fatalf("scenarios --update-doc exit %d: %s", code, stderr.String())
	}
	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) && !*update {
		t.Errorf("docs/scenarios.md is out of date: run '%s'", regenerateScenariosDoc)
	}
}

// TestBenchRuns checks the benchmark command end to end with one run of each figure; it
// asserts the figures exist, never their size.
func TestBenchRuns(t *testing.T) {
	// The start-up figure re-executes this test binary; TestMain turns it into critmin.
	t.Setenv(runAsCritmin, "1")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"bench", "--runs", "1", "--mc-replications", "4", "--json"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("bench exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"start-up: binary with embedded data", "data load (in process)", "all lenses, all commodities, importer USA",
		"simulation: one 132-month run", "monte carlo, 2 local worker(s): replications per second"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("bench output lacks %q:\n%s", want, stdout.String())
		}
	}
}

// runAsCritmin makes the test binary behave as the critmin binary, for tests of commands
// that start critmin as a child process.
const runAsCritmin = "CRITMIN_TEST_RUN_AS_CRITMIN"

// slowServedRuns makes a served run sleep 1 ms per simulated month in the child process,
// so a 2,112-month run lasts about two seconds and can be killed in the middle, and a
// served plan 200 ms per portfolio (less when the server stops).
const slowServedRuns = "CRITMIN_TEST_SLOW_SERVED_RUNS"

func TestMain(m *testing.M) {
	if os.Getenv(slowServedRuns) == "1" {
		afterMonthHook = func() { time.Sleep(time.Millisecond) }
		afterPortfolioHook = func(ctx context.Context) {
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	if os.Getenv(runAsCritmin) == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestRunWritesHTML checks that --out writes a self-contained report and that stdout
// still carries the summary.
func TestRunWritesHTML(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"run", "apr2025-licensing", "--out", out, "--json"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "China licenses", "Scenario hash"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	if bytes.Contains(html, []byte("https://")) || bytes.Contains(html, []byte("http://")) {
		t.Error("report refers to the network")
	}
	if !strings.HasPrefix(stdout.String(), "{") || !strings.Contains(stdout.String(), `"mass_balance"`) {
		t.Errorf("--json output is not the run's JSON: %.200s", stdout.String())
	}
}

// TestDataOwnProductionNote: a --data figure of the importer's own production reaches the
// stage shares, and risk says that the published NIR does not move with it.
func TestDataOwnProductionNote(t *testing.T) {
	var stdout, stderr bytes.Buffer
	args := []string{"risk", "--lens", "reliance", "--commodity", "gallium", "--data", "testdata/data/us_gallium_figure"}
	if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "changes USA gallium refined production 2024: stage shares, HHI and chained exposure use it; the net import reliance is the published value"
	if !strings.Contains(stdout.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, stdout.String())
	}
}

// TestDataReachesSimulation proves a --data capacity changes a run: 100 t/yr of US
// gallium refining (testdata/data/us_gallium_capacity) must lower the peak shortfall of the
// snap-back scenario, in which China's ban leaves the US short of gallium.
func TestDataReachesSimulation(t *testing.T) {
	peak := func(args ...string) float64 {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append([]string{"run", "dec2024-gagesb-snapback"}, args...), &stdout, &stderr); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		for _, line := range strings.Split(stdout.String(), "\n") {
			if f := strings.Fields(line); len(f) > 3 && strings.HasPrefix(line, "peak shortfall share") {
				v, err := strconv.ParseFloat(f[3], 64)
				if err != nil {
					t.Fatalf("peak shortfall share line %q: %v", line, err)
				}
				return v
			}
		}
		t.Fatalf("no peak shortfall share line in:\n%s", stdout.String())
		return 0
	}
	base, withUS := peak(), peak("--data", "testdata/data/us_gallium_capacity")
	if !(withUS < base) {
		t.Errorf("peak shortfall share %g%% with 100 t/yr of US gallium capacity, %g%% without: the --data capacity did not reach the run", withUS, base)
	}
}

// regeneratePlannerDoc rewrites the example output of docs/planner.md.
const regeneratePlannerDoc = "go test ./cmd/critmin -run TestPlannerDocExample -update"

// TestPlannerDocExample fails when the example output quoted in docs/planner.md differs
// from what 'critmin plan examples/heavy-re-road.plan.yaml' prints (40 replications of 8
// portfolios, about 2 s), so the planner's documented example never goes stale.
func TestPlannerDocExample(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"plan", "examples/heavy-re-road.plan.yaml"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("plan exit %d: %s", code, stderr.String())
	}
	path := filepath.Join("docs", "planner.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body := append(append([]byte("```\n"), stdout.Bytes()...), "```\n"...)
	got, err := scenariodoc.Splice(doc, map[string][]byte{"plan-example": body}, regeneratePlannerDoc)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got, doc) {
		t.Errorf("docs/planner.md's example output is out of date: run '%s'", regeneratePlannerDoc)
	}
}

// TestEUCRMLensTakesCommodity: --commodity narrows the EU CRM lens to the materials
// whose figures come from that commodity (its elements for rare_earths).
func TestEUCRMLensTakesCommodity(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"risk", "--lens", "eu-crm", "--commodity", "gallium", "--json"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var rows []struct {
		Material string `json:"material"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Material != "gallium" {
		t.Errorf("rows %+v, want gallium alone", rows)
	}
}

// TestRiskOverviewTakesCountry: the overview reads the shares and the chained exposure of
// --country, named in its columns and notes, not China's whatever is asked (a trial).
func TestRiskOverviewTakesCountry(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"risk", "--importer", "JPN", "--country", "RUS", "--commodity", "gallium"}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"Russia mine (%)", "Russia chained (%)", "Russia processing: Russia's share"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "China") {
		t.Errorf("output still names China:\n%s", out)
	}
}
