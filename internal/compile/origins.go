package compile

import (
	"cmp"
	"slices"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/world"
)

// TradeOrigins sets, for every final product the importer imports in the run's first
// month and whose traded form sim_trade_forms.csv names, the rival's share of those
// imports beside its share in the importer's trade data (world.Dataset.SimTradeMix).
// The two differ by construction where the data places plants in ROW that trade data
// name by country (Japan's magnet makers' plants in the Philippines and Vietnam), or
// where trade names a refiner of metal made elsewhere; the report says so when they are
// far apart. It needs the run's bilateral series (ImportsByOrigin, CountryCapacity): a
// run without them gets none.
func TradeOrigins(ds *world.Dataset, r *result.Run) []result.TradeOrigin {
	if r.Months == 0 || len(r.ImportsByOrigin) == 0 || len(r.CountryCapacity) == 0 || r.Rival == "" {
		return nil
	}
	rival := slices.Index(r.Countries, r.Rival)
	if rival < 0 {
		return nil
	}
	var out []result.TradeOrigin
	for p, info := range r.Products {
		if !info.Final {
			continue
		}
		row := r.ImportsByOrigin[0][p]
		total := 0.0
		for _, v := range row {
			total += v
		}
		if total <= 0 {
			continue
		}
		mix, _, ok := ds.SimTradeMix(r.Importer, info.ID)
		if !ok {
			continue
		}
		o := result.TradeOrigin{Product: info.ID, RunSharePct: 100 * row[rival] / total,
			Category: mix.Category, Period: mix.Period}
		for _, s := range mix.Sources {
			if o.Source == "" {
				o.Source = s.Source
			}
			if s.Exporter == r.Rival {
				o.TradeSharePct, o.Source = s.SharePct, s.Source
			}
		}
		for c, capacity := range r.CountryCapacity[0][p] {
			if c != rival && capacity > 0 {
				o.OutsideProducers = append(o.OutsideProducers, result.Producer{Country: r.Countries[c], CapacityTPerYear: 12 * capacity})
			}
		}
		slices.SortStableFunc(o.OutsideProducers, func(a, b result.Producer) int {
			return cmp.Compare(b.CapacityTPerYear, a.CapacityTPerYear)
		})
		out = append(out, o)
	}
	return out
}

// DemandBasis returns the importer's final demand rows of the data's latest year
// (sim_demand.csv), in the data's order, for the report to say which of the figures a
// run rests on are critmin estimates rather than reported or derived ones.
func DemandBasis(ds *world.Dataset, r *result.Run) []result.DemandRow {
	rows := ds.SimDemand()
	year := 0
	for _, d := range rows {
		if d.Importer == r.Importer {
			year = max(year, d.Year)
		}
	}
	var out []result.DemandRow
	for _, d := range rows {
		if d.Importer == r.Importer && d.Year == year {
			out = append(out, result.DemandRow{Product: d.Product, Sector: d.Sector, TPerYear: d.TPerYear,
				Status: d.Status.String(), Source: d.Source})
		}
	}
	return out
}
