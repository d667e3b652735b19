package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Resolve returns the complete scenario sc describes: its ancestors (named by extends,
// looked up with lookup) merged oldest first, then sc, then defaults for what none sets.
//
// Merging is deliberately simple. Lists are concatenated, the parent's entries first, so a
// file can add events but not remove its parent's (write a new scenario for that); sources
// are concatenated without repeats. Importer, rival, start, end and each key of
// parameters are taken from the newest file that sets them; name, title and summary
// always come from sc, since they describe it rather than what it inherits. Start and End
// default to DefaultStart and DefaultEnd. The result has no Extends; it shares Param and
// list-item contents with its inputs, which callers must not modify.
//
// A cycle of extends, or a name lookup does not know, is an error wrapping ErrInvalid.
func Resolve(sc *Scenario, lookup func(name string) (*Scenario, error)) (*Scenario, error) {
	chain, err := ancestors(sc, lookup)
	if err != nil {
		return nil, fmt.Errorf("resolve scenario %s: %w", sc.Name, err)
	}
	out := &Scenario{}
	for i := len(chain) - 1; i >= 0; i-- {
		merge(out, chain[i])
	}
	merge(out, sc)
	out.Extends = ""
	if out.Start == 0 {
		out.Start = DefaultStart
	}
	if out.End == 0 {
		out.End = DefaultEnd
	}
	return out, nil
}

// extendsError is a problem with the extends chain, phrased to follow "extends: ".
type extendsError struct {
	reason string
	err    error // what lookup returned, if anything
}

func (e *extendsError) Error() string { return "extends: " + e.reason }
func (e *extendsError) Unwrap() []error {
	if e.err == nil {
		return []error{ErrInvalid}
	}
	return []error{ErrInvalid, e.err}
}

// extendsReason returns the reason of an extends error for a positioned message.
func extendsReason(err error) string {
	if e, ok := errors.AsType[*extendsError](err); ok {
		return e.reason
	}
	return err.Error()
}

// ancestors returns the scenarios sc extends, nearest first.
func ancestors(sc *Scenario, lookup func(string) (*Scenario, error)) ([]*Scenario, error) {
	names := []string{sc.Name}
	var chain []*Scenario
	for name := sc.Extends; name != ""; {
		if slices.Contains(names, name) {
			return nil, &extendsError{reason: "cycle " + strings.Join(append(names, name), " -> ")}
		}
		if lookup == nil {
			return nil, &extendsError{reason: fmt.Sprintf("cannot look up scenario %q", name)}
		}
		p, err := lookup(name)
		switch e, isExt := errors.AsType[*extendsError](err); {
		case err == nil:
		case errors.Is(err, ErrNotFound):
			return nil, &extendsError{reason: fmt.Sprintf("unknown scenario %q", name), err: err}
		case isExt:
			return nil, e
		default:
			first, _, _ := strings.Cut(err.Error(), "\n")
			return nil, &extendsError{reason: fmt.Sprintf("scenario %q is invalid: %s", name, first), err: err}
		}
		names = append(names, name)
		chain = append(chain, p)
		name = p.Extends
	}
	return chain, nil
}

// merge adds s to out: scalars s sets override, lists are appended.
func merge(out, s *Scenario) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	// Name, title and summary describe one file, so they are never inherited.
	out.Name, out.Title, out.Summary = s.Name, s.Title, s.Summary
	if s.Importer != "" {
		out.ImporterOrigin = s.ImporterOrigin
	}
	if s.Rival != "" {
		out.RivalOrigin = s.RivalOrigin
	}
	set(&out.Importer, s.Importer)
	set(&out.Rival, s.Rival)
	if s.Start != 0 {
		out.Start = s.Start
	}
	if s.End != 0 {
		out.End = s.End
	}
	out.Origin = s.Origin
	for _, src := range s.Sources {
		if !slices.Contains(out.Sources, src) {
			out.Sources = append(out.Sources, src)
		}
	}
	out.Controls = slices.Concat(out.Controls, s.Controls)
	out.Suspensions = slices.Concat(out.Suspensions, s.Suspensions)
	out.Tariffs = slices.Concat(out.Tariffs, s.Tariffs)
	out.Outages = slices.Concat(out.Outages, s.Outages)
	out.DemandGrowth = slices.Concat(out.DemandGrowth, s.DemandGrowth)
	out.Projects = slices.Concat(out.Projects, s.Projects)
	out.EmergencyPowers = slices.Concat(out.EmergencyPowers, s.EmergencyPowers)
	out.Stockpiles = slices.Concat(out.Stockpiles, s.Stockpiles)
	out.Inventories = slices.Concat(out.Inventories, s.Inventories)
	out.Offtakes = slices.Concat(out.Offtakes, s.Offtakes)
	out.Recycling = slices.Concat(out.Recycling, s.Recycling)
	out.Substitution = slices.Concat(out.Substitution, s.Substitution)
	out.PriceFloors = slices.Concat(out.PriceFloors, s.PriceFloors)
	out.Priority = slices.Concat(out.Priority, s.Priority)
	out.Correlations = slices.Concat(out.Correlations, s.Correlations)
	// Parameters merge key by key, through their field descriptions.
	dst, src := out.Parameters.fields(), s.Parameters.fields()
	for i := range dst {
		if v := *src[i].val.(optParamV).p; v != nil {
			*dst[i].val.(optParamV).p = v
		}
	}
}
