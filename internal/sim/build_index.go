package sim

import "slices"

// index builds the sparse views of the model the engine iterates instead of its dense
// tables: the exporters each row of baseline sourcing weights names, the weight rows tariffs
// touch, where final demand is declared, each product's controls, and the (product,
// country) pairs that can ever hold stock or trade.
func (c *compiler) index() {
	m := c.m
	nc, pc := m.nc, m.np*m.nc
	m.wStart = make([]int32, pc+1)
	for i := range pc {
		for x, w := range m.weights[i*nc : (i+1)*nc] {
			if w > 0 {
				m.wExporters = append(m.wExporters, int32(x))
			}
		}
		m.wStart[i+1] = int32(len(m.wExporters))
	}
	for _, tr := range m.tariffs {
		m.tariffRows = append(m.tariffRows, tr.p*nc+tr.b)
	}
	slices.Sort(m.tariffRows)
	m.tariffRows = slices.Compact(m.tariffRows)
	m.hasDemand = make([]bool, pc)
	for _, d := range m.demands {
		m.hasDemand[d.p*nc+d.c] = true
	}
	m.controlsOf = make([][]int, m.np)
	for k, ct := range m.controls {
		m.controlsOf[ct.p] = append(m.controlsOf[ct.p], k)
	}
	market := func(c int) int {
		if c == m.rival {
			return 1
		}
		return 0
	}
	active := slices.Clone(m.hasDemand)
	m.needDemandFactor = make([]bool, 2*m.np)
	m.needSupplyFactor = make([]bool, 2*m.np)
	for _, d := range m.demands {
		m.needDemandFactor[2*d.p+market(d.c)] = true
	}
	for _, pr := range m.procs {
		for _, f := range pr.in {
			active[f.p*nc+pr.country] = true
		}
		for _, f := range pr.out {
			active[f.p*nc+pr.country] = true
		}
		m.needSupplyFactor[2*pr.out[0].p+market(pr.country)] = true
	}
	for _, r := range m.recycling {
		active[r.p*nc+r.c] = true
	}
	for _, o := range m.offtakes {
		active[o.p*nc+o.b], active[o.p*nc+o.e] = true, true
	}
	m.activeOf = make([][]int, m.np)
	for i := range pc {
		if m.stockpileOf[i] >= 0 || m.producerStock0[i] > 0 || m.userStock0[i] > 0 {
			active[i] = true
		}
		if active[i] {
			m.activeOf[i/nc] = append(m.activeOf[i/nc], i%nc)
			m.activeIdx = append(m.activeIdx, i)
		}
	}
	m.countryWords = words(nc)
	m.linkWords = words(nc * nc)
}
