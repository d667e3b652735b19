package sim

import (
	"fmt"
	"math"
)

// rest compiles demand, stocks, trade rules and responses.
func (c *compiler) rest() {
	c.demand()
	declared := c.stocks()
	c.stockpiles()
	c.weights()
	c.startStocks(declared)
	c.controls()
	c.trade()
	c.responses()
	c.index()
}

type demandKey struct{ region, product, sector string }

// demand compiles final demand series: the declared t/month, compounded monthly by growth
// over its window and reduced by ramped substitution.
func (c *compiler) demand() {
	m := c.m
	// Only growth and substitution look demands up by key.
	var byKey map[demandKey][]int
	if len(c.b.growth)+len(c.b.substitutions) > 0 {
		byKey = cleared(&c.scr.byKey, len(c.b.demands))
	}
	m.demands = withCap(c.spare.demands, len(c.b.demands))
	for i, d := range c.b.demands {
		where := siteOf(func() string { return fmt.Sprintf("demand %s/%s/%s", d.Region, d.Product, d.Sector) })
		ci, ok1 := c.countryIdx(where.at("region"), d.Region)
		p, ok2 := c.productIdx(where, d.Product)
		s, ok3 := c.sectorIdx(where, d.Sector)
		ok4 := c.nonNegative(where.at("t per month"), d.TPerMonth)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		if !m.final[p] {
			c.errorf("%s: product %s is not final", where.String(), d.Product)
			continue
		}
		var series []float64
		if c.demandChanges[i] {
			series = c.series()
			for t := range series {
				series[t] = d.TPerMonth
			}
		} else {
			series = c.constant(d.TPerMonth)
		}
		if byKey != nil {
			k := demandKey{d.Region, d.Product, d.Sector}
			byKey[k] = append(byKey[k], len(m.demands))
		}
		m.demands = append(m.demands, demandEntry{p: p, c: ci, s: s, series: series})
	}
	c.demandSlots()
	for _, g := range c.b.growth {
		where := siteOf(func() string {
			return fmt.Sprintf("demand growth %s/%s/%s %s", g.Region, g.Product, g.Sector, g.Window)
		})
		entries, ok := byKey[demandKey{g.Region, g.Product, g.Sector}]
		if !ok {
			c.errorf("%s: matches no declared demand", where.String())
			continue
		}
		if !c.check(where.at("rate per year"), g.RatePerYear, g.RatePerYear > -1, "> -1") {
			continue
		}
		s := c.window(where, g.Window)
		from := max(s.from, 0)
		monthly := math.Pow(1+g.RatePerYear, 1.0/12)
		for _, e := range entries {
			for t := range m.demands[e].series {
				n := min(max(t-from, 0), max(s.to+1-from, 0))
				m.demands[e].series[t] *= math.Pow(monthly, float64(n))
			}
		}
	}
	for _, sub := range c.b.substitutions {
		where := siteOf(func() string {
			return fmt.Sprintf("substitution %s/%s/%s %s", sub.Region, sub.Product, sub.Sector, sub.Window)
		})
		entries, ok := byKey[demandKey{sub.Region, sub.Product, sub.Sector}]
		if !ok {
			c.errorf("%s: matches no declared demand", where.String())
			continue
		}
		if !c.share(where.at("reduction"), sub.Reduction) {
			continue
		}
		if sub.RampMonths < 0 {
			c.errorf("%s: ramp months: must be >= 0", where.String())
			continue
		}
		s := c.window(where, sub.Window)
		for _, e := range entries {
			for t := range m.demands[e].series {
				if t <= s.to {
					m.demands[e].series[t] *= 1 - sub.Reduction*ramp(t, s.from, sub.RampMonths)
				}
			}
		}
	}
}

// demandSlots sets where each demand entry adds its month's demand in the engine's
// tables (demandEntry.slot, factor and first).
func (c *compiler) demandSlots() {
	m := c.m
	seen := zeroedIn(&c.scr.demandSeen, m.np*m.nc*m.ns)
	for j := range m.demands {
		d := &m.demands[j]
		d.slot = (d.p*m.nc+d.c)*m.ns + d.s
		d.factor = 2 * d.p
		if d.c == m.rival {
			d.factor++
		}
		d.first = !seen[d.slot]
		seen[d.slot] = true
	}
}

// need0 is the users' need in the first month at the baseline price: processes' input at
// capacity x utilisation plus final demand, t/month, [p*nc+c]. It is computed on first use,
// once processes and demand are compiled, and kept; callers must not modify it.
func (c *compiler) need0() []float64 {
	if c.need != nil {
		return c.need
	}
	m := c.m
	need := zeroedIn(&c.scr.need, m.np*m.nc)
	c.need = need
	for _, pr := range m.procs {
		for _, f := range pr.in {
			need[f.p*m.nc+pr.country] += pr.capacity[0] * pr.util * f.coef
		}
	}
	for _, d := range m.demands {
		need[d.p*m.nc+d.c] += d.series[0]
	}
	return need
}

// stocks compiles the initial producers' and users' stocks and the users' target cover in
// months of need: a stock declared with AddUserStock sets it to stock / first-month need,
// SetUserCover sets it directly, Params.TargetStockMonths otherwise. It reports which
// users' stocks were declared in tonnes.
func (c *compiler) stocks() []bool {
	m := c.m
	n := m.np * m.nc
	sp := &c.spare
	m.producerStock0, m.producerFrac0 = zeroed(sp.producerStock0, n), zeroed(sp.producerFrac0, n)
	m.userStock0, m.userFrac0 = zeroed(sp.userStock0, n), zeroed(sp.userFrac0, n)
	declared := zeroedIn(&c.scr.declared, n)
	add := func(kind string, s Stock, stock, frac []float64, isUser bool) {
		where := siteOf(func() string { return fmt.Sprintf("%s stock %s/%s", kind, s.Country, s.Product) })
		ci, ok1 := c.countryIdx(where, s.Country)
		p, ok2 := c.productIdx(where, s.Product)
		ok3 := c.nonNegative(where.at("t"), s.T)
		ok4 := c.share(where.at("rival share"), s.RivalShare)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return
		}
		i := p*m.nc + ci
		f := s.RivalShare
		if ci == m.rival {
			f = 1
		}
		frac[i] = mix(stock[i], frac[i], s.T, f)
		stock[i] += s.T
		if isUser {
			declared[i] = true
		}
	}
	for _, s := range c.b.producerStocks {
		add("producer", s, m.producerStock0, m.producerFrac0, false)
	}
	for _, s := range c.b.userStocks {
		add("user", s, m.userStock0, m.userFrac0, true)
	}
	for i := range m.producerFrac0 {
		if i%m.nc == m.rival {
			m.producerFrac0[i], m.userFrac0[i] = 1, 1
		}
	}
	need := c.need0()
	m.cover = resized(sp.cover, n)
	fill(m.cover, m.params.TargetStockMonths)
	for _, uc := range c.b.userCovers {
		where := siteOf(func() string { return fmt.Sprintf("user cover %s/%s", uc.region, uc.product) })
		ci, ok1 := c.countryIdx(where, uc.region)
		p, ok2 := c.productIdx(where, uc.product)
		if c.nonNegative(where.at("months"), uc.months) && ok1 && ok2 {
			m.cover[p*m.nc+ci] = uc.months
		}
	}
	for i := range m.cover {
		if declared[i] && need[i] > 0 {
			m.cover[i] = m.userStock0[i] / need[i]
		}
	}
	return declared
}

// startStocks fills the users' stocks not declared in tonnes at their target, cover x the
// first month's need, so that a run starts in its baseline state; their rival content is
// the rival's weight in the users' baseline sourcing (1 in the rival).
func (c *compiler) startStocks(declared []bool) {
	m := c.m
	need := c.need0()
	for i := range m.userStock0 {
		if declared[i] {
			continue
		}
		m.userStock0[i] = m.cover[i] * need[i]
		if m.rival >= 0 && i%m.nc != m.rival {
			p, b := i/m.nc, i%m.nc
			m.userFrac0[i] = m.weights[m.link(p, b, m.rival)]
		}
	}
}

func (c *compiler) stockpiles() {
	m := c.m
	m.stockpileOf = resized(c.spare.stockpileOf, m.np*m.nc)
	fill(m.stockpileOf, -1)
	for _, s := range c.b.stockpiles {
		where := siteOf(func() string { return fmt.Sprintf("stockpile %s/%s", s.Holder, s.Product) })
		h, ok1 := c.countryIdx(where.at("holder"), s.Holder)
		p, ok2 := c.productIdx(where, s.Product)
		ok := c.nonNegative(where.at("initial t"), s.InitialT)
		ok = c.share(where.at("initial rival share"), s.InitialRivalShare) && ok
		ok = c.share(where.at("release: shortfall trigger"), s.Release.ShortfallTrigger) && ok
		ok = c.nonNegative(where.at("release: max t per month"), s.Release.MaxTPerMonth) && ok
		if !ok1 || !ok2 || !ok {
			continue
		}
		if m.stockpileOf[p*m.nc+h] >= 0 {
			c.errorf("%s: declared twice", where.String())
			continue
		}
		sp := stockpile{holder: h, p: p, init: s.InitialT, initFrac: s.InitialRivalShare,
			trigger: s.Release.ShortfallTrigger, maxT: s.Release.MaxTPerMonth, sectors: make([]bool, m.ns)}
		if h == m.rival {
			sp.initFrac = 1
		}
		if len(s.Release.Sectors) == 0 {
			sp.procs = true
			for i := range sp.sectors {
				sp.sectors[i] = true
			}
		}
		for _, name := range s.Release.Sectors {
			if si, ok := c.sectorIdx(where.at("release"), name); ok {
				sp.sectors[si] = true
			}
		}
		for i, pu := range s.Purchases {
			w := siteOf(func() string { return fmt.Sprintf("%s: purchases[%d]", where.String(), i) })
			ok := c.nonNegative(w.at("t per month"), pu.TPerMonth)
			ok = c.nonNegative(w.at("max USD per kg"), pu.MaxUSDPerKg) && ok
			if ok {
				sp.purchases = append(sp.purchases, purchase{span: c.window(w, pu.Window), t: pu.TPerMonth, maxPrice: pu.MaxUSDPerKg})
			}
		}
		m.stockpileOf[p*m.nc+h] = len(m.stockpiles)
		m.stockpiles = append(m.stockpiles, sp)
	}
}
