package sim

import "math"

// record writes the month's results into out and accumulates the end items lost.
func (e *Engine) record(out *Result) {
	m, t, nc, ns := e.m, e.t, e.m.nc, e.m.ns
	imp := m.importer
	short := out.SectorShortfall[t][:ns]
	clear(short)
	for _, p := range e.live.products {
		i := p*nc + imp
		d, s := 0.0, 0.0
		fds, conss := e.fd[i*ns:i*ns+ns], e.cons[i*ns:i*ns+ns]
		if m.final[p] {
			for sec, fd := range fds {
				cons := conss[sec]
				d += fd
				s += cons
				short[sec] += fd - cons
			}
		} else {
			for sec, fd := range fds {
				d += fd
				s += conss[sec]
			}
		}
		out.Demand[t][p] = d
		out.Supply[t][p] = s
		out.Shortfall[t][p] = d - s
		out.Inventory[t][p] = e.us[i]
		out.Stockpile[t][p] = 0
		if j := m.stockpileOf[i]; j >= 0 {
			out.Stockpile[t][p] = e.sp[j]
		}
		out.RivalFree[t][p] = min(max(e.rivalFree[p], 0), s)
		world := 0.0
		prod := e.prod[p*nc : p*nc+nc]
		for _, c := range m.activeOf[p] {
			world += prod[c] // elsewhere 0
		}
		if e.countrySeries {
			copy(out.CountryProduction[t][p], prod)
			copy(out.CountryCapacity[t][p], e.capProd[p*nc:p*nc+nc])
			copy(out.CountryExports[t][p], e.exp[p*nc:p*nc+nc])
		}
		out.Production[t][p] = world
		out.PriceOut[t][p] = e.pOut[p]
		out.PriceIn[t][p] = e.pIn[p]
	}
	for _, k := range e.live.endItems {
		item := &m.endItems[k]
		q, lost := 0.0, 0.0
		if m.defense >= 0 {
			i := (m.endItemProduct[k]*nc+imp)*ns + m.defense
			q, lost = e.cons[i], e.fd[i]-e.cons[i]
		}
		out.EndItemsLow[t][k] = q * 1000 / item.KgLow
		out.EndItemsHigh[t][k] = q * 1000 / item.KgHigh
		e.lostLow[k] += lost * 1000 / item.KgLow
		e.lostHigh[k] += lost * 1000 / item.KgHigh
	}
	total := 0.0
	for k, v := range e.cost {
		out.Cost[t][k] = v
		total += v
	}
	out.CostTotal[t] = total
	out.MassBalance[t] = e.massBalance()
}

// massBalance is the month's sum over products and countries of
// |opening + production + recycling + imports - consumption - exports - closing|, where
// stocks are producers', users' and stockpiles, relative to the sum of the inflows.
func (e *Engine) massBalance() float64 {
	m := e.m
	residual, throughput := 0.0, 0.0
	// Elsewhere every term is 0.
	for _, i := range e.live.activeIdx {
		closing := e.ps[i] + e.us[i]
		if j := m.stockpileOf[i]; j >= 0 {
			closing += e.sp[j]
		}
		in := e.open[i] + e.prod[i] + e.rec[i] + e.imp[i]
		residual += math.Abs(in - e.consIn[i] - e.consFin[i] - e.exp[i] - closing)
		throughput += in
	}
	if throughput <= 0 {
		return 0
	}
	return residual / throughput
}
