package sim

import "math"

// referenceMonth runs the first month with no scenario element in force (no control,
// tariff, offtake, stockpile purchase or release, recycling, price floor or priority), at
// the baseline prices, and keeps each market's demand and supply as its reference
// balance: the balance at which the price is P0 (updatePrices). The data year's markets
// need not clear exactly (a co-product made in surplus, output bought by users outside the
// model), and their prices held at P0 all the same; without a reference such a structural
// surplus or deficit would move prices in a run with no policy at all. It also keeps the
// rival content of what each country received (refFrac), with which users' stocks start:
// a stock carries the content of the flows that fill it. The state it leaves
// is discarded by Reset.
func (e *Engine) referenceMonth() {
	e.reference = true
	for i := range e.refFrac {
		e.refFrac[i] = math.NaN()
	}
	// A product for which the rival's market is not open in the reference month (its
	// producers do not cover its users' need, or they ask nothing) filled none of the
	// buyers' requests then: κ 0, never a value left by an earlier model when the engine
	// is reused.
	clear(e.openKappa)
	e.beginMonth()
	for r, ks := range e.live.rankProcs {
		for _, k := range ks {
			e.runProcess(k)
		}
		for _, p := range e.live.rankProds[r] {
			e.allocate(p)
		}
	}
	e.quotaShares()
	copy(e.refD, e.dMkt)
	copy(e.refS, e.sMkt)
	e.reference = false
}
