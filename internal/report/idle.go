package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// idleWindow is how many of a run's last months idleCapacity averages over.
const idleWindow = 12

// idleGrowth is how much the importer's capacity of a product must grow over the run
// (end over start) for idleCapacity to look at it: new plants, from projects or entry.
const idleGrowth = 1.5

// idleShare is the share of its capacity below which the importer's output of a product
// whose capacity grew is named as idle.
const idleShare = 0.5

// inputNone is the share of what idle plants need of an input below which they are said
// to have got none of it; inputShort, the share below which they got too little.
const (
	inputNone  = 0.01
	inputShort = 0.95
)

// idleCapacity names the products whose capacity in the importer grew over the run but
// which its plants, over the run's last idleWindow months, ran at less than idleShare of:
// new capacity that a reader of the road to independence (which counts capacity, not
// output) would otherwise take as supply. Where the product's price in the importer's
// market has fallen, the plants cut output for price. Otherwise they are short of feed,
// and the sentence names the inputs (result.Run.PlantInputs) that reached the importer
// short of what the plants' capacity needs. Where an input reached it not at all, that is
// the cause (a trial's US magnet plants under a ban got no NdPr, Dy or Tb metal: the USA
// has no metal capacity and nobody shipped it any). Only where every input reached the
// plants in part does the sentence add the model's known defect, which overstates idling
// (docs/model.md, Feed response and Markets with no slack).
func idleCapacity(ids *pageCtx, r *result.Run) string {
	imp := slices.Index(r.Countries, r.Importer)
	if imp < 0 || r.Months < idleWindow || len(r.CountryCapacity) < r.Months || len(r.CountryProduction) < r.Months {
		return ""
	}
	price := r.PriceOut
	if r.Importer == r.Rival {
		price = r.PriceIn
	}
	var parts []string
	defect, cutOff := false, false
	for p, info := range r.Products {
		start, end := r.CountryCapacity[0][p][imp], r.CountryCapacity[r.Months-1][p][imp]
		if end <= 0 || end < idleGrowth*start {
			continue
		}
		made, capacity := 0.0, 0.0
		for t := r.Months - idleWindow; t < r.Months; t++ {
			made += r.CountryProduction[t][p][imp]
			capacity += r.CountryCapacity[t][p][imp]
		}
		if made >= idleShare*capacity {
			continue
		}
		why := "their output's price ends below its start, so they cut output for price"
		if price[r.Months-1][p] >= price[0][p] {
			var none bool
			why, none = feedShort(ids, r, info.ID, imp, capacity)
			cutOff = cutOff || none
			defect = defect || !none
		}
		parts = append(parts, fmt.Sprintf("%s capacity grows from %s to %s t/month, but over the last %d months its plants make %s t/month, %s%% of their capacity (%s)",
			productName(info), Num(start, 0), Num(end, 0), idleWindow, Num(made/idleWindow, 0), Pct(made/capacity), why))
	}
	if len(parts) == 0 {
		return ""
	}
	s := fmt.Sprintf("New capacity in %s runs idle: %s.", ids.country(r.Importer), joinAnd(parts))
	if cutOff || defect {
		s += " The road to independence below counts capacity, not output: plants whose feed is short cover less than it says, and a stage it calls covered may be the one that does not deliver."
	}
	if defect {
		// Plants that got none of an input could not run whatever they planned; the
		// defect is named only for those that got part of their inputs.
		s += " The model overstates the idling: a plant short of feed plans for what it got, and where what it gets is a share of what it asks (a licence's approval rate, rationing pro rata) that plan can only shrink, while the data's upstream plants run at capacity with none to spare (docs/model.md, Feed response: a known defect), so read the plants' output as a lower bound."
	}
	return s
}

// inputFlow is what reached the importer of one input of idle plants over the window,
// against what their capacity needs of it, t.
type inputFlow struct {
	name                string
	need, got, capacity float64
	imports, fromRival  float64
	rivalMakes          bool
}

// feedShort says why the importer's plants of product, with capacity t over the window,
// are short of feed: the inputs of their recipe that reached the importer (home output
// less exports, plus imports) short of what that capacity needs. none is true when some
// input reached it not at all, so that the plants could not run whatever they planned.
func feedShort(ids *pageCtx, r *result.Run, product string, imp int, capacity float64) (why string, none bool) {
	const unknown = "short of feed: their output's price has not fallen, so they are not cutting for price"
	rival := slices.Index(r.Countries, r.Rival)
	var zero, part []inputFlow
	known := false
	for _, pi := range r.PlantInputs {
		i := productIndex(r, pi.Input)
		if pi.Product != product || i < 0 {
			continue
		}
		known = true
		f := inputFlow{name: productName(r.Products[i]), need: pi.TPerT * capacity}
		for t := r.Months - idleWindow; t < r.Months; t++ {
			imports := 0.0
			if t < len(r.ImportsByOrigin) {
				for _, v := range r.ImportsByOrigin[t][i] {
					imports += v
				}
			}
			home := r.CountryProduction[t][i][imp]
			if t < len(r.CountryExports) {
				home -= r.CountryExports[t][i][imp]
			}
			f.got += max(home, 0) + imports
			f.imports += imports
			f.capacity += r.CountryCapacity[t][i][imp]
			if rival >= 0 {
				f.rivalMakes = f.rivalMakes || r.CountryProduction[t][i][rival] > 0
				if t < len(r.ImportsByOrigin) {
					f.fromRival += r.ImportsByOrigin[t][i][rival]
				}
			}
		}
		switch {
		case f.need <= 0:
		case f.got < inputNone*f.need:
			zero = append(zero, f)
		case f.got < inputShort*f.need:
			part = append(part, f)
		}
	}
	if !known {
		return unknown, false
	}
	imp3 := ids.country(r.Importer)
	if len(zero) > 0 {
		var names, needs []string
		noCapacity, noImports, rivalMakes := true, true, true
		for _, f := range zero {
			names = append(names, f.name)
			needs = append(needs, Num(f.need/idleWindow, 1))
			noCapacity = noCapacity && f.capacity <= 0
			noImports = noImports && f.imports <= 0
			rivalMakes = rivalMakes && f.rivalMakes
		}
		them := "them"
		if len(zero) == 1 {
			them = "it"
		}
		why = fmt.Sprintf("they got no %s, of which their capacity needs %s t/month", orList(names), joinAnd(needs))
		switch {
		case noCapacity && noImports && rivalMakes:
			why += fmt.Sprintf(": %s has no capacity for %s and no country ships it any, %s (which makes %s) included", imp3, them, ids.country(r.Rival), them)
		case noCapacity && noImports:
			why += fmt.Sprintf(": %s has no capacity for %s and no country ships it any", imp3, them)
		case noCapacity:
			why += fmt.Sprintf(": %s has no capacity for %s", imp3, them)
		}
		return why, true
	}
	if len(part) == 0 {
		return "short of feed by their own plan: they got the inputs their capacity needs and their output's price has not fallen", false
	}
	var got []string
	for _, f := range part {
		got = append(got, fmt.Sprintf("%s%% of the %s", Pct(f.got/f.need), f.name))
	}
	return fmt.Sprintf("short of feed: they got %s their capacity needs", joinAnd(got)), false
}

// orList joins items with commas and a final "or".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
