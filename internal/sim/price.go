package sim

import "math"

// updatePrices moves each product's price in both markets part of the way to the price
// that clears the month's balance of need D against supply S:
// P(t) = P(t-1) + θ (P0 clamp((D/S)^(1/ε), 1/φ, φ) - P(t-1)).
// Without a rival, the inside price follows the outside price.
func (e *Engine) updatePrices() {
	m := e.m
	for p := range m.np {
		e.pOut[p] = e.nextPrice(e.pOut[p], m.price0[p], e.dMkt[2*p], e.sMkt[2*p])
		if m.rival >= 0 {
			e.pIn[p] = e.nextPrice(e.pIn[p], m.price0[p], e.dMkt[2*p+1], e.sMkt[2*p+1])
		} else {
			e.pIn[p] = e.pOut[p]
		}
	}
}

func (e *Engine) nextPrice(prev, p0, d, s float64) float64 {
	par := &e.m.params
	var target float64
	switch {
	case s <= 0 && d <= 0:
		target = p0
	case s <= 0:
		target = p0 * par.PriceCap
	case d <= 0:
		target = p0 / par.PriceCap
	default:
		target = p0 * min(max(math.Pow(d/s, 1/par.PriceElasticity), 1/par.PriceCap), par.PriceCap)
	}
	return prev + par.PriceAdjustment*(target-prev)
}

// monthEndCosts adds the month's capex and charges (floor - market price) x production
// for covered producers whose market price ended the month below their floor, in million
// USD.
func (e *Engine) monthEndCosts() {
	m, nc := e.m, e.m.nc
	// Production is 0 outside activeIdx (ascending, so the sum keeps its order).
	for _, i := range m.activeIdx {
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
