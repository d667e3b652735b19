package compile

import (
	"slices"

	"github.com/critmin/critmin/internal/world"
)

// A Reconciliation records how the data-year baseline was made feasible for one product:
// the world's first-month need of it (its users' processes at 2024 output and final
// demand) exceeded the world's output of it, so every user of it was scaled by Factor.
type Reconciliation struct {
	Product string
	// NeedTPerMonth and OutputTPerMonth are the world need and output before scaling.
	NeedTPerMonth, OutputTPerMonth float64
	// Factor is Output / Need: the share of its 2024 rate each user keeps.
	Factor float64
}

// reconcile makes the baseline feasible. The data's stages come from different sources
// (mine output from USGS, metal output estimated from magnet output, demand from sector
// studies), so a stage can need slightly more of its input than the world makes of it.
// Left alone, such a deficit never clears: users' stocks fall month after month and the
// price climbs in a run with no policy at all. So, product by product until nothing
// changes, where the world's need exceeds its output (and output is positive), the
// utilisation of every process using the product and every final demand for it are
// scaled by output / need. Scaling a process lowers its outputs, which may tighten the
// next stage: hence the iteration, which only ever lowers rates and so ends. Surpluses are
// left as they are (unsold output is the data's; the price model takes the data year's
// balance as its reference, docs/model.md). Every scaling is recorded.
func (b *base) reconcile() {
	year := 0
	for _, d := range b.demandRows {
		year = max(year, d.Year)
	}
	for range 64 {
		out := make([]float64, len(b.products))
		need := make([]float64, len(b.products))
		for _, pr := range b.baseline {
			run := pr.CapacityTPerMonth * pr.Utilisation
			for _, f := range pr.Outputs {
				out[b.productIndex[f.Product]] += run * f.TPerUnit
			}
			for _, f := range pr.Inputs {
				need[b.productIndex[f.Product]] += run * f.TPerUnit
			}
		}
		for _, d := range b.demandRows {
			if d.Year == year {
				need[b.productIndex[d.Product]] += d.TPerYear / 12
			}
		}
		changed := false
		for i, p := range b.products {
			if out[i] <= 0 || need[i] <= out[i]*(1+reconcileTolerance) {
				continue
			}
			f := out[i] / need[i]
			b.reconciled = append(b.reconciled, Reconciliation{Product: p.ID, NeedTPerMonth: need[i], OutputTPerMonth: out[i], Factor: f})
			b.scaleUsers(p.ID, f)
			changed = true
		}
		if !changed {
			break
		}
	}
	b.mergeReconciled()
}

// scaleUsers scales the utilisation of every baseline process using product, with its
// input needs, and every final demand row for product by f.
func (b *base) scaleUsers(product string, f float64) {
	for i := range b.baseline {
		pr := &b.baseline[i]
		uses := false
		for _, in := range pr.Inputs {
			uses = uses || in.Product == product
		}
		if !uses {
			continue
		}
		pr.Utilisation *= f
		for j := range b.inputNeeds {
			if b.inputNeeds[j].proc == i {
				b.inputNeeds[j].t *= f
			}
		}
	}
	for i := range b.demandRows {
		if d := &b.demandRows[i]; d.Product == product {
			d.TPerYear *= f
		}
	}
}

// mergeReconciled folds the repeated scalings of a product into one record per product,
// in the order products were first scaled: the factors multiply, need and output are the
// first pass's.
func (b *base) mergeReconciled() {
	var out []Reconciliation
	at := map[string]int{}
	for _, r := range b.reconciled {
		if i, ok := at[r.Product]; ok {
			out[i].Factor *= r.Factor
			continue
		}
		at[r.Product] = len(out)
		out = append(out, r)
	}
	b.reconciled = out
}

// Reconciled returns how compiling over ds scales the data year's baseline to make it
// feasible (reconcile), one record per product scaled, in the order they were found.
func Reconciled(ds *world.Dataset) []Reconciliation {
	return slices.Clone(baseOf(ds).reconciled)
}

// reconcileTolerance is the relative deficit below which reconcile leaves a product
// alone: one part per million is the rounding of the data's figures, and a deficit that
// small moves no stock or price visibly over a century of months.
const reconcileTolerance = 1e-6
