package sim

import (
	"math"
	"slices"
	"testing"
)

// entryBuilder: CHN mines 900 t/month and CAN 100 t/month of x/refined; USA needs 1,000.
// From month 2, half of CHN's mine is out for good, so the outside price rises and stays
// high. Entry: ψ 0.5, hurdle 2, lead 6 months, expected price over 3 months.
func entryBuilder(psi float64) *Builder {
	const months = 48
	b := newTestBuilder(months, "USA", "CHN", "CAN")
	addSource(b, "CHN", "x/refined", 900)
	addSource(b, "CAN", "x/refined", 100)
	b.AddDemand(Demand{Region: "USA", Product: "x/refined", Sector: "ev", TPerMonth: 1000})
	b.AddOutage(Outage{Process: "make x/refined", Country: "CHN", Fraction: 0.5, Window: Window{Start: testStart + 2}})
	p := testParams()
	p.EntryElasticity, p.EntryHurdle, p.EntryLeadMonths, p.ExpectedPriceMonths = psi, 2, 6, 3
	b.SetParams(p)
	return b
}

// TestEntryFollowsTheExpectedPrice recomputes docs/model.md's entry equations from the
// run's own outside prices: E moves a third of the way to P/P0 each month, CAN orders
// ψ ln(E/h) of its 100 t/month as E first passes each level, and each order is capacity
// six months later. CHN, whose inside price does not rise (it has no buyers at home),
// orders nothing, and capacity never falls.
func TestEntryFollowsTheExpectedPrice(t *testing.T) {
	m := mustBuild(t, entryBuilder(0.5))
	r := runChecked(t, m)
	x, can, chn := productIndex(t, r, "x/refined"), countryIndex(t, r, "CAN"), countryIndex(t, r, "CHN")
	expected, ordered := 1.0, 0.0
	orderedBy := make([]float64, r.Months) // share of capacity ordered by the end of each month
	for t := range r.Months {
		expected += (r.PriceOut[t][x]/10 - expected) / 3
		if expected > 2 {
			ordered = max(ordered, 0.5*math.Log(expected/2))
		}
		orderedBy[t] = ordered
	}
	if ordered == 0 {
		t.Fatal("the outside price never took the expected price above the hurdle: the test checks nothing")
	}
	first := -1
	for month := range r.Months {
		want := 100.0
		if month >= 6 {
			want += 100 * orderedBy[month-6]
		}
		if got := r.CountryCapacity[month][x][can]; math.Abs(got-want) > 1e-9*want {
			t.Fatalf("CAN capacity in month %d: %.12g, want %.12g", month, got, want)
		}
		if got := r.CountryCapacity[month][x][chn]; month >= 2 && got != 450 {
			t.Fatalf("CHN capacity in month %d: %g, want 450 (no entry behind its own price)", month, got)
		}
		if first < 0 && r.CountryCapacity[month][x][can] > 100 {
			first = month
		}
	}
	if len(r.Summary.Entry) != 1 {
		t.Fatalf("Summary.Entry = %+v, want CAN's entry alone", r.Summary.Entry)
	}
	e := r.Summary.Entry[0]
	if want := 12 * 100 * orderedBy[r.Months-7]; e.Country != "CAN" || e.Product != "x/refined" ||
		math.Abs(e.TPerYear-want) > 1e-9*want || e.First != testStart+Month(first) {
		t.Errorf("Summary.Entry[0] = %+v, want CAN x/refined %.6g t/yr from month %d", e, want, first)
	}
}

// TestEntryOffChangesNothing: with ψ = 0 no capacity enters and the run equals one of a
// model that never heard of entry (the engine defaults), series for series.
func TestEntryOffChangesNothing(t *testing.T) {
	r := runChecked(t, mustBuild(t, entryBuilder(0)))
	b := entryBuilder(0)
	p := testParams() // entry's other parameters at the engine defaults
	b.SetParams(p)
	ref := runChecked(t, mustBuild(t, b))
	x, can := productIndex(t, r, "x/refined"), countryIndex(t, r, "CAN")
	for month := range r.Months {
		if got := r.CountryCapacity[month][x][can]; got != 100 {
			t.Fatalf("CAN capacity in month %d: %g with entry off", month, got)
		}
		if r.PriceOut[month][x] != ref.PriceOut[month][x] || r.Supply[month][x] != ref.Supply[month][x] {
			t.Fatalf("month %d differs from the run without entry", month)
		}
	}
	if len(r.Summary.Entry) != 0 {
		t.Errorf("Summary.Entry = %+v with entry off", r.Summary.Entry)
	}
}

// TestEngineReuseForgetsEntry: a reused engine (Use, then Run) and a reused Result give
// the same run as fresh ones, after a run with entry on and one with it off.
func TestEngineReuseForgetsEntry(t *testing.T) {
	on, off := mustBuild(t, entryBuilder(0.5)), mustBuild(t, entryBuilder(0))
	e, out := NewEngine(on), NewResult(on)
	e.Run(out)
	if !e.Use(off) {
		t.Fatal("Use refused a model of the same shape")
	}
	e.Run(out)
	fresh := runChecked(t, off)
	x := productIndex(t, out, "x/refined")
	for month := range out.Months {
		if out.PriceOut[month][x] != fresh.PriceOut[month][x] || !slices.Equal(out.CountryCapacity[month][x], fresh.CountryCapacity[month][x]) {
			t.Fatalf("month %d: the reused engine remembers the earlier run's entry", month)
		}
	}
	if len(out.Summary.Entry) != 0 {
		t.Errorf("Summary.Entry = %+v after a run with entry off", out.Summary.Entry)
	}
}
