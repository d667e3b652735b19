package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// massTolerance is the relative tolerance of a process's declared mass balance.
const massTolerance = 1e-9

// Build validates every declaration and compiles the model. The error lists all problems
// found, each naming the declaration and field.
func (b *Builder) Build() (*Model, error) { return b.build(spare{}) }

// build is Build taking what it can of the storage of spare.
func (b *Builder) build(sp spare) (*Model, error) {
	c := &compiler{b: b, m: &Model{header: b.header, params: b.params}, spare: sp, scr: &b.scratch}
	for _, phase := range [...]func(*compiler){(*compiler).entities, (*compiler).processes, (*compiler).ranks, (*compiler).rest} {
		phase(c)
		if len(c.probs) > 0 {
			return nil, fmt.Errorf("build model %q: %w", b.header.Scenario, errors.Join(c.probs...))
		}
	}
	return c.m, nil
}

type procKey struct{ id, country string }

type compiler struct {
	b       *Builder
	m       *Model
	spare   spare    // storage the model may take over (BuildReusing)
	scr     *scratch // the Builder's, for what the model does not keep
	probs   []error
	country map[string]int
	sector  map[string]int
	product map[string]int
	proc    map[procKey]int
	// template is the first instance of each process ID.
	template map[string]int
	// procChanges and demandChanges mark, by declaration, the processes whose capacity
	// and the demands whose quantity may change from month to month: by-month capacity,
	// projects and outages; growth and substitution (planSeries). varies is procChanges by
	// index in Model.procs. The other series are constant: shared through the Builder's
	// SeriesCache when it has one, and never written.
	procChanges, demandChanges []bool
	varies                     []bool
	// explicit marks the (product, buyer) rows with a declared sourcing weight, [p*nc+b].
	explicit []bool
	// need is the users' first-month need, [p*nc+c] (need0), once stocks computed it.
	need []float64
	// block is the unused part of the storage series carves from; flowBlock the same for
	// process coefficients.
	block     []float64
	flowBlock []flow
}

func (c *compiler) errorf(format string, args ...any) {
	c.probs = append(c.probs, fmt.Errorf(format, args...))
}

// A site names a declaration, and optionally one of its fields, in error messages. Its
// text is formatted only when a problem is reported, so valid declarations cost no
// formatting. Pass sites by value and call String only on the error path, so that the
// closure never escapes to the heap.
type site struct {
	decl  func() string
	field string
}

// siteOf returns the site of a declaration whose name decl formats.
func siteOf(decl func() string) site { return site{decl: decl} }

// at returns the site of a field of s.
func (s site) at(field string) site {
	if s.field != "" {
		field = s.field + ": " + field
	}
	return site{decl: s.decl, field: field}
}

func (s site) String() string {
	if s.field == "" {
		return s.decl()
	}
	return s.decl() + ": " + s.field
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// check records a problem unless ok holds and v is finite.
func (c *compiler) check(where site, v float64, ok bool, want string) bool {
	if ok && finite(v) {
		return true
	}
	c.errorf("%s: must be %s, got %v", where.String(), want, v)
	return false
}

func (c *compiler) share(where site, v float64) bool {
	return c.check(where, v, v >= 0 && v <= 1, "within [0, 1]")
}

func (c *compiler) nonNegative(where site, v float64) bool {
	return c.check(where, v, v >= 0, ">= 0")
}

func (c *compiler) lookup(table map[string]int, kind string, where site, name string) (int, bool) {
	i, ok := table[name]
	if !ok {
		c.errorf("%s: unknown %s %q", where.String(), kind, name)
	}
	return i, ok
}

func (c *compiler) countryIdx(where site, name string) (int, bool) {
	return c.lookup(c.country, "country", where, name)
}

func (c *compiler) sectorIdx(where site, name string) (int, bool) {
	return c.lookup(c.sector, "sector", where, name)
}

func (c *compiler) productIdx(where site, name string) (int, bool) {
	return c.lookup(c.product, "product", where, name)
}

func (c *compiler) window(where site, w Window) span {
	if !w.valid() {
		c.errorf("%s: window ends (%s) before it starts (%s)", where.String(), w.End, w.Start)
	}
	return w.span(c.m.header.Start, c.m.header.Months)
}

// planSeries marks the series that change from month to month (procChanges,
// demandChanges) and allocates the block series carves the model's own series from: the
// capex series, those of offtakes, recycling, project offtakes and licensing approvals,
// the capacity of the process instances projects add, and those of processes and demands
// that change (all of them without a SeriesCache). Only the projects and
// outages naming a process write its capacity, and only the growth and substitutions
// naming a demand write its series, so the others can be shared.
func (c *compiler) planSeries() {
	b := c.b
	count := 1 + len(b.offtakes) + len(b.recycling)
	for _, pj := range b.projects {
		if pj.Offtake.Buyer != "" {
			count++
		}
	}
	// procs marks the processes projects (named) and outages (changed) name, and those
	// declared: a project of a process not declared adds an instance with its own series.
	const named, changed, declared = 1, 2, 4
	var procs map[procKey]uint8
	if len(b.projects)+len(b.outages) > 0 {
		procs = cleared(&c.scr.procKeys, len(b.projects)+len(b.outages))
		for _, pj := range b.projects {
			procs[procKey{pj.Process, pj.Country}] |= named | changed
		}
		for _, o := range b.outages {
			procs[procKey{o.Process, o.Country}] |= changed
		}
	}
	c.procChanges = zeroedIn(&c.scr.procChanges, len(b.processes))
	for i, p := range b.processes {
		key := procKey{p.ID, p.Country}
		f, ok := procs[key]
		c.procChanges[i] = p.CapacityByMonth != nil || f&changed != 0
		if c.procChanges[i] || b.cache == nil {
			count++
		}
		if ok {
			procs[key] = f | declared
		}
	}
	for _, f := range procs {
		if f&(named|declared) == named {
			count++
		}
	}
	// Licensing approvals.
	for _, ct := range b.controls {
		if ct.Kind == Licensing {
			count++
		}
	}
	var demands map[demandKey]bool
	if len(b.growth)+len(b.substitutions) > 0 {
		demands = cleared(&c.scr.demandKeys, len(b.growth)+len(b.substitutions))
		for _, g := range b.growth {
			demands[demandKey{g.Region, g.Product, g.Sector}] = true
		}
		for _, s := range b.substitutions {
			demands[demandKey{s.Region, s.Product, s.Sector}] = true
		}
	}
	c.demandChanges = zeroedIn(&c.scr.demandChanges, len(b.demands))
	for i, d := range b.demands {
		c.demandChanges[i] = demands[demandKey{d.Region, d.Product, d.Sector}]
		if c.demandChanges[i] || b.cache == nil {
			count++
		}
	}
	c.block = zeroed(c.spare.own, count*c.m.header.Months)
	c.m.own = c.block
}

// series returns a zeroed per-month series the model owns, carved from the block
// planSeries sized, so that a model's many series cost one allocation.
func (c *compiler) series() []float64 {
	n := c.m.header.Months
	if len(c.block) < n {
		return make([]float64, n) // not planned for
	}
	s := c.block[:n:n]
	c.block = c.block[n:]
	return s
}

// constant returns a series of v in every month, shared through the Builder's SeriesCache
// when it has one. Callers must not write it.
func (c *compiler) constant(v float64) []float64 {
	if c.b.cache != nil {
		return c.b.cache.constant(c.m.header.Months, v)
	}
	s := c.series()
	for t := range s {
		s[t] = v
	}
	return s
}

// entities checks the header and parameters and indexes countries, sectors and products.
func (c *compiler) entities() {
	m, h := c.m, c.b.header
	if h.Months < 1 {
		c.errorf("header: months: must be >= 1, got %d", h.Months)
	}
	for _, p := range m.params.check() {
		c.errorf("%s", p)
	}
	c.country = cleared(&c.scr.country, len(c.b.countries))
	m.countries = slices.Grow(m.countries, len(c.b.countries))
	for _, iso := range c.b.countries {
		if !isNodeCode(iso) {
			c.errorf("country %q: must be an ISO 3166 alpha-3 code such as USA, or a region code of up to 6 capital letters and digits such as ROW or EU27", iso)
		}
		if _, dup := c.country[iso]; dup {
			c.errorf("country %s: declared twice", iso)
			continue
		}
		c.country[iso] = len(m.countries)
		m.countries = append(m.countries, iso)
	}
	c.sector = cleared(&c.scr.sector, len(c.b.sectors))
	m.sectors = slices.Grow(m.sectors, len(c.b.sectors))
	m.defense = -1
	for _, s := range c.b.sectors {
		if _, dup := c.sector[s]; dup || s == "" {
			c.errorf("sector %q: empty or declared twice", s)
			continue
		}
		if s == DefenseSector {
			m.defense = len(m.sectors)
		}
		c.sector[s] = len(m.sectors)
		m.sectors = append(m.sectors, s)
	}
	c.product = cleared(&c.scr.product, len(c.b.products))
	n := len(c.b.products)
	m.products, m.price0, m.final = slices.Grow(m.products, n), slices.Grow(m.price0, n), slices.Grow(m.final, n)
	for _, p := range c.b.products {
		where := siteOf(func() string { return fmt.Sprintf("product %q", p.ID) })
		material, stage, ok := strings.Cut(p.ID, "/")
		if !ok || material == "" || stage == "" {
			c.errorf("%s: id must be material/stage", where.String())
		}
		if _, dup := c.product[p.ID]; dup {
			c.errorf("%s: declared twice", where.String())
			continue
		}
		c.check(where.at("price"), p.PriceUSDPerKg, p.PriceUSDPerKg > 0, "> 0 USD/kg")
		c.product[p.ID] = len(m.products)
		m.products = append(m.products, ProductInfo{ID: p.ID, Material: material, Stage: stage, Basis: p.Basis, Final: p.Final})
		m.price0 = append(m.price0, p.PriceUSDPerKg)
		m.final = append(m.final, p.Final)
	}
	m.np, m.nc, m.ns = len(m.products), len(m.countries), len(m.sectors)
	if m.np == 0 || m.nc == 0 {
		c.errorf("model: needs at least one country and one product")
	}
	header := siteOf(func() string { return "header" })
	m.importer, _ = c.countryIdx(header.at("importer"), h.Importer)
	m.rival = -1
	if h.Rival != "" {
		m.rival, _ = c.countryIdx(header.at("rival"), h.Rival)
		if h.Rival == h.Importer {
			c.errorf("header: rival: must differ from the importer %s", h.Importer)
		}
	}
}

// fill sets every element of s to v. It doubles the filled prefix with copy, which is
// faster than a loop of stores on the model's large tables.
func fill[E any](s []E, v E) {
	if len(s) == 0 {
		return
	}
	s[0] = v
	for n := 1; n < len(s); n *= 2 {
		copy(s[n:], s[:n])
	}
}

// isNodeCode reports whether s can name a country node: an ISO 3166 alpha-3 code, or a
// region's code (ROW, EU27) of 3 to 6 capital letters and digits starting with a letter.
func isNodeCode(s string) bool {
	if len(s) < 3 || len(s) > 6 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// mix returns the rival content share of a stock of a tonnes at share fa after adding b
// tonnes at share fb. Shares are kept when a stock empties, so the share of the last
// material seen stays known.
func mix(a, fa, b, fb float64) float64 {
	switch {
	case b <= 0:
		return fa
	case a <= 0:
		return fb
	}
	return min(1, (a*fa+b*fb)/(a+b))
}
