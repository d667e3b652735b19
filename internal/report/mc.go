package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/critmin/critmin/internal/montecarlo"
	"github.com/critmin/critmin/internal/result"
)

// MCRun is a Monte Carlo run with its provenance: what --json prints, and the document
// the server stores and serves as a study's result, under the result contract's schema
// version (result.Version).
type MCRun struct {
	// SchemaVersion is result.Version when written by this program; documents
	// stored before the field existed read as version 1 (DecodeMCRun).
	SchemaVersion int `json:"schema_version"`
	// Seed and RequestedReplications are what was asked; Aggregate.Replications is what
	// finished (fewer when the run was interrupted).
	Seed                  uint64 `json:"seed"`
	RequestedReplications int    `json:"requested_replications"`
	Interrupted           bool   `json:"interrupted"`
	ScenarioFile          string `json:"scenario_file"`
	ScenarioHash          string `json:"scenario_hash"`
	DataVersion           string `json:"data_version"`
	ProgramVersion        string `json:"program_version"`
	// Deterministic is the summary of the scenario's deterministic run (point values),
	// for the report to say where it sits among the replications; nil leaves that out.
	Deterministic *result.Summary `json:"deterministic,omitempty"`
	// PointValues are PointCaveats of the scenario.
	PointValues []string `json:"point_values,omitempty"`
	// DrawnElsewhere names the scenario's uncertain numbers when none of them reaches
	// the importer (compile.DrawsAwayFromImporter), for the verdict to say so; empty
	// otherwise.
	DrawnElsewhere []string `json:"drawn_elsewhere,omitempty"`
	*montecarlo.Aggregate
}

// DecodeMCRun reads a stored study document of any schema version this program reads.
func DecodeMCRun(doc []byte) (*MCRun, error) {
	doc, err := result.Upgrade(doc)
	if err != nil {
		return nil, err
	}
	var r MCRun
	if err := json.Unmarshal(doc, &r); err != nil {
		return nil, fmt.Errorf("decode study result: %w", err)
	}
	return &r, nil
}

// sensitivityTop is how many inputs the sensitivity table shows per output.
const sensitivityTop = 5

// MCSummary is the output of critmin run --runs: the headline distributions, the
// milestone months, the sensitivity ranking and the provenance; its Value is the run with
// every aggregate.
func MCSummary(r *MCRun) Output {
	return Output{Value: r, Lead: mcLead(r), Tables: []*Table{mcHeadlineTable(r), mcPriceTable(r), mcMilestoneTable(r), mcSensitivityTable(r), mcProvenanceTable(r)}}
}

// mcLead is what a Monte Carlo report states before its tables: the verdict over the
// replications in words, where the deterministic run sits among them, and the point
// values it took.
func mcLead(r *MCRun) []string {
	if r.Aggregate == nil {
		return r.PointValues
	}
	out := mcVerdict(r)
	out = append(out, deterministicPlacement(r.Deterministic, r.Headlines)...)
	return append(out, r.PointValues...)
}

// mcVerdict says in words how likely the importer is to run short and how badly, and
// what the responses cost, over the replications.
func mcVerdict(r *MCRun) []string {
	if r.Replications == 0 || r.ProbAnyShortfall == nil {
		return nil
	}
	var out []string
	stat := func(name string) (montecarlo.Stat, bool) {
		for _, s := range r.Headlines {
			if s.Name == name && s.P5 != nil && s.P95 != nil {
				return s, true
			}
		}
		return montecarlo.Stat{}, false
	}
	if *r.ProbAnyShortfall == 0 {
		out = append(out, fmt.Sprintf("%s is never short of any final product in %d replications.", countryName(nil, r.Importer), r.Replications))
	} else {
		line := fmt.Sprintf("%s runs short in %s%% of %d replications", countryName(nil, r.Importer), Pct(*r.ProbAnyShortfall), r.Replications)
		// A range whose ends print the same is said as one value.
		if s, ok := stat(montecarlo.ScalarPeakShortfall); ok {
			if lo, hi := Pct(*s.P5), Pct(*s.P95); lo == hi {
				line += fmt.Sprintf("; the worst month's shortfall is %s%% of demand in 90%% of them (median %s%%)", lo, Pct(*s.P50))
			} else {
				line += fmt.Sprintf("; the worst month's shortfall lies between %s%% and %s%% of demand in 90%% of them (median %s%%)", lo, hi, Pct(*s.P50))
			}
		}
		if s, ok := stat(montecarlo.ScalarMonthsShort); ok {
			line += ", over " + span(Num(*s.P5, 0), Num(*s.P95, 0)) + " months"
		}
		out = append(out, line+".")
	}
	if s, ok := stat(montecarlo.ScalarTotalCost); ok && *s.P95 > 0 {
		out = append(out, fmt.Sprintf("The scenario's responses cost %s million USD in 90%% of replications, whoever pays.", span(Num(*s.P5, 0), Num(*s.P95, 0))))
	}
	if len(r.DrawnElsewhere) > 0 {
		imp := countryName(nil, r.Importer)
		line := fmt.Sprintf("The study draws only %s, which %s not reach %s, so no drawn number acts on %s own flows",
			joinAnd(r.DrawnElsewhere), map[bool]string{true: "does", false: "do"}[len(r.DrawnElsewhere) == 1], imp, possessive(imp))
		peak, okP := stat(montecarlo.ScalarPeakShortfall)
		months, okM := stat(montecarlo.ScalarMonthsShort)
		if okP && Pct(*peak.P5) == Pct(*peak.P95) && (!okM || Num(*months.P5, 0) == Num(*months.P95, 0)) {
			line += fmt.Sprintf(": the spread of %s worst month and months short has zero width", possessive(imp))
		} else {
			line += fmt.Sprintf(": %s spread comes only through the world market", possessive(imp))
		}
		out = append(out, line+".")
	}
	if headlinesFlat(r.Headlines) {
		out = append(out, "No headline figure varies across the replications (each has the same 5th and 95th percentile): the scenario's uncertain numbers do not move what this summary measures, so the replications are no test of them (the point values below name them).")
	}
	out = append(out, "Only the numbers the scenario declares uncertain are drawn: the data's demand (some of it estimates), the market parameters and the bills of material are the same in every replication, so the spread understates the uncertainty of the figures.")
	return out
}

// span is "lo to hi", or one of them when they print the same.
func span(lo, hi string) string {
	if lo == hi {
		return lo
	}
	return lo + " to " + hi
}

// headlinesFlat reports whether every headline figure with percentiles has the same 5th
// and 95th percentile (to 1e-9 relative), with at least one such figure.
func headlinesFlat(hs []montecarlo.Stat) bool {
	n := 0
	for _, s := range hs {
		if s.P5 == nil || s.P95 == nil {
			continue
		}
		n++
		if math.Abs(*s.P95-*s.P5) > 1e-9*max(1, math.Abs(*s.P5), math.Abs(*s.P95)) {
			return false
		}
	}
	return n > 0
}

func mcTitle(r *MCRun) string {
	if r.Title != "" {
		return r.Title
	}
	return r.Scenario
}

// headlineName describes a scalar output.
func headlineName(s montecarlo.Stat, rival string) (name, unit string) {
	switch {
	case s.Name == montecarlo.ScalarPeakShortfall:
		return "peak shortfall share", "% of demand"
	case s.Name == montecarlo.ScalarMonthsShort:
		return "months short", "months"
	case s.Name == montecarlo.ScalarTotalCost:
		return "cost of the responses", "MUSD"
	case s.Name == montecarlo.ScalarExhaustion:
		return "stockpile exhausted", "YYYY-MM"
	case s.Stage != "":
		return "capacity outside " + rival + " covers " + s.Product + " at stage " + s.Stage, "YYYY-MM"
	case s.Item != "" && strings.HasPrefix(s.Name, montecarlo.ScalarEndItemsLow+":"):
		return s.Item + " lost, low BOM" + rateScopeNote(s.RateScope), "units"
	case s.Item != "":
		return s.Item + " lost, high BOM" + rateScopeNote(s.RateScope), "units"
	case s.Product != "":
		return "independence from " + rival + ", " + s.Product, "YYYY-MM"
	}
	return "independence from " + rival, "YYYY-MM"
}

func mcHeadlineTable(r *MCRun) *Table {
	t := &Table{
		Title:   fmt.Sprintf("%s: %d replications, seed %d", mcTitle(r), r.Replications, r.Seed),
		Columns: []Column{{Name: "measure"}, {Name: "unit"}, {Name: "mean", Right: true}, {Name: "P5", Right: true}, {Name: "P50", Right: true}, {Name: "P95", Right: true}},
	}
	for _, s := range r.Headlines {
		if s.Month {
			continue
		}
		name, unit := headlineName(s, r.Rival)
		f := func(v *float64) string { return Opt(v, 1) }
		if s.Name == montecarlo.ScalarPeakShortfall {
			f = func(v *float64) string {
				if v == nil {
					return "n/a"
				}
				return Pct(*v)
			}
		}
		t.Add(name, unit, f(s.Mean), f(s.P5), f(s.P50), f(s.P95))
	}
	prob := "n/a"
	if r.ProbAnyShortfall != nil {
		prob = Pct(*r.ProbAnyShortfall)
	}
	t.Add("probability of any shortfall", "%", prob, "", "", "")
	t.Notes = append(t.Notes, "percentiles from fixed-bin histograms: within one bin of the exact order statistic (see docs/montecarlo.md)")
	if r.Interrupted {
		t.Notes = append(t.Notes, fmt.Sprintf("interrupted: %d of %d replications finished", r.Replications, r.RequestedReplications))
	}
	return t
}

// mcPriceTable gives, for each product's outside price, the month its mean over the
// replications peaks and the spread there, and the spread in the last month: a study
// that is never short still moves prices, and its uncertain inputs move them differently
// in each replication.
func mcPriceTable(r *MCRun) *Table {
	t := &Table{
		Title: fmt.Sprintf("Prices outside %s over replications (USD/kg)", r.Rival),
		Columns: []Column{{Name: "product"}, {Name: "start", Right: true}, {Name: "peak of the mean", Unit: "YYYY-MM"},
			{Name: "mean", Right: true}, {Name: "P5", Right: true}, {Name: "P95", Right: true},
			{Name: "end mean", Right: true}, {Name: "end P5", Right: true}, {Name: "end P95", Right: true}},
		Notes: []string{"peak of the mean: the month in which the mean over the replications is highest, with its P5 and P95 that month; end: the last month of the run"},
	}
	for _, s := range r.Series {
		if s.Measure != "price_out" || len(s.Mean) == 0 {
			continue
		}
		pk := 0
		for m, v := range s.Mean {
			if v > s.Mean[pk] {
				pk = m
			}
		}
		end := len(s.Mean) - 1
		t.Add(s.Product, Num(s.Mean[0], 2), monthString(r.Start+result.Month(pk)), Num(s.Mean[pk], 2), Num(s.P5[pk], 2), Num(s.P95[pk], 2),
			Num(s.Mean[end], 2), Num(s.P5[end], 2), Num(s.P95[end], 2))
	}
	return t
}

// mcMonth formats a month output value: an index from the start, or never at Months.
func mcMonth(r *MCRun, v *float64) string {
	if v == nil {
		return "n/a"
	}
	if int(*v) >= r.Months {
		return "never"
	}
	return monthString(r.Start + result.Month(int(*v)))
}

func mcMilestoneTable(r *MCRun) *Table {
	t := &Table{
		Title:   "Milestones over replications (never = not within the horizon)",
		Columns: []Column{{Name: "milestone"}, {Name: "P5"}, {Name: "P50"}, {Name: "P95"}, {Name: "never", Unit: "%", Right: true}},
	}
	stockpile := mcHasStockpile(r)
	for _, s := range r.Headlines {
		if !s.Month {
			continue
		}
		name, _ := headlineName(s, r.Rival)
		if s.Name == montecarlo.ScalarExhaustion && !stockpile {
			// "never" for a stockpile that does not exist reads as one that never ran out
			// (a trial's ban run): say there is none.
			t.Add(name, "no stockpile", "no stockpile", "no stockpile", "n/a")
			continue
		}
		never := "n/a"
		if s.Never != nil {
			never = Pct(*s.Never)
		}
		t.Add(name, mcMonth(r, s.P5), mcMonth(r, s.P50), mcMonth(r, s.P95), never)
	}
	return t
}

// mcHasStockpile reports whether the study follows a stockpile of the importer: its
// layout records the stockpile series of every product the importer holds or buys
// (montecarlo.MeasureStockpile).
func mcHasStockpile(r *MCRun) bool {
	return r.Aggregate != nil && slices.ContainsFunc(r.Series, func(s montecarlo.SeriesStat) bool { return s.Measure == montecarlo.MeasureStockpile })
}

func mcSensitivityTable(r *MCRun) *Table {
	t := &Table{
		Title:   "Sensitivity: rank correlation of each uncertain input with the headline outputs",
		Columns: []Column{{Name: "output"}, {Name: "rank", Right: true}, {Name: "input"}, {Name: "rho", Right: true}},
	}
	for _, s := range headlineSensitivity(r) {
		if s.Constant {
			t.Notes = append(t.Notes, s.Output+": the same in every replication")
			continue
		}
		for i, e := range s.Inputs[:min(sensitivityTop, len(s.Inputs))] {
			t.Add(s.Output, strconv.Itoa(i+1), e.Path, Num(e.Rho, 3))
		}
	}
	if len(r.Inputs) == 0 {
		t.Notes = append(t.Notes, "the scenario has no uncertain input")
	}
	t.Notes = append(t.Notes, "rho: Spearman correlation of the input's CDF value with the output's rank; outputs tied within a histogram bin")
	return t
}

// magnetProduct is the final product whose independence is a headline output.
const magnetProduct = "ndfeb/magnet"

// headlineSensitivity returns the rankings of the headline outputs: peak shortfall
// share, months short, total cost and the independence month of magnets; --json has
// every output's.
func headlineSensitivity(r *MCRun) []montecarlo.Sensitivity {
	var out []montecarlo.Sensitivity
	for _, s := range r.Sensitivity {
		switch s.Output {
		case montecarlo.ScalarPeakShortfall, montecarlo.ScalarMonthsShort, montecarlo.ScalarTotalCost,
			montecarlo.ScalarIndependence + ":" + magnetProduct:
			out = append(out, s)
		}
	}
	return out
}

func mcProvenanceTable(r *MCRun) *Table {
	t := &Table{Title: "Provenance", Columns: []Column{{Name: "field"}, {Name: "value"}}}
	for _, f := range mcFacts(r) {
		t.Add(f.Name, f.Value)
	}
	return t
}

func mcFacts(r *MCRun) []Fact {
	return []Fact{
		{"Seed", strconv.FormatUint(r.Seed, 10)},
		{"Replications", fmt.Sprintf("%d of %d", r.Replications, r.RequestedReplications)},
		{"Scenario file", r.ScenarioFile},
		{"Scenario hash", r.ScenarioHash},
		{"World data version", r.DataVersion},
		{"Program version", r.ProgramVersion},
	}
}

// MCMonthlyCSV writes the monthly aggregates in long format: one row per month, measure
// and product, with the mean and percentiles, then the probability of a shortfall per
// month (measure prob_shortfall).
func MCMonthlyCSV(w io.Writer, r *MCRun) error {
	t := &Table{Columns: []Column{{Name: "month"}, {Name: "measure"}, {Name: "product"}, {Name: "unit"},
		{Name: "mean"}, {Name: "p5"}, {Name: "p50"}, {Name: "p95"}}}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 10, 64) }
	for _, s := range r.Series {
		for i := range s.Mean {
			t.Add(monthString(r.Start+result.Month(i)), s.Measure, s.Product, s.Unit, g(s.Mean[i]), g(s.P5[i]), g(s.P50[i]), g(s.P95[i]))
		}
	}
	for i, p := range r.ProbShortfall {
		t.Add(monthString(r.Start+result.Month(i)), "prob_shortfall", "", "share", g(p), "", "", "")
	}
	return t.WriteCSV(w)
}

// rateScopeNote names whose units a programme's build rate counts, when the data says.
func rateScopeNote(scope string) string {
	if scope == "" {
		return ""
	}
	return " (build rate counts " + scope + ")"
}
