package scenario

import (
	"math"
	"slices"

	"gopkg.in/yaml.v3"
)

// dists are the distribution forms, in the order messages and the schema list them.
var dists = []Dist{Triangular, Uniform, Normal, Lognormal, Discrete}

// distFields describes the mapping form of distribution dist, writing into p.
func distFields(p *Param, dist Dist) []field {
	tag := req("dist", "the distribution", constV(dist))
	n := func(key, doc string, dst *float64) field { return req(key, doc, numV{dst}) }
	opt := func(f field) field { f.required = false; return f }
	switch dist {
	case Triangular:
		return []field{tag, n("min", "smallest value", &p.Min), n("mode", "most likely value (a deterministic run uses the mean, (min + mode + max) / 3)", &p.Mode), n("max", "largest value", &p.Max)}
	case Uniform:
		return []field{tag, n("min", "smallest value", &p.Min), n("max", "largest value", &p.Max)}
	case Normal:
		return []field{tag, n("mean", "mean before truncation", &p.Mean), n("sd", "standard deviation before truncation, > 0", &p.SD),
			opt(n("min", "lower truncation bound", &p.Min)), opt(n("max", "upper truncation bound", &p.Max))}
	case Lognormal:
		return []field{tag, n("median", "median, > 0", &p.Median), n("p95", "95th percentile, > median", &p.P95)}
	case Discrete:
		return []field{tag, req("values", "the possible values", numsV{&p.Values}),
			{key: "weights", doc: "relative weights >= 0, one per value; equal when absent", val: numsV{&p.Weights}}}
	}
	panic("scenario: no fields for distribution " + string(dist))
}

// constV is a string that must equal one value; it tags a distribution's form, which
// paramV has already read.
type constV string

func (v constV) decode(*decoder, *yaml.Node, string) {}

// paramV is a Param that must stay within bounds.
type paramV struct {
	p *Param
	b bounds
}

func (v paramV) decode(d *decoder, n *yaml.Node, path string) {
	p, ok := d.param(n, path)
	if !ok {
		return
	}
	if msg := v.b.check(p); msg != "" {
		d.errorf(n, path, "%s", msg)
		return
	}
	*v.p = p
}

// optParamV is an optional Param, allocated when present.
type optParamV struct {
	p **Param
	b bounds
}

func (v optParamV) decode(d *decoder, n *yaml.Node, path string) {
	var p Param
	before := d.errCount()
	paramV{&p, v.b}.decode(d, n, path)
	if d.errCount() == before {
		*v.p = &p
	}
}

// param decodes a number or a distribution mapping and checks its parameters.
func (d *decoder) param(n *yaml.Node, path string) (Param, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag != "!!int" && n.Tag != "!!float" {
			d.errorf(n, path, "must be a number or a distribution, got %s", describe(n))
			return Param{}, false
		}
		f := math.NaN() // stays NaN when numV reports a problem
		numV{&f}.decode(d, n, path)
		return Fix(f), !math.IsNaN(f)
	case yaml.MappingNode:
	default:
		d.errorf(n, path, "must be a number or a distribution, got %s", describe(n))
		return Param{}, false
	}
	var tag *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "dist" {
			tag = deref(n.Content[i+1])
			break
		}
	}
	if tag == nil {
		d.errorf(n, keyPath(path, "dist"), "required (one of %s)", joinStrings(dists))
		return Param{}, false
	}
	s, ok := d.str(tag, keyPath(path, "dist"))
	if !ok {
		return Param{}, false
	}
	dist := Dist(s)
	if !slices.Contains(dists, dist) {
		d.errorf(tag, keyPath(path, "dist"), "must be one of %s, got %q", joinStrings(dists), s)
		return Param{}, false
	}
	p := Param{Dist: dist}
	if dist == Normal {
		p.Min, p.Max = math.Inf(-1), math.Inf(1)
	}
	before := d.errCount()
	d.object(n, path, distFields(&p, dist))
	if d.errCount() != before {
		return Param{}, false
	}
	if msg := p.check(); msg != "" {
		d.errorf(n, path, "%s", msg)
		return Param{}, false
	}
	return p, true
}
