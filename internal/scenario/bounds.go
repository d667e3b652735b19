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
	var bad float64
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

// Upper limits that keep every run finite. Without them a finite number such as
// pct_per_year: 1e308 passed validation and the run failed later on an infinite or NaN
// result. Each limit lies far beyond any real value of its field, so it only refuses
// typing mistakes and abuse:
//   - durations in months at most the longest horizon a file can write, 1900-01 to
//     2200-12 (horizonMonths), and working days at most 31 a month of it;
//   - tonnages at most maxTonnes, 1e12 t, a hundred times the world's yearly mining of
//     all materials together (order 1e10 t), so sums over every month stay finite;
//   - prices at most maxUSDPerKg, 1e6 USD/kg, and tariffs at most 10,000 %;
//   - capital costs at most 1e9 million USD;
//   - demand growth at most 100 % a year: doubling yearly for 301 years is about 1e91,
//     whose products with tonnages and prices, and their squares, stay below 1e308;
//   - elasticities at most 100 in magnitude, and the price cap at most 1,000.
var (
	monthsNonNeg     = bounds{lo: 0, hi: horizonMonths}
	monthsPositive   = bounds{lo: 0, hi: horizonMonths, loOpen: true}
	monthsAtLeastOne = bounds{lo: 1, hi: horizonMonths}
	workingDays      = bounds{lo: 0, hi: 31 * horizonMonths}
	tonnes           = bounds{lo: 0, hi: maxTonnes}
	positiveTonnes   = bounds{lo: 0, hi: maxTonnes, loOpen: true}
	usdPerKg         = bounds{lo: 0, hi: maxUSDPerKg, loOpen: true}
	tariffPct        = bounds{lo: 0, hi: 1e4}
	capexMUSD        = bounds{lo: 0, hi: 1e9}
	growthPctFinite  = bounds{lo: -100, hi: 100, loOpen: true}
	elasticityNeg    = bounds{lo: -maxElasticity, hi: 0}
	elasticityNonNeg = bounds{lo: 0, hi: maxElasticity}
	elasticityPos    = bounds{lo: 0, hi: maxElasticity, loOpen: true}
	priceCap         = bounds{lo: 1, hi: 1e3}
	priceMultiple    = bounds{lo: 1, hi: 1e3}
)

const (
	horizonMonths = (maxYear - minYear + 1) * 12
	maxTonnes     = 1e12
	maxUSDPerKg   = 1e6
	maxElasticity = 100
)
