package sim

import "slices"

// consumeFinal shares country c's users' stock of p among its final users and processes:
// priority sectors first up to their demand, then the other sectors and the processes'
// input need pro rata. Final users consume their share; the processes' share is reserved
// for this month's production.
//
// Without declared demand the pair's fd row is all +0: the sector loops would add zeros,
// write the +0 its cons row already holds and consume 0 t, so only the processes'
// reservation is computed, by the same expressions.
func (e *Engine) consumeFinal(p, c int) {
	m, nc, ns := e.m, e.m.nc, e.m.ns
	i := p*nc + c
	base := i * ns
	pool := e.us[i]
	if !m.hasDemand[i] {
		_, f := fillShares(pool, 0, 0, e.procNeed[i])
		e.resv[i] = e.procNeed[i] * f
		return
	}
	fd, cons, prio := e.fd[base:base+ns], e.cons[base:base+ns], e.prio[c*ns:c*ns+ns]
	// Without a priority sector this month every sector is an other one: the loops skip
	// the tests.
	anyPrio := e.prioAny(c)
	fdP, fdO := 0.0, 0.0
	if anyPrio {
		for s, v := range fd {
			if prio[s] {
				fdP += v
			} else {
				fdO += v
			}
		}
	} else {
		for _, v := range fd {
			fdO += v
		}
	}
	a0, f := fillShares(pool, fdP, fdO, e.procNeed[i])
	fp := 1.0
	if fdP > a0 {
		fp = a0 / fdP
	}
	total := 0.0
	if anyPrio {
		for s, v := range fd {
			q := v * f
			if prio[s] {
				q = v * fp
			}
			cons[s] = q
			total += q
		}
	} else {
		cons = cons[:len(fd)]
		for s, v := range fd {
			q := v * f
			cons[s] = q
			total += q
		}
	}
	e.resv[i] = e.procNeed[i] * f
	e.us[i] = take(e.us[i], total)
	e.consFin[i] += total
	if c == m.importer {
		e.rivalFree[p] += total * (1 - e.usF[i])
	}
}

// fillShares splits a users' stock pool: priority final demand fdP first (a0 of it), then
// the other final demand fdO and the processes' need pro rata, each filled to the share f.
func fillShares(pool, fdP, fdO, need float64) (a0, f float64) {
	a0 = min(pool, fdP)
	rest := pool - a0
	other := need + fdO
	f = 1.0
	if other > rest {
		f = rest / other
	}
	return a0, f
}

// release lets stockpile j of holder c release p when c's unmet need exceeds the trigger
// share of its need: up to the release limit and the stock, priority sectors' shortfall
// first, then the other eligible shortfalls pro rata.
func (e *Engine) release(p, c, j int) {
	m, nc, ns := e.m, e.m.nc, e.m.ns
	sp := &m.stockpiles[j]
	if sp.maxT <= 0 || e.sp[j] <= 0 {
		return
	}
	i := p*nc + c
	base := i * ns
	need, short := e.procNeed[i], e.procNeed[i]-e.resv[i]
	eligP, eligO := 0.0, 0.0
	for s := range ns {
		gap := e.fd[base+s] - e.cons[base+s]
		need += e.fd[base+s]
		short += gap
		switch {
		case !sp.sectors[s]:
		case e.prio[c*ns+s]:
			eligP += gap
		default:
			eligO += gap
		}
	}
	gapProc := 0.0
	if sp.procs {
		gapProc = e.procNeed[i] - e.resv[i]
		eligO += gapProc
	}
	if need <= 0 || short <= sp.trigger*need || short <= unmetTolerance*need {
		return
	}
	r := min(sp.maxT, e.sp[j], eligP+eligO)
	if r <= 0 {
		return
	}
	r0 := min(r, eligP)
	r1 := r - r0
	final := 0.0
	for s := range ns {
		gap := e.fd[base+s] - e.cons[base+s]
		if !sp.sectors[s] || gap <= 0 {
			continue
		}
		add := gap * r1 / eligO
		if e.prio[c*ns+s] {
			add = gap * r0 / eligP
		}
		q := min(e.fd[base+s], e.cons[base+s]+add)
		final += q - e.cons[base+s]
		e.cons[base+s] = q
	}
	toProc := 0.0
	if gapProc > 0 && r1 > 0 {
		toProc = min(gapProc, gapProc*r1/eligO)
		e.usF[i] = mix(e.us[i], e.usF[i], toProc, e.spF[j])
		e.us[i] += toProc
		e.resv[i] += toProc
	}
	e.sp[j] = take(e.sp[j], final+toProc)
	e.consFin[i] += final
	if c == m.importer {
		e.rivalFree[p] += final * (1 - e.spF[j])
	}
}

// prioAny reports whether country c has a priority sector this month. The table is
// rebuilt from prio, which beginMonth sets, on the first call of each month.
func (e *Engine) prioAny(c int) bool {
	if e.prioMonth != e.t {
		e.prioMonth = e.t
		ns := e.m.ns
		for i := range e.prioOf {
			e.prioOf[i] = slices.Contains(e.prio[i*ns:i*ns+ns], true)
		}
	}
	return e.prioOf[c]
}
