package compile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
)

// checkImporter refuses an importer the data cannot simulate: one with no final demand in
// the simulation tables (its demand is inside ROW, so a run would report it never short
// and independent whatever happens), and a member state of the EU27, whose demand the
// data gives only for the group (a run would silently report the whole EU27). orig is the
// importer as the scenario wrote it, before EU members become the EU node.
func (c *compiler) checkImporter(orig string) {
	if orig == "" {
		return
	}
	where := c.where(c.sc.ImporterOrigin)
	if orig != "EU27" && c.node(orig) == EURegion {
		c.err("%s: importer: %s is a member of the EU27, whose final demand the data gives only for the group as a whole: write importer: EU27 (the run reports it as %s)",
			where, orig, EURegion)
		return
	}
	imp := c.sc.Importer
	var regions []string
	for _, d := range c.demands {
		if d.Region == imp && d.TPerMonth > 0 {
			return
		}
		r := d.Region
		if r == EURegion {
			r = "EU27"
		}
		if r != "ROW" && !slices.Contains(regions, r) {
			regions = append(regions, r)
		}
	}
	slices.Sort(regions)
	c.err("%s: importer: %s has no final demand in the simulation data, which gives it for %s only (every other country's demand is inside ROW), so a run would report %s never short and independent of any rival whatever happens; `critmin risk --importer %s` reads its trade data instead",
		where, orig, strings.Join(regions, ", "), orig, orig)
}

// endItems declares the end items whose sector of the importer demands their product in
// the data: a programme the importer's data gives no demand for (the US defense
// programmes for Japan, whose defense demand the data does not give) would read as never
// delayed, where it is not assessed at all.
func (c *compiler) endItems() {
	for _, e := range c.base.endItems {
		sector := e.SectorOrDefense()
		if slices.ContainsFunc(c.demands, func(d sim.Demand) bool {
			return d.Region == c.sc.Importer && d.Sector == sector && d.Product == e.Product && d.TPerMonth > 0
		}) {
			c.b.AddEndItem(e)
		}
	}
}

// checkRival refuses a rival with no production in the simulation data and none the
// scenario adds: every run would read "independent of it" from the first month, whatever
// it did (a trial wrote rival: NZL and got "JPN becomes independent of NZL in 2025-01").
func (c *compiler) checkRival() {
	r := c.sc.Rival
	if r == "" || c.base.procCountry[r] || slices.ContainsFunc(c.sc.Projects, func(p scenario.Project) bool { return p.Country == r }) {
		return
	}
	where := c.where(c.sc.RivalOrigin)
	c.err("%s: rival: %s produces nothing in the simulation data%s, so every run would read independent of it from the start; name a producing country (`critmin world show COMMODITY` lists producers)",
		where, r, c.unlisted(r, "produces"))
}

// checkExporters refuses a control whose exporter makes none of its products in the
// simulation data and gets none from a project of the scenario: it would act on 0 t and
// change nothing, silently (a Russian ban on refined germanium, which the data gives
// Russia none of).
func (c *compiler) checkExporters() {
	for _, x := range c.sc.Controls {
		makes := false
		for _, p := range c.productIDs(x.Products) {
			// Any output counts: China's separation makes Dy and Tb oxide as co-products.
			if slices.ContainsFunc(c.base.baseline, func(pr sim.Process) bool {
				return pr.Country == x.Exporter && pr.CapacityTPerMonth > 0 && slices.ContainsFunc(pr.Outputs, func(f sim.Flow) bool { return f.Product == p })
			}) {
				makes = true
			}
			if slices.ContainsFunc(c.sc.Projects, func(pj scenario.Project) bool { return pj.Country == x.Exporter && pj.Product == p }) {
				makes = true
			}
		}
		if !makes {
			at := fieldAt(x.ExporterOrigin, x.Origin)
			c.err("%s: controls[%s].exporter: %s makes none of %s in the simulation data%s, and no project of the scenario adds it: the control would act on nothing",
				place(at), x.ID, x.Exporter, strings.Join(x.Products, ", "), c.unlisted(x.Exporter, "produces"))
		}
	}
}

// checkSellers refuses an offtake whose seller makes none of its product in the
// simulation data and gets none from a project or recycling of the scenario: it would
// ship 0 t and change nothing, silently (gallium from Kazakhstan, whose idle refinery the
// data counts in ROW without output). A seller that makes some but uses it all itself
// (Japan's 3 t/yr of gallium, in a trial) is left to the run, whose verdict says how much
// the offtake shipped.
func (c *compiler) checkSellers() {
	for i, o := range c.sc.Offtakes {
		if c.makes(o.Seller, o.Product) {
			continue
		}
		var makers []string
		for _, pr := range c.base.baseline {
			if pr.CapacityTPerMonth > 0 && slices.ContainsFunc(pr.Outputs, func(f sim.Flow) bool { return f.Product == o.Product }) {
				makers = append(makers, pr.Country)
			}
		}
		slices.Sort(makers)
		makers = slices.Compact(makers)
		at := fieldAt(o.SellerOrigin, o.Origin)
		c.err("%s: offtakes[%d].seller: %s makes no %s in the simulation data%s, and no project or recycling of the scenario adds it: the offtake would ship nothing; the data's producers of it are %s",
			place(at), i, o.Seller, o.Product, c.unlisted(o.Seller, "produces"), strings.Join(makers, ", "))
	}
}

// makes reports whether a country has supply of a product of its own in the run: a
// baseline process with capacity that outputs it (a co-product counts), or a project or
// recycling of the scenario.
func (c *compiler) makes(country, product string) bool {
	return slices.ContainsFunc(c.base.baseline, func(pr sim.Process) bool {
		return pr.Country == country && pr.CapacityTPerMonth > 0 && slices.ContainsFunc(pr.Outputs, func(f sim.Flow) bool { return f.Product == product })
	}) || slices.ContainsFunc(c.sc.Projects, func(pj scenario.Project) bool { return pj.Country == country && pj.Product == product }) ||
		slices.ContainsFunc(c.sc.Recycling, func(r scenario.Recycling) bool { return r.Country == country && r.Product == product })
}

// where is the position of a key the scenario wrote (o), else its file, else "scenario":
// an inherited key has no line of its own.
func (c *compiler) where(o scenario.Origin) string {
	switch {
	case o.Line > 0:
		return place(o)
	case c.sc.Origin.File != "":
		return c.sc.Origin.File
	}
	return "scenario"
}

// checkUsers refuses a stockpile whose holder, and an offtake whose buyer, has no use for
// its product in the run: no final demand of it and no process that takes it as an input,
// in the data or added by a project of the scenario. Such a stockpile is never drawn and
// such an offtake ships nothing, silently (a trial: a Japanese Dy and Tb metal stockpile,
// and Japanese offtakes of Dy oxide and concentrate, with no Japanese plant that uses them,
// left every result unchanged and read as "stockpile exhausted: never" and "the buyer
// needed less"). The error names what the holder or buyer does use.
func (c *compiler) checkUsers() {
	for i, s := range c.sc.Stockpiles {
		if c.uses(s.Holder, s.Product) {
			continue
		}
		at := fieldAt(s.HolderOrigin, s.Origin)
		c.err("%s: stockpiles[%d].holder: %s: the stockpile would never be drawn; %s",
			place(at), i, c.noUse(s.Holder, s.Product), c.usesWhat(s.Holder))
	}
	for i, o := range c.sc.Offtakes {
		if c.uses(o.Buyer, o.Product) {
			continue
		}
		at := fieldAt(o.BuyerOrigin, o.Origin)
		c.err("%s: offtakes[%d].buyer: %s: the offtake would ship nothing; %s",
			place(at), i, c.noUse(o.Buyer, o.Product), c.usesWhat(o.Buyer))
	}
}

func (c *compiler) noUse(country, product string) string {
	return fmt.Sprintf("%s has no final demand of %s and no process that uses it in the simulation data%s, and no project of the scenario builds one",
		country, product, c.unlisted(country, "has its demand and plants"))
}

// unlisted is the note an error adds after "in the simulation data" when country is not
// one of the data's nodes (it has neither demand nor a process there): such a country's
// figures sit inside ROW, e.g. " (a country the data does not list produces inside ROW)".
// A listed country gets none: the note would suggest it is missing (a trial read it
// beside Australia and France).
func (c *compiler) unlisted(country, what string) string {
	if _, listed := slices.BinarySearch(c.base.countries, country); listed {
		return ""
	}
	return " (a country the data does not list " + what + " inside ROW)"
}

// usesWhat says what a country does use in the run, for an error.
func (c *compiler) usesWhat(country string) string {
	used := c.usedBy(country)
	if len(used) == 0 {
		return country + " uses none of the simulation's products"
	}
	return country + " uses " + strings.Join(used, ", ")
}

// uses reports whether a country has a use for a product in the run: final demand of it,
// or a process of its own (baseline with capacity, or one a project of the scenario
// builds) that takes it as an input.
func (c *compiler) uses(country, product string) bool {
	if _, known := c.ds.SimProduct(product); !known {
		return true // refused elsewhere as an unknown product
	}
	return slices.Contains(c.usedBy(country), product)
}

// usedBy returns, sorted, the products a country demands or feeds into its processes.
func (c *compiler) usedBy(country string) []string {
	var used []string
	for _, d := range c.demands {
		if d.Region == country && d.TPerMonth > 0 {
			used = append(used, d.Product)
		}
	}
	inputs := func(pr sim.Process) {
		for _, f := range pr.Inputs {
			used = append(used, f.Product)
		}
	}
	for _, pr := range c.base.baseline {
		if pr.Country == country && (pr.CapacityTPerMonth > 0 || len(pr.CapacityByMonth) > 0) {
			inputs(pr)
		}
	}
	for _, pj := range c.sc.Projects {
		if pj.Country != country {
			continue
		}
		// A plant for a co-product (a dedicated heavy-oxide circuit) takes its feed from
		// outside the model: it uses no product.
		if proc, ok := c.projectProcess(pj.Product, country); ok {
			inputs(c.base.idleProcess(c.ds, proc, country))
		}
	}
	slices.Sort(used)
	return slices.Compact(used)
}
