package world

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Tolerances of the group rules; docs/data-format.md states them for users.
const (
	shareSumTolerancePct = 0.5 // shares of one stage and year
	tradeSumTolerancePct = 1.0 // an importer's source mix
	// worldTotalTolerance is how far country rows may exceed the world row: USGS rounds
	// world totals to two or three significant figures, which moves them by up to 5%.
	worldTotalTolerance = 0.05
)

// checkGroups applies the rules that span rows: unit consistency, share sums, country
// production against the world total, and importers' source mixes.
func (l *loader) checkGroups(ds *Dataset) {
	l.checkUnits(ds.Figures)
	l.checkShareSums(ds.Figures)
	l.checkWorldTotals(ds.Figures)
	l.checkTradeSums(ds.Trade)
}

func (l *loader) groupError(o Origin, lines []Origin, format string, args ...any) {
	l.probs.add(&FieldError{File: o.File, Line: o.Line, Rule: fmt.Sprintf(format, args...) + " (rows " + listOrigins(lines) + ")"})
}

func listOrigins(os []Origin) string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = o.String()
	}
	sort.Strings(s)
	if len(s) > 6 {
		s = append(s[:6], fmt.Sprintf("and %d more", len(s)-6))
	}
	return strings.Join(s, ", ")
}

// checkUnits requires one unit family and one basis per (commodity, stage, measure): a
// table mixing REO and element weight, or tonnes and percent, cannot be summed. Shares
// are never summed across years, so a share's basis is checked within its year: one
// source's shares of one year may be of a different basis than another's of another year
// (BGS germanium shares to 2024, an IEA statement for 2025).
func (l *loader) checkUnits(fs []Figure) {
	type group struct {
		c, s, m string
		year    int
	}
	first := map[group]Figure{}
	for _, f := range fs {
		g := group{f.Commodity, string(f.Stage), string(f.Measure), 0}
		if f.Measure == Share {
			g.year = f.Year
		}
		p, ok := first[g]
		if !ok {
			first[g] = f
			continue
		}
		if p.Unit.IsMass() != f.Unit.IsMass() || !strings.EqualFold(p.Basis, f.Basis) {
			l.probs.add(&FieldError{File: f.Origin.File, Line: f.Origin.Line, Field: "unit",
				Rule: fmt.Sprintf("unit mismatch: %s %s %s is %s %q here but %s %q at %s",
					f.Commodity, f.Stage, f.Measure, f.Unit, f.Basis, p.Unit, p.Basis, p.Origin)})
		}
	}
}

type stageYear struct {
	commodity string
	stage     Stage
	measure   Measure
	year      int
}

func groupFigures(fs []Figure, keep func(Figure) bool) (map[stageYear][]Figure, []stageYear) {
	groups := map[stageYear][]Figure{}
	var order []stageYear
	for _, f := range fs {
		if !keep(f) {
			continue
		}
		k := stageYear{f.Commodity, f.Stage, f.Measure, f.Year}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	return groups, order
}

func (l *loader) checkShareSums(fs []Figure) {
	groups, order := groupFigures(fs, func(f Figure) bool { return f.Measure == Share && f.Country != World })
	for _, k := range order {
		rows := groups[k]
		sum, closed := 0.0, false
		origins := make([]Origin, len(rows))
		for i, f := range rows {
			sum += f.Value
			closed = closed || f.Country == OtherCountry
			origins[i] = f.Origin
		}
		switch {
		case sum > 100+shareSumTolerancePct:
			l.groupError(rows[0].Origin, origins, "share sum off: shares of %s %s %d sum to %g%%, more than 100", k.commodity, k.stage, k.year, round(sum))
		case closed && sum < 100-shareSumTolerancePct:
			l.groupError(rows[0].Origin, origins, "share sum off: shares of %s %s %d sum to %g%% with a ROW row, want 100", k.commodity, k.stage, k.year, round(sum))
		}
	}
}

func (l *loader) checkWorldTotals(fs []Figure) {
	groups, order := groupFigures(fs, func(f Figure) bool { return f.Measure == Production || f.Measure == Capacity || f.Measure == Reserves })
	for _, k := range order {
		rows := groups[k]
		var world *Figure
		sum := 0.0
		origins := make([]Origin, 0, len(rows))
		for i := range rows {
			if rows[i].Country == World {
				world = &rows[i]
				continue
			}
			sum += rows[i].Tonnes()
			origins = append(origins, rows[i].Origin)
		}
		if world == nil || len(origins) == 0 {
			continue
		}
		if w := world.Tonnes(); sum > w*(1+worldTotalTolerance) {
			l.groupError(world.Origin, origins, "share sum off: %s %s %s %d of the countries sums to %g t, more than the world total %g t",
				k.commodity, k.stage, k.measure, k.year, round(sum), w)
		}
	}
}

func (l *loader) checkTradeSums(ts []TradeShare) {
	type mix struct{ imp, com, cat, per string }
	groups := map[mix][]int{}
	var order []mix
	for i, t := range ts {
		k := mix{t.Importer, t.Commodity, t.Category, t.Period}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		sum := 0.0
		for _, i := range groups[k] {
			sum += ts[i].SharePct
		}
		if math.Abs(sum-100) <= tradeSumTolerancePct {
			continue
		}
		origins := make([]Origin, len(groups[k]))
		for j, i := range groups[k] {
			origins[j] = ts[i].Origin
		}
		l.groupError(ts[groups[k][0]].Origin, origins, "share sum off: %s import sources of %s (%s, %s) sum to %g%%, want 100", k.imp, k.com, k.cat, k.per, round(sum))
	}
}

func round(v float64) float64 { return math.Round(v*1000) / 1000 }
