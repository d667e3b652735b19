package report

import (
	"fmt"
	"math"

	"github.com/critmin/critmin/internal/result"
)

// originGapPoints is how far apart, in percentage points, the rival's share of the
// importer's imports at a run's start and in its trade data must be for the verdict to
// say so.
const originGapPoints = 15

// originSentence names the final products whose imports come from the rival, at the
// run's start, in a share far from the importer's trade data (result.TradeOrigin), and
// why the two can differ: the simulation buys where the data's plants are, by capacity;
// trade data name the last shipper. A Japanese analyst reading "100 % from China" for
// magnets its trade data give at 35.9 % must be told that the run overstates what a
// control on China reaches.
func originSentence(ids *pageCtx, r *result.Run) string {
	imp, riv := ids.country(r.Importer), ids.country(r.Rival)
	var gaps []string
	higher, lower := false, false
	focus := focusProducts(r)
	for _, o := range r.TradeOrigins {
		gap := o.RunSharePct - o.TradeSharePct
		if math.Abs(gap) < originGapPoints || !inFocus(focus, o.Product) {
			continue
		}
		gaps = append(gaps, fmt.Sprintf("%s %s%% (trade data %s%%: %s, %s)", productNameByID(r, o.Product), Num(o.RunSharePct, 1), Num(o.TradeSharePct, 1), o.Category, o.Period))
		if gap < 0 {
			lower = true
		} else {
			higher = true
		}
	}
	if len(gaps) == 0 {
		return ""
	}
	lead := fmt.Sprintf("At the start of this run %s supplies %s imports in shares far from its trade data: %s.", riv, possessive(imp), joinAnd(gaps))
	why := "The run buys imports where the data's plants are, by capacity, while trade data name the last shipper (plants abroad of the importer's own firms, or a refiner of metal made elsewhere)"
	switch {
	case higher && lower:
		why += fmt.Sprintf(": where the run's share is the higher, a control on %s reaches the imports harder in this run than in trade, and where it is the lower, less.", riv)
	case higher:
		why += fmt.Sprintf(": a control on %s reaches these imports harder in this run than in trade.", riv)
	default:
		why += fmt.Sprintf(": a control on %s reaches these imports less in this run than in trade.", riv)
	}
	return lead + " " + why
}
