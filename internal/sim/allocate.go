package sim

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
	e.requests(p)
	e.clearLinks()
	if m.params.HomePriority {
		e.serveHome(p)
	}
	e.direct(p)
	if e.hasCtl[p] {
		e.applyControls(p)
	}
	e.serve(p, true)
	e.offtakeCosts(p)
	e.resource(p)
	e.serve(p, false)
	e.dMkt[2*p], e.dMkt[2*p+1], e.sMkt[2*p], e.sMkt[2*p+1] = 0, 0, 0, 0
	// A market's demand is what its countries requested; its supply what they received
	// plus what their producers could not sell this month. Countries outside activeOf
	// request, receive and hold nothing: their terms are 0.
	for _, c := range m.activeOf[p] {
		i := p*nc + c
		mk := 2*p + e.market(c)
		e.dMkt[mk] += e.reqTotal[c]
		e.sMkt[mk] += e.dT[c] + max(0, e.ps[i]-e.psOpen[i])
		// Receiving nothing, with no stockpile, no final demand and no process need,
		// changes nothing: skip it.
		if e.dT[c] != 0 || m.stockpileOf[i] >= 0 || m.hasDemand[i] || e.procNeed[i] != 0 {
			e.receive(p, c)
		}
	}
}

// markLink records that link b*nc + x of the current product may have non-zero link
// tables.
func (e *Engine) markLink(b, x int) {
	setBit(e.linkSet[b*e.m.countryWords:], x)
	setBit(e.rowSet, b)
}

// clearLinks zeroes the marked entries of the link tables and the marks.
func (e *Engine) clearLinks() {
	nc, cw := e.m.nc, e.m.countryWords
	for bw, bword := range e.rowSet {
		for bword != 0 {
			var b int
			b, bword = lowestBit(bw, bword)
			row := e.linkSet[b*cw : b*cw+cw]
			for xw, xword := range row {
				for xword != 0 {
					var x int
					x, xword = lowestBit(xw, xword)
					l := b*nc + x
					e.lreq[l] = 0
					if e.offUsed {
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
// the gap to their target stock, stockpiles their purchases.
func (e *Engine) requests(p int) {
	m, nc, ns := e.m, e.m.nc, e.m.ns
	clear(e.perCountry)
	for _, c := range m.activeOf[p] {
		i := p*nc + c
		fd := 0.0
		if m.hasDemand[i] {
			for s := range ns {
				fd += e.fd[i*ns+s]
			}
		}
		need := e.procNeed[i] + fd
		ur := max(0, need+m.cover[i]*need-e.us[i])
		spr := 0.0
		if j := m.stockpileOf[i]; j >= 0 {
			spr = e.spReq[j]
		}
		e.userReq[c] = ur
		e.req[c] = ur + spr
		e.reqTotal[c] = ur + spr
		if m.defense >= 0 && need+spr > 0 {
			e.defShare[c] = min(1, e.fd[i*ns+m.defense]/(need+spr))
		}
	}
}

// deliver ships q of p from exporter x to buyer b with the exporter's rival content.
func (e *Engine) deliver(p, x, b int, q float64) {
	if q <= 0 {
		return
	}
	nc := e.m.nc
	i := p*nc + x
	e.ps[i] = take(e.ps[i], q)
	e.dT[b] += q
	e.dR[b] += q * e.psF[i]
	if x != b {
		e.exp[i] += q
		e.imp[p*nc+b] += q
	}
}

// serveHome lets each country's users buy from its own producers first.
func (e *Engine) serveHome(p int) {
	for _, c := range e.m.activeOf[p] {
		h := min(e.req[c], e.ps[p*e.m.nc+c])
		e.deliver(p, c, c, h)
		e.req[c] -= h
	}
}

// direct turns the remaining requests into link requests: offtakes first, then the rest
// split by the month's sourcing weights.
func (e *Engine) direct(p int) {
	m, t, nc, cw := e.m, e.t, e.m.nc, e.m.countryWords
	for _, j := range m.offtakesOf[p] {
		o := &m.offtakes[j]
		d := min(o.qty[t], e.req[o.b])
		e.offDir[j] = d
		if d > 0 {
			l := o.b*nc + o.e
			e.loff[l] += d
			e.loffDir[l] += d
			e.req[o.b] -= d
			e.markLink(o.b, o.e)
			e.offUsed = true
		}
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

// applyControls turns link requests into permitted shipments: a ban permits nothing, a
// quota scales its links' requests to what is left of it, licensing queues applications
// and permits the approved tonnage that has come due. Refused tonnage is unmet.
func (e *Engine) applyControls(p int) {
	t, nc := e.t, e.m.nc
	for w, word := range e.pctlSet {
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
			e.enqueue(r, t+ct.delay, approved)
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
func (e *Engine) serve(p int, first bool) {
	m, nc, cw := e.m, e.m.nc, e.m.countryWords
	offT, reqT, fo, fr := e.offT[:nc], e.reqT[:nc], e.fo[:nc], e.fr[:nc]
	offUsed := e.offUsed
	// Unmarked links request nothing: adding their zeros would change no sum, and an
	// exporter without a marked link ships nothing.
	xSet := e.xSet[:cw]
	clear(xSet)
	marked := false
	for bw, bword := range e.rowSet {
		for bword != 0 {
			var b int
			b, bword = lowestBit(bw, bword)
			marked = true
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
	if !marked {
		return
	}
	ps, psF := e.ps[p*nc:p*nc+nc], e.psF[p*nc:p*nc+nc]
	for xw, xword := range xSet {
		for xword != 0 {
			var x int
			x, xword = lowestBit(xw, xword)
			if offT[x]+reqT[x] <= 0 {
				continue
			}
			stock := ps[x]
			fo[x] = 1
			if offT[x] > stock {
				fo[x] = stock / offT[x]
			}
			rest := max(stock-offT[x]*fo[x], 0)
			fr[x] = 1
			if reqT[x] > rest {
				fr[x] = rest / reqT[x]
			}
		}
	}
	// Ship link by link, buyers in order and each buyer's exporters in order: deliver,
	// inlined, with the buyer's running totals in registers.
	exp, imp := e.exp[p*nc:p*nc+nc], e.imp[p*nc:p*nc+nc]
	for bw, bword := range e.rowSet {
		for bword != 0 {
			var b int
			b, bword = lowestBit(bw, bword)
			row := b * nc
			loff, lreq, ctl := e.loff[row:row+nc], e.lreq[row:row+nc], e.pctl[row:row+nc]
			dT, dR, unmet, imported := e.dT[b], e.dR[b], e.unmet[b], imp[b]
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
						}
					}
					if first && offUsed {
						e.offShipped[row+x] = o * fo[x]
					}
					k := ctl[x] - 1
					switch {
					case k >= 0 && m.controls[k].kind == Licensing:
						e.useLicences(e.pring[row+x], m.controls[k].validity, a*fr[x])
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
	// Leave the per-exporter totals zero for the next call.
	for xw, xword := range xSet {
		for xword != 0 {
			var x int
			x, xword = lowestBit(xw, xword)
			offT[x], reqT[x] = 0, 0
		}
	}
}

// offtakeCosts charges the premium on the tonnage each offtake shipped.
func (e *Engine) offtakeCosts(p int) {
	m, nc := e.m, e.m.nc
	for _, j := range m.offtakesOf[p] {
		o := &m.offtakes[j]
		l := o.b*nc + o.e
		if o.premium > 0 && e.loffDir[l] > 0 {
			shipped := e.offDir[j] * e.offShipped[l] / e.loffDir[l]
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
	m, t, nc := e.m, e.t, e.m.nc
	// The first pass's offtake tables have been charged: all link tables start afresh.
	e.clearLinks()
	// Only exporters with stock are eligible; the sums below skip the others in order.
	clear(e.stockSet)
	for _, x := range m.activeOf[p] {
		if e.ps[p*nc+x] > 0 {
			setBit(e.stockSet, x)
		}
	}
	for _, b := range m.activeOf[p] {
		u := e.unmet[b]
		e.unmet[b] = 0
		if u <= 0 || u <= unmetTolerance*e.reqTotal[b] {
			continue
		}
		qi := p*nc + b
		if e.qualStart[qi] < 0 {
			e.qualStart[qi] = t
		}
		anyExporter := t >= e.qualStart[qi]+m.qualLag[qi]
		total := 0.0
		elig := e.eligX[:0]
		for w, word := range e.stockSet {
			for word != 0 {
				var x int
				x, word = lowestBit(w, word)
				if e.eligible(p, b, x, anyExporter) {
					total += e.ps[p*nc+x]
					elig = append(elig, x)
				}
			}
		}
		if total <= 0 {
			continue
		}
		for _, x := range elig {
			e.lreq[b*nc+x] = u * e.ps[p*nc+x] / total
			e.markLink(b, x)
		}
	}
	if !e.hasQuota[p] {
		return
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

func (e *Engine) eligible(p, b, x int, anyExporter bool) bool {
	m, nc := e.m, e.m.nc
	if e.ps[p*nc+x] <= 0 || (x == b && m.params.HomePriority) {
		return false
	}
	l := b*nc + x
	if k := e.pctl[l] - 1; k >= 0 && (m.controls[k].kind != Quota || e.quotaLeft[k] <= 0) {
		return false
	}
	return x == b || anyExporter || e.pw[l] > 0 || e.pew[l] > 0
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
		e.cost[costStockpile] += toSP * e.price(p, e.market(c)) / 1000
	}
	e.usF[i] = mix(e.us[i], e.usF[i], d-toSP, fd)
	e.us[i] += d - toSP
	e.consumeFinal(p, c)
	if j >= 0 {
		e.release(p, c, j)
	}
}
