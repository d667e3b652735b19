package compile

import (
	"math"
	"testing"

	"github.com/critmin/critmin/internal/sim"
)

// TestBaselineIsSteady: the built-in baseline, with no controls or responses, is a steady
// state over its whole horizon: no month is short; every price in both markets stays
// within 0.1 % of its first month, and the importer's demand, supply and inventory and
// every product's world production within 1e-6 of theirs; no product becomes independent
// of the rival part-way (it either is from the first month, as its flows say, or never
// is), and no capacity enters (price-triggered entry, on in the embedded data, never
// fires). What moves at all: the outside NdPr oxide price, by 1e-4 over eleven years,
// since the data's NdPr oxide outside China falls a fraction of a tonne a month short of
// the need it meets (the curated figures do not balance exactly), and with it China's
// NdPr oxide exports (0.02 t/month by 2034, arbitrage).
func TestBaselineIsSteady(t *testing.T) {
	m := builtinModel(t, "baseline-2025")
	r := sim.NewResult(m)
	sim.Run(m, r)
	if n := r.Summary.MonthsShort; n != 0 {
		t.Errorf("%d short months", n)
	}
	for p, info := range r.Products {
		for _, series := range []struct {
			name string
			v    [][]float64
			tol  float64
		}{
			{"outside price", r.PriceOut, 1e-3}, {"inside price", r.PriceIn, 1e-3},
			{"demand", r.Demand, 1e-6}, {"supply", r.Supply, 1e-6}, {"inventory", r.Inventory, 1e-6},
			{"production", r.Production, 1e-6},
		} {
			first := series.v[0][p]
			for tt := range r.Months {
				if v := series.v[tt][p]; math.Abs(v-first) > series.tol*math.Abs(first) {
					t.Errorf("%s of %s in month %d is %.10g, more than %g relative from %.10g", series.name, info.ID, tt, v, series.tol, first)
					break
				}
			}
		}
	}
	for _, pm := range r.Summary.IndependenceByProduct {
		if pm.Month != nil && *pm.Month != r.Start {
			t.Errorf("%s becomes independent of %s in %s with nothing happening", pm.Product, r.Rival, pm.Month)
		}
	}
	if s := r.Summary.Independence; s != nil && *s != r.Start {
		t.Errorf("independence in %s with nothing happening", s)
	}
	if len(r.Summary.PriceCapMonths) > 0 {
		t.Errorf("prices at the cap: %+v", r.Summary.PriceCapMonths)
	}
	if m.Params().EntryElasticity <= 0 {
		t.Error("the embedded data switch price-triggered entry off: the check below checks nothing")
	}
	if len(r.Summary.Entry) > 0 {
		t.Errorf("capacity entered with nothing happening: %+v", r.Summary.Entry)
	}
	if len(r.Summary.DemandResponse) == 0 {
		t.Error("no demand response reported for the importer's final products")
	}
	for _, d := range r.Summary.DemandResponse {
		if math.Abs(d.AtRunPrices-d.AtBaselinePrice) > 1e-6*d.AtBaselinePrice {
			t.Errorf("%s: demand %.10g at the run's prices against %.10g at baseline prices, with nothing happening", d.Product, d.AtRunPrices, d.AtBaselinePrice)
		}
	}
}
