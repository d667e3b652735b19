package sim

import "math"

// Arbitrage between the rival's market and the rest of the world.
//
// The engine keeps two prices per product: inside the rival's market and outside it. An
// exporter other than the rival sells freely into both, so when it cannot fill every
// request it serves the dearer market first, in part: over the month, the fill shares of
// its requests from the rival's users (f_R) and from the other buyers (f_O) stand in the
// ratio of the two prices to the power α (Params.ArbitrageElasticity),
//
//	f_R / f_O = (P_in / P_out)^α,   f_R R + f_O O = what it has,   f_R, f_O <= 1,
//
// with R and O the month's requests from each side. The second pass cannot take back what
// the first shipped: it gives each side what its share leaves after the first pass, at
// least nothing. With α = 0, or equal prices, both shares are the pro-rata share of the
// engine without arbitrage. Without it a deficit left by a squeeze stays where it fell:
// the same oxide, sold by the same Malaysian and US separators into both markets, keeps
// a premium for years outside China and almost none inside (docs/model.md, Allocation e,
// gives the figures).

// rivalRequests fills rivalReq with what the rival's users ask each exporter for in this
// pass: from the plain list when shipPlain ships it, from the link tables otherwise.
func (e *Engine) rivalRequests(plain bool) {
	nc, cw, rival := e.m.nc, e.m.countryWords, e.m.rival
	rivalReq := e.rivalReq[:nc]
	if plain {
		start := 0
		for _, row := range e.plainRows {
			if row.b == rival {
				for _, l := range e.plainLinks[start:row.end] {
					rivalReq[l.x] += l.a
				}
				return
			}
			start = row.end
		}
		return
	}
	if !hasBit(e.rowSet, rival) {
		return
	}
	lreq := e.lreq[rival*nc : rival*nc+nc]
	for xw, xword := range e.linkSet[rival*cw : rival*cw+cw] {
		for xword != 0 {
			var x int
			x, xword = lowestBit(xw, xword)
			rivalReq[x] = lreq[x]
		}
	}
}

// clearRivalRequests zeroes rivalReq for the next pass.
func (e *Engine) clearRivalRequests() {
	clear(e.rivalReq[:e.m.nc])
}

// splitMarkets resets exporter x's fill shares fr (the other buyers) and frRival (the
// rival's users, until now equal to fr) when it has rest tonnes for rT tonnes of
// requests, part of them the rival's. The rival's own exports are governed by its
// controls and its open market, not here.
func (e *Engine) splitMarkets(p, x int, rest, rT float64) {
	r := e.rivalReq[x]
	o := rT - r
	if x == e.m.rival || r <= 0 || o <= unmetTolerance*rT {
		return
	}
	rho := math.Pow(e.pIn[p]/e.pOut[p], e.m.params.ArbitrageElasticity)
	e.fr[x], e.frRival[x] = arbitrageShares(rest, o, r, e.firstOther[x], e.firstRival[x], rho)
}

// arbitrageShares splits rest tonnes, short of this pass's requests o (the other buyers)
// and r (the rival's users), given what the month's first pass shipped to each, so and sr
// (0 in the first pass). It returns the fill shares of o and r. The month's target
// shares tO, tR have tR = rho tO, each at most 1, and fill what the exporter had,
// so + sr + rest; the rival's users get what their target leaves after the first pass,
// at least 0 and at most their request, the others the rest up to theirs, and stock the
// others cannot use goes back to the rival's users.
func arbitrageShares(rest, o, r, so, sr, rho float64) (fo, fr float64) {
	O, R, S := so+o, sr+r, so+sr+rest
	tO := S / (O + rho*R)
	tR := rho * tO
	switch {
	case tR > 1:
		tR = 1
	case tO > 1:
		tR = (S - O) / R // the others filled, the rival's users get the rest
	}
	aR := min(r, rest, max(0, tR*R-sr))
	aO := min(o, rest-aR)
	aR = min(r, rest-aO)
	return aO / o, aR / r
}

// exportWeight is the weight of the requests abroad against the rival's own users when
// its producers share their stock between them: kappa, the reference weight, when the
// outside price is no higher than the inside one, rising towards 1 (equal footing) as the
// outside price rises above it: kappa + (1 - kappa)(1 - (P_in/P_out)^α).
func (e *Engine) exportWeight(p int, kappa float64) float64 {
	a := e.m.params.ArbitrageElasticity
	if a <= 0 || e.pOut[p] <= e.pIn[p] {
		return kappa
	}
	return kappa + (1-kappa)*(1-math.Pow(e.pIn[p]/e.pOut[p], a))
}

// rivalShareHome lets buyers abroad bid for the rival's output when its producers could
// not cover its own users and home priority gave them everything (rivalTook): with F
// what the others ask of the rival, as its controls permit, and w = exportWeight(p, 0)
// (0 while the outside price is no higher than the inside one), the rival's users keep
//
//	h' = S h / (h + w F)   when h + w F > S,   else h,
//
// of the S = h + what is left that its producers had; the rest goes back to the
// producers for the buyers abroad, and the users ask for it again in the second pass.
// With no export at baseline (the reference weight of such a market is 0), the baseline
// is the allocation of home priority alone.
func (e *Engine) rivalShareHome(p int) {
	nc, rival := e.m.nc, e.m.rival
	h := e.rivalTook
	e.rivalTook = 0
	w := e.exportWeight(p, 0)
	if w <= 0 {
		return
	}
	need, gap := e.askedOfRival()
	i := p*nc + rival
	stock := h + e.ps[i]
	total := h + w*(need+gap)
	if total <= stock*(1+1e-12) {
		return
	}
	back := h - stock*h/total
	if back <= 0 {
		return
	}
	e.ps[i] += back
	e.dT[rival] -= back
	e.dR[rival] -= back * e.psF[i]
	e.unmet[rival] += back
}
