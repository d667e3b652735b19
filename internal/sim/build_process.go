package sim

import (
	"fmt"
	"math"
	"slices"
)

// processes compiles process instances with their capacity series: base capacity plus
// project ramps, scaled by outages.
func (c *compiler) processes() {
	m := c.m
	n := len(c.b.processes) + len(c.b.projects) // projects may add instances
	c.proc = cleared(&c.scr.proc, n)
	c.template = cleared(&c.scr.template, 0)
	m.procs = withCap(c.spare.procs, n)
	c.varies = c.scr.varies[:0]
	c.planSeries()
	for i, p := range c.b.processes {
		where := siteOf(func() string { return fmt.Sprintf("process %s/%s", p.ID, p.Country) })
		ci, okC := c.countryIdx(where.at("country"), p.Country)
		key := procKey{p.ID, p.Country}
		if _, dup := c.proc[key]; dup {
			c.errorf("%s: declared twice", where.String())
			continue
		}
		if p.ID == "" {
			c.errorf("%s: empty process id", where.String())
		}
		var capacity []float64
		if c.nonNegative(where.at("capacity"), p.CapacityTPerMonth) && !c.procChanges[i] {
			capacity = c.constant(p.CapacityTPerMonth)
		} else {
			capacity = c.series()
			for t := range capacity {
				capacity[t] = p.CapacityTPerMonth
			}
		}
		if p.CapacityByMonth != nil {
			if len(p.CapacityByMonth) != len(capacity) {
				c.errorf("%s: capacity by month: has %d months, want %d", where.String(), len(p.CapacityByMonth), len(capacity))
			} else {
				for t, v := range p.CapacityByMonth {
					month := siteOf(func() string { return fmt.Sprintf("%s: capacity by month[%d]", where.String(), t) })
					c.nonNegative(month, v)
					capacity[t] = v
				}
			}
		}
		c.check(where.at("utilisation"), p.Utilisation, p.Utilisation > 0 && p.Utilisation <= 1, "within (0, 1]")
		c.nonNegative(where.at("external input"), p.ExternalInputT)
		c.nonNegative(where.at("loss"), p.LossT)
		in := c.flows(where.at("input"), p.Inputs)
		out := c.flows(where.at("output"), p.Outputs)
		if len(p.Outputs) == 0 {
			c.errorf("%s: needs at least one output", where.String())
		}
		for _, i := range in {
			for _, o := range out {
				if i.p == o.p {
					c.errorf("%s: product %s is both input and output", where.String(), m.products[i.p].ID)
				}
			}
		}
		sumIn, sumOut := p.ExternalInputT, p.LossT
		for _, f := range p.Inputs {
			sumIn += f.TPerUnit
		}
		for _, f := range p.Outputs {
			sumOut += f.TPerUnit
		}
		if math.Abs(sumIn-sumOut) > massTolerance*math.Max(sumIn, sumOut) {
			c.errorf("%s: mass balance: inputs %g + external %g != outputs %g + loss %g per reference unit",
				where.String(), sumIn-p.ExternalInputT, p.ExternalInputT, sumOut-p.LossT, p.LossT)
		}
		if !okC {
			continue
		}
		c.proc[key] = len(m.procs)
		if _, ok := c.template[p.ID]; !ok {
			c.template[p.ID] = len(m.procs)
		}
		m.procs = append(m.procs, proc{id: p.ID, country: ci, util: p.Utilisation, in: in, out: out,
			ext: p.ExternalInputT, loss: p.LossT, capacity: capacity})
		c.varies = append(c.varies, c.procChanges[i])
	}
	c.scr.varies = c.varies
	if len(c.probs) > 0 {
		return
	}
	m.capex = c.series()
	for _, pj := range c.b.projects {
		c.project(pj)
	}
	for _, o := range c.b.outages {
		where := siteOf(func() string { return fmt.Sprintf("outage %s/%s %s", o.Process, o.Country, o.Window) })
		k, ok := c.proc[procKey{o.Process, o.Country}]
		if !ok {
			c.errorf("%s: no such process in the country", where.String())
			continue
		}
		if !c.share(where.at("fraction"), o.Fraction) {
			continue
		}
		s := c.window(where, o.Window)
		for t, v := range m.procs[k].capacity {
			if s.has(t) {
				m.procs[k].capacity[t] = v * (1 - o.Fraction)
			}
		}
	}
}

// flows resolves a process's coefficients. The result is carved from one block sized for
// every declared process, so that a model's flows cost one allocation.
func (c *compiler) flows(where site, fs []Flow) []flow {
	if len(fs) == 0 {
		return []flow{}
	}
	if len(c.flowBlock) < len(fs) {
		n := 0
		for _, p := range c.b.processes {
			n += len(p.Inputs) + len(p.Outputs)
		}
		c.flowBlock = make([]flow, max(n, len(fs)))
	}
	out := c.flowBlock[:0:len(fs)]
	c.flowBlock = c.flowBlock[len(fs):]
	for _, f := range fs {
		p, ok := c.productIdx(where, f.Product)
		flowSite := siteOf(func() string { return where.String() + " " + f.Product })
		c.check(flowSite.at("t per unit"), f.TPerUnit, f.TPerUnit > 0, "> 0")
		if !ok {
			continue
		}
		if slices.ContainsFunc(out, func(g flow) bool { return g.p == p }) {
			c.errorf("%s %s: listed twice", where.String(), f.Product)
		}
		out = append(out, flow{p: p, coef: f.TPerUnit})
	}
	return out
}

func (c *compiler) project(pj Project) {
	m := c.m
	where := siteOf(func() string { return fmt.Sprintf("project %q (%s/%s)", pj.Name, pj.Process, pj.Country) })
	tk, ok := c.template[pj.Process]
	if !ok {
		c.errorf("%s: unknown process %q", where.String(), pj.Process)
		return
	}
	ci, ok := c.countryIdx(where.at("country"), pj.Country)
	okCap := c.nonNegative(where.at("capacity"), pj.CapacityTPerMonth)
	okCapex := c.nonNegative(where.at("capex"), pj.CapexMUSD)
	if pj.RampMonths < 0 || pj.ConstructionMonths < 0 {
		c.errorf("%s: ramp and construction months must be >= 0", where.String())
		return
	}
	if !ok || !okCap || !okCapex {
		return
	}
	key := procKey{pj.Process, pj.Country}
	k, exists := c.proc[key]
	if !exists {
		t := m.procs[tk]
		k = len(m.procs)
		c.proc[key] = k
		m.procs = append(m.procs, proc{id: t.id, country: ci, util: t.util, in: t.in, out: t.out,
			ext: t.ext, loss: t.loss, capacity: c.series()})
		c.varies = append(c.varies, true)
		c.scr.varies = c.varies
	}
	start := int(pj.Start) - int(m.header.Start)
	for t := range m.procs[k].capacity {
		m.procs[k].capacity[t] += added(pj, t, start)
	}
	if pj.CapexMUSD > 0 {
		n := max(pj.ConstructionMonths, 1)
		from := start - pj.ConstructionMonths
		if pj.ConstructionMonths == 0 {
			from = start
		}
		for t := from; t < from+n; t++ {
			if t >= 0 && t < len(m.capex) {
				m.capex[t] += pj.CapexMUSD / float64(n)
			}
		}
	}
	if pj.Offtake.Buyer == "" {
		return
	}
	b, ok := c.countryIdx(where.at("offtake buyer"), pj.Offtake.Buyer)
	if !c.share(where.at("offtake share"), pj.Offtake.Share) || !ok || b == ci {
		return
	}
	pr := m.procs[k]
	qty := c.series()
	for t := range qty {
		qty[t] = pj.Offtake.Share * added(pj, t, start) * pr.util * pr.out[0].coef
	}
	m.offtakes = append(m.offtakes, offtake{b: b, e: ci, p: pr.out[0].p, qty: qty})
}

// added is the capacity a project adds in month t, starting at month start. The explicit
// conversion rounds the product before a caller adds it up, so that no fused
// multiply-add can change the sum.
func added(pj Project, t, start int) float64 {
	return float64(pj.CapacityTPerMonth * ramp(t, start, pj.RampMonths))
}

// ranks orders processes and products so that every process runs after its inputs are
// allocated: a process's rank is 1 + the largest rank of its inputs (0 without inputs), a
// product's rank the largest rank of the processes making it (0 if none).
func (c *compiler) ranks() {
	m := c.m
	prank := zeroedIn(&c.scr.prank, m.np)
	limit := m.np + len(m.procs) + 1
	for iter := 0; ; iter++ {
		changed := false
		for k := range m.procs {
			r := 0
			for _, f := range m.procs[k].in {
				r = max(r, prank[f.p]+1)
			}
			m.procs[k].rank = r
			for _, f := range m.procs[k].out {
				if r > prank[f.p] {
					prank[f.p] = r
					changed = true
				}
			}
		}
		if !changed {
			break
		}
		if iter > limit {
			c.errorf("processes: the product graph has a cycle")
			return
		}
	}
	top := 0
	for _, r := range prank {
		top = max(top, r)
	}
	for _, pr := range m.procs {
		top = max(top, pr.rank)
	}
	m.rankProcs = c.groups(top+1, len(m.procs), func(k int) int { return m.procs[k].rank })
	m.rankProducts = c.groups(top+1, m.np, func(p int) int { return prank[p] })
}
