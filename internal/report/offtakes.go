package report

import (
	"fmt"

	"github.com/critmin/critmin/internal/result"
)

// offtakeShortShare is the share of its contracted tonnage below which an offtake's
// deliveries are named as falling short.
const offtakeShortShare = 0.95

// offtakeSentences names each offtake that shipped less than offtakeShortShare of what it
// contracted, and why: tonnes its buyer did not request (an offtake serves the buyer's
// requests, up to its tonnage) and tonnes requested that the seller did not ship. A
// seller serves its home users first and its offtakes from what is left (docs/model.md,
// Allocation b and e), so an offtake from a country that uses all it makes delivers
// nothing, whatever its tonnage (a trial's 3 t/yr of Japanese gallium for the EU).
func offtakeSentences(ids *pageCtx, r *result.Run) []string {
	var out []string
	for _, o := range r.Summary.Offtakes {
		if o.ContractedT <= 0 || o.ShippedT >= offtakeShortShare*o.ContractedT {
			continue
		}
		seller := ids.country(o.Seller)
		var why []string
		if idle := o.ContractedT - o.RequestedT; idle > purchaseReasonShare*o.ContractedT {
			why = append(why, fmt.Sprintf("%s t were not requested (the buyer needed less in those months)", Num(idle, 0)))
		}
		if unsent := o.RequestedT - o.ShippedT; unsent > purchaseReasonShare*o.ContractedT {
			why = append(why, fmt.Sprintf("%s t were requested but not shipped (%s serves its own users first and its offtakes from what is left, and any export control on the link applies to offtakes too; the buyer sought these tonnes from other exporters)", Num(unsent, 0), seller))
		}
		s := fmt.Sprintf("%s offtake of %s from %s ships %s t of the %s t it contracts (%s%%)",
			possessive(ids.country(o.Buyer)), productNameByID(r, o.Product), seller, Num(o.ShippedT, 0), Num(o.ContractedT, 0), Pct(o.ShippedT/o.ContractedT))
		if len(why) > 0 {
			s += ": " + joinAnd(why)
		}
		out = append(out, s+".")
	}
	return out
}
