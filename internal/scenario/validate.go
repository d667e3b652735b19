package scenario

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// validate checks what decoding one value at a time cannot: required combinations,
// windows, references and overlaps. base is the resolved scenario sc extends, or nil;
// problems are reported in sc only, since base was checked when it was loaded. Values
// that failed to decode are zero and skipped, so one mistake is reported once.
func (d *decoder) validate(sc *Scenario, base *Scenario) {
	baseFailed := base == nil && sc.Extends != ""
	if base == nil {
		base = &Scenario{}
	}
	d.checkTop(sc, base, baseFailed)
	d.setHorizon(sc, base, baseFailed)
	d.checkControls(sc, base)
	d.checkSuspensions(sc, base)
	for i, t := range sc.Tariffs {
		p := indexPath("tariffs", i)
		d.checkWindow(p, t.Window)
		if t.Importer == t.Exporter && t.Importer != "" && t.Importer != All {
			d.errAt(keyPath(p, "exporter"), "must differ from the importer %s", t.Importer)
		}
	}
	for i, o := range sc.Outages {
		d.checkOutageHorizon(indexPath("outages", i), o)
	}
	checkOverlaps(d, "outages", sc.Outages, base.Outages, d.outageClash)
	for i, g := range sc.DemandGrowth {
		d.checkWindow(indexPath("demand_growth", i), g.Window)
	}
	checkOverlaps(d, "demand_growth", sc.DemandGrowth, base.DemandGrowth, d.growthClash)
	for i, pr := range sc.Projects {
		if h := d.horizon; h.Start != 0 && pr.Announced != 0 && pr.Announced > *h.End {
			d.errAt(keyPath(indexPath("projects", i), "announced"), "%s is after the scenario's end %s, so the project would act on nothing", pr.Announced, *h.End)
		}
	}
	d.checkUnique("projects", "name", len(sc.Projects), func(i int) string { return sc.Projects[i].Name },
		func(name string) bool {
			return slices.ContainsFunc(base.Projects, func(p Project) bool { return p.Name == name })
		})
	for i, e := range sc.EmergencyPowers {
		d.checkWindow(indexPath("emergency_powers", i), e.Window)
	}
	checkOverlaps(d, "emergency_powers", sc.EmergencyPowers, base.EmergencyPowers, d.emergencyClash)
	d.checkStockpiles(sc, base)
	checkOverlaps(d, "inventories", sc.Inventories, base.Inventories, d.inventoryClash)
	for i, o := range sc.Offtakes {
		p := indexPath("offtakes", i)
		d.checkWindow(p, o.Window)
		if o.Buyer != "" && d.places.node(o.Buyer) == d.places.node(o.Seller) {
			d.errAt(keyPath(p, "seller"), "must differ from the buyer %s%s", o.Buyer, d.sameNode(o.Seller, o.Buyer))
		}
	}
	for i, r := range sc.Recycling {
		d.checkWindow(indexPath("recycling", i), r.Window)
	}
	for i, s := range sc.Substitution {
		d.checkWindow(indexPath("substitution", i), s.Window)
	}
	checkOverlaps(d, "substitution", sc.Substitution, base.Substitution, d.substitutionClash)
	for i, f := range sc.PriceFloors {
		d.checkWindow(indexPath("price_floors", i), f.Window)
	}
	checkOverlaps(d, "price_floors", sc.PriceFloors, base.PriceFloors, d.floorClash)
	for i, p := range sc.Priority {
		d.checkWindow(indexPath("priority", i), p.Window)
	}
	checkOverlaps(d, "priority", sc.Priority, base.Priority, priorityClash)
	d.checkCorrelations(sc, base, baseFailed)
}

// present reports whether the file gives a value at path (valid or not).
func (d *decoder) present(path string) bool {
	_, ok := d.nodes[path]
	return ok
}

// checkTop checks the top-level scalars; when the extended scenario could not be read,
// what it might set is not reported missing.
func (d *decoder) checkTop(sc, base *Scenario, baseFailed bool) {
	for _, f := range []struct {
		key  string
		v, b string
	}{{"importer", sc.Importer, base.Importer}, {"rival", sc.Rival, base.Rival}} {
		if f.v == "" && f.b == "" && !d.present(f.key) && !baseFailed {
			if sc.Extends != "" {
				d.errAt(f.key, "required (in this file or the scenario it extends)")
			} else {
				d.errAt(f.key, "required")
			}
		}
	}
	importer, rival := cmpOr(sc.Importer, base.Importer), cmpOr(sc.Rival, base.Rival)
	if importer != "" && d.places.node(importer) == d.places.node(rival) {
		if importer == rival {
			d.errAt(pick(sc.Rival != "", "rival", "importer"), "importer and rival must differ, both are %s", importer)
		} else {
			d.errAt(pick(sc.Rival != "", "rival", "importer"), "importer and rival must differ, both are the %s node (rival %s)", EUNode, rival)
		}
	}
	start, end := cmpOr(sc.Start, base.Start, DefaultStart), cmpOr(sc.End, base.End, DefaultEnd)
	if sc.Start != 0 || sc.End != 0 {
		if end < start {
			d.errAt(pick(sc.End != 0, "end", "start"), "the horizon %s..%s is reversed", start, end)
		}
	}
	if first := d.firstDataYear(); sc.Start != 0 && first > 0 && start.Year() < first {
		// The model has no demand before its data: running anyway would simulate a world
		// with nobody buying. A past episode runs on today's data (internal/backtest).
		d.errAt("start", "%s is before the world data's first year %d, which the simulation needs for demand and capacity; start in %d-01 or later", start, first, first)
	}
}

// firstDataYear is the earliest year of the world's simulation demand, 0 without a world.
func (d *decoder) firstDataYear() int {
	if d.env.World == nil {
		return 0
	}
	first := 0
	for _, r := range d.env.World.SimDemand() {
		if first == 0 || r.Year < first {
			first = r.Year
		}
	}
	return first
}

func cmpOr[T comparable](vals ...T) T {
	var zero T
	for _, v := range vals {
		if v != zero {
			return v
		}
	}
	return zero
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

// setHorizon records the months the scenario runs, start and end from the file or else
// from the scenario it extends or the defaults, unless they are reversed or the
// extended scenario could not be read while the file leaves one of them to it.
func (d *decoder) setHorizon(sc, base *Scenario, baseFailed bool) {
	if baseFailed && (sc.Start == 0 || sc.End == 0) {
		return
	}
	start, end := cmpOr(sc.Start, base.Start, DefaultStart), cmpOr(sc.End, base.End, DefaultEnd)
	if end >= start {
		d.horizon = Window{Start: start, End: &end}
	}
}

// checkWindow reports a window whose end is before its start, and one that lies wholly
// outside the scenario's horizon: it would act on nothing, and the run would read as if
// the element were not there ("never short"). Only the file's own months are checked;
// nothing here is drawn.
// It reports whether it found nothing wrong.
func (d *decoder) checkWindow(path string, w Window) bool {
	if w.Start == 0 {
		return true
	}
	if w.End != nil && *w.End < w.Start {
		d.errAt(keyPath(path, "end"), "must not be before start %s, got %s", w.Start, *w.End)
		return false
	}
	h := d.horizon
	switch {
	case h.Start == 0:
	case w.Start > *h.End:
		d.errAt(keyPath(path, "start"), "%s is after the scenario's end %s, so it would act on nothing", w.Start, *h.End)
		return false
	case w.End != nil && *w.End < h.Start:
		d.errAt(keyPath(path, "end"), "%s is before the scenario's start %s, so it would act on nothing", *w.End, h.Start)
		return false
	}
	return true
}

// checkOutageHorizon reports an outage that starts after the scenario's end, or that
// ends before its start even at the longest duration its months can take.
func (d *decoder) checkOutageHorizon(path string, o Outage) {
	h := d.horizon
	if h.Start == 0 || o.Start == 0 {
		return
	}
	if o.Start > *h.End {
		d.errAt(keyPath(path, "start"), "%s is after the scenario's end %s, so the outage would act on nothing", o.Start, *h.End)
		return
	}
	if _, longest, _ := o.Months.Support(); longest > 0 && !math.IsInf(longest, 0) {
		if last := o.Start.Add(max(int(math.Ceil(longest)), 1) - 1); last < h.Start {
			d.errAt(keyPath(path, "start"), "%s with at most %s months ends in %s, before the scenario's start %s, so the outage would act on nothing",
				o.Start, num(longest), last, h.Start)
		}
	}
}

// checkUnique reports repeated non-empty keys among n items, and keys inBase already has.
func (d *decoder) checkUnique(list, key string, n int, keyOf func(int) string, inBase func(string) bool) {
	first := map[string]int{}
	for i := range n {
		k := keyOf(i)
		if k == "" {
			continue
		}
		p := keyPath(indexPath(list, i), key)
		if j, dup := first[k]; dup {
			d.errAt(p, "duplicate %s %q (first at %s[%d], line %d)", key, k, list, j, d.node(indexPath(list, j)).Line)
			continue
		}
		first[k] = i
		if inBase(k) {
			d.errAt(p, "duplicate %s %q (already in the extended scenario)", key, k)
		}
	}
}

func (d *decoder) checkControls(sc, base *Scenario) {
	d.checkUnique("controls", "id", len(sc.Controls), func(i int) string { return sc.Controls[i].ID },
		func(id string) bool { return base.control(id) != nil })
	for i, c := range sc.Controls {
		p := indexPath("controls", i)
		d.checkWindow(p, c.Window)
		switch perYear := d.present(keyPath(p, "quota_t_per_year")); {
		case c.Kind == Quota && perYear && d.present(keyPath(p, "quota_t_per_month")):
			d.errAt(keyPath(p, "quota_t_per_year"), "set quota_t_per_month or quota_t_per_year, not both")
		case c.Kind == Quota && perYear:
		case c.Kind == Quota && !d.present(keyPath(p, "quota_t_per_month")):
			d.errAt(keyPath(p, "quota_t_per_month"), "required for kind %s (or quota_t_per_year)", Quota)
		default:
			d.kindOnly(p, "quota_t_per_month", c.Kind, Quota)
			if c.Kind != Quota && perYear {
				d.errAt(keyPath(p, "quota_t_per_year"), "only allowed for kind %s, not %s", Quota, c.Kind)
			}
		}
		if c.Announced != nil && c.Start != 0 && *c.Announced >= c.Start {
			d.errAt(keyPath(p, "announced"), "must be before the control's start %s, got %s", c.Start, *c.Announced)
		}
		d.kindOnly(p, "licensing", c.Kind, Licensing)
		if c.Licensing != nil {
			last := c.Start
			for j, ch := range c.Licensing.ApprovalChanges {
				q := keyPath(indexPath(keyPath(keyPath(p, "licensing"), "approval_changes"), j), "from")
				switch {
				case ch.From == 0 || last == 0:
				case ch.From <= last && j == 0:
					d.errAt(q, "must be after the control's start %s, got %s", c.Start, ch.From)
				case ch.From <= last:
					d.errAt(q, "must be after the previous change %s, got %s", last, ch.From)
				case c.End != nil && ch.From > *c.End:
					d.errAt(q, "must not be after the control's end %s, got %s", *c.End, ch.From)
				case d.horizon.Start != 0 && ch.From > *d.horizon.End && c.Start <= *d.horizon.End:
					d.errAt(q, "%s is after the scenario's end %s, so the change would act on nothing", ch.From, *d.horizon.End)
				}
				last = max(last, ch.From)
			}
		}
		if c.Exporter != "" {
			if j := slices.IndexFunc(c.Destinations, func(s string) bool { return d.places.node(s) == d.places.node(c.Exporter) }); j >= 0 {
				d.errAt(keyPath(p, "destinations"), "must not include the exporter %s%s", c.Exporter, d.sameNode(c.Destinations[j], c.Exporter))
			}
		}
		if len(c.Except) > 0 && len(c.Destinations) > 0 {
			dest := d.places.expand(c.Destinations, nil)
			for j, e := range c.Except {
				if !slices.ContainsFunc(d.places.members(e), func(iso string) bool { return dest[iso] }) {
					d.errAt(indexPath(keyPath(p, "except"), j), "%s is not among the destinations", e)
				}
			}
			if len(d.places.expand(c.Destinations, c.Except)) == 0 {
				d.errAt(keyPath(p, "except"), "removes every destination")
			}
		}
	}
	checkOverlaps(d, "controls", sc.Controls, base.Controls, d.controlClash)
}

// kindOnly reports a kind-specific key missing for its kind or present for another.
func (d *decoder) kindOnly(path, key string, kind, want ControlKind) {
	switch k := keyPath(path, key); {
	case kind == "":
	case kind == want && !d.present(k):
		d.errAt(k, "required for kind %s", want)
	case kind != want && d.present(k):
		d.errAt(k, "only allowed for kind %s, not %s", want, kind)
	}
}

// control returns the control with the given id, or nil.
func (sc *Scenario) control(id string) *Control {
	for i := range sc.Controls {
		if sc.Controls[i].ID == id {
			return &sc.Controls[i]
		}
	}
	return nil
}

func (d *decoder) checkSuspensions(sc, base *Scenario) {
	invalidIDs := slices.ContainsFunc(sc.Controls, func(c Control) bool { return c.ID == "" })
	for i, s := range sc.Suspensions {
		p := indexPath("suspensions", i)
		if !d.checkWindow(p, s.Window) || s.Control == "" {
			continue // one problem of a window is reported once
		}
		c := cmpOr(sc.control(s.Control), base.control(s.Control))
		switch {
		case c == nil && !invalidIDs:
			d.errAt(keyPath(p, "control"), "unknown control %q", s.Control)
		case c != nil && s.Start != 0 && c.Start != 0 && !s.Overlaps(c.Window):
			d.errAt(p, "suspends control %s outside its window %s", s.Control, c.Window)
		}
	}
	checkOverlaps(d, "suspensions", sc.Suspensions, base.Suspensions, suspensionClash)
}

func (d *decoder) checkStockpiles(sc, base *Scenario) {
	for i, s := range sc.Stockpiles {
		for j, pu := range s.Purchases {
			d.checkWindow(indexPath(keyPath(indexPath("stockpiles", i), "purchases"), j), pu.Window)
		}
		for j := range s.Purchases {
			for k := range j {
				a, b := s.Purchases[j], s.Purchases[k]
				if a.Start != 0 && b.Start != 0 && a.Overlaps(b.Window) {
					d.errAt(indexPath(keyPath(indexPath("stockpiles", i), "purchases"), j),
						"overlaps purchases[%d]: both buy in %s", k, max(a.Start, b.Start))
					break
				}
			}
		}
	}
	checkOverlaps(d, "stockpiles", sc.Stockpiles, base.Stockpiles, d.stockpileClash)
}

// checkOverlaps reports each item of mine that clashes with an earlier item of mine or
// with an item of base; clash describes the conflict, or returns "". Only the first clash
// of an item is reported.
func checkOverlaps[T any, PT interface {
	*T
	located
}](d *decoder, list string, mine, base []T, clash func(a, b *T) string) {
	for i := range mine {
		p := indexPath(list, i)
		msg := ""
		for j := range i {
			if c := clash(&mine[i], &mine[j]); c != "" {
				msg = fmt.Sprintf("overlaps %s[%d] (line %d): %s", list, j, PT(&mine[j]).at().Line, c)
				break
			}
		}
		for j := range base {
			if msg != "" {
				break
			}
			if c := clash(&mine[i], &base[j]); c != "" {
				o := PT(&base[j]).at()
				msg = fmt.Sprintf("overlaps an entry of the extended scenario (%s:%d:%d): %s", o.File, o.Line, o.Column, c)
			}
		}
		if msg != "" {
			d.errAt(p, "%s", msg)
		}
	}
}

// commonProduct returns a product both lists cover, the more specific spelling, or "".
func commonProduct(a, b []string) string {
	for _, x := range a {
		for _, y := range b {
			if productsOverlap(x, y) {
				return pick(strings.Contains(x, "/"), x, y)
			}
		}
	}
	return ""
}

// both reports whether two windows with known starts overlap, and the first common month.
func both(a, b Window) (Month, bool) {
	if a.Start == 0 || b.Start == 0 || !a.Overlaps(b) {
		return 0, false
	}
	return max(a.Start, b.Start), true
}

func (d *decoder) controlClash(a, b *Control) string {
	if a.Kind == "" || a.Kind != b.Kind || a.Exporter == "" || a.Exporter != b.Exporter {
		return ""
	}
	from, ok := both(a.Window, b.Window)
	product := commonProduct(a.Products, b.Products)
	if !ok || product == "" {
		return ""
	}
	dest, ok := intersects(d.places.expand(a.Destinations, a.Except), d.places.expand(b.Destinations, b.Except))
	if !ok {
		return ""
	}
	return fmt.Sprintf("both are %s controls by %s on %s toward %s from %s", a.Kind, a.Exporter, product, dest, from)
}

func suspensionClash(a, b *Suspension) string {
	if a.Control == "" || a.Control != b.Control {
		return ""
	}
	if from, ok := both(a.Window, b.Window); ok {
		return fmt.Sprintf("both suspend control %s from %s", a.Control, from)
	}
	return ""
}

func (d *decoder) outageClash(a, b *Outage) string {
	if a.Country == "" || a.Country != b.Country || a.Start == 0 || b.Start == 0 {
		return ""
	}
	from, ok := both(a.Window(), b.Window())
	product := commonProduct(a.Products, b.Products)
	if !ok || product == "" {
		return ""
	}
	return fmt.Sprintf("both take %s capacity of %s off line from %s (write one outage with the combined fraction)", product, a.Country, from)
}

// scopeClash returns a country both scopes (countries, groups or "all") cover.
func (d *decoder) scopeClash(a, b string) (string, bool) {
	if a == "" || b == "" {
		return "", false
	}
	return intersects(d.places.expand([]string{a}, nil), d.places.expand([]string{b}, nil))
}

func sectorsMeet(a, b string) bool { return a != "" && b != "" && (a == b || a == All || b == All) }

func (d *decoder) growthClash(a, b *DemandGrowth) string {
	from, ok := both(a.Window, b.Window)
	product := commonProduct(a.Products, b.Products)
	if !ok || product == "" || !sectorsMeet(a.Sector, b.Sector) {
		return ""
	}
	if c, ok := d.scopeClash(a.Importer, b.Importer); ok {
		return fmt.Sprintf("both grow %s demand for %s in %s from %s", pick(a.Sector == All, b.Sector, a.Sector), product, c, from)
	}
	return ""
}

func (d *decoder) emergencyClash(a, b *EmergencyPower) string {
	if a.Country == "" || d.places.node(a.Country) != d.places.node(b.Country) {
		return ""
	}
	if from, ok := both(a.Window, b.Window); ok {
		return fmt.Sprintf("both shorten permitting in %s from %s", d.places.node(a.Country), from)
	}
	return ""
}

func (d *decoder) stockpileClash(a, b *Stockpile) string {
	if a.Holder == "" || a.Product == "" || d.places.node(a.Holder) != d.places.node(b.Holder) || a.Product != b.Product {
		return ""
	}
	return fmt.Sprintf("both are stockpiles of %s held by %s (write one with several purchases)", a.Product, d.places.node(a.Holder))
}

func (d *decoder) inventoryClash(a, b *Inventory) string {
	product := commonProduct(a.Products, b.Products)
	if product == "" {
		return ""
	}
	if c, ok := d.scopeClash(a.Country, b.Country); ok {
		return fmt.Sprintf("both set the initial %s inventory in %s", product, c)
	}
	return ""
}

func (d *decoder) substitutionClash(a, b *Substitution) string {
	from, ok := both(a.Window, b.Window)
	if !ok || a.Product == "" || a.Product != b.Product || !sectorsMeet(a.Sector, b.Sector) {
		return ""
	}
	if c, ok := d.scopeClash(a.Importer, b.Importer); ok {
		return fmt.Sprintf("both reduce %s demand for %s in %s from %s", pick(a.Sector == All, b.Sector, a.Sector), a.Product, c, from)
	}
	return ""
}

func (d *decoder) floorClash(a, b *PriceFloor) string {
	from, ok := both(a.Window, b.Window)
	if !ok || a.Product == "" || a.Product != b.Product {
		return ""
	}
	if c, ok := intersects(d.places.expand(a.Producers, nil), d.places.expand(b.Producers, nil)); ok {
		return fmt.Sprintf("both floor the %s price for producers in %s from %s", a.Product, c, from)
	}
	return ""
}

func priorityClash(a, b *Priority) string {
	if a.Importer == "" || a.Importer != b.Importer || a.Sector == "" || a.Sector != b.Sector {
		return ""
	}
	if from, ok := both(a.Window, b.Window); ok {
		return fmt.Sprintf("both put %s first in %s from %s", a.Sector, a.Importer, from)
	}
	return ""
}

// sameNode explains why two different names of one node are one party, " (DEU and EU27
// are both the simulation's EU27 node)", or returns "" when they are the same name.
func (d *decoder) sameNode(a, b string) string {
	if a == b {
		return ""
	}
	return fmt.Sprintf(" (%s and %s are both the simulation's %s node)", a, b, EUNode)
}
