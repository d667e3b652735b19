package compile

import (
	"cmp"
	"math"
	"slices"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// tariffTolerance is how far, relative to the larger value, the run and the run without a
// tariff may differ for the tariff to count as changing nothing: floating-point
// reordering moves the last digits (the mass-balance residual at 1e-17), not more.
const tariffTolerance = 1e-9

// InertTariffs lists, per tariff of sc on the run's importer and product it names, those
// that change nothing in the run r, with why. Tariffs shift sourcing weights only and do
// not enter prices (docs/model.md, Sourcing weights), so a tariff acts only by moving the
// importer's requests to other suppliers: one at 0 %, one that taxes every supplier
// alike, or one on a product the importer receives from no untaxed country while it is
// in force can change nothing (trial 7: 25 % and 1000 % on China's magnets into the USA,
// which the data's only other maker, ROW, ships none of, left the run byte-identical to
// the baseline with nothing said).
//
// Can, not does: moving the importer's requests to a supplier that has nothing to sell
// also puts them behind other buyers' at the taxed exporter, which matters when that
// exporter runs short (an outage) or licenses its exports (a 1000 % tariff under Ann. 18
// leaves the USA 70 % short of magnets). So each such product is checked against the run
// with the tariff's product taken out, one more run each, and listed only when the
// importer's demand, supply, shortfall, stock, imports by origin and every price stay
// the same. Tariffs on an importer other than the run's, or on a group of importers,
// are not checked: the run records the importer's imports by origin only.
func InertTariffs(ds *world.Dataset, sc *scenario.Scenario, r *result.Run) []result.InertTariff {
	if sc == nil || r.Months == 0 || len(r.ImportsByOrigin) < r.Months || len(r.CountryCapacity) < r.Months {
		return nil
	}
	imp := slices.Index(r.Countries, r.Importer)
	if imp < 0 {
		return nil
	}
	first := scenario.Month(r.Start)
	last := first + scenario.Month(r.Months-1)
	var out []result.InertTariff
	for i, t := range sc.Tariffs {
		if node(ds, t.Importer) != r.Importer || t.Start > last || t.End != nil && *t.End < first {
			continue
		}
		from, to := max(t.Start, first), last
		if t.End != nil {
			to = min(*t.End, last)
		}
		taxed := make([]bool, len(r.Countries))
		uniform := true
		for c, country := range r.Countries {
			taxed[c] = c != imp && (t.Exporter == scenario.All || node(ds, t.Exporter) == country || ds.InGroup(country, t.Exporter))
			uniform = uniform && (c == imp || taxed[c])
		}
		for p, info := range r.Products {
			if !slices.ContainsFunc(t.Products, func(id string) bool { return id == info.ID || id == info.Material }) {
				continue
			}
			it := result.InertTariff{Index: i, Exporter: t.Exporter, RatePct: t.RatePct.Point(), Product: info.ID, From: result.Month(from), To: result.Month(to)}
			fromTaxed, fromOthers := 0.0, 0.0
			for m := from; m <= to; m++ {
				for c, v := range r.ImportsByOrigin[int(m-first)][p] {
					switch {
					case taxed[c]:
						fromTaxed += v
					case c != imp:
						fromOthers += v
					}
				}
			}
			switch {
			case it.RatePct == 0:
				it.Reason = result.TariffZero
			case uniform:
				it.Reason = result.TariffUniform
			case fromOthers > 0:
				continue // it may have shifted some of them
			case fromTaxed <= 0:
				it.Reason = result.TariffNoImports
			default:
				it.Reason = result.TariffSoleSupplier
				it.OtherMakers = otherMakers(r, p, taxed, imp, first, from, to)
			}
			if !sameWithout(ds, sc, i, info.ID, r) {
				continue
			}
			out = append(out, it)
		}
	}
	return out
}

// otherMakers names the countries, neither taxed nor the importer, with capacity of
// product p in some month from `from` to `to`, largest capacity first. start is the
// run's first month.
func otherMakers(r *result.Run, p int, taxed []bool, imp int, start, from, to scenario.Month) []string {
	type maker struct {
		country  string
		capacity float64
	}
	var makers []maker
	for c, country := range r.Countries {
		if taxed[c] || c == imp {
			continue
		}
		most := 0.0
		for m := from; m <= to; m++ {
			most = max(most, r.CountryCapacity[int(m-start)][p][c])
		}
		if most > 0 {
			makers = append(makers, maker{country, most})
		}
	}
	slices.SortStableFunc(makers, func(a, b maker) int { return cmp.Compare(b.capacity, a.capacity) })
	var out []string
	for _, m := range makers {
		out = append(out, m.country)
	}
	return out
}

// sameWithout reports whether the scenario run with tariff i no longer naming product
// gives the importer the same demand, supply, shortfall, stock and imports by origin as
// r, and every product the same prices, within tariffTolerance.
func sameWithout(ds *world.Dataset, sc *scenario.Scenario, i int, product string, r *result.Run) bool {
	v := *sc
	v.Tariffs = slices.Clone(sc.Tariffs)
	c := &compiler{products: ds.SimProducts()}
	v.Tariffs[i].Products = slices.DeleteFunc(c.productIDs(sc.Tariffs[i].Products), func(id string) bool { return id == product })
	if len(v.Tariffs[i].Products) == 0 {
		v.Tariffs = slices.Delete(v.Tariffs, i, i+1)
	}
	_, res, err := Run(ds, &v, RunOptions{})
	if err != nil {
		return false
	}
	b := result.FromSim(res)
	if b.Months != r.Months || len(b.Products) != len(r.Products) || len(b.Countries) != len(r.Countries) {
		return false
	}
	for _, pair := range [][2][][]float64{{r.Demand, b.Demand}, {r.Supply, b.Supply}, {r.Shortfall, b.Shortfall},
		{r.Inventory, b.Inventory}, {r.PriceOut, b.PriceOut}, {r.PriceIn, b.PriceIn}} {
		if !close2(pair[0], pair[1]) {
			return false
		}
	}
	for t := range r.Months {
		if !close2(r.ImportsByOrigin[t], b.ImportsByOrigin[t]) {
			return false
		}
	}
	return true
}

// close2 reports whether two tables of the same shape agree within tariffTolerance.
func close2(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j, x := range a[i] {
			y := b[i][j]
			if math.Abs(x-y) > tariffTolerance*max(1, math.Abs(x), math.Abs(y)) {
				return false
			}
		}
	}
	return true
}
