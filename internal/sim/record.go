package sim

import "math"

// record writes the month's results into out and accumulates the end items lost.
func (e *Engine) record(out *Result) {
	m, t, np, nc, ns := e.m, e.t, e.m.np, e.m.nc, e.m.ns
	imp := m.importer
	short := out.SectorShortfall[t][:ns]
	clear(short)
	// The month's rows, hoisted out of the product loop; their length is np (NewResult).
	demand, supply, shortfall := out.Demand[t][:np], out.Supply[t][:np], out.Shortfall[t][:np]
	inventory, stockpile, rivalFree := out.Inventory[t][:np], out.Stockpile[t][:np], out.RivalFree[t][:np]
	production, priceOut, priceIn := out.Production[t][:np], out.PriceOut[t][:np], out.PriceIn[t][:np]
	var cProd, cCap, cExp, cImp, cRiv [][]float64
	if e.countrySeries {
		cProd, cCap, cExp = out.CountryProduction[t][:np], out.CountryCapacity[t][:np], out.CountryExports[t][:np]
		cImp, cRiv = out.ImportsByOrigin[t][:np], out.RivalExportsByDestination[t][:np]
	}
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
		demand[p] = d
		supply[p] = s
		shortfall[p] = d - s
		inventory[p] = e.us[i]
		stockpile[p] = 0
		if j := m.stockpileOf[i]; j >= 0 {
			stockpile[p] = e.sp[j]
		}
		rivalFree[p] = min(max(e.rivalFree[p], 0), s)
		world := 0.0
		prod := e.prod[p*nc : p*nc+nc]
		for _, c := range m.activeOf[p] {
			world += prod[c] // elsewhere 0
		}
		if e.countrySeries {
			copy(cProd[p], prod)
			copy(cCap[p], e.capProd[p*nc:p*nc+nc])
			copy(cExp[p], e.exp[p*nc:p*nc+nc])
			copy(cImp[p], e.impFrom[p*nc:p*nc+nc])
			copy(cRiv[p], e.rivalTo[p*nc:p*nc+nc])
		}
		production[p] = world
		priceOut[p] = e.pOut[p]
		priceIn[p] = e.pIn[p]
	}
	for _, k := range e.live.endItems {
		item := &m.endItems[k]
		q, lost := 0.0, 0.0
		if s := m.endItemSector[k]; s >= 0 {
			i := (m.endItemProduct[k]*nc+imp)*ns + s
			q, lost = e.cons[i], max(e.fd[i]-e.cons[i], 0)
		}
		out.EndItemsLow[t][k] = item.unitsPerMonth(q, item.KgLow)
		out.EndItemsHigh[t][k] = item.unitsPerMonth(q, item.KgHigh)
		e.lostLow[k] += item.unitsPerMonth(lost, item.KgLow)
		e.lostHigh[k] += item.unitsPerMonth(lost, item.KgHigh)
	}
	total := 0.0
	for k, v := range e.cost {
		out.Cost[t][k] = v
		total += v
	}
	out.CostTotal[t] = total
	if !e.noMassBalance {
		out.MassBalance[t] = e.massBalance()
	}
	if e.entry.on {
		row := out.entered[t]
		for _, k := range e.live.procs {
			row[k] = e.entered(k, t)
		}
		out.enteredSet = true
	} else if out.enteredSet {
		// An earlier run into out had entry on.
		row := out.entered[t]
		for _, k := range e.live.procs {
			row[k] = 0
		}
	}
}

// unitsPerMonth converts a month's tonnes of the item's product into units at kg per
// unit. A programme neither builds nor loses more units in a month than it delivers.
func (e *EndItemInfo) unitsPerMonth(tonnes, kg float64) float64 {
	u := tonnes * 1000 / kg
	if e.UnitsPerYear > 0 {
		u = min(u, e.UnitsPerYear/12)
	}
	return u
}

// massBalance is the month's sum over products and countries of
// |opening + production + recycling + imports - consumption - exports - closing|, where
// stocks are producers', users' and stockpiles, relative to the sum of the inflows.
func (e *Engine) massBalance() float64 {
	// The tables share one length, so one bounds check on i covers them all.
	pc := len(e.ps)
	ps, us, open, stockpileOf := e.ps[:pc], e.us[:pc], e.open[:pc], e.m.stockpileOf[:pc]
	prod, rec, imp, exp := e.prod[:pc], e.rec[:pc], e.imp[:pc], e.exp[:pc]
	consIn, consFin := e.consIn[:pc], e.consFin[:pc]
	residual, throughput := 0.0, 0.0
	// Elsewhere every term is 0.
	for _, i := range e.live.activeIdx {
		closing := ps[i] + us[i]
		if j := stockpileOf[i]; j >= 0 {
			closing += e.sp[j]
		}
		in := open[i] + prod[i] + rec[i] + imp[i]
		residual += math.Abs(in - consIn[i] - consFin[i] - exp[i] - closing)
		throughput += in
	}
	if throughput <= 0 {
		return 0
	}
	return residual / throughput
}
