package compile

import (
	"cmp"
	"math"
	"slices"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
	"github.com/critmin/critmin/internal/world"
)

// stocks declares the initial commercial stocks of users (months of cover of their
// baseline need, the most specific row of sim_stocks.csv or a scenario inventory winning)
// and the scenario's strategic stockpiles.
//
// A stock's initial rival content is the rival's share of world supply of the product,
// compounded through the chain under proportional mixing (as the chained-exposure lens
// computes it); a stock held in the rival is all rival content.
func (c *compiler) stocks() {
	need := c.baselineNeed()
	rival := c.worldRivalContent()
	for _, key := range sortedKeys(need) {
		country, product := key[0], key[1]
		months, ok := c.monthsOfCover(country, product)
		t := months * need[key]
		if t <= 0 {
			if ok {
				// A rule of 0 months (or a need of 0) is an empty stock with a target of
				// 0; left undeclared, the engine would fill the stock to its default
				// target (inventory_target_months) instead.
				c.b.SetUserCover(country, product, 0)
			}
			continue
		}
		share := rival[product]
		if country == c.sc.Rival {
			share = 1
		}
		c.b.AddUserStock(sim.Stock{Country: country, Product: product, T: t, RivalShare: share})
	}
	for _, s := range c.sc.Stockpiles {
		// The initial holding's origin is not declared: like a user's stock it carries the
		// rival's share of world supply (1 when the rival holds it), so that a stockpile
		// of Chinese-made material is not counted as rival-free when it is released.
		share := rival[s.Product]
		if s.Holder == c.sc.Rival {
			share = 1
		}
		sp := sim.Stockpile{Holder: s.Holder, Product: s.Product, InitialT: s.InitialT.Point(), InitialRivalShare: share}
		if s.Release != nil {
			sp.Release = sim.Release{ShortfallTrigger: s.Release.ShortfallTrigger.Point(), MaxTPerMonth: s.Release.MaxTPerMonth.Point(), Sectors: s.Release.Sectors}
		}
		for _, p := range s.Purchases {
			pu := sim.Purchase{Window: window(p.Window), TPerMonth: p.TPerMonth.Point()}
			if p.MaxUSDPerKg != nil {
				pu.MaxUSDPerKg = p.MaxUSDPerKg.Point()
			}
			sp.Purchases = append(sp.Purchases, pu)
		}
		c.b.AddStockpile(sp)
	}
}

// baselineNeed is each (country, product)'s monthly need at baseline: final demand plus
// the inputs its processes consume at their 2024 production.
func (c *compiler) baselineNeed() map[[2]string]float64 {
	need := map[[2]string]float64{}
	for _, d := range c.demands {
		need[[2]string{d.Region, d.Product}] += d.TPerMonth
	}
	for _, p := range c.procs {
		for _, r := range c.recipe0(p.Process, p.Country) {
			if r.Direction == world.In {
				need[[2]string{p.Country, r.Product}] += p.ProductionTPerYear / 12 * r.TPerTMain
			}
		}
	}
	return need
}

// monthsOfCover picks the stock rule for a country and product: a scenario inventory
// first (the last matching entry, so a file wins over the one it extends), then
// sim_stocks.csv from the most specific row (country and product, country, product,
// default); ok is false when nothing applies.
func (c *compiler) monthsOfCover(country, product string) (months float64, ok bool) {
	for i := len(c.sc.Inventories) - 1; i >= 0; i-- {
		inv := c.sc.Inventories[i]
		if (inv.Country == scenario.All || containsRegion(c.expand([]string{inv.Country}, nil), country)) &&
			containsRegion(c.productIDs(inv.Products), product) {
			return inv.MonthsOfCover.Point(), true
		}
	}
	best, rank := 0.0, -1
	for _, s := range c.stockRows {
		if s.Kind != "commercial" || math.IsNaN(s.MonthsOfCover) {
			continue
		}
		r := 0
		switch {
		case c.node(s.Region) == country:
			r += 2
		case s.Region != world.AllKey:
			continue
		}
		switch {
		case s.Product == product:
			r++
		case s.Product != world.AllKey:
			continue
		}
		if r > rank {
			best, rank = s.MonthsOfCover, r
		}
	}
	return best, rank >= 0
}

func containsRegion(list []string, s string) bool { return slices.Contains(list, s) }

// worldRivalContent is, per product, the share of world output that passed through the
// rival at any stage, at the 2024 baseline.
func (c *compiler) worldRivalContent() map[string]float64 {
	type outRow struct {
		country string
		t       float64
		inputs  []world.SimRecipe
	}
	outs := map[string][]outRow{}
	for _, p := range c.procs {
		recipe := c.recipe0(p.Process, p.Country)
		var ins []world.SimRecipe
		for _, r := range recipe {
			if r.Direction == world.In {
				ins = append(ins, r)
			}
		}
		for _, r := range recipe {
			if r.Direction == world.Out {
				outs[r.Product] = append(outs[r.Product], outRow{p.Country, p.ProductionTPerYear * r.TPerTMain, ins})
			}
		}
	}
	f := map[string]float64{}
	// The chain is a few stages deep; iterating to a fixed point avoids ordering products.
	for range 16 {
		for product, rows := range outs {
			total, rival := 0.0, 0.0
			for _, o := range rows {
				share := 0.0
				if o.country == c.sc.Rival {
					share = 1
				} else if len(o.inputs) > 0 {
					in := 0.0
					for _, r := range o.inputs {
						in += r.TPerTMain
						share += r.TPerTMain * f[r.Product]
					}
					share /= in
				}
				total += o.t
				rival += o.t * share
			}
			if total > 0 {
				f[product] = rival / total
			}
		}
	}
	return f
}

func sortedKeys(m map[[2]string]float64) [][2]string {
	out := make([][2]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	return out
}
