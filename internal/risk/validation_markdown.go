package risk

import (
	"fmt"
	"io"
	"strings"
)

// mdFlagWords names the flags in prose, in the order euRowFlags emits them.
var mdFlagWords = []struct{ flag, words string }{
	{FlagEUSourcingMissing, "EU sourcing term missing"},
	{FlagProxy, "proxy parent shares"},
	{FlagStageMismatch, "stage mismatch"},
	{FlagWGIFallback, "WGI fallback"},
	{FlagUnattributed, "large unattributed share"},
}

// WriteValidationMarkdown renders the EU CRM section of docs/validation.md: the targets
// and whether they are met, every compared row, an explanation for each row outside
// the tolerance, the materials that cannot be computed and the independent check of the
// materials whose published value is withheld. The output depends only on v.
func WriteValidationMarkdown(w io.Writer, v EUCRMValidation) error {
	var b strings.Builder
	s := v.Summary
	fmt.Fprintf(&b, "## EU CRM supply risk (2023 assessment)\n\n")
	fmt.Fprintf(&b, "critmin's EU CRM lens (docs/lenses-eucrm.md) against the supply risk the European Commission\n")
	fmt.Fprintf(&b, "published in its 2023 assessment, on dataset `%s`. One formula and one dataset serve every\n", v.DatasetVersion)
	fmt.Fprintf(&b, "material; nothing is tuned per material.\n\n")
	fmt.Fprintf(&b, "Targets: |computed - published| <= %.2f on at least %.0f%% of the computable materials, and a\n", ValidationTolerance, TargetWithinShare*100)
	fmt.Fprintf(&b, "Spearman rank correlation of at least %.2f.\n\n", TargetSpearman)

	fmt.Fprintf(&b, "| measure | value | target | met |\n|---|---:|---|---|\n")
	fmt.Fprintf(&b, "| materials with a published SR | %d | | |\n", s.Published)
	fmt.Fprintf(&b, "| computable by critmin | %d | | |\n", s.Computable)
	fmt.Fprintf(&b, "| within %.2f | %d of %d (%.1f%%) | >= %.0f%% | %s |\n", ValidationTolerance, s.Within, s.Computable, s.WithinShare*100, TargetWithinShare*100, mdYesNo(s.Computable > 0 && s.WithinTargetMet))
	fmt.Fprintf(&b, "| Spearman rank correlation | %s | >= %.2f | %s |\n", mdFloat(s.Spearman, 3), TargetSpearman, mdYesNo(s.SpearmanTargetMet))
	fmt.Fprintf(&b, "| mean absolute error | %s | | |\n\n", mdFloat(s.MeanAbsError, 3))
	mdVerdict(&b, v)
	mdSteps(&b, v.Steps)

	fmt.Fprintf(&b, "### Computed and published supply risk\n\n")
	if len(v.Rows) == 0 {
		fmt.Fprintf(&b, "No material with a published SR is computable.\n\n")
	} else {
		fmt.Fprintf(&b, "| material | computed | published | abs error | critmin stage | EU stage | year | sourcing | flags |\n")
		fmt.Fprintf(&b, "|---|---:|---:|---:|---|---|---:|---|---|\n")
		for _, r := range v.Rows {
			fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s |\n", r.Commodity, r.Computed, r.Published, r.AbsError,
				r.Stage, mdDash(r.PublishedStage), mdYear(r), mdDash(r.Sourcing), mdFlags(r.Flags))
		}
		b.WriteString("\n")
	}

	var outside []EUCRMValidationRow
	for _, r := range v.Rows {
		if r.Explanation != "" {
			outside = append(outside, r)
		}
	}
	if len(outside) > 0 {
		fmt.Fprintf(&b, "### Rows outside the tolerance\n\n")
		for _, r := range outside {
			fmt.Fprintf(&b, "- **%s**: %s.\n", r.Commodity, r.Explanation)
		}
		b.WriteString("\n")
	}

	if len(v.NotComputable) > 0 {
		fmt.Fprintf(&b, "### Published but not computable\n\n| material | published | reason |\n|---|---:|---|\n")
		for _, r := range v.NotComputable {
			fmt.Fprintf(&b, "| %s | %.2f | %s |\n", r.Commodity, r.Published, r.Reason)
		}
		b.WriteString("\n")
	}

	if len(v.Independent) > 0 {
		fmt.Fprintf(&b, "### Independent check (published SR withheld)\n\n")
		fmt.Fprintf(&b, "The dataset withholds the published results of these materials on purpose; critmin's values\n")
		fmt.Fprintf(&b, "are listed so they can be checked against the EU report independently.\n\n")
		fmt.Fprintf(&b, "| material | computed | critmin stage | year | flags or reason |\n|---|---:|---|---:|---|\n")
		for _, r := range v.Independent {
			if r.Computed == nil {
				fmt.Fprintf(&b, "| %s | n/a | - | - | %s |\n", r.Commodity, r.Reason)
				continue
			}
			fmt.Fprintf(&b, "| %s | %.2f | %s | %d | %s |\n", r.Commodity, *r.Computed, r.Stage, r.Year, mdFlags(r.Flags))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write EU CRM validation: %w", err)
	}
	return nil
}

// mdVerdict states plainly whether the targets are met and, if not, why.
func mdVerdict(b *strings.Builder, v EUCRMValidation) {
	s := v.Summary
	if s.Computable == 0 {
		fmt.Fprintf(b, "**Targets not assessed**: no material with a published SR is computable.\n\n")
		return
	}
	if s.TargetsMet() {
		fmt.Fprintf(b, "**Targets met.**\n\n")
		return
	}
	var missed []string
	if !s.WithinTargetMet {
		missed = append(missed, fmt.Sprintf("%.1f%% of the computable materials are within %.2f (target %.0f%%)", s.WithinShare*100, ValidationTolerance, TargetWithinShare*100))
	}
	if !s.SpearmanTargetMet {
		missed = append(missed, fmt.Sprintf("the Spearman rank correlation is %s (target %.2f)", mdFloat(s.Spearman, 3), TargetSpearman))
	}
	fmt.Fprintf(b, "**Targets not met**: %s.", strings.Join(missed, "; "))
	outside, vintage := 0, 0
	counts := map[string]int{}
	for _, r := range v.Rows {
		if r.Explanation == "" {
			continue
		}
		outside++
		if !r.EUPeriod {
			vintage++
		}
		for _, f := range r.Flags {
			counts[f]++
		}
	}
	if outside > 0 {
		var reasons []string
		if vintage > 0 {
			reasons = append(reasons, fmt.Sprintf("data vintage (%d)", vintage))
		}
		for _, fw := range mdFlagWords {
			if n := counts[fw.flag]; n > 0 {
				reasons = append(reasons, fmt.Sprintf("%s (%d)", fw.words, n))
			}
		}
		fmt.Fprintf(b, " Of the %d rows outside the tolerance, the reasons found are: %s.", outside, strings.Join(reasons, ", "))
	}
	b.WriteString(" Each row's explanation is below.\n\n")
}

// mdSteps states what each input of the lens did to the error, measured by running the
// validation with the inputs switched on one after the other.
func mdSteps(b *strings.Builder, steps []EUCRMValidationStep) {
	if len(steps) == 0 {
		return
	}
	fmt.Fprintf(b, "### What each input changed\n\n")
	fmt.Fprintf(b, "The same validation run with the lens's inputs switched on one after the other (the last row\n")
	fmt.Fprintf(b, "is the lens as it stands). Economic importance is not computed in any of them: it is the EU's\n")
	fmt.Fprintf(b, "published value, reported as `economic_importance_published`.\n\n")
	fmt.Fprintf(b, "| step | computable | within %.2f | Spearman | mean absolute error |\n|---|---:|---:|---:|---:|\n", ValidationTolerance)
	for i, st := range steps {
		s := st.Summary
		change := ""
		if i > 0 {
			p := steps[i-1].Summary
			change = fmt.Sprintf(" (%+d)", s.Within-p.Within)
		}
		fmt.Fprintf(b, "| %s | %d | %d of %d%s | %s | %s |\n", st.Step, s.Computable, s.Within, s.Computable, change,
			mdFloat(s.Spearman, 3), mdFloat(s.MeanAbsError, 3))
	}
	b.WriteString("\n")
}

// mdYear renders a row's year, marking shares from the EU's own window.
func mdYear(r EUCRMValidationRow) string {
	if r.EUPeriod {
		return fmt.Sprintf("%d (EU window)", r.Year)
	}
	return fmt.Sprint(r.Year)
}

func mdYesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func mdFloat(v *float64, prec int) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.*f", prec, *v)
}

func mdDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func mdFlags(flags []string) string {
	if len(flags) == 0 {
		return "-"
	}
	return strings.Join(flags, ", ")
}
