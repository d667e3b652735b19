package scenario

import (
	"fmt"
	"math"
)

// bounds is the range a field's values must lie in; an open side excludes its limit.
type bounds struct {
	lo, hi         float64
	loOpen, hiOpen bool
}

var (
	anyNumber = bounds{lo: math.Inf(-1), hi: math.Inf(1)}
	nonNeg    = bounds{lo: 0, hi: math.Inf(1)}
	positive  = bounds{lo: 0, hi: math.Inf(1), loOpen: true}
	nonPos    = bounds{lo: math.Inf(-1), hi: 0}
	fraction  = bounds{lo: 0, hi: 1}
	percent   = bounds{lo: 0, hi: 100}
	// growthPct allows shrinking demand, but not by 100% or more a year.
	growthPct = bounds{lo: -100, hi: math.Inf(1), loOpen: true}
	// daysPerMonth are working days in a month.
	daysPerMonth = bounds{lo: 0, hi: 31, loOpen: true}
	// adjustment is a share of a gap closed per step: some, at most all.
	adjustment = bounds{lo: 0, hi: 1, loOpen: true}
	atLeastOne = bounds{lo: 1, hi: math.Inf(1)}
)

// String describes the range as a requirement: "within [0, 1]", ">= 0", "> -100".
func (b bounds) String() string {
	loInf, hiInf := math.IsInf(b.lo, -1), math.IsInf(b.hi, 1)
	op := func(open bool, strict, loose string) string {
		if open {
			return strict
		}
		return loose
	}
	switch {
	case loInf && hiInf:
		return "any number"
	case hiInf:
		return op(b.loOpen, "> ", ">= ") + num(b.lo)
	case loInf:
		return op(b.hiOpen, "< ", "<= ") + num(b.hi)
	}
	return fmt.Sprintf("within %s%s, %s%s", op(b.loOpen, "(", "["), num(b.lo), num(b.hi), op(b.hiOpen, ")", "]"))
}

func (b bounds) contains(v float64) bool {
	return (v > b.lo || (v == b.lo && !b.loOpen)) && (v < b.hi || (v == b.hi && !b.hiOpen))
}

// check returns what is wrong when p can take a value outside b, or "". A distribution
// must keep its whole support inside b, not just its point value: a sampled fraction of
// 1.2 is as wrong as a written one.
func (b bounds) check(p Param) string {
	if p.IsFixed() {
		if !b.contains(p.Value) {
			return fmt.Sprintf("must be %s, got %s", b, num(p.Value))
		}
		return ""
	}
	lo, hi, loOpen := p.Support()
	bad := math.NaN()
	switch {
	case lo < b.lo || (lo == b.lo && b.loOpen && !loOpen):
		bad = lo
	case hi > b.hi || (hi == b.hi && b.hiOpen):
		bad = hi
	default:
		return ""
	}
	hint := ""
	if p.Dist == Normal && math.IsInf(bad, 0) {
		hint = " (truncate it with min and max)"
	}
	return fmt.Sprintf("must be %s, but the %s distribution reaches %s%s", b, p.Dist, num(bad), hint)
}
