package compile

import (
	"math"
	"testing"
)

// TestReconciledEmbedded: the embedded data's only deficit above rounding is terbium
// oxide (metal output estimated from magnet output needs 0.007 % more oxide than the
// world separates); reconcile scales its users by output / need and nothing else, and
// after it the world's need of every product is within the tolerance of its output.
func TestReconciledEmbedded(t *testing.T) {
	ds, _ := testEnv(t)
	rec := Reconciled(ds)
	if len(rec) != 1 || rec[0].Product != "tb/separation" {
		t.Fatalf("reconciled %+v, want tb/separation only", rec)
	}
	if r := rec[0]; r.Factor <= 0.999 || r.Factor >= 1 || math.Abs(r.Factor-r.OutputTPerMonth/r.NeedTPerMonth) > 1e-12 {
		t.Errorf("factor %v, want output/need = %v just below 1", r.Factor, r.OutputTPerMonth/r.NeedTPerMonth)
	}
	b := baseOf(ds)
	out := map[string]float64{}
	need := map[string]float64{}
	for _, pr := range b.baseline {
		run := pr.CapacityTPerMonth * pr.Utilisation
		for _, f := range pr.Outputs {
			out[f.Product] += run * f.TPerUnit
		}
		for _, f := range pr.Inputs {
			need[f.Product] += run * f.TPerUnit
		}
	}
	year := 0
	for _, d := range b.demandRows {
		year = max(year, d.Year)
	}
	for _, d := range b.demandRows {
		if d.Year == year {
			need[d.Product] += d.TPerYear / 12
		}
	}
	for p, n := range need {
		if o := out[p]; o > 0 && n > o*(1+reconcileTolerance) {
			t.Errorf("%s: world need %.9g above output %.9g after reconciling", p, n, o)
		}
	}
}
