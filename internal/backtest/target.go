package backtest

import (
	"fmt"
	"math"
)

// Kind is how a calibration target is scored.
type Kind string

// The kinds of target, each with the calibration file's rule ("direction right; size
// within 0.5-2x of the observed change (for prices, of the rise r-1); timing within 2
// months"):
const (
	// Change is a relative change (-0.74 for -74%): met when the model's change has the
	// same sign and lies within 0.5-2x of the observed one.
	Change Kind = "change"
	// PriceRatio is a price over an earlier price (3.0 for "tripled"): met when the rise
	// r-1 is scored as a Change.
	PriceRatio Kind = "price ratio"
	// Timing is a month: met when the model's month is within 2 months of the observed
	// one (or of the observed window, when Observed and ObservedHigh bound one).
	Timing Kind = "timing"
	// Band is a level that was reported as stable or bounded: met when the model lies
	// within [Observed, ObservedHigh]. Used only where the observation is a range, not a
	// change (a change of zero has no 0.5-2x).
	Band Kind = "band"
)

// TimingToleranceMonths is how far a model month may lie from the observed month.
const TimingToleranceMonths = 2

// Target is one observed outcome beside the model's figure.
type Target struct {
	// ID is the row of ../shared/calibration (e.g. "M2"), or rows joined with "+".
	ID      string `json:"id"`
	Episode string `json:"episode"`
	Name    string `json:"name"`
	Kind    Kind   `json:"kind"`
	// Observed is the observed figure in the unit of Kind (a change as a fraction, a
	// ratio, a month index as sim.Month); ObservedHigh closes a Band or a Timing window
	// (equal to Observed for a point).
	Observed     float64 `json:"observed"`
	ObservedHigh float64 `json:"observed_high"`
	// ObservedText is the observation as the source states it, and how the number above
	// is derived from it.
	ObservedText string  `json:"observed_text"`
	Model        float64 `json:"model"`
	// HowComputed says which series and months the model figure comes from.
	HowComputed string `json:"how_computed"`
	// Note, when set, is a known limit of the model or its data that bears on this
	// target, written from the model's structure before any fit, not from the result.
	Note string `json:"note,omitempty"`
}

// Met applies the scoring rule of the target's kind.
func (t Target) Met() bool {
	m := t.Model
	if math.IsNaN(m) || math.IsInf(m, 0) {
		return false
	}
	switch t.Kind {
	case Change:
		return sizeWithin(m, t.Observed)
	case PriceRatio:
		return sizeWithin(m-1, t.Observed-1)
	case Timing:
		return m >= t.Observed-TimingToleranceMonths && m <= t.ObservedHigh+TimingToleranceMonths
	case Band:
		return m >= t.Observed && m <= t.ObservedHigh
	}
	panic(fmt.Sprintf("backtest: unknown target kind %q", t.Kind))
}

// sizeWithin reports whether model has the sign of observed and lies within 0.5-2x of it.
func sizeWithin(model, observed float64) bool {
	if observed == 0 {
		return false // a zero change has no direction: such targets are Bands
	}
	r := model / observed
	return r >= 0.5 && r <= 2
}

// Miss is the size of a miss, for fitting: 0 when met, otherwise how many factors of two
// the model lies beyond the rule's edge (for timing, thirds of the months beyond it).
// Too small a change of the right sign counts 1 - 2r for r = model/observed in (0, 1/2),
// so that a model that cannot move a figure (r near 0) misses by 1 whatever the sign of
// its rounding; a figure of the wrong sign counts 1 plus its distance from zero in units
// of the observed change. Both sides meet at r = 0, and the miss never jumps there.
func (t Target) Miss() float64 {
	if t.Met() {
		return 0
	}
	m := t.Model
	if math.IsNaN(m) || math.IsInf(m, 0) {
		return 10
	}
	switch t.Kind {
	case Change, PriceRatio:
		model, obs := m, t.Observed
		if t.Kind == PriceRatio {
			model, obs = m-1, t.Observed-1
		}
		r := model / obs
		switch {
		case r <= 0:
			return 1 + math.Abs(r)
		case r < 0.5:
			return 1 - 2*r
		}
		return math.Max(0, math.Log2(r)-1)
	case Timing:
		d := math.Max(t.Observed-TimingToleranceMonths-m, m-t.ObservedHigh-TimingToleranceMonths)
		return d / 3
	case Band:
		w := math.Max(t.ObservedHigh-t.Observed, 1e-9)
		return math.Max(t.Observed-m, m-t.ObservedHigh) / w
	}
	return 0
}
