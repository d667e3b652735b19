package sim

import "math"

// Step simulates the next month into out (from NewResult of the engine's model): update
// the month's inputs, then, rank by rank, run processes and allocate products, then update
// prices, costs and the month's results. It panics past the horizon and never allocates.
func (e *Engine) Step(out *Result) {
	if e.pending {
		e.Reset()
	}
	if e.t >= e.m.header.Months {
		panic("sim: Step past the horizon")
	}
	e.beginMonth()
	for r, ks := range e.live.rankProcs {
		for _, k := range ks {
			e.runProcess(k)
		}
		for _, p := range e.live.rankProds[r] {
			e.allocate(p)
		}
	}
	e.quotaMonthEnd()
	e.updatePrices()
	e.orderCapacity()
	e.updateFeed()
	e.monthEndCosts()
	e.record(out)
	e.t++
}

// beginMonth opens the month's accounts and updates its time-varying inputs.
func (e *Engine) beginMonth() {
	m, t, nc, ns := e.m, e.t, e.m.nc, e.m.ns
	// The month's flows start at zero: clearing the live products' rows of their block,
	// one contiguous run per table and span of live products (the whole block when nothing
	// is frozen), is cheaper than resetting each table at the active pairs, scattered over
	// eleven tables. Frozen products' flows stay zero: nothing writes them. Opening stocks
	// are read only at live active pairs (massBalance, allocate) and written only at
	// active pairs, so only those are set: every other entry has been zero since Reset and
	// stays zero. The slices share one length so that one bounds check on i covers them
	// all.
	pc := len(e.ps)
	for k := range numFlowTables {
		table := e.flows[k*pc : (k+1)*pc]
		for _, s := range e.live.spans {
			clear(table[s[0]*nc : s[1]*nc])
		}
	}
	ps, us, psOpen, open := e.ps[:pc], e.us[:pc], e.psOpen[:pc], e.open[:pc]
	procNeed, capProd := e.procNeed[:pc], e.capProd[:pc]
	if e.noMassBalance {
		// Only the mass balance reads the opening stocks of all holders.
		for _, i := range e.live.activeIdx {
			psOpen[i] = ps[i]
		}
	} else {
		for _, i := range e.live.activeIdx {
			s := ps[i]
			psOpen[i] = s
			open[i] = s + us[i]
		}
		for j, s := range m.stockpiles {
			e.open[s.p*nc+s.holder] += e.sp[j]
		}
	}
	// Only floors set floorNow.
	for _, i := range e.floorIdx {
		e.floorNow[i] = 0
	}
	clear(e.rivalFree)
	// cons needs no clearing: every month, consumeFinal rewrites the rows of the
	// (product, country) pairs with demand and the other rows stay 0.

	eta, xi := m.params.DemandElasticity, m.params.SupplyElasticity
	for _, p := range e.live.products {
		for mk := range 2 {
			// The price terms are functions of the price alone: recompute them only when
			// it has moved, and only those some demand or process reads. Demand also
			// carries the market's intensity (thrift), which moves on its own.
			g := 2*p + mk
			needD, needS := m.needDemandFactor[g], m.needSupplyFactor[g]
			if !needD && !needS {
				continue
			}
			if price := e.price(p, mk); price != e.factorPrice[g] {
				// One logarithm serves both powers of P/P0: (P/P0)^(-η) and
				// (P/P0)^(-ξ|.|) are exp(-η ln r) and exp(-ξ |ln r|).
				e.factorPrice[g] = price
				ratio := price / m.price0[p]
				e.factorRatio[g] = ratio
				lr := logFast(ratio)
				if needD {
					e.demandPow[g] = 1
					if eta > 0 {
						e.demandPow[g] = expFast(-eta * lr)
					}
				}
				if needS {
					e.supplyFactor[g] = 1
					if xi > 0 && lr != 0 {
						e.supplyFactor[g] = expFast(-xi * math.Abs(lr))
					}
				}
			}
			if needD {
				e.priceFactor[g] = e.demandPow[g] * e.intensity[g]
			}
		}
	}
	if !e.reference {
		for _, f := range m.floors {
			if f.span.has(t) {
				for _, c := range f.producers {
					i := f.p*nc + c
					e.floorNow[i] = max(e.floorNow[i], f.price)
				}
			}
		}
	}
	floorNow, supply := e.floorNow[:pc], e.supplyFactor
	if e.entry.on {
		e.forgetEntered()
	}
	for _, k := range e.live.procs {
		pr := &m.procs[k]
		c := pr.country
		u := pr.util
		if xi > 0 {
			o, mk := pr.out[0].p, e.market(c)
			// max(P, F) is P unless a floor above the price is in force.
			if fl := floorNow[o*nc+c]; fl > e.price(o, mk) {
				r := fl / m.price0[o]
				u = effectiveUtil(u, r, supplyPow(r, xi))
			} else {
				u = effectiveUtil(u, e.factorRatio[2*o+mk], supply[2*o+mk])
			}
		}
		if e.feed.on {
			u *= e.feed.factor[k]
		}
		capacity := pr.capacity[t]
		if e.entry.on {
			capacity += e.enteredNow(k, t)
		}
		run := capacity * u
		e.run[k] = run
		for _, f := range pr.in {
			procNeed[f.p*nc+c] += run * f.coef
		}
		for _, f := range pr.out {
			capProd[f.p*nc+c] += capacity * f.coef
		}
	}
	// Only the demand slots are ever non-zero. The first entry of a slot sets it and the
	// others add to it: 0 + v, as when the slot was first zeroed, so a -0 still gives +0.
	for _, j := range e.live.demands {
		d := &m.demands[j]
		v := d.series[t] * e.priceFactor[d.factor]
		if d.first {
			e.fd[d.slot] = 0 + v
		} else {
			e.fd[d.slot] += v
		}
	}
	clear(e.prio)
	if e.reference {
		// The reference month has no scenario element in force (referenceMonth).
		clear(e.hasCtl)
		clear(e.hasQuota)
		clear(e.spReq)
		e.updateWeights()
		return
	}
	for _, pr := range m.priorities {
		if pr.span.has(t) {
			e.prio[pr.c*ns+pr.s] = true
		}
	}
	e.updateControls()
	e.updateWeights()
	for j, s := range m.stockpiles {
		q := 0.0
		price := e.price(s.p, e.market(s.holder))
		for _, pu := range s.purchases {
			if pu.span.has(t) && (pu.maxPrice == 0 || price <= pu.maxPrice) {
				q += pu.t
			}
		}
		e.spReq[j] = q
		e.spAsked[j] += q
	}
	for _, r := range m.recycling {
		if q := r.series[t]; q > 0 {
			i := r.p*nc + r.c
			e.psF[i] = mix(e.ps[i], e.psF[i], q, 0)
			e.ps[i] += q
			e.rec[i] += q
		}
	}
}

// updateControls sets the control in force on every link: the most restrictive active
// control, extended to re-exporters by extraterritorial reach. Licences on links no longer
// under licensing lapse. The link table is rebuilt only in months when a control starts
// or stops or a reach changes: it depends on nothing else.
func (e *Engine) updateControls() {
	m, t, nc, cw := e.m, e.t, e.m.nc, e.m.countryWords
	changed := !e.ctlValid
	for k := range m.controls {
		ct := &m.controls[k]
		on := ct.active[t]
		if on != e.ctlOn[k] {
			e.ctlOn[k] = on
			changed = true
		}
		if on && ct.kind == Quota {
			e.quotaLeft[k] = e.allowance(k) * e.quotaShare[k]
			e.quotaMonth[k] = e.quotaLeft[k]
		}
		if ct.rushFrom >= 0 && t >= ct.rushFrom && t <= ct.rushTo+1 {
			// Set in the rush's months, cleared in the month after it.
			e.rush(k, t <= ct.rushTo)
		}
		if !ct.extra {
			continue
		}
		// Re-exporters reached: every third country whose producers' stock carries enough
		// rival content, whatever the destination but the destination itself.
		reach := e.ctlReach[k*cw : k*cw+cw]
		for w := range reach {
			word := uint64(0)
			if on {
				for x := w << 6; x < min(nc, w<<6+64); x++ {
					if f := e.psF[ct.p*nc+x]; x != ct.exporter && f > 0 && f >= ct.extraMin {
						word |= 1 << (x & 63)
					}
				}
			}
			if word != reach[w] {
				reach[w] = word
				changed = true
			}
		}
	}
	if !changed {
		// Queues fill only on links under licensing (decide), and a link's control
		// changes only when the table is rebuilt: no live queue can have lost its licence.
		return
	}
	e.ctlValid = true
	e.rebuildControls()
	// The live rings are the bits of liveSet: visit those only. Clearing one changes no
	// other, so the order does not matter.
	nn, lw := nc*nc, m.linkWords
	for w, word := range e.liveSet {
		for word != 0 {
			var l int
			l, word = lowestBit(w%lw, word)
			g := w/lw*nn + l
			if k1 := e.ctl[g]; k1 == 0 || m.controls[k1-1].kind != Licensing {
				e.clearRing(m.ringOf[g])
			}
		}
	}
}

// rebuildControls sets the link table from the active controls and their reach.
func (e *Engine) rebuildControls() {
	m, nc, cw := e.m, e.m.nc, e.m.countryWords
	nn, lw := nc*nc, m.linkWords
	for w, word := range e.ctlSet {
		for word != 0 {
			var l int
			l, word = lowestBit(w%lw, word)
			e.ctl[w/lw*nn+l] = 0
		}
	}
	clear(e.ctlSet)
	clear(e.hasCtl)
	clear(e.hasQuota)
	for k := range m.controls {
		ct := &m.controls[k]
		if !e.ctlOn[k] {
			continue
		}
		e.hasCtl[ct.p] = true
		if ct.kind == Quota {
			e.hasQuota[ct.p] = true
		}
		reach := e.extraX[:0]
		if ct.extra {
			for w, word := range e.ctlReach[k*cw : k*cw+cw] {
				for word != 0 {
					var x int
					x, word = lowestBit(w, word)
					reach = append(reach, x)
				}
			}
		}
		for _, b := range ct.dests {
			e.setControl(ct.p, b*nc+ct.exporter, k)
			for _, x := range reach {
				if x != b {
					e.setControl(ct.p, b*nc+x, k)
				}
			}
		}
	}
}

// setControl puts link l (b*nc + x) of product p under control k unless a more
// restrictive one, or an equally restrictive one declared earlier, already covers it.
func (e *Engine) setControl(p, l, k int) {
	nc := e.m.nc
	g := p*nc*nc + l
	if cur := e.ctl[g] - 1; cur < 0 || e.m.controls[k].kind > e.m.controls[cur].kind {
		e.ctl[g] = k + 1
	}
	setBit(e.ctlSet[p*e.m.linkWords:], l)
}

// updateWeights sets the month's sourcing weights: default rows of products whose
// capacity or qualified exporters changed follow capacity (capacityWeights), then tariffs
// apply on top: w' = w x (1 + summed rate)^(-σ), renormalised per buyer. Only rows some
// tariff covers differ from the weights before tariffs, so only they are rewritten.
func (e *Engine) updateWeights() {
	m, t, nc := e.m, e.t, e.m.nc
	if upd := m.wUpd[m.wUpdStart[t]:m.wUpdStart[t+1]]; len(upd) > 0 {
		e.capacityWeights(upd)
	}
	if e.entry.on && len(e.entry.changed) > 0 {
		// Products whose entered capacity changed this month (beginMonth, enteredNow).
		e.capacityWeights(e.entry.changed)
	}
	if e.reference {
		return
	}
	for _, i := range m.tariffRows {
		copy(e.ew[i*nc:i*nc+nc], e.wb[i*nc:i*nc+nc])
	}
	for _, tr := range m.tariffs {
		if tr.span.has(t) {
			e.tariffRate[m.link(tr.p, tr.b, tr.e)] += tr.rate
		}
	}
	sigma := m.params.ArmingtonElasticity
	for _, tr := range m.tariffs {
		l := m.link(tr.p, tr.b, tr.e)
		if r := e.tariffRate[l]; r != 0 {
			e.ew[l] *= math.Pow(1+r, -sigma)
			e.tariffRate[l] = 0
			e.rowDirty[tr.p*nc+tr.b] = true
		}
	}
	for _, i := range m.tariffRows {
		if !e.rowDirty[i] {
			continue
		}
		e.rowDirty[i] = false
		row := e.ew[i*nc : i*nc+nc]
		sum := 0.0
		for _, w := range row {
			sum += w
		}
		if sum > 0 {
			for x := range row {
				row[x] /= sum
			}
		}
	}
}

// capacityWeights recomputes the default weight rows of the products in upd from the
// month's capacity x utilisation of each exporter's processes:
// w(p,b,x) ∝ avail(p,x) for exporters qualified for the row (baseline suppliers always,
// others from their first month of capacity plus the row's qualification lag), 0 for the
// others and for b under home priority; a row without any is all zero.
func (e *Engine) capacityWeights(upd []int32) {
	m, t, nc := e.m, e.t, e.m.nc
	for _, p := range upd {
		// Summed in process order, like the month-0 weights.
		avail := e.avail[int(p)*nc : int(p)*nc+nc]
		clear(avail)
		for _, mk := range m.makersOf[p] {
			pr := &m.procs[mk.k]
			avail[pr.country] += (pr.capacity[t] + e.entered(mk.k, t)) * pr.util * mk.coef
		}
		for _, i := range m.capRowsOf[p] {
			lo, hi := m.wStart[i], m.wStart[i+1]
			xs, from := m.wExporters[lo:hi], m.wQualFrom[lo:hi]
			row, ew := e.wb[i*nc:i*nc+nc], e.ew[i*nc:i*nc+nc]
			// Summed in exporter order like the month-0 weights, so unchanged capacities
			// give bit-identical weights.
			sum := 0.0
			for j, x := range xs {
				w := 0.0
				if t >= int(from[j]) {
					w = avail[x]
				}
				row[x] = w
				sum += w
			}
			for _, x := range xs {
				if sum > 0 {
					row[x] /= sum
				} else {
					row[x] = 0
				}
				ew[x] = row[x]
			}
		}
	}
}

// runProcess runs a process at min(capacity x utilisation, min over inputs of its share of
// the reserved input / coefficient), consumes its inputs and adds its outputs, with their
// rival content, to the producers' stock.
func (e *Engine) runProcess(k int) {
	m, nc := e.m, e.m.nc
	pr := &m.procs[k]
	c := pr.country
	x := e.run[k]
	for _, f := range pr.in {
		i := f.p*nc + c
		// The process's share of the reservation is run x coef / need, so it can process
		// reservation x run / need reference units.
		if need := e.procNeed[i]; need > 0 {
			x = min(x, e.resv[i]*e.run[k]/need)
		}
	}
	if e.entry.on {
		e.entry.made[k] = max(x, 0)
	}
	if e.feed.on {
		e.feed.made[k] = max(x, 0)
	}
	if x <= 0 {
		return
	}
	inT, inR := 0.0, 0.0
	for _, f := range pr.in {
		i := f.p*nc + c
		q := x * f.coef
		e.us[i] = take(e.us[i], q)
		e.consIn[i] += q
		inT += q
		inR += q * e.usF[i]
	}
	frac := 0.0
	switch {
	case c == m.rival:
		frac = 1
	case inT > 0:
		frac = min(1, inR/inT)
	}
	for _, f := range pr.out {
		i := f.p*nc + c
		q := x * f.coef
		e.psF[i] = mix(e.ps[i], e.psF[i], q, frac)
		e.ps[i] += q
		e.prod[i] += q
	}
}

// supplyPow is the power of the price ratio r = P/P0 that effectiveUtil needs: r^ξ below
// P0, r^(-ξ) above it, 1 at P0 or without elasticity.
func supplyPow(r, xi float64) float64 {
	if xi <= 0 || r == 1 {
		return 1
	}
	if r < 1 {
		return math.Pow(r, xi)
	}
	return math.Pow(r, -xi)
}

// effectiveUtil is utilisation u at price ratio r with pw = supplyPow(r, ξ): below P0
// producers cut output, u r^ξ; above it idle capacity restarts, u + (1 - u)(1 - r^(-ξ)),
// which is u at P0 and tends to full capacity as the price rises.
func effectiveUtil(u, r, pw float64) float64 {
	switch {
	case r < 1:
		return u * pw
	case r > 1:
		return u + (1-u)*(1-pw)
	}
	return u
}
