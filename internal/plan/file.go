package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/critmin/critmin/internal/scenario"
)

// Objective is what the planner minimises.
type Objective string

// The objectives. Shortfall is the importer's total shortfall of Spec.Product over the
// horizon, in tonnes; independence is the month index (0 = the scenario's start) from
// which the importer's rival-free supply of the product covers its demand for 12 months;
// road is the month index from which capacity outside the rival, fed only by what is
// made outside the rival, covers the importer's need at every stage of the product's
// supply chain through the horizon (the road to independence, sim.Summary.Road). Never
// counts as the horizon's length (the month after the last).
const (
	ExpectedShortfall    Objective = "expected_shortfall"
	P95Shortfall         Objective = "p95_shortfall"
	ExpectedIndependence Objective = "expected_independence"
	ExpectedRoad         Objective = "expected_road"
)

// Objectives lists the objectives in the order help text shows them.
var Objectives = []Objective{ExpectedShortfall, P95Shortfall, ExpectedIndependence, ExpectedRoad}

// Unit is the unit of the objective's values.
func (o Objective) Unit() string {
	if o.month() {
		return "month index"
	}
	return "t"
}

// month reports whether the objective is a month index, with never counted as the
// horizon's length.
func (o Objective) month() bool { return o == ExpectedIndependence || o == ExpectedRoad }

// DefaultProduct is the final product whose shortfall or independence is the objective
// when a plan names none.
const DefaultProduct = "ndfeb/magnet"

// Defaults of a plan file.
const (
	DefaultRuns = 100
	DefaultSeed = 1
	// MaxCandidates bounds a plan's candidates (the heuristic evaluates O(n^2) portfolios
	// per local-search step).
	MaxCandidates = 40
)

// Spec is a planner file.
type Spec struct {
	// File is the name the file was read as.
	File string
	// Scenario is the base scenario as written in the file (a built-in name or a file,
	// relative to the plan file); Base is it resolved.
	Scenario   string
	Base       *scenario.Scenario
	BudgetMUSD float64
	Objective  Objective
	Product    string
	Runs       int
	Seed       uint64
	Title      string
	Candidates []Candidate
	// productAt is where the file gives the product (zero when it takes the default).
	productAt scenario.Error
}

// Candidate is one measure: entries appended to the base scenario's lists when chosen.
type Candidate struct {
	Name        string
	Description string
	// CostMUSD is cost_musd when given, else the sum of the projects' capex_musd (point
	// values).
	CostMUSD float64
	// Measures holds the entries (Projects, Stockpiles, Offtakes, Recycling,
	// Substitution), checked as a scenario file would be.
	Measures *scenario.Scenario
	Origin   scenario.Origin
}

// The keys of a candidate that are the planner's own; the others are scenario lists:
// the measures, and correlations among the candidate's own uncertain numbers (the Dy
// and Tb entries of one plant slipping together, say), which are no measure by
// themselves and cost nothing.
var (
	candidateOwnKeys  = []string{"name", "description", "cost_musd"}
	candidateListKeys = []string{"projects", "stockpiles", "offtakes", "recycling", "substitution"}
	candidateCorrKey  = "correlations"
	topKeys           = []string{"title", "scenario", "budget_musd", "objective", "product", "runs", "seed", "candidates"}
)

// Load reads and checks the plan file at path; see Parse.
func Load(path string, env scenario.Env) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan: %w", err)
	}
	return Parse(path, data, env)
}

// Parse decodes and checks a plan file, naming it name in messages; a scenario given as a
// file is read relative to name's directory. Unknown keys and wrong values are errors
// with file:line:col; invalid content returns a *scenario.ErrorList wrapping
// scenario.ErrInvalid. The base scenario is resolved with env.Base.
func Parse(name string, data []byte, env scenario.Env) (*Spec, error) {
	return parse(&parser{file: name, data: data, env: env})
}

// ParseInline is Parse for a file that has no directory, such as a server's request
// body: its scenario must be a built-in (one env.Base resolves), and a scenario file
// name is an error at its position, so that a plan cannot make the reader open files.
func ParseInline(name string, data []byte, env scenario.Env) (*Spec, error) {
	return parse(&parser{file: name, data: data, env: env, inline: true})
}

func parse(p *parser) (*Spec, error) {
	s := p.parse()
	if len(p.errs.Errors) > 0 {
		slices.SortStableFunc(p.errs.Errors, func(a, b *scenario.Error) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Column - b.Column
		})
		return nil, &p.errs
	}
	return s, nil
}

type parser struct {
	file string
	data []byte
	env  scenario.Env
	errs scenario.ErrorList
	// inline refuses scenario files (ParseInline).
	inline bool
}

func (p *parser) errorf(n *yaml.Node, path, format string, args ...any) {
	e := &scenario.Error{File: p.file, Path: path, Reason: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	if len(p.errs.Errors) < 50 {
		p.errs.Errors = append(p.errs.Errors, e)
	} else {
		p.errs.Dropped++
	}
}

func (p *parser) parse() *Spec {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(p.data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.errorf(nil, "", "empty file (want a mapping with scenario, budget_musd and candidates)")
		} else {
			p.errorf(nil, "", "YAML syntax: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		p.errorf(&next, "", "only one YAML document is allowed")
		return nil
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		p.errorf(&doc, "", "the file must be a mapping of plan keys")
		return nil
	}
	root := doc.Content[0]
	s := &Spec{File: p.file, Objective: ExpectedShortfall, Product: DefaultProduct, Runs: DefaultRuns, Seed: DefaultSeed}
	keys := p.keys(root, "", topKeys, []string{"scenario", "budget_musd", "candidates"})
	var scNode, candNode *yaml.Node
	for k, v := range keys {
		switch k {
		case "title":
			s.Title, _ = p.str(v, k)
		case "scenario":
			s.Scenario, _ = p.str(v, k)
			scNode = v
		case "budget_musd":
			if f, ok := p.number(v, k); ok {
				if f < 0 {
					p.errorf(v, k, "must be >= 0 MUSD, got %s", v.Value)
				}
				s.BudgetMUSD = f
			}
		case "objective":
			if o, ok := p.str(v, k); ok {
				s.Objective = Objective(o)
				if !slices.Contains(Objectives, s.Objective) {
					p.errorf(v, k, "unknown objective %q (want one of %s)", o, joinObjectives())
				}
			}
		case "product":
			if pr, ok := p.str(v, k); ok {
				s.Product = pr
				s.productAt = scenario.Error{File: p.file, Line: v.Line, Column: v.Column, Path: k}
				if p.env.Products != nil && !p.env.Products.HasProduct(pr) {
					p.errorf(v, k, "unknown product %q (want a material/stage id such as %s)", pr, DefaultProduct)
				}
			}
		case "runs":
			if n, ok := p.integer(v, k); ok {
				if n < 1 || n > 1_000_000 {
					p.errorf(v, k, "must be within [1, 1000000] replications, got %d", n)
				}
				s.Runs = int(n)
			}
		case "seed":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
				p.errorf(v, k, "must be a non-negative integer, got %q", v.Value)
			} else if u, err := strconv.ParseUint(v.Value, 0, 64); err != nil {
				p.errorf(v, k, "must be a non-negative integer below 2^64, got %s", v.Value)
			} else {
				s.Seed = u
			}
		case "candidates":
			candNode = v
		}
	}
	if scNode != nil && s.Scenario != "" {
		s.Base = p.base(scNode, s.Scenario)
	}
	if candNode != nil {
		p.candidates(s, root, candNode)
	}
	if s.Base != nil {
		p.checkNames(s)
	}
	return s
}

// keys checks the keys of a mapping and returns the value node of each known key, in
// file order (as an iterator-friendly ordered slice through a map would lose order).
func (p *parser) keys(n *yaml.Node, path string, known, required []string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "must be a mapping")
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kp := k.Value
		if path != "" {
			kp = path + "." + k.Value
		}
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			p.errorf(k, path, "keys must be plain strings (merge keys are not supported)")
			continue
		}
		if !slices.Contains(known, k.Value) {
			p.errorf(k, kp, "unknown key%s", suggest(k.Value, known))
			continue
		}
		if _, dup := out[k.Value]; dup {
			p.errorf(k, kp, "duplicate key")
			continue
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue
		}
		out[k.Value] = v
	}
	for _, r := range required {
		if _, ok := out[r]; !ok {
			kp := r
			if path != "" {
				kp = path + "." + r
			}
			p.errorf(n, kp, "required")
		}
	}
	return out
}

// suggest is scenario.SuggestKey's hint.
func suggest(key string, known []string) string {
	hint, _ := scenario.SuggestKey(key, known)
	return hint
}

func joinObjectives() string {
	s := make([]string, len(Objectives))
	for i, o := range Objectives {
		s[i] = string(o)
	}
	return strings.Join(s, ", ")
}

func (p *parser) str(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		p.errorf(n, path, "must be a string, got %q", n.Value)
		return "", false
	}
	return n.Value, true
}

func (p *parser) number(n *yaml.Node, path string) (float64, bool) {
	var f float64
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&f) != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		p.errorf(n, path, "must be a number, got %q", n.Value)
		return 0, false
	}
	return f, true
}

func (p *parser) integer(n *yaml.Node, path string) (int64, bool) {
	var i int64
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
		p.errorf(n, path, "must be an integer, got %q", n.Value)
		return 0, false
	}
	return i, true
}

// base resolves the plan's scenario: a built-in name, or a .yaml/.yml file relative to
// the plan file.
func (p *parser) base(n *yaml.Node, name string) *scenario.Scenario {
	var sc *scenario.Scenario
	var err error
	if ext := strings.ToLower(filepath.Ext(name)); (ext == ".yaml" || ext == ".yml") && p.inline {
		err = fmt.Errorf("%q is a file: here the scenario must be a built-in's name", name)
	} else if ext == ".yaml" || ext == ".yml" {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(p.file), name)
		}
		sc, err = scenario.Load(path, p.env)
	} else if p.env.Base == nil {
		err = fmt.Errorf("no built-in scenarios here; give a .yaml file")
	} else {
		sc, err = p.env.Base(name)
		if errors.Is(err, scenario.ErrNotFound) {
			err = fmt.Errorf("unknown scenario %q: not a built-in (see 'critmin scenarios'); a file must end in .yaml", name)
		}
	}
	if err == nil {
		sc, err = scenario.Resolve(sc, p.env.Base)
	}
	if err != nil {
		var list *scenario.ErrorList
		if errors.As(err, &list) {
			p.errs.Errors = append(p.errs.Errors, list.Errors...)
			return nil
		}
		p.errorf(n, "scenario", "%v", err)
		return nil
	}
	return sc
}

// candidates decodes the candidate list. Each candidate's scenario lists are checked by
// scenario.Parse on a copy of the file in which every other line is blank, so that its
// messages keep this file's lines and columns.
func (p *parser) candidates(s *Spec, root, list *yaml.Node) {
	if list.Kind != yaml.SequenceNode {
		p.errorf(list, "candidates", "must be a list of measures")
		return
	}
	if len(list.Content) == 0 {
		p.errorf(list, "candidates", "must hold at least one measure")
		return
	}
	if len(list.Content) > MaxCandidates {
		p.errorf(list, "candidates", "at most %d measures, got %d", MaxCandidates, len(list.Content))
		return
	}
	lines := strings.Split(string(p.data), "\n")
	// The first line after the candidate list: the next top-level key's line.
	listEnd := len(lines)
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Line > list.Line && k.Line-1 < listEnd {
			listEnd = k.Line - 1
		}
	}
	seen := map[string]int{}
	for i, c := range list.Content {
		path := fmt.Sprintf("candidates[%d]", i)
		if c.Kind != yaml.MappingNode {
			p.errorf(c, path, "must be a mapping with name, cost_musd and scenario lists")
			continue
		}
		if c.Style&yaml.FlowStyle != 0 || list.Style&yaml.FlowStyle != 0 {
			p.errorf(c, path, "write candidates in block style (one key per line)")
			continue
		}
		known := slices.Concat(candidateOwnKeys, candidateListKeys, []string{candidateCorrKey})
		keys := p.keys(c, path, known, []string{"name"})
		cand := Candidate{Origin: scenario.Origin{File: p.file, Line: c.Line, Column: c.Column}}
		if v := keys["name"]; v != nil {
			cand.Name, _ = p.str(v, path+".name")
			if j, dup := seen[cand.Name]; dup && cand.Name != "" {
				p.errorf(v, path+".name", "duplicate candidate name (first at candidates[%d])", j)
			}
			seen[cand.Name] = i
		}
		if v := keys["description"]; v != nil {
			cand.Description, _ = p.str(v, path+".description")
		}
		hasLists, nonProject := false, false
		for _, k := range candidateListKeys {
			if keys[k] != nil {
				hasLists = true
				nonProject = nonProject || k != "projects"
			}
		}
		if !hasLists {
			p.errorf(c, path, "no measures: give at least one of %s", strings.Join(candidateListKeys, ", "))
			continue
		}
		end := listEnd
		if i+1 < len(list.Content) {
			end = list.Content[i+1].Line - 1
		}
		// The fragment runs over the base scenario's horizon, so that a measure dated
		// outside it is refused as it would be in the scenario itself.
		top := []string{"name: plan-candidate", `importer: "USA"`, `rival: "CHN"`}
		if s.Base != nil {
			top = []string{"name: plan-candidate", "importer: " + strconv.Quote(s.Base.Importer), "rival: " + strconv.Quote(s.Base.Rival),
				"start: " + s.Base.Start.String(), "end: " + s.Base.End.String()}
		}
		frag := p.fragment(lines, c, end, top)
		env := p.env
		env.Base = nil
		sc, err := scenario.Parse(p.file, frag, env)
		if err != nil {
			var el *scenario.ErrorList
			if !errors.As(err, &el) {
				p.errorf(c, path, "%v", err)
				continue
			}
			for _, e := range el.Errors {
				e.Path = path + "." + e.Path
				p.errs.Errors = append(p.errs.Errors, e)
			}
			continue
		}
		sc.Name = ""
		cand.Measures = sc
		if v := keys["cost_musd"]; v != nil {
			if f, ok := p.number(v, path+".cost_musd"); ok {
				if f < 0 {
					p.errorf(v, path+".cost_musd", "must be >= 0 MUSD, got %s", v.Value)
				}
				cand.CostMUSD = f
			}
		} else if nonProject {
			p.errorf(c, path+".cost_musd", "required for stockpiles, offtakes, recycling and substitution (their cost is not in the scenario format)")
		} else {
			for _, pr := range sc.Projects {
				cand.CostMUSD += pr.CapexMUSD.Point()
			}
		}
		s.Candidates = append(s.Candidates, cand)
	}
}

// fragment returns the file with only candidate c's scenario lists left (lines c.Line to
// end), its list dash blanked and the scenario keys it needs added after the file, so that scenario.Parse
// reports this file's positions.
func (p *parser) fragment(lines []string, c *yaml.Node, end int, top []string) []byte {
	out := make([]string, len(lines))
	for l := c.Line; l <= end && l <= len(lines); l++ {
		out[l-1] = lines[l-1]
	}
	if first := out[c.Line-1]; len(first) >= c.Column-1 {
		out[c.Line-1] = strings.Repeat(" ", c.Column-1) + first[c.Column-1:]
	}
	// Blank the planner's own keys, from the key to the next key of the candidate.
	for i := 0; i+1 < len(c.Content); i += 2 {
		k := c.Content[i]
		if !slices.Contains(candidateOwnKeys, k.Value) {
			continue
		}
		stop := end
		if i+2 < len(c.Content) {
			stop = c.Content[i+2].Line - 1
		}
		for l := k.Line; l <= stop && l <= len(out); l++ {
			out[l-1] = ""
		}
	}
	// The scenario keys the fragment needs go after the file's last line.
	indent := strings.Repeat(" ", c.Column-1)
	for _, kv := range top {
		out = append(out, indent+kv)
	}
	return []byte(strings.Join(out, "\n"))
}

// checkNames reports a candidate project whose name the base scenario or an earlier
// candidate already uses: project names key their draws (common random numbers) and must
// be unique.
func (p *parser) checkNames(s *Spec) {
	names := map[string]string{}
	for _, pr := range s.Base.Projects {
		names[pr.Name] = "the base scenario"
	}
	for i, c := range s.Candidates {
		for j, pr := range c.Measures.Projects {
			if where, dup := names[pr.Name]; dup {
				p.errs.Errors = append(p.errs.Errors, &scenario.Error{File: p.file, Line: pr.Origin.Line, Column: pr.Origin.Column,
					Path: fmt.Sprintf("candidates[%d].projects[%d].name", i, j), Reason: fmt.Sprintf("project %q is already in %s", pr.Name, where)})
			}
			names[pr.Name] = "candidate " + strconv.Quote(c.Name)
		}
	}
}

// Costs returns the candidates' costs, MUSD.
func (s *Spec) Costs() []float64 {
	out := make([]float64, len(s.Candidates))
	for i, c := range s.Candidates {
		out[i] = c.CostMUSD
	}
	return out
}

// Portfolio returns the base scenario with the chosen candidates' entries (and
// correlation groups) appended, in candidate order. The base's lists are not modified.
func (s *Spec) Portfolio(chosen []int) *scenario.Scenario {
	sc := *s.Base
	idx := slices.Clone(chosen)
	slices.Sort(idx)
	sc.Projects = slices.Clone(sc.Projects)
	sc.Stockpiles = slices.Clone(sc.Stockpiles)
	sc.Offtakes = slices.Clone(sc.Offtakes)
	sc.Recycling = slices.Clone(sc.Recycling)
	sc.Substitution = slices.Clone(sc.Substitution)
	sc.Correlations = slices.Clone(sc.Correlations)
	for _, i := range idx {
		m := s.Candidates[i].Measures
		sc.Projects = append(sc.Projects, m.Projects...)
		sc.Stockpiles = append(sc.Stockpiles, m.Stockpiles...)
		sc.Offtakes = append(sc.Offtakes, m.Offtakes...)
		sc.Recycling = append(sc.Recycling, m.Recycling...)
		sc.Substitution = append(sc.Substitution, m.Substitution...)
		sc.Correlations = append(sc.Correlations, m.Correlations...)
	}
	return &sc
}
