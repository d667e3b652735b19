package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// runHTML renders r's run report with country names.
func runHTML(t *testing.T, r *result.Run) string {
	t.Helper()
	var b bytes.Buffer
	names := map[string]string{"USA": "United States", "CHN": "China"}
	if err := WriteRunHTML(&b, r, HTMLOptions{CountryName: func(c string) string { return names[c] }}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var figcaption = regexp.MustCompile(`<figcaption>(.*?)</figcaption>`)

func captions(doc string) []string {
	var out []string
	for _, m := range figcaption.FindAllStringSubmatch(doc, -1) {
		out = append(out, m[1])
	}
	return out
}

func hasCaption(doc, part string) bool {
	for _, c := range captions(doc) {
		if strings.Contains(c, part) {
			return true
		}
	}
	return false
}

// TestRunHTMLSections checks what the run report shows a reader: a verdict in words at
// the top, names instead of ids, no chart of rounding noise, no empty charts, a zoom on
// a short crisis, and imports by origin.
func TestRunHTMLSections(t *testing.T) {
	embargo := runHTML(t, testRun(1))
	calm := runHTML(t, testRun(0))

	summary := embargo[strings.Index(embargo, `<section id="summary"`):strings.Index(embargo, `<div class="table"`)]
	for _, want := range []string{"United States runs short in", "The worst month is", "Outside China, the price of", "F-35 fighter by"} {
		if !strings.Contains(summary, want) {
			t.Errorf("verdict lacks %q:\n%s", want, summary)
		}
	}
	if !strings.Contains(calm, "United States is never short of any final product") {
		t.Error("calm run's verdict does not say it is never short")
	}
	for _, bad := range []string{"Mass-balance residual"} {
		if hasCaption(embargo, bad) {
			t.Errorf("chart %q shown to users", bad)
		}
	}
	if !strings.Contains(embargo, "Appendix: run checks") || !strings.Contains(embargo, "within the limit") {
		t.Error("no checks appendix stating the mass balance")
	}
	for _, bad := range []string{"ndpr/magnet:", "t/month of t ", "USD/kg of"} {
		if strings.Contains(embargo, bad) {
			t.Errorf("report shows %q", bad)
		}
	}
	if !hasCaption(embargo, "NdPr magnet: demand, supply and shortfall of United States") {
		t.Errorf("no supply chart named in words; captions: %q", captions(embargo))
	}
	if !hasCaption(embargo, "NdPr oxide: imports of United States by origin") {
		t.Errorf("no imports-by-origin chart; captions: %q", captions(embargo))
	}

	// A product the importer does not demand gets no supply chart.
	r := testRun(1)
	for m := range r.Months {
		r.Demand[m][0], r.Supply[m][0], r.Shortfall[m][0], r.RivalFree[m][0] = 0, 0, 0, 0
	}
	if doc := runHTML(t, r); hasCaption(doc, "NdPr oxide: demand, supply") {
		t.Error("supply chart drawn for a product with no demand")
	}

	// A two-month shortfall in a 24-month run gets a zoomed chart of months 3 to 8 (two
	// short months with three on each side).
	r = testRun(0)
	r.Shortfall[5][1], r.Shortfall[6][1] = 10, 5
	if doc := runHTML(t, r); !hasCaption(doc, "NdPr magnet: demand, supply and shortfall of United States, months 2025-03 to 2025-10") {
		t.Errorf("no zoom on a short crisis; captions: %q", captions(doc))
	}
	// A long one does not.
	if hasCaption(embargo, ", months ") {
		t.Error("zoomed a shortfall that lasts most of the horizon")
	}
}
