package sim

// A licensing queue holds, per link, the approved tonnage by the month it becomes
// shippable, in a ring of ringLen slots; each slot remembers its due month. Tonnage of
// licences valid as long as the control lasts moves to a single backlog once due.
//
// Tonnage due this month counts against the buyer's request (dueFor): it is on its way.

func (e *Engine) enqueue(r, due int, q float64) {
	if q <= 0 {
		return
	}
	n := e.m.ringLen
	s := r*n + due%n
	if e.ringDue[s] != due {
		e.ringAmt[s], e.ringDue[s] = 0, due
	}
	e.ringAmt[s] += q
	if !e.ringLive[r] {
		e.ringLive[r] = true
		e.setLive(r, true)
	}
}

// setLive sets or clears ring r's link in liveSet, which mirrors ringLive by link so that
// applyControls can skip the links of empty queues a word at a time.
func (e *Engine) setLive(r int, on bool) {
	nn := e.m.nc * e.m.nc
	g := e.ringLink[r]
	p, l := g/nn, g%nn
	w, bit := p*e.m.linkWords+l>>6, uint64(1)<<(l&63)
	if on {
		e.liveSet[w] |= bit
	} else {
		e.liveSet[w] &^= bit
	}
}

// shippable drops expired licences of ring r and returns the approved tonnage that may
// ship this month: due no earlier than validity-1 months ago (any time while the control
// lasts when validity is 0).
func (e *Engine) shippable(r, validity int) float64 {
	if !e.ringLive[r] {
		return 0
	}
	t, n := e.t, e.m.ringLen
	sum := e.ringOld[r]
	for s := r * n; s < r*n+n; s++ {
		due := e.ringDue[s]
		switch {
		case due < 0 || due > t:
		case validity == 0:
			e.ringOld[r] += e.ringAmt[s]
			sum += e.ringAmt[s]
			e.ringAmt[s], e.ringDue[s] = 0, -1
		case due <= t-validity:
			e.ringAmt[s], e.ringDue[s] = 0, -1
		default:
			sum += e.ringAmt[s]
		}
	}
	return sum
}

// useLicences removes q shipped tonnes from ring r, oldest licences first.
func (e *Engine) useLicences(r, validity int, q float64) {
	if q <= 0 {
		return
	}
	use := func(amt *float64) {
		u := min(*amt, q)
		*amt -= u
		q -= u
		if *amt <= 1e-12*u {
			*amt = 0
		}
	}
	use(&e.ringOld[r])
	if validity > 0 {
		t, n := e.t, e.m.ringLen
		for due := max(t-validity+1, 0); due <= t && q > 0; due++ {
			if s := r*n + due%n; e.ringDue[s] == due {
				use(&e.ringAmt[s])
			}
		}
	}
}

// lapse drops ring r's licences that are due by this month: with a validity of one month
// what could not ship in its due month is re-sourced, not kept.
func (e *Engine) lapse(r int) {
	t, n := e.t, e.m.ringLen
	for s := r * n; s < r*n+n; s++ {
		if due := e.ringDue[s]; due >= 0 && due <= t {
			e.ringAmt[s], e.ringDue[s] = 0, -1
		}
	}
}

// cancel removes up to q tonnes of ring r's licences due in month due: the buyer found
// the tonnage elsewhere while it waited.
func (e *Engine) cancel(r, due int, q float64) {
	if q <= 0 {
		return
	}
	s := r*e.m.ringLen + due%e.m.ringLen
	if e.ringDue[s] != due {
		return
	}
	u := min(e.ringAmt[s], q)
	e.ringAmt[s] -= u
	if e.ringAmt[s] <= 1e-12*u {
		e.ringAmt[s] = 0
	}
}

func (e *Engine) clearRing(r int) {
	n := e.m.ringLen
	for s := r * n; s < r*n+n; s++ {
		e.ringAmt[s], e.ringDue[s] = 0, -1
	}
	e.ringOld[r] = 0
	e.ringLive[r] = false
	e.setLive(r, false)
}

// dueNow is the tonnage of ring r that may ship this month under a validity of validity
// months, without changing the ring: what shippable will return.
func (e *Engine) dueNow(r, validity int) float64 {
	t, n := e.t, e.m.ringLen
	sum := e.ringOld[r]
	for s := r * n; s < r*n+n; s++ {
		if due := e.ringDue[s]; due >= 0 && due <= t && (validity == 0 || due > t-validity) {
			sum += e.ringAmt[s]
		}
	}
	return sum
}

// dueFor adds to due[b] the licensed tonnage of product p due to each buyer b this month,
// over the live licensing queues only.
func (e *Engine) dueFor(p int, due []float64) {
	m := e.m
	nn, lw := m.nc*m.nc, m.linkWords
	for w, word := range e.liveSet[p*lw : (p+1)*lw] {
		for word != 0 {
			var l int
			l, word = lowestBit(w, word)
			k1 := e.pctl[l]
			if k1 == 0 || m.controls[k1-1].kind != Licensing {
				continue
			}
			due[l/m.nc] += e.dueNow(m.ringOf[p*nn+l], m.controls[k1-1].validity)
		}
	}
}
