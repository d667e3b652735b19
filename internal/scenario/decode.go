package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxVisits bounds the values one file may decode to. Aliases can make a small file
// expand to many values; no real scenario comes near the bound.
const maxVisits = 200_000

// decoder turns the YAML node tree of one file into a Scenario, recording every problem
// with its position and field path.
type decoder struct {
	file   string
	env    Env
	places *places
	errs   ErrorList
	// nodes maps each decoded field path to its value node, so that later checks can
	// point at the place.
	nodes  map[string]*yaml.Node
	visits int
	// horizon is the scenario's first and last month once its own and its parent's start
	// and end are known and in order (validate), for refusing dated elements that would
	// act on nothing; zero while unknown.
	horizon Window
}

// field is one key of a mapping: the single description that drives decoding, checking
// and the JSON Schema.
type field struct {
	key      string
	doc      string
	required bool
	why      string // said when a required key is missing
	val      value
}

// value decodes and describes one kind of YAML value.
type value interface {
	decode(d *decoder, n *yaml.Node, path string)
	schema(g *schemaGen) map[string]any
}

// record is a type decoded from a mapping.
type record interface{ fields() []field }

// located is a record that remembers where it was written.
type located interface{ at() *Origin }

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	e := &Error{File: d.file, Path: path, Reason: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.errs.add(e)
}

// errCount returns how many problems have been found, so that a decoder can tell whether
// a value it decoded was sound.
func (d *decoder) errCount() int { return len(d.errs.Errors) + d.errs.Dropped }

// errAt reports a problem at a path decoded earlier, or at the closest enclosing path
// that was.
func (d *decoder) errAt(path, format string, args ...any) {
	d.errorf(d.node(path), path, format, args...)
}

func (d *decoder) node(path string) *yaml.Node {
	for p := path; p != ""; p = parentPath(p) {
		if n, ok := d.nodes[p]; ok {
			return n
		}
	}
	return d.nodes[""]
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

func keyPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func (d *decoder) origin(n *yaml.Node) Origin {
	return Origin{File: d.file, Line: n.Line, Column: n.Column}
}

// value decodes n with v, following aliases and counting visits.
func (d *decoder) value(v value, n *yaml.Node, path string) {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		if i > 100 {
			d.errorf(n, path, "alias chain too long")
			return
		}
		n = n.Alias
	}
	if d.visits++; d.visits > maxVisits {
		if d.visits == maxVisits+1 {
			d.errorf(n, path, "file expands to more than %d values (through aliases)", maxVisits)
		}
		return
	}
	d.nodes[path] = n
	v.decode(d, n, path)
}

// object decodes a mapping into fields, reporting keys that are unknown, repeated or
// missing. A null value counts as absent.
func (d *decoder) object(n *yaml.Node, path string, fs []field) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "must be a mapping, got %s", describe(n))
		return
	}
	seen := map[string]*yaml.Node{}
	suggested := map[string]bool{} // keys a misspelling was taken for: not reported missing too
	merged := false                // a merge key may have meant to supply the missing keys
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, path, "keys must be plain strings, got %s", describe(k))
			continue
		}
		if k.Tag == "!!merge" {
			d.errorf(k, keyPath(path, k.Value), "merge keys are not supported")
			merged = true
			continue
		}
		p := keyPath(path, k.Value)
		if prev, dup := seen[k.Value]; dup {
			d.errorf(k, p, "duplicate key (first at line %d)", prev.Line)
			continue
		}
		seen[k.Value] = k
		i := slices.IndexFunc(fs, func(f field) bool { return f.key == k.Value })
		if i < 0 {
			hint, near := suggest(k.Value, fs)
			d.errorf(k, p, "unknown key%s", hint)
			suggested[near] = true
			continue
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			if fs[i].required {
				d.errorf(v, p, "required, got null")
			}
			continue
		}
		d.value(fs[i].val, v, p)
	}
	for _, f := range fs {
		if _, ok := seen[f.key]; f.required && !ok && !suggested[f.key] && !merged {
			if f.why != "" {
				d.errorf(n, keyPath(path, f.key), "required: %s", f.why)
				continue
			}
			d.errorf(n, keyPath(path, f.key), "required")
		}
	}
}

// suggest returns a hint naming the closest known key, and that key, or the known keys
// when none is close.
func suggest(key string, fs []field) (hint, near string) {
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = f.key
	}
	return SuggestKey(key, keys)
}

// SuggestKey returns a hint for an unknown key in a strict file: " (did you mean "x"?)"
// naming the closest of known within an edit distance of 2, and that key, or the list of
// known keys when none is close. Planner files use it too, so both formats hint alike.
func SuggestKey(key string, known []string) (hint, near string) {
	if best := nearest(key, known, 2); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best), best
	}
	return " (want one of " + strings.Join(known, ", ") + ")", ""
}

// nearest returns the first of known closest to key within an edit distance of maxDist,
// or "".
func nearest(key string, known []string, maxDist int) string {
	best, bestDist := "", maxDist+1
	for _, k := range known {
		if dist := editDistance(key, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance of two short keys.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// describe names what a node holds, for "must be X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "number " + n.Value
	case "!!bool":
		return "boolean " + n.Value
	case "!!null":
		return "null"
	case "!!timestamp":
		return "date " + n.Value
	case "!!str":
		return strconv.Quote(n.Value)
	}
	return n.Tag + " " + strconv.Quote(n.Value)
}

// str returns the text of a string scalar, or reports the wrong type.
func (d *decoder) str(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		hint := ""
		if n.Kind == yaml.ScalarNode {
			hint = " (quote it)"
		}
		d.errorf(n, path, "must be a string, got %s%s", describe(n), hint)
		return "", false
	}
	return n.Value, true
}

// number returns the value of a numeric scalar, or reports the wrong type.
func (d *decoder) number(n *yaml.Node, path string) (float64, bool) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		d.errorf(n, path, "must be a number, got %s", describe(n))
		return 0, false
	}
	var f float64
	if err := n.Decode(&f); err != nil {
		d.errorf(n, path, "must be a number, got %s", describe(n))
		return 0, false
	}
	return f, true
}

// list calls fn for each item of a sequence.
func (d *decoder) list(n *yaml.Node, path string, fn func(item *yaml.Node, path string)) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "must be a list, got %s", describe(n))
		return
	}
	for i, c := range n.Content {
		fn(c, indexPath(path, i))
	}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// decodeFile parses the YAML text of one file and decodes it into a Scenario.
func (d *decoder) decodeFile(data []byte) *Scenario {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.errs.add(&Error{File: d.file, Reason: "empty file (want a mapping with at least name)"})
		} else {
			d.syntaxError(err)
		}
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		d.errorf(&next, "", "only one YAML document is allowed")
		return nil
	} else if !errors.Is(err, io.EOF) {
		d.syntaxError(err)
		return nil
	}
	if len(doc.Content) != 1 {
		d.errs.add(&Error{File: d.file, Reason: "empty file (want a mapping with at least name)"})
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "", "the file must be a mapping of scenario keys, got %s", describe(root))
		return nil
	}
	sc := &Scenario{Origin: Origin{File: d.file}}
	d.nodes[""] = root
	d.object(root, "", sc.fields())
	if n, ok := d.nodes["importer"]; ok {
		sc.ImporterOrigin = d.origin(n)
	}
	if n, ok := d.nodes["rival"]; ok {
		sc.RivalOrigin = d.origin(n)
	}
	// Keys later checks name (the compiler refuses an exporter or an outage that acts on
	// nothing) keep their own positions.
	for i := range sc.Controls {
		if n, ok := d.nodes[indexPath("controls", i)+".exporter"]; ok {
			sc.Controls[i].ExporterOrigin = d.origin(n)
		}
	}
	for i := range sc.Offtakes {
		if n, ok := d.nodes[indexPath("offtakes", i)+".seller"]; ok {
			sc.Offtakes[i].SellerOrigin = d.origin(n)
		}
		if n, ok := d.nodes[indexPath("offtakes", i)+".buyer"]; ok {
			sc.Offtakes[i].BuyerOrigin = d.origin(n)
		}
	}
	for i := range sc.Stockpiles {
		if n, ok := d.nodes[indexPath("stockpiles", i)+".holder"]; ok {
			sc.Stockpiles[i].HolderOrigin = d.origin(n)
		}
	}
	for i := range sc.Outages {
		if n, ok := d.nodes[indexPath("outages", i)+".products"]; ok {
			sc.Outages[i].ProductsOrigin = d.origin(n)
		}
	}
	return sc
}

func (d *decoder) syntaxError(err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		d.errs.add(&Error{File: d.file, Line: line, Reason: "YAML syntax: " + m[2]})
		return
	}
	d.errs.add(&Error{File: d.file, Reason: "YAML syntax: " + strings.TrimPrefix(msg, "yaml: ")})
}
