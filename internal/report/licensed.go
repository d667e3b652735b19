package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/critmin/critmin/internal/result"
)

// namedDestinations is how many destinations of a control licensedSentence names; more
// are counted.
const namedDestinations = 3

// licensedSentences say, per licensing control of the run (result.Run.LicensedFlows),
// what share of its baseline tonnage the exporter shipped to the importer and to all
// destinations while the control was in force: buyers apply again each month for what
// was refused, so the shipped share is far above the approval rate (a trial read
// "approval 0.5" as half the flow, and China shipped 86-92 % of its gallium). own are the
// sentences on controls that reach the importer, which lead the verdict; others those on
// controls that do not, which follow the importer's own lines: a trial's Japanese run
// opened on China's shipments to the USA. They are kept rather than dropped, since such a
// control moves the world market the importer buys in (prices, tonnage diverted), and
// each says that it does not reach the importer.
func licensedSentences(ids *pageCtx, r *result.Run) (own, others []string) {
	var groups [][]result.LicensedFlow
	for i := 0; i < len(r.LicensedFlows); {
		j := i
		for j < len(r.LicensedFlows) && r.LicensedFlows[j].Control == r.LicensedFlows[i].Control {
			j++
		}
		groups = append(groups, r.LicensedFlows[i:j])
		i = j
	}
	reaches := func(fs []result.LicensedFlow) bool {
		return slices.ContainsFunc(fs, func(f result.LicensedFlow) bool { return f.ReachesImporter })
	}
	// The explanation of re-application is said once, after the first sentence the
	// verdict prints (a trial read it twice in consecutive sentences).
	explained := false
	for _, away := range []bool{false, true} {
		for _, fs := range groups {
			if reaches(fs) == away {
				continue
			}
			s := licensedSentence(ids, r, fs, !explained, away)
			if s == "" {
				continue
			}
			explained = true
			if away {
				others = append(others, s)
			} else {
				own = append(own, s)
			}
		}
	}
	return own, others
}

// shippedShare is how licensedSentence gives a product's tonnage shipped under licensing
// against the run without it: a share of that tonnage up to 100 %, and above it "more
// than in the run without licensing" with the multiple. That run differs in more than
// the licence (new plants elsewhere, buyers denied one product buying another), and the
// run's figures do not say which, so a share such as 249 % is not given as one (trial 8).
func shippedShare(shipped, baseline float64, pctSaid *bool, name string) string {
	if ratio := shipped / baseline; ratio > 1.0005 {
		return fmt.Sprintf("more %s than in the run without licensing (%s times as much)", name, Num(ratio, 2))
	}
	of := "of"
	if !*pctSaid {
		of = "of its baseline tonnage of"
		*pctSaid = true
	}
	return fmt.Sprintf("%s%% %s %s", Pct(shipped/baseline), of, name)
}

// licensedSentence is licensedSentences' sentence on one control's flows (one per
// product, in the order of Products); empty when no product has a baseline to set its
// flow against.
func licensedSentence(ids *pageCtx, r *result.Run, fs []result.LicensedFlow, explain, away bool) string {
	f0 := fs[0]
	if f0.Approval >= 1 && !f0.ApprovalChanges {
		return "" // everything applied for is approved: no refusal to apply for again
	}
	exp, imp := ids.country(f0.Exporter), ids.country(r.Importer)
	// A control toward the importer alone says it once.
	onlyImporter := len(f0.Destinations) == 1 && f0.Destinations[0] == r.Importer
	var names, toImp, toDest []string
	pctSaid := false
	for _, f := range fs {
		name := productNameByID(r, f.Product)
		said := false
		if f.ReachesImporter && f.ToImporterBaselineT > 0 {
			toImp = append(toImp, shippedShare(f.ToImporterT, f.ToImporterBaselineT, &pctSaid, name))
			said = true
		}
		if !onlyImporter && f.ToDestinationsBaselineT > 0 {
			toDest = append(toDest, shippedShare(f.ToDestinationsT, f.ToDestinationsBaselineT, &pctSaid, name))
			said = true
		}
		if said {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	var shipped []string
	if len(toImp) > 0 {
		shipped = append(shipped, "to "+imp+" "+joinAnd(toImp))
	}
	if len(toDest) > 0 {
		dest := fmt.Sprintf("the control's %d destinations", len(f0.Destinations))
		switch {
		case f0.AllDestinations:
			dest = "all destinations"
		case len(f0.Destinations) <= namedDestinations:
			var names []string
			for _, c := range f0.Destinations {
				names = append(names, ids.country(c))
			}
			dest = joinAnd(names)
		}
		shipped = append(shipped, "to "+dest+" "+joinAnd(toDest))
	}
	approval := "approval " + Pct(f0.Approval) + "%"
	if f0.ApprovalChanges {
		approval += " at first"
	}
	window := fmt.Sprintf("%s to %s", monthString(f0.From), monthString(f0.To))
	if n := int(f0.To-f0.From) + 1; f0.Months < n {
		window += fmt.Sprintf(" (%d months in force)", f0.Months)
	}
	if away {
		approval += "; it does not reach " + imp
	}
	out := fmt.Sprintf("Under %s licensing of %s (control %s, %s), %s shipped %s over %s, against the same run without licensing",
		possessive(exp), joinAnd(names), f0.Control, approval, exp, strings.Join(shipped, ", and "), window)
	if explain {
		out += ": buyers apply again each month for what was refused, so approval is the share of each month's applications approved, not of the flow (to cap the flow, write a quota; docs/scenario-format.md, Licensing)"
	}
	return out + "."
}
