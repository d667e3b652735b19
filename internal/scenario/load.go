package scenario

import (
	"cmp"
	"fmt"
	"os"
	"slices"

	"gopkg.in/yaml.v3"
)

// Load reads and checks the scenario file at path; see Parse. An error reading the file
// does not wrap ErrInvalid.
func Load(path string, env Env) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	return Parse(path, data, env)
}

// Parse decodes and checks the scenario file data, naming it name in messages. The
// result is the file as written, with countries resolved to ISO3 codes; a file that
// extends another is checked together with its ancestors (suspensions may refer to their
// controls, and windows may not overlap theirs), and Resolve merges them.
//
// When the file is invalid, Parse returns nil and an *ErrorList of every problem found
// (up to 50), in file order, wrapping ErrInvalid. env.World and env.Products must be set.
func Parse(name string, data []byte, env Env) (*Scenario, error) {
	if env.World == nil || env.Products == nil {
		panic("scenario: Parse needs env.World and env.Products")
	}
	d := &decoder{file: name, env: env, places: newPlaces(env.World), nodes: map[string]*yaml.Node{}}
	sc := d.decodeFile(data)
	if sc != nil {
		base := d.base(sc)
		d.validate(sc, base)
	}
	if err := d.errs.err(); err != nil {
		slices.SortStableFunc(d.errs.Errors, func(a, b *Error) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
		})
		return nil, err
	}
	return sc, nil
}

// base returns the resolved scenario sc extends, or nil when it extends none or the
// parent cannot be used (which is reported).
func (d *decoder) base(sc *Scenario) *Scenario {
	if sc.Extends == "" {
		return nil
	}
	if d.env.Base == nil {
		d.errAt("extends", "no scenario library to extend from here")
		return nil
	}
	base, err := Resolve(&Scenario{Name: sc.Name, Extends: sc.Extends}, d.env.Base)
	if err != nil {
		d.errAt("extends", "%s", extendsReason(err))
		return nil
	}
	return base
}
