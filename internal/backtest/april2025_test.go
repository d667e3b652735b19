package backtest

import (
	"math"
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
