package compile

import (
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
	need, has := c.baselineNeed()
	rival := c.base.worldRivalContent(c.sc.Rival)
	rules := c.coverRules()
	products := c.base.needProducts
	// Keys in order of country, then product, both sorted.
	for i, country := range c.countries {
		for j, product := range products {
			k := i*len(products) + j
			if !has[k] {
				continue
			}
			rule, ok := c.coverRule(rules, country, product)
			t := rule.months * need[k]
			if t <= 0 {
				if ok {
					// A rule of 0 months (or a need of 0) is an empty stock with a target of
					// 0; left undeclared, the engine would fill the stock to its default
					// target (inventory_target_months) instead.
					c.b.SetUserCover(country, product, 0)
				}
				continue
			}
			share := c.rivalShare(rival, product)
			if country == c.sc.Rival {
				share = 1
			}
			c.b.AddUserStock(sim.Stock{Country: country, Product: product, T: t, RivalShare: share})
		}
	}
	for _, s := range c.sc.Stockpiles {
		// The initial holding's origin is not declared: like a user's stock it carries the
		// rival's share of world supply (1 when the rival holds it), so that a stockpile
		// of Chinese-made material is not counted as rival-free when it is released.
		share := c.rivalShare(rival, s.Product)
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

// rivalShare is the rival content of a product in the world rival content table of
// base.worldRivalContent (0 for a product the data does not know).
func (c *compiler) rivalShare(content []float64, product string) float64 {
	if i, ok := c.base.productIndex[product]; ok {
		return content[i]
	}
	return 0
}

// baselineNeed is each (country, product)'s monthly need at baseline: final demand plus
// the inputs its processes consume at their 2024 production. It is indexed
// [country*len(needProducts) + product] over the sorted model countries and
// base.needProducts; has marks the pairs that some demand or process names (even at 0).
func (c *compiler) baselineNeed() (need []float64, has []bool) {
	products := c.base.needProducts
	need = make([]float64, len(c.countries)*len(products))
	has = make([]bool, len(need))
	at := func(country, product string) int {
		i, _ := slices.BinarySearch(c.countries, country)
		k := i*len(products) + c.base.needIndex[product]
		has[k] = true
		return k
	}
	for _, d := range c.demands {
		need[at(d.Region, d.Product)] += d.TPerMonth
	}
	for _, x := range c.base.inputNeeds {
		need[at(x.country, x.product)] += x.t
	}
	return need, has
}

// A coverRule is a scenario inventory resolved to model countries and products.
type coverRule struct {
	all       bool // every country
	countries []string
	products  []string
	months    float64
}

// coverRules resolves the scenario's inventories, in order.
func (c *compiler) coverRules() []coverRule {
	out := make([]coverRule, len(c.sc.Inventories))
	for i, inv := range c.sc.Inventories {
		out[i] = coverRule{all: inv.Country == scenario.All, products: c.productIDs(inv.Products), months: inv.MonthsOfCover.Point()}
		if !out[i].all {
			out[i].countries = c.expand([]string{inv.Country}, nil)
		}
	}
	return out
}

// A stockRule is the rule that sets a country's users' starting stock of a product:
// months of cover of their baseline need, from a scenario inventory (inventory >= 0,
// its index in the scenario's inventories) or from a row of sim_stocks.csv (row, when
// inventory < 0).
type stockRule struct {
	months    float64
	inventory int
	row       world.SimStock
}

// coverRule picks the stock rule for a country and product: a scenario inventory
// first (the last matching entry, so a file wins over the one it extends), then
// sim_stocks.csv from the most specific row (country and product, country, product,
// default); ok is false when nothing applies.
func (c *compiler) coverRule(rules []coverRule, country, product string) (rule stockRule, ok bool) {
	for i := len(rules) - 1; i >= 0; i-- {
		r := rules[i]
		if (r.all || slices.Contains(r.countries, country)) && slices.Contains(r.products, product) {
			return stockRule{months: r.months, inventory: i}, true
		}
	}
	best, rank := stockRule{inventory: -1}, -1
	for _, s := range c.base.coverRows { // commercial rows in months of cover, regions as nodes
		r := 0
		switch {
		case s.Region == country:
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
			best, rank = stockRule{months: s.MonthsOfCover, inventory: -1, row: s}, r
		}
	}
	return best, rank >= 0
}
