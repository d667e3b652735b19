package montecarlo

import (
	"math/rand/v2"
	"reflect"
	"strconv"

	"github.com/critmin/critmin/internal/scenario"
)

// Input is an uncertain number of a scenario: a Param with a distribution, or a
// project's delay risk.
type Input struct {
	// Path names the number in the file format: list items by their id or name when they
	// have one, else by index, e.g. "projects[mp-10x].capacity_t_per_year".
	Path  string         `json:"path"`
	Param scenario.Param `json:"param"`
	// Delay marks a project's delay_risk_months, whose fixed value D is a spread: the
	// drawn delay is uniform over [0, D] months.
	Delay bool `json:"delay,omitempty"`
}

// uncertain reports whether an Input drawn from p at path varies between replications.
func uncertain(p scenario.Param, delay bool) bool {
	return !p.IsFixed() || (delay && p.Value > 0)
}

// Inputs lists the uncertain numbers of a resolved scenario in walk order: the fields of
// Scenario in declaration order, depth first, list items in order.
func Inputs(sc *scenario.Scenario) []Input {
	var out []Input
	cp := *sc
	walk(reflect.ValueOf(&cp).Elem(), "", func(path string, p *scenario.Param, delay bool) {
		if uncertain(*p, delay) {
			out = append(out, Input{Path: path, Param: *p, Delay: delay})
		}
	})
	return out
}

// Draw returns a copy of the resolved scenario sc in which every Param is replaced by a
// fixed value drawn for replication rep of a study with the given seed, and stores in u,
// which must have one entry per Input of sc, the distribution function of each uncertain
// input at its drawn value (its rank in the population, for sensitivity).
//
// The Param at path P of replication rep is drawn from
//
//	rand.New(rand.NewPCG(seed, uint64(rep) ^ key(P)))
//
// with key(P) the splitmix64 finaliser of the 64-bit FNV-1a hash of P. Each uncertain
// number thus has its own stream, seeded by (study seed, replication, its path): its draws
// do not depend on any other number of the scenario, so adding, removing or changing a
// distribution elsewhere (or appending list items) leaves every other draw unchanged and
// scenario variants keep common random numbers. Fixed Params consume nothing.
//
// A project's delay risk D (a fixed value) is a uniform delay over [0, D] months; a
// distribution is drawn as such. The compiler ignores delay_risk_months, so the drawn
// delay is added to the project's construction months: the plant starts that much later
// and its capex is spread over the longer build (same total).
//
// The numbers of a correlation group (sc.Correlations) are drawn together by a Gaussian
// copula, see drawCorrelated; every other number is drawn as above, unchanged by the
// groups.
func Draw(sc *scenario.Scenario, seed uint64, rep int, u []float64) *scenario.Scenario {
	cp := *sc
	src := rand.NewPCG(0, 0)
	r := rand.New(src)
	k := 0
	member, deferred := correlated(sc)
	walk(reflect.ValueOf(&cp).Elem(), "", func(path string, p *scenario.Param, delay bool) {
		if !uncertain(*p, delay) {
			*p = scenario.Fix(p.Point())
			if delay {
				*p = scenario.Fix(0)
			}
			return
		}
		if _, ok := member[path]; ok {
			deferred[path] = pending{p, k, delay}
			k++
			return
		}
		src.Seed(seed, uint64(rep)^key(path))
		var v float64
		if delay && p.IsFixed() {
			v = r.Float64() * p.Value
			u[k] = v / p.Value
		} else {
			v = p.Sample(r)
			u[k] = cdf(*p, v)
		}
		k++
		*p = scenario.Fix(v)
	})
	if len(deferred) > 0 {
		drawCorrelated(sc.Correlations, deferred, r, src, seed, rep, u)
	}
	for i := range cp.Projects {
		pj := &cp.Projects[i]
		if d := pj.DelayRiskMonths.Value; d > 0 {
			pj.ConstructionMonths = scenario.Fix(pj.ConstructionMonths.Value + d)
		}
	}
	return &cp
}

// pending is an uncertain Param of a correlation group, drawn after the walk.
type pending struct {
	p     *scenario.Param
	k     int // its index among the Inputs
	delay bool
}

// correlated returns the set of paths in correlation groups and an empty map for their
// pending Params; both are nil when sc has no groups.
func correlated(sc *scenario.Scenario) (map[string]struct{}, map[string]pending) {
	if len(sc.Correlations) == 0 {
		return nil, nil
	}
	member := map[string]struct{}{}
	for _, c := range sc.Correlations {
		for _, p := range c.Params {
			member[p] = struct{}{}
		}
	}
	return member, map[string]pending{}
}

// drawCorrelated draws the Params of each correlation group with a Gaussian copula: the
// group's standard normals z_j come from the streams of their own paths (one
// NormFloat64 each, so each number keeps its own stream), are correlated by the Cholesky
// factor L of the group's normal correlation matrix, y = L z, and each y_j is mapped
// through u_j = Φ(y_j) and the number's own inverse distribution function. A rank
// correlation ρ of the file becomes r = 2 sin(π ρ / 6) in the normal matrix, which gives
// the drawn numbers Spearman correlation ρ whatever their marginal distributions
// (continuous ones exactly; discrete ones have ties).
func drawCorrelated(groups []scenario.Correlation, deferred map[string]pending, r *rand.Rand, src *rand.PCG, seed uint64, rep int, u []float64) {
	const eps = 0x1p-53
	for _, c := range groups {
		l, ok := scenario.Cholesky(c.NormalMatrix())
		if !ok {
			panic("montecarlo: correlation matrix of " + c.Params[0] + " is not positive definite")
		}
		z := make([]float64, len(c.Params))
		for j, path := range c.Params {
			src.Seed(seed, uint64(rep)^key(path))
			z[j] = r.NormFloat64()
		}
		for j, path := range c.Params {
			pd, ok := deferred[path]
			if !ok {
				continue // not uncertain here: Parse rejects such groups
			}
			y := 0.0
			for i := 0; i <= j; i++ {
				y += l[j][i] * z[i]
			}
			uj := min(1-eps, max(eps, normCDF(y)))
			var v float64
			if pd.delay && pd.p.IsFixed() {
				v = uj * pd.p.Value
				u[pd.k] = uj
			} else {
				v = quantile(*pd.p, uj)
				u[pd.k] = cdf(*pd.p, v)
			}
			*pd.p = scenario.Fix(v)
		}
	}
}

// key is the stream key of a path.
func key(path string) uint64 {
	// 64-bit FNV-1a, as hash/fnv's New64a, without its allocation.
	z := uint64(14695981039346656037)
	for i := range len(path) {
		z ^= uint64(path[i])
		z *= 1099511628211
	}
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

var (
	paramType   = reflect.TypeFor[scenario.Param]()
	projectType = reflect.TypeFor[scenario.Project]()
	delayField  = func() int {
		f, _ := projectType.FieldByName("DelayRiskMonths")
		return f.Index[0]
	}()
)

// walk visits every Param under v, which must be addressable, in field order. It first
// replaces every slice and pointer on the way with a copy, so that visit may change the
// Params of a shallow copy without touching the original.
func walk(v reflect.Value, path string, visit func(path string, p *scenario.Param, delay bool)) {
	t := v.Type()
	switch {
	case t == paramType:
		visit(path, v.Addr().Interface().(*scenario.Param), false)
	case t.Kind() == reflect.Pointer:
		if v.IsNil() || !holdsParam(t.Elem()) {
			return
		}
		cp := reflect.New(t.Elem())
		cp.Elem().Set(v.Elem())
		v.Set(cp)
		walk(cp.Elem(), path, visit)
	case t.Kind() == reflect.Slice:
		if v.Len() == 0 || !holdsParam(t.Elem()) {
			return
		}
		cp := reflect.MakeSlice(t, v.Len(), v.Len())
		reflect.Copy(cp, v)
		v.Set(cp)
		for i := range cp.Len() {
			walk(cp.Index(i), path+"["+itemKey(cp.Index(i), i)+"]", visit)
		}
	case t.Kind() == reflect.Struct:
		for _, f := range structCache[t].fields {
			name := f.json
			if path != "" && !f.anonymous {
				name = path + "." + name
			} else if f.anonymous {
				name = path
			}
			if f.delay {
				visit(name, v.Field(f.index).Addr().Interface().(*scenario.Param), true)
				continue
			}
			walk(v.Field(f.index), name, visit)
		}
	}
}

// structInfo is what walk reads of a struct type that can hold a Param: the exported
// fields that can, in order, and the fields that name a list item.
type structInfo struct {
	fields []fieldInfo
	// keys are the string fields ID and Name, in that order, where the type has them.
	keys [][]int
}

// fieldInfo is a field of a struct that can hold a Param.
type fieldInfo struct {
	index     int
	json      string // its name in the file format
	anonymous bool
	delay     bool // a project's delay_risk_months
}

func newStructInfo(t reflect.Type) *structInfo {
	info := &structInfo{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() && holdsParam(f.Type) {
			info.fields = append(info.fields, fieldInfo{index: i, json: jsonName(f), anonymous: f.Anonymous,
				delay: t == projectType && i == delayField})
		}
	}
	for _, name := range []string{"ID", "Name"} {
		if f, ok := t.FieldByName(name); ok && f.Type.Kind() == reflect.String {
			info.keys = append(info.keys, f.Index)
		}
	}
	return info
}

// holdsParam reports whether a value of type t can contain a Param.
func holdsParam(t reflect.Type) bool {
	if v, ok := holdsCache[t]; ok {
		return v
	}
	holdsCache[t] = false // cycles: assume none until proven
	var ok bool
	switch t.Kind() {
	case reflect.Struct:
		ok = t == paramType
		for i := 0; !ok && i < t.NumField(); i++ {
			ok = t.Field(i).IsExported() && holdsParam(t.Field(i).Type)
		}
	case reflect.Pointer, reflect.Slice, reflect.Array:
		ok = holdsParam(t.Elem())
	}
	holdsCache[t] = ok
	return ok
}

// holdsCache and structCache are filled for every type of a Scenario at package
// initialisation, so that walks from several goroutines only read them. Reading fields
// and tags by reflection on every walk was half of a draw's time.
var (
	holdsCache  = map[reflect.Type]bool{}
	structCache = map[reflect.Type]*structInfo{}
)

func init() {
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			visit(t.Elem())
		case reflect.Struct:
			if _, done := structCache[t]; done || !holdsParam(t) {
				return
			}
			info := newStructInfo(t)
			structCache[t] = info
			for _, f := range info.fields {
				visit(t.Field(f.index).Type)
			}
		}
	}
	visit(reflect.TypeFor[scenario.Scenario]())
}

// itemKey names a list item by its ID or Name field when set, else by its index.
func itemKey(v reflect.Value, i int) string {
	if v.Kind() == reflect.Struct {
		for _, index := range structCache[v.Type()].keys {
			if s := v.FieldByIndex(index).String(); s != "" {
				return s
			}
		}
	}
	return strconv.Itoa(i)
}

func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	for i := range len(tag) {
		if tag[i] == ',' {
			tag = tag[:i]
			break
		}
	}
	if tag == "" || tag == "-" {
		return f.Name
	}
	return tag
}
