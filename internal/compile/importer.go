package compile

import (
	"slices"
	"strings"

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
	where := "scenario"
	switch o := c.sc.ImporterOrigin; {
	case o.Line > 0:
		where = place(o)
	case c.sc.Origin.File != "":
		where = c.sc.Origin.File
	}
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
