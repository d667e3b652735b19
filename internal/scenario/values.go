package scenario

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The kinds of value a field may hold. Each decodes a node into a Go value, reporting
// problems, and describes itself as JSON Schema.

// textV is a non-empty string, optionally matching a pattern.
type textV struct {
	p       *string
	pattern *regexp.Regexp
	what    string // what the pattern means, for messages
}

func (v textV) decode(d *decoder, n *yaml.Node, path string) {
	s, ok := d.str(n, path)
	switch {
	case !ok:
	case strings.TrimSpace(s) == "":
		d.errorf(n, path, "must not be empty")
	case v.pattern != nil && !v.pattern.MatchString(s):
		d.errorf(n, path, "must be %s, got %q", v.what, s)
	default:
		*v.p = s
	}
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

const slugWhat = "a slug of lower-case letters, digits and single hyphens"

// stringsV is a list of non-empty strings.
type stringsV struct{ p *[]string }

func (v stringsV) decode(d *decoder, n *yaml.Node, path string) {
	d.list(n, path, func(c *yaml.Node, p string) {
		var s string
		d.value(textV{p: &s}, c, p)
		if s != "" {
			*v.p = append(*v.p, s)
		}
	})
}

// enumV is one of a fixed set of strings.
type enumV[T ~string] struct {
	p       *T
	options []T
}

func (v enumV[T]) decode(d *decoder, n *yaml.Node, path string) {
	s, ok := d.str(n, path)
	if !ok {
		return
	}
	if !slices.Contains(v.options, T(s)) {
		d.errorf(n, path, "must be one of %s, got %q", joinStrings(v.options), s)
		return
	}
	*v.p = T(s)
}

func joinStrings[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// boolV is true or false.
type boolV struct{ p *bool }

func (v boolV) decode(d *decoder, n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(v.p) != nil {
		d.errorf(n, path, "must be true or false, got %s", describe(n))
	}
}

// countryV is one country, stored as its ISO3 code, or the EU27, which the simulation
// runs as one node (a member state named here acts on the same node); with scope it may
// also be any group or "all".
type countryV struct {
	p     *string
	scope bool
}

func (v countryV) decode(d *decoder, n *yaml.Node, path string) {
	if s, ok := d.str(n, path); ok {
		if c, ok := d.countryEntry(n, path, s, v.scope, v.scope); ok {
			*v.p = c
		}
	}
}

// importerV is the scenario's importer: one country, or the EU27, whose final demand the
// data gives for the group as a whole (the compiler simulates it as one node). It decodes
// as countryV does; the schema describes it apart, since only some countries may import.
type importerV struct{ p *string }

func (v importerV) decode(d *decoder, n *yaml.Node, path string) { countryV{p: v.p}.decode(d, n, path) }

// countryEntry resolves one country, group or "all".
func (d *decoder) countryEntry(n *yaml.Node, path, s string, allowAll, allowGroup bool) (string, bool) {
	if strings.EqualFold(s, All) {
		if !allowAll {
			d.errorf(n, path, `"all" is not allowed here`)
			return "", false
		}
		return All, true
	}
	if g, ok := d.places.group(s); ok {
		if !allowGroup && g != EUNode {
			d.errorf(n, path, "must be a single country or %s, got group %q", EUNode, g)
			return "", false
		}
		return g, true
	}
	iso, ok := d.places.country(s)
	if !ok {
		d.errorf(n, path, "unknown country %q%s", s, d.places.suggest(s, allowGroup))
		return "", false
	}
	return iso, true
}

// countriesV is a non-empty list of countries and groups, and "all" when allowAll.
type countriesV struct {
	p        *[]string
	allowAll bool
}

func (v countriesV) decode(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		d.errorf(n, path, "must not be empty")
		return
	}
	seen := map[string]string{}
	d.list(n, path, func(c *yaml.Node, p string) {
		c = deref(c)
		d.nodes[p] = c
		s, ok := d.str(c, p)
		if !ok {
			return
		}
		iso, ok := d.countryEntry(c, p, s, v.allowAll, true)
		if !ok {
			return
		}
		if first, dup := seen[iso]; dup {
			d.errorf(c, p, "%s is listed twice (first as %q)", iso, first)
			return
		}
		seen[iso] = s
		*v.p = append(*v.p, iso)
	})
	if len(*v.p) > 1 && slices.Contains(*v.p, All) {
		d.errorf(n, path, `"all" must be the only entry (use except to leave countries out)`)
	}
}

// deref follows an alias node to its anchor.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// productV is one product id ("material/stage").
type productV struct{ p *string }

func (v productV) decode(d *decoder, n *yaml.Node, path string) {
	s, ok := d.str(n, path)
	if !ok {
		return
	}
	switch {
	case d.env.Products.HasProduct(s):
		*v.p = s
	case d.env.Products.HasMaterial(s):
		d.errorf(n, path, "must be a product material/stage, got the material %q", s)
	default:
		d.errorf(n, path, "unknown product %q%s", s, productHint(d.env.Products, s, false))
	}
}

// productHint names the product nearest to an unknown one, if any is close, and lists
// the valid ones; withMaterials adds that a bare material is allowed.
func productHint(c Catalogue, s string, withMaterials bool) string {
	valid := c.Products()
	hint, near := SuggestKey(s, valid)
	if near == "" {
		hint = ""
	}
	list := strings.Join(valid, ", ")
	if withMaterials {
		list += ", or a bare material such as " + strings.Split(valid[0], "/")[0]
	}
	return hint + " (valid: " + list + ")"
}

// productsV is a non-empty list of product ids and bare materials.
type productsV struct{ p *[]string }

func (v productsV) decode(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		d.errorf(n, path, "must not be empty")
		return
	}
	d.list(n, path, func(c *yaml.Node, p string) {
		c = deref(c)
		d.nodes[p] = c
		s, ok := d.str(c, p)
		if !ok {
			return
		}
		if !d.env.Products.HasProduct(s) && !d.env.Products.HasMaterial(s) {
			d.errorf(c, p, "unknown product %q%s", s, productHint(d.env.Products, s, true))
			return
		}
		for _, prev := range *v.p {
			if productsOverlap(prev, s) {
				d.errorf(c, p, "%q overlaps %q listed before", s, prev)
				return
			}
		}
		*v.p = append(*v.p, s)
	})
}

// sectorV is one sector of the catalogue, or "all" when allowAll.
type sectorV struct {
	p        *string
	allowAll bool
}

func (v sectorV) decode(d *decoder, n *yaml.Node, path string) {
	s, ok := d.str(n, path)
	if !ok {
		return
	}
	if (v.allowAll && s == All) || slices.Contains(d.env.Products.Sectors(), s) {
		*v.p = s
		return
	}
	want := d.env.Products.Sectors()
	if v.allowAll {
		want = append(want, All)
	}
	d.errorf(n, path, "unknown sector %q (want one of %s)", s, strings.Join(want, ", "))
}

// sectorsV is a list of sectors; empty means all.
type sectorsV struct{ p *[]string }

func (v sectorsV) decode(d *decoder, n *yaml.Node, path string) {
	d.list(n, path, func(c *yaml.Node, p string) {
		var s string
		d.value(sectorV{p: &s}, c, p)
		if s == "" {
			return
		}
		if slices.Contains(*v.p, s) {
			d.errorf(deref(c), p, "sector %q is listed twice", s)
			return
		}
		*v.p = append(*v.p, s)
	})
}

// monthV is a month YYYY-MM.
type monthV struct{ p *Month }

func (v monthV) decode(d *decoder, n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!timestamp" && n.Tag != "!!int") {
		d.errorf(n, path, "must be a month YYYY-MM, got %s", describe(n))
		return
	}
	m, err := ParseMonth(n.Value)
	if err != nil {
		d.errorf(n, path, "%v", err)
		return
	}
	*v.p = m
}

// monthPtrV is an optional month.
type monthPtrV struct{ p **Month }

func (v monthPtrV) decode(d *decoder, n *yaml.Node, path string) {
	var m Month
	monthV{&m}.decode(d, n, path)
	if m != 0 {
		*v.p = &m
	}
}

// numV is a plain finite number, used inside distributions.
type numV struct{ p *float64 }

func (v numV) decode(d *decoder, n *yaml.Node, path string) {
	f, ok := d.number(n, path)
	if !ok {
		return
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		d.errorf(n, path, "must be a finite number, got %s", n.Value)
		return
	}
	*v.p = f
}

// numsV is a non-empty list of plain finite numbers.
type numsV struct{ p *[]float64 }

func (v numsV) decode(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		d.errorf(n, path, "must not be empty")
		return
	}
	ok := true
	var out []float64
	d.list(n, path, func(c *yaml.Node, p string) {
		f := math.NaN()
		d.value(numV{&f}, c, p)
		ok = ok && !math.IsNaN(f)
		out = append(out, f)
	})
	if ok {
		*v.p = out
	}
}

// recordV is a nested mapping decoded in place.
type recordV struct{ r record }

func (v recordV) decode(d *decoder, n *yaml.Node, path string) { d.object(n, path, v.r.fields()) }

// optRecordV is an optional nested mapping, allocated when present.
type optRecordV[T any, PT interface {
	*T
	record
}] struct{ p **T }

func (v optRecordV[T, PT]) decode(d *decoder, n *yaml.Node, path string) {
	x := new(T)
	d.object(n, path, PT(x).fields())
	*v.p = x
}

// listV is a list of records.
type listV[T any, PT interface {
	*T
	record
}] struct{ p *[]T }

func (v listV[T, PT]) decode(d *decoder, n *yaml.Node, path string) {
	d.list(n, path, func(c *yaml.Node, p string) {
		var x T
		d.value(recordV{PT(&x)}, c, p)
		if l, ok := any(PT(&x)).(located); ok {
			*l.at() = d.origin(deref(c))
		}
		*v.p = append(*v.p, x)
	})
}
