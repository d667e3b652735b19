package scenariodoc

import (
	"testing"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// TestStockSection: a cell gives the months short and the final product most short over
// the horizon as a share of its demand (not the one with the most tonnes), 0 when never
// short; built-ins with the same cells share a row; the data's cover is labelled.
func TestStockSection(t *testing.T) {
	// run is a two-month run of a magnet and an oxide with the given shortfalls, t/month,
	// against demand of 100 and 10 t/month; months short as given.
	run := func(monthsShort int, magnetShort, oxideShort float64) *result.Run {
		r := &result.Run{Months: 2, Products: []result.ProductInfo{
			{ID: magnet, Material: "ndfeb", Stage: "magnet", Final: true},
			{ID: ndprOxide, Material: "ndpr", Stage: "separation", Final: true},
			{ID: ndprMetal, Material: "ndpr", Stage: "metal"},
		}}
		for range r.Months {
			r.Demand = append(r.Demand, []float64{100, 10, 50})
			r.Shortfall = append(r.Shortfall, []float64{magnetShort, oxideShort, 40})
		}
		r.Summary.MonthsShort = monthsShort
		return r
	}
	s := &StockSensitivity{Covers: []float64{1, 2.5}, DataCover: 2.5, Cases: []StockCase{
		{Scenario: "a", Runs: []*result.Run{run(2, 20, 5), run(0, 0, 0)}},
		{Scenario: "b", Runs: []*result.Run{run(1, 3, 0), run(0, 0, 0)}},
		{Scenario: "c", Runs: []*result.Run{run(2, 20, 5), run(0, 0, 0)}},
	}}
	got, err := stockSection(s)
	if err != nil {
		t.Fatal(err)
	}
	const want = "| scenario | 1 month | 2.5 months (data) |\n|---|---|---|\n" +
		"| a, c | 2 (NdPr oxide 50 %) | 0 |\n" +
		"| b | 1 (NdFeB magnet 3 %) | 0 |\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, err := stockSection(&StockSensitivity{}); err == nil {
		t.Error("an empty table: no error")
	}
}

// TestWithMagnetCover: the variant's magnet inventory comes after the scenario's own, so
// it wins, and the scenario is left as it was.
func TestWithMagnetCover(t *testing.T) {
	own := scenario.Inventory{Country: "USA", Products: []string{"gallium"}, MonthsOfCover: scenario.Fix(5)}
	sc := &scenario.Scenario{Name: "x", Inventories: []scenario.Inventory{own}}
	v := withMagnetCover(sc, 1)
	if len(sc.Inventories) != 1 || len(v.Inventories) != 2 {
		t.Fatalf("inventories %v, variant %v", sc.Inventories, v.Inventories)
	}
	if last := v.Inventories[1]; last.Country != scenario.All || last.Products[0] != magnet || last.MonthsOfCover.Point() != 1 {
		t.Errorf("variant's magnet inventory %+v", last)
	}
	if setsMagnetInventory(sc) || !setsMagnetInventory(v) {
		t.Error("setsMagnetInventory: wrong on the scenario or its variant")
	}
}
