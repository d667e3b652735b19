package report

import (
	"fmt"
	"slices"

	"github.com/critmin/critmin/internal/result"
)

// entryTable lists the capacity price-triggered entry installed by the horizon, or nil
// when none entered.
func entryTable(r *result.Run) *Table {
	if len(r.Summary.Entry) == 0 {
		return nil
	}
	t := &Table{
		Title: "Capacity built because prices stayed high (price-triggered entry), by the end of the horizon",
		Columns: []Column{{Name: "country"}, {Name: "process"}, {Name: "product"},
			{Name: "added", Unit: "t/yr", Right: true}, {Name: "first month", Unit: "YYYY-MM"}},
		Notes: []string{
			"producers whose expected price (smoothed over parameters.expected_price_months; a price floor above the market price counts as their price) stays above parameters.entry_hurdle times the baseline price order new capacity, delivered parameters.entry_lead_months later (docs/model.md, Entry)",
			"tonnes per year of the process's first output; set parameters.entry_elasticity: 0 to see the scenario's own capacity alone",
		},
	}
	for _, e := range r.Summary.Entry {
		t.Add(e.Country, e.Process, e.Product, Num(e.TPerYear, 1), e.First.String())
	}
	return t
}

// entrySentence names the largest three additions of price-triggered entry, by tonnage of
// their product, or is "" when none entered.
func entrySentence(ids *pageCtx, r *result.Run) string {
	es := slices.Clone(r.Summary.Entry)
	if len(es) == 0 {
		return ""
	}
	slices.SortStableFunc(es, func(a, b result.EnteredCapacity) int {
		switch {
		case a.TPerYear > b.TPerYear:
			return -1
		case a.TPerYear < b.TPerYear:
			return 1
		}
		return 0
	})
	var parts []string
	for _, e := range es[:min(3, len(es))] {
		parts = append(parts, fmt.Sprintf("%s t/yr of %s in %s from %s", Num(e.TPerYear, 0), productNameByID(r, e.Product), ids.country(e.Country), e.First))
	}
	more := ""
	if len(es) > 3 {
		more = fmt.Sprintf(" (and %d smaller additions)", len(es)-3)
	}
	return fmt.Sprintf("High prices brought new capacity at existing producers: %s%s.", joinAnd(parts), more)
}
