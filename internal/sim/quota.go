package sim

// allowance is the tonnage quota control k's group may ship this month, computed at the
// group's first control and kept for the others: the monthly quota, or for a yearly one
// what is left of the calendar year's quota divided by the months left in the year. A
// yearly group that starts part-way through a year gets the share of the year's quota of
// the months left.
func (e *Engine) allowance(k int) float64 {
	m := e.m
	ct := &m.controls[k]
	g := ct.group
	if g != k {
		return e.groupAllow[g]
	}
	if !ct.perYear {
		e.groupAllow[g] = ct.quota
		return ct.quota
	}
	cal := int(m.header.Start) + e.t // calendar month, 12*year + month-1
	year, left := cal/12, 12-cal%12
	if e.groupYear[g] != year {
		e.groupYear[g] = year
		e.groupLeft[g] = ct.quota * float64(left) / 12
	}
	e.groupAllow[g] = max(e.groupLeft[g], 0) / float64(left)
	return e.groupAllow[g]
}

// quotaMonthEnd charges what each yearly quota's controls shipped this month to their
// group's tonnage left in the year.
func (e *Engine) quotaMonthEnd() {
	m := e.m
	for k := range m.controls {
		ct := &m.controls[k]
		if ct.kind != Quota || !ct.perYear || !e.ctlOn[k] {
			continue
		}
		shipped := e.groupAllow[ct.group]*e.quotaShare[k] - max(e.quotaLeft[k], 0)
		e.groupLeft[ct.group] -= max(shipped, 0)
	}
}

// quotaShares sets each quota control's share of its group's allowance from the
// reference month's exports: in proportion to its exporter's exports of its product,
// equally when the group's are all zero. A control alone in its group gets 1.
func (e *Engine) quotaShares() {
	m := e.m
	for k := range m.controls {
		ct := &m.controls[k]
		if ct.kind != Quota || ct.group != k {
			continue
		}
		total, n := 0.0, 0
		for j := k; j < len(m.controls); j++ {
			if o := &m.controls[j]; o.kind == Quota && o.group == k {
				total += e.exp[o.p*m.nc+o.exporter]
				n++
			}
		}
		for j := k; j < len(m.controls); j++ {
			if o := &m.controls[j]; o.kind == Quota && o.group == k {
				switch {
				case n == 1:
					e.quotaShare[j] = 1
				case total > 0:
					e.quotaShare[j] = e.exp[o.p*m.nc+o.exporter] / total
				default:
					e.quotaShare[j] = 1 / float64(n)
				}
			}
		}
	}
}

// rush sets or clears the extra target cover of control k's destinations' users of its
// product.
func (e *Engine) rush(k int, on bool) {
	m := e.m
	ct := &m.controls[k]
	v := 0.0
	if on {
		v = m.params.RushCoverMonths
	}
	if ct.dests == nil {
		for c := range m.nc {
			if c != ct.exporter {
				e.rushCover[ct.p*m.nc+c] = v
			}
		}
		return
	}
	for _, c := range ct.dests {
		e.rushCover[ct.p*m.nc+c] = v
	}
}
