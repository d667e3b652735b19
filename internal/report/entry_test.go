package report

import (
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

// TestEntryReport: the verdict sums entered capacity per product, never across
// products, with the countries that added it and the first month; the table lists
// entries in the order of the run's products, the largest first within a product; a run
// without entry has neither.
func TestEntryReport(t *testing.T) {
	r := testRun(1)
	start := r.Start
	r.Summary.Entry = []result.EnteredCapacity{
		{Country: "USA", Process: "sep", Product: "ndpr/magnet", TPerYear: 10, First: start + 30},
		{Country: "CHN", Process: "sep", Product: "ndpr/oxide", TPerYear: 50, First: start + 20},
		{Country: "USA", Process: "sep", Product: "ndpr/oxide", TPerYear: 100, First: start + 25},
	}
	got := entrySentence(&pageCtx{}, r)
	for _, want := range []string{"150 t/yr of NdPr oxide (", "10 t/yr of NdPr magnet (", "from 2026-09"} {
		if !strings.Contains(got, want) {
			t.Errorf("sentence %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "160") {
		t.Errorf("sentence %q adds tonnes of different products", got)
	}
	tab := entryTable(r)
	if len(tab.Rows) != 3 || tab.Rows[0][2] != "ndpr/oxide" || tab.Rows[0][3] != "100" || tab.Rows[2][2] != "ndpr/magnet" {
		t.Errorf("table rows %v, want the oxide's two entries (largest first), then the magnet's", tab.Rows)
	}
	calm := testRun(0)
	if entrySentence(&pageCtx{}, calm) != "" || entryTable(calm) != nil {
		t.Error("a run without entry reports some")
	}
}

// TestEntrySentenceNamesEachCountry: a product entered in several countries names the
// largest three with their own t/yr and sums the rest, so China's 18,217 of 19,703 t/yr
// does not hide behind the total; one country is named alone.
func TestEntrySentenceNamesEachCountry(t *testing.T) {
	r := testRun(1)
	start := r.Start
	r.Summary.Entry = []result.EnteredCapacity{
		{Country: "CHN", Process: "mine", Product: "ndpr/oxide", TPerYear: 18217, First: start + 20},
		{Country: "USA", Process: "mine", Product: "ndpr/oxide", TPerYear: 545, First: start + 20},
		{Country: "AUS", Process: "mine", Product: "ndpr/oxide", TPerYear: 467, First: start + 20},
		{Country: "MMR", Process: "mine", Product: "ndpr/oxide", TPerYear: 324, First: start + 20},
		{Country: "IND", Process: "mine", Product: "ndpr/oxide", TPerYear: 35, First: start + 20},
		{Country: "USA", Process: "sep", Product: "ndpr/magnet", TPerYear: 10, First: start + 30},
	}
	got := entrySentence(&pageCtx{}, r)
	for _, want := range []string{"19588 t/yr of NdPr oxide (CHN 18217, USA 545, AUS 467, 2 others 359)", "10 t/yr of NdPr magnet (USA)"} {
		if !strings.Contains(got, want) {
			t.Errorf("sentence %q lacks %q", got, want)
		}
	}
}
