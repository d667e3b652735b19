package sim

import "fmt"

// unmetTolerance is the share of a buyer's request below which an unmet remainder is
// rounding, not a reason to re-source or start qualifying suppliers.
const unmetTolerance = 1e-9

// allocate trades product p for the month: users' requests, home supply, offtakes and
// sourcing-weighted requests under export controls, re-sourcing of unmet requests, and
// the split of what each country receives among its users and stockpile. Link scratch
// tables are indexed b*nc + x (buyer b, exporter x).
func (e *Engine) allocate(p int) {
	m, nc := e.m, e.m.nc
	nn := nc * nc
	e.pctl, e.pring = e.ctl[p*nn:(p+1)*nn], m.ringOf[p*nn:(p+1)*nn]
	e.pw, e.pew = m.weights[p*nn:(p+1)*nn], e.ew[p*nn:(p+1)*nn]
	e.pctlSet = e.ctlSet[p*m.linkWords : (p+1)*m.linkWords]
	e.clearLinks()
	e.requests(p)
	e.direct(p)
	if e.hasCtl[p] {
		e.applyControls(p)
	}
	switch {
	case e.rivalHome > 0:
		e.rivalOpenMarket(p)
	case e.rivalTook > 0:
		e.rivalShareHome(p)
	}
	e.serve(p, true)
	e.offtakeCosts(p)
	e.resource(p)
	if len(e.delayedRings) > 0 {
		copy(e.dTBefore, e.dT)
	}
	e.serve(p, false)
	if len(e.delayedRings) > 0 {
		e.cancelResourced()
	}
	// A market's demand is what its countries requested; its supply what they received
	// plus what their producers could not sell this month. Countries outside activeOf
	// request, receive and hold nothing: their terms are 0. The sums run in registers,
	// from 0 and in country order, per market (0 outside the rival, 1 the rival).
	var dm, sm [2]float64
	ps, psOpen := e.ps[p*nc:p*nc+nc], e.psOpen[p*nc:p*nc+nc]
	dTs, reqTotal := e.dT[:nc], e.reqTotal[:nc]
	stockpileOf, hasDemand := m.stockpileOf[p*nc:p*nc+nc], m.hasDemand[p*nc:p*nc+nc]
	rival := m.rival
	for _, c := range m.activeOf[p] {
		mk := 0
		if c == rival {
			mk = 1
		}
		dT := dTs[c]
		dm[mk] += reqTotal[c]
		sm[mk] += dT + max(0, ps[c]-psOpen[c])
		// Receiving nothing, with no stockpile, no final demand and no process need,
		// changes nothing: skip it. (receive changes no table read here but at c.)
		if dT != 0 || stockpileOf[c] >= 0 || hasDemand[c] || e.procNeed[p*nc+c] != 0 {
			e.receive(p, c)
		}
	}
	e.dMkt[2*p], e.dMkt[2*p+1], e.sMkt[2*p], e.sMkt[2*p+1] = dm[0], dm[1], sm[0], sm[1]
}

// quotaSpent reports whether quota control k has no tonnage left this month, counting a
// remainder within rounding (unmetTolerance of the month's quota) as spent: whether a
// quota ships its last tonne exactly or leaves 1e-13 t must not decide where the second
// pass sends the buyers' unmet requests.
func (e *Engine) quotaSpent(k int) bool {
	return e.quotaLeft[k] <= unmetTolerance*e.quotaMonth[k]
}

// markLink records that link b*nc + x of the current product may have non-zero link
// tables.
func (e *Engine) markLink(b, x int) {
	setBit(e.linkSet[b*e.m.countryWords:], x)
	setBit(e.rowSet, b)
}

// clearLinks zeroes the marked entries of the link tables and the marks.
func (e *Engine) clearLinks() {
	nc, cw, offUsed := e.m.nc, e.m.countryWords, e.offUsed
	for bw, bword := range e.rowSet {
		for bword != 0 {
			var b int
			b, bword = lowestBit(bw, bword)
			row, lreq := e.linkSet[b*cw:b*cw+cw], e.lreq[b*nc:b*nc+nc]
			for xw, xword := range row {
				for xword != 0 {
					var x int
					x, xword = lowestBit(xw, xword)
					lreq[x] = 0
					if offUsed {
						l := b*nc + x
						e.loff[l], e.loffDir[l], e.offShipped[l] = 0, 0, 0
					}
				}
				row[xw] = 0
			}
		}
		e.rowSet[bw] = 0
	}
	e.offUsed = false
}

// requests computes each country's need and request of p: users request their need plus
// the gap to their target stock, stockpiles their purchases. Under home priority the
// country's own producers then serve it first.
//
// Only the entries of p's active countries are reset: every reader of these per-country
// tables (requests, controls, serve, resource, receive) reads buyers of a marked link or
// countries of activeOf[p] only, so other entries may hold another product's values.
func (e *Engine) requests(p int) {
	m, nc, ns := e.m, e.m.nc, e.m.ns
	home := m.params.HomePriority
	// Locals of one length per kind (nc per country, ns per pair's sectors) let one bounds
	// check on c or i cover all the tables of the kind, and keep them in registers.
	ps, psF := e.ps[p*nc:p*nc+nc], e.psF[p*nc:p*nc+nc]
	unmet, defShare, userReq, reqTotal := e.unmet[:nc], e.defShare[:nc], e.userReq[:nc], e.reqTotal[:nc]
	req, dTs, dRs := e.req[:nc], e.dT[:nc], e.dR[:nc]
	hasDemand, procNeed, cover := m.hasDemand[p*nc:p*nc+nc], e.procNeed[p*nc:p*nc+nc], m.cover[p*nc:p*nc+nc]
	us, stockpileOf := e.us[p*nc:p*nc+nc], m.stockpileOf[p*nc:p*nc+nc]
	due, rushCover := e.due[:nc], e.rushCover[p*nc:p*nc+nc]
	if e.hasCtl[p] {
		for _, c := range m.activeOf[p] {
			due[c] = 0
		}
		e.dueFor(p, due)
	}
	fdP := e.fd[p*nc*ns : (p+1)*nc*ns]
	defense, tau := m.defense, m.params.InventoryAdjustmentMonths
	rival, gapShare := m.rival, e.gapShare[:nc]
	e.rivalHome, e.rivalTook = 0, 0
	arb := m.params.ArbitrageElasticity > 0
	for _, c := range m.activeOf[p] {
		unmet[c], defShare[c] = 0, 0
		fds := fdP[c*ns : c*ns+ns]
		fd := 0.0
		if hasDemand[c] {
			for _, v := range fds {
				fd += v
			}
		}
		need := procNeed[c] + fd
		// Users close the gap to their target stock over τ months; licensed tonnage
		// due this month is on its way, so they request the rest.
		ur := need + ((cover[c]+rushCover[c])*need-us[c])/tau
		if e.hasCtl[p] {
			ur -= due[c]
		}
		ur = max(0, ur)
		spr := 0.0
		if j := stockpileOf[c]; j >= 0 {
			spr = e.spReq[j]
		}
		userReq[c] = ur
		reqTotal[c] = ur + spr
		if defense >= 0 && need+spr > 0 {
			defShare[c] = min(1, fds[defense]/(need+spr))
		}
		r, dT, dR := ur+spr, 0.0, 0.0
		if home && c == rival && ps[c] >= need && r > 0 {
			// The rival's producers cover its users' need: its users and its export
			// buyers share one market, served once the buyers' requests are known
			// (rivalOpenMarket).
			e.rivalHome = r
			req[c], dTs[c], dRs[c], gapShare[c] = 0, 0, 0, 0
			continue
		}
		if home {
			// Shipping h from c's producers to its users: a home delivery is neither
			// export nor import.
			h := min(r, ps[c])
			if h > 0 {
				ps[c] = take(ps[c], h)
				dT += h
				dR += h * psF[c]
				if arb && c == rival {
					e.rivalTook = h // rivalShareHome may give some back to buyers abroad
				}
			}
			r -= h
		}
		// What is asked abroad is need first, then stock rebuilding: its gap share.
		gapShare[c] = 0
		if gap := ur - need; gap > 0 && r > 0 {
			gapShare[c] = min(gap, r) / r
		}
		req[c], dTs[c], dRs[c] = r, dT, dR
	}
}

// rivalOpenMarket serves the rival's users from its own producers, when those cover the
// users' need, as one market with the buyers abroad that ask the rival for stock they
// lost. With rH the rival's users' request, A the other countries' requests to the rival
// for their need and G for rebuilding stock (as permitted by any control), and κ the
// share of such need-requests the rival could fill after its own users in the reference
// month, the users get
//
//	h = rH                              when rH + κ (A + G) <= stock
//	h = stock x rH / (rH + κ (A + G))   otherwise
//
// so with no stock gap abroad the allocation is the reference one (the rival's users
// first), and a gap abroad is shared with the rival's users instead of lasting for good:
// under home priority alone the rival exports only its surplus, which no price moves,
// and a deficit abroad is never repaid (docs/model.md, Recovery after a control). What
// the users do not get is unmet, for the second pass.
func (e *Engine) rivalOpenMarket(p int) {
	nc, rival := e.m.nc, e.m.rival
	need, gap := e.askedOfRival()
	ps, psF := e.ps[p*nc:p*nc+nc], e.psF[p*nc:p*nc+nc]
	r, stock := e.rivalHome, ps[rival]
	if e.reference {
		e.openKappa[p] = 1
		if need > 0 {
			e.openKappa[p] = min(1, max(0, stock-r)/need)
		}
	}
	h := r
	if total := r + e.exportWeight(p, e.openKappa[p])*(need+gap); total > stock*(1+1e-12) {
		h = min(r, stock*r/total)
	}
	if h > 0 {
		ps[rival] = take(ps[rival], h)
		e.dT[rival] += h
		e.dR[rival] += h * psF[rival]
	}
	e.unmet[rival] += r - h
	e.rivalHome = 0
}

// askedOfRival returns what the other countries ask the rival for this month, as its
// controls permit, for their need and for rebuilding stock.
func (e *Engine) askedOfRival() (need, gap float64) {
	if e.reqTReady {
		return e.askNeed, e.askGap // summed by directPlain
	}
	nc, cw, rival := e.m.nc, e.m.countryWords, e.m.rival
	gapShare := e.gapShare[:nc]
	for bw, bword := range e.rowSet {
		for bword != 0 {
			var b int
			b, bword = lowestBit(bw, bword)
			if b == rival || !hasBit(e.linkSet[b*cw:b*cw+cw], rival) {
				continue
			}
			if a := e.lreq[b*nc+rival] + e.loff[b*nc+rival]; a > 0 {
				gap += a * gapShare[b]
				need += a * (1 - gapShare[b])
			}
		}
	}
	return need, gap
}

// direct turns the remaining requests into link requests: offtakes first, then the rest
// split by the month's sourcing weights.
func (e *Engine) direct(p int) {
	m, t, nc, cw := e.m, e.t, e.m.nc, e.m.countryWords
	offtakes := m.offtakesOf[p]
	if e.reference {
		offtakes = nil
	}
	for _, j := range offtakes {
		o := &m.offtakes[j]
		d := min(o.qty[t], e.req[o.b])
		e.offDir[j] = d
		e.offAsked[j] += d
		if d > 0 {
			l := o.b*nc + o.e
			e.loff[l] += d
			e.loffDir[l] += d
			e.req[o.b] -= d
			e.markLink(o.b, o.e)
			e.offUsed = true
		}
	}
	// Without controls or offtakes nothing changes these link requests before serve: sum
	// them per exporter here, for serve, in its order (buyers, then exporters, ascending),
	// and list them for shipPlain.
	if !e.hasCtl[p] && !e.offUsed {
		e.directPlain(p)
		return
	}
	for _, b := range m.activeOf[p] {
		r := e.req[b]
		if r <= 0 {
			continue
		}
		row, w := e.lreq[b*nc:b*nc+nc], e.pew[b*nc:b*nc+nc]
		marks := e.linkSet[b*cw : b*cw+cw]
		placed := false
		// Only the exporters the row can ever name can have a positive weight.
		i := p*nc + b
		for _, x := range m.wExporters[m.wStart[i]:m.wStart[i+1]] {
			if w[x] > 0 {
				row[x] += r * w[x]
				placed = true
				setBit(marks, int(x))
			}
		}
		if placed {
			setBit(e.rowSet, b)
		} else {
			e.unmet[b] += r
		}
		e.req[b] = 0
	}
}

// directPlain is direct's weighted split for a product without controls or offtake
// requests: the link requests go to the plain list, and their sums per exporter to reqT
// and xSet. Every link table is zero here, so a request r*w is what lreq would hold.
func (e *Engine) directPlain(p int) {
	m, nc, cw := e.m, e.m.nc, e.m.countryWords
	reqT, xSet := e.reqT[:nc], e.xSet[:cw]
	req, unmet := e.req[:nc], e.unmet[:nc]
	links, rows := e.plainLinks, e.plainRows[:0]
	wStart, wExp := m.wStart[p*nc:p*nc+nc+1], m.wExporters
	// What the buyers ask the rival for, need and stock apart, for rivalOpenMarket.
	open, rival, gapShare := e.rivalHome > 0 || e.rivalTook > 0, m.rival, e.gapShare[:nc]
	askNeed, askGap := 0.0, 0.0
	k := 0
	for _, b := range m.activeOf[p] {
		r := req[b]
		if r <= 0 {
			continue
		}
		req[b] = 0
		w := e.pew[b*nc : b*nc+nc]
		// Only the exporters the row can ever name can have a positive weight.
		start := k
		for _, x := range wExp[wStart[b]:wStart[b+1]] {
			if wx := w[x]; wx > 0 {
				a := r * wx
				links[k] = plainLink{a, int(x)}
				k++
				reqT[x] += a
				setBit(xSet, int(x))
				if open && int(x) == rival {
					g := gapShare[b]
					askGap += a * g
					askNeed += a * (1 - g)
				}
			}
		}
		if k > start {
			rows = append(rows, plainRow{b, k})
		} else {
			unmet[b] += r
		}
	}
	e.plainRows = rows
	e.reqTReady = true
	e.askNeed, e.askGap = askNeed, askGap
}

// applyControls turns link requests into permitted shipments: a ban permits nothing, a
// quota scales its links' requests to what is left of it, licensing queues applications
// and permits the approved tonnage that has come due. Refused tonnage is unmet.
//
// Only controlled links that are marked (may request) or hold live licences are visited:
// on any other link every control is a no-op (it refuses, counts or permits 0 t, and an
// empty licensing queue permits nothing), and visiting them in ascending link order keeps
// the order of the sums.
func (e *Engine) applyControls(p int) {
	t, nc, lw := e.t, e.m.nc, e.m.linkWords
	visit := e.markFlat()
	live := e.liveSet[p*lw : (p+1)*lw]
	clear(e.refused)
	for w, word := range e.pctlSet {
		word &= visit[w] | live[w]
		for word != 0 {
			var l int
			l, word = lowestBit(w, word)
			e.controlLink(l, t, nc)
		}
	}
	if e.hasQuota[p] {
		e.applyQuotas(p)
	}
}

// markFlat returns the marked links of the current product as a bitset of the flat link
// index b*nc + x (linkWords words), the layout of ctlSet.
func (e *Engine) markFlat() []uint64 {
	nc, cw := e.m.nc, e.m.countryWords
	flat := e.flatMarks
	clear(flat)
	for bw, bword := range e.rowSet {
		for bword != 0 {
			var b int
			b, bword = lowestBit(bw, bword)
			for xw, xword := range e.linkSet[b*cw : b*cw+cw] {
				// Bits x of the row land at b*nc + 64*xw + x, straddling at most two words;
				// a shift by 64 is 0 in Go, so an aligned row needs no special case.
				off := b*nc + xw<<6
				i, s := off>>6, uint(off&63)
				flat[i] |= xword << s
				if hi := xword >> (64 - s); hi != 0 {
					flat[i+1] |= hi
				}
			}
		}
	}
	return flat
}

// controlLink applies the control in force on link l (b*nc + x) of the current product.
func (e *Engine) controlLink(l, t, nc int) {
	k1 := e.pctl[l]
	if k1 == 0 {
		return
	}
	ct := &e.m.controls[k1-1]
	b := l / nc
	q := e.lreq[l] + e.loff[l]
	switch ct.kind {
	case Ban:
		e.unmet[b] += q
		e.lreq[l], e.loff[l] = 0, 0
	case Quota:
		e.quotaDem[k1-1] += q
	case Licensing:
		r := e.pring[l]
		if q > 0 {
			mil := 0.0
			if ct.milDenied {
				mil = q * e.defShare[b]
			}
			approved := ct.approval[t] * (q - mil)
			e.unmet[b] += q - approved
			later := e.decide(r, ct, approved)
			if approved < q || later > 0 {
				// The buyer has this month's answer from x: it does not apply again in
				// the second pass.
				setBit(e.refused, l)
			}
			if later > 0 {
				// The buyer looks elsewhere for what it must wait for; what it finds
				// there cancels as much of the licence (cancelResourced).
				e.unmet[b] += later
				if e.delayed[r] == 0 {
					e.delayedRings = append(e.delayedRings, r)
				}
				e.delayed[r] += approved
			}
		}
		e.lreq[l], e.loff[l] = e.shippable(r, ct.validity), 0
		if e.lreq[l] > 0 {
			e.markLink(b, l%nc)
		}
	}
}

// applyQuotas scales the requests on quota links so that each quota's links together
// request at most what is left of it this month.
func (e *Engine) applyQuotas(p int) {
	m, nc := e.m, e.m.nc
	for w, word := range e.pctlSet {
		for word != 0 {
			var l int
			l, word = lowestBit(w, word)
			k1 := e.pctl[l]
			if k1 == 0 || m.controls[k1-1].kind != Quota {
				continue
			}
			k := k1 - 1
			dem, left := e.quotaDem[k], max(e.quotaLeft[k], 0)
			if dem <= left {
				continue
			}
			f := left / dem
			e.unmet[l/nc] += (e.lreq[l] + e.loff[l]) * (1 - f)
			e.lreq[l] *= f
			e.loff[l] *= f
		}
	}
	for _, k := range m.controlsOf[p] {
		e.quotaDem[k] = 0
	}
}

// serve ships each exporter's permitted requests from its stock: offtakes first, then the
// others pro rata. Unshipped licensed tonnage waits in its queue; other unshipped requests
// are unmet.
//
// reqT, offT and xSet are zero between calls, unless reqTReady says that direct or
// resource already summed reqT and xSet for this call. Without offUsed every loff is +0
// and every fo 1, so o*fo[x] + a*fr[x] rounds to a*fr[x] and o + a - q to a - q exactly;
// without hasCtl[p] no link is under a control. Then shipPlain ships without either.
func (e *Engine) serve(p int, first bool) {
	nc, cw := e.m.nc, e.m.countryWords
	offT, reqT, fo, fr := e.offT[:nc], e.reqT[:nc], e.fo[:nc], e.fr[:nc]
	offUsed, hasCtl := e.offUsed, e.hasCtl[p]
	xSet := e.xSet[:cw]
	if e.reqTReady {
		e.reqTReady = false
	} else {
		// Unmarked links request nothing: adding their zeros would change no sum, and an
		// exporter without a marked link ships nothing.
		for bw, bword := range e.rowSet {
			for bword != 0 {
				var b int
				b, bword = lowestBit(bw, bword)
				row := b * nc
				lreq, loff := e.lreq[row:row+nc], e.loff[row:row+nc]
				for xw, xword := range e.linkSet[b*cw : b*cw+cw] {
					xSet[xw] |= xword
					for xword != 0 {
						var x int
						x, xword = lowestBit(xw, xword)
						if offUsed {
							offT[x] += loff[x]
						}
						reqT[x] += lreq[x]
					}
				}
			}
		}
	}
	// Arbitrage needs the rival's requests apart from the others'.
	arb := e.m.params.ArbitrageElasticity > 0 && e.m.rival >= 0
	if arb {
		e.rivalRequests(!offUsed && !hasCtl)
		if first {
			clear(e.firstRival[:nc])
			clear(e.firstOther[:nc])
		}
	}
	// The shares of each exporter's offtake and other requests it can fill. The totals are
	// not needed after: leave them, and xSet, zero for the next call.
	ps := e.ps[p*nc : p*nc+nc]
	for xw, xword := range xSet {
		xSet[xw] = 0
		for xword != 0 {
			var x int
			x, xword = lowestBit(xw, xword)
			oT, rT := offT[x], reqT[x]
			offT[x], reqT[x] = 0, 0
			if oT+rT <= 0 {
				continue
			}
			stock := ps[x]
			fo[x] = 1
			if oT > stock {
				fo[x] = stock / oT
			}
			rest := max(stock-oT*fo[x], 0)
			fr[x] = 1
			if rT > rest {
				fr[x] = rest / rT
			}
			if arb {
				e.frRival[x] = fr[x]
				if rT > rest {
					e.splitMarkets(p, x, rest, rT)
				}
				if first {
					// What the first pass ships of these requests, for the second's split.
					r := e.rivalReq[x]
					e.firstRival[x], e.firstOther[x] = r*e.frRival[x], (rT-r)*fr[x]
				}
			}
		}
	}
	if arb {
		e.clearRivalRequests()
	}
	if !offUsed && !hasCtl {
		// direct or resource listed the links for shipPlain.
		e.shipPlain(p)
	} else {
		e.ship(p, first)
	}
}

// ship ships link by link, buyers in order and each buyer's exporters in order, with the
// buyer's running totals in registers.
func (e *Engine) ship(p int, first bool) {
	m, nc, cw := e.m, e.m.nc, e.m.countryWords
	fo, fr := e.fo[:nc], e.fr[:nc]
	offUsed := e.offUsed
	ps, psF := e.ps[p*nc:p*nc+nc], e.psF[p*nc:p*nc+nc]
	exp, imp := e.exp[p*nc:p*nc+nc], e.imp[p*nc:p*nc+nc]
	impFrom, rivalTo, importer, rival := e.impFrom[p*nc:p*nc+nc], e.rivalTo[p*nc:p*nc+nc], m.importer, m.rival
	for bw, bword := range e.rowSet {
		for bword != 0 {
			var b int
			b, bword = lowestBit(bw, bword)
			row := b * nc
			loff, lreq, ctl := e.loff[row:row+nc], e.lreq[row:row+nc], e.pctl[row:row+nc]
			dT, dR, unmet, imported := e.dT[b], e.dR[b], e.unmet[b], imp[b]
			fr := fr
			if b == rival && e.m.params.ArbitrageElasticity > 0 {
				fr = e.frRival[:nc]
			}
			for xw, xword := range e.linkSet[b*cw : b*cw+cw] {
				for xword != 0 {
					var x int
					x, xword = lowestBit(xw, xword)
					o, a := loff[x], lreq[x]
					if o+a <= 0 {
						continue
					}
					q := o*fo[x] + a*fr[x]
					if q > 0 {
						ps[x] = take(ps[x], q)
						dT += q
						dR += q * psF[x]
						if x != b {
							exp[x] += q
							imported += q
							if b == importer {
								impFrom[x] += q
							}
							if x == rival {
								rivalTo[b] += q
							}
						}
					}
					if first && offUsed {
						e.offShipped[row+x] = o * fo[x]
					}
					k := ctl[x] - 1
					switch {
					case first && k >= 0 && m.controls[k].kind == Licensing:
						r, v := e.pring[row+x], m.controls[k].validity
						e.useLicences(r, v, a*fr[x])
						if v == 1 {
							// A licence valid for its due month only: what the exporter
							// could not ship lapses and is re-sourced.
							unmet += a - a*fr[x]
							e.lapse(r)
						}
					default:
						unmet += o + a - q
						if k >= 0 && m.controls[k].kind == Quota {
							e.quotaLeft[k] -= q
						}
					}
				}
			}
			e.dT[b], e.dR[b], e.unmet[b], imp[b] = dT, dR, unmet, imported
		}
	}
}

// A plainRow is a buyer of the plain list and the end of its links; a plainLink a
// link's request and exporter.
type plainRow struct{ b, end int }
type plainLink struct {
	a float64
	x int
}

// shipPlain is ship for a product without offtake requests or controls, over the links
// direct or resource listed, in ship's order. It empties the list.
func (e *Engine) shipPlain(p int) {
	nc := e.m.nc
	fr := e.fr[:nc]
	ps, psF := e.ps[p*nc:p*nc+nc], e.psF[p*nc:p*nc+nc]
	exp, imp := e.exp[p*nc:p*nc+nc], e.imp[p*nc:p*nc+nc]
	impFrom, rivalTo, importer, rival := e.impFrom[p*nc:p*nc+nc], e.rivalTo[p*nc:p*nc+nc], e.m.importer, e.m.rival
	dTs, dRs, unmets := e.dT[:nc], e.dR[:nc], e.unmet[:nc]
	links, start := e.plainLinks, 0
	for _, row := range e.plainRows {
		b := row.b
		dT, dR, unmet, imported := dTs[b], dRs[b], unmets[b], imp[b]
		fr := fr
		if b == rival && e.m.params.ArbitrageElasticity > 0 {
			fr = e.frRival[:nc]
		}
		for _, l := range links[start:row.end] {
			x, a := l.x, l.a
			if a <= 0 {
				continue
			}
			q := a * fr[x]
			if q > 0 {
				ps[x] = takeInLoop(ps[x], q)
				dT += q
				dR += q * psF[x]
				if x != b {
					exp[x] += q
					imported += q
					if b == importer {
						impFrom[x] += q
					}
					if x == rival {
						rivalTo[b] += q
					}
				}
			}
			unmet += a - q
		}
		start = row.end
		dTs[b], dRs[b], unmets[b], imp[b] = dT, dR, unmet, imported
	}
	e.plainRows = e.plainRows[:0]
}

// takeInLoop is take for hot loops: its only call is on the way to a panic, so the
// loop's values need not be saved around it and stay in registers. It returns what take
// returns and panics where take panics, with an overdraft.
func takeInLoop(stock, q float64) float64 {
	r := stock - q
	if r < 0 {
		if r < -1e-9*max(stock, q, 1) {
			panic(overdraftError{stock, q})
		}
		r = 0
	}
	return r
}

// An overdraftError is a real overdraft: a bug.
type overdraftError struct{ stock, q float64 }

func (o overdraftError) Error() string {
	return fmt.Sprintf("sim: stock overdrawn: %g - %g", o.stock, o.q)
}

// offtakeCosts counts the tonnage each offtake shipped in the first serve (what the
// seller could not ship is re-sourced from others, outside the offtake) and charges its
// premium on it.
func (e *Engine) offtakeCosts(p int) {
	m, nc := e.m, e.m.nc
	if e.reference {
		return // direct declared no offtake requests
	}
	for _, j := range m.offtakesOf[p] {
		o := &m.offtakes[j]
		l := o.b*nc + o.e
		if e.loffDir[l] <= 0 {
			continue
		}
		shipped := e.offDir[j] * e.offShipped[l] / e.loffDir[l]
		e.offGot[j] += shipped
		if o.premium > 0 {
			e.cost[costOfftakePremium] += shipped * o.premium / 1000
		}
	}
}

// resource spreads each buyer's unmet request over the exporters it may still buy from,
// in proportion to their remaining stock: exporters under no ban or licensing toward it,
// with quota left if under a quota, and qualified: used at baseline, weighted this month,
// or any exporter once QualificationLagMonths have passed since the buyer's first unmet
// request.
func (e *Engine) resource(p int) {
	m, t, nc, cw := e.m, e.t, e.m.nc, e.m.countryWords
	// The first pass's offtake tables have been charged: all link tables start afresh.
	e.clearLinks()
	// Only exporters with stock are eligible; the sums below skip the others in order.
	// Nothing below changes ps, so the stock test holds for the whole pass.
	ps := e.ps[p*nc : p*nc+nc]
	stockSet := e.stockSet[:cw]
	clear(stockSet)
	for _, x := range m.activeOf[p] {
		if ps[x] > 0 {
			setBit(stockSet, x)
		}
	}
	home, hasCtl := m.params.HomePriority, e.hasCtl[p]
	reqT, xSet := e.reqT[:nc], e.xSet[:cw]
	// Without controls, shipPlain ships this pass: list the links for it instead.
	plain := !hasCtl
	links, rows, k := e.plainLinks, e.plainRows[:0], 0
	for _, b := range m.activeOf[p] {
		u := e.unmet[b]
		e.unmet[b], e.resourced[b] = 0, 0
		if u <= 0 || u <= unmetTolerance*e.reqTotal[b] {
			continue
		}
		qi := p*nc + b
		if e.qualStart[qi] < 0 {
			e.qualStart[qi] = t
		}
		anyExporter := t >= e.qualStart[qi]+m.qualLag[qi]
		row := b * nc
		// Past the qualification lag and without controls every exporter with stock is
		// eligible: the tables of the tests are not needed.
		all := anyExporter && !hasCtl
		var ctl []int
		var pw, pew []float64
		if !all {
			ctl, pw, pew = e.pctl[row:row+nc], e.pw[row:row+nc], e.pew[row:row+nc]
		}
		// The eligible exporters are the buyer's new marks, set once the total is known.
		marks := e.linkSet[b*cw : b*cw+cw]
		total := 0.0
		for w, word := range stockSet {
			// Under home priority the buyer's own producers have already served it.
			if home && b>>6 == w {
				word &^= 1 << (b & 63)
			}
			if all {
				// Every exporter with stock is eligible.
				marks[w] = word
				for word != 0 {
					var x int
					x, word = lowestBit(w, word)
					total += ps[x]
				}
				continue
			}
			elig := uint64(0)
			for word != 0 {
				var x int
				x, word = lowestBit(w, word)
				if hasCtl {
					// Banned links and spent quotas are closed; licensed links take new
					// applications (resourceLicensed).
					if k := ctl[x] - 1; k >= 0 && (m.controls[k].kind == Ban ||
						m.controls[k].kind == Quota && e.quotaSpent(k) ||
						m.controls[k].kind == Licensing && hasBit(e.refused, row+x)) {
						continue
					}
				}
				if x == b || anyExporter || pw[x] > 0 || pew[x] > 0 {
					total += ps[x]
					elig |= 1 << (x & 63)
				}
			}
			marks[w] = elig
		}
		if total <= 0 {
			clear(marks)
			continue
		}
		if plain {
			// The marks were scratch: the list holds the links.
			for w, word := range marks {
				marks[w] = 0
				xSet[w] |= word
				for word != 0 {
					var x int
					x, word = lowestBit(w, word)
					a := u * ps[x] / total
					links[k] = plainLink{a, x}
					k++
					reqT[x] += a
				}
			}
			rows = append(rows, plainRow{b, k})
			continue
		}
		lreq := e.lreq[row : row+nc]
		e.resourced[b] = u
		for w, word := range marks {
			xSet[w] |= word
			for word != 0 {
				var x int
				x, word = lowestBit(w, word)
				a := u * ps[x] / total
				if k := ctl[x] - 1; k >= 0 && m.controls[k].kind == Licensing {
					a = e.resourceLicensed(k, b, row+x, a)
				}
				lreq[x] = a
				// Summed for serve as in direct; quotas below may still scale lreq.
				reqT[x] += lreq[x]
			}
		}
		setBit(e.rowSet, b)
	}
	e.plainRows = rows
	e.reqTReady = !e.hasQuota[p]
	if !e.hasQuota[p] {
		return
	}
	// serve sums afresh: forget the sums above.
	for xw, xword := range xSet {
		for xword != 0 {
			var x int
			x, xword = lowestBit(xw, xword)
			reqT[x] = 0
		}
		xSet[xw] = 0
	}
	for w, word := range e.pctlSet {
		for word != 0 {
			var l int
			l, word = lowestBit(w, word)
			if k1 := e.pctl[l]; k1 > 0 && m.controls[k1-1].kind == Quota {
				e.quotaDem[k1-1] += e.lreq[l]
			}
		}
	}
	e.applyQuotas(p)
}

// receive splits what country c received of p: the stockpile buys what exceeds the users'
// request, up to its purchase; the rest enters the users' stock. Then final users consume
// and processes get their reservation; the stockpile may release.
func (e *Engine) receive(p, c int) {
	m, nc := e.m, e.m.nc
	i := p*nc + c
	d := e.dT[c]
	fd := 0.0
	if d > 0 {
		fd = min(1, e.dR[c]/d)
	}
	j := m.stockpileOf[i]
	toSP := 0.0
	if j >= 0 && e.spReq[j] > 0 {
		toSP = min(e.spReq[j], max(0, d-e.userReq[c]))
		e.spF[j] = mix(e.sp[j], e.spF[j], toSP, fd)
		e.sp[j] += toSP
		e.spBought[j] += toSP
		e.cost[costStockpile] += toSP * e.price(p, e.market(c)) / 1000
	}
	if e.reference && d > 0 {
		e.refFrac[i] = fd
	}
	e.usF[i] = mix(e.us[i], e.usF[i], d-toSP, fd)
	e.us[i] += d - toSP
	e.consumeFinal(p, c)
	if j >= 0 && !e.reference {
		e.release(p, c, j)
	}
}

// resourceLicensed applies licensing control k to a second-pass application of a tonnes
// on link l (b*nc + x) and returns what may ship now: the approved part when the clock is
// zero; otherwise the approved part joins the queue and ships when due. The denied part
// (and any defense share a military denial refuses) stays short: there is no third pass.
func (e *Engine) resourceLicensed(k, b, l int, a float64) float64 {
	ct := &e.m.controls[k]
	mil := 0.0
	if ct.milDenied {
		mil = a * e.defShare[b]
	}
	approved := ct.approval[e.t] * (a - mil)
	if ct.delay == 0 {
		return approved
	}
	now := approved - e.decide(e.pring[l], ct, approved)
	// What is decided this month ships now: take it back out of the queue.
	e.cancel(e.pring[l], e.t, now)
	return now
}

// decide queues approved tonnage on ring r by the month each part is decided: all after
// the control's delay, or spread by its delay shares. It returns the part decided in a
// later month.
func (e *Engine) decide(r int, ct *control, approved float64) float64 {
	if approved <= 0 {
		return 0
	}
	if ct.delayShares == nil {
		e.enqueue(r, e.t+ct.delay, approved)
		if ct.delay == 0 {
			return 0
		}
		return approved
	}
	for j, f := range ct.delayShares {
		e.enqueue(r, e.t+j, approved*f)
	}
	return approved * (1 - ct.delayShares[0])
}

// cancelResourced cancels, on each ring with tonnage approved for later this month, the
// share its buyer found in the second pass: a buyer that re-sourced half its unmet
// request no longer needs half of what it is waiting for.
func (e *Engine) cancelResourced() {
	nc := e.m.nc
	for _, r := range e.delayedRings {
		q := e.delayed[r]
		e.delayed[r] = 0
		l := e.ringLink[r] % (nc * nc)
		b := l / nc
		k := e.pctl[l] - 1
		if u := e.resourced[b]; u > 0 && k >= 0 {
			f := min(1, max(0, e.dT[b]-e.dTBefore[b])/u)
			ct := &e.m.controls[k]
			if ct.delayShares == nil {
				e.cancel(r, e.t+ct.delay, q*f)
				continue
			}
			for j := 1; j < len(ct.delayShares); j++ {
				e.cancel(r, e.t+j, q*ct.delayShares[j]*f)
			}
		}
	}
	e.delayedRings = e.delayedRings[:0]
}
