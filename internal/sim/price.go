package sim

import "math"

// updatePrices moves each product's price in both markets part of the way to the price
// that clears the month's balance of requests D against supply S, relative to the
// market's reference balance D0/S0 (referenceMonth):
// P(t) = P(t-1) + θ (P0 clamp(((D/S) / (D0/S0))^(1/ε), 1/φ, φ) - P(t-1)).
// Without a rival, the inside price follows the outside price. Then demand intensity moves
// towards the new prices (thrift).
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
	if etaL := m.params.LongRunDemandElasticity; etaL > 0 {
		speed := 1 / m.params.ThriftMonths
		for _, p := range e.live.products {
			for mk := range 2 {
				g := 2*p + mk
				if !m.needDemandFactor[g] {
					continue
				}
				// Intensity only falls: redesigned products and substituted materials do
				// not come back when the price does (2011-2013). At or below thriftFrom
				// the target is not below the intensity (up to rounding, which the exact
				// test below settles for prices just above it).
				price := e.price(p, mk)
				if price <= e.thriftFrom[g]*(1-1e-12) {
					continue
				}
				if target := math.Pow(price/m.price0[p], -etaL); target < e.intensity[g] {
					e.intensity[g] += speed * (target - e.intensity[g])
					e.thriftFrom[g] = m.price0[p] * math.Pow(e.intensity[g], -1/etaL)
				}
			}
		}
	}
}

// nextPrice is the price after prev in market g (p*2 + market) of a product with
// reference price p0, from the month's demand and supply there against the market's
// reference balance.
func (e *Engine) nextPrice(g int, prev, p0 float64) float64 {
	par := &e.m.params
	d, s := e.dMkt[g], e.sMkt[g]
	d0, s0 := e.refD[g], e.refS[g]
	var target float64
	switch {
	case s <= 0 && d <= 0:
		target = p0
	case s <= 0:
		target = p0 * par.PriceCap
		e.capMonths[g]++
	case d <= 0 && d0 <= 0:
		// No buyer now nor in the reference month: nothing sets a price.
		target = p0
	case d <= 0:
		target = p0 / par.PriceCap
		e.floorMonths[g]++
	default:
		r := d / s
		if d0 > 0 && s0 > 0 {
			r /= d0 / s0
		}
		// The target is a function of the ratio alone, which often repeats from one
		// month to the next: reuse the last one rather than call Pow again.
		if r == e.lastRatio[g] {
			target = e.lastTarget[g]
		} else {
			target = p0 * expFast(logFast(r)/par.PriceElasticity)
			e.lastRatio[g], e.lastTarget[g] = r, target
		}
		if hi, lo := p0*par.PriceCap, p0/par.PriceCap; target >= hi {
			target = hi
			e.capMonths[g]++
		} else if target <= lo {
			target = lo
			e.floorMonths[g]++
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
