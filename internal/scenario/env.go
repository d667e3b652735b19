package scenario

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// Env is what a scenario is checked against: the countries of the world dataset, the
// product catalogue and the scenarios it may extend.
type Env struct {
	// World resolves country codes, names and aliases, and country groups.
	World *world.Dataset
	// Products is the product and sector catalogue.
	Products Catalogue
	// Base returns a scenario that files may extend, by name, as written (not resolved).
	// An unknown name is an error wrapping ErrNotFound. A nil Base forbids extends.
	Base func(name string) (*Scenario, error)
}

// DefaultEnv returns the embedded world dataset, DefaultCatalogue and the built-in
// scenarios.
func DefaultEnv() (Env, error) {
	ds, err := world.Default()
	if err != nil {
		return Env{}, fmt.Errorf("load world data: %w", err)
	}
	return Env{World: ds, Products: DefaultCatalogue, Base: Builtin}, nil
}

// places answers the country questions of one parse: which codes are countries, which
// names are groups, and which countries a list covers.
type places struct {
	ds     *world.Dataset
	isos   []string          // sorted ISO3 codes of real countries
	groups map[string]string // lower-case group name -> group name
	sets   map[string]map[string]bool
}

func newPlaces(ds *world.Dataset) *places {
	p := &places{ds: ds, groups: map[string]string{}, sets: map[string]map[string]bool{}}
	for _, c := range ds.Countries {
		p.isos = append(p.isos, c.ISO3)
		for _, g := range c.Groups {
			p.groups[strings.ToLower(g)] = g
		}
	}
	slices.Sort(p.isos)
	return p
}

// country resolves a code, name or alias to the ISO3 code of a real country (not the
// dataset's World or Other pseudo-countries).
func (p *places) country(s string) (string, bool) {
	iso, ok := p.ds.ResolveCountry(s)
	if !ok {
		return "", false
	}
	_, real := slices.BinarySearch(p.isos, iso)
	return iso, real
}

// suggest is the hint after an unknown country s: the group a common spelling of it
// stands for ("EU" is the EU27), else the code, group or name closest to s by edit
// distance (at most 1 for a code-length s, whose neighbours are other codes, else 2),
// else what to write. Where the field takes no group (groups false), no group is
// suggested: a spelling of one says the field wants a single country.
func (p *places) suggest(s string, groups bool) string {
	if g, ok := p.ds.ResolveImporter(s); ok {
		if _, isGroup := p.group(g); isGroup {
			// A single-country field takes the EU27, the simulation node its members
			// name, but no other group.
			if !groups && g != EUNode {
				return fmt.Sprintf(" (it would be the group %s, and this field takes a single country: name a member state)", g)
			}
			return fmt.Sprintf(" (did you mean %q?)", g)
		}
	}
	var known []string
	if groups {
		known = slices.Sorted(maps.Values(p.groups))
	}
	known = append(known, p.isos...)
	for _, c := range p.ds.Countries {
		known = append(known, c.Name)
		known = append(known, c.Aliases...)
	}
	maxDist := 2
	if len(s) <= 3 {
		maxDist = 1
	}
	if near := nearest(s, known, maxDist); near != "" {
		return fmt.Sprintf(" (did you mean %q?)", near)
	}
	if !groups {
		return " (want an ISO 3166 alpha-3 code or a name known to the world dataset)"
	}
	return " (want an ISO 3166 alpha-3 code, a group such as EU27, or a name known to the world dataset)"
}

// group returns the canonical spelling of a group name.
func (p *places) group(s string) (string, bool) {
	g, ok := p.groups[strings.ToLower(s)]
	return g, ok
}

// EUNode is the one group a single-country field accepts: the simulation runs the EU27
// and its member states as one node (internal/compile), so EU27 and any member name it.
const EUNode = "EU27"

// node returns the simulation node of a single-country field's value: EUNode for the
// EU27 and its members, the country itself otherwise. Two values with one node are the
// same party to the engine (an offtake from Germany to France is trade inside one node).
func (p *places) node(s string) string {
	if s == EUNode || p.ds.InGroup(s, EUNode) {
		return EUNode
	}
	return s
}

// expand returns the set of countries that entries (ISO3 codes, groups, "all") cover,
// minus those that except covers. Sets are cached, since overlap checks compare every
// pair of entries; callers must not modify them.
func (p *places) expand(entries, except []string) map[string]bool {
	key := strings.Join(entries, ",") + "-" + strings.Join(except, ",")
	if set, ok := p.sets[key]; ok {
		return set
	}
	set := map[string]bool{}
	p.sets[key] = set
	for _, e := range entries {
		for _, iso := range p.members(e) {
			set[iso] = true
		}
	}
	for _, e := range except {
		for _, iso := range p.members(e) {
			delete(set, iso)
		}
	}
	return set
}

func (p *places) members(entry string) []string {
	switch {
	case entry == All:
		return p.isos
	case p.groups[strings.ToLower(entry)] == entry:
		var out []string
		for _, iso := range p.isos {
			if p.ds.InGroup(iso, entry) {
				out = append(out, iso)
			}
		}
		return out
	}
	return []string{entry}
}

// intersects reports whether two country sets share a country, returning one (the first
// in ISO order) for messages.
func intersects(a, b map[string]bool) (string, bool) {
	var common []string
	for iso := range a {
		if b[iso] {
			common = append(common, iso)
		}
	}
	if len(common) == 0 {
		return "", false
	}
	return slices.Min(common), true
}
