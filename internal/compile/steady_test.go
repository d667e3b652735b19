package compile

import (
	"math"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
)

// TestBaselineIsSteady: the built-in baseline, with no controls or responses, is a steady
// state over its whole horizon: no month is short, every price in both markets stays
// within 5 % of its first month, and no product becomes independent of the rival part-way
// (it either is from the first month, as its flows say, or never is), and no capacity
// enters (price-triggered entry, on in the embedded data, never fires).
func TestBaselineIsSteady(t *testing.T) {
	ds, _ := testEnv(t)
	sc, err := scenario.Builtin("baseline-2025")
	if err != nil {
		t.Fatal(err)
	}
	if sc, err = scenario.Resolve(sc, scenario.Builtin); err != nil {
		t.Fatal(err)
	}
	m, err := Compile(ds, sc)
	if err != nil {
		t.Fatal(err)
	}
	r := sim.NewResult(m)
	sim.Run(m, r)
	if n := r.Summary.MonthsShort; n != 0 {
		t.Errorf("%d short months", n)
	}
	for p, info := range r.Products {
		for _, series := range []struct {
			name string
			v    [][]float64
		}{{"outside", r.PriceOut}, {"inside", r.PriceIn}} {
			first := series.v[0][p]
			for tt := range r.Months {
				if v := series.v[tt][p]; math.Abs(v/first-1) > 0.05 {
					t.Errorf("%s price %s in month %d is %.4g, more than 5 %% from %.4g", series.name, info.ID, tt, v, first)
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
}
