package report

import (
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// TestRunVerdictNamesOutages: a scenario's outages are named, with country, products,
// share and window, beside its controls (a trial's Kachin outage, its main element, was
// named nowhere in the verdict).
func TestRunVerdictNamesOutages(t *testing.T) {
	outage := func(country string, fraction float64, months float64) scenario.Outage {
		return scenario.Outage{Country: country, Products: []string{"ndpr/oxide"}, Fraction: scenario.Param{Value: fraction},
			Start: scenario.Month(12*2025 + 5), Months: scenario.Param{Value: months}}
	}
	for _, tc := range []struct {
		name string
		sc   *scenario.Scenario
		want string // "" for no sentence
	}{
		{"no scenario", nil, ""},
		{"no outage", &scenario.Scenario{}, ""},
		{"one", &scenario.Scenario{Outages: []scenario.Outage{outage("MMR", 0.8, 24)}},
			"In this scenario an outage takes off line 80% of MMR's capacity of NdPr oxide from 2025-06 to 2027-05 (24 months)."},
		{"two", &scenario.Scenario{Outages: []scenario.Outage{outage("MMR", 0.8, 24), outage("AUS", 0.25, 2.5)}},
			"In this scenario outages take off line 80% of MMR's capacity of NdPr oxide from 2025-06 to 2027-05 (24 months) and 25% of AUS's capacity of NdPr oxide from 2025-06 to 2025-08 (2.5 months)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := runVerdictOf(&pageCtx{}, testRun(1), tc.sc)
			found := ""
			for _, line := range got {
				if strings.Contains(line, "off line") {
					found = line
				}
			}
			if found != tc.want {
				t.Errorf("got %q, want %q", found, tc.want)
			}
		})
	}
}

// TestRunVerdictFirstLineDates: the first line gives the last short month, and says the
// dates assume every project on time when projects carry a delay risk a Monte Carlo run
// draws (a trial read a shortage ending 2028-11 where 300 replications gave 2029-10 to
// 2030-12, the caveat 27 lines down).
func TestRunVerdictFirstLineDates(t *testing.T) {
	delayed := func(months float64) *scenario.Scenario {
		return &scenario.Scenario{Projects: []scenario.Project{{Name: "plant", DelayRiskMonths: scenario.Param{Value: months}}}}
	}
	shortToEnd := func() *result.Run {
		r := testRun(1)
		r.Supply[r.Months-1][1], r.Shortfall[r.Months-1][1] = 300, 100
		return r
	}
	const onTimeText = "Dates assume every project on time, the earliest case (one project carries a delay risk, which this run does not draw); `--runs` gives their spread."
	for _, tc := range []struct {
		name      string
		r         func() *result.Run
		sc        *scenario.Scenario
		want, not string
	}{
		{"short to the end, no delay risk", shortToEnd, delayed(0), "USA is still short in the run's last month, 2026-12.", "Dates assume"},
		{"short to the end, a delay risk", shortToEnd, delayed(6), "USA is still short in the run's last month, 2026-12. " + onTimeText, ""},
		{"shortage ends", func() *result.Run { return testRun(1) }, delayed(6), "USA's last short month is 2026-11. " + onTimeText, ""},
		{"never short, dates on the road", func() *result.Run { return testRun(0) }, delayed(6), "24 months. " + onTimeText, ""},
		{"never short, no date but the horizon", func() *result.Run {
			r := testRun(0)
			r.Summary.Road[0].Month, r.Summary.Independence = &r.Start, nil
			r.Summary.IndependenceByProduct = nil
			return r
		}, delayed(6), "24 months.", "Dates assume"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r()
			got := runVerdictOf(&pageCtx{}, r, tc.sc)
			if !strings.HasSuffix(got[0], tc.want) {
				t.Errorf("first line %q does not end with %q", got[0], tc.want)
			}
			if all := strings.Join(got, "\n"); tc.not != "" && strings.Contains(all, tc.not) {
				t.Errorf("verdict %q has %q", all, tc.not)
			}
		})
	}
}
