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
}

type demandKey struct{ region, product, sector string }

func (c *compiler) demand() {
	m := c.m
	byKey := map[demandKey][]int{}
	for _, d := range c.b.demands {
		where := fmt.Sprintf("demand %s/%s/%s", d.Region, d.Product, d.Sector)
		ci, ok1 := c.countryIdx(where+": region", d.Region)
		p, ok2 := c.productIdx(where, d.Product)
		s, ok3 := c.sectorIdx(where, d.Sector)
		ok4 := c.nonNegative(where+": t per month", d.TPerMonth)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		if !m.final[p] {
			c.errorf("%s: product %s is not final", where, d.Product)
			continue
		}
		series := c.series()
		for t := range series {
			series[t] = d.TPerMonth
		}
		k := demandKey{d.Region, d.Product, d.Sector}
		byKey[k] = append(byKey[k], len(m.demands))
		m.demands = append(m.demands, demandEntry{p: p, c: ci, s: s, series: series})
	}
	for _, g := range c.b.growth {
		where := fmt.Sprintf("demand growth %s/%s/%s %s", g.Region, g.Product, g.Sector, g.Window)
		entries, ok := byKey[demandKey{g.Region, g.Product, g.Sector}]
		if !ok {
			c.errorf("%s: matches no declared demand", where)
			continue
		}
		if !c.check(where+": rate per year", g.RatePerYear, g.RatePerYear > -1, "> -1") {
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
		where := fmt.Sprintf("substitution %s/%s/%s %s", sub.Region, sub.Product, sub.Sector, sub.Window)
		entries, ok := byKey[demandKey{sub.Region, sub.Product, sub.Sector}]
		if !ok {
			c.errorf("%s: matches no declared demand", where)
			continue
		}
		if !c.share(where+": reduction", sub.Reduction) {
			continue
		}
		if sub.RampMonths < 0 {
			c.errorf("%s: ramp months: must be >= 0", where)
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

// need0 is the users' need in the first month at the baseline price: processes' input at
// capacity x utilisation plus final demand, t/month, [p*nc+c].
func (c *compiler) need0() []float64 {
	m := c.m
	need := make([]float64, m.np*m.nc)
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

func (c *compiler) stocks() []bool {
	m := c.m
	n := m.np * m.nc
	m.producerStock0, m.producerFrac0 = make([]float64, n), make([]float64, n)
	m.userStock0, m.userFrac0 = make([]float64, n), make([]float64, n)
	declared := make([]bool, n)
	add := func(kind string, s Stock, stock, frac []float64, isUser bool) {
		where := fmt.Sprintf("%s stock %s/%s", kind, s.Country, s.Product)
		ci, ok1 := c.countryIdx(where, s.Country)
		p, ok2 := c.productIdx(where, s.Product)
		ok3 := c.nonNegative(where+": t", s.T)
		ok4 := c.share(where+": rival share", s.RivalShare)
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
	m.cover = make([]float64, n)
	for i := range m.cover {
		m.cover[i] = m.params.TargetStockMonths
		if declared[i] && need[i] > 0 {
			m.cover[i] = m.userStock0[i] / need[i]
		}
	}
	return declared
}

// startStocks fills the users' stocks nobody declared at their target, N months of the
// first month's need, so that a run starts in its baseline state; their rival content is
// the rival's share of the users' baseline sourcing weights.
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
	m.stockpileOf = make([]int, m.np*m.nc)
	for i := range m.stockpileOf {
		m.stockpileOf[i] = -1
	}
	for _, s := range c.b.stockpiles {
		where := fmt.Sprintf("stockpile %s/%s", s.Holder, s.Product)
		h, ok1 := c.countryIdx(where+": holder", s.Holder)
		p, ok2 := c.productIdx(where, s.Product)
		ok := c.nonNegative(where+": initial t", s.InitialT)
		ok = c.share(where+": initial rival share", s.InitialRivalShare) && ok
		ok = c.share(where+": release: shortfall trigger", s.Release.ShortfallTrigger) && ok
		ok = c.nonNegative(where+": release: max t per month", s.Release.MaxTPerMonth) && ok
		if !ok1 || !ok2 || !ok {
			continue
		}
		if m.stockpileOf[p*m.nc+h] >= 0 {
			c.errorf("%s: declared twice", where)
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
			if si, ok := c.sectorIdx(where+": release", name); ok {
				sp.sectors[si] = true
			}
		}
		for i, pu := range s.Purchases {
			w := fmt.Sprintf("%s: purchases[%d]", where, i)
			ok := c.nonNegative(w+": t per month", pu.TPerMonth)
			ok = c.nonNegative(w+": max USD per kg", pu.MaxUSDPerKg) && ok
			if ok {
				sp.purchases = append(sp.purchases, purchase{span: c.window(w, pu.Window), t: pu.TPerMonth, maxPrice: pu.MaxUSDPerKg})
			}
		}
		m.stockpileOf[p*m.nc+h] = len(m.stockpiles)
		m.stockpiles = append(m.stockpiles, sp)
	}
}

func (c *compiler) weights() {
	m := c.m
	nc := m.nc
	m.weights = make([]float64, m.np*nc*nc)
	explicit := make([]bool, m.np*nc)
	for _, w := range c.b.weights {
		where := fmt.Sprintf("sourcing weight %s %s<-%s", w.product, w.buyer, w.exporter)
		p, ok1 := c.productIdx(where, w.product)
		b, ok2 := c.countryIdx(where+": buyer", w.buyer)
		e, ok3 := c.countryIdx(where+": exporter", w.exporter)
		ok4 := c.nonNegative(where, w.w)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		m.weights[m.link(p, b, e)] += w.w
		explicit[p*nc+b] = true
	}
	prod0 := make([]float64, m.np*nc)
	for _, pr := range m.procs {
		for _, f := range pr.out {
			prod0[f.p*nc+pr.country] += pr.capacity[0] * pr.util * f.coef
		}
	}
	home := m.params.HomePriority
	for p := range m.np {
		for b := range nc {
			row := m.weights[m.link(p, b, 0) : m.link(p, b, 0)+nc]
			if !explicit[p*nc+b] {
				copy(row, prod0[p*nc:p*nc+nc])
			}
			if home {
				row[b] = 0
			}
			sum := 0.0
			for _, w := range row {
				sum += w
			}
			for e := range row {
				if sum > 0 {
					row[e] /= sum
				} else {
					row[e] = 0
				}
			}
		}
	}
}

func (c *compiler) controls() {
	m := c.m
	months := m.header.Months
	ids := map[string]bool{}
	m.ringOf = make([]int, m.np*m.nc*m.nc)
	for i := range m.ringOf {
		m.ringOf[i] = -1
	}
	for _, ct := range c.b.controls {
		where := fmt.Sprintf("control %q", ct.ID)
		if ct.ID == "" || ids[ct.ID] {
			c.errorf("%s: id empty or declared twice", where)
		}
		ids[ct.ID] = true
		p, ok1 := c.productIdx(where, ct.Product)
		e, ok2 := c.countryIdx(where+": exporter", ct.Exporter)
		if !ok1 || !ok2 {
			continue
		}
		k := control{id: ct.ID, p: p, exporter: e, kind: ct.Kind, active: make([]bool, months)}
		if ct.Destinations == nil {
			for b := range m.nc {
				if b != e {
					k.dests = append(k.dests, b)
				}
			}
		}
		seen := map[int]bool{}
		for _, d := range ct.Destinations {
			b, ok := c.countryIdx(where+": destination", d)
			if !ok || seen[b] {
				continue
			}
			if b == e {
				c.errorf("%s: destination %s is the exporter", where, d)
				continue
			}
			seen[b] = true
			k.dests = append(k.dests, b)
		}
		if len(ct.Windows) == 0 {
			c.errorf("%s: needs at least one window", where)
		}
		for _, w := range ct.Windows {
			s := c.window(where, w)
			for t := range k.active {
				k.active[t] = k.active[t] || s.has(t)
			}
		}
		switch ct.Kind {
		case Ban:
		case Quota:
			c.nonNegative(where+": quota t per month", ct.QuotaTPerMonth)
			k.quota = ct.QuotaTPerMonth
		case Licensing:
			c.licensing(where, ct.Licensing, &k)
		default:
			c.errorf("%s: kind: must be ban, quota or licensing, got %d", where, int(ct.Kind))
		}
		if ct.Extraterritorial {
			if e != m.rival {
				c.errorf("%s: extraterritorial: only the rival's controls may reach re-exports (rival content is tracked for %q)", where, m.header.Rival)
			}
			c.share(where+": extraterritorial min share", ct.ExtraterritorialMinShare)
			k.extra, k.extraMin = true, ct.ExtraterritorialMinShare
		}
		if ct.Kind == Licensing {
			m.ringLen = max(m.ringLen, k.delay+max(k.validity, 1)+1)
			for _, b := range k.dests {
				for x := range m.nc {
					if (x == e || k.extra) && x != b && m.ringOf[m.link(p, b, x)] < 0 {
						m.ringOf[m.link(p, b, x)] = m.nRings
						m.nRings++
					}
				}
			}
		}
		m.controls = append(m.controls, k)
	}
}

func (c *compiler) licensing(where string, l LicensingRule, k *control) {
	m := c.m
	c.share(where+": licensing: approval", l.Approval)
	if l.DelayMonths < 0 || l.ValidityMonths < 0 {
		c.errorf("%s: licensing: delay and validity months must be >= 0", where)
		return
	}
	k.delay, k.validity, k.milDenied = l.DelayMonths, l.ValidityMonths, l.MilitaryDenied
	k.approval = make([]float64, m.header.Months)
	for t := range k.approval {
		k.approval[t] = l.Approval
	}
	for i, ch := range l.ApprovalChanges {
		w := fmt.Sprintf("%s: licensing: approval changes[%d]", where, i)
		c.share(w, ch.Approval)
		if i > 0 && ch.From < l.ApprovalChanges[i-1].From {
			c.errorf("%s: not in month order", w)
		}
		from := int(ch.From) - int(m.header.Start)
		for t := max(from, 0); t < len(k.approval); t++ {
			k.approval[t] = ch.Approval
		}
	}
}

// trade compiles tariffs, offtakes and qualification lags.
func (c *compiler) trade() {
	m := c.m
	for _, t := range c.b.tariffs {
		where := fmt.Sprintf("tariff %s<-%s %s %s", t.Importer, t.Exporter, t.Product, t.Window)
		b, ok1 := c.countryIdx(where+": importer", t.Importer)
		e, ok2 := c.countryIdx(where+": exporter", t.Exporter)
		p, ok3 := c.productIdx(where, t.Product)
		ok4 := c.nonNegative(where+": rate", t.Rate)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		if b == e {
			c.errorf("%s: importer and exporter are the same", where)
			continue
		}
		m.tariffs = append(m.tariffs, tariff{p: p, b: b, e: e, rate: t.Rate, span: c.window(where, t.Window)})
	}
	for _, o := range c.b.offtakes {
		where := fmt.Sprintf("offtake %s<-%s %s %s", o.Buyer, o.Seller, o.Product, o.Window)
		b, ok1 := c.countryIdx(where+": buyer", o.Buyer)
		e, ok2 := c.countryIdx(where+": seller", o.Seller)
		p, ok3 := c.productIdx(where, o.Product)
		ok4 := c.nonNegative(where+": t per month", o.TPerMonth)
		ok4 = c.nonNegative(where+": premium", o.PremiumUSDPerKg) && ok4
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		if b == e {
			c.errorf("%s: buyer and seller are the same", where)
			continue
		}
		s := c.window(where, o.Window)
		qty := c.series()
		for t := range qty {
			if s.has(t) {
				qty[t] = o.TPerMonth
			}
		}
		m.offtakes = append(m.offtakes, offtake{b: b, e: e, p: p, qty: qty, premium: o.PremiumUSDPerKg})
	}
	m.offtakesOf = make([][]int, m.np)
	for j, o := range m.offtakes {
		m.offtakesOf[o.p] = append(m.offtakesOf[o.p], j)
	}
	m.qualLag = make([]int, m.np*m.nc)
	for i := range m.qualLag {
		m.qualLag[i] = m.params.QualificationLagMonths
	}
	for _, q := range c.b.qualLags {
		where := fmt.Sprintf("qualification lag %s %s", q.buyer, q.product)
		b, ok1 := c.countryIdx(where, q.buyer)
		p, ok2 := c.productIdx(where, q.product)
		if q.months < 0 {
			c.errorf("%s: must be >= 0 months, got %d", where, q.months)
			continue
		}
		if ok1 && ok2 {
			m.qualLag[p*m.nc+b] = q.months
		}
	}
}

// responses compiles recycling, price floors, priorities and end items.
func (c *compiler) responses() {
	m := c.m
	for _, r := range c.b.recycling {
		where := fmt.Sprintf("recycling %s/%s %s", r.Country, r.Product, r.Window)
		ci, ok1 := c.countryIdx(where, r.Country)
		p, ok2 := c.productIdx(where, r.Product)
		ok3 := c.nonNegative(where+": t per month", r.TPerMonth)
		if r.RampMonths < 0 {
			c.errorf("%s: ramp months: must be >= 0", where)
			continue
		}
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		s := c.window(where, r.Window)
		series := c.series()
		for t := range series {
			if t <= s.to {
				series[t] = r.TPerMonth * ramp(t, s.from, r.RampMonths)
			}
		}
		m.recycling = append(m.recycling, recycleEntry{p: p, c: ci, series: series})
	}
	for _, f := range c.b.floors {
		where := fmt.Sprintf("price floor %s %s", f.Product, f.Window)
		p, ok1 := c.productIdx(where, f.Product)
		ok2 := c.check(where+": USD per kg", f.USDPerKg, f.USDPerKg > 0, "> 0")
		_, ok3 := c.countryIdx(where+": payer", f.Payer)
		fl := floor{p: p, price: f.USDPerKg, span: c.window(where, f.Window)}
		for _, name := range f.Producers {
			if ci, ok := c.countryIdx(where+": producer", name); ok {
				fl.producers = append(fl.producers, ci)
			}
		}
		if len(f.Producers) == 0 {
			c.errorf("%s: needs at least one producer", where)
		}
		if ok1 && ok2 && ok3 {
			m.floors = append(m.floors, fl)
		}
	}
	for _, pr := range c.b.priorities {
		where := fmt.Sprintf("priority %s/%s %s", pr.Importer, pr.Sector, pr.Window)
		ci, ok1 := c.countryIdx(where, pr.Importer)
		s, ok2 := c.sectorIdx(where, pr.Sector)
		if ok1 && ok2 {
			m.priorities = append(m.priorities, priority{c: ci, s: s, span: c.window(where, pr.Window)})
		}
	}
	ids := map[string]bool{}
	for _, e := range c.b.endItems {
		where := fmt.Sprintf("end item %q", e.ID)
		if e.ID == "" || ids[e.ID] {
			c.errorf("%s: id empty or declared twice", where)
		}
		ids[e.ID] = true
		p, ok := c.productIdx(where, e.Product)
		okKg := c.check(where+": kg per unit low", e.KgLow, e.KgLow > 0, "> 0")
		okKg = c.check(where+": kg per unit high", e.KgHigh, e.KgHigh >= e.KgLow, ">= kg per unit low") && okKg
		if ok && okKg {
			m.endItems = append(m.endItems, e)
			m.endItemProduct = append(m.endItemProduct, p)
		}
	}
}
