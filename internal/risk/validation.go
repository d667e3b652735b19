package risk

import (
	"fmt"
	"math"
	"strings"

	"github.com/critmin/critmin/internal/world"
)

// Validation targets for the EU CRM lens, stated in docs/validation.md. They are
// reported, never enforced: the formula and data are the same for every material.
const (
	// ValidationTolerance is the largest |computed - published| SR counted as a match.
	ValidationTolerance = 0.5
	// TargetWithinShare is the share of computable rows that should match.
	TargetWithinShare = 0.8
	// TargetSpearman is the rank correlation computed and published SR should reach.
	TargetSpearman = 0.8
)

// euUnattributedNotable is the unattributed share of world output from which a row is
// flagged: that output counts as fragmented, so the HHI is a lower bound.
const euUnattributedNotable = 0.10

// euDataPeriod is the period the EU's 2023 assessment averaged its supply data over.
const euDataPeriod = "2016–2020"

// Flags of a validation row; explanations are built from them.
const (
	FlagEUSourcingMissing = "eu_sourcing_missing"
	FlagProxy             = "proxy"
	FlagStageMismatch     = "stage_mismatch"
	FlagWGIFallback       = "wgi_fallback"
	FlagUnattributed      = "unattributed"
)

// EUCRMValidation compares the EU CRM lens with the EU's published supply risk.
type EUCRMValidation struct {
	DatasetVersion string                 `json:"dataset_version"`
	Summary        EUCRMValidationSummary `json:"summary"`
	// Rows are the materials with a published SR the lens can compute, sorted by name.
	Rows []EUCRMValidationRow `json:"rows"`
	// NotComputable are the materials with a published SR the lens cannot compute.
	NotComputable []EUCRMSkipped `json:"not_computable"`
	// Independent are the materials whose published SR is withheld from the dataset, so
	// the lens's values can later be checked against the report independently.
	Independent []EUCRMIndependentRow `json:"independent"`
	// Steps measure what each input did to the error: the lens with global supply alone at
	// the latest year, then with the EU's 2016-2020 shares, then with the EU sourcing
	// term (the lens as it stands, equal to Summary).
	Steps []EUCRMValidationStep `json:"steps"`
}

// EUCRMValidationStep is the validation summary of the lens with some inputs switched on.
type EUCRMValidationStep struct {
	Step    string                 `json:"step"`
	Summary EUCRMValidationSummary `json:"summary"`
}

// euSteps are the configurations ValidateEUCRM measures, in the order the inputs were added.
var euSteps = []struct {
	name string
	opts euOptions
}{
	{"global supply alone, latest year", euOptions{}},
	{"+ 2016-2020 shares where the dataset has them (BGS refined)", euOptions{period: true}},
	{"+ EU sourcing term from EU27 imports (BACI 2024)", euFull},
}

// EUCRMValidationSummary sums a validation up.
type EUCRMValidationSummary struct {
	Published  int `json:"published"`  // materials with a published SR
	Computable int `json:"computable"` // of those, computed by the lens
	Within     int `json:"within_tolerance"`
	// WithinShare is Within / Computable (0 when nothing is computable).
	WithinShare float64 `json:"within_tolerance_share"`
	// Spearman is the rank correlation of computed and published SR; nil with fewer
	// than two rows or when either side is constant.
	Spearman          *float64 `json:"spearman"`
	MeanAbsError      *float64 `json:"mean_abs_error"`
	WithinTargetMet   bool     `json:"within_target_met"`
	SpearmanTargetMet bool     `json:"spearman_target_met"`
}

// TargetsMet reports whether both validation targets are met.
func (s EUCRMValidationSummary) TargetsMet() bool { return s.WithinTargetMet && s.SpearmanTargetMet }

// EUCRMValidationRow is one material's computed and published SR.
type EUCRMValidationRow struct {
	Commodity      string  `json:"commodity"`
	Computed       float64 `json:"computed"`
	Published      float64 `json:"published"`
	AbsError       float64 `json:"abs_error"`
	Stage          string  `json:"stage"`           // critmin's bottleneck
	PublishedStage string  `json:"published_stage"` // the EU's; may be empty
	// ComputedAtPublishedStage is critmin's SR at the EU's stage when the two differ.
	ComputedAtPublishedStage *float64 `json:"computed_at_published_stage,omitempty"`
	Year                     int      `json:"year"`
	// Sourcing is the sourcing the computed SR used (GS+EU, EUonly or GSonly).
	Sourcing string `json:"sourcing"`
	// EUPeriod is set when the global supply came from the EU's 2016-2020 window.
	EUPeriod bool     `json:"eu_period"`
	Flags    []string `json:"flags"`
	// Explanation is set when AbsError exceeds ValidationTolerance.
	Explanation string `json:"explanation,omitempty"`
}

// EUCRMSkipped is a material with a published SR the lens cannot compute.
type EUCRMSkipped struct {
	Commodity string  `json:"commodity"`
	Published float64 `json:"published"`
	Reason    string  `json:"reason"`
}

// EUCRMIndependentRow is the lens's value for a material whose published SR is withheld.
type EUCRMIndependentRow struct {
	Commodity string   `json:"commodity"`
	Computed  *float64 `json:"computed"`
	Stage     string   `json:"stage,omitempty"`
	Year      int      `json:"year,omitempty"`
	Flags     []string `json:"flags"`
	Reason    string   `json:"reason,omitempty"` // why Computed is nil
}

// ValidateEUCRM runs the EU CRM lens over ds at each stage's default year and compares
// it with every published supply risk in ds.EUCRM.
func ValidateEUCRM(ds *world.Dataset) EUCRMValidation {
	v := validateEUCRM(ds, euFull)
	for _, st := range euSteps {
		sum := v.Summary
		if st.opts != euFull {
			sum = validateEUCRM(ds, st.opts).Summary
		}
		v.Steps = append(v.Steps, EUCRMValidationStep{Step: st.name, Summary: sum})
	}
	return v
}

func validateEUCRM(ds *world.Dataset, opts euOptions) EUCRMValidation {
	v := EUCRMValidation{DatasetVersion: ds.Version, Rows: []EUCRMValidationRow{}, NotComputable: []EUCRMSkipped{}, Independent: []EUCRMIndependentRow{}, Steps: []EUCRMValidationStep{}}
	for _, r := range euCRM(ds, 0, opts) {
		switch {
		case r.PublishedSR == nil:
			ir := EUCRMIndependentRow{Commodity: r.Commodity, Computed: r.SupplyRisk, Stage: r.BottleneckStage, Flags: euRowFlags(r)}
			if b, ok := euBottleneck(r); ok {
				ir.Year = b.Year
			} else {
				ir.Reason = euNotComputableReason(r)
			}
			v.Independent = append(v.Independent, ir)
		case r.SupplyRisk == nil:
			v.NotComputable = append(v.NotComputable, EUCRMSkipped{Commodity: r.Commodity, Published: *r.PublishedSR, Reason: euNotComputableReason(r)})
		default:
			v.Rows = append(v.Rows, euValidationRow(r))
		}
	}
	v.Summary = euSummarise(v.Rows, len(v.Rows)+len(v.NotComputable))
	return v
}

func euValidationRow(r EUCRMResult) EUCRMValidationRow {
	b, _ := euBottleneck(r)
	row := EUCRMValidationRow{
		Commodity:      r.Commodity,
		Computed:       *r.SupplyRisk,
		Published:      *r.PublishedSR,
		AbsError:       math.Abs(*r.SupplyRisk - *r.PublishedSR),
		Stage:          r.BottleneckStage,
		PublishedStage: r.PublishedStage,
		Year:           b.Year,
		Sourcing:       b.SourcingUsed,
		EUPeriod:       b.EUPeriod,
		Flags:          euRowFlags(r),
	}
	if r.PublishedStage != "" && r.PublishedStage != r.BottleneckStage {
		for _, s := range r.Stages {
			if s.Stage == r.PublishedStage && s.SupplyRisk != nil {
				sr := *s.SupplyRisk
				row.ComputedAtPublishedStage = &sr
			}
		}
	}
	if row.AbsError > ValidationTolerance {
		row.Explanation = euExplain(r, row, b)
	}
	return row
}

// euBottleneck returns the stage entry the result's SR comes from.
func euBottleneck(r EUCRMResult) (EUCRMStage, bool) {
	for _, s := range r.Stages {
		if s.Stage == r.BottleneckStage && s.SupplyRisk != nil {
			return s, true
		}
	}
	return EUCRMStage{}, false
}

// euRowFlags lists, in a fixed order, what sets the result apart from the EU's computation.
func euRowFlags(r EUCRMResult) []string {
	flags := []string{}
	b, ok := euBottleneck(r)
	if !ok {
		return flags
	}
	if b.EUSourcingMissing {
		flags = append(flags, FlagEUSourcingMissing)
	}
	if b.Proxy != "" {
		flags = append(flags, FlagProxy)
	}
	if r.PublishedStage != "" && r.PublishedStage != r.BottleneckStage {
		flags = append(flags, FlagStageMismatch)
	}
	if len(b.WGIFallback) > 0 {
		flags = append(flags, FlagWGIFallback)
	}
	if b.Unattributed >= euUnattributedNotable-1e-9 { // shares from tonnages carry rounding error
		flags = append(flags, FlagUnattributed)
	}
	return flags
}

// euExplain builds a row's explanation from its flags; data vintage always applies.
func euExplain(r EUCRMResult, row EUCRMValidationRow, b EUCRMStage) string {
	dir := "higher"
	if row.Computed < row.Published {
		dir = "lower"
	}
	parts := []string{fmt.Sprintf("computed is %s by %.2f", dir, row.AbsError)}
	if b.EUPeriod {
		parts = append(parts, fmt.Sprintf("global supply from %s %s shares (%s), inside the EU's %s window", b.ShareCommodity, b.CritminStage, euYearsWords(b.Years), euDataPeriod))
	} else {
		parts = append(parts, fmt.Sprintf("data vintage: critmin uses %s %s figures for %d, the EU averaged %s", b.ShareCommodity, b.CritminStage, b.Year, euDataPeriod))
	}
	for _, f := range row.Flags {
		switch f {
		case FlagEUSourcingMissing:
			ir := "IR not published"
			if b.IR != nil {
				ir = fmt.Sprintf("IR %.0f%%", *b.IR*100)
			}
			parts = append(parts, fmt.Sprintf("EU sourcing term missing: the EU used %s (%s), critmin global supply alone (%s)", euDescribeSourcing(b.EUSourcing), ir, b.EUSourcingNote))
		case FlagProxy:
			parts = append(parts, fmt.Sprintf("proxy: %s %s shares stand in for the element", b.Proxy, b.CritminStage))
		case FlagStageMismatch:
			at := "which critmin cannot compute"
			if row.ComputedAtPublishedStage != nil {
				at = fmt.Sprintf("where critmin computes %.2f", *row.ComputedAtPublishedStage)
			}
			parts = append(parts, fmt.Sprintf("stage mismatch: the EU used %s, %s", r.PublishedStage, at))
		case FlagWGIFallback:
			parts = append(parts, fmt.Sprintf("WGI fallback for %s", strings.Join(b.WGIFallback, ", ")))
		case FlagUnattributed:
			parts = append(parts, fmt.Sprintf("%.0f%% of world output unattributed, counted as fragmented", b.Unattributed*100))
		}
	}
	return strings.Join(parts, "; ")
}

// euNotComputableReason says why a result has no SR: its stages' missing reasons, else
// its not-computable note.
func euNotComputableReason(r EUCRMResult) string {
	var reasons []string
	for _, s := range r.Stages {
		if s.Missing != "" {
			reasons = append(reasons, s.Stage+": "+s.Missing)
		}
	}
	if len(reasons) > 0 {
		return strings.Join(reasons, "; ")
	}
	for i := len(r.Notes) - 1; i >= 0; i-- {
		if strings.HasPrefix(r.Notes[i], "not computable: ") {
			return strings.TrimPrefix(r.Notes[i], "not computable: ")
		}
	}
	return "not computable"
}

func euSummarise(rows []EUCRMValidationRow, published int) EUCRMValidationSummary {
	s := EUCRMValidationSummary{Published: published, Computable: len(rows)}
	if len(rows) == 0 {
		return s
	}
	computed, pub := make([]float64, len(rows)), make([]float64, len(rows))
	sum := 0.0
	for i, r := range rows {
		computed[i], pub[i] = r.Computed, r.Published
		sum += r.AbsError
		if r.AbsError <= ValidationTolerance {
			s.Within++
		}
	}
	mae := sum / float64(len(rows))
	s.MeanAbsError = &mae
	s.WithinShare = float64(s.Within) / float64(len(rows))
	s.WithinTargetMet = s.WithinShare >= TargetWithinShare
	if rho := Spearman(computed, pub); !math.IsNaN(rho) {
		s.Spearman = &rho
		s.SpearmanTargetMet = rho >= TargetSpearman
	}
	return s
}
