package compile

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/sim"
)

// events declares the scenario's dated events and responses.
func (c *compiler) events() {
	c.controls()
	sc := c.sc
	for _, t := range sc.Tariffs {
		// Importer and exporter may be groups or "all": one engine tariff per pair of
		// model countries, never on a country's trade with itself.
		for _, imp := range c.expand([]string{t.Importer}, nil) {
			for _, exp := range c.expand([]string{t.Exporter}, nil) {
				if imp == exp {
					continue
				}
				for _, p := range c.productIDs(t.Products) {
					c.b.AddTariff(sim.Tariff{Importer: imp, Exporter: exp, Product: p, Rate: t.RatePct.Point() / 100, Window: window(t.Window)})
				}
			}
		}
	}
	for i, o := range sc.Outages {
		at := fieldAt(o.ProductsOrigin, o.Origin)
		seen := map[string]bool{}
		for j, name := range o.Products {
			for _, p := range c.productIDs([]string{name}) {
				if seen[p] {
					continue
				}
				seen[p] = true
				proc, ok := c.outageProcess(p, o.Country)
				if !ok {
					c.err("%s: outages[%d].products[%d]: %s", place(at), i, j, c.makesNo(o.Country, p))
					continue
				}
				c.b.AddOutage(sim.Outage{Process: proc, Country: o.Country, Fraction: o.Fraction.Point(), Window: window(o.Window())})
			}
		}
	}
	for i, g := range sc.DemandGrowth {
		matched := c.matchingDemands(g.Importer, g.Sector, c.productIDs(g.Products))
		if len(matched) == 0 {
			c.err("%s: demand_growth[%d]: no final demand of %s in sector %s of %s in the data (a member of EU27 has its demand in the EU27 node)",
				place(g.Origin), i, strings.Join(g.Products, ", "), g.Sector, g.Importer)
		}
		for _, d := range matched {
			c.b.AddDemandGrowth(sim.DemandGrowth{Region: d.Region, Product: d.Product, Sector: d.Sector, RatePerYear: g.PctPerYear.Point() / 100, Window: window(g.Window)})
		}
	}
	for i, s := range sc.Substitution {
		matched := c.matchingDemands(s.Importer, s.Sector, c.productIDs([]string{s.Product}))
		if len(matched) == 0 {
			c.err("%s: substitution[%d]: no final demand of %s in sector %s of %s in the data (a member of EU27 has its demand in the EU27 node)",
				place(s.Origin), i, s.Product, s.Sector, s.Importer)
		}
		for _, d := range matched {
			c.b.AddSubstitution(sim.Substitution{Region: d.Region, Product: d.Product, Sector: d.Sector,
				Reduction: s.ReductionPct.Point() / 100, RampMonths: roundMonths(s.RampMonths), Window: window(s.Window)})
		}
	}
	for _, p := range sc.Projects {
		c.project(p)
	}
	for _, o := range sc.Offtakes {
		c.b.AddOfftake(sim.Offtake{Buyer: o.Buyer, Seller: o.Seller, Product: o.Product, TPerMonth: o.TPerYear.Point() / 12, Window: window(o.Window)})
	}
	for _, r := range sc.Recycling {
		c.b.AddRecycling(sim.Recycling{Country: r.Country, Product: r.Product, TPerMonth: r.TPerYear.Point() / 12, RampMonths: roundMonths(r.RampMonths), Window: window(r.Window)})
	}
	for _, f := range sc.PriceFloors {
		c.b.AddPriceFloor(sim.PriceFloor{Product: f.Product, Producers: c.expand(f.Producers, nil), USDPerKg: f.USDPerKg.Point(), Payer: f.Payer, Window: window(f.Window)})
	}
	for _, p := range sc.Priority {
		// The format names one importing country per priority rule.
		c.b.AddPriority(sim.Priority{Importer: p.Importer, Sector: p.Sector, Window: window(p.Window)})
	}
}

func roundMonths(p scenario.Param) int { return int(math.Round(p.Point())) }

// outageProcess names the process whose capacity an outage of product in country cuts:
// the one the country runs, or the one a project of the scenario builds there. ok is
// false when the country makes the product in neither (makesNo says why).
func (c *compiler) outageProcess(product, country string) (string, bool) {
	projected := slices.ContainsFunc(c.sc.Projects, func(x scenario.Project) bool { return x.Country == country && x.Product == product })
	if proc, ok := c.base.ownProcessOf[[2]string{product, country}]; ok && c.hasProc(proc, country) {
		return proc, true
	}
	if !projected {
		return "", false
	}
	if proc, ok := c.projectProcess(product, country); ok {
		return proc, true
	}
	// A project of a product no process makes as its main product builds a dedicated
	// plant (project, dedicatedProcess), declared after the outages.
	return dedicated(product).ID, true
}

// makesNo says why country has no capacity of product for an outage to cut, naming the
// countries and processes that do make it: a co-product (China's ionic-clay separation
// makes Dy oxide) cannot lose capacity alone, since an outage cuts a process, which
// outages name by its main product.
func (c *compiler) makesNo(country, product string) string {
	var makers []string
	own := ""
	for _, pr := range c.base.baseline {
		if pr.CapacityTPerMonth <= 0 || !slices.ContainsFunc(pr.Outputs, func(f sim.Flow) bool { return f.Product == product }) {
			continue
		}
		main := pr.Outputs[0].Product
		if main == product {
			makers = append(makers, pr.Country+" ("+pr.ID+")")
			continue
		}
		makers = append(makers, fmt.Sprintf("%s (a co-product of %s, whose main product is %s)", pr.Country, pr.ID, main))
		if pr.Country == country {
			own = fmt.Sprintf("a co-product of %s, whose main product is %s", pr.ID, main)
		}
	}
	slices.Sort(makers)
	makers = slices.Compact(makers)
	if own != "" {
		return fmt.Sprintf("%s makes %s only as %s: an outage cuts a process and names it by its main product, so name that product instead",
			country, product, own)
	}
	s := fmt.Sprintf("%s makes no %s in the simulation data%s, and no project of the scenario adds it", country, product, c.unlisted(country, "produces"))
	var made []string
	for _, pr := range c.base.baseline {
		if pr.Country == country && pr.CapacityTPerMonth > 0 {
			made = append(made, pr.Outputs[0].Product)
		}
	}
	if len(made) > 0 {
		slices.Sort(made)
		s += fmt.Sprintf(" (it makes %s)", strings.Join(slices.Compact(made), ", "))
	}
	if len(makers) == 0 {
		return s + "; no country of the data makes it"
	}
	return s + "; the data's producers of it are " + strings.Join(makers, ", ")
}

// projectProcess names the process that makes product as its main product in country:
// the one the country runs, else the process with a default recipe, which a project
// builds with that recipe. ok is false when neither exists (a co-product, or a process
// whose recipe is one country's own, such as ion-adsorption clay separation in China):
// a project then builds a dedicated plant.
func (c *compiler) projectProcess(product, country string) (proc string, ok bool) {
	if proc, ok = c.base.ownProcessOf[[2]string{product, country}]; ok {
		return proc, true
	}
	proc, ok = c.base.processOf[product]
	return proc, ok
}

// dedicatedProcess returns the process a project builds for a product that the data makes
// only as a co-product (heavy rare-earth oxides come out of joint separation). The v1
// chain does not model such a plant's own feed (heavy concentrate from an upstream
// circuit), so its feed enters from outside the model: one tonne of external input per
// tonne of product. docs/model.md lists this simplification.
func (c *compiler) dedicatedProcess(product, country string) string {
	p, ok := c.base.dedicated[product]
	if !ok {
		p = dedicated(product)
	}
	if !c.hasProc(p.ID, country) {
		c.declared[[2]string{p.ID, country}] = true
		p.Country = country
		c.b.AddProcess(p)
	}
	return p.ID
}

// dedicated returns the dedicated process of a product (dedicatedProcess), without its
// country.
func dedicated(product string) sim.Process {
	return sim.Process{ID: strings.ReplaceAll(product, "/", "_") + "_dedicated", Utilisation: 1,
		Outputs: []sim.Flow{{Product: product, TPerUnit: 1}}, ExternalInputT: 1}
}

// fieldAt is the position of a field the file wrote (field), else of its element: an
// error points at the key that is wrong where the decoder recorded it.
func fieldAt(field, element scenario.Origin) scenario.Origin {
	if field.Line > 0 {
		return field
	}
	return element
}

func place(o scenario.Origin) string {
	if o.File == "" {
		return "scenario"
	}
	return fmt.Sprintf("%s:%d:%d", o.File, o.Line, o.Column)
}

// controls declares each export control for each product it names, with its suspensions
// cut out of its window.
func (c *compiler) controls() {
	for _, x := range c.sc.Controls {
		windows := subtract(x.Window, c.suspensionsOf(x.ID))
		if len(windows) == 0 {
			continue
		}
		var dest []string
		if !(len(x.Destinations) == 1 && x.Destinations[0] == scenario.All && len(x.Except) == 0) {
			for _, d := range c.expand(x.Destinations, x.Except) {
				if d != x.Exporter {
					dest = append(dest, d)
				}
			}
			if len(dest) == 0 {
				continue
			}
			if !slices.ContainsFunc(dest, c.trades) {
				c.err("%s: controls[%s]: %s: no demand or production in the model; a country the data does not list trades inside ROW",
					place(x.Origin), x.ID, strings.Join(dest, ", "))
				continue
			}
		}
		products := c.productIDs(x.Products)
		for _, p := range products {
			ctl := sim.Control{ID: x.ID + "@" + p, Product: p, Exporter: x.Exporter, Destinations: dest, Windows: windows}
			if x.Announced != nil {
				ctl.Announced = month(*x.Announced)
			}
			switch x.Kind {
			case scenario.Ban:
				ctl.Kind = sim.Ban
			case scenario.Quota:
				ctl.Kind = sim.Quota
				if x.QuotaTPerYear != nil {
					ctl.QuotaTPerYear = x.QuotaTPerYear.Point()
				} else {
					ctl.QuotaTPerMonth = x.QuotaTPerMonth.Point()
				}
				if len(products) > 1 {
					// One quota for the control's products together (sim.Control.QuotaGroup).
					ctl.QuotaGroup = x.ID
				}
			case scenario.Licensing:
				ctl.Kind = sim.Licensing
				ctl.Licensing = c.licensing(*x.Licensing)
			}
			if x.ExtraterritorialMinContentPct != nil {
				ctl.Extraterritorial = true
				ctl.ExtraterritorialMinShare = x.ExtraterritorialMinContentPct.Point() / 100
			}
			c.b.AddControl(ctl)
		}
	}
}

func (c *compiler) licensing(l scenario.LicensingRule) sim.LicensingRule {
	r := sim.LicensingRule{Approval: l.Approval.Point(), MilitaryDenied: l.MilitaryDenied}
	r.DelayMonths, r.DelayShares = decisionMonths(l.ProcessingWorkingDays.Point(), c.workingDaysPerMonth())
	// Absent, a licence covers shipment in its due month only: what the exporter cannot
	// ship then lapses and the buyer re-sources it (docs/model.md, Export controls).
	r.ValidityMonths = 1
	if l.ValidityMonths != nil {
		r.ValidityMonths = max(1, roundMonths(*l.ValidityMonths))
	}
	for _, ch := range l.ApprovalChanges {
		r.ApprovalChanges = append(r.ApprovalChanges, sim.ApprovalChange{From: month(ch.From), Approval: ch.Approval.Point()})
	}
	return r
}

func (c *compiler) suspensionsOf(id string) []scenario.Window {
	var out []scenario.Window
	for _, s := range c.sc.Suspensions {
		if s.Control == id {
			out = append(out, s.Window)
		}
	}
	return out
}

// subtract removes the suspension windows from a control window; what is left may be
// several windows (a snap-back after a suspension is the second).
func subtract(w scenario.Window, cuts []scenario.Window) []sim.Window {
	const open = scenario.Month(1 << 30)
	type span struct{ a, b scenario.Month }
	end := func(w scenario.Window) scenario.Month {
		if w.End == nil {
			return open
		}
		return *w.End
	}
	spans := []span{{w.Start, end(w)}}
	for _, cut := range cuts {
		var next []span
		for _, s := range spans {
			ca, cb := cut.Start, end(cut)
			if cb < s.a || ca > s.b {
				next = append(next, s)
				continue
			}
			if ca > s.a {
				next = append(next, span{s.a, ca - 1})
			}
			if cb < s.b {
				next = append(next, span{cb + 1, s.b})
			}
		}
		spans = next
	}
	out := make([]sim.Window, 0, len(spans))
	for _, s := range spans {
		sw := sim.Window{Start: month(s.a)}
		if s.b != open {
			sw.End = month(s.b)
		}
		out = append(out, sw)
	}
	return out
}

// project dates a capacity project: operation starts after permitting (shortened by any
// emergency power in force in the country when permitting starts) and construction; the
// deterministic run takes no delay.
func (c *compiler) project(p scenario.Project) {
	proc, made := c.projectProcess(p.Product, p.Country)
	if !made {
		if _, known := c.ds.SimProduct(p.Product); !known {
			c.err("%s: projects[%s]: unknown product %s", place(p.Origin), p.Name, p.Product)
			return
		}
		proc = c.dedicatedProcess(p.Product, p.Country)
	} else {
		c.declareIdle(proc, p.Country)
	}
	permitting := p.PermittingMonths.Point()
	for _, e := range c.sc.EmergencyPowers {
		if e.Country == p.Country && e.Window.Contains(p.Announced) {
			permitting *= 1 - e.PermittingReductionPct.Point()/100
		}
	}
	construction := roundMonths(p.ConstructionMonths)
	start := p.Announced.Add(int(math.Round(permitting)) + construction)
	pj := sim.Project{
		Name: p.Name, Process: proc, Country: p.Country,
		CapacityTPerMonth:  p.CapacityTPerYear.Point() / 12,
		Start:              month(start),
		RampMonths:         roundMonths(p.RampMonths),
		CapexMUSD:          p.CapexMUSD.Point(),
		ConstructionMonths: construction,
	}
	if p.Offtake != nil {
		pj.Offtake = sim.ProjectOfftake{Buyer: p.Offtake.Buyer, Share: p.Offtake.Share.Point()}
	}
	c.b.AddProject(pj)
}

// trades reports whether a model country can trade: it has final demand or a process in
// the data, or the scenario gives it capacity, recycling or a stockpile. A country a
// scenario names that is none of these is an empty node, and an event toward it alone
// would do nothing.
func (c *compiler) trades(country string) bool {
	if country == c.sc.Importer || country == c.sc.Rival {
		return true
	}
	for _, d := range c.demands {
		if d.Region == country {
			return true
		}
	}
	if c.base.procCountry[country] {
		return true
	}
	for k := range c.declared {
		if k[1] == country {
			return true
		}
	}
	for _, p := range c.sc.Projects {
		if p.Country == country {
			return true
		}
	}
	for _, r := range c.sc.Recycling {
		if r.Country == country {
			return true
		}
	}
	for _, s := range c.sc.Stockpiles {
		if s.Holder == country {
			return true
		}
	}
	return false
}

// decisionMonths spreads licence decisions over a clock of up to days working days, at
// perMonth working days a month: decisions fall uniformly over [0, days], so the share
// decided j months after the application is the part of the clock in its j-th month.
// A zero clock decides everything in the month of application. It returns the last month
// with decisions and the shares by month.
func decisionMonths(days, perMonth float64) (int, []float64) {
	if days <= 0 {
		return 0, nil
	}
	last := int(math.Ceil(days/perMonth)) - 1
	shares := make([]float64, last+1)
	for j := range shares {
		from, to := float64(j)*perMonth, min(float64(j+1)*perMonth, days)
		shares[j] = (to - from) / days
	}
	return last, shares
}
