package report

import (
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// TestLastingAfterDisruption: a price still up at the end of a run that goes on a year or
// more after the scenario's last disruption is explained as the model's missing spare
// capacity; nothing is said while a disruption lasts, too close to the end, or when no
// price is up.
func TestLastingAfterDisruption(t *testing.T) {
	const months = 36
	run := func(endRatio float64) *result.Run {
		r := &result.Run{Start: result.Month(12*2025 + 0), Months: months, Importer: "USA", Rival: "CHN",
			Products: []result.ProductInfo{{ID: "tb/separation", Material: "tb", Stage: "separation", Final: true}}}
		for m := range months {
			out := 810.0
			if m == months-1 {
				out *= endRatio
			}
			r.PriceOut = append(r.PriceOut, []float64{out})
			r.PriceIn = append(r.PriceIn, []float64{810})
		}
		return r
	}
	month := func(s string) scenario.Month {
		m, err := scenario.ParseMonth(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	outage := func(start string, n float64) *scenario.Scenario {
		return &scenario.Scenario{Outages: []scenario.Outage{{Country: "MMR", Products: []string{"ionic_clay/mine"}, Fraction: scenario.Fix(1), Start: month(start), Months: scenario.Fix(n)}}}
	}
	end := month("2026-02")
	open := &scenario.Scenario{Controls: []scenario.Control{{ID: "ban", Exporter: "CHN", Kind: scenario.Ban, Window: scenario.Window{Start: month("2025-03")}}}}
	closed := &scenario.Scenario{Controls: []scenario.Control{{ID: "ban", Exporter: "CHN", Kind: scenario.Ban, Window: scenario.Window{Start: month("2025-03"), End: &end}}}}
	for _, tc := range []struct {
		name     string
		sc       *scenario.Scenario
		endRatio float64
		want     string // a part of the one sentence; "" for none
	}{
		{"outage over, price up", outage("2025-03", 12), 2.76, "ends in 2026-02, yet terbium oxide outside CHN (2.76 times its start) is still up 22 months later"},
		{"control over, price up", closed, 1.5, "ends in 2026-02, yet terbium oxide outside CHN (1.5 times its start) is still up"},
		{"control without end", open, 2.76, ""},
		{"outage ending within a year of the run's end", outage("2026-01", 24), 2.76, ""},
		{"price back", outage("2025-03", 12), 1.1, ""},
		{"no disruption", &scenario.Scenario{}, 2.76, ""},
		{"no scenario", nil, 2.76, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := LastingAfterDisruption(tc.sc, run(tc.endRatio))
			if tc.want == "" {
				if got != nil {
					t.Errorf("got %q, want nothing", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tc.want) || !strings.Contains(got[0], "Markets with no slack") {
				t.Errorf("got %q, want one sentence containing %q", got, tc.want)
			}
		})
	}
}

// TestHTMLSummaryHasTheLastingRiseCaveat: the HTML report's summary carries the same
// caveat as the text verdict (it builds its own intro, which once left it out).
func TestHTMLSummaryHasTheLastingRiseCaveat(t *testing.T) {
	r := testRun(1)
	for m := range r.Months {
		r.PriceOut[m][0] = 60
	}
	r.PriceOut[r.Months-1][0] = 60 * 2
	end := scenario.Month(r.Start) + 3
	sc := &scenario.Scenario{Controls: []scenario.Control{{ID: "ban", Exporter: "CHN", Kind: scenario.Ban, Window: scenario.Window{Start: scenario.Month(r.Start), End: &end}}}}
	if len(LastingAfterDisruption(sc, r)) == 0 {
		t.Fatal("fixture: no lasting-rise caveat to look for")
	}
	var b strings.Builder
	if err := WriteRunHTML(&b, r, HTMLOptions{Scenario: sc}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "last control, tariff or outage ends") {
		t.Error("the HTML summary lacks the lasting-rise caveat the text verdict gives")
	}
}
