package sim

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// massTolerance is the relative tolerance of a process's declared mass balance.
const massTolerance = 1e-9

// Build validates every declaration and compiles the model. The error lists all problems
// found, each naming the declaration and field.
func (b *Builder) Build() (*Model, error) {
	c := &compiler{b: b, m: &Model{header: b.header, params: b.params}}
	for _, phase := range []func(){c.entities, c.processes, c.ranks, c.rest} {
		phase()
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
	probs   []error
	country map[string]int
	sector  map[string]int
	product map[string]int
	proc    map[procKey]int
	// template is the first instance of each process ID.
	template map[string]int
	// explicit marks the (product, buyer) rows with a declared sourcing weight, [p*nc+b].
	explicit []bool
	// block is the unused part of the storage series carves from.
	block []float64
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

// series returns a zeroed per-month series, carved from one block sized for every series
// the declarations can need, so that a model's many series cost one allocation.
func (c *compiler) series() []float64 {
	n := c.m.header.Months
	if len(c.block) < n {
		b := c.b
		count := 1 + len(b.processes) + 3*len(b.projects) + len(b.demands) + len(b.offtakes) + len(b.recycling)
		c.block = make([]float64, count*n)
	}
	s := c.block[:n:n]
	c.block = c.block[n:]
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
	c.country = map[string]int{}
	for _, iso := range c.b.countries {
		if !isISO3(iso) {
			c.errorf("country %q: must be an ISO 3166 alpha-3 code such as USA or ROW", iso)
		}
		if _, dup := c.country[iso]; dup {
			c.errorf("country %s: declared twice", iso)
			continue
		}
		c.country[iso] = len(m.countries)
		m.countries = append(m.countries, iso)
	}
	c.sector = map[string]int{}
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
	c.product = map[string]int{}
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

func isISO3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
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
