package compile

import (
	"strings"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// DrawsAwayFromImporter describes the uncertain numbers of sc ("the approval rate of
// control ann18-usa, toward USA") when every one of them belongs to a control that does
// not reach the importer, and returns nil otherwise (also when sc has none). A Monte
// Carlo study of such a scenario draws nothing that acts on the importer's own flows: its
// spread can come only through the world market, and is often of zero width (a trial's
// JPN study drew only the US approval rate and read "63.2 % in 90 % of replications").
func DrawsAwayFromImporter(ds *world.Dataset, sc *scenario.Scenario) []string {
	imp := node(ds, sc.Importer)
	controls := map[string]scenario.Control{}
	for _, x := range sc.Controls {
		controls[x.ID] = x
	}
	var out []string
	for _, pa := range scenario.Params(sc) {
		if !pa.Uncertain() {
			continue
		}
		rest, ok := strings.CutPrefix(pa.Path, "controls[")
		if !ok {
			return nil
		}
		id, field, ok := strings.Cut(rest, "]")
		x, known := controls[id]
		if !ok || !known || reaches(ds, x, imp) {
			return nil
		}
		out = append(out, drawnName(strings.TrimPrefix(field, "."), x))
	}
	return out
}

// drawnName names a control's uncertain number for a sentence.
func drawnName(field string, x scenario.Control) string {
	last := field[strings.LastIndex(field, ".")+1:]
	what := map[string]string{
		"approval":                         "the approval rate",
		"processing_working_days":          "the licensing clock",
		"validity_months":                  "the licence validity",
		"quota_t_per_month":                "the quota",
		"quota_t_per_year":                 "the quota",
		"extraterritorial_min_content_pct": "the re-export content threshold",
	}[last]
	if what == "" {
		what = field
	}
	to := strings.Join(x.Destinations, ", ")
	if len(x.Except) > 0 {
		to += " except " + strings.Join(x.Except, ", ")
	}
	return what + " of control " + x.ID + ", toward " + to
}
