package report

import (
	"fmt"
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
// "approval 0.5" as half the flow, and China shipped 86-92 % of its gallium).
func licensedSentences(ids *pageCtx, r *result.Run) []string {
	var out []string
	for i := 0; i < len(r.LicensedFlows); {
		j := i
		for j < len(r.LicensedFlows) && r.LicensedFlows[j].Control == r.LicensedFlows[i].Control {
			j++
		}
		if s := licensedSentence(ids, r, r.LicensedFlows[i:j]); s != "" {
			out = append(out, s)
		}
		i = j
	}
	return out
}

// licensedSentence is licensedSentences' sentence on one control's flows (one per
// product, in the order of Products); empty when no product has a baseline to set its
// flow against.
func licensedSentence(ids *pageCtx, r *result.Run, fs []result.LicensedFlow) string {
	f0 := fs[0]
	if f0.Approval >= 1 && !f0.ApprovalChanges {
		return "" // everything applied for is approved: no refusal to apply for again
	}
	exp, imp := ids.country(f0.Exporter), ids.country(r.Importer)
	// A control toward the importer alone says it once.
	onlyImporter := len(f0.Destinations) == 1 && f0.Destinations[0] == r.Importer
	var names, toImp, toDest []string
	for _, f := range fs {
		name := productNameByID(r, f.Product)
		said := false
		if f.ReachesImporter && f.ToImporterBaselineT > 0 {
			of := "of"
			if len(toImp) == 0 {
				of = "of its baseline tonnage of"
			}
			toImp = append(toImp, fmt.Sprintf("%s%% %s %s", Pct(f.ToImporterT/f.ToImporterBaselineT), of, name))
			said = true
		}
		if !onlyImporter && f.ToDestinationsBaselineT > 0 {
			of := "of"
			if len(toDest) == 0 && len(toImp) == 0 {
				of = "of its baseline tonnage of"
			}
			toDest = append(toDest, fmt.Sprintf("%s%% %s %s", Pct(f.ToDestinationsT/f.ToDestinationsBaselineT), of, name))
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
	return fmt.Sprintf("Under %s licensing of %s (control %s, %s), %s shipped %s over %s, against the same run without licensing: buyers apply again each month for what was refused, so approval is the share of each month's applications approved, not of the flow (to cap the flow, write a quota; docs/scenario-format.md, Licensing).",
		possessive(exp), joinAnd(names), f0.Control, approval, exp, strings.Join(shipped, ", and "), window)
}
