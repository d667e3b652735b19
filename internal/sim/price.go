package sim

import "math"

// updatePrices moves each product's price in both markets part of the way to the price
// that clears the month's balance of need D against supply S:
// P(t) = P(t-1) + θ (P0 clamp((D/S)^(1/ε), 1/φ, φ) - P(t-1)).
// Without a rival, the inside price follows the outside price.
func (e *Engine) updatePrices() {
	m := e.m
	for _, p := range e.live.products {
		e.pOut[p] = e.nextPrice(2*p, e.pOut[p], m.price0[p])
		if m.rival >= 0 {
			e.pIn[p] = e.nextPrice(2*p+1, e.pIn[p], m.price0[p])
		} else {
			e.pIn[p] = e.pOut[p]
		}
	}
}

// nextPrice is the price after prev in market g (p*2 + market) of a product with
// reference price p0, from the month's demand and supply there.
func (e *Engine) nextPrice(g int, prev, p0 float64) float64 {
	par := &e.m.params
	d, s := e.dMkt[g], e.sMkt[g]
	var target float64
	switch {
	case s <= 0 && d <= 0:
		target = p0
	case s <= 0:
		target = p0 * par.PriceCap
	case d <= 0:
		target = p0 / par.PriceCap
	default:
		// The target is a function of D/S alone, which often repeats from one month to
		// the next: reuse the last one rather than call Pow again.
		if r := d / s; r == e.lastRatio[g] {
			target = e.lastTarget[g]
		} else {
			target = p0 * min(max(math.Pow(r, 1/par.PriceElasticity), 1/par.PriceCap), par.PriceCap)
			e.lastRatio[g], e.lastTarget[g] = r, target
		}
	}
	return prev + par.PriceAdjustment*(target-prev)
}

// monthEndCosts adds the month's capex and charges (floor - market price) x production
// for covered producers whose market price ended the month below their floor, in million
// USD.
func (e *Engine) monthEndCosts() {
	m, nc := e.m, e.m.nc
	// Only floors set floorNow, and production is 0 outside activeIdx: visit the floored
	// pairs, ascending like activeIdx, so the sum keeps its order.
	for _, i := range e.floorIdx {
		fl := e.floorNow[i]
		if fl <= 0 || e.prod[i] <= 0 {
			continue
		}
		p, c := i/nc, i%nc
		if price := e.price(p, e.market(c)); price < fl {
			e.cost[costPriceFloor] += (fl - price) * e.prod[i] / 1000
		}
	}
	e.cost[costCapex] += m.capex[e.t]
}
