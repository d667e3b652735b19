package report

import (
	"fmt"

	"github.com/critmin/critmin/internal/result"
)

// purchaseShortShare is the share of its planned tonnage below which a stockpile's
// purchases are named as falling short.
const purchaseShortShare = 0.95

// purchaseReasonShare is the share of the plan below which a reason (tonnes held back by
// the price limit, or not delivered) is rounding and goes unnamed.
const purchaseReasonShare = 0.005

// purchaseSentences names each stockpile that bought less than purchaseShortShare of
// what its purchases planned, and why: months its price limit kept it out of the market,
// and months the market had nothing left once users were served (the engine serves users
// before a stockpile: docs/model.md, Allocation h).
func purchaseSentences(ids *pageCtx, r *result.Run) []string {
	var out []string
	for _, p := range r.Summary.StockpilePurchases {
		if p.PlannedT <= 0 || p.BoughtT >= purchaseShortShare*p.PlannedT {
			continue
		}
		var why []string
		if priced := p.PlannedT - p.RequestedT; priced > purchaseReasonShare*p.PlannedT {
			why = append(why, fmt.Sprintf("%s t were not bought because the price was above the purchase's limit", Num(priced, 0)))
		}
		if unsold := p.RequestedT - p.BoughtT; unsold > purchaseReasonShare*p.PlannedT {
			why = append(why, fmt.Sprintf("%s t were requested but not delivered (users are served before the stockpile, and producers had no unsold output left)", Num(unsold, 0)))
		}
		s := fmt.Sprintf("%s stockpile of %s buys %s t of the %s t its purchases plan (%s%%)",
			possessive(ids.country(p.Holder)), productNameByID(r, p.Product), Num(p.BoughtT, 0), Num(p.PlannedT, 0), Pct(p.BoughtT/p.PlannedT))
		if len(why) > 0 {
			s += ": " + joinAnd(why)
		}
		out = append(out, s+".")
	}
	return out
}
