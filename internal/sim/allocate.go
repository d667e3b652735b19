package sim

// unmetTolerance is the share of a buyer's request below which an unmet remainder is
// rounding, not a reason to re-source or start qualifying suppliers.
const unmetTolerance = 1e-9

// allocate trades product p for the month: users' requests, home supply, offtakes and
// sourcing-weighted requests under export controls, re-sourcing of unmet requests, and
// the split of what each country receives among its users and stockpile.
func (e *Engine) allocate(p int) {
	e.requests(p)
	clear(e.lreq)
	clear(e.loff)
	clear(e.loffDir)
	clear(e.offShipped)
	if e.m.params.HomePriority {
		e.serveHome(p)
	}
	e.direct(p)
	e.applyControls(p)
	e.serve(p, true)
	e.offtakeCosts(p)
	e.resource(p)
	e.serve(p, false)
	e.dMkt[2*p], e.dMkt[2*p+1], e.sMkt[2*p], e.sMkt[2*p+1] = 0, 0, 0, 0
	for c := range e.m.nc {
		// A market's demand is what its countries requested; its supply what they
		// received plus what their producers could not sell this month.
		mk := 2*p + e.market(c)
		e.dMkt[mk] += e.reqTotal[c]
		e.sMkt[mk] += e.dT[c] + max(0, e.ps[p*e.m.nc+c]-e.psOpen[p*e.m.nc+c])
		e.receive(p, c)
	}
}

// requests computes each country's need and request of p: users request their need plus
// the gap to their target stock, stockpiles their purchases.
func (e *Engine) requests(p int) {
	m, nc, ns := e.m, e.m.nc, e.m.ns
	for c := range nc {
		i := p*nc + c
		fd := 0.0
		for s := range ns {
			fd += e.fd[i*ns+s]
		}
		need := e.procNeed[i] + fd
		ur := max(0, need+m.cover[i]*need-e.us[i])
		spr := 0.0
		if j := m.stockpileOf[i]; j >= 0 {
			spr = e.spReq[j]
		}
		e.need[c] = need
		e.userReq[c] = ur
		e.req[c] = ur + spr
		e.reqTotal[c] = ur + spr
		e.defShare[c] = 0
		if m.defense >= 0 && need+spr > 0 {
			e.defShare[c] = min(1, e.fd[i*ns+m.defense]/(need+spr))
		}
		e.unmet[c], e.dT[c], e.dR[c] = 0, 0, 0
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
	if x == b {
		return
	}
	e.exp[i] += q
	e.imp[p*nc+b] += q
}

// serveHome lets each country's users buy from its own producers first.
func (e *Engine) serveHome(p int) {
	for c := range e.m.nc {
		h := min(e.req[c], e.ps[p*e.m.nc+c])
		e.deliver(p, c, c, h)
		e.req[c] -= h
	}
}

// direct turns the remaining requests into link requests: offtakes first, then the rest
// split by the month's sourcing weights.
func (e *Engine) direct(p int) {
	m, t, nc := e.m, e.t, e.m.nc
	for _, j := range m.offtakesOf[p] {
		o := &m.offtakes[j]
		d := min(o.qty[t], e.req[o.b])
		e.offDir[j] = d
		if d > 0 {
			l := o.b*nc + o.e
			e.loff[l] += d
			e.loffDir[l] += d
			e.req[o.b] -= d
		}
	}
	for b := range nc {
		r := e.req[b]
		if r <= 0 {
			continue
		}
		row := e.ew[m.link(p, b, 0) : m.link(p, b, 0)+nc]
		placed := false
		for x, w := range row {
			if w > 0 {
				e.lreq[b*nc+x] += r * w
				placed = true
			}
		}
		if !placed {
			e.unmet[b] += r
		}
		e.req[b] = 0
	}
}

// applyControls turns link requests into permitted shipments: a ban permits nothing, a
// quota scales its links' requests to what is left of it, licensing queues applications
// and permits the approved tonnage that has come due. Refused tonnage is unmet.
func (e *Engine) applyControls(p int) {
	m, t, nc := e.m, e.t, e.m.nc
	for b := range nc {
		for x := range nc {
			l := b*nc + x
			k := e.ctl[m.link(p, b, x)]
			if k < 0 {
				continue
			}
			ct := &m.controls[k]
			q := e.lreq[l] + e.loff[l]
			switch ct.kind {
			case Ban:
				e.unmet[b] += q
				e.lreq[l], e.loff[l] = 0, 0
			case Quota:
				e.quotaDem[k] += q
			case Licensing:
				r := m.ringOf[m.link(p, b, x)]
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
			}
		}
	}
	e.applyQuotas(p)
}

// applyQuotas scales the requests on quota links so that each quota's links together
// request at most what is left of it this month.
func (e *Engine) applyQuotas(p int) {
	m, nc := e.m, e.m.nc
	for b := range nc {
		for x := range nc {
			l := b*nc + x
			k := e.ctl[m.link(p, b, x)]
			if k < 0 || m.controls[k].kind != Quota || e.quotaDem[k] <= 0 {
				continue
			}
			f := 1.0
			if dem, left := e.quotaDem[k], max(e.quotaLeft[k], 0); dem > left {
				f = left / dem
			}
			q := e.lreq[l] + e.loff[l]
			e.unmet[b] += q * (1 - f)
			e.lreq[l] *= f
			e.loff[l] *= f
		}
	}
	for k := range m.controls {
		if m.controls[k].p == p {
			e.quotaDem[k] = 0
		}
	}
}

// serve ships each exporter's permitted requests from its stock: offtakes first, then the
// others pro rata. Unshipped licensed tonnage waits in its queue; other unshipped requests
// are unmet.
func (e *Engine) serve(p int, first bool) {
	m, nc := e.m, e.m.nc
	for x := range nc {
		offT, reqT := 0.0, 0.0
		for b := range nc {
			offT += e.loff[b*nc+x]
			reqT += e.lreq[b*nc+x]
		}
		if offT+reqT <= 0 {
			continue
		}
		stock := e.ps[p*nc+x]
		fo := 1.0
		if offT > stock {
			fo = stock / offT
		}
		rest := max(stock-offT*fo, 0)
		fr := 1.0
		if reqT > rest {
			fr = rest / reqT
		}
		for b := range nc {
			l := b*nc + x
			o, a := e.loff[l], e.lreq[l]
			if o+a <= 0 {
				continue
			}
			q := o*fo + a*fr
			e.deliver(p, x, b, q)
			if first {
				e.offShipped[l] = o * fo
			}
			k := e.ctl[m.link(p, b, x)]
			switch {
			case k >= 0 && m.controls[k].kind == Licensing:
				e.useLicences(m.ringOf[m.link(p, b, x)], m.controls[k].validity, a*fr)
			default:
				e.unmet[b] += o + a - q
				if k >= 0 && m.controls[k].kind == Quota {
					e.quotaLeft[k] -= q
				}
			}
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
// with quota left if under a quota, and qualified: used at baseline, or any exporter once
// QualificationLagMonths have passed since the buyer's first unmet request.
func (e *Engine) resource(p int) {
	m, t, nc := e.m, e.t, e.m.nc
	clear(e.lreq)
	clear(e.loff)
	for b := range nc {
		u := e.unmet[b]
		e.unmet[b] = 0
		if u <= unmetTolerance*e.reqTotal[b] || u <= 0 {
			continue
		}
		qi := p*nc + b
		if e.qualStart[qi] < 0 {
			e.qualStart[qi] = t
		}
		anyExporter := t >= e.qualStart[qi]+m.qualLag[qi]
		total := 0.0
		for x := range nc {
			if e.eligible(p, b, x, anyExporter) {
				total += e.ps[p*nc+x]
			}
		}
		if total <= 0 {
			continue
		}
		for x := range nc {
			if e.eligible(p, b, x, anyExporter) {
				e.lreq[b*nc+x] = u * e.ps[p*nc+x] / total
			}
		}
	}
	for b := range nc {
		for x := range nc {
			if k := e.ctl[m.link(p, b, x)]; k >= 0 && m.controls[k].kind == Quota && e.lreq[b*nc+x] > 0 {
				e.quotaDem[k] += e.lreq[b*nc+x]
			}
		}
	}
	e.applyQuotas(p)
}

func (e *Engine) eligible(p, b, x int, anyExporter bool) bool {
	m := e.m
	if e.ps[p*m.nc+x] <= 0 || (x == b && m.params.HomePriority) {
		return false
	}
	l := m.link(p, b, x)
	if k := e.ctl[l]; k >= 0 && (m.controls[k].kind != Quota || e.quotaLeft[k] <= 0) {
		return false
	}
	return x == b || anyExporter || m.weights[l] > 0
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
		e.spBought[j] = toSP
		e.cost[costStockpile] += toSP * e.price(p, e.market(c)) / 1000
	}
	e.usF[i] = mix(e.us[i], e.usF[i], d-toSP, fd)
	e.us[i] += d - toSP
	e.consumeFinal(p, c)
	if j >= 0 {
		e.release(p, c, j)
	}
}
