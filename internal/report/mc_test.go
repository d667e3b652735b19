package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/result"
)

func f(v float64) *float64 { return &v }

// mcFixture is a three-month Monte Carlo run built by hand.
func mcFixture() *MCRun {
	lin := montecarlo.Bins{Scale: montecarlo.Linear, Lo: 0, Hi: 100, N: 256}
	months := montecarlo.Bins{Scale: montecarlo.Integer, Lo: 0, Hi: 3, N: 4}
	return &MCRun{
		Seed: 7, RequestedReplications: 100, ScenarioFile: "builtin/x.yaml", ScenarioHash: "abc123", DataVersion: "d1", ProgramVersion: "test",
		Aggregate: &montecarlo.Aggregate{
			Scenario: "x", Title: "Fixture", Start: result.MonthOf(2025, 1), Months: 3, Importer: "USA", Rival: "CHN",
			Replications: 100, ProbAnyShortfall: f(0.4), ProbShortfall: []float64{0, 0.4, 0.1},
			Headlines: []montecarlo.Stat{
				{Name: montecarlo.ScalarPeakShortfall, Unit: "share of demand", Mean: f(0.2), P5: f(0), P50: f(0.1), P95: f(0.6), Bins: lin},
				{Name: montecarlo.ScalarTotalCost, Unit: "MUSD", Mean: f(52.25), P5: f(40), P50: f(50), P95: f(70), Bins: lin},
				{Name: montecarlo.ScalarIndependence + ":ndfeb/magnet", Product: "ndfeb/magnet", Unit: "month", Month: true,
					Mean: f(2.5), P5: f(1), P50: f(3), P95: f(3), Never: f(0.6), Counts: []montecarlo.MonthCount{{Month: 1, Count: 40}}, Bins: months},
			},
			Series: []montecarlo.SeriesStat{
				{Measure: montecarlo.MeasureShortfall, Product: "ndfeb/magnet", Unit: "t/month", Bins: lin,
					Mean: []float64{0, 5, 1}, P5: []float64{0, 0, 0}, P50: []float64{0, 4, 0}, P95: []float64{0, 12, 3}},
				{Measure: montecarlo.MeasurePriceOut, Product: "ndfeb/magnet", Unit: "USD/kg", Bins: lin,
					Mean: []float64{60, 70, 65}, P5: []float64{60, 62, 61}, P50: []float64{60, 69, 64}, P95: []float64{60, 80, 72}},
				{Measure: montecarlo.MeasureCost, Unit: "MUSD", Bins: lin,
					Mean: []float64{10, 30, 52.25}, P5: []float64{8, 25, 40}, P50: []float64{10, 30, 50}, P95: []float64{12, 40, 70}},
			},
			Inputs: []montecarlo.Input{{Path: "projects[a].capex_musd"}, {Path: "controls[c].licensing.approval"}},
			Sensitivity: []montecarlo.Sensitivity{
				{Output: montecarlo.ScalarPeakShortfall, Inputs: []montecarlo.InputEffect{{Path: "controls[c].licensing.approval", Rho: -0.9}, {Path: "projects[a].capex_musd", Rho: 0.01}}},
				{Output: montecarlo.ScalarTotalCost, Inputs: []montecarlo.InputEffect{{Path: "projects[a].capex_musd", Rho: 0.98}, {Path: "controls[c].licensing.approval", Rho: 0}}},
				{Output: montecarlo.ScalarIndependence + ":ndfeb/magnet", Constant: true},
			},
		},
	}
}

func TestMCSummary(t *testing.T) {
	var text, csv bytes.Buffer
	r := mcFixture()
	if err := Write(&text, Text, MCSummary(r)); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "mc_summary.golden", text.Bytes())
	if err := MCMonthlyCSV(&csv, r); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "mc_monthly_csv.golden", csv.Bytes())
}

func TestMCHTML(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMCHTML(&b, mcFixture(), HTMLOptions{Generator: "critmin test"}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{"P5 to P95", "Sensitivity of total_cost_musd", "controls[c].licensing.approval", "Probability that USA is short", "Seed",
		"USA runs short in 40% of 100 replications"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(html, "Sensitivity of independence") {
		t.Error("report draws a tornado for a constant output")
	}
	checkGolden(t, "mc_report.html", b.Bytes())
}

// TestDecodeMCRunVersions reads a study document stored before the schema version
// existed, and refuses one of a version this program does not know.
func TestDecodeMCRunVersions(t *testing.T) {
	want := mcFixture()
	want.SchemaVersion = result.Version
	doc, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	stamp := []byte(`"schema_version":1,`)
	if !bytes.Contains(doc, stamp) {
		t.Fatalf("the study document %.60s does not start with its version", doc)
	}
	got, err := DecodeMCRun(bytes.Replace(doc, stamp, nil, 1))
	if err != nil {
		t.Fatal(err)
	}
	if again, err := json.Marshal(got); err != nil || !bytes.Equal(again, doc) {
		t.Errorf("unstamped study read back as\n%s\nwant\n%s (%v)", again, doc, err)
	}
	if _, err := DecodeMCRun(bytes.Replace(doc, stamp, []byte(`"schema_version":99,`), 1)); !errors.Is(err, result.ErrVersion) {
		t.Errorf("version 99: %v, want result.ErrVersion", err)
	}
}

// TestMCVerdictSaysWhenNothingVaries: when every headline figure has the same 5th and
// 95th percentile the verdict says the replications are no test of the uncertain
// numbers; the fixture, whose figures spread, does not.
func TestMCVerdictSaysWhenNothingVaries(t *testing.T) {
	const flat = "No headline figure varies across the replications"
	r := mcFixture()
	if got := strings.Join(mcVerdict(r), "\n"); strings.Contains(got, flat) {
		t.Errorf("a spread run says nothing varies:\n%s", got)
	}
	for i := range r.Headlines {
		r.Headlines[i].P95 = r.Headlines[i].P5
	}
	if got := strings.Join(mcVerdict(r), "\n"); !strings.Contains(got, flat) {
		t.Errorf("a run whose figures do not vary does not say so:\n%s", got)
	}
}

// TestMCVerdictRanges: a range whose ends print the same is said as one value, not
// "between 0% and 0%" or "0 to 0 months".
func TestMCVerdictRanges(t *testing.T) {
	r := mcFixture()
	for i, h := range r.Headlines {
		switch h.Name {
		case montecarlo.ScalarPeakShortfall, montecarlo.ScalarMonthsShort, montecarlo.ScalarTotalCost:
			v := *h.P95
			r.Headlines[i].P5, r.Headlines[i].P50 = &v, &v
		}
	}
	got := strings.Join(mcVerdict(r), "\n")
	for _, bad := range []string{"between", " to "} {
		if strings.Contains(got, bad) {
			t.Errorf("verdict says %q of a range whose ends print the same:\n%s", bad, got)
		}
	}
}

// TestMCMilestoneNoStockpile: a study of a scenario in which the importer holds no
// stockpile says "no stockpile" for its exhaustion milestone instead of "never" in every
// replication, which read as a stockpile that never ran out; one with a stockpile keeps
// its percentiles.
func TestMCMilestoneNoStockpile(t *testing.T) {
	for _, held := range []bool{false, true} {
		r := mcFixture()
		r.Headlines = append(r.Headlines, montecarlo.Stat{Name: montecarlo.ScalarExhaustion, Unit: "month", Month: true, Never: f(1),
			Bins: montecarlo.Bins{Scale: montecarlo.Integer, Lo: 0, Hi: 3, N: 4}})
		if held {
			r.Series = append(r.Series, montecarlo.SeriesStat{Measure: montecarlo.MeasureStockpile, Product: "ndfeb/magnet", Unit: "t",
				Mean: []float64{5, 5, 5}, P5: []float64{5, 5, 5}, P50: []float64{5, 5, 5}, P95: []float64{5, 5, 5}})
		}
		tb := mcMilestoneTable(r)
		row := tb.Rows[len(tb.Rows)-1]
		if got, want := row[1] == "no stockpile", !held; got != want || row[0] != "stockpile exhausted" {
			t.Errorf("stockpile held %v: row %q", held, row)
		}
	}
}

// TestMCVerdictDrawnElsewhere: a study whose uncertain numbers all belong to controls
// that do not reach the importer says so, and says the spread has zero width when the
// worst month and the months short do not vary (trial 9: a JPN study drew only the US
// approval rate); a study with no such numbers says nothing of it.
func TestMCVerdictDrawnElsewhere(t *testing.T) {
	const lead = "The study draws only the approval rate of control ann18-usa, toward USA, which does not reach USA, so no drawn number acts on USA's own flows"
	for _, tc := range []struct {
		name  string
		drawn []string
		flat  bool
		want  string // "" for no such sentence
	}{
		{"drawn for the importer", nil, false, ""},
		{"drawn elsewhere, spread", []string{"the approval rate of control ann18-usa, toward USA"}, false, lead + ": USA's spread comes only through the world market."},
		{"drawn elsewhere, flat", []string{"the approval rate of control ann18-usa, toward USA"}, true, lead + ": the spread of USA's worst month and months short has zero width."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mcFixture()
			r.DrawnElsewhere = tc.drawn
			if tc.flat {
				for i := range r.Headlines {
					r.Headlines[i].P95 = r.Headlines[i].P5
				}
			}
			got := strings.Join(mcVerdict(r), "\n")
			if tc.want == "" && strings.Contains(got, "The study draws only") || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("got:\n%s\nwant it to contain %q", got, tc.want)
			}
		})
	}
}
