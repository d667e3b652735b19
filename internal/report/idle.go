package report

import (
	"fmt"
	"slices"

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

// idleCapacity names the products whose capacity in the importer grew over the run but
// which its plants, over the run's last idleWindow months, ran at less than idleShare of:
// new capacity that a reader of the road to independence (which counts capacity, not
// output) would otherwise take as supply. Where the product's price in the importer's
// market is at or above its start, the plants are not cutting output for price: they
// cannot get their feed (docs/model.md, Feed response and Markets with no slack).
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
	feedShort := false
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
		why := "short of feed: their output's price has not fallen, so they are not cutting for price"
		if price[r.Months-1][p] < price[0][p] {
			why = "their output's price ends below its start, so they cut output for price"
		} else {
			feedShort = true
		}
		parts = append(parts, fmt.Sprintf("%s capacity grows from %s to %s t/month, but over the last %d months its plants make %s t/month, %s%% of their capacity (%s)",
			productName(info), Num(start, 0), Num(end, 0), idleWindow, Num(made/idleWindow, 0), Pct(made/capacity), why))
	}
	if len(parts) == 0 {
		return ""
	}
	s := fmt.Sprintf("New capacity in %s runs idle: %s.", ids.country(r.Importer), joinAnd(parts))
	if feedShort {
		s += " The road to independence below counts capacity, not output: plants whose feed is short cover less than it says." +
			" The model overstates the idling: a plant short of feed plans for what it got, and where what it gets is a share of what it asks (a licence's approval rate, rationing pro rata) that plan can only shrink, while the data's upstream plants run at capacity with none to spare (docs/model.md, Feed response: a known defect), so read the plants' output as a lower bound."
	}
	return s
}
