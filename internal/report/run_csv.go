package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/critmin/critmin/internal/result"
)

// RunMonthlyCSV writes every monthly series of r as long-format CSV with the columns
// month, product, country, sector, item, measure, value and unit: one row per month,
// measure and key. Rows are ordered by month, then by measure in the order of the Result,
// then by product, country, sector or item in the Result's order. Series about the
// importer carry its code in the country column; world series leave it empty. The item
// column names an end item or a cost kind, which fit none of the other keys.
func RunMonthlyCSV(w io.Writer, r *result.Run) error {
	cw := csv.NewWriter(w)
	header := []string{"month", "product", "country", "sector", "item", "measure", "value", "unit"}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write monthly csv: %w", err)
	}
	for m := range r.Months {
		for _, row := range monthRows(r, m) {
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("write monthly csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write monthly csv: %w", err)
	}
	return nil
}

// csvValue formats a value with six decimals, enough for tonnes, prices and MUSD.
func csvValue(v float64) string { return Num(v, 6) }

// csvResidual formats a mass-balance residual, which is near 1e-12, with its exponent.
func csvResidual(v float64) string {
	if !finite(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// monthRows returns the CSV rows of month m of r.
func monthRows(r *result.Run, m int) [][]string {
	month := monthAt(r, m)
	var rows [][]string
	add := func(product, country, sector, item, measure, value, unit string) {
		rows = append(rows, []string{month, product, country, sector, item, measure, value, unit})
	}
	importer := []struct {
		measure, unit string
		s             [][]float64
	}{
		{"demand", "t/month", r.Demand},
		{"supply", "t/month", r.Supply},
		{"shortfall", "t/month", r.Shortfall},
		{"inventory", "t", r.Inventory},
		{"stockpile", "t", r.Stockpile},
		{"rival_free_supply", "t/month", r.RivalFree},
	}
	for _, s := range importer {
		for p, info := range r.Products {
			add(info.ID, r.Importer, "", "", s.measure, csvValue(at(s.s, m, p)), s.unit)
		}
	}
	world := []struct {
		measure, unit string
		s             [][]float64
	}{
		{"production", "t/month", r.Production},
		{"price_outside", "USD/kg", r.PriceOut},
		{"price_inside", "USD/kg", r.PriceIn},
	}
	for _, s := range world {
		for p, info := range r.Products {
			add(info.ID, "", "", "", s.measure, csvValue(at(s.s, m, p)), s.unit)
		}
	}
	countries := []struct {
		measure string
		s       [][][]float64
	}{
		{"country_production", r.CountryProduction},
		{"country_capacity", r.CountryCapacity},
		{"country_exports", r.CountryExports},
		// Bilateral flows: the country is the origin of the importer's imports, and the
		// destination of the rival's exports.
		{"imports_from", r.ImportsByOrigin},
		{"rival_exports_to", r.RivalExportsByDestination},
	}
	for _, s := range countries {
		for p, info := range r.Products {
			for c, country := range r.Countries {
				add(info.ID, country, "", "", s.measure, csvValue(at3(s.s, m, p, c)), "t/month")
			}
		}
	}
	for i, sector := range r.Sectors {
		add("", r.Importer, sector, "", "sector_shortfall", csvValue(at(r.SectorShortfall, m, i)), "t/month")
	}
	for _, s := range []struct {
		measure string
		s       [][]float64
	}{{"end_items_low_bom", r.EndItemsLow}, {"end_items_high_bom", r.EndItemsHigh}} {
		for i, e := range r.EndItems {
			add(e.Product, r.Importer, "", e.ID, s.measure, csvValue(at(s.s, m, i)), "units/month")
		}
	}
	for k, kind := range r.CostByKind {
		add("", "", "", kind, "cost_cumulative", csvValue(at(r.Cost, m, k)), "MUSD")
	}
	add("", "", "", "total", "cost_cumulative", csvValue(atMonth(r.CostTotal, m)), "MUSD")
	add("", "", "", "", "mass_balance_residual", csvResidual(atMonth(r.MassBalance, m)), "share of throughput")
	return rows
}
