package sim

import (
	"fmt"
	"slices"
)

// weights normalises the declared sourcing weights per (product, buyer), or derives them
// from the exporters' first-month production at capacity x utilisation; with home
// priority a buyer's weight on itself is dropped. These are the month-0 weights: default
// rows then follow capacity (Engine.capacityWeights).
func (c *compiler) weights() {
	m := c.m
	nc := m.nc
	m.weights = zeroed(c.spare.weights, m.np*nc*nc)
	explicit := zeroedIn(&c.scr.explicit, m.np*nc)
	c.explicit = explicit
	for _, w := range c.b.weights {
		where := siteOf(func() string { return fmt.Sprintf("sourcing weight %s %s<-%s", w.product, w.buyer, w.exporter) })
		p, ok1 := c.productIdx(where, w.product)
		b, ok2 := c.countryIdx(where.at("buyer"), w.buyer)
		e, ok3 := c.countryIdx(where.at("exporter"), w.exporter)
		ok4 := c.nonNegative(where, w.w)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		m.weights[m.link(p, b, e)] += w.w
		explicit[p*nc+b] = true
	}
	prod0 := zeroedIn(&c.scr.prod0, m.np*nc)
	for _, pr := range m.procs {
		for _, f := range pr.out {
			prod0[f.p*nc+pr.country] += pr.capacity[0] * pr.util * f.coef
		}
	}
	home := m.params.HomePriority
	// A default row copies its product's first-month production, so only the exporters
	// producing it then can have a non-zero weight; skipping the zeros changes neither the
	// sum nor any weight (the table starts at zero).
	producers := slices.Grow(c.scr.producers[:0], nc)
	c.scr.producers = producers
	for p := range m.np {
		prod := prod0[p*nc : p*nc+nc]
		producers = producers[:0]
		for x, v := range prod {
			if v != 0 {
				producers = append(producers, x)
			}
		}
		for b := range nc {
			row := m.weights[m.link(p, b, 0) : m.link(p, b, 0)+nc]
			if explicit[p*nc+b] {
				normalise(row, b, home)
				continue
			}
			sum := 0.0
			for _, x := range producers {
				if !home || x != b {
					sum += prod[x]
				}
			}
			if sum > 0 {
				for _, x := range producers {
					if !home || x != b {
						row[x] = prod[x] / sum
					}
				}
			}
		}
	}
}

// normalise scales a declared row of sourcing weights of buyer b to sum to one (all zero
// when it sums to zero), first dropping the buyer's weight on itself under home priority.
func normalise(row []float64, b int, home bool) {
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

func (c *compiler) controls() {
	m := c.m
	months := m.header.Months
	ids := cleared(&c.scr.ids, len(c.b.controls))
	m.ringOf = ringTable(c.spare.ringOf, m.np*m.nc*m.nc)
	m.controls = grown(c.spare.controls, len(c.b.controls))
	dests := c.spare.dests
	active := make([]bool, len(c.b.controls)*months) // the controls' active months
	for _, ct := range c.b.controls {
		where := siteOf(func() string { return fmt.Sprintf("control %q", ct.ID) })
		if ct.ID == "" || ids[ct.ID] {
			c.errorf("%s: id empty or declared twice", where.String())
		}
		ids[ct.ID] = true
		p, ok1 := c.productIdx(where, ct.Product)
		e, ok2 := c.countryIdx(where.at("exporter"), ct.Exporter)
		if !ok1 || !ok2 {
			continue
		}
		k := control{id: ct.ID, p: p, exporter: e, kind: ct.Kind, active: active[:months:months]}
		active = active[months:]
		if len(dests) > 0 { // storage of a control of the reused model
			k.dests, dests = dests[0][:0], dests[1:]
		}
		if ct.Destinations == nil {
			k.dests = slices.Grow(k.dests, m.nc-1)
			for b := range m.nc {
				if b != e {
					k.dests = append(k.dests, b)
				}
			}
		}
		k.dests = slices.Grow(k.dests, len(ct.Destinations))
		for _, d := range ct.Destinations {
			b, ok := c.countryIdx(where.at("destination"), d)
			if !ok || slices.Contains(k.dests, b) {
				continue
			}
			if b == e {
				c.errorf("%s: destination %s is the exporter", where.String(), d)
				continue
			}
			k.dests = append(k.dests, b)
		}
		if len(k.dests) == 0 {
			k.dests = nil // as a build without storage to reuse leaves it
		}
		if len(ct.Windows) == 0 {
			c.errorf("%s: needs at least one window", where.String())
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
			c.nonNegative(where.at("quota t per month"), ct.QuotaTPerMonth)
			c.nonNegative(where.at("quota t per year"), ct.QuotaTPerYear)
			k.quota = ct.QuotaTPerMonth
			if ct.QuotaTPerYear > 0 {
				if ct.QuotaTPerMonth > 0 {
					c.errorf("%s: quota: set per month or per year, not both", where.String())
				}
				k.quota, k.perYear = ct.QuotaTPerYear, true
			}
		case Licensing:
			c.licensing(where, ct.Licensing, &k)
		default:
			c.errorf("%s: kind: must be ban, quota or licensing, got %d", where.String(), int(ct.Kind))
		}
		if ct.Extraterritorial {
			if e != m.rival {
				c.errorf("%s: extraterritorial: only the rival's controls may reach re-exports (rival content is tracked for %q)", where.String(), m.header.Rival)
			}
			c.share(where.at("extraterritorial min share"), ct.ExtraterritorialMinShare)
			k.extra, k.extraMin = true, ct.ExtraterritorialMinShare
		}
		k.group, k.groupName, k.rushFrom, k.rushTo = len(m.controls), ct.QuotaGroup, -1, -1
		if ct.Kind == Quota && ct.QuotaGroup != "" {
			for j := range m.controls {
				o := &m.controls[j]
				if o.kind == Quota && o.groupName == ct.QuotaGroup {
					if o.quota != k.quota || o.perYear != k.perYear {
						c.errorf("%s: quota group %q: every control of the group must declare the same quota", where.String(), ct.QuotaGroup)
					}
					k.group = o.group
					break
				}
			}
		}
		if ct.Announced != 0 {
			first := slices.Index(k.active, true)
			from := int(ct.Announced) - int(m.header.Start)
			switch {
			case first < 0:
			case from >= first:
				c.errorf("%s: announced %s: must be before the first month in force", where.String(), ct.Announced)
			default:
				k.rushFrom, k.rushTo = max(from, 0), first-1
			}
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

func (c *compiler) licensing(where site, l LicensingRule, k *control) {
	m := c.m
	c.share(where.at("licensing: approval"), l.Approval)
	if l.DelayMonths < 0 || l.ValidityMonths < 0 {
		c.errorf("%s: licensing: delay and validity months must be >= 0", where.String())
		return
	}
	k.delay, k.validity, k.milDenied = l.DelayMonths, l.ValidityMonths, l.MilitaryDenied
	if l.DelayShares != nil {
		sum := 0.0
		for _, f := range l.DelayShares {
			sum += f
			c.share(where.at("licensing: delay shares"), f)
		}
		if len(l.DelayShares) != l.DelayMonths+1 || sum < 1-1e-9 || sum > 1+1e-9 {
			c.errorf("%s: licensing: delay shares: want %d shares summing to 1, got %v", where.String(), l.DelayMonths+1, l.DelayShares)
		}
		k.delayShares = slices.Clone(l.DelayShares)
	}
	k.approval = c.series()
	for t := range k.approval {
		k.approval[t] = l.Approval
	}
	for i, ch := range l.ApprovalChanges {
		w := siteOf(func() string { return fmt.Sprintf("%s: licensing: approval changes[%d]", where.String(), i) })
		c.share(w, ch.Approval)
		if i > 0 && ch.From < l.ApprovalChanges[i-1].From {
			c.errorf("%s: not in month order", w.String())
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
		where := siteOf(func() string { return fmt.Sprintf("tariff %s<-%s %s %s", t.Importer, t.Exporter, t.Product, t.Window) })
		b, ok1 := c.countryIdx(where.at("importer"), t.Importer)
		e, ok2 := c.countryIdx(where.at("exporter"), t.Exporter)
		p, ok3 := c.productIdx(where, t.Product)
		ok4 := c.nonNegative(where.at("rate"), t.Rate)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		if b == e {
			c.errorf("%s: importer and exporter are the same", where.String())
			continue
		}
		m.tariffs = append(m.tariffs, tariff{p: p, b: b, e: e, rate: t.Rate, span: c.window(where, t.Window)})
	}
	for _, o := range c.b.offtakes {
		where := siteOf(func() string { return fmt.Sprintf("offtake %s<-%s %s %s", o.Buyer, o.Seller, o.Product, o.Window) })
		b, ok1 := c.countryIdx(where.at("buyer"), o.Buyer)
		e, ok2 := c.countryIdx(where.at("seller"), o.Seller)
		p, ok3 := c.productIdx(where, o.Product)
		ok4 := c.nonNegative(where.at("t per month"), o.TPerMonth)
		ok4 = c.nonNegative(where.at("premium"), o.PremiumUSDPerKg) && ok4
		if !ok1 || !ok2 || !ok3 || !ok4 {
			continue
		}
		if b == e {
			c.errorf("%s: buyer and seller are the same", where.String())
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
	m.offtakesOf = c.groups(m.np, len(m.offtakes), func(j int) int { return m.offtakes[j].p })
	m.qualLag = resized(c.spare.qualLag, m.np*m.nc)
	fill(m.qualLag, m.params.QualificationLagMonths)
	for _, q := range c.b.qualLags {
		where := siteOf(func() string { return fmt.Sprintf("qualification lag %s %s", q.buyer, q.product) })
		b, ok1 := c.countryIdx(where, q.buyer)
		p, ok2 := c.productIdx(where, q.product)
		if q.months < 0 {
			c.errorf("%s: must be >= 0 months, got %d", where.String(), q.months)
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
		where := siteOf(func() string { return fmt.Sprintf("recycling %s/%s %s", r.Country, r.Product, r.Window) })
		ci, ok1 := c.countryIdx(where, r.Country)
		p, ok2 := c.productIdx(where, r.Product)
		ok3 := c.nonNegative(where.at("t per month"), r.TPerMonth)
		if r.RampMonths < 0 {
			c.errorf("%s: ramp months: must be >= 0", where.String())
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
		where := siteOf(func() string { return fmt.Sprintf("price floor %s %s", f.Product, f.Window) })
		p, ok1 := c.productIdx(where, f.Product)
		ok2 := c.check(where.at("USD per kg"), f.USDPerKg, f.USDPerKg > 0, "> 0")
		_, ok3 := c.countryIdx(where.at("payer"), f.Payer)
		fl := floor{p: p, price: f.USDPerKg, span: c.window(where, f.Window)}
		for _, name := range f.Producers {
			if ci, ok := c.countryIdx(where.at("producer"), name); ok {
				fl.producers = append(fl.producers, ci)
			}
		}
		if len(f.Producers) == 0 {
			c.errorf("%s: needs at least one producer", where.String())
		}
		if ok1 && ok2 && ok3 {
			m.floors = append(m.floors, fl)
		}
	}
	for _, pr := range c.b.priorities {
		where := siteOf(func() string { return fmt.Sprintf("priority %s/%s %s", pr.Importer, pr.Sector, pr.Window) })
		ci, ok1 := c.countryIdx(where, pr.Importer)
		s, ok2 := c.sectorIdx(where, pr.Sector)
		if ok1 && ok2 {
			m.priorities = append(m.priorities, priority{c: ci, s: s, span: c.window(where, pr.Window)})
		}
	}
	ids := cleared(&c.scr.ids, 0)
	for _, e := range c.b.endItems {
		where := siteOf(func() string { return fmt.Sprintf("end item %q", e.ID) })
		if e.ID == "" || ids[e.ID] {
			c.errorf("%s: id empty or declared twice", where.String())
		}
		ids[e.ID] = true
		p, ok := c.productIdx(where, e.Product)
		okKg := c.check(where.at("kg per unit low"), e.KgLow, e.KgLow > 0, "> 0")
		okKg = c.check(where.at("kg per unit high"), e.KgHigh, e.KgHigh >= e.KgLow, ">= kg per unit low") && okKg
		okKg = c.check(where.at("units per year"), e.UnitsPerYear, e.UnitsPerYear >= 0, ">= 0") && okKg
		s, okS := m.defense, true
		if e.Sector != "" && e.Sector != DefenseSector {
			s, okS = c.sectorIdx(where, e.Sector)
		}
		if ok && okKg && okS {
			m.endItems = append(m.endItems, e)
			m.endItemProduct = append(m.endItemProduct, p)
			m.endItemSector = append(m.endItemSector, s)
		}
	}
}
