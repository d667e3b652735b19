package risk

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/world"
)

// update rewrites golden files under testdata/ instead of comparing against them. It
// belongs in main_test.go, which another engineer owns; move it there when that file
// takes shared flags.
var update = flag.Bool("update", false, "rewrite golden files in testdata")

func TestSpearman(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64 // NaN: undefined
	}{
		{"identical order", []float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}, 1},
		{"reversed", []float64{1, 2, 3}, []float64{3, 2, 1}, -1},
		{"monotone but not linear", []float64{1, 2, 3, 4}, []float64{1, 4, 9, 100}, 1},
		// Ties, by hand: x ranks 1, 2.5, 2.5, 4 and y ranks 1, 3, 2, 4, both with mean 2.5.
		// Deviations dx = -1.5, 0, 0, 1.5 and dy = -1.5, 0.5, -0.5, 1.5:
		//   sum dx dy = 2.25 + 0 + 0 + 2.25 = 4.5, sum dx^2 = 4.5, sum dy^2 = 5,
		//   rho = 4.5 / sqrt(4.5 x 5) = 4.5 / sqrt(22.5) = 0.948683298...
		{"ties averaged", []float64{1, 2, 2, 3}, []float64{1, 3, 2, 4}, 4.5 / math.Sqrt(22.5)},
		// x ranks 2, 3, 1 and y ranks 3, 2, 1: dx = 0, 1, -1, dy = 1, 0, -1: rho = 1 / 2.
		{"partial agreement", []float64{5, 6, 2}, []float64{5.6, 5.0, 1.2}, 0.5},
		{"single pair", []float64{1}, []float64{2}, math.NaN()},
		{"empty", nil, nil, math.NaN()},
		{"constant side", []float64{1, 2, 3}, []float64{7, 7, 7}, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Spearman(tt.x, tt.y)
			if math.IsNaN(tt.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tt.want) > 1e-12) {
				t.Errorf("Spearman = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSpearmanRanks(t *testing.T) {
	got := spearmanRanks([]float64{3, 1, 3, 2, 3})
	want := []float64{4, 1, 4, 2, 4} // the three 3s share ranks 3, 4, 5
	if !slices.Equal(got, want) {
		t.Errorf("ranks = %v, want %v", got, want)
	}
}

func TestValidateEUCRM(t *testing.T) {
	v := ValidateEUCRM(loadEUFixture(t))

	names := func(n int, at func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = at(i)
		}
		return out
	}
	if got, want := names(len(v.Rows), func(i int) string { return v.Rows[i].Commodity }), []string{"dysprosium", "gallium", "lithium", "tantalum"}; !slices.Equal(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	if got, want := names(len(v.NotComputable), func(i int) string { return v.NotComputable[i].Commodity }), []string{"germanium", "hree", "natural rubber"}; !slices.Equal(got, want) {
		t.Errorf("not computable = %v, want %v", got, want)
	}
	if got, want := names(len(v.Independent), func(i int) string { return v.Independent[i].Commodity }), []string{"cobalt", "nickel", "terbium"}; !slices.Equal(got, want) {
		t.Errorf("independent = %v, want %v", got, want)
	}

	if len(v.Steps) != len(euSteps) || v.Steps[len(v.Steps)-1].Summary.Within != v.Summary.Within {
		t.Errorf("steps = %+v, want %d ending with the summary", v.Steps, len(euSteps))
	}
	if v.Steps[0].Step != "global supply alone, latest year" {
		t.Errorf("first step = %q, want the lens without either input", v.Steps[0].Step)
	}

	// Computed 5.2396146, 5.88, 1.645, 3.8808 against published 5.6, 5.0, 1.2, 1.3:
	// errors 0.3603854, 0.88, 0.445, 2.5808; dysprosium and lithium are within 0.5.
	// Ranks computed 3, 4, 1, 2 and published 4, 3, 1, 2: sum dx dy = 4, sums of squares
	// 5 and 5, so rho = 0.8, which meets the target (>= 0.8) exactly.
	s := v.Summary
	if s.Published != 7 || s.Computable != 4 || s.Within != 2 {
		t.Errorf("published, computable, within = %d, %d, %d; want 7, 4, 2", s.Published, s.Computable, s.Within)
	}
	if math.Abs(s.WithinShare-0.5) > 1e-12 || s.WithinTargetMet {
		t.Errorf("within share = %v (met %v), want 0.5, not met", s.WithinShare, s.WithinTargetMet)
	}
	if s.Spearman == nil || math.Abs(*s.Spearman-0.8) > 1e-12 || !s.SpearmanTargetMet {
		t.Errorf("spearman = %v (met %v), want 0.8, met", s.Spearman, s.SpearmanTargetMet)
	}
	if mae := (0.3603854 + 0.88 + 0.445 + 2.5808) / 4; s.MeanAbsError == nil || math.Abs(*s.MeanAbsError-mae) > 1e-9 {
		t.Errorf("mean abs error = %v, want %v", s.MeanAbsError, mae)
	}
	if s.TargetsMet() {
		t.Error("targets reported met")
	}

	tests := []struct {
		commodity   string
		flags       []string
		explained   bool
		explanation []string // fragments the explanation must hold
	}{
		{"dysprosium", []string{FlagProxy, FlagUnattributed}, false, nil},
		{"gallium", []string{FlagEUSourcingMissing}, true, []string{"higher by 0.88", "data vintage", "gallium refined figures for 2024", "2016–2020", "GS+EU (IR 98%)"}},
		// Lithium (error 0.445) is now within the tolerance, so it carries its stage-mismatch
		// flag but no explanation.
		{"lithium", []string{FlagStageMismatch}, false, nil},
		{"tantalum", []string{FlagEUSourcingMissing, FlagWGIFallback}, true, []string{"WGI fallback for MMR"}},
	}
	for _, tt := range tests {
		t.Run(tt.commodity, func(t *testing.T) {
			i := slices.IndexFunc(v.Rows, func(r EUCRMValidationRow) bool { return r.Commodity == tt.commodity })
			if i < 0 {
				t.Fatal("no row")
			}
			r := v.Rows[i]
			if !slices.Equal(r.Flags, tt.flags) {
				t.Errorf("flags = %v, want %v", r.Flags, tt.flags)
			}
			if (r.Explanation != "") != tt.explained {
				t.Errorf("explanation = %q, want one: %v", r.Explanation, tt.explained)
			}
			for _, f := range tt.explanation {
				if !strings.Contains(r.Explanation, f) {
					t.Errorf("explanation %q lacks %q", r.Explanation, f)
				}
			}
		})
	}

	if r := v.NotComputable[slices.IndexFunc(v.NotComputable, func(r EUCRMSkipped) bool { return r.Commodity == "hree" })]; !strings.Contains(r.Reason, "SI_SR") {
		t.Errorf("hree reason = %q, want it to name SI_SR", r.Reason)
	}
	// Terbium: separation shares with t = 1 (no terbium parameter):
	// 0.81 x 6 x (1 - 0.01) x 0.92 = 4.86 x 0.9108 = 4.426488.
	tb := v.Independent[2]
	if tb.Computed == nil || math.Abs(*tb.Computed-4.426488) > 1e-9 || tb.Stage != Processing || !slices.Contains(tb.Flags, FlagProxy) {
		t.Errorf("terbium = %+v, want 4.426488 at Processing with proxy", tb)
	}
}

func TestWriteValidationMarkdownGolden(t *testing.T) {
	v := ValidateEUCRM(loadEUFixture(t))
	v.DatasetVersion = "fixture" // the content hash would change with any fixture edit
	var buf bytes.Buffer
	if err := WriteValidationMarkdown(&buf, v); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "eucrm", "validation.golden.md")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("markdown differs from %s (run with -update after checking):\n%s", golden, buf.String())
	}
	var again bytes.Buffer
	if err := WriteValidationMarkdown(&again, v); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("rendering twice gives different output")
	}
}

func TestWriteValidationMarkdownEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteValidationMarkdown(&buf, EUCRMValidation{DatasetVersion: "empty"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Targets not assessed") {
		t.Errorf("empty validation does not say the targets are not assessed:\n%s", buf.String())
	}
}

// TestEUCRMValidationReport reports how the EU CRM lens reproduces the EU's published
// supply risks on the embedded data (docs/validation.md has the table). It is a report,
// not a pass mark: it asserts what holds and must keep holding (every published row
// with data is computed, with finite values, and the rank correlation reaches
// TargetSpearman), while the share of rows within ValidationTolerance is logged against
// TargetWithinShare, which the embedded data does not reach today (17 of 42 computable
// rows, 40.5 %, against the 80 % target, dataset 106ba6f9eb02); docs/validation.md
// discusses the gaps row by row.
func TestEUCRMValidationReport(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatalf("load embedded dataset: %v", err)
	}
	if len(ds.EUCRM) == 0 {
		t.Fatal("the embedded dataset has no eu_crm rows")
	}
	for _, r := range EUCRM(ds, 0) {
		if r.Commodity == "" {
			t.Errorf("result without a commodity: %+v", r)
		}
	}
	v := ValidateEUCRM(ds)
	s := v.Summary
	t.Logf("EU CRM validation on %s: %d published, %d computable, %d within %.1f (%.1f%%, target %.0f%%), Spearman %s (target %.1f), MAE %s, targets met %v",
		v.DatasetVersion, s.Published, s.Computable, s.Within, ValidationTolerance, s.WithinShare*100, TargetWithinShare*100,
		mdFloat(s.Spearman, 3), TargetSpearman, mdFloat(s.MeanAbsError, 3), s.TargetsMet())
	if s.Computable == 0 {
		t.Fatal("no published supply risk is computable from the embedded data")
	}
	for _, r := range v.Rows {
		if math.IsNaN(r.Computed) || math.IsInf(r.Computed, 0) {
			t.Errorf("%s: computed supply risk %v", r.Commodity, r.Computed)
		}
	}
	if !s.SpearmanTargetMet {
		t.Errorf("Spearman %s below its target %.1f: the lens no longer ranks materials as the EU does", mdFloat(s.Spearman, 3), TargetSpearman)
	}
}
