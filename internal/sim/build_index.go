package sim

import "slices"

// index builds the sparse views of the model the engine iterates instead of its dense
// tables: the exporters each row of baseline sourcing weights names, the weight rows tariffs
// touch, where final demand is declared, each product's controls, and the (product,
// country) pairs that can ever hold stock or trade.
func (c *compiler) index() {
	m := c.m
	nc, pc := m.nc, m.np*m.nc
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
	c.weightIndex()
}

// weightIndex lists the exporters each row of sourcing weights can ever name, with the
// month each qualifies from, and the months in which default rows must follow capacity:
// when some process making the product changes capacity (a project ramps, an outage starts
// or ends) or a new exporter qualifies for some row.
func (c *compiler) weightIndex() {
	m := c.m
	nc, np, pc, months := m.nc, m.np, m.np*m.nc, m.header.Months
	// first[p*nc+x] is the first month x has capacity to make p, -1 for never; changed
	// marks the months (t*np + p) when p's capacity x utilisation changes somewhere.
	first := make([]int, pc)
	for i := range first {
		first[i] = -1
	}
	changed := make([]bool, months*np)
	for _, pr := range m.procs {
		for t, v := range pr.capacity {
			for _, f := range pr.out {
				i := f.p*nc + pr.country
				if v > 0 && (first[i] < 0 || t < first[i]) {
					first[i] = t
				}
				if t > 0 && v != pr.capacity[t-1] {
					changed[t*np+f.p] = true
				}
			}
		}
	}
	// Size the exporter lists once: each row names at most the exporters that ever make its
	// product (any exporter for a declared row).
	makers := make([]int, np)
	for i, f := range first {
		if f >= 0 {
			makers[i/nc]++
		}
	}
	bound := 0
	for i := range pc {
		if c.explicit[i] {
			bound += nc
		} else {
			bound += makers[i/nc]
		}
	}
	m.wExporters = make([]int32, 0, bound)
	m.wQualFrom = make([]int32, 0, bound)
	home := m.params.HomePriority
	m.wStart = make([]int32, pc+1)
	for i := range pc {
		p, b := i/nc, i%nc
		for x := range nc {
			switch {
			case c.explicit[i]:
				if m.weights[i*nc+x] > 0 {
					m.wExporters = append(m.wExporters, int32(x))
					m.wQualFrom = append(m.wQualFrom, 0)
				}
			case first[p*nc+x] >= 0 && !(home && x == b):
				from := 0
				if f := first[p*nc+x]; f > 0 {
					from = f + min(m.qualLag[i], months)
					if from < months {
						changed[from*np+p] = true
					}
				}
				m.wExporters = append(m.wExporters, int32(x))
				m.wQualFrom = append(m.wQualFrom, int32(min(from, months)))
			}
		}
		m.wStart[i+1] = int32(len(m.wExporters))
	}
	dynamic := make([]bool, np)
	for t := 1; t < months; t++ {
		for p := range np {
			dynamic[p] = dynamic[p] || changed[t*np+p]
		}
	}
	m.capRowsOf = make([][]int, np)
	for p := range np {
		if !dynamic[p] {
			continue
		}
		for _, b := range m.activeOf[p] {
			if i := p*nc + b; !c.explicit[i] && m.wStart[i+1] > m.wStart[i] {
				m.capRowsOf[p] = append(m.capRowsOf[p], i)
			}
		}
	}
	m.makersOf = make([][]maker, np)
	for k, pr := range m.procs {
		for _, f := range pr.out {
			if len(m.capRowsOf[f.p]) > 0 {
				m.makersOf[f.p] = append(m.makersOf[f.p], maker{k, f.coef})
			}
		}
	}
	m.wUpdStart = make([]int32, months+1)
	for t := range months {
		for p := range np {
			if t > 0 && changed[t*np+p] && len(m.capRowsOf[p]) > 0 {
				m.wUpd = append(m.wUpd, int32(p))
			}
		}
		m.wUpdStart[t+1] = int32(len(m.wUpd))
	}
}
