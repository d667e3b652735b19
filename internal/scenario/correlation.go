package scenario

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Correlation makes some uncertain numbers of a scenario move together in Monte Carlo
// runs. Params name them by the paths Monte Carlo keys its draws by (list items by their
// id or name when they have one, else by index): "projects[MP 10X].capex_musd",
// "controls[ann18].licensing.approval". Either Rho, one Spearman rank correlation for
// every pair of the group, or Matrix, a full matrix of rank correlations with one row
// and column per param in order, is given; Matrix is nil for the Rho form.
//
// Deterministic runs ignore correlations.
type Correlation struct {
	Params []string    `json:"params"`
	Rho    float64     `json:"rho,omitempty"`
	Matrix [][]float64 `json:"matrix,omitempty"`
	Origin Origin      `json:"-"`
}

func (c *Correlation) at() *Origin { return &c.Origin }
func (c *Correlation) fields() []field {
	return []field{
		req("params", "paths of two or more uncertain numbers, e.g. projects[NAME].capex_musd or controls[ID].licensing.approval", stringsV{&c.Params}),
		opt("rho", "Spearman rank correlation of every pair of params, in (-1, 1); give rho or matrix", numV{&c.Rho}),
		opt("matrix", "symmetric positive definite matrix of rank correlations, one row per param in order, 1 on the diagonal; give rho or matrix", matrixV{&c.Matrix}),
	}
}

// schemaRules: exactly one of rho and matrix.
func (*Correlation) schemaRules() []any {
	return []any{map[string]any{"oneOf": []any{
		map[string]any{"required": []string{"rho"}},
		map[string]any{"required": []string{"matrix"}},
	}}}
}

// matrixV is a non-empty list of rows of plain finite numbers.
type matrixV struct{ p *[][]float64 }

func (v matrixV) decode(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		d.errorf(n, path, "must not be empty")
		return
	}
	ok := true
	var out [][]float64
	d.list(n, path, func(c *yaml.Node, p string) {
		var row []float64
		before := d.errCount()
		d.value(numsV{&row}, c, p)
		ok = ok && d.errCount() == before
		out = append(out, row)
	})
	if ok {
		*v.p = out
	}
}

func (matrixV) schema(*schemaGen) map[string]any {
	return map[string]any{"type": "array", "minItems": 2, "items": map[string]any{"type": "array", "minItems": 2, "items": map[string]any{"type": "number"}}}
}

// RankMatrix returns the group's matrix of rank correlations.
func (c Correlation) RankMatrix() [][]float64 {
	if c.Matrix != nil {
		return c.Matrix
	}
	n := len(c.Params)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = c.Rho
		}
		m[i][i] = 1
	}
	return m
}

// NormalMatrix returns the correlation matrix of the Gaussian copula that gives the
// group's rank correlations: r = 2 sin(π ρ / 6) for each Spearman ρ.
func (c Correlation) NormalMatrix() [][]float64 {
	rank := c.RankMatrix()
	m := make([][]float64, len(rank))
	for i := range rank {
		m[i] = make([]float64, len(rank[i]))
		for j, r := range rank[i] {
			m[i][j] = RankToPearson(r)
		}
		m[i][i] = 1
	}
	return m
}

// RankToPearson converts the Spearman rank correlation of a bivariate normal to its
// Pearson correlation: 2 sin(π ρ / 6).
func RankToPearson(rho float64) float64 { return 2 * math.Sin(math.Pi*rho/6) }

// Cholesky returns the lower-triangular L with L Lᵀ = a, and false when the symmetric
// matrix a is not (numerically) positive definite.
func Cholesky(a [][]float64) ([][]float64, bool) {
	n := len(a)
	l := make([][]float64, n)
	for i := range l {
		l[i] = make([]float64, i+1)
		for j := 0; j <= i; j++ {
			s := a[i][j]
			for k := range j {
				s -= l[i][k] * l[j][k]
			}
			if i == j {
				if !(s > 1e-10) {
					return nil, false
				}
				l[i][i] = math.Sqrt(s)
			} else {
				l[i][j] = s / l[j][j]
			}
		}
	}
	return l, true
}

// ParamAt is a Param of a scenario with the path Monte Carlo names it by.
type ParamAt struct {
	Path  string
	Param Param
	// Delay marks a project's delay_risk_months, whose fixed value D > 0 is uncertain in
	// Monte Carlo runs (uniform over [0, D]).
	Delay bool
}

// Uncertain reports whether the number varies between Monte Carlo replications.
func (p ParamAt) Uncertain() bool { return !p.Param.IsFixed() || (p.Delay && p.Param.Value > 0) }

// Params lists every Param of sc with its path, in the order of the fields of Scenario,
// depth first, list items in order. The paths are those internal/montecarlo keys its
// draws by: field names of the file format joined by dots, list items in brackets by
// their ID or Name when set, else by index.
func Params(sc *Scenario) []ParamAt {
	var out []ParamAt
	walkParams(reflect.ValueOf(sc).Elem(), "", func(path string, p Param, delay bool) {
		out = append(out, ParamAt{path, p, delay})
	})
	return out
}

var (
	paramRType   = reflect.TypeFor[Param]()
	projectRType = reflect.TypeFor[Project]()
)

func walkParams(v reflect.Value, path string, visit func(string, Param, bool)) {
	t := v.Type()
	switch {
	case t == paramRType:
		visit(path, v.Interface().(Param), false)
	case t.Kind() == reflect.Pointer:
		if !v.IsNil() {
			walkParams(v.Elem(), path, visit)
		}
	case t.Kind() == reflect.Slice:
		for i := range v.Len() {
			walkParams(v.Index(i), path+"["+itemName(v.Index(i), i)+"]", visit)
		}
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := jsonKey(f)
			if f.Anonymous {
				name = path
			} else if path != "" {
				name = path + "." + name
			}
			if t == projectRType && f.Name == "DelayRiskMonths" {
				visit(name, v.Field(i).Interface().(Param), true)
				continue
			}
			walkParams(v.Field(i), name, visit)
		}
	}
}

func itemName(v reflect.Value, i int) string {
	if v.Kind() == reflect.Struct {
		for _, f := range []string{"ID", "Name"} {
			if fv := v.FieldByName(f); fv.IsValid() && fv.Kind() == reflect.String && fv.String() != "" {
				return fv.String()
			}
		}
	}
	return strconv.Itoa(i)
}

func jsonKey(f reflect.StructField) string {
	tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if tag == "" || tag == "-" {
		return f.Name
	}
	return tag
}

// checkCorrelations checks the correlation groups of sc against the numbers of sc and
// base merged. Paths are only looked up when nothing else is wrong with the file (a
// value that failed to decode, or an unreadable parent, would make correct paths look
// unknown).
func (d *decoder) checkCorrelations(sc, base *Scenario, baseFailed bool) {
	lookup := !baseFailed && d.errCount() == 0
	var params map[string]ParamAt
	var uncertain []string
	if lookup {
		m := &Scenario{}
		merge(m, base)
		merge(m, sc)
		params = map[string]ParamAt{}
		for _, p := range Params(m) {
			params[p.Path] = p
			if p.Uncertain() {
				uncertain = append(uncertain, p.Path)
			}
		}
	}
	owner := map[string]int{}
	for _, c := range base.Correlations {
		for _, p := range c.Params {
			owner[p] = -1
		}
	}
	for i, c := range sc.Correlations {
		path := indexPath("correlations", i)
		for j, p := range c.Params {
			pp := indexPath(keyPath(path, "params"), j)
			if k, dup := owner[p]; dup {
				if k < 0 {
					d.errAt(pp, "%q is already correlated in the extended scenario", p)
				} else if k == i {
					d.errAt(pp, "%q is listed twice", p)
				} else {
					d.errAt(pp, "%q is already correlated in correlations[%d] (a number may be in one group only)", p, k)
				}
				continue
			}
			owner[p] = i
			if !lookup {
				continue
			}
			switch pa, ok := params[p]; {
			case !ok:
				d.errAt(pp, "unknown number %q%s", p, nearPath(p, uncertain))
			case !pa.Uncertain():
				d.errAt(pp, "%q is a fixed number; only distributions (and a project's delay_risk_months > 0) can be correlated", p)
			}
		}
		if n := len(c.Params); n < 2 && d.present(keyPath(path, "params")) {
			d.errAt(keyPath(path, "params"), "needs at least 2 numbers, got %d", n)
		}
		hasRho, hasMatrix := d.present(keyPath(path, "rho")), d.present(keyPath(path, "matrix"))
		switch {
		case hasRho && hasMatrix:
			d.errAt(keyPath(path, "matrix"), "give rho or matrix, not both")
		case !hasRho && !hasMatrix:
			d.errAt(path, "needs rho or matrix")
		case hasRho:
			d.checkRho(path, c)
		case c.Matrix != nil:
			d.checkMatrix(path, c)
		}
	}
}

func (d *decoder) checkRho(path string, c Correlation) {
	p := keyPath(path, "rho")
	if !(c.Rho > -1 && c.Rho < 1) {
		d.errAt(p, "must be in (-1, 1), got %s", num(c.Rho))
		return
	}
	if n := len(c.Params); n > 2 {
		if _, ok := Cholesky(c.NormalMatrix()); !ok {
			d.errAt(p, "%s for %d numbers gives a correlation matrix that is not positive definite (rho must be above about -1/%d)", num(c.Rho), n, n-1)
		}
	}
}

func (d *decoder) checkMatrix(path string, c Correlation) {
	p := keyPath(path, "matrix")
	m, n := c.Matrix, len(c.Params)
	if len(m) != n {
		d.errAt(p, "must have one row per number: %d rows, got %d", n, len(m))
		return
	}
	for i, row := range m {
		if len(row) != n {
			d.errAt(indexPath(p, i), "must have one entry per number: %d entries, got %d", n, len(row))
			return
		}
	}
	bad := false
	for i := range n {
		for j := range n {
			ep := indexPath(indexPath(p, i), j)
			switch {
			case i == j && m[i][j] != 1:
				d.errAt(ep, "the diagonal must be 1, got %s", num(m[i][j]))
				bad = true
			case i != j && !(m[i][j] > -1 && m[i][j] < 1):
				d.errAt(ep, "must be in (-1, 1), got %s", num(m[i][j]))
				bad = true
			case j < i && m[i][j] != m[j][i]:
				d.errAt(ep, "must equal matrix[%d][%d] = %s (the matrix must be symmetric)", j, i, num(m[j][i]))
				bad = true
			}
		}
	}
	if bad {
		return
	}
	if _, ok := Cholesky(m); !ok {
		d.errAt(p, "is not positive definite")
	} else if _, ok := Cholesky(c.NormalMatrix()); !ok {
		d.errAt(p, "is not positive definite once converted to normal correlations 2 sin(π ρ / 6)")
	}
}

// nearPath suggests the uncertain path closest to p.
func nearPath(p string, paths []string) string {
	best, bestDist := "", max(3, len(p)/5)
	for _, q := range paths {
		if dist := editDistance(p, q); dist < bestDist {
			best, bestDist = q, dist
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	if len(paths) > 0 {
		return " (uncertain numbers: " + strings.Join(slices.Sorted(slices.Values(paths))[:min(len(paths), 5)], ", ") + pick(len(paths) > 5, ", ...)", ")")
	}
	return " (the scenario has no uncertain numbers)"
}
