package backtest

import (
	"math"
	"testing"
)

// TestTargetMet pins the calibration file's rule: direction right, size within 0.5-2x of
// the observed change (for prices, of the rise r-1), timing within 2 months.
func TestTargetMet(t *testing.T) {
	tests := []struct {
		name string
		t    Target
		want bool
	}{
		{"change inside", Target{Kind: Change, Observed: -0.74, Model: -0.5}, true},
		{"change at half", Target{Kind: Change, Observed: -0.74, Model: -0.37}, true},
		{"change below half", Target{Kind: Change, Observed: -0.74, Model: -0.36}, false},
		{"change at double", Target{Kind: Change, Observed: 0.1, Model: 0.2}, true},
		{"change above double", Target{Kind: Change, Observed: 0.1, Model: 0.21}, false},
		{"change wrong sign", Target{Kind: Change, Observed: 0.057, Model: -0.05}, false},
		{"zero change never met", Target{Kind: Change, Observed: 0, Model: 0}, false},
		{"price tripled, model 2x", Target{Kind: PriceRatio, Observed: 3, Model: 2}, true},
		{"price tripled, model 1.9x", Target{Kind: PriceRatio, Observed: 3, Model: 1.9}, false},
		{"price tripled, model 5x", Target{Kind: PriceRatio, Observed: 3, Model: 5}, true},
		{"price tripled, model 5.1x", Target{Kind: PriceRatio, Observed: 3, Model: 5.1}, false},
		{"price fell, model rose", Target{Kind: PriceRatio, Observed: 0.5, Model: 1.2}, false},
		{"timing 2 early", Target{Kind: Timing, Observed: 100, ObservedHigh: 100, Model: 98}, true},
		{"timing 3 early", Target{Kind: Timing, Observed: 100, ObservedHigh: 100, Model: 97}, false},
		{"timing in window", Target{Kind: Timing, Observed: 100, ObservedHigh: 111, Model: 113}, true},
		{"timing never", Target{Kind: Timing, Observed: 100, ObservedHigh: 100, Model: math.NaN()}, false},
		{"band inside", Target{Kind: Band, Observed: 0.95, ObservedHigh: 1.05, Model: 1}, true},
		{"band outside", Target{Kind: Band, Observed: 0.95, ObservedHigh: 1.05, Model: 0.94}, false},
	}
	for _, tt := range tests {
		if got := tt.t.Met(); got != tt.want {
			t.Errorf("%s: Met() = %v, want %v", tt.name, got, tt.want)
		}
		if miss := tt.t.Miss(); (miss == 0) != tt.want || miss < 0 {
			t.Errorf("%s: Miss() = %v with Met() = %v", tt.name, miss, tt.want)
		}
	}
}

// TestMissGrows: the further outside the rule, the larger the miss, so a fit can tell
// nearly-met targets from hopeless ones.
func TestMissGrows(t *testing.T) {
	for _, k := range []Kind{Change, PriceRatio, Timing, Band} {
		near := Target{Kind: k, Observed: 3, ObservedHigh: 3.5, Model: 8}
		far := near
		far.Model = 40
		if near.Miss() >= far.Miss() {
			t.Errorf("%s: miss %v at 8, %v at 40", k, near.Miss(), far.Miss())
		}
	}
}

// TestMissContinuousAtZero: a change the model cannot move misses by about 1 whether its
// rounding leaves it just above or just below zero; before, +1e-15 of the right sign
// counted as a miss of 48 factors of two and -1e-15 as 1, and such rows decided the
// calibration search's tie-break.
func TestMissContinuousAtZero(t *testing.T) {
	for _, model := range []float64{-1e-15, 0, 1e-15} {
		tg := Target{Kind: Change, Observed: -0.467, Model: model}
		if got := tg.Miss(); math.Abs(got-1) > 1e-12 {
			t.Errorf("Miss() with model %v = %v, want 1", model, got)
		}
	}
	// and it still grows monotonically away from the band on the right side
	last := math.Inf(1)
	for _, r := range []float64{0.01, 0.1, 0.3, 0.49, 0.5} {
		tg := Target{Kind: Change, Observed: -0.467, Model: -0.467 * r}
		if got := tg.Miss(); got > last {
			t.Errorf("Miss() at r = %v is %v, larger than %v closer to zero", r, got, last)
		} else {
			last = got
		}
	}
}
