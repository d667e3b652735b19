package scenario

import (
	"math"
	"math/rand/v2"
)

// The standard normal distribution truncated to [a, b]; a may be -Inf and b +Inf. Tail
// probabilities use erfc on the side away from the mean, so that bounds far out in one
// tail keep their precision.

// stdMass returns P(a <= Z <= b) for a standard normal Z.
func stdMass(a, b float64) float64 {
	switch {
	case a >= 0:
		return upper(a) - upper(b)
	case b <= 0:
		return upper(-b) - upper(-a)
	}
	return 1 - upper(b) - upper(-a)
}

// upper returns P(Z > x).
func upper(x float64) float64 { return math.Erfc(x/math.Sqrt2) / 2 }

// pdf returns the standard normal density, 0 at infinities.
func pdf(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }

// stdTruncMean returns E[Z | a <= Z <= b].
func stdTruncMean(a, b float64) float64 {
	if a > 0 { // mirror into the lower tail, where the formula below loses no precision
		return -stdTruncMean(-b, -a)
	}
	return (pdf(a) - pdf(b)) / stdMass(a, b)
}

// sampleStdTrunc draws Z conditioned on a <= Z <= b: by rejection when that keeps most
// draws, otherwise by inverting the distribution function in the tail that holds [a, b].
func sampleStdTrunc(r *rand.Rand, a, b float64) float64 {
	if stdMass(a, b) > 0.25 {
		for {
			if z := r.NormFloat64(); a <= z && z <= b {
				return z
			}
		}
	}
	if a < 0 && b <= 0 {
		return -sampleStdTrunc(r, -b, -a)
	}
	if a < 0 { // straddles 0 but narrow: invert near the centre, where precision is ample
		pa, pb := 1-upper(a), 1-upper(b)
		u := pa + r.Float64()*(pb-pa)
		return clampF(-math.Sqrt2*math.Erfcinv(2*u), a, b)
	}
	qa, qb := upper(a), upper(b) // upper-tail probabilities, qa > qb
	u := qb + r.Float64()*(qa-qb)
	return clampF(math.Sqrt2*math.Erfcinv(2*u), a, b)
}

// clampF keeps rounding at the edges of the inversion inside the bounds.
func clampF(x, lo, hi float64) float64 { return max(lo, min(hi, x)) }
