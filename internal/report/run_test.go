package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/result"
)

func TestRunSummaryGolden(t *testing.T) {
	for _, tt := range []struct {
		name      string
		embargoed float64
		format    Format
	}{
		{"summary_embargo.txt.golden", 1, Text},
		{"summary_embargo.csv.golden", 1, CSV},
		{"summary_baseline.txt.golden", 0, Text},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, tt.format, RunSummary(testRun(tt.embargoed))); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.name, b.Bytes())
		})
	}
}

func TestRunSummaryJSONIsTheResult(t *testing.T) {
	r := testRun(1)
	var b bytes.Buffer
	if err := Write(&b, JSON, RunSummary(r)); err != nil {
		t.Fatal(err)
	}
	var back result.Run
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Scenario != r.Scenario || back.Months != r.Months || len(back.CountryCapacity) != r.Months ||
		back.Summary.PeakShortfallT != r.Summary.PeakShortfallT {
		t.Errorf("JSON does not round-trip the Result: got scenario %q, %d months", back.Scenario, back.Months)
	}
}

func TestRunMonthlyCSV(t *testing.T) {
	r := testRun(1)
	var b bytes.Buffer
	if err := RunMonthlyCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "monthly.csv.golden", b.Bytes())

	rows, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Per month: 6 importer and 3 world series per product, 5 country series per product
	// and country, sectors, 2 per end item, cost kinds, the total and the residual.
	perMonth := 6*2 + 3*2 + 5*2*2 + 2 + 2*3 + 4 + 1 + 1
	if got, want := len(rows), 1+r.Months*perMonth; got != want {
		t.Errorf("got %d rows, want %d", got, want)
	}
	if got := strings.Join(rows[0], ","); got != "month,product,country,sector,item,measure,value,unit" {
		t.Errorf("header %q", got)
	}
	for _, row := range rows[1:] {
		if row[6] == "" || row[7] == "" {
			t.Fatalf("row without value or unit: %q", row)
		}
	}
}

// TestRunToleratesEmptySeries renders Results whose engine filled no series, with and
// without months: the report shows blanks, never NaN, and does not panic.
func TestRunToleratesEmptySeries(t *testing.T) {
	for _, months := range []int{0, 1, 3} {
		r := &result.Run{Scenario: "empty", Months: months, Importer: "USA", Rival: "CHN",
			Products:   []result.ProductInfo{{ID: "x/y", Final: true}},
			CostByKind: []string{"capex"}, Countries: []string{"USA"}, Sectors: []string{"defense"},
			EndItems: []result.EndItemInfo{{ID: "e"}}}
		var b bytes.Buffer
		if err := Write(&b, Text, RunSummary(r)); err != nil {
			t.Fatal(err)
		}
		if err := RunMonthlyCSV(&b, r); err != nil {
			t.Fatal(err)
		}
		var h bytes.Buffer
		if err := WriteRunHTML(&h, r, HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
		checkWellFormed(t, h.String())
		if strings.Contains(b.String(), "NaN") {
			t.Errorf("%d months: output shows NaN", months)
		}
	}
}

func TestMonthString(t *testing.T) {
	for _, tt := range []struct {
		m    result.Month
		want string
	}{{12*2025 + 0, "2025-01"}, {12*2025 + 11, "2025-12"}, {12 * 2030, "2030-01"}, {-1, "-001-12"}} {
		if got := monthString(tt.m); got != tt.want {
			t.Errorf("monthString(%d) = %q, want %q", tt.m, got, tt.want)
		}
	}
}

// TestRunFlagsPriceCap: months at the price cap are named in the headline, so nobody
// reads a capped price as a market outcome.
func TestRunFlagsPriceCap(t *testing.T) {
	r := testRun(1)
	var b bytes.Buffer
	if err := Write(&b, Text, RunSummary(r)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "price cap") {
		t.Fatalf("a run that never met the cap mentions it:\n%s", b.String())
	}
	r.Summary.PriceCapMonths = []result.PriceCapCount{{Product: "ndfeb/magnet", Market: "outside", Bound: "cap", Months: 7}}
	b.Reset()
	if err := Write(&b, Text, RunSummary(r)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "months at the price cap (outside market)") || !strings.Contains(b.String(), "7") {
		t.Errorf("the headline does not flag 7 months at the cap:\n%s", b.String())
	}
}

// TestEndItemTablesNameProductsWithoutItems: a final product short with no end item
// defined is named in a note, so its shortfall does not read as no loss.
func TestEndItemTablesNameProductsWithoutItems(t *testing.T) {
	r := testRun(1) // NdPr oxide is short too, and no end item counts it
	var notes []string
	for _, tb := range endItemsLostTables(r) {
		notes = append(notes, tb.Notes...)
	}
	const want = "no end item is defined for NdPr oxide (bom.csv), so its shortfall converts into none here"
	if !slices.Contains(notes, want) {
		t.Errorf("notes %q lack %q", notes, want)
	}
}

// TestProductVolumeTableDemandBases: the final-product table sets demand at baseline
// prices beside demand at the run's prices, says which one its shares are of, and keeps
// the CSV field names of the columns it reworded (trial 6: "demand (t)" read as need).
func TestProductVolumeTableDemandBases(t *testing.T) {
	r := testRun(1)
	r.Summary.DemandResponse = []result.ProductDemand{{Product: "ndpr/magnet", AtBaselinePrice: 12000, AtRunPrices: 9600}}
	tb := productVolumeTable(r)
	var text, csvOut bytes.Buffer
	if err := tb.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := tb.WriteCSV(&csvOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"demand at baseline prices (t)", "demand at run prices (t)", "shortfall (% of demand at run prices)"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text header lacks %q:\n%s", want, text.String())
		}
	}
	rows, err := csv.NewReader(&csvOut).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"product", "basis", "demand_at_baseline_prices_t", "demand_t", "supply_t", "shortfall_t", "shortfall_pct_of_demand", "peak_shortfall_pct_of_demand", "peak_month_YYYY-MM"}
	if !slices.Equal(rows[0], want) {
		t.Errorf("CSV header %q, want %q", rows[0], want)
	}
	// Oxide has no baseline figure in the fixture (a result written before it): n/a.
	if rows[1][2] != "n/a" || rows[2][2] != "12000" || rows[2][3] != "9600" {
		t.Errorf("rows %q, want oxide n/a, magnet 12000 at baseline prices against 9600", rows[1:])
	}
}

// TestStockpileExhaustedCell: the headline says "no stockpile" when the importer's
// stockpile never holds stock and buys nothing (a trial read "never" under a ban without
// one as "the stockpile never ran out"), "never" for one that lasts, and the month for
// one that runs out; the JSON keeps null for the first two.
func TestStockpileExhaustedCell(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    func() *result.Run
		want string
	}{
		{"runs out", func() *result.Run { return testRun(1) }, "2025-09"},
		{"none", func() *result.Run { return testRun(0) }, "no stockpile"},
		{"holds stock", func() *result.Run { r := testRun(0); r.Stockpile[5][1] = 10; return r }, "never"},
		{"only buys", func() *result.Run {
			r := testRun(0)
			r.Summary.StockpilePurchases = []result.StockpilePurchase{{Holder: "USA", Product: "ndpr/magnet", PlannedT: 10}}
			return r
		}, "never"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r()
			if got := stockpileExhausted(r); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			for _, row := range headlineRows(r) {
				if row.measure == "stockpile exhausted" && row.value != tc.want {
					t.Errorf("headline row %q, want %q", row.value, tc.want)
				}
			}
			if got := compareHeadlineTable(r, r); !strings.Contains(fmt.Sprint(got.Rows), tc.want) {
				t.Errorf("compare headline lacks %q", tc.want)
			}
		})
	}
}
