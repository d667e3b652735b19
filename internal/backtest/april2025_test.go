package backtest

import (
	"math"
	"strings"
	"testing"

	"github.com/critmin/critmin/internal/scenario"
	"github.com/critmin/critmin/internal/world"
)

// TestApril2025 runs the back-test on the embedded data. It asserts what the comparison
// must contain and the direction of each effect the scenario exists to show, not the
// model's numbers, which docs/validation.md reports.
func TestApril2025(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	a, err := RunApril2025(ds, scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Checks) != 6 {
		t.Fatalf("%d checks, want 6", len(a.Checks))
	}
	for _, c := range a.Checks {
		t.Logf("%s: model %.3f, observed %s", c.Name, c.Model, c.Observed)
		if math.IsNaN(c.Model) || math.IsInf(c.Model, 0) {
			t.Errorf("%s: model figure %v", c.Name, c.Model)
		}
		if c.Within() != (c.Gap == "") {
			t.Errorf("%s: gap explanation %q does not match within=%v", c.Name, c.Gap, c.Within())
		}
	}
	// The controls must cut China's magnet exports and raise outside heavy-RE prices.
	if a.Checks[0].Model >= 0 {
		t.Errorf("magnet exports change %.1f%%, want a fall", a.Checks[0].Model)
	}
	for _, c := range a.Checks[1:3] {
		if c.Model <= 1 {
			t.Errorf("%s: ratio %.2f, want a rise", c.Name, c.Model)
		}
	}
}

func TestCheckWithin(t *testing.T) {
	tests := []struct {
		model, lo, hi float64
		want          bool
	}{{3, 2.3, 4, true}, {2.3, 2.3, 4, true}, {4.01, 2.3, 4, false}, {-74, -74, -74, true}, {-60, -74, -74, false}}
	for _, tt := range tests {
		if got := (Check{Model: tt.model, ObservedLow: tt.lo, ObservedHigh: tt.hi}).Within(); got != tt.want {
			t.Errorf("Within(%v in [%v, %v]) = %v", tt.model, tt.lo, tt.hi, got)
		}
	}
}

// TestObservedRanges pins each observed range to the figures facts.md quotes: the outside
// prices span the lowest and highest ratio of the Argus quotes, the domestic bands the
// SMM May-July spread, and the magnet gap the values that round to the IEA's ~6.
func TestObservedRanges(t *testing.T) {
	ds, err := world.Default()
	if err != nil {
		t.Fatal(err)
	}
	a, err := RunApril2025(ds, scenario.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{
		"China's NdFeB magnet exports, May 2025, change against no controls": {-74, -74},
		"Dy oxide price outside China, 2025-05 against 2025-03":              {700.0 / 310, 1000.0 / 250},
		"Tb oxide price outside China, 2025-05 against 2025-03":              {2000.0 / 1000, 4000.0 / 930},
		"China domestic dy oxide price, 2025-05 against 2025-03":             {1.61 / 1.70, 1.70 / 1.61},
		"China domestic tb oxide price, 2025-05 against 2025-03":             {7.0 / 7.2, 7.2 / 7.0},
		"Magnet price outside China over inside, highest in 2025":            {5.5, 6.5},
	}
	for _, c := range a.Checks {
		w, ok := want[c.Name]
		if !ok {
			t.Errorf("unexpected check %q", c.Name)
			continue
		}
		if math.Abs(c.ObservedLow-w[0]) > 1e-12 || math.Abs(c.ObservedHigh-w[1]) > 1e-12 {
			t.Errorf("%s: range [%g, %g], want [%g, %g]", c.Name, c.ObservedLow, c.ObservedHigh, w[0], w[1])
		}
		if c.ObservedLow != c.ObservedHigh && !strings.Contains(c.Source, "judgement") && !strings.Contains(c.Source, "(D)") {
			t.Errorf("%s: a range must say how it was derived (D) or that it is a judgement: %q", c.Name, c.Source)
		}
	}
}

// TestExplainDirection: a gap is explained with reasons that push the model the way it
// errs, and with nothing facts.md does not record.
func TestExplainDirection(t *testing.T) {
	for _, name := range []string{
		"China's NdFeB magnet exports, May 2025, change against no controls",
		"Dy oxide price outside China, 2025-05 against 2025-03",
		"China domestic tb oxide price, 2025-05 against 2025-03",
		"Magnet price outside China over inside, highest in 2025",
	} {
		below := explain(Check{Name: name, Model: 0, ObservedLow: 1, ObservedHigh: 2})
		above := explain(Check{Name: name, Model: 3, ObservedLow: 1, ObservedHigh: 2})
		if !strings.HasPrefix(below, "model below") || !strings.HasPrefix(above, "model above") {
			t.Errorf("%s: explanations %q / %q do not name their direction", name, below, above)
		}
		if below[len("model below"):] == above[len("model above"):] {
			t.Errorf("%s: the same reasons for a model above and below the range", name)
		}
		for _, s := range []string{below, above} {
			// No source in facts.md says why Chinese prices held.
			if strings.Contains(s, "cut output") || strings.Contains(s, "stocked instead") {
				t.Errorf("%s: unsupported claim in %q", name, s)
			}
		}
	}
}
