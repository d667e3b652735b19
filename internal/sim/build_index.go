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
	m.hasDemand = zeroed(c.spare.hasDemand, pc)
	for _, d := range m.demands {
		m.hasDemand[d.p*nc+d.c] = true
	}
	m.controlsOf = c.groups(m.np, len(m.controls), func(k int) int { return m.controls[k].p })
	market := func(c int) int {
		if c == m.rival {
			return 1
		}
		return 0
	}
	active := zeroedIn(&c.scr.active, pc)
	copy(active, m.hasDemand)
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
	n := 0
	for i := range pc {
		if m.stockpileOf[i] >= 0 || m.producerStock0[i] > 0 || m.userStock0[i] > 0 {
			active[i] = true
		}
		if active[i] {
			n++
		}
	}
	m.activeIdx = grown(c.spare.activeIdx, n)
	for i := range pc {
		if active[i] {
			m.activeIdx = append(m.activeIdx, i)
		}
	}
	// activeIdx is ascending, so each product's countries are a run of it.
	m.activeOf = make([][]int, m.np)
	countries := make([]int, n)
	for j, i := range m.activeIdx {
		countries[j] = i % nc
	}
	for j := 0; j < n; {
		p, k := m.activeIdx[j]/nc, j
		for k < n && m.activeIdx[k]/nc == p {
			k++
		}
		m.activeOf[p] = countries[j:k:k]
		j = k
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
	first := zeroedIn(&c.scr.first, pc)
	fill(first, -1)
	changed := zeroedIn(&c.scr.changed, months*np)
	for k, pr := range m.procs {
		capacity := pr.capacity
		if !c.varies[k] {
			capacity = capacity[:1] // constant: the first month tells all
		}
		// Every output of a process shares its first month of capacity and its changes.
		if t0 := slices.IndexFunc(capacity, positive); t0 >= 0 {
			for _, f := range pr.out {
				if i := f.p*nc + pr.country; first[i] < 0 || t0 < first[i] {
					first[i] = t0
				}
			}
		}
		for t := 1; t < len(capacity); t++ {
			if capacity[t] != capacity[t-1] {
				for _, f := range pr.out {
					changed[t*np+f.p] = true
				}
			}
		}
	}
	// makers lists, per product, the exporters that ever make it, ascending:
	// makers[makerStart[p]:makerStart[p+1]].
	makerStart := zeroedIn(&c.scr.makerStart, np+1)
	n := 0
	for _, f := range first {
		if f >= 0 {
			n++
		}
	}
	makers := slices.Grow(c.scr.makers[:0], n)
	for p := range np {
		for x := range nc {
			if first[p*nc+x] >= 0 {
				makers = append(makers, x)
			}
		}
		makerStart[p+1] = len(makers)
	}
	c.scr.makers = makers
	// Size the exporter lists exactly: a declared row names its positive weights, a default
	// row every exporter that ever makes its product (but the buyer under home priority).
	home := m.params.HomePriority
	size := 0
	for p := range np {
		nMakers := makerStart[p+1] - makerStart[p]
		for b := range nc {
			i := p*nc + b
			if c.explicit[i] {
				for _, w := range m.weights[i*nc : i*nc+nc] {
					if w > 0 {
						size++
					}
				}
				continue
			}
			size += nMakers
			if home && first[i] >= 0 {
				size--
			}
		}
	}
	exporters, qualFrom := zeroed(c.spare.wExporters, size), zeroed(c.spare.wQualFrom, size)
	start := zeroed(c.spare.wStart, pc+1)
	j := 0 // next entry
	for p := range np {
		pMakers, pFirst := makers[makerStart[p]:makerStart[p+1]], first[p*nc:p*nc+nc]
		for b := range nc {
			i := p*nc + b
			if c.explicit[i] {
				for x, w := range m.weights[i*nc : i*nc+nc] {
					if w > 0 {
						exporters[j] = int32(x) // qualified from month 0
						j++
					}
				}
				start[i+1] = int32(j)
				continue
			}
			lag := min(m.qualLag[i], months)
			for _, x := range pMakers {
				if home && x == b {
					continue
				}
				from := 0
				if f := pFirst[x]; f > 0 {
					from = f + lag
					if from < months {
						changed[from*np+p] = true
					}
				}
				exporters[j], qualFrom[j] = int32(x), int32(min(from, months))
				j++
			}
			start[i+1] = int32(j)
		}
	}
	m.wExporters, m.wQualFrom, m.wStart = exporters, qualFrom, start
	dynamic := zeroedIn(&c.scr.dynamic, np)
	for t := 1; t < months; t++ {
		for p, ch := range changed[t*np : t*np+np] {
			if ch {
				dynamic[p] = true
			}
		}
	}
	m.capRowsOf = make([][]int, np)
	rows := make([]int, 0, len(m.activeIdx)) // backs capRowsOf: never reallocated
	for p := range np {
		if !dynamic[p] {
			continue
		}
		start := len(rows)
		for _, b := range m.activeOf[p] {
			if i := p*nc + b; !c.explicit[i] && m.wStart[i+1] > m.wStart[i] {
				rows = append(rows, i)
			}
		}
		if len(rows) > start {
			m.capRowsOf[p] = rows[start:len(rows):len(rows)]
		}
	}
	// makersOf in two passes: count, then fill lists carved from one array.
	count := zeroedIn(&c.scr.count, np)
	n = 0
	for _, pr := range m.procs {
		for _, f := range pr.out {
			if len(m.capRowsOf[f.p]) > 0 {
				count[f.p]++
				n++
			}
		}
	}
	m.makersOf = make([][]maker, np)
	flat := make([]maker, n)
	for p, k := range count {
		if k > 0 {
			m.makersOf[p], flat = flat[:0:k], flat[k:]
		}
	}
	for k, pr := range m.procs {
		for _, f := range pr.out {
			if len(m.capRowsOf[f.p]) > 0 {
				m.makersOf[f.p] = append(m.makersOf[f.p], maker{k, f.coef})
			}
		}
	}
	n = 0
	for t := 1; t < months; t++ {
		for p := range np {
			if changed[t*np+p] && len(m.capRowsOf[p]) > 0 {
				n++
			}
		}
	}
	m.wUpd = grown(c.spare.wUpd, n)
	m.wUpdStart = zeroed(c.spare.wUpdStart, months+1)
	for t := range months {
		for p := range np {
			if t > 0 && changed[t*np+p] && len(m.capRowsOf[p]) > 0 {
				m.wUpd = append(m.wUpd, int32(p))
			}
		}
		m.wUpdStart[t+1] = int32(len(m.wUpd))
	}
}

func positive(v float64) bool { return v > 0 }

// groups returns, for n groups, the indices i in [0, count) of each group g = group(i),
// ascending: nil for a group without any. The lists share one backing array (each capped
// at its length), so that grouping costs three allocations whatever the sizes.
func (c *compiler) groups(n, count int, group func(i int) int) [][]int {
	size := zeroedIn(&c.scr.size, n)
	for i := range count {
		size[group(i)]++
	}
	out := make([][]int, n)
	flat := make([]int, count)
	for g, k := range size {
		if k > 0 {
			out[g], flat = flat[:0:k], flat[k:]
		}
	}
	for i := range count {
		g := group(i)
		out[g] = append(out[g], i)
	}
	return out
}
