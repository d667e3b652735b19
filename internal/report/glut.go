package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/critmin/critmin/internal/result"
)

// glutShare is the ratio of its last outside price to its start at or below which a
// product whose inside price held up is named as a glut outside the rival.
const glutShare = 0.5

// glutInsideHeld is the ratio of the last inside price to its start from which the inside
// price counts as held up.
const glutInsideHeld = 0.9

// glutSentence names the products whose price outside the rival ends at glutShare of its
// start or less while the price inside held up: a surplus outside the rival that the
// model does not offer to the rival's buyers (docs/model.md, What is simplified), so the
// outside price is a glut signal, not a price sellers would accept for long (Dy and Tb
// oxide in us-response-package, once Lynas's and MP's heavy-rare-earth circuits run).
func glutSentence(ids *pageCtx, r *result.Run) string {
	if r.Rival == "" {
		return ""
	}
	type glut struct {
		p           int
		out, inside float64
	}
	var gluts []glut
	for p := range r.Products {
		st := statsOf(r, p)
		if st.outStart <= 0 || st.inStart <= 0 || !finite(st.outEnd) || !finite(st.inEnd) {
			continue
		}
		if out, in := st.outEnd/st.outStart, st.inEnd/st.inStart; out <= glutShare && in >= glutInsideHeld {
			gluts = append(gluts, glut{p, out, in})
		}
	}
	if len(gluts) == 0 {
		return ""
	}
	slices.SortStableFunc(gluts, func(a, b glut) int { return cmp.Compare(a.out, b.out) })
	var named []string
	for _, g := range gluts {
		named = append(named, fmt.Sprintf("%s at %s times its start (inside %s: %s)", productName(r.Products[g.p]), Num(g.out, 2), ids.country(r.Rival), Num(g.inside, 2)))
	}
	riv := ids.country(r.Rival)
	return fmt.Sprintf("When the run ends, prices outside %s are far below their start while %s's held up: %s. That is a surplus outside %s that the model does not offer to %s's buyers, who pay more: read it as a glut, not as a price sellers would accept for long.",
		riv, riv, joinAnd(named), riv, riv)
}
