package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

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
	for _, e := range entriesByProduct(r) {
		t.Add(e.Country, e.Process, e.Product, Num(e.TPerYear, 1), e.First.String())
	}
	return t
}

// entriesByProduct is the run's entered capacity in the order of its products, the
// largest addition first within a product.
func entriesByProduct(r *result.Run) []result.EnteredCapacity {
	rank := map[string]int{}
	for i, p := range r.Products {
		rank[p.ID] = i
	}
	es := slices.Clone(r.Summary.Entry)
	slices.SortStableFunc(es, func(a, b result.EnteredCapacity) int {
		if c := cmp.Compare(rank[a.Product], rank[b.Product]); c != 0 {
			return c
		}
		return cmp.Compare(b.TPerYear, a.TPerYear)
	})
	return es
}

// entrySentence sums price-triggered entry per product (tonnes of one product are never
// added to another's) and names the maxEntryProducts products whose additions are worth
// most at their first month's outside price, with the countries that added to them and
// the first month, or is "" when none entered.
func entrySentence(ids *pageCtx, r *result.Run) string {
	es := entriesByProduct(r)
	if len(es) == 0 {
		return ""
	}
	type group struct {
		text  string
		value float64
	}
	var groups []group
	for i := 0; i < len(es); {
		j, total, first := i, 0.0, es[i].First
		var where []string
		for ; j < len(es) && es[j].Product == es[i].Product; j++ {
			total += es[j].TPerYear
			first = min(first, es[j].First)
			where = append(where, ids.country(es[j].Country))
		}
		if j-i > 1 {
			// Several countries: the largest with their own amounts, so that one country's
			// entry does not hide behind the total.
			where = entryCountries(ids, es[i:j])
		}
		value := 0.0
		if p := slices.IndexFunc(r.Products, func(x result.ProductInfo) bool { return x.ID == es[i].Product }); p >= 0 && r.Months > 0 {
			value = total * r.PriceOut[0][p]
		}
		groups = append(groups, group{fmt.Sprintf("%s t/yr of %s (%s) from %s", tonnesPerYear(total), productNameByID(r, es[i].Product), strings.Join(where, ", "), first), value})
		i = j
	}
	slices.SortStableFunc(groups, func(a, b group) int { return cmp.Compare(b.value, a.value) })
	var parts []string
	for _, g := range groups[:min(maxEntryProducts, len(groups))] {
		parts = append(parts, g.text)
	}
	more := ""
	switch n := len(groups) - maxEntryProducts; {
	case n == 1:
		more = "; one more product in the entry table"
	case n > 1:
		more = fmt.Sprintf("; %d more products in the entry table", n)
	}
	return fmt.Sprintf("High prices brought new capacity at existing producers: %s%s.", joinAnd(parts), more)
}

// maxEntryCountries is how many countries the entry sentence names, with their amounts,
// for one product; the rest are summed.
const maxEntryCountries = 3

// entryCountries names the countries of one product's entries, each with its t/yr, the
// ones past maxEntryCountries summed as "N others". es is one product's run of
// entriesByProduct, largest first.
func entryCountries(ids *pageCtx, es []result.EnteredCapacity) []string {
	n := min(maxEntryCountries, len(es))
	var out []string
	for _, e := range es[:n] {
		out = append(out, ids.country(e.Country)+" "+tonnesPerYear(e.TPerYear))
	}
	if rest := es[n:]; len(rest) > 0 {
		sum := 0.0
		for _, e := range rest {
			sum += e.TPerYear
		}
		out = append(out, fmt.Sprintf("%d others %s", len(rest), tonnesPerYear(sum)))
	}
	return out
}

// maxEntryProducts is how many products the verdict's entry sentence names.
const maxEntryProducts = 3

// tonnesPerYear prints an entered capacity: whole tonnes, or one decimal below 1 t/yr so
// that a small entry does not read as "0 t/yr".
func tonnesPerYear(v float64) string {
	if v < 0.95 {
		return Num(v, 1)
	}
	return Num(v, 0)
}
