package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/result"
	"github.com/critmin/critmin/internal/scenario"
)

// settledMonths is how long a run must go on after its last export control, tariff or
// outage before a price still up at its end is put down to the lost stock rather than to
// the disruption itself.
const settledMonths = 12

// lastDisruption returns the last month in which an export control, a tariff or an
// outage of sc applies (suspensions are not subtracted, so it is never early), and false
// when one of them has no end or sc has none.
func lastDisruption(sc *scenario.Scenario) (scenario.Month, bool) {
	var last scenario.Month
	var any bool
	see := func(w scenario.Window) bool {
		if w.End == nil {
			return false
		}
		last, any = max(last, *w.End), true
		return true
	}
	for _, c := range sc.Controls {
		if !see(c.Window) {
			return 0, false
		}
	}
	for _, t := range sc.Tariffs {
		if !see(t.Window) {
			return 0, false
		}
	}
	for _, o := range sc.Outages {
		if !see(o.Window()) {
			return 0, false
		}
	}
	return last, any
}

// LastingAfterDisruption explains prices still at least lastingRise above their start
// when the run ends a year or more after the scenario's last control, tariff or outage:
// the data's producers run at their 2024 output with no spare capacity where none is
// published, so the stock users lost while the disruption lasted is asked for every month
// and never rebuilt, and the premium stays (docs/model.md, Markets with no slack). A trial
// of a one-year Myanmar outage left terbium oxide 2.8 times its start five years after
// it, with nothing said. Nothing when a disruption lasts to the end or no price is up.
func LastingAfterDisruption(sc *scenario.Scenario, r *result.Run) []string {
	if sc == nil || r.Months == 0 {
		return nil
	}
	end, ok := lastDisruption(sc)
	runEnd := scenario.Month(r.Start) + scenario.Month(r.Months-1)
	if !ok || end+settledMonths > runEnd {
		return nil
	}
	type rise struct {
		name  string
		ratio float64
	}
	var rises []rise
	riv := r.Rival
	for p, info := range r.Products {
		st := statsOf(r, p)
		if st.outStart > 0 && finite(st.outEnd) && st.outEnd/st.outStart >= lastingRise {
			where := "outside " + riv
			if riv == "" {
				where = "everywhere"
			}
			rises = append(rises, rise{productName(info) + " " + where, st.outEnd / st.outStart})
		}
		if riv != "" && st.inStart > 0 && finite(st.inEnd) && st.inEnd/st.inStart >= lastingRise {
			rises = append(rises, rise{productName(info) + " inside " + riv, st.inEnd / st.inStart})
		}
	}
	if len(rises) == 0 {
		return nil
	}
	slices.SortStableFunc(rises, func(a, b rise) int { return cmp.Compare(b.ratio, a.ratio) })
	var named []string
	for _, x := range rises[:min(len(rises), lastingRiseNames)] {
		named = append(named, fmt.Sprintf("%s (%s times its start)", x.name, Num(x.ratio, 2)))
	}
	more := ""
	if n := len(rises) - lastingRiseNames; n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	verb := "are"
	if len(rises) == 1 {
		verb = "is"
	}
	asks := "users ask every month for the stock they lost while it lasted"
	if len(r.Summary.Entry) > 0 || grownProduct(r) >= 0 {
		asks += ", and the capacity this run added (its projects or price-triggered entry) asks for its full feed"
	}
	return []string{fmt.Sprintf("The scenario's last control, tariff or outage ends in %s, yet %s%s %s still up %d months later, when the run ends. "+
		"In this model that comes from stages with no spare capacity: %s, and the data's producers, "+
		"which run at their 2024 output where no capacity is published, cannot make it, so the premium stays where a market "+
		"with spare capacity or buyers content with less stock would clear; read it as a limit of the model, not a forecast (docs/model.md, Markets with no slack).",
		end, strings.Join(named, ", "), more, verb, int(runEnd-end), asks)}
}
